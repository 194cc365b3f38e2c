// RUN: tile-opt %s --tile-fuse --tile-partition="workers=4 max-task-bytes=4096 kv-chunk=16" --tile-plan-memory --tile-schedule --tile-verify-schedule | FileCheck %s
// RUN: tile-opt %s --tile-fuse --tile-partition="workers=4 max-task-bytes=4096 kv-chunk=16" --tile-plan-memory --tile-schedule --tile-verify-schedule | FileCheck %s --check-prefix=ALL
// RUN: tile-opt %s --tile-partition="workers=4 max-task-bytes=4096 kv-chunk=16" --tile-plan-memory --tile-schedule --tile-verify-schedule | FileCheck %s --check-prefix=NOFUSE
// RUN: tile-opt %s --tile-partition="workers=4 max-task-bytes=4096 kv-chunk=16" | FileCheck %s --check-prefix=NOFOLD
// RUN: tile-opt %s --tile-fuse --tile-partition="workers=4 max-task-bytes=4096 kv-chunk=16 fold-combine=false" --tile-plan-memory --tile-schedule --tile-verify-schedule | FileCheck %s --check-prefix=SEPARATE
// RUN: tile-opt %s --tile-fuse --tile-partition="workers=4 max-task-bytes=4096 kv-chunk=16 fold-rope-append=false" --tile-plan-memory --tile-schedule --tile-verify-schedule | FileCheck %s --check-prefix=SPLIT

// One decode step of a tiny Llama-like model (hidden 64, 4 query heads and
// 2 KV heads of dim 16, MLP 128, vocab 128, 32 cache positions) through the
// whole pipeline. The schedule verifier proves the result free of deadlocks
// and races, so the run succeeds; the checks show which tasks it produced.

// Every buffer is planned and every task is scheduled; no norm or
// elementwise task is left after fusion.
// ALL-NOT: kind({{[a-z_]+}}) :
// ALL-NOT: tile.task @{{[^ ]+}} {
// ALL-NOT: tile.task @{{[^ ]+}} waits
// ALL-NOT: tile.task @{{[^ ]+}} signals
// ALL-NOT: tile.rmsnorm_rows
// ALL-NOT: tile.ewise

