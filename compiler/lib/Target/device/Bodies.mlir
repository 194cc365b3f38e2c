// Task bodies, one per task kind of tilec/schedule_table.h, run by all
// TILEC_KERNEL_THREADS threads of the CTA. Each returns a fault code
// (0: none). Arithmetic is fp32 whatever the storage dtype.

llvm.func internal @exp_approx(%x: f32) -> f32 attributes {always_inline} {
  %log2e = arith.constant 1.44269504 : f32
  %y = arith.mulf %x, %log2e : f32
  %r = llvm.inline_asm "ex2.approx.f32 $0, $1;", "=f,f" %y : (f32) -> f32
  llvm.return %r : f32
}

llvm.func internal @silu(%x: f32) -> f32 attributes {always_inline} {
  %neg = arith.negf %x : f32
  %e = llvm.call @exp_approx(%neg) : (f32) -> f32
  %one = arith.constant 1.0 : f32
  %d = arith.addf %one, %e : f32
  %r = arith.divf %x, %d : f32
  llvm.return %r : f32
}

// silu(x) * z (silu) or x + z, lane by lane.
llvm.func internal @ewise4(%x: vector<4xf32>, %z: vector<4xf32>, %silu: i1) -> vector<4xf32> attributes {always_inline} {
  %sum = arith.addf %x, %z : vector<4xf32>
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %x0 = llvm.extractelement %x[%k0 : i64] : vector<4xf32>
  %x1 = llvm.extractelement %x[%k1 : i64] : vector<4xf32>
  %x2 = llvm.extractelement %x[%k2 : i64] : vector<4xf32>
  %x3 = llvm.extractelement %x[%k3 : i64] : vector<4xf32>
  %s0 = llvm.call @silu(%x0) : (f32) -> f32
  %s1 = llvm.call @silu(%x1) : (f32) -> f32
  %s2 = llvm.call @silu(%x2) : (f32) -> f32
  %s3 = llvm.call @silu(%x3) : (f32) -> f32
  %u = llvm.mlir.undef : vector<4xf32>
  %v0 = llvm.insertelement %s0, %u[%k0 : i64] : vector<4xf32>
  %v1 = llvm.insertelement %s1, %v0[%k1 : i64] : vector<4xf32>
  %v2 = llvm.insertelement %s2, %v1[%k2 : i64] : vector<4xf32>
  %v3 = llvm.insertelement %s3, %v2[%k3 : i64] : vector<4xf32>
  %prod = arith.mulf %v3, %z : vector<4xf32>
  %r = arith.select %silu, %prod, %sum : vector<4xf32>
  llvm.return %r : vector<4xf32>
}

// silu(x) * z (silu) or x + z.
llvm.func internal @ewise1(%x: f32, %z: f32, %silu: i1) -> f32 attributes {always_inline} {
  %r = scf.if %silu -> f32 {
    %s = llvm.call @silu(%x) : (f32) -> f32
    %m = arith.mulf %s, %z : f32
    scf.yield %m : f32
  } else {
    %s = arith.addf %x, %z : f32
    scf.yield %s : f32
  }
  llvm.return %r : f32
}

