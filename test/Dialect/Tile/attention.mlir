// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// Grouped-query attention: 32 query heads share 8 KV heads.
// CHECK-LABEL: func.func @attention_gqa_bf16
// CHECK-SAME: ([[Q:%.*]]: tensor<1x4096xbf16>, [[KC:%.*]]: tensor<512x1024xbf16>, [[VC:%.*]]: tensor<512x1024xbf16>, [[POS:%.*]]: tensor<1xi32>)
func.func @attention_gqa_bf16(%q: tensor<1x4096xbf16>, %kc: tensor<512x1024xbf16>, %vc: tensor<512x1024xbf16>, %pos: tensor<1xi32>) -> tensor<1x4096xbf16> {
  // CHECK: [[O:%.*]] = tile.attention [[Q]], [[KC]], [[VC]], [[POS]] {head_dim = 128 : i64, num_heads = 32 : i64, num_kv_heads = 8 : i64} : tensor<1x4096xbf16>, tensor<512x1024xbf16>, tensor<512x1024xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  // CHECK: return [[O]]
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 8 : i64, head_dim = 128 : i64}
      : tensor<1x4096xbf16>, tensor<512x1024xbf16>, tensor<512x1024xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return %o : tensor<1x4096xbf16>
}

// Multi-head (num_heads == num_kv_heads) prefill with an explicit scale.
// CHECK-LABEL: func.func @attention_scale_f32
// CHECK-SAME: ([[Q:%.*]]: tensor<5x256xf32>, [[KC:%.*]]: tensor<64x256xf32>, [[VC:%.*]]: tensor<64x256xf32>, [[POS:%.*]]: tensor<5xi32>)
func.func @attention_scale_f32(%q: tensor<5x256xf32>, %kc: tensor<64x256xf32>, %vc: tensor<64x256xf32>, %pos: tensor<5xi32>) -> tensor<5x256xf32> {
  // CHECK: [[O:%.*]] = tile.attention [[Q]], [[KC]], [[VC]], [[POS]] {head_dim = 64 : i64, num_heads = 4 : i64, num_kv_heads = 4 : i64, scale = 1.250000e-01 : f32} : tensor<5x256xf32>, tensor<64x256xf32>, tensor<64x256xf32>, tensor<5xi32> -> tensor<5x256xf32>
  // CHECK: return [[O]]
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 4 : i64, num_kv_heads = 4 : i64, head_dim = 64 : i64, scale = 0.125 : f32}
      : tensor<5x256xf32>, tensor<64x256xf32>, tensor<64x256xf32>, tensor<5xi32> -> tensor<5x256xf32>
  return %o : tensor<5x256xf32>
}

// Multi-query attention: a single KV head.
// CHECK-LABEL: func.func @attention_mqa_f16
// CHECK-SAME: ([[Q:%.*]]: tensor<2x128xf16>, [[KC:%.*]]: tensor<16x32xf16>, [[VC:%.*]]: tensor<16x32xf16>, [[POS:%.*]]: tensor<2xi32>)
func.func @attention_mqa_f16(%q: tensor<2x128xf16>, %kc: tensor<16x32xf16>, %vc: tensor<16x32xf16>, %pos: tensor<2xi32>) -> tensor<2x128xf16> {
  // CHECK: [[O:%.*]] = tile.attention [[Q]], [[KC]], [[VC]], [[POS]] {head_dim = 32 : i64, num_heads = 4 : i64, num_kv_heads = 1 : i64} : tensor<2x128xf16>, tensor<16x32xf16>, tensor<16x32xf16>, tensor<2xi32> -> tensor<2x128xf16>
  // CHECK: return [[O]]
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 4 : i64, num_kv_heads = 1 : i64, head_dim = 32 : i64}
      : tensor<2x128xf16>, tensor<16x32xf16>, tensor<16x32xf16>, tensor<2xi32> -> tensor<2x128xf16>
  return %o : tensor<2x128xf16>
}
