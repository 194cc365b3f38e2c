// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// Grouped-query attention: 4 query heads over 2 KV heads of dim 16, a cache
// of 128 positions in chunks of 64.
// CHECK-LABEL: tile.program @gqa
// CHECK:         [[Q:%.*]] = tile.buffer @q kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[KC:%.*]] = tile.buffer @k_cache kind(kv_cache) : memref<128x32xbf16>
// CHECK-NEXT:    [[VC:%.*]] = tile.buffer @v_cache kind(kv_cache) : memref<128x32xbf16>
// CHECK-NEXT:    [[P:%.*]] = tile.buffer @part kind(scratch) : memref<2x4x18xf32>
// CHECK-NEXT:    tile.task @head0_chunk0 {
// CHECK-NEXT:      tile.attention_partial [[Q]], [[KC]], [[VC]] to [[P]] kv_head(0) chunk(0) {chunk_size = 64 : i64, head_dim = 16 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 2.500000e-01 : f32} : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @head1_chunk1 worker(1) order(2) {
// CHECK-NEXT:      tile.attention_partial [[Q]], [[KC]], [[VC]] to [[P]] kv_head(1) chunk(1) {chunk_size = 64 : i64, head_dim = 16 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 1.250000e-01 : f32, tile.note} : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
// CHECK-NEXT:    }
tile.program @gqa device(0) target("sm_90a") workers(2) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @k_cache kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @v_cache kind(kv_cache) : memref<128x32xbf16>
  %part = tile.buffer @part kind(scratch) : memref<2x4x18xf32>
  tile.task @head0_chunk0 {
    tile.attention_partial %q, %kc, %vc to %part kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
  tile.task @head1_chunk1 worker(1) order(2) {
    tile.attention_partial %q, %kc, %vc to %part kv_head(1) chunk(1)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.125 : f32, tile.note}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// Multi-head attention in fp32 with a last chunk shorter than chunk_size
// (10 positions in chunks of 4: chunks 0, 1 and 2).
// CHECK-LABEL: tile.program @mha_ragged
// CHECK:         tile.attention_partial {{%.*}}, {{%.*}}, {{%.*}} to {{%.*}} kv_head(1) chunk(2) {chunk_size = 4 : i64, head_dim = 4 : i64, num_heads = 2 : i64, num_kv_heads = 2 : i64, scale = 5.000000e-01 : f32} : memref<8xf32>, memref<10x8xf32>, memref<3x2x6xf32>
tile.program @mha_ragged device(1) target("host") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<8xf32>
  %kc = tile.buffer @k_cache kind(kv_cache) : memref<10x8xf32>
  %vc = tile.buffer @v_cache kind(kv_cache) : memref<10x8xf32>
  %part = tile.buffer @part kind(scratch) : memref<3x2x6xf32>
  tile.task @last_chunk {
    tile.attention_partial %q, %kc, %vc to %part kv_head(1) chunk(2)
        {num_heads = 2 : i64, num_kv_heads = 2 : i64, head_dim = 4 : i64, chunk_size = 4 : i64, scale = 0.5 : f32}
        : memref<8xf32>, memref<10x8xf32>, memref<3x2x6xf32>
  }
}