// CHECK-LABEL: tile.program @decode_step device(0) target("sm_90a") workers(4) {
// CHECK:         tile.buffer @ids kind(input) offset(0) : memref<1xi32>
// CHECK:         tile.buffer @model.embed_tokens.weight kind(weight) offset({{[0-9]+}}) source("model.embed_tokens.weight") : memref<128x64xbf16>
// CHECK:         tile.buffer @model.layers.0.k_cache kind(kv_cache) offset({{[0-9]+}}) : memref<32x32xbf16>
// CHECK:         tile.buffer @model.layers.0.v_cache kind(kv_cache) offset({{[0-9]+}}) : memref<32x32xbf16>
// CHECK:         tile.buffer @layers.0.attn.partial kind(scratch) offset({{[0-9]+}}) : memref<2x4x18xf32>
// CHECK:         tile.buffer @next_token kind(output) offset({{[0-9]+}}) : memref<1xi32>
// CHECK:         tile.event @ev.{{.*}} scope(gpu)
// The attention norm is fused into the q/k/v projections, which are split
// together: 4 blocks of 32 of their 128 stacked rows (q's 64, k's 32, v's
// 32), so q gets 2 tasks and k and v one each (not 4 each).
// CHECK:         tile.task @embed.t0 worker({{[0-9]}}) order({{[0-9]+}})
// CHECK-NEXT:      tile.embed_row
// CHECK:         tile.task @layers.0.q.t0 worker(
// CHECK-NEXT:      tile.matvec {{.*}} rows(0, 32) norm({{%.*}} : memref<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32}
// CHECK:         tile.task @layers.0.q.t1 worker(
// CHECK-NEXT:      tile.matvec {{.*}} rows(32, 64) norm(
// CHECK-NOT:     tile.task @layers.0.q.t2
// CHECK:         tile.task @layers.0.k.t0 worker(
// CHECK-NEXT:      tile.matvec {{.*}} rows(0, 32) norm(
// CHECK-NOT:     tile.task @layers.0.k.t1
// CHECK:         tile.task @layers.0.v.t0 worker(
// CHECK-NEXT:      tile.matvec {{.*}} rows(0, 32) norm(
// CHECK-NOT:     tile.task @layers.0.v.t1
// The query's rotation, the key's (tile-fuse folded it into the key's
// append) and both appends are one task (fold-rope-append).
// CHECK:         tile.task @layers.0.q_rope.t0 worker(
// CHECK-NEXT:      tile.rope_append [[Q:%[0-9]+]] to {{%[0-9]+}}, [[K:%[0-9]+]] to {{%[0-9]+}}, [[V:%[0-9]+]] to {{%[0-9]+}} {rope = #tile.rope<head_dim = 16, theta = 1.000000e+04>} : memref<64xbf16>, memref<64xbf16>, memref<32xbf16>, memref<32x32xbf16>
// CHECK-NOT:     tile.task @layers.0.k_rope
// CHECK-NOT:     tile.task @layers.0.k_store
// CHECK-NOT:     tile.task @layers.0.v_store
// Split-KV attention: 2 KV heads x 2 chunks of 16; no combine tasks: the o
// projection merges the partials in its prologue (x_type: the bf16 the
// merged output would have had).
// CHECK:         tile.task @layers.0.attn.partial.t0 worker(
// CHECK-NEXT:      tile.attention_partial {{.*}} kv_head(0) chunk(0) {chunk_size = 16 : i64
// CHECK:         tile.task @layers.0.attn.partial.t3 worker(
// CHECK-NEXT:      tile.attention_partial {{.*}} kv_head(1) chunk(1) {chunk_size = 16 : i64
// CHECK-NOT:     tile.attention_combine
// The o projection takes the residual add (and the add's name).
// CHECK:         tile.task @layers.0.attn_residual.t0 worker(
// CHECK-NEXT:      tile.matvec {{.*}} rows(0, 16) residual({{%.*}} : memref<64xbf16>) {x_type = bf16} : memref<64x64xbf16>, memref<2x4x18xf32>
// MLP: gate/up/silu_mul with the norm fused become swiglu tiles; down takes
// the second residual.
// CHECK:         tile.task @layers.0.mlp.t0 worker(
// CHECK-NEXT:      tile.matvec_swiglu {{.*}} rows(0, 16) norm({{%.*}} : memref<64xbf16>)
// CHECK:         tile.task @layers.0.mlp.t7 worker(
// CHECK-NEXT:      tile.matvec_swiglu {{.*}} rows(112, 128) norm(
// CHECK:         tile.task @layers.0.mlp_residual.t0 worker(
// CHECK-NEXT:      tile.matvec {{.*}} rows(0, 16) residual({{%.*}} : memref<64xbf16>) : memref<64x128xbf16>
// The final norm is fused into the LM head, whose fp32 logits feed argmax.
// CHECK:         tile.task @lm_head.t0 worker(
// CHECK-NEXT:      tile.matvec {{.*}} rows(0, 32) norm({{%.*}} : memref<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32} : memref<128x64xbf16>, memref<64xbf16>, memref<128xf32>
// CHECK:         tile.task @lm_head.t3 worker(
// CHECK-NEXT:      tile.matvec {{.*}} rows(96, 128)
// CHECK:         tile.task @sample.t0 worker({{[0-9]}}) order({{[0-9]+}}) waits(
// CHECK-NEXT:      tile.argmax_row {{.*}} : memref<128xf32>, memref<1xi32>

