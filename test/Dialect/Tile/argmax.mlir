// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @argmax_f32
// CHECK-SAME: ([[LOGITS:%.*]]: tensor<1x32000xf32>)
func.func @argmax_f32(%logits: tensor<1x32000xf32>) -> tensor<1xi32> {
  // CHECK: [[NEXT:%.*]] = tile.argmax [[LOGITS]] : tensor<1x32000xf32> -> tensor<1xi32>
  // CHECK: return [[NEXT]]
  %next = tile.argmax %logits : tensor<1x32000xf32> -> tensor<1xi32>
  return %next : tensor<1xi32>
}

// One id per token row.
// CHECK-LABEL: func.func @argmax_bf16_multi_token
// CHECK-SAME: ([[LOGITS:%.*]]: tensor<4x151936xbf16>)
func.func @argmax_bf16_multi_token(%logits: tensor<4x151936xbf16>) -> tensor<4xi32> {
  // CHECK: [[NEXT:%.*]] = tile.argmax [[LOGITS]] : tensor<4x151936xbf16> -> tensor<4xi32>
  // CHECK: return [[NEXT]]
  %next = tile.argmax %logits : tensor<4x151936xbf16> -> tensor<4xi32>
  return %next : tensor<4xi32>
}

// CHECK-LABEL: func.func @argmax_f16
// CHECK-SAME: ([[LOGITS:%.*]]: tensor<2x100xf16>)
func.func @argmax_f16(%logits: tensor<2x100xf16>) -> tensor<2xi32> {
  // CHECK: [[NEXT:%.*]] = tile.argmax [[LOGITS]] : tensor<2x100xf16> -> tensor<2xi32>
  // CHECK: return [[NEXT]]
  %next = tile.argmax %logits : tensor<2x100xf16> -> tensor<2xi32>
  return %next : tensor<2xi32>
}
