// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @embed_bf16
// CHECK:         [[T:%.*]] = tile.buffer @table kind(weight) source("model.embed_tokens.weight") : memref<128x64xbf16>
// CHECK-NEXT:    [[IDS:%.*]] = tile.buffer @ids kind(input) : memref<1xi32>
// CHECK-NEXT:    [[H:%.*]] = tile.buffer @h kind(activation) : memref<64xbf16>
// CHECK-NEXT:    tile.task @embed worker(0) order(0) {
// CHECK-NEXT:      tile.embed_row [[T]]{{\[}}[[IDS]]] to [[H]] : memref<128x64xbf16>, memref<1xi32>, memref<64xbf16>
// CHECK-NEXT:    }
tile.program @embed_bf16 device(0) target("sm_90a") workers(1) {
  %table = tile.buffer @table kind(weight) source("model.embed_tokens.weight") : memref<128x64xbf16>
  %ids = tile.buffer @ids kind(input) : memref<1xi32>
  %h = tile.buffer @h kind(activation) : memref<64xbf16>
  tile.task @embed worker(0) order(0) {
    tile.embed_row %table[%ids] to %h : memref<128x64xbf16>, memref<1xi32>, memref<64xbf16>
  }
}

// The output may use a different float type than the table, and a
// discardable attribute is kept.
// CHECK-LABEL: tile.program @embed_mixed
// CHECK:         [[T:%.*]] = tile.buffer @table kind(weight) offset(0) : memref<32x16xf16>
// CHECK-NEXT:    [[IDS:%.*]] = tile.buffer @ids kind(input) offset(1024) : memref<1xi32>
// CHECK-NEXT:    [[H:%.*]] = tile.buffer @h kind(activation) offset(1040) : memref<16xf32>
// CHECK-NEXT:    tile.task @embed {
// CHECK-NEXT:      tile.embed_row [[T]]{{\[}}[[IDS]]] to [[H]] {tile.note = "gather"} : memref<32x16xf16>, memref<1xi32>, memref<16xf32>
// CHECK-NEXT:    }
tile.program @embed_mixed device(1) target("host") workers(1) {
  %table = tile.buffer @table kind(weight) offset(0) : memref<32x16xf16>
  %ids = tile.buffer @ids kind(input) offset(1024) : memref<1xi32>
  %h = tile.buffer @h kind(activation) offset(1040) : memref<16xf32>
  tile.task @embed {
    tile.embed_row %table[%ids] to %h {tile.note = "gather"} : memref<32x16xf16>, memref<1xi32>, memref<16xf32>
  }
}
