// RUN: tile-opt %s -split-input-file --tile-partition="workers=4 max-task-bytes=4096 kv-chunk=8" | FileCheck %s
// RUN: tile-opt %s -split-input-file --tile-partition="workers=2 target=host device=3" | FileCheck %s --check-prefix=OPTS

// tile-partition turns each graph function into a task program. Functions are
// split into separate modules: every program gets the same device id.

// Arguments become buffers by role, in argument order, then results as
// outputs: named by tile.output, or output<i> without one. A returned value
// is written straight into its output buffer.
// CHECK-LABEL: tile.program @roles device(0) target("sm_90a") workers(4) {
// CHECK-NEXT:    [[IDS:%.*]] = tile.buffer @ids kind(input) : memref<1xi32>
// CHECK-NEXT:    [[EMB:%.*]] = tile.buffer @model.embed_tokens.weight kind(weight) source("model.embed_tokens.weight") : memref<128x64xbf16>
// CHECK-NEXT:    [[KC:%.*]] = tile.buffer @layers.0.k_cache kind(kv_cache) : memref<16x32xbf16>
// CHECK-NEXT:    [[K:%.*]] = tile.buffer @k kind(input) : memref<32xbf16>
// CHECK-NEXT:    [[HID:%.*]] = tile.buffer @hidden kind(output) : memref<64xbf16>
// CHECK-NEXT:    [[OUT1:%.*]] = tile.buffer @output1 kind(output) : memref<64xbf16>
// CHECK-NEXT:    tile.task @embed.t0 {
// CHECK-NEXT:      tile.embed_row [[EMB]]{{\[}}[[IDS]]] to [[HID]] : memref<128x64xbf16>, memref<1xi32>, memref<64xbf16>
// CHECK-NEXT:    }
// The KV cache is updated in place: no new buffer.
// CHECK-NEXT:    tile.task @kv_append.t0 {
// CHECK-NEXT:      tile.kv_store [[K]] to [[KC]] : memref<32xbf16>, memref<16x32xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @add.t0 {
// CHECK-NEXT:      tile.ewise add [[HID]], [[HID]] to [[OUT1]] range(0, 64) : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @roles(
    %ids: tensor<1xi32> {tile.input = "ids"},
    %emb: tensor<128x64xbf16> {tile.weight = "model.embed_tokens.weight"},
    %kc: tensor<16x32xbf16> {tile.kv_cache = "layers.0.k_cache"},
    %k: tensor<1x32xbf16> {tile.input = "k"})
    -> (tensor<1x64xbf16> {tile.output = "hidden"}, tensor<1x64xbf16>) {
  %pos = tile.position : tensor<1xi32>
  %h = tile.embed %emb[%ids] : tensor<128x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  %kc1 = tile.kv_append %kc, %k, %pos : tensor<16x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<16x32xbf16>
  %d = tile.add %h, %h : tensor<1x64xbf16>
  return %h, %d : tensor<1x64xbf16>, tensor<1x64xbf16>
}

// -----