// Without fusion the norms, residual adds and silu_mul are tasks of their
// own, and the schedule still verifies.
// Without fold-combine, two combine tasks (one per KV head group) write the
// attention output, which the o projection reads as a plain x.
// SEPARATE-LABEL: tile.program @decode_step
// SEPARATE:         tile.task @layers.0.attn.t0 worker(
// SEPARATE-NEXT:      tile.attention_combine {{.*}} heads(0, 2)
// SEPARATE:         tile.task @layers.0.attn.t1 worker(
// SEPARATE-NEXT:      tile.attention_combine {{.*}} heads(2, 4)
// SEPARATE:         tile.task @layers.0.attn_residual.t0 worker(
// SEPARATE-NEXT:      tile.matvec {{.*}} rows(0, 16) residual({{%.*}} : memref<64xbf16>) : memref<64x64xbf16>, memref<64xbf16>

// With fold-rope-append=false: the query's rope_heads and two kv_stores.
// SPLIT-LABEL: tile.program @decode_step
// SPLIT:         tile.task @layers.0.q_rope.t0 worker(
// SPLIT-NEXT:      tile.rope_heads {{.*}} heads(0, 4) {head_dim = 16 : i64
// SPLIT-NOT:     tile.task @layers.0.k_rope
// SPLIT:         tile.task @layers.0.k_store.t0 worker(
// SPLIT-NEXT:      tile.kv_store {{.*}} {rope = #tile.rope<head_dim = 16, theta = 1.000000e+04>}
// SPLIT:         tile.task @layers.0.v_store.t0 worker(
// SPLIT-NEXT:      tile.kv_store
// SPLIT-NOT:     tile.rope_append

// Without tile-fuse the key's rope is a rope of its own (its append rotates
// nothing), so nothing folds.
// NOFOLD-NOT:    tile.rope_append
// NOFOLD:        tile.rope_heads
// NOFOLD-NOT:    tile.rope_append

// NOFUSE-LABEL: tile.program @decode_step
// NOFUSE:         tile.task @layers.0.attn_norm.t0 worker(
// NOFUSE-NEXT:      tile.rmsnorm_rows {{.*}} groups(0, 1) size(64)
// NOFUSE:         tile.task @layers.0.q.t0 worker(
// NOFUSE-NEXT:      tile.matvec {{.*}} rows(0, 32) : memref<64x64xbf16>
// NOFUSE:         tile.task @layers.0.o.t0 worker(
// NOFUSE:         tile.task @layers.0.attn_residual.t0 worker(
// NOFUSE-NEXT:      tile.ewise add {{.*}} range(0, 64)
// NOFUSE:         tile.task @layers.0.mlp_norm.t0 worker(
// NOFUSE-NEXT:      tile.rmsnorm_rows
// NOFUSE:         tile.task @layers.0.gate.t0 worker(
// NOFUSE:         tile.task @layers.0.up.t0 worker(
// NOFUSE:         tile.task @layers.0.mlp.t0 worker(
// NOFUSE-NEXT:      tile.ewise silu_mul {{.*}} range(0, 128)
// NOFUSE:         tile.task @layers.0.down.t0 worker(
// NOFUSE:         tile.task @layers.0.mlp_residual.t0 worker(
// NOFUSE-NEXT:      tile.ewise add
// NOFUSE:         tile.task @norm.t0 worker(
// NOFUSE-NEXT:      tile.rmsnorm_rows
// NOFUSE:         tile.task @sample.t0 worker(
// NOFUSE-NEXT:      tile.argmax_row
// NOFUSE-NOT:     tile.matvec_swiglu

