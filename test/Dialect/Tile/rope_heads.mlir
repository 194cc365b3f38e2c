// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @rope
// CHECK:         [[Q:%.*]] = tile.buffer @q kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[QR:%.*]] = tile.buffer @q_rot kind(activation) : memref<64xbf16>
tile.program @rope device(0) target("sm_90a") workers(2) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %q_rot = tile.buffer @q_rot kind(activation) : memref<64xbf16>
  // Out of place, all heads, no scaling.
  // CHECK:         tile.task @all_heads {
  // CHECK-NEXT:      tile.rope_heads [[Q]] to [[QR]] heads(0, 4) {head_dim = 16 : i64, theta = 1.000000e+04 : f32} : memref<64xbf16>, memref<64xbf16>
  // CHECK-NEXT:    }
  tile.task @all_heads {
    tile.rope_heads %q to %q_rot heads(0, 4) {head_dim = 16 : i64, theta = 1.0e+04 : f32} : memref<64xbf16>, memref<64xbf16>
  }
  // In place, a sub-range of heads, with Llama 3 scaling.
  // CHECK-NEXT:    tile.task @scaled worker(1) order(0) {
  // CHECK-NEXT:      tile.rope_heads [[Q]] to [[Q]] heads(1, 3) {head_dim = 16 : i64, scaling = #tile.llama3_scaling<factor = 8.000000e+00, low_freq_factor = 1.000000e+00, high_freq_factor = 4.000000e+00, original_max_position = 8192>, theta = 5.000000e+05 : f32} : memref<64xbf16>, memref<64xbf16>
  // CHECK-NEXT:    }
  tile.task @scaled worker(1) order(0) {
    tile.rope_heads %q to %q heads(1, 3) {head_dim = 16 : i64, theta = 5.0e+05 : f32,
        scaling = #tile.llama3_scaling<factor = 8.0, low_freq_factor = 1.0, high_freq_factor = 4.0, original_max_position = 8192>}
        : memref<64xbf16>, memref<64xbf16>
  }
}

// Different float types in and out; one head of a two-element head_dim.
// CHECK-LABEL: tile.program @mixed
// CHECK:         tile.rope_heads {{%.*}} to {{%.*}} heads(3, 4) {head_dim = 2 : i64, theta = 1.000000e+06 : f32} : memref<8xf32>, memref<8xf16>
tile.program @mixed device(1) target("host") workers(1) {
  %k = tile.buffer @k kind(activation) : memref<8xf32>
  %k_rot = tile.buffer @k_rot kind(activation) : memref<8xf16>
  tile.task @last {
    tile.rope_heads %k to %k_rot heads(3, 4) {head_dim = 2 : i64, theta = 1.0e+06 : f32} : memref<8xf32>, memref<8xf16>
  }
}
