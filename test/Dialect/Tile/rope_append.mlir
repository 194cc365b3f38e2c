// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @qkv
// CHECK:         [[Q:%.*]] = tile.buffer @q kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[QR:%.*]] = tile.buffer @q_rot kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[K:%.*]] = tile.buffer @k kind(activation) : memref<32xbf16>
// CHECK-NEXT:    [[V:%.*]] = tile.buffer @v kind(activation) : memref<32xbf16>
// CHECK-NEXT:    [[KC:%.*]] = tile.buffer @k_cache kind(kv_cache) : memref<128x32xbf16>
// CHECK-NEXT:    [[VC:%.*]] = tile.buffer @v_cache kind(kv_cache) : memref<128x32xbf16>
// CHECK-NEXT:    tile.task @append {
// CHECK-NEXT:      tile.rope_append [[Q]] to [[QR]], [[K]] to [[KC]], [[V]] to [[VC]] {rope = #tile.rope<head_dim = 16, theta = 1.000000e+04>} : memref<64xbf16>, memref<64xbf16>, memref<32xbf16>, memref<128x32xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @in_place {
// CHECK-NEXT:      tile.rope_append [[Q]] to [[Q]], [[K]] to [[KC]], [[V]] to [[VC]] {rope = #tile.rope<head_dim = 16, theta = 5.000000e+05, scaling = <factor = 8.000000e+00, low_freq_factor = 1.000000e+00, high_freq_factor = 4.000000e+00, original_max_position = 8192>>, tile.note}
tile.program @qkv device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %qr = tile.buffer @q_rot kind(activation) : memref<64xbf16>
  %k = tile.buffer @k kind(activation) : memref<32xbf16>
  %v = tile.buffer @v kind(activation) : memref<32xbf16>
  %kc = tile.buffer @k_cache kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @v_cache kind(kv_cache) : memref<128x32xbf16>
  tile.task @append {
    tile.rope_append %q to %qr, %k to %kc, %v to %vc {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>}
        : memref<64xbf16>, memref<64xbf16>, memref<32xbf16>, memref<128x32xbf16>
  }
  tile.task @in_place {
    tile.rope_append %q to %q, %k to %kc, %v to %vc {rope = #tile.rope<head_dim = 16, theta = 5.0e+05,
        scaling = #tile.llama3_scaling<factor = 8.0, low_freq_factor = 1.0, high_freq_factor = 4.0, original_max_position = 8192>>, tile.note}
        : memref<64xbf16>, memref<64xbf16>, memref<32xbf16>, memref<128x32xbf16>
  }
}
