// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @embed_bf16
// CHECK-SAME: ([[TABLE:%.*]]: tensor<32000x4096xbf16>, [[IDS:%.*]]: tensor<1xi32>)
func.func @embed_bf16(%table: tensor<32000x4096xbf16>, %ids: tensor<1xi32>) -> tensor<1x4096xbf16> {
  // CHECK: [[H:%.*]] = tile.embed [[TABLE]]{{\[}}[[IDS]]] : tensor<32000x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  // CHECK: return [[H]]
  %h = tile.embed %table[%ids] : tensor<32000x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return %h : tensor<1x4096xbf16>
}

// Prefill: several tokens at once, fp32 table.
// CHECK-LABEL: func.func @embed_prefill_f32
// CHECK-SAME: ([[TABLE:%.*]]: tensor<128x64xf32>, [[IDS:%.*]]: tensor<7xi32>)
func.func @embed_prefill_f32(%table: tensor<128x64xf32>, %ids: tensor<7xi32>) -> tensor<7x64xf32> {
  // CHECK: [[H:%.*]] = tile.embed [[TABLE]]{{\[}}[[IDS]]] : tensor<128x64xf32>, tensor<7xi32> -> tensor<7x64xf32>
  // CHECK: return [[H]]
  %h = tile.embed %table[%ids] : tensor<128x64xf32>, tensor<7xi32> -> tensor<7x64xf32>
  return %h : tensor<7x64xf32>
}

// CHECK-LABEL: func.func @embed_f16
// CHECK-SAME: ([[TABLE:%.*]]: tensor<100x8xf16>, [[IDS:%.*]]: tensor<2xi32>)
func.func @embed_f16(%table: tensor<100x8xf16>, %ids: tensor<2xi32>) -> tensor<2x8xf16> {
  // CHECK: [[H:%.*]] = tile.embed [[TABLE]]{{\[}}[[IDS]]] : tensor<100x8xf16>, tensor<2xi32> -> tensor<2x8xf16>
  // CHECK: return [[H]]
  %h = tile.embed %table[%ids] : tensor<100x8xf16>, tensor<2xi32> -> tensor<2x8xf16>
  return %h : tensor<2x8xf16>
}