// Row blocks: 100 fp32 rows of 256 bytes, at most 4096 bytes (16 rows) per
// task, would make 7 tasks over 4 workers (two workers with two, two with
// one); the task count is rounded up to a multiple of the workers (8), so
// each task takes 13 rows, the last one 9. 64 bf16 rows of 128 bytes are
// spread over the 4 workers (16 rows each). Bias, residual and norm reach
// every tile.
// CHECK-LABEL: tile.program @rows
// CHECK-NEXT:    [[X:%.*]] = tile.buffer @x kind(input) : memref<64xf32>
// CHECK-NEXT:    [[W:%.*]] = tile.buffer @proj.weight kind(weight) source("proj.weight") : memref<100x64xf32>
// CHECK-NEXT:    [[B:%.*]] = tile.buffer @proj.bias kind(weight) source("proj.bias") : memref<100xf32>
// CHECK-NEXT:    [[WQ:%.*]] = tile.buffer @q.weight kind(weight) source("q.weight") : memref<64x64xbf16>
// CHECK-NEXT:    [[NW:%.*]] = tile.buffer @norm.weight kind(weight) source("norm.weight") : memref<64xbf16>
// CHECK-NEXT:    [[Y:%.*]] = tile.buffer @y kind(output) : memref<100xf32>
// CHECK-NEXT:    [[Q:%.*]] = tile.buffer @q kind(output) : memref<64xf32>
// CHECK-NEXT:    tile.task @linear.t0 {
// CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(0, 13) bias([[B]] : memref<100xf32>) : memref<100x64xf32>, memref<64xf32>, memref<100xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @linear.t1 {
// CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(13, 26) bias([[B]] : memref<100xf32>)
// CHECK:         tile.task @linear.t2 {
// CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(26, 39) bias([[B]] : memref<100xf32>)
// CHECK:         tile.task @linear.t3 {
// CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(39, 52) bias([[B]] : memref<100xf32>)
// CHECK:         tile.task @linear.t4 {
// CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(52, 65) bias([[B]] : memref<100xf32>)
// CHECK:         tile.task @linear.t5 {
// CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(65, 78) bias([[B]] : memref<100xf32>)
// CHECK:         tile.task @linear.t6 {
// CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(78, 91) bias([[B]] : memref<100xf32>)
// CHECK:         tile.task @linear.t7 {
// CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(91, 100) bias([[B]] : memref<100xf32>)
// Without a NameLoc, task names continue the stem's count.
// CHECK:         tile.task @linear.t8 {
// CHECK-NEXT:      tile.matvec [[WQ]], [[X]] to [[Q]] rows(0, 16) residual([[X]] : memref<64xf32>) norm([[NW]] : memref<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32} : memref<64x64xbf16>, memref<64xf32>, memref<64xf32>
// CHECK:         tile.task @linear.t9 {
// CHECK-NEXT:      tile.matvec [[WQ]], [[X]] to [[Q]] rows(16, 32) residual([[X]] : memref<64xf32>) norm([[NW]] : memref<64xbf16>)
// CHECK:         tile.task @linear.t10 {
// CHECK-NEXT:      tile.matvec [[WQ]], [[X]] to [[Q]] rows(32, 48) residual([[X]] : memref<64xf32>) norm([[NW]] : memref<64xbf16>)
// CHECK:         tile.task @linear.t11 {
// CHECK-NEXT:      tile.matvec [[WQ]], [[X]] to [[Q]] rows(48, 64) residual([[X]] : memref<64xf32>) norm([[NW]] : memref<64xbf16>){{.*}}
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @rows(
    %x: tensor<1x64xf32> {tile.input = "x"},
    %w: tensor<100x64xf32> {tile.weight = "proj.weight"},
    %b: tensor<100xf32> {tile.weight = "proj.bias"},
    %wq: tensor<64x64xbf16> {tile.weight = "q.weight"},
    %nw: tensor<64xbf16> {tile.weight = "norm.weight"})
    -> (tensor<1x100xf32> {tile.output = "y"}, tensor<1x64xf32> {tile.output = "q"}) {
  %y = tile.linear %x, %w bias %b : tensor<1x64xf32>, tensor<100x64xf32>, tensor<100xf32> -> tensor<1x100xf32>
  %q = tile.linear %x, %wq norm(%nw : tensor<64xbf16>) residual(%x : tensor<1x64xf32>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xf32>, tensor<64x64xbf16> -> tensor<1x64xf32>
  return %y, %q : tensor<1x100xf32>, tensor<1x64xf32>
}

// -----

// Sibling projections (same x, same norm: q, k and v) are split together:
// blocks of 22 of their 88 stacked rows (88 over 4 workers), so a block
// across two weights is a task for each part: q [0, 40) = (0, 22) (22, 40);
// k [40, 64) = (0, 4) (4, 24); v [64, 88) = (0, 2) (2, 24). A projection of
// the same x without the norm is split on its own (24 rows: 4 x 6).
// CHECK-LABEL: tile.program @siblings
// CHECK:         tile.task @q.t0 {
// CHECK-NEXT:      tile.matvec {{%.*}}, {{%.*}} to {{%.*}} rows(0, 22) norm(
// CHECK:         tile.task @q.t1 {
// CHECK-NEXT:      tile.matvec {{.*}} rows(22, 40) norm(
// CHECK:         tile.task @k.t0 {
// CHECK-NEXT:      tile.matvec {{.*}} rows(0, 4) norm(
// CHECK:         tile.task @k.t1 {
// CHECK-NEXT:      tile.matvec {{.*}} rows(4, 24) norm(
// CHECK:         tile.task @v.t0 {
// CHECK-NEXT:      tile.matvec {{.*}} rows(0, 2) norm(
// CHECK:         tile.task @v.t1 {
// CHECK-NEXT:      tile.matvec {{.*}} rows(2, 24) norm(
// CHECK:         tile.task @plain.t0 {
// CHECK-NEXT:      tile.matvec {{.*}} rows(0, 6) :
// CHECK:         tile.task @plain.t3 {
// CHECK-NEXT:      tile.matvec {{.*}} rows(18, 24) :
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @siblings(
    %x: tensor<1x64xbf16> {tile.input = "x"},
    %wq: tensor<40x64xbf16> {tile.weight = "q.weight"},
    %wk: tensor<24x64xbf16> {tile.weight = "k.weight"},
    %wv: tensor<24x64xbf16> {tile.weight = "v.weight"},
    %wp: tensor<24x64xbf16> {tile.weight = "p.weight"},
    %nw: tensor<64xbf16> {tile.weight = "norm.weight"})
    -> (tensor<1x40xbf16>, tensor<1x24xbf16>, tensor<1x24xbf16>, tensor<1x24xbf16>) {
  %q = tile.linear %x, %wq norm(%nw : tensor<64xbf16>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<40x64xbf16> -> tensor<1x40xbf16> loc("q")
  %p = tile.linear %x, %wp : tensor<1x64xbf16>, tensor<24x64xbf16> -> tensor<1x24xbf16> loc("plain")
  %k = tile.linear %x, %wk norm(%nw : tensor<64xbf16>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<24x64xbf16> -> tensor<1x24xbf16> loc("k")
  %v = tile.linear %x, %wv norm(%nw : tensor<64xbf16>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<24x64xbf16> -> tensor<1x24xbf16> loc("v")
  return %q, %k, %v, %p : tensor<1x40xbf16>, tensor<1x24xbf16>, tensor<1x24xbf16>, tensor<1x24xbf16>
}

// -----

// The o projection takes the attention's combine as its prologue: its
// tiles read the partials (x_type: the merged x's element type) and no
// combine tasks are made. Not when the attention output has another use,
// nor past TILEC_KERNEL_COMBINE_CHUNKS (8) chunks: 72 positions in chunks
// of 8 are 9, and every tile would re-read them all.
// CHECK-LABEL: tile.program @fold_combine
// CHECK:         [[P:%.*]] = tile.buffer @attn.partial kind(scratch) : memref<2x4x18xf32>
// CHECK-NOT:     tile.attention_combine
// CHECK:         tile.task @o.t0 {
// CHECK-NEXT:      tile.matvec {{%.*}}, [[P]] to {{%.*}} rows(0, 16) residual({{%.*}} : memref<64xbf16>) {x_type = bf16} : memref<64x64xbf16>, memref<2x4x18xf32>, memref<64xbf16>
func.func @fold_combine(
    %q: tensor<1x64xbf16> {tile.input = "q"},
    %kc: tensor<16x32xbf16> {tile.kv_cache = "k_cache"},
    %vc: tensor<16x32xbf16> {tile.kv_cache = "v_cache"},
    %k: tensor<1x32xbf16> {tile.input = "k"},
    %wo: tensor<64x64xbf16> {tile.weight = "o.weight"})
    -> (tensor<1x64xbf16> {tile.output = "y"}) {
  %pos = tile.position : tensor<1xi32>
  %kc1 = tile.kv_append %kc, %k, %pos : tensor<16x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<16x32xbf16>
  %vc1 = tile.kv_append %vc, %k, %pos : tensor<16x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<16x32xbf16>
  %o = tile.attention %q, %kc1, %vc1, %pos {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64}
      : tensor<1x64xbf16>, tensor<16x32xbf16>, tensor<16x32xbf16>, tensor<1xi32> -> tensor<1x64xbf16> loc("attn")
  %y = tile.linear %o, %wo residual(%q : tensor<1x64xbf16>) : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16> loc("o")
  return %y : tensor<1x64xbf16>
}

// -----

// CHECK-LABEL: tile.program @combine_two_uses
// CHECK:         tile.attention_combine
// CHECK:         tile.matvec {{.*}} : memref<64x64xbf16>, memref<64xbf16>, memref<64xbf16>
func.func @combine_two_uses(
    %q: tensor<1x64xbf16> {tile.input = "q"},
    %kc: tensor<16x32xbf16> {tile.kv_cache = "k_cache"},
    %vc: tensor<16x32xbf16> {tile.kv_cache = "v_cache"},
    %k: tensor<1x32xbf16> {tile.input = "k"},
    %wo: tensor<64x64xbf16> {tile.weight = "o.weight"})
    -> (tensor<1x64xbf16> {tile.output = "y"}, tensor<1x64xbf16> {tile.output = "attn"}) {
  %pos = tile.position : tensor<1xi32>
  %kc1 = tile.kv_append %kc, %k, %pos : tensor<16x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<16x32xbf16>
  %vc1 = tile.kv_append %vc, %k, %pos : tensor<16x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<16x32xbf16>
  %o = tile.attention %q, %kc1, %vc1, %pos {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64}
      : tensor<1x64xbf16>, tensor<16x32xbf16>, tensor<16x32xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  %y = tile.linear %o, %wo : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  return %y, %o : tensor<1x64xbf16>, tensor<1x64xbf16>
}

// -----

// CHECK-LABEL: tile.program @combine_many_chunks
// CHECK:         tile.buffer @attention.partial kind(scratch) : memref<9x4x18xf32>
// CHECK:         tile.attention_combine
// CHECK:         tile.matvec {{.*}} : memref<64x64xbf16>, memref<64xbf16>, memref<64xbf16>
func.func @combine_many_chunks(
    %q: tensor<1x64xbf16> {tile.input = "q"},
    %kc: tensor<72x32xbf16> {tile.kv_cache = "k_cache"},
    %vc: tensor<72x32xbf16> {tile.kv_cache = "v_cache"},
    %k: tensor<1x32xbf16> {tile.input = "k"},
    %wo: tensor<64x64xbf16> {tile.weight = "o.weight"})
    -> (tensor<1x64xbf16> {tile.output = "y"}) {
  %pos = tile.position : tensor<1xi32>
  %kc1 = tile.kv_append %kc, %k, %pos : tensor<72x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<72x32xbf16>
  %vc1 = tile.kv_append %vc, %k, %pos : tensor<72x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<72x32xbf16>
  %o = tile.attention %q, %kc1, %vc1, %pos {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64}
      : tensor<1x64xbf16>, tensor<72x32xbf16>, tensor<72x32xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  %y = tile.linear %o, %wo : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  return %y : tensor<1x64xbf16>
}

// -----

// A sibling whose residual is made after the first projection is split on
// its own, later; the projection after it, already split with the first,
// is not split again.
// CHECK-LABEL: tile.program @siblings_late_residual
// CHECK:         tile.task @a.t0 {
// CHECK:         tile.task @c.t0 {
// CHECK:         tile.task @r.t0 {
// CHECK:         tile.task @b.t0 {
// CHECK-NOT:     tile.task @c.t
func.func @siblings_late_residual(
    %x: tensor<1x64xbf16> {tile.input = "x"},
    %h: tensor<1x8xbf16> {tile.input = "h"},
    %wa: tensor<8x64xbf16> {tile.weight = "a.weight"},
    %wb: tensor<8x64xbf16> {tile.weight = "b.weight"},
    %wc: tensor<8x64xbf16> {tile.weight = "c.weight"})
    -> (tensor<1x8xbf16>, tensor<1x8xbf16>, tensor<1x8xbf16>) {
  %a = tile.linear %x, %wa : tensor<1x64xbf16>, tensor<8x64xbf16> -> tensor<1x8xbf16> loc("a")
  %r = tile.add %h, %h : tensor<1x8xbf16> loc("r")
  %b = tile.linear %x, %wb residual(%r : tensor<1x8xbf16>) : tensor<1x64xbf16>, tensor<8x64xbf16> -> tensor<1x8xbf16> loc("b")
  %c = tile.linear %x, %wc : tensor<1x64xbf16>, tensor<8x64xbf16> -> tensor<1x8xbf16> loc("c")
  return %a, %b, %c : tensor<1x8xbf16>, tensor<1x8xbf16>, tensor<1x8xbf16>
}

// -----

// swiglu_linear: 24 rows of gate and up (2 x 128 bytes each) are spread over
// 4 workers. Elementwise ops split into ranges of at least 256 elements.
// NameLocs name the tasks (an output buffer keeps its tile.output name).
// CHECK-LABEL: tile.program @mlp
// CHECK-NEXT:    [[H:%.*]] = tile.buffer @h kind(input) : memref<64xbf16>
// CHECK-NEXT:    [[NW:%.*]] = tile.buffer @mlp.norm.weight kind(weight) source("mlp.norm.weight") : memref<64xbf16>
// CHECK-NEXT:    [[G:%.*]] = tile.buffer @mlp.gate_proj.weight kind(weight) source("mlp.gate_proj.weight") : memref<24x64xbf16>
// CHECK-NEXT:    [[U:%.*]] = tile.buffer @mlp.up_proj.weight kind(weight) source("mlp.up_proj.weight") : memref<24x64xbf16>
// CHECK-NEXT:    [[R:%.*]] = tile.buffer @r kind(input) : memref<1024xbf16>
// CHECK-NEXT:    [[G2:%.*]] = tile.buffer @g2 kind(input) : memref<600xf32>
// CHECK-NEXT:    [[U2:%.*]] = tile.buffer @u2 kind(input) : memref<600xf32>
// CHECK-NEXT:    [[ACT:%.*]] = tile.buffer @act kind(output) : memref<24xbf16>
// CHECK-NEXT:    [[H2:%.*]] = tile.buffer @h2 kind(output) : memref<1024xbf16>
// CHECK-NEXT:    [[A2:%.*]] = tile.buffer @a2 kind(output) : memref<600xf32>
// CHECK-NEXT:    tile.task @layers.0.mlp.t0 {
// CHECK-NEXT:      tile.matvec_swiglu [[G]], [[U]], [[H]] to [[ACT]] rows(0, 6) norm([[NW]] : memref<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32} : memref<24x64xbf16>, memref<64xbf16>, memref<24xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @layers.0.mlp.t1 {
// CHECK-NEXT:      tile.matvec_swiglu [[G]], [[U]], [[H]] to [[ACT]] rows(6, 12) norm([[NW]] : memref<64xbf16>)
// CHECK:         tile.task @layers.0.mlp.t2 {
// CHECK-NEXT:      tile.matvec_swiglu [[G]], [[U]], [[H]] to [[ACT]] rows(12, 18) norm([[NW]] : memref<64xbf16>)
// CHECK:         tile.task @layers.0.mlp.t3 {
// CHECK-NEXT:      tile.matvec_swiglu [[G]], [[U]], [[H]] to [[ACT]] rows(18, 24) norm([[NW]] : memref<64xbf16>){{.*}}
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @layers.0.residual.t0 {
// CHECK-NEXT:      tile.ewise add [[R]], [[R]] to [[H2]] range(0, 256) : memref<1024xbf16>, memref<1024xbf16>, memref<1024xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @layers.0.residual.t1 {
// CHECK-NEXT:      tile.ewise add [[R]], [[R]] to [[H2]] range(256, 512)
// CHECK:         tile.task @layers.0.residual.t2 {
// CHECK-NEXT:      tile.ewise add [[R]], [[R]] to [[H2]] range(512, 768)
// CHECK:         tile.task @layers.0.residual.t3 {
// CHECK-NEXT:      tile.ewise add [[R]], [[R]] to [[H2]] range(768, 1024)
// CHECK:         tile.task @silu_mul.t0 {
// CHECK-NEXT:      tile.ewise silu_mul [[G2]], [[U2]] to [[A2]] range(0, 256) : memref<600xf32>, memref<600xf32>, memref<600xf32>
// CHECK:         tile.task @silu_mul.t1 {
// CHECK-NEXT:      tile.ewise silu_mul [[G2]], [[U2]] to [[A2]] range(256, 512)
// CHECK:         tile.task @silu_mul.t2 {
// CHECK-NEXT:      tile.ewise silu_mul [[G2]], [[U2]] to [[A2]] range(512, 600)
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @mlp(
    %h: tensor<1x64xbf16> {tile.input = "h"},
    %nw: tensor<64xbf16> {tile.weight = "mlp.norm.weight"},
    %wg: tensor<24x64xbf16> {tile.weight = "mlp.gate_proj.weight"},
    %wu: tensor<24x64xbf16> {tile.weight = "mlp.up_proj.weight"},
    %r: tensor<1x1024xbf16> {tile.input = "r"},
    %g2: tensor<1x600xf32> {tile.input = "g2"},
    %u2: tensor<1x600xf32> {tile.input = "u2"})
    -> (tensor<1x24xbf16> {tile.output = "act"}, tensor<1x1024xbf16> {tile.output = "h2"}, tensor<1x600xf32> {tile.output = "a2"}) {
  %a = tile.swiglu_linear %h, %wg, %wu norm(%nw : tensor<64xbf16>) {norm_epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<24x64xbf16> -> tensor<1x24xbf16> loc("layers.0.mlp")
  %h2 = tile.add %r, %r : tensor<1x1024xbf16> loc("layers.0.residual")
  %a2 = tile.silu_mul %g2, %u2 : tensor<1x600xf32>
  return %a, %h2, %a2 : tensor<1x24xbf16>, tensor<1x1024xbf16>, tensor<1x600xf32>
}

// -----

// rope and kv_append are one task each, named (like their result buffers)
// after the op's NameLoc. Attention over 20 cache positions with kv-chunk=8
// is 3 chunks (the last one short) per KV head, then one combine per group
// of query heads. The scratch partial is [chunks, heads, head_dim + 2] fp32,
// and scale defaults to 1/sqrt(head_dim).
// CHECK-LABEL: tile.program @attention
// CHECK-NEXT:    [[Q:%.*]] = tile.buffer @q kind(input) : memref<64xbf16>
// CHECK-NEXT:    [[K:%.*]] = tile.buffer @k kind(input) : memref<32xbf16>
// CHECK-NEXT:    [[V:%.*]] = tile.buffer @v kind(input) : memref<32xbf16>
// CHECK-NEXT:    [[KC:%.*]] = tile.buffer @k_cache kind(kv_cache) : memref<20x32xbf16>
// CHECK-NEXT:    [[VC:%.*]] = tile.buffer @v_cache kind(kv_cache) : memref<20x32xbf16>
// CHECK-NEXT:    [[QR:%.*]] = tile.buffer @layers.0.q kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[KR:%.*]] = tile.buffer @k_rot kind(activation) : memref<32xbf16>
// CHECK-NEXT:    [[O:%.*]] = tile.buffer @o kind(output) : memref<64xbf16>
// CHECK-NEXT:    [[P:%.*]] = tile.buffer @attn.partial kind(scratch) : memref<3x4x18xf32>
// CHECK-NEXT:    tile.task @layers.0.q.t0 {
// CHECK-NEXT:      tile.rope_heads [[Q]] to [[QR]] heads(0, 4) {head_dim = 16 : i64, theta = 1.000000e+04 : f32} : memref<64xbf16>, memref<64xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @k_rot.t0 {
// CHECK-NEXT:      tile.rope_heads [[K]] to [[KR]] heads(0, 2) {head_dim = 16 : i64, scaling = #tile.llama3_scaling<factor = 8.000000e+00, low_freq_factor = 1.000000e+00, high_freq_factor = 4.000000e+00, original_max_position = 8192>, theta = 5.000000e+05 : f32} : memref<32xbf16>, memref<32xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @k_store.t0 {
// CHECK-NEXT:      tile.kv_store [[KR]] to [[KC]] : memref<32xbf16>, memref<20x32xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @v_store.t0 {
// CHECK-NEXT:      tile.kv_store [[V]] to [[VC]] : memref<32xbf16>, memref<20x32xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @attn.partial.t0 {
// CHECK-NEXT:      tile.attention_partial [[QR]], [[KC]], [[VC]] to [[P]] kv_head(0) chunk(0) {chunk_size = 8 : i64, head_dim = 16 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 2.500000e-01 : f32} : memref<64xbf16>, memref<20x32xbf16>, memref<3x4x18xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @attn.partial.t1 {
// CHECK-NEXT:      tile.attention_partial [[QR]], [[KC]], [[VC]] to [[P]] kv_head(0) chunk(1) {chunk_size = 8 : i64
// CHECK:         tile.task @attn.partial.t2 {
// CHECK-NEXT:      tile.attention_partial [[QR]], [[KC]], [[VC]] to [[P]] kv_head(0) chunk(2) {chunk_size = 8 : i64
// CHECK:         tile.task @attn.partial.t3 {
// CHECK-NEXT:      tile.attention_partial [[QR]], [[KC]], [[VC]] to [[P]] kv_head(1) chunk(0) {chunk_size = 8 : i64
// CHECK:         tile.task @attn.partial.t4 {
// CHECK-NEXT:      tile.attention_partial [[QR]], [[KC]], [[VC]] to [[P]] kv_head(1) chunk(1) {chunk_size = 8 : i64
// CHECK:         tile.task @attn.partial.t5 {
// CHECK-NEXT:      tile.attention_partial [[QR]], [[KC]], [[VC]] to [[P]] kv_head(1) chunk(2) {chunk_size = 8 : i64
// CHECK:         tile.task @attn.t0 {
// CHECK-NEXT:      tile.attention_combine [[P]] to [[O]] heads(0, 2) : memref<3x4x18xf32>, memref<64xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @attn.t1 {
// CHECK-NEXT:      tile.attention_combine [[P]] to [[O]] heads(2, 4) : memref<3x4x18xf32>, memref<64xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @attention(
    %q: tensor<1x64xbf16> {tile.input = "q"},
    %k: tensor<1x32xbf16> {tile.input = "k"},
    %v: tensor<1x32xbf16> {tile.input = "v"},
    %kc: tensor<20x32xbf16> {tile.kv_cache = "k_cache"},
    %vc: tensor<20x32xbf16> {tile.kv_cache = "v_cache"})
    -> (tensor<1x64xbf16> {tile.output = "o"}) {
  %pos = tile.position : tensor<1xi32>
  %qr = tile.rope %q, %pos {head_dim = 16 : i64, theta = 1.0e+04 : f32} : tensor<1x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16> loc("layers.0.q")
  %kr = tile.rope %k, %pos {head_dim = 16 : i64, theta = 5.0e+05 : f32,
      scaling = #tile.llama3_scaling<factor = 8.0, low_freq_factor = 1.0, high_freq_factor = 4.0, original_max_position = 8192>}
      : tensor<1x32xbf16>, tensor<1xi32> -> tensor<1x32xbf16> loc("k_rot")
  %kc1 = tile.kv_append %kc, %kr, %pos : tensor<20x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<20x32xbf16> loc("k_store")
  %vc1 = tile.kv_append %vc, %v, %pos : tensor<20x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<20x32xbf16> loc("v_store")
  %o = tile.attention %qr, %kc1, %vc1, %pos {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64}
      : tensor<1x64xbf16>, tensor<20x32xbf16>, tensor<20x32xbf16>, tensor<1xi32> -> tensor<1x64xbf16> loc("attn")
  return %o : tensor<1x64xbf16>
}

// -----

// A cache shorter than kv-chunk is one chunk of its own length; an explicit
// scale is kept. One KV head serves all 4 query heads: one partial task and
// one combine task.
// CHECK-LABEL: tile.program @short_cache
// CHECK:         [[P:%.*]] = tile.buffer @attention.partial kind(scratch) : memref<1x4x10xf32>
// CHECK-NEXT:    tile.task @kv_append.t0 {
// CHECK:         tile.task @kv_append.t1 {
// CHECK:         tile.task @attention.partial.t0 {
// CHECK-NEXT:      tile.attention_partial {{%.*}}, {{%.*}}, {{%.*}} to [[P]] kv_head(0) chunk(0) {chunk_size = 4 : i64, head_dim = 8 : i64, num_heads = 4 : i64, num_kv_heads = 1 : i64, scale = 5.000000e-01 : f32}
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @attention.t0 {
// CHECK-NEXT:      tile.attention_combine [[P]] to {{%.*}} heads(0, 4) : memref<1x4x10xf32>, memref<32xf32>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
func.func @short_cache(
    %q: tensor<1x32xf32> {tile.input = "q"},
    %k: tensor<1x8xf32> {tile.input = "k"},
    %kc: tensor<4x8xf32> {tile.kv_cache = "k_cache"},
    %vc: tensor<4x8xf32> {tile.kv_cache = "v_cache"})
    -> (tensor<1x32xf32> {tile.output = "o"}) {
  %pos = tile.position : tensor<1xi32>
  %kc1 = tile.kv_append %kc, %k, %pos : tensor<4x8xf32>, tensor<1x8xf32>, tensor<1xi32> -> tensor<4x8xf32>
  %vc1 = tile.kv_append %vc, %k, %pos : tensor<4x8xf32>, tensor<1x8xf32>, tensor<1xi32> -> tensor<4x8xf32>
  %o = tile.attention %q, %kc1, %vc1, %pos {num_heads = 4 : i64, num_kv_heads = 1 : i64, head_dim = 8 : i64, scale = 0.5 : f32}
      : tensor<1x32xf32>, tensor<4x8xf32>, tensor<4x8xf32>, tensor<1xi32> -> tensor<1x32xf32>
  return %o : tensor<1x32xf32>
}

// -----

// The final norm is one task; logits are an activation named by the NameLoc;
// argmax writes the output token id.
// CHECK-LABEL: tile.program @greedy
// CHECK-NEXT:    [[H:%.*]] = tile.buffer @h kind(input) : memref<64xbf16>
// CHECK-NEXT:    [[NW:%.*]] = tile.buffer @model.norm.weight kind(weight) source("model.norm.weight") : memref<64xbf16>
// CHECK-NEXT:    [[LM:%.*]] = tile.buffer @lm_head.weight kind(weight) source("lm_head.weight") : memref<128x64xbf16>
// CHECK-NEXT:    [[N:%.*]] = tile.buffer @model.norm kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[L:%.*]] = tile.buffer @lm_head kind(activation) : memref<128xf32>
// CHECK-NEXT:    [[NEXT:%.*]] = tile.buffer @next_token kind(output) : memref<1xi32>
// CHECK-NEXT:    tile.task @model.norm.t0 {
// CHECK-NEXT:      tile.rmsnorm_rows [[H]], [[NW]] to [[N]] groups(0, 1) size(64) {epsilon = 9.99999974E-6 : f32} : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @lm_head.t0 {
// CHECK-NEXT:      tile.matvec [[LM]], [[N]] to [[L]] rows(0, 32) : memref<128x64xbf16>, memref<64xbf16>, memref<128xf32>
// CHECK:         tile.task @lm_head.t1 {
// CHECK-NEXT:      tile.matvec [[LM]], [[N]] to [[L]] rows(32, 64)
// CHECK:         tile.task @lm_head.t2 {
// CHECK-NEXT:      tile.matvec [[LM]], [[N]] to [[L]] rows(64, 96)
// CHECK:         tile.task @lm_head.t3 {
// CHECK-NEXT:      tile.matvec [[LM]], [[N]] to [[L]] rows(96, 128)
// CHECK:         tile.task @pick.t0 {
// CHECK-NEXT:      tile.argmax_row [[L]] to [[NEXT]] : memref<128xf32>, memref<1xi32>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
//
// With other options: target, device and workers reach the program; with
// 2 workers and the default max-task-bytes, 128 rows make 2 tasks.
// OPTS-LABEL: tile.program @greedy device(3) target("host") workers(2) {
// OPTS:         tile.task @lm_head.t0 {
// OPTS-NEXT:      tile.matvec {{.*}} rows(0, 64)
// OPTS:         tile.task @lm_head.t1 {
// OPTS-NEXT:      tile.matvec {{.*}} rows(64, 128)
// OPTS-NOT:     tile.task @lm_head.t2
func.func @greedy(
    %h: tensor<1x64xbf16> {tile.input = "h"},
    %nw: tensor<64xbf16> {tile.weight = "model.norm.weight"},
    %lm: tensor<128x64xbf16> {tile.weight = "lm_head.weight"})
    -> (tensor<1xi32> {tile.output = "next_token"}) {
  %n = tile.rmsnorm %h, %nw {epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16> loc("model.norm")
  %logits = tile.linear %n, %lm : tensor<1x64xbf16>, tensor<128x64xbf16> -> tensor<1x128xf32> loc("lm_head")
  %next = tile.argmax %logits : tensor<1x128xf32> -> tensor<1xi32> loc("pick")
  return %next : tensor<1xi32>
}
