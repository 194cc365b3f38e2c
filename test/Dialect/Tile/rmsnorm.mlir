// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @rmsnorm_bf16
// CHECK-SAME: ([[X:%.*]]: tensor<1x4096xbf16>, [[W:%.*]]: tensor<4096xbf16>)
func.func @rmsnorm_bf16(%x: tensor<1x4096xbf16>, %w: tensor<4096xbf16>) -> tensor<1x4096xbf16> {
  // CHECK: [[N:%.*]] = tile.rmsnorm [[X]], [[W]] {epsilon = 9.99999974E-6 : f32} : tensor<1x4096xbf16>, tensor<4096xbf16> -> tensor<1x4096xbf16>
  // CHECK: return [[N]]
  %n = tile.rmsnorm %x, %w {epsilon = 1.0e-05 : f32} : tensor<1x4096xbf16>, tensor<4096xbf16> -> tensor<1x4096xbf16>
  return %n : tensor<1x4096xbf16>
}

// The default epsilon (1e-6) is elided when printed, also after a round trip
// through the generic form, which spells it out.
// CHECK-LABEL: func.func @rmsnorm_default_epsilon_f32
// CHECK-SAME: ([[X:%.*]]: tensor<5x64xf32>, [[W:%.*]]: tensor<64xf32>)
func.func @rmsnorm_default_epsilon_f32(%x: tensor<5x64xf32>, %w: tensor<64xf32>) -> tensor<5x64xf32> {
  // CHECK: [[N:%.*]] = tile.rmsnorm [[X]], [[W]] : tensor<5x64xf32>, tensor<64xf32> -> tensor<5x64xf32>
  // CHECK: return [[N]]
  %n = tile.rmsnorm %x, %w : tensor<5x64xf32>, tensor<64xf32> -> tensor<5x64xf32>
  return %n : tensor<5x64xf32>
}

// An explicit default epsilon is elided too.
// CHECK-LABEL: func.func @rmsnorm_f16_explicit_default
// CHECK-SAME: ([[X:%.*]]: tensor<3x896xf16>, [[W:%.*]]: tensor<896xf16>)
func.func @rmsnorm_f16_explicit_default(%x: tensor<3x896xf16>, %w: tensor<896xf16>) -> tensor<3x896xf16> {
  // CHECK: [[N:%.*]] = tile.rmsnorm [[X]], [[W]] : tensor<3x896xf16>, tensor<896xf16> -> tensor<3x896xf16>
  // CHECK: return [[N]]
  %n = tile.rmsnorm %x, %w {epsilon = 1.0e-06 : f32} : tensor<3x896xf16>, tensor<896xf16> -> tensor<3x896xf16>
  return %n : tensor<3x896xf16>
}

// A per-head norm (Qwen3's q/k norm): the weight covers one head of 16.
// CHECK-LABEL: func.func @per_head
// CHECK: tile.rmsnorm %{{.*}}, %{{.*}} {epsilon = 9.99999974E-6 : f32} : tensor<1x64xbf16>, tensor<16xbf16> -> tensor<1x64xbf16>
func.func @per_head(%q: tensor<1x64xbf16>, %w: tensor<16xbf16>) -> tensor<1x64xbf16> {
  %n = tile.rmsnorm %q, %w {epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<16xbf16> -> tensor<1x64xbf16>
  return %n : tensor<1x64xbf16>
}
