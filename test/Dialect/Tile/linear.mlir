// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @linear_bf16
// CHECK-SAME: ([[X:%.*]]: tensor<1x4096xbf16>, [[W:%.*]]: tensor<1024x4096xbf16>)
func.func @linear_bf16(%x: tensor<1x4096xbf16>, %w: tensor<1024x4096xbf16>) -> tensor<1x1024xbf16> {
  // CHECK: [[Y:%.*]] = tile.linear [[X]], [[W]] : tensor<1x4096xbf16>, tensor<1024x4096xbf16> -> tensor<1x1024xbf16>
  // CHECK: return [[Y]]
  %y = tile.linear %x, %w : tensor<1x4096xbf16>, tensor<1024x4096xbf16> -> tensor<1x1024xbf16>
  return %y : tensor<1x1024xbf16>
}

// CHECK-LABEL: func.func @linear_bias_f16
// CHECK-SAME: ([[X:%.*]]: tensor<4x896xf16>, [[W:%.*]]: tensor<128x896xf16>, [[B:%.*]]: tensor<128xf16>)
func.func @linear_bias_f16(%x: tensor<4x896xf16>, %w: tensor<128x896xf16>, %b: tensor<128xf16>) -> tensor<4x128xf16> {
  // CHECK: [[Y:%.*]] = tile.linear [[X]], [[W]] bias [[B]] : tensor<4x896xf16>, tensor<128x896xf16>, tensor<128xf16> -> tensor<4x128xf16>
  // CHECK: return [[Y]]
  %y = tile.linear %x, %w bias %b : tensor<4x896xf16>, tensor<128x896xf16>, tensor<128xf16> -> tensor<4x128xf16>
  return %y : tensor<4x128xf16>
}

// fp32 logits from bf16 activations and weights: the result may be wider.
// CHECK-LABEL: func.func @linear_wide_result
// CHECK-SAME: ([[X:%.*]]: tensor<1x4096xbf16>, [[W:%.*]]: tensor<32000x4096xbf16>)
func.func @linear_wide_result(%x: tensor<1x4096xbf16>, %w: tensor<32000x4096xbf16>) -> tensor<1x32000xf32> {
  // CHECK: [[Y:%.*]] = tile.linear [[X]], [[W]] : tensor<1x4096xbf16>, tensor<32000x4096xbf16> -> tensor<1x32000xf32>
  // CHECK: return [[Y]]
  %y = tile.linear %x, %w : tensor<1x4096xbf16>, tensor<32000x4096xbf16> -> tensor<1x32000xf32>
  return %y : tensor<1x32000xf32>
}

// CHECK-LABEL: func.func @linear_bias_f32_prefill
// CHECK-SAME: ([[X:%.*]]: tensor<16x64xf32>, [[W:%.*]]: tensor<32x64xf32>, [[B:%.*]]: tensor<32xf32>)
func.func @linear_bias_f32_prefill(%x: tensor<16x64xf32>, %w: tensor<32x64xf32>, %b: tensor<32xf32>) -> tensor<16x32xf32> {
  // CHECK: [[Y:%.*]] = tile.linear [[X]], [[W]] bias [[B]] : tensor<16x64xf32>, tensor<32x64xf32>, tensor<32xf32> -> tensor<16x32xf32>
  // CHECK: return [[Y]]
  %y = tile.linear %x, %w bias %b : tensor<16x64xf32>, tensor<32x64xf32>, tensor<32xf32> -> tensor<16x32xf32>
  return %y : tensor<16x32xf32>
}

// The fused forms that tile-fuse produces: a norm prologue, a residual
// epilogue, and both, with or without a bias.
// CHECK-LABEL: func.func @linear_norm
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xbf16>, [[W:%.*]]: tensor<32x64xbf16>, [[N:%.*]]: tensor<64xbf16>)
func.func @linear_norm(%x: tensor<1x64xbf16>, %w: tensor<32x64xbf16>, %n: tensor<64xbf16>) -> tensor<1x32xbf16> {
  // CHECK: [[Y:%.*]] = tile.linear [[X]], [[W]] norm([[N]] : tensor<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32} : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  // CHECK: return [[Y]]
  %y = tile.linear %x, %w norm(%n : tensor<64xbf16>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return %y : tensor<1x32xbf16>
}

// CHECK-LABEL: func.func @linear_residual
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xbf16>, [[W:%.*]]: tensor<64x64xbf16>, [[R:%.*]]: tensor<1x64xbf16>)
func.func @linear_residual(%x: tensor<1x64xbf16>, %w: tensor<64x64xbf16>, %r: tensor<1x64xbf16>) -> tensor<1x64xbf16> {
  // CHECK: [[Y:%.*]] = tile.linear [[X]], [[W]] residual([[R]] : tensor<1x64xbf16>) : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  // CHECK: return [[Y]]
  %y = tile.linear %x, %w residual(%r : tensor<1x64xbf16>) : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  return %y : tensor<1x64xbf16>
}

// The residual may be x itself, and the norm weight may have another float
// type than x.
// CHECK-LABEL: func.func @linear_norm_residual
// CHECK-SAME: ([[H:%.*]]: tensor<1x64xf32>, [[W:%.*]]: tensor<64x64xbf16>, [[N:%.*]]: tensor<64xbf16>)
func.func @linear_norm_residual(%h: tensor<1x64xf32>, %w: tensor<64x64xbf16>, %n: tensor<64xbf16>) -> tensor<1x64xf32> {
  // CHECK: [[Y:%.*]] = tile.linear [[H]], [[W]] norm([[N]] : tensor<64xbf16>) residual([[H]] : tensor<1x64xf32>) {norm_epsilon = 9.99999997E-7 : f32} : tensor<1x64xf32>, tensor<64x64xbf16> -> tensor<1x64xf32>
  // CHECK: return [[Y]]
  %y = tile.linear %h, %w norm(%n : tensor<64xbf16>) residual(%h : tensor<1x64xf32>) {norm_epsilon = 1.0e-06 : f32} : tensor<1x64xf32>, tensor<64x64xbf16> -> tensor<1x64xf32>
  return %y : tensor<1x64xf32>
}

// Every optional part at once: bias, norm and residual.
// CHECK-LABEL: func.func @linear_all_parts
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xf16>, [[W:%.*]]: tensor<16x64xf16>, [[B:%.*]]: tensor<16xf16>, [[N:%.*]]: tensor<64xf16>, [[R:%.*]]: tensor<1x16xf16>)
func.func @linear_all_parts(%x: tensor<1x64xf16>, %w: tensor<16x64xf16>, %b: tensor<16xf16>, %n: tensor<64xf16>, %r: tensor<1x16xf16>) -> tensor<1x16xf16> {
  // CHECK: [[Y:%.*]] = tile.linear [[X]], [[W]] bias [[B]] norm([[N]] : tensor<64xf16>) residual([[R]] : tensor<1x16xf16>) {norm_epsilon = 1.000000e-01 : f32} : tensor<1x64xf16>, tensor<16x64xf16>, tensor<16xf16> -> tensor<1x16xf16>
  // CHECK: return [[Y]]
  %y = tile.linear %x, %w bias %b norm(%n : tensor<64xf16>) residual(%r : tensor<1x16xf16>) {norm_epsilon = 0.1 : f32} : tensor<1x64xf16>, tensor<16x64xf16>, tensor<16xf16> -> tensor<1x16xf16>
  return %y : tensor<1x16xf16>
}
