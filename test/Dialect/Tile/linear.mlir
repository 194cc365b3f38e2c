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