// ADD (silu = false) and SILU_MUL (silu = true) over elements [ip0, ip1):
// 16-byte words where all three operands allow them, the rest element by
// element.
llvm.func internal @body_ewise(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %silu: i1) -> i32 attributes {passthrough = ["noinline"]} {
  %k0 = arith.constant 0 : i64
  %c8 = arith.constant 8 : i64
  %low = arith.constant 7 : i64
  %ADD_OP_a = arith.constant ${ADD_OP_a} : i64
  %a = llvm.call @operand(%t, %arena, %ADD_OP_a) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ADD_OP_b = arith.constant ${ADD_OP_b} : i64
  %b = llvm.call @operand(%t, %arena, %ADD_OP_b) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ADD_OP_y = arith.constant ${ADD_OP_y} : i64
  %y = llvm.call @operand(%t, %arena, %ADD_OP_y) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %da = llvm.call @dtype(%t, %ADD_OP_a) : (!llvm.ptr<1>, i64) -> i32
  %db = llvm.call @dtype(%t, %ADD_OP_b) : (!llvm.ptr<1>, i64) -> i32
  %dy = llvm.call @dtype(%t, %ADD_OP_y) : (!llvm.ptr<1>, i64) -> i32
  %ADD_IP_i0 = arith.constant ${ADD_IP_i0} : i64
  %begin = llvm.call @ip(%t, %ADD_IP_i0) : (!llvm.ptr<1>, i64) -> i64
  %ADD_IP_i1 = arith.constant ${ADD_IP_i1} : i64
  %end = llvm.call @ip(%t, %ADD_IP_i1) : (!llvm.ptr<1>, i64) -> i64
  %aOk = llvm.call @word_aligned(%a, %da, %begin) : (!llvm.ptr<1>, i32, i64) -> i1
  %bOk = llvm.call @word_aligned(%b, %db, %begin) : (!llvm.ptr<1>, i32, i64) -> i1
  %yOk = llvm.call @word_aligned(%y, %dy, %begin) : (!llvm.ptr<1>, i32, i64) -> i1
  %abOk = arith.andi %aOk, %bOk : i1
  %vec = arith.andi %abOk, %yOk : i1
  %n = arith.subi %end, %begin : i64
  %rem = arith.andi %n, %low : i64
  %n8v = arith.subi %n, %rem : i64
  %n8 = arith.select %vec, %n8v, %k0 : i64
  %words = arith.addi %begin, %n8 : i64
  %tid64 = arith.extui %tid : i32 to i64
  %step = arith.constant ${THREADS} : i64
  %wstep = arith.muli %step, %c8 : i64
  %tid8 = arith.muli %tid64, %c8 : i64
  %wfirst = arith.addi %begin, %tid8 : i64
  scf.for %i = %wfirst to %words step %wstep : i64 {
    %la = llvm.call @load8(%a, %da, %i) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %lb = llvm.call @load8(%b, %db, %i) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %fa = llvm.call @widen8(%la, %da) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %fb = llvm.call @widen8(%lb, %db) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %xa = llvm.extractvalue %fa[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %xb = llvm.extractvalue %fa[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %za = llvm.extractvalue %fb[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %zb = llvm.extractvalue %fb[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %ra = llvm.call @ewise4(%xa, %za, %silu) : (vector<4xf32>, vector<4xf32>, i1) -> vector<4xf32>
    %rb = llvm.call @ewise4(%xb, %zb, %silu) : (vector<4xf32>, vector<4xf32>, i1) -> vector<4xf32>
    llvm.call @store8(%y, %dy, %i, %ra, %rb) : (!llvm.ptr<1>, i32, i64, vector<4xf32>, vector<4xf32>) -> ()
  }
  %first = arith.addi %words, %tid64 : i64
  scf.for %i = %first to %end step %step : i64 {
    %x = llvm.call @ld(%a, %da, %i) : (!llvm.ptr<1>, i32, i64) -> f32
    %z = llvm.call @ld(%b, %db, %i) : (!llvm.ptr<1>, i32, i64) -> f32
    %r = llvm.call @ewise1(%x, %z, %silu) : (f32, f32, i1) -> f32
    llvm.call @st(%y, %dy, %i, %r) : (!llvm.ptr<1>, i32, i64, f32) -> ()
  }
  %ok = arith.constant 0 : i32
  llvm.return %ok : i32
}

// 1 / sqrt(sum / n + eps), sum the CTA's total of every thread's partial
// sum of squares: an RMS norm's scale, in every thread (a barrier inside).
llvm.func internal @rms_scale(%partial: f32, %n: i64, %eps: f32, %tid: i32) -> f32 attributes {always_inline} {
  %sum = llvm.call @cta_sum(%partial, %tid) : (f32, i32) -> f32
  %nf = arith.uitofp %n : i64 to f32
  %mean = arith.divf %sum, %nf : f32
  %var = arith.addf %mean, %eps : f32
  %root = llvm.inline_asm "sqrt.rn.f32 $0, $1;", "=f,f" %var : (f32) -> f32
  %one = arith.constant 1.0 : f32
  %inv = arith.divf %one, %root : f32
  llvm.return %inv : f32
}

// 1 / sqrt(mean(x[begin, begin + n)^2) + eps) over the CTA, in every
// thread; 16-byte words when x allows them, the rest element by element.
llvm.func internal @inv_rms(%x: !llvm.ptr<1>, %dx: i32, %begin: i64, %n: i64, %eps: f32, %tid: i32) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c8 = arith.constant 8 : i64
  %low = arith.constant 7 : i64
  %tid64 = arith.extui %tid : i32 to i64
  %step = arith.constant ${THREADS} : i64
  %wstep = arith.muli %step, %c8 : i64
  %zero = arith.constant 0.0 : f32
  %vec = llvm.call @word_aligned(%x, %dx, %begin) : (!llvm.ptr<1>, i32, i64) -> i1
  %rem = arith.andi %n, %low : i64
  %n8v = arith.subi %n, %rem : i64
  %n8 = arith.select %vec, %n8v, %k0 : i64
  %tid8 = arith.muli %tid64, %c8 : i64
  %words = scf.for %k = %tid8 to %n8 step %wstep iter_args(%acc = %zero) -> (f32) : i64 {
    %i = arith.addi %begin, %k : i64
    %f = llvm.call @read8(%x, %dx, %i) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %a = llvm.extractvalue %f[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %b = llvm.extractvalue %f[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %s = llvm.call @sumsq8(%a, %b, %acc) : (vector<4xf32>, vector<4xf32>, f32) -> f32
    scf.yield %s : f32
  }
  %first = arith.addi %n8, %tid64 : i64
  %partial = scf.for %k = %first to %n step %step iter_args(%acc = %words) -> (f32) : i64 {
    %i = arith.addi %begin, %k : i64
    %v = llvm.call @ld(%x, %dx, %i) : (!llvm.ptr<1>, i32, i64) -> f32
    %sq = arith.mulf %v, %v : f32
    %s = arith.addf %acc, %sq : f32
    scf.yield %s : f32
  }
  %inv = llvm.call @rms_scale(%partial, %n, %eps, %tid) : (f32, i64, f32, i32) -> f32
  llvm.return %inv : f32
}

// RMSNORM: groups [g0, g1) of ip0 elements each, y = x * inv_rms * w;
// 16-byte words where x, w and y allow them, the rest element by element.
llvm.func internal @body_rmsnorm(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %c8 = arith.constant 8 : i64
  %low = arith.constant 7 : i64
  %RMSNORM_OP_x = arith.constant ${RMSNORM_OP_x} : i64
  %x = llvm.call @operand(%t, %arena, %RMSNORM_OP_x) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %RMSNORM_OP_w = arith.constant ${RMSNORM_OP_w} : i64
  %w = llvm.call @operand(%t, %arena, %RMSNORM_OP_w) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %RMSNORM_OP_y = arith.constant ${RMSNORM_OP_y} : i64
  %y = llvm.call @operand(%t, %arena, %RMSNORM_OP_y) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dx = llvm.call @dtype(%t, %RMSNORM_OP_x) : (!llvm.ptr<1>, i64) -> i32
  %dw = llvm.call @dtype(%t, %RMSNORM_OP_w) : (!llvm.ptr<1>, i64) -> i32
  %dy = llvm.call @dtype(%t, %RMSNORM_OP_y) : (!llvm.ptr<1>, i64) -> i32
  %RMSNORM_IP_G = arith.constant ${RMSNORM_IP_G} : i64
  %size = llvm.call @ip(%t, %RMSNORM_IP_G) : (!llvm.ptr<1>, i64) -> i64
  %RMSNORM_IP_g0 = arith.constant ${RMSNORM_IP_g0} : i64
  %g0 = llvm.call @ip(%t, %RMSNORM_IP_g0) : (!llvm.ptr<1>, i64) -> i64
  %RMSNORM_IP_g1 = arith.constant ${RMSNORM_IP_g1} : i64
  %g1 = llvm.call @ip(%t, %RMSNORM_IP_g1) : (!llvm.ptr<1>, i64) -> i64
  %RMSNORM_FP_eps = arith.constant ${RMSNORM_FP_eps} : i64
  %eps = llvm.call @fp(%t, %RMSNORM_FP_eps) : (!llvm.ptr<1>, i64) -> f32
  %tid64 = arith.extui %tid : i32 to i64
  %step = arith.constant ${THREADS} : i64
  %wstep = arith.muli %step, %c8 : i64
  %tid8 = arith.muli %tid64, %c8 : i64
  %wOk = llvm.call @word_aligned(%w, %dw, %k0) : (!llvm.ptr<1>, i32, i64) -> i1
  %rem = arith.andi %size, %low : i64
  %n8v = arith.subi %size, %rem : i64
  scf.for %g = %g0 to %g1 step %k1 : i64 {
    %begin = arith.muli %g, %size : i64
    %inv = llvm.call @inv_rms(%x, %dx, %begin, %size, %eps, %tid) : (!llvm.ptr<1>, i32, i64, i64, f32, i32) -> f32
    %xOk = llvm.call @word_aligned(%x, %dx, %begin) : (!llvm.ptr<1>, i32, i64) -> i1
    %yOk = llvm.call @word_aligned(%y, %dy, %begin) : (!llvm.ptr<1>, i32, i64) -> i1
    %xyOk = arith.andi %xOk, %yOk : i1
    %vec = arith.andi %xyOk, %wOk : i1
    %n8 = arith.select %vec, %n8v, %k0 : i64
    %u = llvm.mlir.undef : vector<4xf32>
    %invA = llvm.insertelement %inv, %u[%k0 : i64] : vector<4xf32>
    %invv = llvm.shufflevector %invA, %u [0, 0, 0, 0] : vector<4xf32>
    scf.for %k = %tid8 to %n8 step %wstep : i64 {
      %i = arith.addi %begin, %k : i64
      %lx = llvm.call @load8(%x, %dx, %i) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %lw = llvm.call @load8(%w, %dw, %k) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %fx = llvm.call @widen8(%lx, %dx) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %fw = llvm.call @widen8(%lw, %dw) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %xa = llvm.extractvalue %fx[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %xb = llvm.extractvalue %fx[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %wa = llvm.extractvalue %fw[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %wb = llvm.extractvalue %fw[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %na = arith.mulf %xa, %invv : vector<4xf32>
      %nb = arith.mulf %xb, %invv : vector<4xf32>
      %ra = arith.mulf %na, %wa : vector<4xf32>
      %rb = arith.mulf %nb, %wb : vector<4xf32>
      llvm.call @store8(%y, %dy, %i, %ra, %rb) : (!llvm.ptr<1>, i32, i64, vector<4xf32>, vector<4xf32>) -> ()
    }
    %first = arith.addi %n8, %tid64 : i64
    scf.for %k = %first to %size step %step : i64 {
      %i = arith.addi %begin, %k : i64
      %v = llvm.call @ld(%x, %dx, %i) : (!llvm.ptr<1>, i32, i64) -> f32
      %wv = llvm.call @ld(%w, %dw, %k) : (!llvm.ptr<1>, i32, i64) -> f32
      %n = arith.mulf %v, %inv : f32
      %r = arith.mulf %n, %wv : f32
      llvm.call @st(%y, %dy, %i, %r) : (!llvm.ptr<1>, i32, i64, f32) -> ()
    }
  }
  %ok = arith.constant 0 : i32
  llvm.return %ok : i32
}

// EMBED: out = table[ids[0]]; an id outside [0, V) is a BAD_INDEX fault.
llvm.func internal @body_embed(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %EMBED_OP_table = arith.constant ${EMBED_OP_table} : i64
  %table = llvm.call @operand(%t, %arena, %EMBED_OP_table) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %EMBED_OP_ids = arith.constant ${EMBED_OP_ids} : i64
  %ids = llvm.call @operand(%t, %arena, %EMBED_OP_ids) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %EMBED_OP_out = arith.constant ${EMBED_OP_out} : i64
  %out = llvm.call @operand(%t, %arena, %EMBED_OP_out) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dt = llvm.call @dtype(%t, %EMBED_OP_table) : (!llvm.ptr<1>, i64) -> i32
  %do = llvm.call @dtype(%t, %EMBED_OP_out) : (!llvm.ptr<1>, i64) -> i32
  %EMBED_IP_V = arith.constant ${EMBED_IP_V} : i64
  %vocab = llvm.call @ip(%t, %EMBED_IP_V) : (!llvm.ptr<1>, i64) -> i64
  %EMBED_IP_H = arith.constant ${EMBED_IP_H} : i64
  %hidden = llvm.call @ip(%t, %EMBED_IP_H) : (!llvm.ptr<1>, i64) -> i64
  %id32 = llvm.load %ids : !llvm.ptr<1> -> i32
  %id = arith.extsi %id32 : i32 to i64
  %zero = arith.constant 0 : i64
  %neg = arith.cmpi slt, %id, %zero : i64
  %big = arith.cmpi sge, %id, %vocab : i64
  %bad = arith.ori %neg, %big : i1
  %code = scf.if %bad -> i32 {
    llvm.call @set_fault_value(%id, %tid) : (i64, i32) -> ()
    %c = arith.constant ${FAULT_BAD_INDEX} : i32
    scf.yield %c : i32
  } else {
    %row = arith.muli %id, %hidden : i64
    llvm.call @copy_elems(%table, %dt, %row, %out, %do, %zero, %hidden, %tid) : (!llvm.ptr<1>, i32, i64, !llvm.ptr<1>, i32, i64, i64, i32) -> ()
    %c = arith.constant 0 : i32
    scf.yield %c : i32
  }
  llvm.return %code : i32
}

// KV_STORE: cache[pos, :] = src, each head rotated first when ip2 (its
// head_dim) > 0; pos outside [0, S) is a BAD_INDEX fault.
llvm.func internal @body_kv_store(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %pos: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %KV_STORE_OP_src = arith.constant ${KV_STORE_OP_src} : i64
  %src = llvm.call @operand(%t, %arena, %KV_STORE_OP_src) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %KV_STORE_OP_cache = arith.constant ${KV_STORE_OP_cache} : i64
  %cache = llvm.call @operand(%t, %arena, %KV_STORE_OP_cache) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ds = llvm.call @dtype(%t, %KV_STORE_OP_src) : (!llvm.ptr<1>, i64) -> i32
  %dc = llvm.call @dtype(%t, %KV_STORE_OP_cache) : (!llvm.ptr<1>, i64) -> i32
  %KV_STORE_IP_S = arith.constant ${KV_STORE_IP_S} : i64
  %rows = llvm.call @ip(%t, %KV_STORE_IP_S) : (!llvm.ptr<1>, i64) -> i64
  %KV_STORE_IP_D = arith.constant ${KV_STORE_IP_D} : i64
  %width = llvm.call @ip(%t, %KV_STORE_IP_D) : (!llvm.ptr<1>, i64) -> i64
  %p = arith.extsi %pos : i32 to i64
  %zero = arith.constant 0 : i64
  %neg = arith.cmpi slt, %p, %zero : i64
  %big = arith.cmpi sge, %p, %rows : i64
  %bad = arith.ori %neg, %big : i1
  %code = scf.if %bad -> i32 {
    llvm.call @set_fault_value(%p, %tid) : (i64, i32) -> ()
    %c = arith.constant ${FAULT_BAD_INDEX} : i32
    scf.yield %c : i32
  } else {
    %row = arith.muli %p, %width : i64
    %KV_STORE_IP_head_dim = arith.constant ${KV_STORE_IP_head_dim} : i64
    %headDim = llvm.call @ip(%t, %KV_STORE_IP_head_dim) : (!llvm.ptr<1>, i64) -> i64
    %rotate = arith.cmpi ne, %headDim, %zero : i64
    scf.if %rotate {
      %heads = arith.divui %width, %headDim : i64
      %prm = llvm.call @rope_params(%t, %headDim, %pos) : (!llvm.ptr<1>, i64, i32) -> !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
      llvm.call @rotate_heads(%src, %ds, %cache, %dc, %row, %headDim, %zero, %heads, %prm, %tid) : (!llvm.ptr<1>, i32, !llvm.ptr<1>, i32, i64, i64, i64, i64, !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i32) -> ()
    } else {
      llvm.call @copy_elems(%src, %ds, %zero, %cache, %dc, %row, %width, %tid) : (!llvm.ptr<1>, i32, i64, !llvm.ptr<1>, i32, i64, i64, i32) -> ()
    }
    %c = arith.constant 0 : i32
    scf.yield %c : i32
  }
  llvm.return %code : i32
}

// ROPE_APPEND: q_out = q with its Hq heads rotated, k_cache[pos] = k
// rotated, v_cache[pos] = v; pos outside [0, S) is a BAD_INDEX fault. The
// three parts touch disjoint memory (q_out may be q: rotate_heads reads a
// pair before writing it), so no barrier between them.
llvm.func internal @body_rope_append(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %pos: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %ROPE_APPEND_OP_q = arith.constant ${ROPE_APPEND_OP_q} : i64
  %q = llvm.call @operand(%t, %arena, %ROPE_APPEND_OP_q) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ROPE_APPEND_OP_q_out = arith.constant ${ROPE_APPEND_OP_q_out} : i64
  %qOut = llvm.call @operand(%t, %arena, %ROPE_APPEND_OP_q_out) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ROPE_APPEND_OP_k = arith.constant ${ROPE_APPEND_OP_k} : i64
  %k = llvm.call @operand(%t, %arena, %ROPE_APPEND_OP_k) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ROPE_APPEND_OP_k_cache = arith.constant ${ROPE_APPEND_OP_k_cache} : i64
  %kc = llvm.call @operand(%t, %arena, %ROPE_APPEND_OP_k_cache) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ROPE_APPEND_OP_v = arith.constant ${ROPE_APPEND_OP_v} : i64
  %v = llvm.call @operand(%t, %arena, %ROPE_APPEND_OP_v) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ROPE_APPEND_OP_v_cache = arith.constant ${ROPE_APPEND_OP_v_cache} : i64
  %vc = llvm.call @operand(%t, %arena, %ROPE_APPEND_OP_v_cache) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dq = llvm.call @dtype(%t, %ROPE_APPEND_OP_q) : (!llvm.ptr<1>, i64) -> i32
  %dqo = llvm.call @dtype(%t, %ROPE_APPEND_OP_q_out) : (!llvm.ptr<1>, i64) -> i32
  %dk = llvm.call @dtype(%t, %ROPE_APPEND_OP_k) : (!llvm.ptr<1>, i64) -> i32
  %dkc = llvm.call @dtype(%t, %ROPE_APPEND_OP_k_cache) : (!llvm.ptr<1>, i64) -> i32
  %dv = llvm.call @dtype(%t, %ROPE_APPEND_OP_v) : (!llvm.ptr<1>, i64) -> i32
  %dvc = llvm.call @dtype(%t, %ROPE_APPEND_OP_v_cache) : (!llvm.ptr<1>, i64) -> i32
  %ROPE_APPEND_IP_D = arith.constant ${ROPE_APPEND_IP_D} : i64
  %dim = llvm.call @ip(%t, %ROPE_APPEND_IP_D) : (!llvm.ptr<1>, i64) -> i64
  %ROPE_APPEND_IP_Hq = arith.constant ${ROPE_APPEND_IP_Hq} : i64
  %heads = llvm.call @ip(%t, %ROPE_APPEND_IP_Hq) : (!llvm.ptr<1>, i64) -> i64
  %ROPE_APPEND_IP_S = arith.constant ${ROPE_APPEND_IP_S} : i64
  %rows = llvm.call @ip(%t, %ROPE_APPEND_IP_S) : (!llvm.ptr<1>, i64) -> i64
  %ROPE_APPEND_IP_Dkv = arith.constant ${ROPE_APPEND_IP_Dkv} : i64
  %width = llvm.call @ip(%t, %ROPE_APPEND_IP_Dkv) : (!llvm.ptr<1>, i64) -> i64
  %p = arith.extsi %pos : i32 to i64
  %zero = arith.constant 0 : i64
  %neg = arith.cmpi slt, %p, %zero : i64
  %big = arith.cmpi sge, %p, %rows : i64
  %bad = arith.ori %neg, %big : i1
  %code = scf.if %bad -> i32 {
    llvm.call @set_fault_value(%p, %tid) : (i64, i32) -> ()
    %c = arith.constant ${FAULT_BAD_INDEX} : i32
    scf.yield %c : i32
  } else {
    %row = arith.muli %p, %width : i64
    %kvHeads = arith.divui %width, %dim : i64
    // rope_params reads the rotation at rope's slots, which rope_append shares.
    %prm = llvm.call @rope_params(%t, %dim, %pos) : (!llvm.ptr<1>, i64, i32) -> !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
    llvm.call @rotate_heads(%q, %dq, %qOut, %dqo, %zero, %dim, %zero, %heads, %prm, %tid) : (!llvm.ptr<1>, i32, !llvm.ptr<1>, i32, i64, i64, i64, i64, !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i32) -> ()
    llvm.call @rotate_heads(%k, %dk, %kc, %dkc, %row, %dim, %zero, %kvHeads, %prm, %tid) : (!llvm.ptr<1>, i32, !llvm.ptr<1>, i32, i64, i64, i64, i64, !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i32) -> ()
    llvm.call @copy_elems(%v, %dv, %zero, %vc, %dvc, %row, %width, %tid) : (!llvm.ptr<1>, i32, i64, !llvm.ptr<1>, i32, i64, i64, i32) -> ()
    %c = arith.constant 0 : i32
    scf.yield %c : i32
  }
  llvm.return %code : i32
}

// (value, index) of the better of two candidates: larger value, then
// smaller index (torch.argmax picks the first maximum).
llvm.func internal @better(%v: f32, %i: i32, %w: f32, %j: i32) -> i1 attributes {always_inline} {
  %gt = arith.cmpf ogt, %w, %v : f32
  %eq = arith.cmpf oeq, %w, %v : f32
  %lt = arith.cmpi slt, %j, %i : i32
  %tie = arith.andi %eq, %lt : i1
  %r = arith.ori %gt, %tie : i1
  llvm.return %r : i1
}

// The better of (bv, bi) and the four candidates (v[j], i + j), j = 0..3;
// none of them when `valid` is false.
llvm.func internal @argmax4(%v: vector<4xf32>, %i: i32, %valid: i1, %bv: f32, %bi: i32) -> !llvm.struct<(f32, i32)> attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %one = arith.constant 1 : i32
  %e0 = llvm.extractelement %v[%k0 : i64] : vector<4xf32>
  %t0 = llvm.call @better(%bv, %bi, %e0, %i) : (f32, i32, f32, i32) -> i1
  %u0 = arith.andi %t0, %valid : i1
  %v0 = arith.select %u0, %e0, %bv : f32
  %i0 = arith.select %u0, %i, %bi : i32
  %j1 = arith.addi %i, %one : i32
  %e1 = llvm.extractelement %v[%k1 : i64] : vector<4xf32>
  %t1 = llvm.call @better(%v0, %i0, %e1, %j1) : (f32, i32, f32, i32) -> i1
  %u1 = arith.andi %t1, %valid : i1
  %v1 = arith.select %u1, %e1, %v0 : f32
  %i1 = arith.select %u1, %j1, %i0 : i32
  %j2 = arith.addi %j1, %one : i32
  %e2 = llvm.extractelement %v[%k2 : i64] : vector<4xf32>
  %t2 = llvm.call @better(%v1, %i1, %e2, %j2) : (f32, i32, f32, i32) -> i1
  %u2 = arith.andi %t2, %valid : i1
  %v2 = arith.select %u2, %e2, %v1 : f32
  %i2 = arith.select %u2, %j2, %i1 : i32
  %j3 = arith.addi %j2, %one : i32
  %e3 = llvm.extractelement %v[%k3 : i64] : vector<4xf32>
  %t3 = llvm.call @better(%v2, %i2, %e3, %j3) : (f32, i32, f32, i32) -> i1
  %u3 = arith.andi %t3, %valid : i1
  %v3 = arith.select %u3, %e3, %v2 : f32
  %i3 = arith.select %u3, %j3, %i2 : i32
  %r0 = llvm.mlir.undef : !llvm.struct<(f32, i32)>
  %r1 = llvm.insertvalue %v3, %r0[0] : !llvm.struct<(f32, i32)>
  %r2 = llvm.insertvalue %i3, %r1[1] : !llvm.struct<(f32, i32)>
  llvm.return %r2 : !llvm.struct<(f32, i32)>
}

// The better of (bv, bi) and elements [i, i + 8) of raw (@load8's words).
llvm.func internal @argmax8(%raw: !llvm.struct<(vector<4xi32>, vector<4xi32>)>, %dtype: i32, %i: i64, %valid: i1, %bv: f32, %bi: i32) -> !llvm.struct<(f32, i32)> attributes {always_inline} {
  %c4 = arith.constant 4 : i32
  %f = llvm.call @widen8(%raw, %dtype) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %a = llvm.extractvalue %f[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %b = llvm.extractvalue %f[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %i32 = arith.trunci %i : i64 to i32
  %ra = llvm.call @argmax4(%a, %i32, %valid, %bv, %bi) : (vector<4xf32>, i32, i1, f32, i32) -> !llvm.struct<(f32, i32)>
  %va = llvm.extractvalue %ra[0] : !llvm.struct<(f32, i32)>
  %ia = llvm.extractvalue %ra[1] : !llvm.struct<(f32, i32)>
  %i4 = arith.addi %i32, %c4 : i32
  %rb = llvm.call @argmax4(%b, %i4, %valid, %va, %ia) : (vector<4xf32>, i32, i1, f32, i32) -> !llvm.struct<(f32, i32)>
  llvm.return %rb : !llvm.struct<(f32, i32)>
}

// ARGMAX's 16-byte word pass: this thread's best (value, index) over the
// words of the first n8 logits, eight words (sixteen loads for f32) in
// flight per trip (the whole vocabulary is read by one CTA), and n8, where the element pass takes over (0 when the logits
// have no word path: f16 or unaligned).
llvm.func internal @argmax_words(%logits: !llvm.ptr<1>, %dl: i32, %vocab: i64, %tid: i32) -> !llvm.struct<(f32, i32, i64)> attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c8 = arith.constant 8 : i64
  %low = arith.constant 7 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %none = arith.constant 2147483647 : i32
  %threads = arith.constant ${THREADS} : i64
  %block = arith.muli %threads, %c8 : i64
  %wordsPerTrip = arith.constant 8 : i64
  %trip = arith.muli %block, %wordsPerTrip : i64
  %vec = llvm.call @word_aligned(%logits, %dl, %k0) : (!llvm.ptr<1>, i32, i64) -> i1
  %rem = arith.andi %vocab, %low : i64
  %n8v = arith.subi %vocab, %rem : i64
  %n8 = arith.select %vec, %n8v, %k0 : i64
  %tid64 = arith.extui %tid : i32 to i64
  %first = arith.muli %tid64, %c8 : i64
  %best:2 = scf.for %b = %first to %n8 step %trip iter_args(%bv = %ninf, %bi = %none) -> (f32, i32) : i64 {
    %v0 = arith.cmpi ult, %b, %n8 : i64
    %i0 = arith.select %v0, %b, %k0 : i64
    %c1 = arith.addi %b, %block : i64
    %v1 = arith.cmpi ult, %c1, %n8 : i64
    %i1 = arith.select %v1, %c1, %k0 : i64
    %c2 = arith.addi %c1, %block : i64
    %v2 = arith.cmpi ult, %c2, %n8 : i64
    %i2 = arith.select %v2, %c2, %k0 : i64
    %c3 = arith.addi %c2, %block : i64
    %v3 = arith.cmpi ult, %c3, %n8 : i64
    %i3 = arith.select %v3, %c3, %k0 : i64
    %c4 = arith.addi %c3, %block : i64
    %v4 = arith.cmpi ult, %c4, %n8 : i64
    %i4 = arith.select %v4, %c4, %k0 : i64
    %c5 = arith.addi %c4, %block : i64
    %v5 = arith.cmpi ult, %c5, %n8 : i64
    %i5 = arith.select %v5, %c5, %k0 : i64
    %c6 = arith.addi %c5, %block : i64
    %v6 = arith.cmpi ult, %c6, %n8 : i64
    %i6 = arith.select %v6, %c6, %k0 : i64
    %c7 = arith.addi %c6, %block : i64
    %v7 = arith.cmpi ult, %c7, %n8 : i64
    %i7 = arith.select %v7, %c7, %k0 : i64
    %l0 = llvm.call @load8(%logits, %dl, %i0) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %l1 = llvm.call @load8(%logits, %dl, %i1) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %l2 = llvm.call @load8(%logits, %dl, %i2) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %l3 = llvm.call @load8(%logits, %dl, %i3) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %l4 = llvm.call @load8(%logits, %dl, %i4) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %l5 = llvm.call @load8(%logits, %dl, %i5) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %l6 = llvm.call @load8(%logits, %dl, %i6) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %l7 = llvm.call @load8(%logits, %dl, %i7) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %r0 = llvm.call @argmax8(%l0, %dl, %i0, %v0, %bv, %bi) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, i1, f32, i32) -> !llvm.struct<(f32, i32)>
    %a0 = llvm.extractvalue %r0[0] : !llvm.struct<(f32, i32)>
    %j0 = llvm.extractvalue %r0[1] : !llvm.struct<(f32, i32)>
    %r1 = llvm.call @argmax8(%l1, %dl, %i1, %v1, %a0, %j0) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, i1, f32, i32) -> !llvm.struct<(f32, i32)>
    %a1 = llvm.extractvalue %r1[0] : !llvm.struct<(f32, i32)>
    %j1 = llvm.extractvalue %r1[1] : !llvm.struct<(f32, i32)>
    %r2 = llvm.call @argmax8(%l2, %dl, %i2, %v2, %a1, %j1) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, i1, f32, i32) -> !llvm.struct<(f32, i32)>
    %a2 = llvm.extractvalue %r2[0] : !llvm.struct<(f32, i32)>
    %j2 = llvm.extractvalue %r2[1] : !llvm.struct<(f32, i32)>
    %r3 = llvm.call @argmax8(%l3, %dl, %i3, %v3, %a2, %j2) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, i1, f32, i32) -> !llvm.struct<(f32, i32)>
    %a3 = llvm.extractvalue %r3[0] : !llvm.struct<(f32, i32)>
    %j3 = llvm.extractvalue %r3[1] : !llvm.struct<(f32, i32)>
    %r4 = llvm.call @argmax8(%l4, %dl, %i4, %v4, %a3, %j3) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, i1, f32, i32) -> !llvm.struct<(f32, i32)>
    %a4 = llvm.extractvalue %r4[0] : !llvm.struct<(f32, i32)>
    %j4 = llvm.extractvalue %r4[1] : !llvm.struct<(f32, i32)>
    %r5 = llvm.call @argmax8(%l5, %dl, %i5, %v5, %a4, %j4) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, i1, f32, i32) -> !llvm.struct<(f32, i32)>
    %a5 = llvm.extractvalue %r5[0] : !llvm.struct<(f32, i32)>
    %j5 = llvm.extractvalue %r5[1] : !llvm.struct<(f32, i32)>
    %r6 = llvm.call @argmax8(%l6, %dl, %i6, %v6, %a5, %j5) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, i1, f32, i32) -> !llvm.struct<(f32, i32)>
    %a6 = llvm.extractvalue %r6[0] : !llvm.struct<(f32, i32)>
    %j6 = llvm.extractvalue %r6[1] : !llvm.struct<(f32, i32)>
    %r7 = llvm.call @argmax8(%l7, %dl, %i7, %v7, %a6, %j6) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, i1, f32, i32) -> !llvm.struct<(f32, i32)>
    %a7 = llvm.extractvalue %r7[0] : !llvm.struct<(f32, i32)>
    %j7 = llvm.extractvalue %r7[1] : !llvm.struct<(f32, i32)>
    scf.yield %a7, %j7 : f32, i32
  }
  %r0 = llvm.mlir.undef : !llvm.struct<(f32, i32, i64)>
  %r1 = llvm.insertvalue %best#0, %r0[0] : !llvm.struct<(f32, i32, i64)>
  %r2 = llvm.insertvalue %best#1, %r1[1] : !llvm.struct<(f32, i32, i64)>
  %r3 = llvm.insertvalue %n8, %r2[2] : !llvm.struct<(f32, i32, i64)>
  llvm.return %r3 : !llvm.struct<(f32, i32, i64)>
}

// ARGMAX: thread scans (16-byte words, then the rest element by element),
// warp shuffles, then one slot per warp in shared memory. NaNs never win; all-NaN logits give 0.
llvm.func internal @body_argmax(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %ARGMAX_OP_logits = arith.constant ${ARGMAX_OP_logits} : i64
  %logits = llvm.call @operand(%t, %arena, %ARGMAX_OP_logits) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ARGMAX_OP_out = arith.constant ${ARGMAX_OP_out} : i64
  %out = llvm.call @operand(%t, %arena, %ARGMAX_OP_out) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dl = llvm.call @dtype(%t, %ARGMAX_OP_logits) : (!llvm.ptr<1>, i64) -> i32
  %ARGMAX_IP_V = arith.constant ${ARGMAX_IP_V} : i64
  %vocab = llvm.call @ip(%t, %ARGMAX_IP_V) : (!llvm.ptr<1>, i64) -> i64
  %ninf = arith.constant 0xFF800000 : f32
  %none = arith.constant 2147483647 : i32
  %tid64 = arith.extui %tid : i32 to i64
  %step = arith.constant ${THREADS} : i64
  %words = llvm.call @argmax_words(%logits, %dl, %vocab, %tid) : (!llvm.ptr<1>, i32, i64, i32) -> !llvm.struct<(f32, i32, i64)>
  %wordsV = llvm.extractvalue %words[0] : !llvm.struct<(f32, i32, i64)>
  %wordsI = llvm.extractvalue %words[1] : !llvm.struct<(f32, i32, i64)>
  %rest = llvm.extractvalue %words[2] : !llvm.struct<(f32, i32, i64)>
  %tail = arith.addi %rest, %tid64 : i64
  %best:2 = scf.for %i = %tail to %vocab step %step iter_args(%bv = %wordsV, %bi = %wordsI) -> (f32, i32) : i64 {
    %v = llvm.call @ld(%logits, %dl, %i) : (!llvm.ptr<1>, i32, i64) -> f32
    %i32 = arith.trunci %i : i64 to i32
    %take = llvm.call @better(%bv, %bi, %v, %i32) : (f32, i32, f32, i32) -> i1
    %nv = arith.select %take, %v, %bv : f32
    %ni = arith.select %take, %i32, %bi : i32
    scf.yield %nv, %ni : f32, i32
  }
  %mask = arith.constant -1 : i32
  %clamp = arith.constant 31 : i32
  %lb = arith.constant 0 : i32
  %c5 = arith.constant 5 : i32
  %one = arith.constant 1 : i32
  %warpBest:2 = scf.for %k = %lb to %c5 step %one iter_args(%v = %best#0, %i = %best#1) -> (f32, i32) : i32 {
    %off = arith.shli %one, %k : i32
    %ov = nvvm.shfl.sync bfly %mask, %v, %off, %clamp : f32 -> f32
    %oi = nvvm.shfl.sync bfly %mask, %i, %off, %clamp : i32 -> i32
    %take = llvm.call @better(%v, %i, %ov, %oi) : (f32, i32, f32, i32) -> i1
    %nv = arith.select %take, %ov, %v : f32
    %ni = arith.select %take, %oi, %i : i32
    scf.yield %nv, %ni : f32, i32
  }
  %warp = arith.shrui %tid, %c5 : i32
  %lane = arith.andi %tid, %clamp : i32
  %fv = llvm.mlir.addressof @red_f32 : !llvm.ptr<3>
  %fi = llvm.mlir.addressof @red_i32 : !llvm.ptr<3>
  %leader = arith.cmpi eq, %lane, %lb : i32
  scf.if %leader {
    %pv = llvm.getelementptr %fv[0, %warp] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, !llvm.array<8 x f32>
    %pi = llvm.getelementptr %fi[0, %warp] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, !llvm.array<8 x i32>
    llvm.store %warpBest#0, %pv : f32, !llvm.ptr<3>
    llvm.store %warpBest#1, %pi : i32, !llvm.ptr<3>
  }
  llvm.call @cta_barrier() : () -> ()
  %isFirst = arith.cmpi eq, %tid, %lb : i32
  scf.if %isFirst {
    %c8 = arith.constant 8 : i32
    %all:2 = scf.for %k = %lb to %c8 step %one iter_args(%v = %ninf, %i = %none) -> (f32, i32) : i32 {
      %pv = llvm.getelementptr %fv[0, %k] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, !llvm.array<8 x f32>
      %pi = llvm.getelementptr %fi[0, %k] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, !llvm.array<8 x i32>
      %ov = llvm.load %pv : !llvm.ptr<3> -> f32
      %oi = llvm.load %pi : !llvm.ptr<3> -> i32
      %take = llvm.call @better(%v, %i, %ov, %oi) : (f32, i32, f32, i32) -> i1
      %nv = arith.select %take, %ov, %v : f32
      %ni = arith.select %take, %oi, %i : i32
      scf.yield %nv, %ni : f32, i32
    }
    %found = arith.cmpi ne, %all#1, %none : i32
    %id = arith.select %found, %all#1, %lb : i32
    llvm.store %id, %out : i32, !llvm.ptr<1>
  }
  llvm.call @cta_barrier() : () -> ()
  %ok = arith.constant 0 : i32
  llvm.return %ok : i32
}

llvm.func internal @log2_approx(%x: f32) -> f32 attributes {always_inline} {
  %r = llvm.inline_asm "lg2.approx.f32 $0, $1;", "=f,f" %x : (f32) -> f32
  llvm.return %r : f32
}

// cos and sin of an angle of any size: Cody-Waite reduction by 2*pi in fp32,
// then the hardware approximations on [-pi, pi] (abs error ~5e-7).
llvm.func internal @cos_sin(%a: f32) -> !llvm.struct<(f32, f32)> attributes {always_inline} {
  %inv2pi = arith.constant 0.159154937 : f32
  %hi = arith.constant 6.28318548 : f32
  %lo = arith.constant -1.74845553e-07 : f32
  %q = arith.mulf %a, %inv2pi : f32
  %k = llvm.inline_asm "cvt.rni.f32.f32 $0, $1;", "=f,f" %q : (f32) -> f32
  %nk = arith.negf %k : f32
  %r1 = llvm.inline_asm "fma.rn.f32 $0, $1, $2, $3;", "=f,f,f,f" %nk, %hi, %a : (f32, f32, f32) -> f32
  %r = llvm.inline_asm "fma.rn.f32 $0, $1, $2, $3;", "=f,f,f,f" %nk, %lo, %r1 : (f32, f32, f32) -> f32
  %c = llvm.inline_asm "cos.approx.f32 $0, $1;", "=f,f" %r : (f32) -> f32
  %s = llvm.inline_asm "sin.approx.f32 $0, $1;", "=f,f" %r : (f32) -> f32
  %u = llvm.mlir.undef : !llvm.struct<(f32, f32)>
  %u1 = llvm.insertvalue %c, %u[0] : !llvm.struct<(f32, f32)>
  %u2 = llvm.insertvalue %s, %u1[1] : !llvm.struct<(f32, f32)>
  llvm.return %u2 : !llvm.struct<(f32, f32)>
}

// inv_freq of rotated pair i: theta^(-2i/D), with Llama 3 frequency
// scaling (transformers' _compute_llama3_parameters) when `scaled`.
llvm.func internal @rope_inv_freq(%i: i64, %dimf: f32, %log2theta: f32, %scaled: i1, %origf: f32, %factor: f32, %lowF: f32, %highF: f32) -> f32 attributes {always_inline} {
  %k2 = arith.constant 2 : i64
  %twopi = arith.constant 6.28318548 : f32
  %one = arith.constant 1.0 : f32
  %twoi = arith.muli %i, %k2 : i64
  %twoif = arith.uitofp %twoi : i64 to f32
  %expo = arith.divf %twoif, %dimf : f32
  %e1 = arith.mulf %expo, %log2theta : f32
  %e2 = arith.negf %e1 : f32
  %base = llvm.inline_asm "ex2.approx.f32 $0, $1;", "=f,f" %e2 : (f32) -> f32
  // Both values computed, then a select: a branch here would stand
  // between a rope group's loads and their use.
  %wavelen = arith.divf %twopi, %base : f32
  %lowWave = arith.divf %origf, %lowF : f32
  %highWave = arith.divf %origf, %highF : f32
  %isHigh = arith.cmpf olt, %wavelen, %highWave : f32
  %isLow = arith.cmpf ogt, %wavelen, %lowWave : f32
  %divided = arith.divf %base, %factor : f32
  %ratio = arith.divf %origf, %wavelen : f32
  %num = arith.subf %ratio, %lowF : f32
  %den = arith.subf %highF, %lowF : f32
  %smooth = arith.divf %num, %den : f32
  %oneMinus = arith.subf %one, %smooth : f32
  %a = arith.mulf %oneMinus, %divided : f32
  %b = arith.mulf %smooth, %base : f32
  %mid = arith.addf %a, %b : f32
  %lowOrMid = arith.select %isLow, %divided, %mid : f32
  %r = arith.select %isHigh, %base, %lowOrMid : f32
  %inv = arith.select %scaled, %r, %base : f32
  llvm.return %inv : f32
}

// The parameters every rotated pair needs (ROPE, and a rotating KV_STORE:
// ip3 and fp0..fp3 in both): D as f32, log2(theta),
// whether Llama 3 scaling applies, original max positions, factor, low and
// high frequency factors, the position.
llvm.func internal @rope_params(%t: !llvm.ptr<1>, %dim: i64, %pos: i32) -> !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)> attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %ROPE_IP_original_max_position = arith.constant ${ROPE_IP_original_max_position} : i64
  %origMax = llvm.call @ip(%t, %ROPE_IP_original_max_position) : (!llvm.ptr<1>, i64) -> i64
  %ROPE_FP_theta = arith.constant ${ROPE_FP_theta} : i64
  %theta = llvm.call @fp(%t, %ROPE_FP_theta) : (!llvm.ptr<1>, i64) -> f32
  %ROPE_FP_factor = arith.constant ${ROPE_FP_factor} : i64
  %factor = llvm.call @fp(%t, %ROPE_FP_factor) : (!llvm.ptr<1>, i64) -> f32
  %ROPE_FP_low_freq_factor = arith.constant ${ROPE_FP_low_freq_factor} : i64
  %lowF = llvm.call @fp(%t, %ROPE_FP_low_freq_factor) : (!llvm.ptr<1>, i64) -> f32
  %ROPE_FP_high_freq_factor = arith.constant ${ROPE_FP_high_freq_factor} : i64
  %highF = llvm.call @fp(%t, %ROPE_FP_high_freq_factor) : (!llvm.ptr<1>, i64) -> f32
  %log2theta = llvm.call @log2_approx(%theta) : (f32) -> f32
  %dimf = arith.uitofp %dim : i64 to f32
  %posf = arith.sitofp %pos : i32 to f32
  %scaled = arith.cmpi sgt, %origMax, %k0 : i64
  %origf = arith.sitofp %origMax : i64 to f32
  %u = llvm.mlir.undef : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %u0 = llvm.insertvalue %dimf, %u[0] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %u1 = llvm.insertvalue %log2theta, %u0[1] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %u2 = llvm.insertvalue %scaled, %u1[2] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %u3 = llvm.insertvalue %origf, %u2[3] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %u4 = llvm.insertvalue %factor, %u3[4] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %u5 = llvm.insertvalue %lowF, %u4[5] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %u6 = llvm.insertvalue %highF, %u5[6] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %u7 = llvm.insertvalue %posf, %u6[7] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  llvm.return %u7 : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
}

