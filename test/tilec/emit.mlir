// --emit selects the stage; -o writes <stem>.<stage>.mlir into a new directory.
// RUN: rm -rf %t && tilec %s -o %t/out --emit=parsed
// RUN: FileCheck %s --check-prefix=PARSED < %t/out/emit.parsed.mlir
// RUN: tilec %s -o %t/out
// RUN: FileCheck %s --check-prefix=VERIFIED < %t/out/emit.verified.mlir
// RUN: tilec %s --emit=verified | FileCheck %s --check-prefix=VERIFIED

// The parsed stage keeps the dead op; the pipeline's canonicalizer drops it.
// PARSED-LABEL: func.func @f
// PARSED: tile.silu_mul
// PARSED: tile.add
// VERIFIED-LABEL: func.func @f
// VERIFIED-NOT: tile.silu_mul
// VERIFIED: tile.add
func.func @f(%a: tensor<1x8xf32>, %b: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %dead = tile.silu_mul %a, %b : tensor<1x8xf32>
  %0 = tile.add %a, %b : tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}
