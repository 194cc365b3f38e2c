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

// ADD (silu = false) and SILU_MUL (silu = true).
llvm.func internal @body_ewise(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %silu: i1) -> i32 attributes {passthrough = ["noinline"]} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %a = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %b = llvm.call @operand(%t, %arena, %k1) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %y = llvm.call @operand(%t, %arena, %k2) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %da = llvm.call @dtype(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %db = llvm.call @dtype(%t, %k1) : (!llvm.ptr<1>, i64) -> i32
  %dy = llvm.call @dtype(%t, %k2) : (!llvm.ptr<1>, i64) -> i32
  %begin = llvm.call @ip(%t, %k0) : (!llvm.ptr<1>, i64) -> i64
  %end = llvm.call @ip(%t, %k1) : (!llvm.ptr<1>, i64) -> i64
  %tid64 = arith.extui %tid : i32 to i64
  %first = arith.addi %begin, %tid64 : i64
  %step = arith.constant ${THREADS} : i64
  scf.for %i = %first to %end step %step : i64 {
    %x = llvm.call @ld(%a, %da, %i) : (!llvm.ptr<1>, i32, i64) -> f32
    %z = llvm.call @ld(%b, %db, %i) : (!llvm.ptr<1>, i32, i64) -> f32
    %r = scf.if %silu -> f32 {
      %s = llvm.call @silu(%x) : (f32) -> f32
      %m = arith.mulf %s, %z : f32
      scf.yield %m : f32
    } else {
      %s = arith.addf %x, %z : f32
      scf.yield %s : f32
    }
    llvm.call @st(%y, %dy, %i, %r) : (!llvm.ptr<1>, i32, i64, f32) -> ()
  }
  %ok = arith.constant 0 : i32
  llvm.return %ok : i32
}

// 1 / sqrt(mean(x[0:n]^2) + eps) over the CTA, in every thread.
llvm.func internal @inv_rms(%x: !llvm.ptr<1>, %dx: i32, %begin: i64, %n: i64, %eps: f32, %tid: i32) -> f32 attributes {always_inline} {
  %tid64 = arith.extui %tid : i32 to i64
  %step = arith.constant ${THREADS} : i64
  %zero = arith.constant 0.0 : f32
  %partial = scf.for %k = %tid64 to %n step %step iter_args(%acc = %zero) -> (f32) : i64 {
    %i = arith.addi %begin, %k : i64
    %v = llvm.call @ld(%x, %dx, %i) : (!llvm.ptr<1>, i32, i64) -> f32
    %sq = arith.mulf %v, %v : f32
    %s = arith.addf %acc, %sq : f32
    scf.yield %s : f32
  }
  %sum = llvm.call @cta_sum(%partial, %tid) : (f32, i32) -> f32
  %nf = arith.uitofp %n : i64 to f32
  %mean = arith.divf %sum, %nf : f32
  %var = arith.addf %mean, %eps : f32
  %root = llvm.inline_asm "sqrt.rn.f32 $0, $1;", "=f,f" %var : (f32) -> f32
  %one = arith.constant 1.0 : f32
  %inv = arith.divf %one, %root : f32
  llvm.return %inv : f32
}

