// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @swiglu
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xbf16>, [[G:%.*]]: tensor<176x64xbf16>, [[U:%.*]]: tensor<176x64xbf16>)
func.func @swiglu(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>) -> tensor<1x176xbf16> {
  // CHECK: [[A:%.*]] = tile.swiglu_linear [[X]], [[G]], [[U]] : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  // CHECK: return [[A]]
  %a = tile.swiglu_linear %x, %wg, %wu : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  return %a : tensor<1x176xbf16>
}

// With the fused norm prologue; the result may be wider than the weights.
// CHECK-LABEL: func.func @swiglu_norm
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xf32>, [[G:%.*]]: tensor<176x64xbf16>, [[U:%.*]]: tensor<176x64xbf16>, [[N:%.*]]: tensor<64xbf16>)
func.func @swiglu_norm(%x: tensor<1x64xf32>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>, %n: tensor<64xbf16>) -> tensor<1x176xf32> {
  // CHECK: [[A:%.*]] = tile.swiglu_linear [[X]], [[G]], [[U]] norm([[N]] : tensor<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32} : tensor<1x64xf32>, tensor<176x64xbf16> -> tensor<1x176xf32>
  // CHECK: return [[A]]
  %a = tile.swiglu_linear %x, %wg, %wu norm(%n : tensor<64xbf16>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xf32>, tensor<176x64xbf16> -> tensor<1x176xf32>
  return %a : tensor<1x176xf32>
}

// Several tokens (prefill) and the same weight for gate and up.
// CHECK-LABEL: func.func @swiglu_prefill_f16
// CHECK-SAME: ([[X:%.*]]: tensor<4x32xf16>, [[W:%.*]]: tensor<8x32xf16>)
func.func @swiglu_prefill_f16(%x: tensor<4x32xf16>, %w: tensor<8x32xf16>) -> tensor<4x8xf16> {
  // CHECK: [[A:%.*]] = tile.swiglu_linear [[X]], [[W]], [[W]] {tile.note} : tensor<4x32xf16>, tensor<8x32xf16> -> tensor<4x8xf16>
  // CHECK: return [[A]]
  %a = tile.swiglu_linear %x, %w, %w {tile.note} : tensor<4x32xf16>, tensor<8x32xf16> -> tensor<4x8xf16>
  return %a : tensor<4x8xf16>
}
