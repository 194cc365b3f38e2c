// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @combine
// CHECK:         [[P:%.*]] = tile.buffer @part kind(scratch) : memref<2x4x18xf32>
// CHECK-NEXT:    [[O:%.*]] = tile.buffer @o kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[O32:%.*]] = tile.buffer @o32 kind(output) : memref<64xf32>
// CHECK-NEXT:    tile.task @group0 {
// CHECK-NEXT:      tile.attention_combine [[P]] to [[O]] heads(0, 2) : memref<2x4x18xf32>, memref<64xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @group1 worker(1) order(4) {
// CHECK-NEXT:      tile.attention_combine [[P]] to [[O]] heads(2, 4) {tile.note} : memref<2x4x18xf32>, memref<64xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @all {
// CHECK-NEXT:      tile.attention_combine [[P]] to [[O32]] heads(0, 4) : memref<2x4x18xf32>, memref<64xf32>
// CHECK-NEXT:    }
tile.program @combine device(0) target("sm_90a") workers(2) {
  %part = tile.buffer @part kind(scratch) : memref<2x4x18xf32>
  %o = tile.buffer @o kind(activation) : memref<64xbf16>
  %o32 = tile.buffer @o32 kind(output) : memref<64xf32>
  tile.task @group0 {
    tile.attention_combine %part to %o heads(0, 2) : memref<2x4x18xf32>, memref<64xbf16>
  }
  tile.task @group1 worker(1) order(4) {
    tile.attention_combine %part to %o heads(2, 4) {tile.note} : memref<2x4x18xf32>, memref<64xbf16>
  }
  tile.task @all {
    tile.attention_combine %part to %o32 heads(0, 4) : memref<2x4x18xf32>, memref<64xf32>
  }
}