// RMSNORM: groups [g0, g1) of ip0 elements each.
llvm.func internal @body_rmsnorm(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %x = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %w = llvm.call @operand(%t, %arena, %k1) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %y = llvm.call @operand(%t, %arena, %k2) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dx = llvm.call @dtype(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %dw = llvm.call @dtype(%t, %k1) : (!llvm.ptr<1>, i64) -> i32
  %dy = llvm.call @dtype(%t, %k2) : (!llvm.ptr<1>, i64) -> i32
  %size = llvm.call @ip(%t, %k0) : (!llvm.ptr<1>, i64) -> i64
  %g0 = llvm.call @ip(%t, %k1) : (!llvm.ptr<1>, i64) -> i64
  %g1 = llvm.call @ip(%t, %k2) : (!llvm.ptr<1>, i64) -> i64
  %eps = llvm.call @fp(%t, %k0) : (!llvm.ptr<1>, i64) -> f32
  %tid64 = arith.extui %tid : i32 to i64
  %step = arith.constant ${THREADS} : i64
  scf.for %g = %g0 to %g1 step %k1 : i64 {
    %begin = arith.muli %g, %size : i64
    %inv = llvm.call @inv_rms(%x, %dx, %begin, %size, %eps, %tid) : (!llvm.ptr<1>, i32, i64, i64, f32, i32) -> f32
    scf.for %k = %tid64 to %size step %step : i64 {
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
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %table = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ids = llvm.call @operand(%t, %arena, %k1) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %out = llvm.call @operand(%t, %arena, %k2) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dt = llvm.call @dtype(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %do = llvm.call @dtype(%t, %k2) : (!llvm.ptr<1>, i64) -> i32
  %vocab = llvm.call @ip(%t, %k0) : (!llvm.ptr<1>, i64) -> i64
  %hidden = llvm.call @ip(%t, %k1) : (!llvm.ptr<1>, i64) -> i64
  %id32 = llvm.load %ids : !llvm.ptr<1> -> i32
  %id = arith.extsi %id32 : i32 to i64
  %zero = arith.constant 0 : i64
  %neg = arith.cmpi slt, %id, %zero : i64
  %big = arith.cmpi sge, %id, %vocab : i64
  %bad = arith.ori %neg, %big : i1
  %code = scf.if %bad -> i32 {
    llvm.call @set_fault_value(%id) : (i64) -> ()
    %c = arith.constant ${FAULT_BAD_INDEX} : i32
    scf.yield %c : i32
  } else {
    %tid64 = arith.extui %tid : i32 to i64
    %step = arith.constant ${THREADS} : i64
    %row = arith.muli %id, %hidden : i64
    scf.for %k = %tid64 to %hidden step %step : i64 {
      %i = arith.addi %row, %k : i64
      %v = llvm.call @ld(%table, %dt, %i) : (!llvm.ptr<1>, i32, i64) -> f32
      llvm.call @st(%out, %do, %k, %v) : (!llvm.ptr<1>, i32, i64, f32) -> ()
    }
    %c = arith.constant 0 : i32
    scf.yield %c : i32
  }
  llvm.return %code : i32
}

// KV_STORE: cache[pos, :] = src; pos outside [0, S) is a BAD_INDEX fault.
llvm.func internal @body_kv_store(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %pos: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %src = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %cache = llvm.call @operand(%t, %arena, %k1) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ds = llvm.call @dtype(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %dc = llvm.call @dtype(%t, %k1) : (!llvm.ptr<1>, i64) -> i32
  %rows = llvm.call @ip(%t, %k0) : (!llvm.ptr<1>, i64) -> i64
  %width = llvm.call @ip(%t, %k1) : (!llvm.ptr<1>, i64) -> i64
  %p = arith.extsi %pos : i32 to i64
  %zero = arith.constant 0 : i64
  %neg = arith.cmpi slt, %p, %zero : i64
  %big = arith.cmpi sge, %p, %rows : i64
  %bad = arith.ori %neg, %big : i1
  %code = scf.if %bad -> i32 {
    llvm.call @set_fault_value(%p) : (i64) -> ()
    %c = arith.constant ${FAULT_BAD_INDEX} : i32
    scf.yield %c : i32
  } else {
    %tid64 = arith.extui %tid : i32 to i64
    %step = arith.constant ${THREADS} : i64
    %row = arith.muli %p, %width : i64
    scf.for %k = %tid64 to %width step %step : i64 {
      %v = llvm.call @ld(%src, %ds, %k) : (!llvm.ptr<1>, i32, i64) -> f32
      %i = arith.addi %row, %k : i64
      llvm.call @st(%cache, %dc, %i, %v) : (!llvm.ptr<1>, i32, i64, f32) -> ()
    }
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

// ARGMAX: thread scans, warp shuffles, then one slot per warp in shared
// memory. NaNs never win; all-NaN logits give 0.
llvm.func internal @body_argmax(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %logits = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %out = llvm.call @operand(%t, %arena, %k1) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dl = llvm.call @dtype(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %vocab = llvm.call @ip(%t, %k0) : (!llvm.ptr<1>, i64) -> i64
  %ninf = arith.constant 0xFF800000 : f32
  %none = arith.constant 2147483647 : i32
  %tid64 = arith.extui %tid : i32 to i64
  %step = arith.constant ${THREADS} : i64
  %best:2 = scf.for %i = %tid64 to %vocab step %step iter_args(%bv = %ninf, %bi = %none) -> (f32, i32) : i64 {
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

// ROPE: one thread per rotated pair (i, i + D/2) of heads [h0, h1), in the
// rotate-half layout; Llama 3 frequency scaling when ip3 > 0.
llvm.func internal @body_rope(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %pos: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %x = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %y = llvm.call @operand(%t, %arena, %k1) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dx = llvm.call @dtype(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %dy = llvm.call @dtype(%t, %k1) : (!llvm.ptr<1>, i64) -> i32
  %dim = llvm.call @ip(%t, %k0) : (!llvm.ptr<1>, i64) -> i64
  %h0 = llvm.call @ip(%t, %k1) : (!llvm.ptr<1>, i64) -> i64
  %h1 = llvm.call @ip(%t, %k2) : (!llvm.ptr<1>, i64) -> i64
  %origMax = llvm.call @ip(%t, %k3) : (!llvm.ptr<1>, i64) -> i64
  %theta = llvm.call @fp(%t, %k0) : (!llvm.ptr<1>, i64) -> f32
  %factor = llvm.call @fp(%t, %k1) : (!llvm.ptr<1>, i64) -> f32
  %lowF = llvm.call @fp(%t, %k2) : (!llvm.ptr<1>, i64) -> f32
  %highF = llvm.call @fp(%t, %k3) : (!llvm.ptr<1>, i64) -> f32
  %half = arith.divui %dim, %k2 : i64
  %heads = arith.subi %h1, %h0 : i64
  %pairs = arith.muli %heads, %half : i64
  %log2theta = llvm.call @log2_approx(%theta) : (f32) -> f32
  %dimf = arith.uitofp %dim : i64 to f32
  %posf = arith.sitofp %pos : i32 to f32
  %zero64 = arith.constant 0 : i64
  %scaled = arith.cmpi sgt, %origMax, %zero64 : i64
  %origf = arith.sitofp %origMax : i64 to f32
  %twopi = arith.constant 6.28318548 : f32
  %one = arith.constant 1.0 : f32
  %tid64 = arith.extui %tid : i32 to i64
  %step = arith.constant ${THREADS} : i64
  scf.for %p = %tid64 to %pairs step %step : i64 {
    %hh = arith.divui %p, %half : i64
    %i = arith.remui %p, %half : i64
    %h = arith.addi %h0, %hh : i64
    // inv_freq = theta^(-2i/D)
    %twoi = arith.muli %i, %k2 : i64
    %twoif = arith.uitofp %twoi : i64 to f32
    %expo = arith.divf %twoif, %dimf : f32
    %e1 = arith.mulf %expo, %log2theta : f32
    %e2 = arith.negf %e1 : f32
    %base = llvm.inline_asm "ex2.approx.f32 $0, $1;", "=f,f" %e2 : (f32) -> f32
    %inv = scf.if %scaled -> f32 {
      // transformers' _compute_llama3_parameters
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
      scf.yield %r : f32
    } else {
      scf.yield %base : f32
    }
    %angle = arith.mulf %posf, %inv : f32
    %cs = llvm.call @cos_sin(%angle) : (f32) -> !llvm.struct<(f32, f32)>
    %c = llvm.extractvalue %cs[0] : !llvm.struct<(f32, f32)>
    %s = llvm.extractvalue %cs[1] : !llvm.struct<(f32, f32)>
    %headBase = arith.muli %h, %dim : i64
    %i0 = arith.addi %headBase, %i : i64
    %i1 = arith.addi %i0, %half : i64
    %x0 = llvm.call @ld(%x, %dx, %i0) : (!llvm.ptr<1>, i32, i64) -> f32
    %x1 = llvm.call @ld(%x, %dx, %i1) : (!llvm.ptr<1>, i32, i64) -> f32
    %x0c = arith.mulf %x0, %c : f32
    %x1s = arith.mulf %x1, %s : f32
    %y0 = arith.subf %x0c, %x1s : f32
    %x1c = arith.mulf %x1, %c : f32
    %x0s = arith.mulf %x0, %s : f32
    %y1 = arith.addf %x1c, %x0s : f32
    llvm.call @st(%y, %dy, %i0, %y0) : (!llvm.ptr<1>, i32, i64, f32) -> ()
    llvm.call @st(%y, %dy, %i1, %y1) : (!llvm.ptr<1>, i32, i64, f32) -> ()
  }
  %ok = arith.constant 0 : i32
  llvm.return %ok : i32
}
