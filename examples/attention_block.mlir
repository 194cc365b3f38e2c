// One Llama-style attention block at the graph level: rmsnorm -> q/k/v
// projections -> RoPE -> KV-cache append -> GQA decode attention -> output
// projection + residual. 4 query heads share 2 KV heads of dim 16; the cache
// holds 16 positions. Run several steps to fill the cache.
//
//   tilec examples/attention_block.mlir -o out --kv-chunk=4 -v
func.func @attention_block(
    %h: tensor<1x64xf32> {tile.input = "h"},
    %norm_w: tensor<64xbf16> {tile.weight = "attn.norm.weight"},
    %wq: tensor<64x64xbf16> {tile.weight = "attn.q_proj.weight"},
    %wk: tensor<32x64xbf16> {tile.weight = "attn.k_proj.weight"},
    %wv: tensor<32x64xbf16> {tile.weight = "attn.v_proj.weight"},
    %wo: tensor<64x64xbf16> {tile.weight = "attn.o_proj.weight"},
    %k_cache: tensor<16x32xf32> {tile.kv_cache = "attn.k_cache"},
    %v_cache: tensor<16x32xf32> {tile.kv_cache = "attn.v_cache"})
    -> (tensor<1x64xf32> {tile.output = "out"}) {
  %pos = tile.position : tensor<1xi32>
  %n = tile.rmsnorm %h, %norm_w {epsilon = 1.0e-05 : f32}
      : tensor<1x64xf32>, tensor<64xbf16> -> tensor<1x64xf32>
  %q = tile.linear %n, %wq : tensor<1x64xf32>, tensor<64x64xbf16> -> tensor<1x64xf32>
  %k = tile.linear %n, %wk : tensor<1x64xf32>, tensor<32x64xbf16> -> tensor<1x32xf32>
  %v = tile.linear %n, %wv : tensor<1x64xf32>, tensor<32x64xbf16> -> tensor<1x32xf32>
  %q_rot = tile.rope %q, %pos {head_dim = 16 : i64, theta = 1.0e+04 : f32}
      : tensor<1x64xf32>, tensor<1xi32> -> tensor<1x64xf32>
  %k_rot = tile.rope %k, %pos {head_dim = 16 : i64, theta = 1.0e+04 : f32}
      : tensor<1x32xf32>, tensor<1xi32> -> tensor<1x32xf32>
  %kc = tile.kv_append %k_cache, %k_rot, %pos
      : tensor<16x32xf32>, tensor<1x32xf32>, tensor<1xi32> -> tensor<16x32xf32>
  %vc = tile.kv_append %v_cache, %v, %pos
      : tensor<16x32xf32>, tensor<1x32xf32>, tensor<1xi32> -> tensor<16x32xf32>
  %attn = tile.attention %q_rot, %kc, %vc, %pos
      {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64}
      : tensor<1x64xf32>, tensor<16x32xf32>, tensor<16x32xf32>, tensor<1xi32> -> tensor<1x64xf32>
  %o = tile.linear %attn, %wo : tensor<1x64xf32>, tensor<64x64xbf16> -> tensor<1x64xf32>
  %out = tile.add %h, %o : tensor<1x64xf32>
  return %out : tensor<1x64xf32>
}