func.func @decode_step(
    %ids: tensor<1xi32> {tile.input = "ids"},
    %emb: tensor<128x64xbf16> {tile.weight = "model.embed_tokens.weight"},
    %attn_norm: tensor<64xbf16> {tile.weight = "model.layers.0.input_layernorm.weight"},
    %wq: tensor<64x64xbf16> {tile.weight = "model.layers.0.self_attn.q_proj.weight"},
    %wk: tensor<32x64xbf16> {tile.weight = "model.layers.0.self_attn.k_proj.weight"},
    %wv: tensor<32x64xbf16> {tile.weight = "model.layers.0.self_attn.v_proj.weight"},
    %wo: tensor<64x64xbf16> {tile.weight = "model.layers.0.self_attn.o_proj.weight"},
    %kc: tensor<32x32xbf16> {tile.kv_cache = "model.layers.0.k_cache"},
    %vc: tensor<32x32xbf16> {tile.kv_cache = "model.layers.0.v_cache"},
    %mlp_norm: tensor<64xbf16> {tile.weight = "model.layers.0.post_attention_layernorm.weight"},
    %wg: tensor<128x64xbf16> {tile.weight = "model.layers.0.mlp.gate_proj.weight"},
    %wu: tensor<128x64xbf16> {tile.weight = "model.layers.0.mlp.up_proj.weight"},
    %wd: tensor<64x128xbf16> {tile.weight = "model.layers.0.mlp.down_proj.weight"},
    %final_norm: tensor<64xbf16> {tile.weight = "model.norm.weight"},
    %lm_head: tensor<128x64xbf16> {tile.weight = "lm_head.weight"})
    -> (tensor<1xi32> {tile.output = "next_token"}) {
  %pos = tile.position : tensor<1xi32>
  %h0 = tile.embed %emb[%ids] : tensor<128x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16> loc("embed")
  %n0 = tile.rmsnorm %h0, %attn_norm {epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16> loc("layers.0.attn_norm")
  %q = tile.linear %n0, %wq : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16> loc("layers.0.q")
  %k = tile.linear %n0, %wk : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16> loc("layers.0.k")
  %v = tile.linear %n0, %wv : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16> loc("layers.0.v")
  %qr = tile.rope %q, %pos {head_dim = 16 : i64, theta = 1.0e+04 : f32} : tensor<1x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16> loc("layers.0.q_rope")
  %kr = tile.rope %k, %pos {head_dim = 16 : i64, theta = 1.0e+04 : f32} : tensor<1x32xbf16>, tensor<1xi32> -> tensor<1x32xbf16> loc("layers.0.k_rope")
  %kc1 = tile.kv_append %kc, %kr, %pos : tensor<32x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<32x32xbf16> loc("layers.0.k_store")
  %vc1 = tile.kv_append %vc, %v, %pos : tensor<32x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<32x32xbf16> loc("layers.0.v_store")
  %attn = tile.attention %qr, %kc1, %vc1, %pos {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64}
      : tensor<1x64xbf16>, tensor<32x32xbf16>, tensor<32x32xbf16>, tensor<1xi32> -> tensor<1x64xbf16> loc("layers.0.attn")
  %o = tile.linear %attn, %wo : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16> loc("layers.0.o")
  %h1 = tile.add %h0, %o : tensor<1x64xbf16> loc("layers.0.attn_residual")
  %n1 = tile.rmsnorm %h1, %mlp_norm {epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16> loc("layers.0.mlp_norm")
  %gate = tile.linear %n1, %wg : tensor<1x64xbf16>, tensor<128x64xbf16> -> tensor<1x128xbf16> loc("layers.0.gate")
  %up = tile.linear %n1, %wu : tensor<1x64xbf16>, tensor<128x64xbf16> -> tensor<1x128xbf16> loc("layers.0.up")
  %act = tile.silu_mul %gate, %up : tensor<1x128xbf16> loc("layers.0.mlp")
  %down = tile.linear %act, %wd : tensor<1x128xbf16>, tensor<64x128xbf16> -> tensor<1x64xbf16> loc("layers.0.down")
  %h2 = tile.add %h1, %down : tensor<1x64xbf16> loc("layers.0.mlp_residual")
  %nf = tile.rmsnorm %h2, %final_norm {epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16> loc("norm")
  %logits = tile.linear %nf, %lm_head : tensor<1x64xbf16>, tensor<128x64xbf16> -> tensor<1x128xf32> loc("lm_head")
  %next = tile.argmax %logits : tensor<1x128xf32> -> tensor<1xi32> loc("sample")
  return %next : tensor<1xi32>
}
