// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @silu_mul_bf16
// CHECK-SAME: ([[GATE:%.*]]: tensor<1x14336xbf16>, [[UP:%.*]]: tensor<1x14336xbf16>)
func.func @silu_mul_bf16(%gate: tensor<1x14336xbf16>, %up: tensor<1x14336xbf16>) -> tensor<1x14336xbf16> {
  // CHECK: [[A:%.*]] = tile.silu_mul [[GATE]], [[UP]] : tensor<1x14336xbf16>
  // CHECK: return [[A]]
  %a = tile.silu_mul %gate, %up : tensor<1x14336xbf16>
  return %a : tensor<1x14336xbf16>
}

// Operand order matters (silu applies to the gate only) and is kept.
// CHECK-LABEL: func.func @silu_mul_f32_order
// CHECK-SAME: ([[GATE:%.*]]: tensor<8x64xf32>, [[UP:%.*]]: tensor<8x64xf32>)
func.func @silu_mul_f32_order(%gate: tensor<8x64xf32>, %up: tensor<8x64xf32>) -> tensor<8x64xf32> {
  // CHECK: [[A:%.*]] = tile.silu_mul [[UP]], [[GATE]] : tensor<8x64xf32>
  // CHECK: return [[A]]
  %a = tile.silu_mul %up, %gate : tensor<8x64xf32>
  return %a : tensor<8x64xf32>
}

// CHECK-LABEL: func.func @silu_mul_f16
// CHECK-SAME: ([[GATE:%.*]]: tensor<3x4864xf16>, [[UP:%.*]]: tensor<3x4864xf16>)
func.func @silu_mul_f16(%gate: tensor<3x4864xf16>, %up: tensor<3x4864xf16>) -> tensor<3x4864xf16> {
  // CHECK: [[A:%.*]] = tile.silu_mul [[GATE]], [[UP]] : tensor<3x4864xf16>
  // CHECK: return [[A]]
  %a = tile.silu_mul %gate, %up : tensor<3x4864xf16>
  return %a : tensor<3x4864xf16>
}
