// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @add_bf16
// CHECK-SAME: ([[H:%.*]]: tensor<1x4096xbf16>, [[ATTN:%.*]]: tensor<1x4096xbf16>)
func.func @add_bf16(%h: tensor<1x4096xbf16>, %attn: tensor<1x4096xbf16>) -> tensor<1x4096xbf16> {
  // CHECK: [[S:%.*]] = tile.add [[H]], [[ATTN]] : tensor<1x4096xbf16>
  // CHECK: return [[S]]
  %s = tile.add %h, %attn : tensor<1x4096xbf16>
  return %s : tensor<1x4096xbf16>
}

// Two residual adds in a row, the second one reusing the first result.
// CHECK-LABEL: func.func @add_chain_f32
// CHECK-SAME: ([[H:%.*]]: tensor<7x64xf32>, [[ATTN:%.*]]: tensor<7x64xf32>, [[MLP:%.*]]: tensor<7x64xf32>)
func.func @add_chain_f32(%h: tensor<7x64xf32>, %attn: tensor<7x64xf32>, %mlp: tensor<7x64xf32>) -> tensor<7x64xf32> {
  // CHECK: [[S1:%.*]] = tile.add [[H]], [[ATTN]] : tensor<7x64xf32>
  // CHECK: [[S2:%.*]] = tile.add [[S1]], [[MLP]] : tensor<7x64xf32>
  // CHECK: return [[S2]]
  %s1 = tile.add %h, %attn : tensor<7x64xf32>
  %s2 = tile.add %s1, %mlp : tensor<7x64xf32>
  return %s2 : tensor<7x64xf32>
}

// CHECK-LABEL: func.func @add_f16
// CHECK-SAME: ([[A:%.*]]: tensor<2x896xf16>, [[B:%.*]]: tensor<2x896xf16>)
func.func @add_f16(%a: tensor<2x896xf16>, %b: tensor<2x896xf16>) -> tensor<2x896xf16> {
  // CHECK: [[S:%.*]] = tile.add [[A]], [[B]] : tensor<2x896xf16>
  // CHECK: return [[S]]
  %s = tile.add %a, %b : tensor<2x896xf16>
  return %s : tensor<2x896xf16>
}
