// RUN: tile-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// tile.embed
//===----------------------------------------------------------------------===//

func.func @embed_table_rank(%table: tensor<4096xbf16>, %ids: tensor<1xi32>) {
  // expected-error @+1 {{'tile.embed' op table must be rank 2 [vocab, hidden], got rank 1}}
  %h = tile.embed %table[%ids] : tensor<4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @embed_ids_rank(%table: tensor<32000x4096xbf16>, %ids: tensor<1x1xi32>) {
  // expected-error @+1 {{'tile.embed' op ids must be rank 1 [tokens], got rank 2}}
  %h = tile.embed %table[%ids] : tensor<32000x4096xbf16>, tensor<1x1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @embed_ids_not_i32(%table: tensor<32000x4096xbf16>, %ids: tensor<1xi64>) {
  // expected-error @+1 {{'tile.embed' op operand #1 must be statically shaped tensor of 32-bit signless integer values, but got 'tensor<1xi64>'}}
  %h = tile.embed %table[%ids] : tensor<32000x4096xbf16>, tensor<1xi64> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @embed_result_shape(%table: tensor<32000x4096xbf16>, %ids: tensor<2xi32>) {
  // expected-error @+1 {{'tile.embed' op result must be 2x4096 ([tokens, hidden]), got 2x32000}}
  %h = tile.embed %table[%ids] : tensor<32000x4096xbf16>, tensor<2xi32> -> tensor<2x32000xbf16>
  return
}

// -----

func.func @embed_result_scalar(%table: tensor<32000x4096xbf16>, %ids: tensor<1xi32>) {
  // expected-error @+1 {{'tile.embed' op result must be 1x4096 ([tokens, hidden]), got scalar}}
  %h = tile.embed %table[%ids] : tensor<32000x4096xbf16>, tensor<1xi32> -> tensor<bf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.rmsnorm
//===----------------------------------------------------------------------===//

func.func @rmsnorm_int_input(%x: tensor<1x4096xi32>, %w: tensor<4096xbf16>) {
  // expected-error @+1 {{'tile.rmsnorm' op operand #0 must be statically shaped tensor of bfloat16 type or 16-bit float or 32-bit float values, but got 'tensor<1x4096xi32>'}}
  %n = tile.rmsnorm %x, %w : tensor<1x4096xi32>, tensor<4096xbf16> -> tensor<1x4096xi32>
  return
}

// -----

func.func @rmsnorm_x_rank(%x: tensor<4096xbf16>, %w: tensor<4096xbf16>) {
  // expected-error @+1 {{'tile.rmsnorm' op x must be rank 2 [tokens, features], got rank 1}}
  %n = tile.rmsnorm %x, %w : tensor<4096xbf16>, tensor<4096xbf16> -> tensor<4096xbf16>
  return
}

// -----

func.func @rmsnorm_weight_rank(%x: tensor<1x4096xbf16>, %w: tensor<1x4096xbf16>) {
  // expected-error @+1 {{'tile.rmsnorm' op weight must be rank 1 [features], got rank 2}}
  %n = tile.rmsnorm %x, %w : tensor<1x4096xbf16>, tensor<1x4096xbf16> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @rmsnorm_weight_size(%x: tensor<1x4096xbf16>, %w: tensor<1000xbf16>) {
  // expected-error @+1 {{'tile.rmsnorm' op weight has 1000 elements, which does not divide x's 4096 features into groups}}
  %n = tile.rmsnorm %x, %w : tensor<1x4096xbf16>, tensor<1000xbf16> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @rmsnorm_epsilon_zero(%x: tensor<1x4096xbf16>, %w: tensor<4096xbf16>) {
  // expected-error @+1 {{'tile.rmsnorm' op epsilon must be positive}}
  %n = tile.rmsnorm %x, %w {epsilon = 0.0 : f32} : tensor<1x4096xbf16>, tensor<4096xbf16> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @rmsnorm_epsilon_negative(%x: tensor<1x4096xbf16>, %w: tensor<4096xbf16>) {
  // expected-error @+1 {{'tile.rmsnorm' op epsilon must be positive}}
  %n = tile.rmsnorm %x, %w {epsilon = -1.0e-05 : f32} : tensor<1x4096xbf16>, tensor<4096xbf16> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @rmsnorm_result_type(%x: tensor<1x4096xbf16>, %w: tensor<4096xbf16>) {
  // expected-error @+1 {{'tile.rmsnorm' op result type 'tensor<1x4096xf32>' must equal x type 'tensor<1x4096xbf16>'}}
  %n = tile.rmsnorm %x, %w : tensor<1x4096xbf16>, tensor<4096xbf16> -> tensor<1x4096xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.linear
//===----------------------------------------------------------------------===//

func.func @linear_x_rank(%x: tensor<4096xbf16>, %w: tensor<1024x4096xbf16>) {
  // expected-error @+1 {{'tile.linear' op x must be rank 2 [tokens, features], got rank 1}}
  %y = tile.linear %x, %w : tensor<4096xbf16>, tensor<1024x4096xbf16> -> tensor<1x1024xbf16>
  return
}

// -----

func.func @linear_weight_rank(%x: tensor<1x4096xbf16>, %w: tensor<4096xbf16>) {
  // expected-error @+1 {{'tile.linear' op weight must be rank 2 [out, in], got rank 1}}
  %y = tile.linear %x, %w : tensor<1x4096xbf16>, tensor<4096xbf16> -> tensor<1x1024xbf16>
  return
}

// -----

// A weight in [in, out] layout is rejected.
func.func @linear_weight_transposed(%x: tensor<1x4096xbf16>, %w: tensor<4096x1024xbf16>) {
  // expected-error @+1 {{'tile.linear' op weight is [out, in] = 4096x1024 but x has 4096 features}}
  %y = tile.linear %x, %w : tensor<1x4096xbf16>, tensor<4096x1024xbf16> -> tensor<1x1024xbf16>
  return
}

// -----

func.func @linear_bias_rank(%x: tensor<1x896xbf16>, %w: tensor<128x896xbf16>, %b: tensor<1x128xbf16>) {
  // expected-error @+1 {{'tile.linear' op bias must be rank 1 [out], got rank 2}}
  %y = tile.linear %x, %w bias %b : tensor<1x896xbf16>, tensor<128x896xbf16>, tensor<1x128xbf16> -> tensor<1x128xbf16>
  return
}

// -----

func.func @linear_bias_size(%x: tensor<1x896xbf16>, %w: tensor<128x896xbf16>, %b: tensor<896xbf16>) {
  // expected-error @+1 {{'tile.linear' op bias has 896 elements but the weight has 128 output rows}}
  %y = tile.linear %x, %w bias %b : tensor<1x896xbf16>, tensor<128x896xbf16>, tensor<896xbf16> -> tensor<1x128xbf16>
  return
}

// -----

func.func @linear_result_shape(%x: tensor<3x4096xbf16>, %w: tensor<1024x4096xbf16>) {
  // expected-error @+1 {{'tile.linear' op result must be 3x1024 ([tokens, out]), got 1x1024}}
  %y = tile.linear %x, %w : tensor<3x4096xbf16>, tensor<1024x4096xbf16> -> tensor<1x1024xbf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.rope and #tile.llama3_scaling
//===----------------------------------------------------------------------===//

func.func @rope_x_rank(%x: tensor<4096xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.rope' op x must be rank 2 [tokens, features], got rank 1}}
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32} : tensor<4096xbf16>, tensor<1xi32> -> tensor<4096xbf16>
  return
}

// -----

func.func @rope_head_dim_odd(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.rope' op head_dim must be positive and even, got 127}}
  %r = tile.rope %x, %pos {head_dim = 127 : i64, theta = 5.0e+05 : f32} : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @rope_head_dim_negative(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.rope' op head_dim must be positive and even, got -128}}
  %r = tile.rope %x, %pos {head_dim = -128 : i64, theta = 5.0e+05 : f32} : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @rope_head_dim_i32(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.rope' op attribute 'head_dim' failed to satisfy constraint: 64-bit signless integer attribute}}
  %r = tile.rope %x, %pos {head_dim = 128 : i32, theta = 5.0e+05 : f32} : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @rope_features_not_multiple(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.rope' op x has 4096 features, not a multiple of head_dim 96}}
  %r = tile.rope %x, %pos {head_dim = 96 : i64, theta = 5.0e+05 : f32} : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @rope_theta(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.rope' op theta must be positive}}
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 0.0 : f32} : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @rope_positions_rank(%x: tensor<1x4096xbf16>, %pos: tensor<i32>) {
  // expected-error @+1 {{'tile.rope' op positions must be rank 1 [tokens], got rank 0}}
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32} : tensor<1x4096xbf16>, tensor<i32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @rope_positions_count(%x: tensor<4x4096xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.rope' op positions has 1 entries but x has 4 rows}}
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32} : tensor<4x4096xbf16>, tensor<1xi32> -> tensor<4x4096xbf16>
  return
}

// -----

func.func @rope_result_type(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.rope' op result type 'tensor<1x4096xf32>' must equal x type 'tensor<1x4096xbf16>'}}
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32} : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xf32>
  return
}

// -----

func.func @llama3_factor(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) {
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32,
      // expected-error @+1 {{llama3 scaling factor must be positive}}
      scaling = #tile.llama3_scaling<factor = 0.0, low_freq_factor = 1.0, high_freq_factor = 4.0, original_max_position = 8192>}
      : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @llama3_low_freq_zero(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) {
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32,
      // expected-error @+1 {{llama3 scaling needs 0 < low_freq_factor < high_freq_factor}}
      scaling = #tile.llama3_scaling<factor = 8.0, low_freq_factor = 0.0, high_freq_factor = 4.0, original_max_position = 8192>}
      : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @llama3_high_freq_not_above_low(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) {
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32,
      // expected-error @+1 {{llama3 scaling needs 0 < low_freq_factor < high_freq_factor}}
      scaling = #tile.llama3_scaling<factor = 8.0, low_freq_factor = 4.0, high_freq_factor = 4.0, original_max_position = 8192>}
      : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @llama3_original_max_position(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) {
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32,
      // expected-error @+1 {{llama3 scaling original_max_position must be positive, got 0}}
      scaling = #tile.llama3_scaling<factor = 8.0, low_freq_factor = 1.0, high_freq_factor = 4.0, original_max_position = 0>}
      : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.kv_append
//===----------------------------------------------------------------------===//

func.func @kv_append_cache_rank(%cache: tensor<512x8x128xbf16>, %k: tensor<1x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.kv_append' op cache must be rank 2 [max_seq_len, kv_heads * head_dim], got rank 3}}
  %c = tile.kv_append %cache, %k, %pos : tensor<512x8x128xbf16>, tensor<1x1024xbf16>, tensor<1xi32> -> tensor<512x8x128xbf16>
  return
}

// -----

func.func @kv_append_rope_divides(%cache: tensor<512x1000xbf16>, %k: tensor<1x1000xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.kv_append' op rope head_dim 64 does not divide the cache's 1000 features}}
  %c = tile.kv_append %cache, %k, %pos {rope = #tile.rope<head_dim = 64, theta = 1.0e+04>} : tensor<512x1000xbf16>, tensor<1x1000xbf16>, tensor<1xi32> -> tensor<512x1000xbf16>
  return
}

// -----

func.func @kv_append_rope_odd(%cache: tensor<512x1024xbf16>, %k: tensor<1x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{rope head_dim must be positive and even, got 7}}
  %c = tile.kv_append %cache, %k, %pos {rope = #tile.rope<head_dim = 7, theta = 1.0e+04>} : tensor<512x1024xbf16>, tensor<1x1024xbf16>, tensor<1xi32> -> tensor<512x1024xbf16>
  return
}

// -----

func.func @kv_append_rope_theta(%cache: tensor<512x1024xbf16>, %k: tensor<1x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{rope theta must be positive}}
  %c = tile.kv_append %cache, %k, %pos {rope = #tile.rope<head_dim = 64, theta = 0.0>} : tensor<512x1024xbf16>, tensor<1x1024xbf16>, tensor<1xi32> -> tensor<512x1024xbf16>
  return
}

// -----

func.func @kv_append_update_rank(%cache: tensor<512x1024xbf16>, %k: tensor<1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.kv_append' op update must be rank 2 [tokens, features], got rank 1}}
  %c = tile.kv_append %cache, %k, %pos : tensor<512x1024xbf16>, tensor<1024xbf16>, tensor<1xi32> -> tensor<512x1024xbf16>
  return
}

// -----

func.func @kv_append_features(%cache: tensor<512x1024xbf16>, %k: tensor<1x512xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.kv_append' op update has 512 features but the cache has 1024}}
  %c = tile.kv_append %cache, %k, %pos : tensor<512x1024xbf16>, tensor<1x512xbf16>, tensor<1xi32> -> tensor<512x1024xbf16>
  return
}

// -----

func.func @kv_append_element_type(%cache: tensor<512x1024xbf16>, %k: tensor<1x1024xf32>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.kv_append' op update element type 'f32' must equal the cache's 'bf16'}}
  %c = tile.kv_append %cache, %k, %pos : tensor<512x1024xbf16>, tensor<1x1024xf32>, tensor<1xi32> -> tensor<512x1024xbf16>
  return
}

// -----

func.func @kv_append_too_many_rows(%cache: tensor<4x1024xbf16>, %k: tensor<8x1024xbf16>, %pos: tensor<8xi32>) {
  // expected-error @+1 {{'tile.kv_append' op update has 8 rows but the cache holds only 4}}
  %c = tile.kv_append %cache, %k, %pos : tensor<4x1024xbf16>, tensor<8x1024xbf16>, tensor<8xi32> -> tensor<4x1024xbf16>
  return
}

// -----

func.func @kv_append_positions_rank(%cache: tensor<512x1024xbf16>, %k: tensor<1x1024xbf16>, %pos: tensor<1x1xi32>) {
  // expected-error @+1 {{'tile.kv_append' op positions must be rank 1 [tokens], got rank 2}}
  %c = tile.kv_append %cache, %k, %pos : tensor<512x1024xbf16>, tensor<1x1024xbf16>, tensor<1x1xi32> -> tensor<512x1024xbf16>
  return
}

// -----

func.func @kv_append_positions_count(%cache: tensor<512x1024xbf16>, %k: tensor<3x1024xbf16>, %pos: tensor<2xi32>) {
  // expected-error @+1 {{'tile.kv_append' op positions has 2 entries but update has 3 rows}}
  %c = tile.kv_append %cache, %k, %pos : tensor<512x1024xbf16>, tensor<3x1024xbf16>, tensor<2xi32> -> tensor<512x1024xbf16>
  return
}

// -----

func.func @kv_append_result_type(%cache: tensor<512x1024xbf16>, %k: tensor<1x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.kv_append' op result type 'tensor<1x1024xbf16>' must equal cache type 'tensor<512x1024xbf16>'}}
  %c = tile.kv_append %cache, %k, %pos : tensor<512x1024xbf16>, tensor<1x1024xbf16>, tensor<1xi32> -> tensor<1x1024xbf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.attention
//===----------------------------------------------------------------------===//

func.func @attention_query_rank(%q: tensor<4096xbf16>, %kc: tensor<512x1024xbf16>, %vc: tensor<512x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.attention' op query must be rank 2 [tokens, features], got rank 1}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 8 : i64, head_dim = 128 : i64} : tensor<4096xbf16>, tensor<512x1024xbf16>, tensor<512x1024xbf16>, tensor<1xi32> -> tensor<4096xbf16>
  return
}

// -----

func.func @attention_key_cache_rank(%q: tensor<1x4096xbf16>, %kc: tensor<512x8x128xbf16>, %vc: tensor<512x8x128xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.attention' op key cache must be rank 2 [max_seq_len, kv_heads * head_dim], got rank 3}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 8 : i64, head_dim = 128 : i64} : tensor<1x4096xbf16>, tensor<512x8x128xbf16>, tensor<512x8x128xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @attention_cache_types(%q: tensor<1x4096xbf16>, %kc: tensor<512x1024xbf16>, %vc: tensor<256x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.attention' op key and value caches must have the same type, got 'tensor<512x1024xbf16>' and 'tensor<256x1024xbf16>'}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 8 : i64, head_dim = 128 : i64} : tensor<1x4096xbf16>, tensor<512x1024xbf16>, tensor<256x1024xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @attention_nonpositive_heads(%q: tensor<1x4096xbf16>, %kc: tensor<512x1024xbf16>, %vc: tensor<512x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.attention' op num_heads, num_kv_heads and head_dim must be positive}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 0 : i64, head_dim = 128 : i64} : tensor<1x4096xbf16>, tensor<512x1024xbf16>, tensor<512x1024xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @attention_gqa_ratio(%q: tensor<1x4096xbf16>, %kc: tensor<512x768xbf16>, %vc: tensor<512x768xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.attention' op num_heads 32 is not a multiple of num_kv_heads 6}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 6 : i64, head_dim = 128 : i64} : tensor<1x4096xbf16>, tensor<512x768xbf16>, tensor<512x768xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @attention_query_features(%q: tensor<1x4096xbf16>, %kc: tensor<512x512xbf16>, %vc: tensor<512x512xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.attention' op query has 4096 features, expected num_heads * head_dim = 2048}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 8 : i64, head_dim = 64 : i64} : tensor<1x4096xbf16>, tensor<512x512xbf16>, tensor<512x512xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @attention_key_cache_features(%q: tensor<1x4096xbf16>, %kc: tensor<512x1024xbf16>, %vc: tensor<512x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.attention' op key cache has 1024 features, expected num_kv_heads * head_dim = 512}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 4 : i64, head_dim = 128 : i64} : tensor<1x4096xbf16>, tensor<512x1024xbf16>, tensor<512x1024xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @attention_scale(%q: tensor<1x4096xbf16>, %kc: tensor<512x1024xbf16>, %vc: tensor<512x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.attention' op scale must be positive}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 8 : i64, head_dim = 128 : i64, scale = -0.5 : f32} : tensor<1x4096xbf16>, tensor<512x1024xbf16>, tensor<512x1024xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @attention_positions_rank(%q: tensor<1x4096xbf16>, %kc: tensor<512x1024xbf16>, %vc: tensor<512x1024xbf16>, %pos: tensor<1x1xi32>) {
  // expected-error @+1 {{'tile.attention' op positions must be rank 1 [tokens], got rank 2}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 8 : i64, head_dim = 128 : i64} : tensor<1x4096xbf16>, tensor<512x1024xbf16>, tensor<512x1024xbf16>, tensor<1x1xi32> -> tensor<1x4096xbf16>
  return
}

// -----

func.func @attention_positions_count(%q: tensor<2x4096xbf16>, %kc: tensor<512x1024xbf16>, %vc: tensor<512x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.attention' op positions has 1 entries but query has 2 rows}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 8 : i64, head_dim = 128 : i64} : tensor<2x4096xbf16>, tensor<512x1024xbf16>, tensor<512x1024xbf16>, tensor<1xi32> -> tensor<2x4096xbf16>
  return
}

// -----

func.func @attention_result_shape(%q: tensor<1x4096xbf16>, %kc: tensor<512x1024xbf16>, %vc: tensor<512x1024xbf16>, %pos: tensor<1xi32>) {
  // expected-error @+1 {{'tile.attention' op result must be 1x4096 like the query, got 1x1024}}
  %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 8 : i64, head_dim = 128 : i64} : tensor<1x4096xbf16>, tensor<512x1024xbf16>, tensor<512x1024xbf16>, tensor<1xi32> -> tensor<1x1024xbf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.silu_mul, tile.add
//===----------------------------------------------------------------------===//

func.func @silu_mul_types(%gate: tensor<1x14336xbf16>, %up: tensor<1x14336xf32>) {
  // expected-error @+1 {{'tile.silu_mul' op requires the same type for all operands and results}}
  %a = "tile.silu_mul"(%gate, %up) : (tensor<1x14336xbf16>, tensor<1x14336xf32>) -> tensor<1x14336xbf16>
  return
}

// -----

func.func @add_types(%h: tensor<1x4096xbf16>, %attn: tensor<1x4096xbf16>) {
  // expected-error @+1 {{'tile.add' op requires the same type for all operands and results}}
  %s = "tile.add"(%h, %attn) : (tensor<1x4096xbf16>, tensor<1x4096xbf16>) -> tensor<2x4096xbf16>
  return
}

// -----

// The custom form names one type, so a mismatch is a parse error.
func.func @add_custom_mismatch(%h: tensor<1x4096xbf16>) {
  // expected-note @-1 {{prior use here}}
  // expected-error @+1 {{use of value '%h' expects different type than prior uses: 'tensor<1x4096xf32>' vs 'tensor<1x4096xbf16>'}}
  %s = tile.add %h, %h : tensor<1x4096xf32>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.argmax
//===----------------------------------------------------------------------===//

func.func @argmax_logits_rank(%logits: tensor<32000xf32>) {
  // expected-error @+1 {{'tile.argmax' op logits must be rank 2 [tokens, features], got rank 1}}
  %next = tile.argmax %logits : tensor<32000xf32> -> tensor<1xi32>
  return
}

// -----

func.func @argmax_result_shape(%logits: tensor<4x32000xf32>) {
  // expected-error @+1 {{'tile.argmax' op result must be 4 (one id per token), got 4x1}}
  %next = tile.argmax %logits : tensor<4x32000xf32> -> tensor<4x1xi32>
  return
}

// -----

func.func @argmax_result_scalar(%logits: tensor<1x32000xf32>) {
  // expected-error @+1 {{'tile.argmax' op result must be 1 (one id per token), got scalar}}
  %next = tile.argmax %logits : tensor<1x32000xf32> -> tensor<i32>
  return
}

// -----

func.func @argmax_result_not_i32(%logits: tensor<1x32000xf32>) {
  // expected-error @+1 {{'tile.argmax' op result #0 must be statically shaped tensor of 32-bit signless integer values, but got 'tensor<1xi64>'}}
  %next = tile.argmax %logits : tensor<1x32000xf32> -> tensor<1xi64>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.all_reduce
//===----------------------------------------------------------------------===//

func.func @all_reduce_one_device(%x: tensor<1x4096xbf16>) {
  // expected-error @+1 {{'tile.all_reduce' op needs at least 2 devices, got 1}}
  %s = tile.all_reduce sum %x devices [0] : tensor<1x4096xbf16>
  return
}

// -----

func.func @all_reduce_no_devices(%x: tensor<1x4096xbf16>) {
  // expected-error @+1 {{'tile.all_reduce' op needs at least 2 devices, got 0}}
  %s = tile.all_reduce sum %x devices [] : tensor<1x4096xbf16>
  return
}

// -----

func.func @all_reduce_negative_device(%x: tensor<1x4096xbf16>) {
  // expected-error @+1 {{'tile.all_reduce' op device id -1 is negative}}
  %s = tile.all_reduce sum %x devices [0, -1] : tensor<1x4096xbf16>
  return
}

// -----

func.func @all_reduce_duplicate_device(%x: tensor<1x4096xbf16>) {
  // expected-error @+1 {{'tile.all_reduce' op device 1 appears twice}}
  %s = tile.all_reduce max %x devices [1, 2, 1] : tensor<1x4096xbf16>
  return
}

// -----

func.func @all_reduce_types(%x: tensor<1x4096xbf16>) {
  // expected-error @+1 {{'tile.all_reduce' op requires the same type for all operands and results}}
  %s = "tile.all_reduce"(%x) <{kind = 0 : i32, devices = array<i32: 0, 1>}> : (tensor<1x4096xbf16>) -> tensor<1x4096xf32>
  return
}

// -----

func.func @dynamic_shape(%x: tensor<?x64xf32>, %w: tensor<64xf32>) -> tensor<?x64xf32> {
  // expected-error @+1 {{'tile.rmsnorm' op operand #0 must be statically shaped tensor of bfloat16 type or 16-bit float or 32-bit float values, but got 'tensor<?x64xf32>'}}
  %n = tile.rmsnorm %x, %w : tensor<?x64xf32>, tensor<64xf32> -> tensor<?x64xf32>
  return %n : tensor<?x64xf32>
}

// -----

func.func @attention_overflow(%q: tensor<1x64xbf16>, %kc: tensor<8x64xbf16>, %pos: tensor<1xi32>) -> tensor<1x64xbf16> {
  // expected-error @+1 {{'tile.attention' op num_heads * head_dim overflows}}
  %o = tile.attention %q, %kc, %kc, %pos {num_heads = 4611686018427387904 : i64, num_kv_heads = 1 : i64, head_dim = 4 : i64}
      : tensor<1x64xbf16>, tensor<8x64xbf16>, tensor<8x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  return %o : tensor<1x64xbf16>
}

// -----

func.func @attention_mixed_types(%q: tensor<1x64xbf16>, %kc: tensor<8x64xf32>, %pos: tensor<1xi32>) -> tensor<1x64xbf16> {
  // expected-error @+1 {{'tile.attention' op query, caches and result must share one element type, got 'bf16', 'f32' and 'bf16'}}
  %o = tile.attention %q, %kc, %kc, %pos {num_heads = 4 : i64, num_kv_heads = 4 : i64, head_dim = 16 : i64}
      : tensor<1x64xbf16>, tensor<8x64xf32>, tensor<8x64xf32>, tensor<1xi32> -> tensor<1x64xbf16>
  return %o : tensor<1x64xbf16>
}

// -----

func.func @linear_bias_type(%x: tensor<1x8xbf16>, %w: tensor<4x8xbf16>, %b: tensor<4xf32>) -> tensor<1x4xbf16> {
  // expected-error @+1 {{'tile.linear' op bias element type 'f32' must equal the weight's 'bf16'}}
  %y = tile.linear %x, %w bias %b : tensor<1x8xbf16>, tensor<4x8xbf16>, tensor<4xf32> -> tensor<1x4xbf16>
  return %y : tensor<1x4xbf16>
}

// -----

//===----------------------------------------------------------------------===//
// tile.linear: fused norm prologue and residual epilogue
//===----------------------------------------------------------------------===//

func.func @linear_norm_without_epsilon(%x: tensor<1x64xbf16>, %w: tensor<32x64xbf16>, %n: tensor<64xbf16>) {
  // expected-error @+1 {{'tile.linear' op norm_epsilon must be set exactly when norm is}}
  %y = tile.linear %x, %w norm(%n : tensor<64xbf16>) : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return
}

// -----

func.func @linear_epsilon_without_norm(%x: tensor<1x64xbf16>, %w: tensor<32x64xbf16>) {
  // expected-error @+1 {{'tile.linear' op norm_epsilon must be set exactly when norm is}}
  %y = tile.linear %x, %w {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return
}

// -----

func.func @linear_norm_rank(%x: tensor<1x64xbf16>, %w: tensor<32x64xbf16>, %n: tensor<1x64xbf16>) {
  // expected-error @+1 {{'tile.linear' op norm weight must be rank 1 [features], got rank 2}}
  %y = tile.linear %x, %w norm(%n : tensor<1x64xbf16>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return
}

// -----

// The norm is over x's features (the weight's columns), not its rows.
func.func @linear_norm_size(%x: tensor<1x64xbf16>, %w: tensor<32x64xbf16>, %n: tensor<32xbf16>) {
  // expected-error @+1 {{'tile.linear' op norm weight has 32 elements but x has 64 features}}
  %y = tile.linear %x, %w norm(%n : tensor<32xbf16>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return
}

// -----

func.func @linear_norm_epsilon_zero(%x: tensor<1x64xbf16>, %w: tensor<32x64xbf16>, %n: tensor<64xbf16>) {
  // expected-error @+1 {{'tile.linear' op norm_epsilon must be positive}}
  %y = tile.linear %x, %w norm(%n : tensor<64xbf16>) {norm_epsilon = 0.0 : f32} : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return
}

// -----

func.func @linear_norm_epsilon_negative(%x: tensor<1x64xbf16>, %w: tensor<32x64xbf16>, %n: tensor<64xbf16>) {
  // expected-error @+1 {{'tile.linear' op norm_epsilon must be positive}}
  %y = tile.linear %x, %w norm(%n : tensor<64xbf16>) {norm_epsilon = -1.0e-05 : f32} : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return
}

// -----

func.func @linear_norm_epsilon_f64(%x: tensor<1x64xbf16>, %w: tensor<32x64xbf16>, %n: tensor<64xbf16>) {
  // expected-error @+1 {{'tile.linear' op attribute 'norm_epsilon' failed to satisfy constraint: 32-bit float attribute}}
  %y = tile.linear %x, %w norm(%n : tensor<64xbf16>) {norm_epsilon = 1.0e-05 : f64} : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return
}

// -----

func.func @linear_residual_shape(%x: tensor<1x64xbf16>, %w: tensor<32x64xbf16>, %r: tensor<1x64xbf16>) {
  // expected-error @+1 {{'tile.linear' op residual type 'tensor<1x64xbf16>' must equal result type 'tensor<1x32xbf16>'}}
  %y = tile.linear %x, %w residual(%r : tensor<1x64xbf16>) : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return
}

// -----

func.func @linear_residual_element_type(%x: tensor<1x64xbf16>, %w: tensor<64x64xbf16>, %r: tensor<1x64xf32>) {
  // expected-error @+1 {{'tile.linear' op residual type 'tensor<1x64xf32>' must equal result type 'tensor<1x64xbf16>'}}
  %y = tile.linear %x, %w residual(%r : tensor<1x64xf32>) : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.swiglu_linear
//===----------------------------------------------------------------------===//

func.func @swiglu_x_rank(%x: tensor<64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>) {
  // expected-error @+1 {{'tile.swiglu_linear' op x must be rank 2 [tokens, features], got rank 1}}
  %a = tile.swiglu_linear %x, %wg, %wu : tensor<64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  return
}

// -----

func.func @swiglu_weight_rank(%x: tensor<1x64xbf16>, %wg: tensor<64xbf16>, %wu: tensor<64xbf16>) {
  // expected-error @+1 {{'tile.swiglu_linear' op weight must be rank 2 [out, in], got rank 1}}
  %a = tile.swiglu_linear %x, %wg, %wu : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x176xbf16>
  return
}

// -----

func.func @swiglu_weight_transposed(%x: tensor<1x64xbf16>, %wg: tensor<64x176xbf16>, %wu: tensor<64x176xbf16>) {
  // expected-error @+1 {{'tile.swiglu_linear' op weight is [out, in] = 64x176 but x has 64 features}}
  %a = tile.swiglu_linear %x, %wg, %wu : tensor<1x64xbf16>, tensor<64x176xbf16> -> tensor<1x64xbf16>
  return
}

// -----

func.func @swiglu_result_shape(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>) {
  // expected-error @+1 {{'tile.swiglu_linear' op result must be 1x176 ([tokens, out]), got 1x64}}
  %a = tile.swiglu_linear %x, %wg, %wu : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x64xbf16>
  return
}

// -----

func.func @swiglu_weights_differ(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<88x64xbf16>) {
  // expected-error @+1 {{'tile.swiglu_linear' op failed to verify that all of {gate_weight, up_weight} have same type}}
  %a = "tile.swiglu_linear"(%x, %wg, %wu) : (tensor<1x64xbf16>, tensor<176x64xbf16>, tensor<88x64xbf16>) -> tensor<1x176xbf16>
  return
}

// -----

func.func @swiglu_norm_without_epsilon(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>, %n: tensor<64xbf16>) {
  // expected-error @+1 {{'tile.swiglu_linear' op norm_epsilon must be set exactly when norm is}}
  %a = tile.swiglu_linear %x, %wg, %wu norm(%n : tensor<64xbf16>) : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  return
}

// -----

func.func @swiglu_epsilon_without_norm(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>) {
  // expected-error @+1 {{'tile.swiglu_linear' op norm_epsilon must be set exactly when norm is}}
  %a = tile.swiglu_linear %x, %wg, %wu {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  return
}

// -----

func.func @swiglu_norm_rank(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>, %n: tensor<1x64xbf16>) {
  // expected-error @+1 {{'tile.swiglu_linear' op norm weight must be rank 1 [features], got rank 2}}
  %a = tile.swiglu_linear %x, %wg, %wu norm(%n : tensor<1x64xbf16>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  return
}

// -----

func.func @swiglu_norm_size(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>, %n: tensor<176xbf16>) {
  // expected-error @+1 {{'tile.swiglu_linear' op norm weight has 176 elements but x has 64 features}}
  %a = tile.swiglu_linear %x, %wg, %wu norm(%n : tensor<176xbf16>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  return
}

// -----

func.func @swiglu_norm_epsilon(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>, %n: tensor<64xbf16>) {
  // expected-error @+1 {{'tile.swiglu_linear' op norm_epsilon must be positive}}
  %a = tile.swiglu_linear %x, %wg, %wu norm(%n : tensor<64xbf16>) {norm_epsilon = 0.0 : f32} : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.position
//===----------------------------------------------------------------------===//

func.func @position_two() {
  // expected-error @+1 {{'tile.position' op the position is one scalar: result must have shape [1], got 2}}
  %p = tile.position : tensor<2xi32>
  return
}

// -----

func.func @position_scalar() {
  // expected-error @+1 {{'tile.position' op the position is one scalar: result must have shape [1], got scalar}}
  %p = tile.position : tensor<i32>
  return
}

// -----

func.func @position_rank2() {
  // expected-error @+1 {{'tile.position' op the position is one scalar: result must have shape [1], got 1x1}}
  %p = tile.position : tensor<1x1xi32>
  return
}

// -----

func.func @position_i64() {
  // expected-error @+1 {{'tile.position' op result #0 must be statically shaped tensor of 32-bit signless integer values, but got 'tensor<1xi64>'}}
  %p = tile.position : tensor<1xi64>
  return
}

// -----

func.func @zero_width(%x: tensor<1x8xbf16>, %w: tensor<0x8xbf16>) {
  // expected-error @+1 {{'tile.linear' op operand #1 'tensor<0x8xbf16>' must have positive dimensions and at most 2^40 elements}}
  %y = tile.linear %x, %w : tensor<1x8xbf16>, tensor<0x8xbf16> -> tensor<1x0xbf16>
  return
}

// -----

func.func @too_many_elements(%x: tensor<1x2097152xbf16>, %w: tensor<1048576x2097152xbf16>) {
  // expected-error @+1 {{'tile.linear' op operand #1 'tensor<1048576x2097152xbf16>' must have positive dimensions and at most 2^40 elements}}
  %y = tile.linear %x, %w : tensor<1x2097152xbf16>, tensor<1048576x2097152xbf16> -> tensor<1x1048576xbf16>
  return
}

// -----

func.func @all_gather_size(%x: tensor<1x64xf32>) {
  // expected-error @+1 {{'tile.all_gather' op result 'tensor<1x96xf32>' must be x's 2 devices x 64 elements of 'f32'}}
  %g = tile.all_gather %x devices [0, 1] : tensor<1x64xf32> -> tensor<1x96xf32>
  return
}

// -----

func.func @all_gather_rows(%x: tensor<2x64xf32>) {
  // expected-error @+1 {{'tile.all_gather' op gathers one token row: x and the result must be [1, S] and [1, n * S], got 'tensor<2x64xf32>' and 'tensor<2x128xf32>'}}
  %g = tile.all_gather %x devices [0, 1] : tensor<2x64xf32> -> tensor<2x128xf32>
  return
}

// -----

func.func @all_gather_twice(%x: tensor<1x64xf32>) {
  // expected-error @+1 {{'tile.all_gather' op device 1 appears twice}}
  %g = tile.all_gather %x devices [1, 1] : tensor<1x64xf32> -> tensor<1x128xf32>
  return
}

// -----

func.func @send_to_nobody(%x: tensor<1x64xf32>) {
  // expected-error @+1 {{'tile.send_to' op needs at least one receiving device}}
  tile.send_to %x devices [] : tensor<1x64xf32>
  return
}

// -----

func.func @send_to_twice(%x: tensor<1x64xf32>) {
  // expected-error @+1 {{'tile.send_to' op device 1 appears twice}}
  tile.send_to %x devices [1, 1] : tensor<1x64xf32>
  return
}

// -----

func.func @recv_from_negative() {
  // expected-error @+1 {{'tile.recv_from' op device id -1 is negative}}
  %h = tile.recv_from -1 : tensor<1x64xf32>
  return
}
