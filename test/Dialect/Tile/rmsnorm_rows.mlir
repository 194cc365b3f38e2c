// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// A layer norm: the whole vector is one group.
// CHECK-LABEL: tile.program @layer_norm
// CHECK:         [[X:%.*]] = tile.buffer @x kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[W:%.*]] = tile.buffer @w kind(weight) source("norm.weight") : memref<64xbf16>
// CHECK-NEXT:    [[Y:%.*]] = tile.buffer @y kind(activation) : memref<64xbf16>
// CHECK-NEXT:    tile.task @norm {
// CHECK-NEXT:      tile.rmsnorm_rows [[X]], [[W]] to [[Y]] groups(0, 1) size(64) {epsilon = 9.99999974E-6 : f32} : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
// CHECK-NEXT:    }
tile.program @layer_norm device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) source("norm.weight") : memref<64xbf16>
  %y = tile.buffer @y kind(activation) : memref<64xbf16>
  tile.task @norm {
    tile.rmsnorm_rows %x, %w to %y groups(0, 1) size(64) {epsilon = 1.0e-05 : f32} : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
  }
}

// Qwen3-style per-head norm over a range of heads, in place, mixed types.
// CHECK-LABEL: tile.program @head_norm
// CHECK:         [[Q:%.*]] = tile.buffer @q kind(activation) : memref<128xf32>
// CHECK-NEXT:    [[W:%.*]] = tile.buffer @qn kind(weight) : memref<16xf16>
// CHECK-NEXT:    tile.task @heads_2_6 worker(1) order(3) {
// CHECK-NEXT:      tile.rmsnorm_rows [[Q]], [[W]] to [[Q]] groups(2, 6) size(16) {epsilon = 9.99999997E-7 : f32} : memref<128xf32>, memref<16xf16>, memref<128xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @last_head worker(0) order(0) {
// CHECK-NEXT:      tile.rmsnorm_rows [[Q]], [[W]] to [[Q]] groups(7, 8) size(16) {epsilon = 1.000000e+00 : f32} : memref<128xf32>, memref<16xf16>, memref<128xf32>
// CHECK-NEXT:    }
tile.program @head_norm device(1) target("sm_90a") workers(2) {
  %q = tile.buffer @q kind(activation) : memref<128xf32>
  %w = tile.buffer @qn kind(weight) : memref<16xf16>
  tile.task @heads_2_6 worker(1) order(3) {
    tile.rmsnorm_rows %q, %w to %q groups(2, 6) size(16) {epsilon = 1.0e-06 : f32} : memref<128xf32>, memref<16xf16>, memref<128xf32>
  }
  tile.task @last_head worker(0) order(0) {
    tile.rmsnorm_rows %q, %w to %q groups(7, 8) size(16) {epsilon = 1.0 : f32} : memref<128xf32>, memref<16xf16>, memref<128xf32>
  }
}
