// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @kv
// CHECK:         [[K:%.*]] = tile.buffer @k kind(activation) : memref<32xbf16>
// CHECK-NEXT:    [[V:%.*]] = tile.buffer @v kind(activation) : memref<32xbf16>
// CHECK-NEXT:    [[KC:%.*]] = tile.buffer @k_cache kind(kv_cache) : memref<128x32xbf16>
// CHECK-NEXT:    [[VC:%.*]] = tile.buffer @v_cache kind(kv_cache) offset(8192) : memref<128x32xbf16>
// CHECK-NEXT:    tile.task @store_k {
// CHECK-NEXT:      tile.kv_store [[K]] to [[KC]] : memref<32xbf16>, memref<128x32xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @store_v worker(1) order(0) {
// CHECK-NEXT:      tile.kv_store [[V]] to [[VC]] {tile.note} : memref<32xbf16>, memref<128x32xbf16>
// CHECK-NEXT:    }
tile.program @kv device(0) target("sm_90a") workers(2) {
  %k = tile.buffer @k kind(activation) : memref<32xbf16>
  %v = tile.buffer @v kind(activation) : memref<32xbf16>
  %kc = tile.buffer @k_cache kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @v_cache kind(kv_cache) offset(8192) : memref<128x32xbf16>
  tile.task @store_k {
    tile.kv_store %k to %kc : memref<32xbf16>, memref<128x32xbf16>
  }
  tile.task @store_v worker(1) order(0) {
    tile.kv_store %v to %vc {tile.note} : memref<32xbf16>, memref<128x32xbf16>
  }
}

// CHECK-LABEL: tile.program @kv_f32
// CHECK:         tile.kv_store {{%.*}} to {{%.*}} : memref<8xf32>, memref<4x8xf32>
tile.program @kv_f32 device(1) target("host") workers(1) {
  %k = tile.buffer @k kind(activation) : memref<8xf32>
  %kc = tile.buffer @k_cache kind(kv_cache) : memref<4x8xf32>
  tile.task @store {
    tile.kv_store %k to %kc : memref<8xf32>, memref<4x8xf32>
  }
}

// A store that rotates each 16-wide head of the row first.
// CHECK-LABEL: tile.program @kv_rope
// CHECK:         tile.kv_store {{%.*}} to {{%.*}} {rope = #tile.rope<head_dim = 16, theta = 1.000000e+04>} : memref<32xbf16>, memref<128x32xbf16>
tile.program @kv_rope device(2) target("sm_90a") workers(1) {
  %k = tile.buffer @k kind(activation) : memref<32xbf16>
  %kc = tile.buffer @k_cache kind(kv_cache) : memref<128x32xbf16>
  tile.task @store {
    tile.kv_store %k to %kc {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>} : memref<32xbf16>, memref<128x32xbf16>
  }
}