// Pair i of a head rotated by the position's angle: (x0 cos - x1 sin,
// x1 cos + x0 sin).
llvm.func internal @rope_pair(%prm: !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, %i: i64, %x0: f32, %x1: f32) -> !llvm.struct<(f32, f32)> attributes {always_inline} {
  %dimf = llvm.extractvalue %prm[0] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %log2theta = llvm.extractvalue %prm[1] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %scaled = llvm.extractvalue %prm[2] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %origf = llvm.extractvalue %prm[3] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %factor = llvm.extractvalue %prm[4] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %lowF = llvm.extractvalue %prm[5] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %highF = llvm.extractvalue %prm[6] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %posf = llvm.extractvalue %prm[7] : !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  %inv = llvm.call @rope_inv_freq(%i, %dimf, %log2theta, %scaled, %origf, %factor, %lowF, %highF) : (i64, f32, f32, i1, f32, f32, f32, f32) -> f32
  %angle = arith.mulf %posf, %inv : f32
  %cs = llvm.call @cos_sin(%angle) : (f32) -> !llvm.struct<(f32, f32)>
  %c = llvm.extractvalue %cs[0] : !llvm.struct<(f32, f32)>
  %s = llvm.extractvalue %cs[1] : !llvm.struct<(f32, f32)>
  %x0c = arith.mulf %x0, %c : f32
  %x1s = arith.mulf %x1, %s : f32
  %y0 = arith.subf %x0c, %x1s : f32
  %x1c = arith.mulf %x1, %c : f32
  %x0s = arith.mulf %x0, %s : f32
  %y1 = arith.addf %x1c, %x0s : f32
  %r0 = llvm.mlir.undef : !llvm.struct<(f32, f32)>
  %r1 = llvm.insertvalue %y0, %r0[0] : !llvm.struct<(f32, f32)>
  %r2 = llvm.insertvalue %y1, %r1[1] : !llvm.struct<(f32, f32)>
  llvm.return %r2 : !llvm.struct<(f32, f32)>
}

