// --emit selects the stage; -o writes <stem>.<stage>.mlir into a new directory.
// RUN: rm -rf %t && tilec %s -o %t/out --emit=parsed
// RUN: FileCheck %s --check-prefix=PARSED < %t/out/emit.parsed.mlir
// RUN: tilec %s -o %t/out --emit=fused
// RUN: FileCheck %s --check-prefix=FUSED < %t/out/emit.fused.mlir
// RUN: tilec %s --emit=partitioned --workers=2 | FileCheck %s --check-prefix=PARTITIONED
// RUN: tilec %s --emit=planned --workers=2 | FileCheck %s --check-prefix=PLANNED
// RUN: tilec %s --emit=scheduled --workers=2 | FileCheck %s --check-prefix=SCHEDULED
// RUN: tilec %s --workers=2 | FileCheck %s --check-prefix=SCHEDULED

// The parsed stage keeps the dead op; canonicalization drops it, fusion
// folds the add into the projection.
// PARSED-LABEL: func.func @f
// PARSED: tile.silu_mul
// PARSED: tile.linear
// PARSED: tile.add
// FUSED-LABEL: func.func @f
// FUSED-NOT: tile.silu_mul
// FUSED: tile.linear %{{.*}} residual(
// FUSED-NOT: tile.add

// PARTITIONED: tile.program @f device(0) target("sm_90a") workers(2)
// PARTITIONED-NOT: offset(
// PARTITIONED: tile.task @linear.t0 {
// PLANNED: tile.buffer @x kind(input) offset(0)
// PLANNED: tile.task @linear.t0 {
// SCHEDULED: tile.task @linear.t0 worker({{[01]}}) order(0)
func.func @f(%x: tensor<1x8xf32> {tile.input = "x"}, %w: tensor<8x8xf32> {tile.weight = "w"})
    -> (tensor<1x8xf32> {tile.output = "y"}) {
  %dead = tile.silu_mul %x, %x : tensor<1x8xf32>
  %p = tile.linear %x, %w : tensor<1x8xf32>, tensor<8x8xf32> -> tensor<1x8xf32>
  %0 = tile.add %p, %x : tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}