// Pairs i .. i + 3 (first halves in a, second halves in b) rotated.
llvm.func internal @rope_pairs4(%prm: !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, %i: i64, %a: vector<4xf32>, %b: vector<4xf32>) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)> attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %ua = llvm.mlir.undef : vector<4xf32>
  %a0 = llvm.extractelement %a[%k0 : i64] : vector<4xf32>
  %b0 = llvm.extractelement %b[%k0 : i64] : vector<4xf32>
  %p0 = llvm.call @rope_pair(%prm, %i, %a0, %b0) : (!llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i64, f32, f32) -> !llvm.struct<(f32, f32)>
  %y00 = llvm.extractvalue %p0[0] : !llvm.struct<(f32, f32)>
  %y10 = llvm.extractvalue %p0[1] : !llvm.struct<(f32, f32)>
  %ya0 = llvm.insertelement %y00, %ua[%k0 : i64] : vector<4xf32>
  %yb0 = llvm.insertelement %y10, %ua[%k0 : i64] : vector<4xf32>
  %i1 = arith.addi %i, %k1 : i64
  %a1 = llvm.extractelement %a[%k1 : i64] : vector<4xf32>
  %b1 = llvm.extractelement %b[%k1 : i64] : vector<4xf32>
  %p1 = llvm.call @rope_pair(%prm, %i1, %a1, %b1) : (!llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i64, f32, f32) -> !llvm.struct<(f32, f32)>
  %y01 = llvm.extractvalue %p1[0] : !llvm.struct<(f32, f32)>
  %y11 = llvm.extractvalue %p1[1] : !llvm.struct<(f32, f32)>
  %ya1 = llvm.insertelement %y01, %ya0[%k1 : i64] : vector<4xf32>
  %yb1 = llvm.insertelement %y11, %yb0[%k1 : i64] : vector<4xf32>
  %i2 = arith.addi %i, %k2 : i64
  %a2 = llvm.extractelement %a[%k2 : i64] : vector<4xf32>
  %b2 = llvm.extractelement %b[%k2 : i64] : vector<4xf32>
  %p2 = llvm.call @rope_pair(%prm, %i2, %a2, %b2) : (!llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i64, f32, f32) -> !llvm.struct<(f32, f32)>
  %y02 = llvm.extractvalue %p2[0] : !llvm.struct<(f32, f32)>
  %y12 = llvm.extractvalue %p2[1] : !llvm.struct<(f32, f32)>
  %ya2 = llvm.insertelement %y02, %ya1[%k2 : i64] : vector<4xf32>
  %yb2 = llvm.insertelement %y12, %yb1[%k2 : i64] : vector<4xf32>
  %i3 = arith.addi %i, %k3 : i64
  %a3 = llvm.extractelement %a[%k3 : i64] : vector<4xf32>
  %b3 = llvm.extractelement %b[%k3 : i64] : vector<4xf32>
  %p3 = llvm.call @rope_pair(%prm, %i3, %a3, %b3) : (!llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i64, f32, f32) -> !llvm.struct<(f32, f32)>
  %y03 = llvm.extractvalue %p3[0] : !llvm.struct<(f32, f32)>
  %y13 = llvm.extractvalue %p3[1] : !llvm.struct<(f32, f32)>
  %ya3 = llvm.insertelement %y03, %ya2[%k3 : i64] : vector<4xf32>
  %yb3 = llvm.insertelement %y13, %yb2[%k3 : i64] : vector<4xf32>
  %r0 = llvm.mlir.undef : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %r1 = llvm.insertvalue %ya3, %r0[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %r2 = llvm.insertvalue %yb3, %r1[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  llvm.return %r2 : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
}

// Heads [h0, h1) of D elements of x rotated at the position (rotate-half:
// pair i is elements i and i + D/2), written to y from element yBase on. With
// D/2 a multiple of 8 and 16-byte words on both sides, a thread takes eight
// pairs (two words in, two out); otherwise one pair at a time.
llvm.func internal @rotate_heads(%x: !llvm.ptr<1>, %dx: i32, %y: !llvm.ptr<1>, %dy: i32, %yBase: i64, %dim: i64, %h0: i64, %h1: i64, %prm: !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, %tid: i32) attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k2 = arith.constant 2 : i64
  %c8 = arith.constant 8 : i64
  %low = arith.constant 7 : i64
  %half = arith.divui %dim, %k2 : i64
  %heads = arith.subi %h1, %h0 : i64
  %first = arith.muli %h0, %dim : i64
  %yFirst = arith.addi %yBase, %first : i64
  %xOk = llvm.call @word_aligned(%x, %dx, %first) : (!llvm.ptr<1>, i32, i64) -> i1
  %yOk = llvm.call @word_aligned(%y, %dy, %yFirst) : (!llvm.ptr<1>, i32, i64) -> i1
  %halfMod = arith.andi %half, %low : i64
  %halfOk = arith.cmpi eq, %halfMod, %k0 : i64
  %ok1 = arith.andi %xOk, %yOk : i1
  %vec = arith.andi %ok1, %halfOk : i1
  %tid64 = arith.extui %tid : i32 to i64
  %step = arith.constant ${THREADS} : i64
  scf.if %vec {
    // Group g: pairs [8j, 8j + 8) of head h0 + g / (D/16), j = g % (D/16).
    %perHead = arith.divui %half, %c8 : i64
    %groups = arith.muli %heads, %perHead : i64
    scf.for %g = %tid64 to %groups step %step : i64 {
      %hh = arith.divui %g, %perHead : i64
      %j = arith.remui %g, %perHead : i64
      %i = arith.muli %j, %c8 : i64
      %h = arith.addi %h0, %hh : i64
      %headBase = arith.muli %h, %dim : i64
      %i0 = arith.addi %headBase, %i : i64
      %i1 = arith.addi %i0, %half : i64
      %l0 = llvm.call @load8(%x, %dx, %i0) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %l1 = llvm.call @load8(%x, %dx, %i1) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %f0 = llvm.call @widen8(%l0, %dx) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %f1 = llvm.call @widen8(%l1, %dx) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %a0 = llvm.extractvalue %f0[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %b0 = llvm.extractvalue %f0[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %a1 = llvm.extractvalue %f1[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %b1 = llvm.extractvalue %f1[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %ra = llvm.call @rope_pairs4(%prm, %i, %a0, %a1) : (!llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i64, vector<4xf32>, vector<4xf32>) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %i4 = arith.constant 4 : i64
      %ib = arith.addi %i, %i4 : i64
      %rb = llvm.call @rope_pairs4(%prm, %ib, %b0, %b1) : (!llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i64, vector<4xf32>, vector<4xf32>) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %ya0 = llvm.extractvalue %ra[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %ya1 = llvm.extractvalue %ra[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %yb0 = llvm.extractvalue %rb[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %yb1 = llvm.extractvalue %rb[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %o0 = arith.addi %yBase, %i0 : i64
      %o1 = arith.addi %yBase, %i1 : i64
      llvm.call @store8(%y, %dy, %o0, %ya0, %yb0) : (!llvm.ptr<1>, i32, i64, vector<4xf32>, vector<4xf32>) -> ()
      llvm.call @store8(%y, %dy, %o1, %ya1, %yb1) : (!llvm.ptr<1>, i32, i64, vector<4xf32>, vector<4xf32>) -> ()
    }
  } else {
    %pairs = arith.muli %heads, %half : i64
    scf.for %p = %tid64 to %pairs step %step : i64 {
      %hh = arith.divui %p, %half : i64
      %i = arith.remui %p, %half : i64
      %h = arith.addi %h0, %hh : i64
      %headBase = arith.muli %h, %dim : i64
      %i0 = arith.addi %headBase, %i : i64
      %i1 = arith.addi %i0, %half : i64
      %x0 = llvm.call @ld(%x, %dx, %i0) : (!llvm.ptr<1>, i32, i64) -> f32
      %x1 = llvm.call @ld(%x, %dx, %i1) : (!llvm.ptr<1>, i32, i64) -> f32
      %r = llvm.call @rope_pair(%prm, %i, %x0, %x1) : (!llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i64, f32, f32) -> !llvm.struct<(f32, f32)>
      %y0 = llvm.extractvalue %r[0] : !llvm.struct<(f32, f32)>
      %y1 = llvm.extractvalue %r[1] : !llvm.struct<(f32, f32)>
      %o0 = arith.addi %yBase, %i0 : i64
      %o1 = arith.addi %yBase, %i1 : i64
      llvm.call @st(%y, %dy, %o0, %y0) : (!llvm.ptr<1>, i32, i64, f32) -> ()
      llvm.call @st(%y, %dy, %o1, %y1) : (!llvm.ptr<1>, i32, i64, f32) -> ()
    }
  }
  llvm.return
}

// ROPE: heads [h0, h1) of D elements, Llama 3 frequency scaling when
// ip3 > 0 (@rotate_heads).
llvm.func internal @body_rope(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %pos: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %k0 = arith.constant 0 : i64
  %ROPE_OP_x = arith.constant ${ROPE_OP_x} : i64
  %x = llvm.call @operand(%t, %arena, %ROPE_OP_x) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ROPE_OP_y = arith.constant ${ROPE_OP_y} : i64
  %y = llvm.call @operand(%t, %arena, %ROPE_OP_y) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dx = llvm.call @dtype(%t, %ROPE_OP_x) : (!llvm.ptr<1>, i64) -> i32
  %dy = llvm.call @dtype(%t, %ROPE_OP_y) : (!llvm.ptr<1>, i64) -> i32
  %ROPE_IP_D = arith.constant ${ROPE_IP_D} : i64
  %dim = llvm.call @ip(%t, %ROPE_IP_D) : (!llvm.ptr<1>, i64) -> i64
  %ROPE_IP_h0 = arith.constant ${ROPE_IP_h0} : i64
  %h0 = llvm.call @ip(%t, %ROPE_IP_h0) : (!llvm.ptr<1>, i64) -> i64
  %ROPE_IP_h1 = arith.constant ${ROPE_IP_h1} : i64
  %h1 = llvm.call @ip(%t, %ROPE_IP_h1) : (!llvm.ptr<1>, i64) -> i64
  %prm = llvm.call @rope_params(%t, %dim, %pos) : (!llvm.ptr<1>, i64, i32) -> !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>
  llvm.call @rotate_heads(%x, %dx, %y, %dy, %k0, %dim, %h0, %h1, %prm, %tid) : (!llvm.ptr<1>, i32, !llvm.ptr<1>, i32, i64, i64, i64, i64, !llvm.struct<(f32, f32, i1, f32, f32, f32, f32, f32)>, i32) -> ()
  %ok = arith.constant 0 : i32
  llvm.return %ok : i32
}

// SEND: n elements of src into dst, which lies in the arena of the peer
// program named by dst's operand flags (TILEC_OPERAND_PEER, the program in
// the upper 16 bits), d0 elements in. Peer arenas come from the launch's
// peer table (@walk_offset 3). Plain stores by every thread, 16-byte words
// when both ends and the size allow; the walker's barrier after the body and
// its sys-scope release of the peer's event publish them.
llvm.func internal @body_send(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %SEND_OP_src = arith.constant ${SEND_OP_src} : i64
  %SEND_OP_dst = arith.constant ${SEND_OP_dst} : i64
  %SEND_IP_n = arith.constant ${SEND_IP_n} : i64
  %SEND_IP_d0 = arith.constant ${SEND_IP_d0} : i64
  %src = llvm.call @operand(%t, %arena, %SEND_OP_src) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ds = llvm.call @dtype(%t, %SEND_OP_src) : (!llvm.ptr<1>, i64) -> i32
  %size = llvm.call @dtype_bytes(%ds) : (i32) -> i64
  %n = llvm.call @ip(%t, %SEND_IP_n) : (!llvm.ptr<1>, i64) -> i64
  %d0 = llvm.call @ip(%t, %SEND_IP_d0) : (!llvm.ptr<1>, i64) -> i64
  // The destination: its offset and program from the operand record.
  %opBase = arith.constant ${TASK_OP} : i64
  %opBytes = arith.constant ${OPERAND_BYTES} : i64
  %flagsAt = arith.constant ${OPERAND_FLAGS} : i64
  %o = arith.muli %SEND_OP_dst, %opBytes : i64
  %offAt = arith.addi %opBase, %o : i64
  %dstOffset = llvm.call @u64(%t, %offAt) : (!llvm.ptr<1>, i64) -> i64
  %fAt = arith.addi %offAt, %flagsAt : i64
  %flags = llvm.call @u32(%t, %fAt) : (!llvm.ptr<1>, i64) -> i32
  %shift = arith.constant ${OPERAND_PROGRAM_SHIFT} : i32
  %peer = arith.shrui %flags, %shift : i32
  %peer64 = arith.extui %peer : i32 to i64
  %three = arith.constant 3 : i64
  %peersInt = llvm.call @walk_offset(%three) : (i64) -> i64
  %peers = llvm.inttoptr %peersInt : i64 to !llvm.ptr<1>
  %slot = llvm.getelementptr %peers[%peer64] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i64
  %peerArenaInt = llvm.load %slot : !llvm.ptr<1> -> i64
  %peerArena = llvm.inttoptr %peerArenaInt : i64 to !llvm.ptr<1>
  %skip = arith.muli %d0, %size : i64
  %dstAt = arith.addi %dstOffset, %skip : i64
  %dst = llvm.getelementptr %peerArena[%dstAt] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
  %bytes = arith.muli %n, %size : i64
  // 16-byte words if src, dst and the size are multiples of 16.
  %srcInt = llvm.ptrtoint %src : !llvm.ptr<1> to i64
  %dstInt = llvm.ptrtoint %dst : !llvm.ptr<1> to i64
  %any = arith.ori %srcInt, %dstInt : i64
  %all = arith.ori %any, %bytes : i64
  %c15 = arith.constant 15 : i64
  %low = arith.andi %all, %c15 : i64
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k16 = arith.constant 16 : i64
  %words = arith.cmpi eq, %low, %k0 : i64
  %tid64 = arith.extui %tid : i32 to i64
  %threads = arith.constant ${THREADS} : i64
  scf.if %words {
    %nw = arith.divui %bytes, %k16 : i64
    scf.for %w = %tid64 to %nw step %threads : i64 {
      %at = arith.muli %w, %k16 : i64
      %s = llvm.getelementptr %src[%at] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
      %d = llvm.getelementptr %dst[%at] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
      %v = llvm.load %s {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
      llvm.store %v, %d {alignment = 16 : i64} : vector<4xi32>, !llvm.ptr<1>
    }
  } else {
    scf.for %b = %tid64 to %bytes step %threads : i64 {
      %s = llvm.getelementptr %src[%b] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
      %d = llvm.getelementptr %dst[%b] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
      %v = llvm.load %s : !llvm.ptr<1> -> i8
      llvm.store %v, %d : i8, !llvm.ptr<1>
    }
  }
  %ok = arith.constant 0 : i32
  llvm.return %ok : i32
}
