// Task bodies, one per task kind of tilec/schedule_table.h, run by all
// TILEC_KERNEL_THREADS threads of the CTA. Each returns a fault code
// (0: none). Arithmetic is fp32 whatever the storage dtype.

// x[k], normalized if the task has a norm prologue.
llvm.func internal @x_at(%x: !llvm.ptr<1>, %dx: i32, %nw: !llvm.ptr<1>, %dnw: i32, %hasNorm: i1, %scale: f32, %k: i64) -> f32 attributes {always_inline} {
  %xv = llvm.call @ld(%x, %dx, %k) : (!llvm.ptr<1>, i32, i64) -> f32
  %xn = scf.if %hasNorm -> f32 {
    %g = llvm.call @ld(%nw, %dnw, %k) : (!llvm.ptr<1>, i32, i64) -> f32
    %s = arith.mulf %xv, %scale : f32
    %m = arith.mulf %s, %g : f32
    scf.yield %m : f32
  } else {
    scf.yield %xv : f32
  }
  llvm.return %xn : f32
}

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

// acc + the four bf16 weights of words w0, w1 times the f32 lanes of xv
// (bf16 element 2i is the low half of word i).
llvm.func internal @dot_bf16x4(%w0: i32, %w1: i32, %xv: vector<4xf32>, %acc: f32) -> f32 attributes {always_inline} {
  %c16 = arith.constant 16 : i32
  %mask = arith.constant -65536 : i32
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %x0 = llvm.extractelement %xv[%k0 : i64] : vector<4xf32>
  %x1 = llvm.extractelement %xv[%k1 : i64] : vector<4xf32>
  %x2 = llvm.extractelement %xv[%k2 : i64] : vector<4xf32>
  %x3 = llvm.extractelement %xv[%k3 : i64] : vector<4xf32>
  %lo0 = arith.shli %w0, %c16 : i32
  %hi0 = arith.andi %w0, %mask : i32
  %lo1 = arith.shli %w1, %c16 : i32
  %hi1 = arith.andi %w1, %mask : i32
  %f0 = arith.bitcast %lo0 : i32 to f32
  %f1 = arith.bitcast %hi0 : i32 to f32
  %f2 = arith.bitcast %lo1 : i32 to f32
  %f3 = arith.bitcast %hi1 : i32 to f32
  %p0 = arith.mulf %f0, %x0 : f32
  %p1 = arith.mulf %f1, %x1 : f32
  %p2 = arith.mulf %f2, %x2 : f32
  %p3 = arith.mulf %f3, %x3 : f32
  %s0 = arith.addf %acc, %p0 : f32
  %s1 = arith.addf %s0, %p1 : f32
  %s2 = arith.addf %s1, %p2 : f32
  %s3 = arith.addf %s2, %p3 : f32
  llvm.return %s3 : f32
}

// The eight bf16 weights of wv times x[8j .. 8j + 8) (xa: the first four).
llvm.func internal @dot_bf16x8(%wv: vector<4xi32>, %xa: vector<4xf32>, %xb: vector<4xf32>) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %zero = arith.constant 0.0 : f32
  %w0 = llvm.extractelement %wv[%k0 : i64] : vector<4xi32>
  %w1 = llvm.extractelement %wv[%k1 : i64] : vector<4xi32>
  %w2 = llvm.extractelement %wv[%k2 : i64] : vector<4xi32>
  %w3 = llvm.extractelement %wv[%k3 : i64] : vector<4xi32>
  %a = llvm.call @dot_bf16x4(%w0, %w1, %xa, %zero) : (i32, i32, vector<4xf32>, f32) -> f32
  %b = llvm.call @dot_bf16x4(%w2, %w3, %xb, %a) : (i32, i32, vector<4xf32>, f32) -> f32
  llvm.return %b : f32
}

// One 16-byte word of a row: columns [col, col + 8) of W (and U) times the
// staged x, added to (a, b); a word past the row's end (col >= cols) loads
// column 0 instead and adds nothing, so the load needs no branch.
llvm.func internal @matvec_word(%w: !llvm.ptr<1>, %u: !llvm.ptr<1>, %swiglu: i1, %rowBase: i64, %cols: i64, %col: i64, %a: f32, %b: f32) -> !llvm.struct<(f32, f32)> attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c4 = arith.constant 4 : i64
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %valid = arith.cmpi ult, %col, %cols : i64
  %safe = arith.select %valid, %col, %k0 : i64
  %idx = arith.addi %rowBase, %safe : i64
  %wp = llvm.getelementptr %w[%idx] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %wv = llvm.load %wp {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %xpa = llvm.getelementptr %xs[%safe] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %safe4 = arith.addi %safe, %c4 : i64
  %xpb = llvm.getelementptr %xs[%safe4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %xa = llvm.load %xpa {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %xb = llvm.load %xpb {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %da = llvm.call @dot_bf16x8(%wv, %xa, %xb) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
  %sa = arith.addf %a, %da : f32
  %na = arith.select %valid, %sa, %a : f32
  %nb = scf.if %swiglu -> f32 {
    %up = llvm.getelementptr %u[%idx] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
    %uv = llvm.load %up {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
    %db = llvm.call @dot_bf16x8(%uv, %xa, %xb) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
    %sb = arith.addf %b, %db : f32
    %v = arith.select %valid, %sb, %b : f32
    scf.yield %v : f32
  } else {
    scf.yield %b : f32
  }
  %r0 = llvm.mlir.undef : !llvm.struct<(f32, f32)>
  %r1 = llvm.insertvalue %na, %r0[0] : !llvm.struct<(f32, f32)>
  %r2 = llvm.insertvalue %nb, %r1[1] : !llvm.struct<(f32, f32)>
  llvm.return %r2 : !llvm.struct<(f32, f32)>
}

// The dot products of one row with the staged x (shared memory): lane l
// takes the 16-byte words at columns 8l + 256j, j = 0..7, per round of 2048
// columns. The eight words of a round are written out (not a loop) so that
// their loads, which do not depend on each other, are all in flight at once.
llvm.func internal @matvec_row_bf16(%w: !llvm.ptr<1>, %u: !llvm.ptr<1>, %swiglu: i1, %rowBase: i64, %cols: i64, %lane64: i64) -> !llvm.struct<(f32, f32)> attributes {always_inline} {
  %c8 = arith.constant 8 : i64
  %round = arith.constant 2048 : i64
  %zero = arith.constant 0.0 : f32
  %lane8 = arith.muli %lane64, %c8 : i64
  %r:2 = scf.for %kb = %lane8 to %cols step %round iter_args(%a = %zero, %b = %zero) -> (f32, f32) : i64 {
    %s0 = llvm.call @matvec_word(%w, %u, %swiglu, %rowBase, %cols, %kb, %a, %b) : (!llvm.ptr<1>, !llvm.ptr<1>, i1, i64, i64, i64, f32, f32) -> !llvm.struct<(f32, f32)>
    %a0 = llvm.extractvalue %s0[0] : !llvm.struct<(f32, f32)>
    %b0 = llvm.extractvalue %s0[1] : !llvm.struct<(f32, f32)>
    %o1 = arith.constant 256 : i64
    %c1 = arith.addi %kb, %o1 : i64
    %s1 = llvm.call @matvec_word(%w, %u, %swiglu, %rowBase, %cols, %c1, %a0, %b0) : (!llvm.ptr<1>, !llvm.ptr<1>, i1, i64, i64, i64, f32, f32) -> !llvm.struct<(f32, f32)>
    %a1 = llvm.extractvalue %s1[0] : !llvm.struct<(f32, f32)>
    %b1 = llvm.extractvalue %s1[1] : !llvm.struct<(f32, f32)>
    %o2 = arith.constant 512 : i64
    %c2 = arith.addi %kb, %o2 : i64
    %s2 = llvm.call @matvec_word(%w, %u, %swiglu, %rowBase, %cols, %c2, %a1, %b1) : (!llvm.ptr<1>, !llvm.ptr<1>, i1, i64, i64, i64, f32, f32) -> !llvm.struct<(f32, f32)>
    %a2 = llvm.extractvalue %s2[0] : !llvm.struct<(f32, f32)>
    %b2 = llvm.extractvalue %s2[1] : !llvm.struct<(f32, f32)>
    %o3 = arith.constant 768 : i64
    %c3 = arith.addi %kb, %o3 : i64
    %s3 = llvm.call @matvec_word(%w, %u, %swiglu, %rowBase, %cols, %c3, %a2, %b2) : (!llvm.ptr<1>, !llvm.ptr<1>, i1, i64, i64, i64, f32, f32) -> !llvm.struct<(f32, f32)>
    %a3 = llvm.extractvalue %s3[0] : !llvm.struct<(f32, f32)>
    %b3 = llvm.extractvalue %s3[1] : !llvm.struct<(f32, f32)>
    %o4 = arith.constant 1024 : i64
    %c4 = arith.addi %kb, %o4 : i64
    %s4 = llvm.call @matvec_word(%w, %u, %swiglu, %rowBase, %cols, %c4, %a3, %b3) : (!llvm.ptr<1>, !llvm.ptr<1>, i1, i64, i64, i64, f32, f32) -> !llvm.struct<(f32, f32)>
    %a4 = llvm.extractvalue %s4[0] : !llvm.struct<(f32, f32)>
    %b4 = llvm.extractvalue %s4[1] : !llvm.struct<(f32, f32)>
    %o5 = arith.constant 1280 : i64
    %c5 = arith.addi %kb, %o5 : i64
    %s5 = llvm.call @matvec_word(%w, %u, %swiglu, %rowBase, %cols, %c5, %a4, %b4) : (!llvm.ptr<1>, !llvm.ptr<1>, i1, i64, i64, i64, f32, f32) -> !llvm.struct<(f32, f32)>
    %a5 = llvm.extractvalue %s5[0] : !llvm.struct<(f32, f32)>
    %b5 = llvm.extractvalue %s5[1] : !llvm.struct<(f32, f32)>
    %o6 = arith.constant 1536 : i64
    %c6 = arith.addi %kb, %o6 : i64
    %s6 = llvm.call @matvec_word(%w, %u, %swiglu, %rowBase, %cols, %c6, %a5, %b5) : (!llvm.ptr<1>, !llvm.ptr<1>, i1, i64, i64, i64, f32, f32) -> !llvm.struct<(f32, f32)>
    %a6 = llvm.extractvalue %s6[0] : !llvm.struct<(f32, f32)>
    %b6 = llvm.extractvalue %s6[1] : !llvm.struct<(f32, f32)>
    %o7 = arith.constant 1792 : i64
    %c7 = arith.addi %kb, %o7 : i64
    %s7 = llvm.call @matvec_word(%w, %u, %swiglu, %rowBase, %cols, %c7, %a6, %b6) : (!llvm.ptr<1>, !llvm.ptr<1>, i1, i64, i64, i64, f32, f32) -> !llvm.struct<(f32, f32)>
    %a7 = llvm.extractvalue %s7[0] : !llvm.struct<(f32, f32)>
    %b7 = llvm.extractvalue %s7[1] : !llvm.struct<(f32, f32)>
    scf.yield %a7, %b7 : f32, f32
  }
  %p0 = llvm.mlir.undef : !llvm.struct<(f32, f32)>
  %p1 = llvm.insertvalue %r#0, %p0[0] : !llvm.struct<(f32, f32)>
  %p2 = llvm.insertvalue %r#1, %p1[1] : !llvm.struct<(f32, f32)>
  llvm.return %p2 : !llvm.struct<(f32, f32)>
}

// The f32 values of bf16 words w0, w1 (elements 2i: the low halves).
llvm.func internal @widen_bf16x4(%w0: i32, %w1: i32) -> vector<4xf32> attributes {always_inline} {
  %c16 = arith.constant 16 : i32
  %mask = arith.constant -65536 : i32
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %lo0 = arith.shli %w0, %c16 : i32
  %hi0 = arith.andi %w0, %mask : i32
  %lo1 = arith.shli %w1, %c16 : i32
  %hi1 = arith.andi %w1, %mask : i32
  %f0 = arith.bitcast %lo0 : i32 to f32
  %f1 = arith.bitcast %hi0 : i32 to f32
  %f2 = arith.bitcast %lo1 : i32 to f32
  %f3 = arith.bitcast %hi1 : i32 to f32
  %u = llvm.mlir.undef : vector<4xf32>
  %v0 = llvm.insertelement %f0, %u[%k0 : i64] : vector<4xf32>
  %v1 = llvm.insertelement %f1, %v0[%k1 : i64] : vector<4xf32>
  %v2 = llvm.insertelement %f2, %v1[%k2 : i64] : vector<4xf32>
  %v3 = llvm.insertelement %f3, %v2[%k3 : i64] : vector<4xf32>
  llvm.return %v3 : vector<4xf32>
}

// The raw 16-byte words holding elements [i, i + 8) of an f32 (dtype 1) or
// bf16 buffer: two words for f32; for bf16 the one word, loaded twice (the
// second load hits the same line). Base 16-byte aligned, i a multiple of 8:
// the caller checked. No branch and no use of the data here, so a caller's
// loads are all in flight before @widen8 uses them.
llvm.func internal @load8(%base: !llvm.ptr<1>, %dtype: i32, %i: i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)> attributes {always_inline} {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i64
  %c4 = arith.constant 4 : i64
  %c16 = arith.constant 16 : i64
  %k0 = arith.constant 0 : i64
  %isF32 = arith.cmpi eq, %dtype, %c1 : i32
  %size = arith.select %isF32, %c4, %c2 : i64
  %offset = arith.muli %i, %size : i64
  %second = arith.select %isF32, %c16, %k0 : i64
  %offsetB = arith.addi %offset, %second : i64
  %pa = llvm.getelementptr %base[%offset] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
  %pb = llvm.getelementptr %base[%offsetB] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
  %a = llvm.load %pa {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %b = llvm.load %pb {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %s0 = llvm.mlir.undef : !llvm.struct<(vector<4xi32>, vector<4xi32>)>
  %s1 = llvm.insertvalue %a, %s0[0] : !llvm.struct<(vector<4xi32>, vector<4xi32>)>
  %s2 = llvm.insertvalue %b, %s1[1] : !llvm.struct<(vector<4xi32>, vector<4xi32>)>
  llvm.return %s2 : !llvm.struct<(vector<4xi32>, vector<4xi32>)>
}

// The eight f32 values of what @load8 returned (selects, not branches).
llvm.func internal @widen8(%raw: !llvm.struct<(vector<4xi32>, vector<4xi32>)>, %dtype: i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)> attributes {always_inline} {
  %c1 = arith.constant 1 : i32
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %ra = llvm.extractvalue %raw[0] : !llvm.struct<(vector<4xi32>, vector<4xi32>)>
  %rb = llvm.extractvalue %raw[1] : !llvm.struct<(vector<4xi32>, vector<4xi32>)>
  %isF32 = arith.cmpi eq, %dtype, %c1 : i32
  %fa = llvm.bitcast %ra : vector<4xi32> to vector<4xf32>
  %fb = llvm.bitcast %rb : vector<4xi32> to vector<4xf32>
  %w0 = llvm.extractelement %ra[%k0 : i64] : vector<4xi32>
  %w1 = llvm.extractelement %ra[%k1 : i64] : vector<4xi32>
  %w2 = llvm.extractelement %ra[%k2 : i64] : vector<4xi32>
  %w3 = llvm.extractelement %ra[%k3 : i64] : vector<4xi32>
  %ha = llvm.call @widen_bf16x4(%w0, %w1) : (i32, i32) -> vector<4xf32>
  %hb = llvm.call @widen_bf16x4(%w2, %w3) : (i32, i32) -> vector<4xf32>
  %a = arith.select %isF32, %fa, %ha : vector<4xf32>
  %b = arith.select %isF32, %fb, %hb : vector<4xf32>
  %s0 = llvm.mlir.undef : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %s1 = llvm.insertvalue %a, %s0[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %s2 = llvm.insertvalue %b, %s1[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  llvm.return %s2 : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
}

// acc + the sum of squares of the eight lanes of a and b.
llvm.func internal @sumsq8(%a: vector<4xf32>, %b: vector<4xf32>, %acc: f32) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %e0 = llvm.extractelement %a[%k0 : i64] : vector<4xf32>
  %q0 = arith.mulf %e0, %e0 : f32
  %s0 = arith.addf %acc, %q0 : f32
  %e1 = llvm.extractelement %a[%k1 : i64] : vector<4xf32>
  %q1 = arith.mulf %e1, %e1 : f32
  %s1 = arith.addf %s0, %q1 : f32
  %e2 = llvm.extractelement %a[%k2 : i64] : vector<4xf32>
  %q2 = arith.mulf %e2, %e2 : f32
  %s2 = arith.addf %s1, %q2 : f32
  %e3 = llvm.extractelement %a[%k3 : i64] : vector<4xf32>
  %q3 = arith.mulf %e3, %e3 : f32
  %s3 = arith.addf %s2, %q3 : f32
  %e4 = llvm.extractelement %b[%k0 : i64] : vector<4xf32>
  %q4 = arith.mulf %e4, %e4 : f32
  %s4 = arith.addf %s3, %q4 : f32
  %e5 = llvm.extractelement %b[%k1 : i64] : vector<4xf32>
  %q5 = arith.mulf %e5, %e5 : f32
  %s5 = arith.addf %s4, %q5 : f32
  %e6 = llvm.extractelement %b[%k2 : i64] : vector<4xf32>
  %q6 = arith.mulf %e6, %e6 : f32
  %s6 = arith.addf %s5, %q6 : f32
  %e7 = llvm.extractelement %b[%k3 : i64] : vector<4xf32>
  %q7 = arith.mulf %e7, %e7 : f32
  %s7 = arith.addf %s6, %q7 : f32
  llvm.return %s7 : f32
}

// Stages x (normalized by 1/rms(x) * nw if the task has a norm) into the
// shared memory as f32, for the vector matvec path: thread t takes elements
// [8t, 8t + 8) of every 8 x THREADS, four such words per loop trip written out so
// their loads are in flight together; the norm's sum of squares comes from
// the same loads (one pass over x, not two), then each thread rescales the
// words it wrote. x and nw: f32 or bf16, 16-byte aligned, cols a multiple of
// 8 (the caller checked). Ends with a barrier.
llvm.func internal @stage_x(%x: !llvm.ptr<1>, %dx: i32, %nw: !llvm.ptr<1>, %dnw: i32, %hasNorm: i1, %eps: f32, %cols: i64, %tid: i32) attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c4 = arith.constant 4 : i64
  %c8 = arith.constant 8 : i64
  %threads = arith.constant ${THREADS} : i64
  %block = arith.muli %threads, %c8 : i64
  %c4x = arith.constant 4 : i64
  %trip = arith.muli %block, %c4x : i64
  %zero = arith.constant 0.0 : f32
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %tid64 = arith.extui %tid : i32 to i64
  %tid8 = arith.muli %tid64, %c8 : i64
  %partial = scf.for %b = %tid8 to %cols step %trip iter_args(%acc = %zero) -> (f32) : i64 {
    %v0 = arith.cmpi ult, %b, %cols : i64
    %i0 = arith.select %v0, %b, %k0 : i64
    %l0 = llvm.call @load8(%x, %dx, %i0) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %m1 = arith.constant 1 : i64
    %o1 = arith.muli %block, %m1 : i64
    %c1 = arith.addi %b, %o1 : i64
    %v1 = arith.cmpi ult, %c1, %cols : i64
    %i1 = arith.select %v1, %c1, %k0 : i64
    %l1 = llvm.call @load8(%x, %dx, %i1) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %m2 = arith.constant 2 : i64
    %o2 = arith.muli %block, %m2 : i64
    %c2 = arith.addi %b, %o2 : i64
    %v2 = arith.cmpi ult, %c2, %cols : i64
    %i2 = arith.select %v2, %c2, %k0 : i64
    %l2 = llvm.call @load8(%x, %dx, %i2) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    %m3 = arith.constant 3 : i64
    %o3 = arith.muli %block, %m3 : i64
    %c3 = arith.addi %b, %o3 : i64
    %v3 = arith.cmpi ult, %c3, %cols : i64
    %i3 = arith.select %v3, %c3, %k0 : i64
    %l3 = llvm.call @load8(%x, %dx, %i3) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
    // Widen and store after all four loads, so none waits for a load the
    // next needs.
    %f0 = llvm.call @widen8(%l0, %dx) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %a0 = llvm.extractvalue %f0[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %b0 = llvm.extractvalue %f0[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %f1 = llvm.call @widen8(%l1, %dx) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %a1 = llvm.extractvalue %f1[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %b1 = llvm.extractvalue %f1[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %f2 = llvm.call @widen8(%l2, %dx) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %a2 = llvm.extractvalue %f2[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %b2 = llvm.extractvalue %f2[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %f3 = llvm.call @widen8(%l3, %dx) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %a3 = llvm.extractvalue %f3[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %b3 = llvm.extractvalue %f3[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    scf.if %v0 {
      %pa = llvm.getelementptr %xs[%i0] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      %i4 = arith.addi %i0, %c4 : i64
      %pb = llvm.getelementptr %xs[%i4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      llvm.store %a0, %pa {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
      llvm.store %b0, %pb {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
    }
    scf.if %v1 {
      %pa = llvm.getelementptr %xs[%i1] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      %i4 = arith.addi %i1, %c4 : i64
      %pb = llvm.getelementptr %xs[%i4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      llvm.store %a1, %pa {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
      llvm.store %b1, %pb {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
    }
    scf.if %v2 {
      %pa = llvm.getelementptr %xs[%i2] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      %i4 = arith.addi %i2, %c4 : i64
      %pb = llvm.getelementptr %xs[%i4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      llvm.store %a2, %pa {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
      llvm.store %b2, %pb {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
    }
    scf.if %v3 {
      %pa = llvm.getelementptr %xs[%i3] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      %i4 = arith.addi %i3, %c4 : i64
      %pb = llvm.getelementptr %xs[%i4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      llvm.store %a3, %pa {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
      llvm.store %b3, %pb {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
    }
    %q0 = llvm.call @sumsq8(%a0, %b0, %acc) : (vector<4xf32>, vector<4xf32>, f32) -> f32
    %n0 = arith.select %v0, %q0, %acc : f32
    %q1 = llvm.call @sumsq8(%a1, %b1, %n0) : (vector<4xf32>, vector<4xf32>, f32) -> f32
    %n1 = arith.select %v1, %q1, %n0 : f32
    %q2 = llvm.call @sumsq8(%a2, %b2, %n1) : (vector<4xf32>, vector<4xf32>, f32) -> f32
    %n2 = arith.select %v2, %q2, %n1 : f32
    %q3 = llvm.call @sumsq8(%a3, %b3, %n2) : (vector<4xf32>, vector<4xf32>, f32) -> f32
    %n3 = arith.select %v3, %q3, %n2 : f32
    scf.yield %n3 : f32
  }
  scf.if %hasNorm {
    // 1 / sqrt(mean(x^2) + eps), as @inv_rms computes it.
    %sum = llvm.call @cta_sum(%partial, %tid) : (f32, i32) -> f32
    %nf = arith.uitofp %cols : i64 to f32
    %mean = arith.divf %sum, %nf : f32
    %var = arith.addf %mean, %eps : f32
    %root = llvm.inline_asm "sqrt.rn.f32 $0, $1;", "=f,f" %var : (f32) -> f32
    %one = arith.constant 1.0 : f32
    %inv = arith.divf %one, %root : f32
    %u = llvm.mlir.undef : vector<4xf32>
    %k1 = arith.constant 1 : i64
    %k2 = arith.constant 2 : i64
    %k3 = arith.constant 3 : i64
    %iv0 = llvm.insertelement %inv, %u[%k0 : i64] : vector<4xf32>
    %iv1 = llvm.insertelement %inv, %iv0[%k1 : i64] : vector<4xf32>
    %iv2 = llvm.insertelement %inv, %iv1[%k2 : i64] : vector<4xf32>
    %invv = llvm.insertelement %inv, %iv2[%k3 : i64] : vector<4xf32>
    scf.for %b = %tid8 to %cols step %trip : i64 {
      %v0 = arith.cmpi ult, %b, %cols : i64
      %i0 = arith.select %v0, %b, %k0 : i64
      %gr0 = llvm.call @load8(%nw, %dnw, %i0) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %m1 = arith.constant 1 : i64
    %o1 = arith.muli %block, %m1 : i64
      %c1 = arith.addi %b, %o1 : i64
      %v1 = arith.cmpi ult, %c1, %cols : i64
      %i1 = arith.select %v1, %c1, %k0 : i64
      %gr1 = llvm.call @load8(%nw, %dnw, %i1) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %m2 = arith.constant 2 : i64
    %o2 = arith.muli %block, %m2 : i64
      %c2 = arith.addi %b, %o2 : i64
      %v2 = arith.cmpi ult, %c2, %cols : i64
      %i2 = arith.select %v2, %c2, %k0 : i64
      %gr2 = llvm.call @load8(%nw, %dnw, %i2) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %m3 = arith.constant 3 : i64
    %o3 = arith.muli %block, %m3 : i64
      %c3 = arith.addi %b, %o3 : i64
      %v3 = arith.cmpi ult, %c3, %cols : i64
      %i3 = arith.select %v3, %c3, %k0 : i64
      %gr3 = llvm.call @load8(%nw, %dnw, %i3) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %g0 = llvm.call @widen8(%gr0, %dnw) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %g1 = llvm.call @widen8(%gr1, %dnw) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %g2 = llvm.call @widen8(%gr2, %dnw) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      %g3 = llvm.call @widen8(%gr3, %dnw) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
      scf.if %v0 {
        %ga = llvm.extractvalue %g0[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
        %gb = llvm.extractvalue %g0[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
        %pa = llvm.getelementptr %xs[%i0] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
        %i4 = arith.addi %i0, %c4 : i64
        %pb = llvm.getelementptr %xs[%i4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
        %xa = llvm.load %pa {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
        %xb = llvm.load %pb {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
        %sa = arith.mulf %xa, %invv : vector<4xf32>
        %sb = arith.mulf %xb, %invv : vector<4xf32>
        %ma = arith.mulf %sa, %ga : vector<4xf32>
        %mb = arith.mulf %sb, %gb : vector<4xf32>
        llvm.store %ma, %pa {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
        llvm.store %mb, %pb {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
      }
      scf.if %v1 {
        %ga = llvm.extractvalue %g1[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
        %gb = llvm.extractvalue %g1[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
        %pa = llvm.getelementptr %xs[%i1] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
        %i4 = arith.addi %i1, %c4 : i64
        %pb = llvm.getelementptr %xs[%i4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
        %xa = llvm.load %pa {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
        %xb = llvm.load %pb {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
        %sa = arith.mulf %xa, %invv : vector<4xf32>
        %sb = arith.mulf %xb, %invv : vector<4xf32>
        %ma = arith.mulf %sa, %ga : vector<4xf32>
        %mb = arith.mulf %sb, %gb : vector<4xf32>
        llvm.store %ma, %pa {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
        llvm.store %mb, %pb {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
      }
      scf.if %v2 {
        %ga = llvm.extractvalue %g2[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
        %gb = llvm.extractvalue %g2[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
        %pa = llvm.getelementptr %xs[%i2] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
        %i4 = arith.addi %i2, %c4 : i64
        %pb = llvm.getelementptr %xs[%i4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
        %xa = llvm.load %pa {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
        %xb = llvm.load %pb {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
        %sa = arith.mulf %xa, %invv : vector<4xf32>
        %sb = arith.mulf %xb, %invv : vector<4xf32>
        %ma = arith.mulf %sa, %ga : vector<4xf32>
        %mb = arith.mulf %sb, %gb : vector<4xf32>
        llvm.store %ma, %pa {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
        llvm.store %mb, %pb {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
      }
      scf.if %v3 {
        %ga = llvm.extractvalue %g3[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
        %gb = llvm.extractvalue %g3[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
        %pa = llvm.getelementptr %xs[%i3] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
        %i4 = arith.addi %i3, %c4 : i64
        %pb = llvm.getelementptr %xs[%i4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
        %xa = llvm.load %pa {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
        %xb = llvm.load %pb {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
        %sa = arith.mulf %xa, %invv : vector<4xf32>
        %sb = arith.mulf %xb, %invv : vector<4xf32>
        %ma = arith.mulf %sa, %ga : vector<4xf32>
        %mb = arith.mulf %sb, %gb : vector<4xf32>
        llvm.store %ma, %pa {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
        llvm.store %mb, %pb {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
      }
    }
  }
  llvm.call @cta_barrier() : () -> ()
  llvm.return
}

// Rows per ring chunk of task t (0: the task does not use the ring): a
// matvec or SwiGLU tile on the vector path whose weights are weight buffers
// (TILEC_OPERAND_CONSTANT) (bf16 weights, rows of a
// multiple of 8 columns, 16-byte aligned, x fits the staging memory) whose
// row (both rows, for SwiGLU) fits a stage. The producer (@ring_issue) and
// the consumer (@matvec) both decide by this, so they agree on the chunks.
llvm.func internal @ring_rows(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>) -> i64 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k3 = arith.constant 3 : i64
  %c2 = arith.constant 2 : i64
  %c8 = arith.constant 8 : i64
  %c15 = arith.constant 15 : i64
  %kind = llvm.call @u32(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %matvecKind = arith.constant ${KIND_MATVEC} : i32
  %swigluKind = arith.constant ${KIND_MATVEC_SWIGLU} : i32
  %isMatvec = arith.cmpi eq, %kind, %matvecKind : i32
  %isSwiglu = arith.cmpi eq, %kind, %swigluKind : i32
  %either = arith.ori %isMatvec, %isSwiglu : i1
  %w = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %u = llvm.call @operand(%t, %arena, %k3) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dw = llvm.call @dtype(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %du = llvm.call @dtype(%t, %k3) : (!llvm.ptr<1>, i64) -> i32
  %cols = llvm.call @ip(%t, %k1) : (!llvm.ptr<1>, i64) -> i64
  // Only weights (never written while the program runs) may be copied
  // ahead of the task's waits.
  %wConst = llvm.call @constant_operand(%t, %k0) : (!llvm.ptr<1>, i64) -> i1
  %uConst = llvm.call @constant_operand(%t, %k3) : (!llvm.ptr<1>, i64) -> i1
  %bf16code = arith.constant 2 : i32
  %wBf16 = arith.cmpi eq, %dw, %bf16code : i32
  %uBf16 = arith.cmpi eq, %du, %bf16code : i32
  %wAddr = llvm.ptrtoint %w : !llvm.ptr<1> to i64
  %uAddr = llvm.ptrtoint %u : !llvm.ptr<1> to i64
  %wLow = arith.andi %wAddr, %c15 : i64
  %uLow = arith.andi %uAddr, %c15 : i64
  %wAligned = arith.cmpi eq, %wLow, %k0 : i64
  %uAligned = arith.cmpi eq, %uLow, %k0 : i64
  %uOk00 = arith.andi %uBf16, %uAligned : i1
  %uOk0 = arith.andi %uOk00, %uConst : i1
  %true = arith.constant true
  %notSwiglu = arith.xori %isSwiglu, %true : i1
  %uOk = arith.ori %notSwiglu, %uOk0 : i1
  %colsMod = arith.remui %cols, %c8 : i64
  %colsOk = arith.cmpi eq, %colsMod, %k0 : i64
  %colsSome = arith.cmpi ugt, %cols, %k0 : i64
  %xsFloats = arith.constant ${XS_FLOATS} : i64
  %fits = arith.cmpi ule, %cols, %xsFloats : i64
  %rowBytes = arith.muli %cols, %c2 : i64
  %need = arith.select %isSwiglu, %c2, %k1 : i64
  %chunkRow = arith.muli %rowBytes, %need : i64
  %stageBytes = arith.constant ${RING_STAGE_BYTES} : i64
  %fitsStage = arith.cmpi ule, %chunkRow, %stageBytes : i64
  %a0 = arith.andi %either, %wConst : i1
  %a1 = arith.andi %a0, %wBf16 : i1
  %a2 = arith.andi %a1, %wAligned : i1
  %a3 = arith.andi %a2, %uOk : i1
  %a4 = arith.andi %a3, %colsOk : i1
  %a5 = arith.andi %a4, %colsSome : i1
  %a6 = arith.andi %a5, %fits : i1
  %ok = arith.andi %a6, %fitsStage : i1
  %one = arith.constant 1 : i64
  %safeRow = arith.select %ok, %chunkRow, %one : i64
  %rows = arith.divui %stageBytes, %safeRow : i64
  %r = arith.select %ok, %rows, %k0 : i64
  llvm.return %r : i64
}

// Chunks of task t on the ring: ceil(rows / rows per chunk), 0 if none.
llvm.func internal @ring_chunks(%t: !llvm.ptr<1>, %rpc: i64) -> i64 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %r0 = llvm.call @ip(%t, %k2) : (!llvm.ptr<1>, i64) -> i64
  %r1 = llvm.call @ip(%t, %k3) : (!llvm.ptr<1>, i64) -> i64
  %span0 = arith.subi %r1, %r0 : i64
  %span = arith.maxsi %span0, %k0 : i64
  %some = arith.cmpi ugt, %rpc, %k0 : i64
  %safe = arith.select %some, %rpc, %k1 : i64
  %m = arith.subi %safe, %k1 : i64
  %up = arith.addi %span, %m : i64
  %n = arith.divui %up, %safe : i64
  %r = arith.select %some, %n, %k0 : i64
  llvm.return %r : i64
}

// Waits until the ring stage behind mbarrier `bar` completes the phase of
// parity `parity`: at most `bound` polls of about 1 us each (the suspend
// hint), like the event waits' spins. False: it did not.
llvm.func internal @ring_wait(%bar: !llvm.ptr<3>, %parity: i32, %bound: i64) -> i1 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %c0 = arith.constant 0 : i32
  %true = arith.constant true
  %r:2 = scf.while (%n = %k0) : (i64) -> (i64, i1) {
    %w = llvm.inline_asm has_side_effects "{ .reg .pred p; mbarrier.try_wait.parity.shared::cta.b64 p, [$1], $2, 1000; selp.u32 $0, 1, 0, p; }", "=r,l,r,~{memory}" %bar, %parity : (!llvm.ptr<3>, i32) -> i32
    %done = arith.cmpi ne, %w, %c0 : i32
    %over = arith.cmpi uge, %n, %bound : i64
    %stop = arith.ori %done, %over : i1
    %go = arith.xori %stop, %true : i1
    scf.condition(%go) %n, %done : i64, i1
  } do {
  ^bb0(%n: i64, %done: i1):
    %next = arith.addi %n, %k1 : i64
    scf.yield %next : i64
  }
  llvm.return %r#1 : i1
}

// One row's dot products from a ring stage: W's row at pw (and U's at pu,
// for SwiGLU) times the staged x; lane l takes the 16-byte words at columns
// 8l + 256j. Shared memory answers in tens of cycles: no unrolling needed.
llvm.func internal @ring_row_bf16(%pw: !llvm.ptr<3>, %pu: !llvm.ptr<3>, %swiglu: i1, %cols: i64, %lane64: i64) -> !llvm.struct<(f32, f32)> attributes {always_inline} {
  %c2 = arith.constant 2 : i64
  %c4 = arith.constant 4 : i64
  %c8 = arith.constant 8 : i64
  %c256 = arith.constant 256 : i64
  %zero = arith.constant 0.0 : f32
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %lane8 = arith.muli %lane64, %c8 : i64
  %r:2 = scf.for %k = %lane8 to %cols step %c256 iter_args(%a = %zero, %b = %zero) -> (f32, f32) : i64 {
    %off = arith.muli %k, %c2 : i64
    %wp = llvm.getelementptr %pw[%off] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
    %wv = llvm.load %wp {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xi32>
    %xpa = llvm.getelementptr %xs[%k] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
    %k4 = arith.addi %k, %c4 : i64
    %xpb = llvm.getelementptr %xs[%k4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
    %xa = llvm.load %xpa {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
    %xb = llvm.load %xpb {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
    %da = llvm.call @dot_bf16x8(%wv, %xa, %xb) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
    %na = arith.addf %a, %da : f32
    %nb = scf.if %swiglu -> f32 {
      %up = llvm.getelementptr %pu[%off] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
      %uv = llvm.load %up {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xi32>
      %db = llvm.call @dot_bf16x8(%uv, %xa, %xb) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
      %s = arith.addf %b, %db : f32
      scf.yield %s : f32
    } else {
      scf.yield %b : f32
    }
    scf.yield %na, %nb : f32, f32
  }
  %p0 = llvm.mlir.undef : !llvm.struct<(f32, f32)>
  %p1 = llvm.insertvalue %r#0, %p0[0] : !llvm.struct<(f32, f32)>
  %p2 = llvm.insertvalue %r#1, %p1[1] : !llvm.struct<(f32, f32)>
  llvm.return %p2 : !llvm.struct<(f32, f32)>
}

// The end of one row: the warp's sums, then lane 0 writes y[row] =
// silu(W.x) * (U.x) for SwiGLU, else W.x (+ bias) (+ residual).
llvm.func internal @matvec_finish(%acc0: f32, %acc1: f32, %row: i64, %lane: i32, %swiglu: i1, %has3: i1, %hasRes: i1, %o3: !llvm.ptr<1>, %d3: i32, %res: !llvm.ptr<1>, %dres: i32, %y: !llvm.ptr<1>, %dy: i32) attributes {always_inline} {
  %c0i = arith.constant 0 : i32
  %dot = llvm.call @warp_sum(%acc0) : (f32) -> f32
  %dot2 = llvm.call @warp_sum(%acc1) : (f32) -> f32
  %leader = arith.cmpi eq, %lane, %c0i : i32
  scf.if %leader {
    %out = scf.if %swiglu -> f32 {
      %g = llvm.call @silu(%dot) : (f32) -> f32
      %m = arith.mulf %g, %dot2 : f32
      scf.yield %m : f32
    } else {
      %withBias = scf.if %has3 -> f32 {
        %bv = llvm.call @ld(%o3, %d3, %row) : (!llvm.ptr<1>, i32, i64) -> f32
        %s = arith.addf %dot, %bv : f32
        scf.yield %s : f32
      } else {
        scf.yield %dot : f32
      }
      %withRes = scf.if %hasRes -> f32 {
        %rv = llvm.call @ld(%res, %dres, %row) : (!llvm.ptr<1>, i32, i64) -> f32
        %s = arith.addf %withBias, %rv : f32
        scf.yield %s : f32
      } else {
        scf.yield %withBias : f32
      }
      scf.yield %withRes : f32
    }
    llvm.call @st(%y, %dy, %row, %out) : (!llvm.ptr<1>, i32, i64, f32) -> ()
  }
  llvm.return
}

// MATVEC and MATVEC_SWIGLU: separate entry points, so each is compiled with
// `swiglu` a constant (no branch inside the unrolled load rounds).
llvm.func internal @body_matvec(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %false = arith.constant false
  %r = llvm.call @matvec(%t, %arena, %tid, %false) : (!llvm.ptr<1>, !llvm.ptr<1>, i32, i1) -> i32
  llvm.return %r : i32
}

llvm.func internal @body_matvec_swiglu(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %true = arith.constant true
  %r = llvm.call @matvec(%t, %arena, %tid, %true) : (!llvm.ptr<1>, !llvm.ptr<1>, i32, i1) -> i32
  llvm.return %r : i32
}

// y[r] = W[r] . x (+ bias, + residual) for rows [r0, r1), or, for SwiGLU,
// silu(W[r] . x) * (U[r] . x); x normalized first if the task has a norm.
// One warp per row, a shuffle reduction per row. Fast path (bf16 weights,
// rows of a multiple of 8 columns, 16-byte aligned, at most XS_FLOATS
// columns): x is staged once per task in shared memory as f32 and the
// weights stream in 16-byte loads, eight per lane in flight
// (@matvec_row_bf16). Otherwise element by element from global memory.
llvm.func internal @matvec(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %swiglu: i1) -> i32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %k4 = arith.constant 4 : i64
  %k5 = arith.constant 5 : i64
  %w = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %x = llvm.call @operand(%t, %arena, %k1) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %y = llvm.call @operand(%t, %arena, %k2) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %o3 = llvm.call @operand(%t, %arena, %k3) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %res = llvm.call @operand(%t, %arena, %k4) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %nw = llvm.call @operand(%t, %arena, %k5) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dw = llvm.call @dtype(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %dx = llvm.call @dtype(%t, %k1) : (!llvm.ptr<1>, i64) -> i32
  %dy = llvm.call @dtype(%t, %k2) : (!llvm.ptr<1>, i64) -> i32
  %d3 = llvm.call @dtype(%t, %k3) : (!llvm.ptr<1>, i64) -> i32
  %dres = llvm.call @dtype(%t, %k4) : (!llvm.ptr<1>, i64) -> i32
  %dnw = llvm.call @dtype(%t, %k5) : (!llvm.ptr<1>, i64) -> i32
  %has3 = llvm.call @has(%t, %k3) : (!llvm.ptr<1>, i64) -> i1
  %hasRes = llvm.call @has(%t, %k4) : (!llvm.ptr<1>, i64) -> i1
  %hasNorm = llvm.call @has(%t, %k5) : (!llvm.ptr<1>, i64) -> i1
  %cols = llvm.call @ip(%t, %k1) : (!llvm.ptr<1>, i64) -> i64
  %r0 = llvm.call @ip(%t, %k2) : (!llvm.ptr<1>, i64) -> i64
  %r1 = llvm.call @ip(%t, %k3) : (!llvm.ptr<1>, i64) -> i64
  %eps = llvm.call @fp(%t, %k0) : (!llvm.ptr<1>, i64) -> f32
  %one = arith.constant 1.0 : f32
  %true_v = arith.constant true
  %c5 = arith.constant 5 : i32
  %c31 = arith.constant 31 : i32
  %warp = arith.shrui %tid, %c5 : i32
  %lane = arith.andi %tid, %c31 : i32
  %warp64 = arith.extui %warp : i32 to i64
  %lane64 = arith.extui %lane : i32 to i64
  %first = arith.addi %r0, %warp64 : i64
  %warps = arith.constant ${WARPS} : i64
  %c32 = arith.constant 32 : i64
  %zero = arith.constant 0.0 : f32
  %c0i = arith.constant 0 : i32
  %c8 = arith.constant 8 : i64
  %c256 = arith.constant 256 : i64
  // The vector path: bf16 weights, rows of a multiple of 8 columns, 16-byte
  // aligned bases (buffers are 256-byte aligned in a 256-byte aligned arena).
  %bf16code = arith.constant 2 : i32
  %wIsBf16 = arith.cmpi eq, %dw, %bf16code : i32
  %uIsBf16 = arith.cmpi eq, %d3, %bf16code : i32
  %notSwiglu = arith.xori %swiglu, %true_v : i1
  %uOk = arith.ori %notSwiglu, %uIsBf16 : i1
  %colsMod = arith.remui %cols, %c8 : i64
  %colsOk = arith.cmpi eq, %colsMod, %k0 : i64
  %wAddr = llvm.ptrtoint %w : !llvm.ptr<1> to i64
  %uAddr = llvm.ptrtoint %o3 : !llvm.ptr<1> to i64
  %c15 = arith.constant 15 : i64
  %wLow = arith.andi %wAddr, %c15 : i64
  %uLow = arith.andi %uAddr, %c15 : i64
  %wAligned = arith.cmpi eq, %wLow, %k0 : i64
  %uAligned0 = arith.cmpi eq, %uLow, %k0 : i64
  %uAligned = arith.ori %notSwiglu, %uAligned0 : i1
  %v1 = arith.andi %wIsBf16, %uOk : i1
  %v2 = arith.andi %v1, %colsOk : i1
  %v3 = arith.andi %v2, %wAligned : i1
  %v4 = arith.andi %v3, %uAligned : i1
  %xsFloats = arith.constant ${XS_FLOATS} : i64
  %fits = arith.cmpi ule, %cols, %xsFloats : i64
  %vector = arith.andi %v4, %fits : i1
  // x and the norm weight in 16-byte words: f32 or bf16, aligned.
  %f32code = arith.constant 1 : i32
  %xWord0 = arith.cmpi eq, %dx, %f32code : i32
  %xWord1 = arith.cmpi eq, %dx, %bf16code : i32
  %xWord = arith.ori %xWord0, %xWord1 : i1
  %xAddr = llvm.ptrtoint %x : !llvm.ptr<1> to i64
  %xLow = arith.andi %xAddr, %c15 : i64
  %xAligned = arith.cmpi eq, %xLow, %k0 : i64
  %gWord0 = arith.cmpi eq, %dnw, %f32code : i32
  %gWord1 = arith.cmpi eq, %dnw, %bf16code : i32
  %gWord = arith.ori %gWord0, %gWord1 : i1
  %gAddr = llvm.ptrtoint %nw : !llvm.ptr<1> to i64
  %gLow = arith.andi %gAddr, %c15 : i64
  %gAligned = arith.cmpi eq, %gLow, %k0 : i64
  %gOk0 = arith.andi %gWord, %gAligned : i1
  %noNorm = arith.xori %hasNorm, %true_v : i1
  %gOk = arith.ori %noNorm, %gOk0 : i1
  %s1 = arith.andi %vector, %xWord : i1
  %s2 = arith.andi %s1, %xAligned : i1
  %stageWords = arith.andi %s2, %gOk : i1
  // The norm prologue of the element-wise paths: 1/rms(x), recomputed by
  // every task (cheap next to W); @stage_x folds it into its own pass.
  %needScale = arith.xori %stageWords, %true_v : i1
  %normHere = arith.andi %hasNorm, %needScale : i1
  %scale = scf.if %normHere -> f32 {
    %inv = llvm.call @inv_rms(%x, %dx, %k0, %cols, %eps, %tid) : (!llvm.ptr<1>, i32, i64, i64, f32, i32) -> f32
    scf.yield %inv : f32
  } else {
    scf.yield %one : f32
  }
  // Stage x (normalized) in shared memory for the whole CTA. The barrier
  // after every task body keeps the next task from overwriting it early.
  scf.if %stageWords {
    llvm.call @stage_x(%x, %dx, %nw, %dnw, %hasNorm, %eps, %cols, %tid) : (!llvm.ptr<1>, i32, !llvm.ptr<1>, i32, i1, f32, i64, i32) -> ()
  }
  %stageElements = arith.andi %vector, %needScale : i1
  scf.if %stageElements {
    %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
    %tid64s = arith.extui %tid : i32 to i64
    %nthreads = arith.constant ${THREADS} : i64
    scf.for %k = %tid64s to %cols step %nthreads : i64 {
      %xv = llvm.call @x_at(%x, %dx, %nw, %dnw, %hasNorm, %scale, %k) : (!llvm.ptr<1>, i32, !llvm.ptr<1>, i32, i1, f32, i64) -> f32
      %xp = llvm.getelementptr %xs[%k] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      llvm.store %xv, %xp : f32, !llvm.ptr<3>
    }
    llvm.call @cta_barrier() : () -> ()
  }
  // The weight ring, if this launch streams this task through it: the
  // chunks in order, each awaited on its stage's mbarrier, its rows a warp
  // each; after a barrier (the stage is free) thread 0 issues more.
  %k11 = arith.constant 11 : i64
  %ringStages = llvm.call @ring_get(%k5) : (i64) -> i64
  %ringSet = arith.cmpi ne, %ringStages, %k0 : i64
  // A constant: below sm_90 the ring's code folds away.
  %ringChipC = arith.constant ${RING_OK} : i32
  %ringChip = arith.cmpi ne, %ringChipC, %c0i : i32
  %ringOn = arith.andi %ringSet, %ringChip : i1
  %rpc = scf.if %ringOn -> i64 {
    %r = llvm.call @ring_rows(%t, %arena) : (!llvm.ptr<1>, !llvm.ptr<1>) -> i64
    scf.yield %r : i64
  } else {
    scf.yield %k0 : i64
  }
  %useRing = arith.cmpi ne, %rpc, %k0 : i64
  %code = scf.if %useRing -> i32 {
    %consumed0 = llvm.call @ring_get(%k1) : (i64) -> i64
    %bound = llvm.call @ring_get(%k11) : (i64) -> i64
    %nChunks = llvm.call @ring_chunks(%t, %rpc) : (!llvm.ptr<1>, i64) -> i64
    %stages = arith.constant ${RING_STAGES} : i64
    %rowBytes = arith.muli %cols, %k2 : i64
    %false_v = arith.constant false
    %isThread0 = arith.cmpi eq, %tid, %c0i : i32
    // Thread 0 waits for each chunk (bounded) and the CTA takes its answer
    // (barrier.cta.red.or.pred), so every thread skips or computes alike.
    // After a failure nothing more is awaited or refilled, and the chunk
    // within the task is the fault's value.
    %neg = arith.constant -1 : i64
    %failedAt = scf.for %k = %k0 to %nChunks step %k1 iter_args(%f = %neg) -> (i64) : i64 {
      %c = arith.addi %consumed0, %k : i64
      %s = arith.remui %c, %stages : i64
      %use = arith.divui %c, %stages : i64
      %phase64 = arith.andi %use, %k1 : i64
      %phase = arith.trunci %phase64 : i64 to i32
      %bar = llvm.call @ring_barrier(%s) : (i64) -> !llvm.ptr<3>
      %before = arith.cmpi sge, %f, %k0 : i64
      %mine = scf.if %isThread0 -> i1 {
        %lost = scf.if %before -> i1 {
          scf.yield %true_v : i1
        } else {
          %waited = llvm.call @ring_wait(%bar, %phase, %bound) : (!llvm.ptr<3>, i32, i64) -> i1
          %timedOut = arith.xori %waited, %true_v : i1
          scf.yield %timedOut : i1
        }
        scf.yield %lost : i1
      } else {
        scf.yield %false_v : i1
      }
      %mine32 = arith.extui %mine : i1 to i32
      %any32 = llvm.inline_asm has_side_effects "{ .reg .pred p, q; setp.ne.u32 q, $1, 0; barrier.cta.red.or.pred p, 0, q; selp.u32 $0, 1, 0, p; }", "=r,r,~{memory}" %mine32 : (i32) -> i32
      %any = arith.cmpi ne, %any32, %c0i : i32
      %ok = arith.xori %any, %true_v : i1
      scf.if %ok {
        // The phase is complete: this wait returns at once, with acquire
        // semantics for this thread's reads of the stage.
        llvm.inline_asm has_side_effects "{ .reg .pred p; mbarrier.try_wait.parity.shared::cta.b64 p, [$0], $1; }", "l,r,~{memory}" %bar, %phase : (!llvm.ptr<3>, i32) -> ()
        %skip = arith.muli %k, %rpc : i64
        %rowStart = arith.addi %r0, %skip : i64
        %left = arith.subi %r1, %rowStart : i64
        %n = arith.minui %rpc, %left : i64
        %stageW = llvm.call @ring_stage(%s) : (i64) -> !llvm.ptr<3>
        %uOff = arith.muli %n, %rowBytes : i64
        %stageU = llvm.getelementptr %stageW[%uOff] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
        scf.for %j = %warp64 to %n step %warps : i64 {
          %jOff = arith.muli %j, %rowBytes : i64
          %pw = llvm.getelementptr %stageW[%jOff] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
          %pu = llvm.getelementptr %stageU[%jOff] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
          %d = llvm.call @ring_row_bf16(%pw, %pu, %swiglu, %cols, %lane64) : (!llvm.ptr<3>, !llvm.ptr<3>, i1, i64, i64) -> !llvm.struct<(f32, f32)>
          %d0 = llvm.extractvalue %d[0] : !llvm.struct<(f32, f32)>
          %d1 = llvm.extractvalue %d[1] : !llvm.struct<(f32, f32)>
          %row = arith.addi %rowStart, %j : i64
          llvm.call @matvec_finish(%d0, %d1, %row, %lane, %swiglu, %has3, %hasRes, %o3, %d3, %res, %dres, %y, %dy) : (f32, f32, i64, i32, i1, i1, i1, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32) -> ()
        }
        // This thread's reads of the stage (generic proxy) before the bulk
        // copy (async proxy) that will overwrite it.
        llvm.inline_asm has_side_effects "fence.proxy.async.shared::cta;", "~{memory}" : () -> ()
      }
      // Every warp is done with the stage: thread 0 refills the ring.
      llvm.call @cta_barrier() : () -> ()
      %refill = arith.andi %isThread0, %ok : i1
      scf.if %refill {
        %c1 = arith.addi %c, %k1 : i64
        llvm.call @ring_set(%k1, %c1) : (i64, i64) -> ()
        llvm.call @ring_issue(%arena) : (!llvm.ptr<1>) -> ()
      }
      %firstFail = arith.select %before, %f, %k : i64
      %nf = arith.select %ok, %f, %firstFail : i64
      scf.yield %nf : i64
    }
    %failed = arith.cmpi sge, %failedAt, %k0 : i64
    %r = scf.if %failed -> i32 {
      // The chunk (within the task) whose copy never arrived.
      llvm.call @set_fault_value(%failedAt) : (i64) -> ()
      %timeout = arith.constant ${FAULT_WAIT_TIMEOUT} : i32
      scf.yield %timeout : i32
    } else {
      %zeroCode = arith.constant 0 : i32
      scf.yield %zeroCode : i32
    }
    scf.yield %r : i32
  } else {
    scf.for %row = %first to %r1 step %warps : i64 {
      %rowBase = arith.muli %row, %cols : i64
      %acc:2 = scf.if %vector -> (f32, f32) {
        %d = llvm.call @matvec_row_bf16(%w, %o3, %swiglu, %rowBase, %cols, %lane64) : (!llvm.ptr<1>, !llvm.ptr<1>, i1, i64, i64, i64) -> !llvm.struct<(f32, f32)>
        %d0 = llvm.extractvalue %d[0] : !llvm.struct<(f32, f32)>
        %d1 = llvm.extractvalue %d[1] : !llvm.struct<(f32, f32)>
        scf.yield %d0, %d1 : f32, f32
      } else {
        %r:2 = scf.for %k = %lane64 to %cols step %c32 iter_args(%a = %zero, %b = %zero) -> (f32, f32) : i64 {
          %xv = llvm.call @ld(%x, %dx, %k) : (!llvm.ptr<1>, i32, i64) -> f32
          %xn = scf.if %hasNorm -> f32 {
            %g = llvm.call @ld(%nw, %dnw, %k) : (!llvm.ptr<1>, i32, i64) -> f32
            %s = arith.mulf %xv, %scale : f32
            %m = arith.mulf %s, %g : f32
            scf.yield %m : f32
          } else {
            scf.yield %xv : f32
          }
          %idx = arith.addi %rowBase, %k : i64
          %wv = llvm.call @ld(%w, %dw, %idx) : (!llvm.ptr<1>, i32, i64) -> f32
          %na = arith.mulf %wv, %xn : f32
          %sa = arith.addf %a, %na : f32
          %sb = scf.if %swiglu -> f32 {
            %uv = llvm.call @ld(%o3, %d3, %idx) : (!llvm.ptr<1>, i32, i64) -> f32
            %nb = arith.mulf %uv, %xn : f32
            %s = arith.addf %b, %nb : f32
            scf.yield %s : f32
          } else {
            scf.yield %b : f32
          }
          scf.yield %sa, %sb : f32, f32
        }
        scf.yield %r#0, %r#1 : f32, f32
      }
      llvm.call @matvec_finish(%acc#0, %acc#1, %row, %lane, %swiglu, %has3, %hasRes, %o3, %d3, %res, %dres, %y, %dy) : (f32, f32, i64, i32, i1, i1, i1, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32) -> ()
    }
    %zeroCode = arith.constant 0 : i32
    scf.yield %zeroCode : i32
  }
  llvm.return %code : i32
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

// Eight 16-byte words w0 .. w0 + 7 of a bf16 row (words past `words` add
// nothing) times the f32 vector at qv (shared memory).
llvm.func internal @dot_words8(%row: !llvm.ptr<1>, %qv: !llvm.ptr<3>, %words: i64, %w0: i64) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c4 = arith.constant 4 : i64
  %c8 = arith.constant 8 : i64
  %zero = arith.constant 0.0 : f32
  %o0 = arith.constant 0 : i64
  %wi0 = arith.addi %w0, %o0 : i64
  %v0 = arith.cmpi ult, %wi0, %words : i64
  %s0 = arith.select %v0, %wi0, %k0 : i64
  %e0 = arith.muli %s0, %c8 : i64
  %rp0 = llvm.getelementptr %row[%e0] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %rv0 = llvm.load %rp0 {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %qa0 = llvm.getelementptr %qv[%e0] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %f0 = arith.addi %e0, %c4 : i64
  %qb0 = llvm.getelementptr %qv[%f0] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %xa0 = llvm.load %qa0 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %xb0 = llvm.load %qb0 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %d0 = llvm.call @dot_bf16x8(%rv0, %xa0, %xb0) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
  %a0 = arith.addf %zero, %d0 : f32
  %n0 = arith.select %v0, %a0, %zero : f32
  %o1 = arith.constant 1 : i64
  %wi1 = arith.addi %w0, %o1 : i64
  %v1 = arith.cmpi ult, %wi1, %words : i64
  %s1 = arith.select %v1, %wi1, %k0 : i64
  %e1 = arith.muli %s1, %c8 : i64
  %rp1 = llvm.getelementptr %row[%e1] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %rv1 = llvm.load %rp1 {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %qa1 = llvm.getelementptr %qv[%e1] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %f1 = arith.addi %e1, %c4 : i64
  %qb1 = llvm.getelementptr %qv[%f1] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %xa1 = llvm.load %qa1 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %xb1 = llvm.load %qb1 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %d1 = llvm.call @dot_bf16x8(%rv1, %xa1, %xb1) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
  %a1 = arith.addf %n0, %d1 : f32
  %n1 = arith.select %v1, %a1, %n0 : f32
  %o2 = arith.constant 2 : i64
  %wi2 = arith.addi %w0, %o2 : i64
  %v2 = arith.cmpi ult, %wi2, %words : i64
  %s2 = arith.select %v2, %wi2, %k0 : i64
  %e2 = arith.muli %s2, %c8 : i64
  %rp2 = llvm.getelementptr %row[%e2] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %rv2 = llvm.load %rp2 {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %qa2 = llvm.getelementptr %qv[%e2] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %f2 = arith.addi %e2, %c4 : i64
  %qb2 = llvm.getelementptr %qv[%f2] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %xa2 = llvm.load %qa2 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %xb2 = llvm.load %qb2 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %d2 = llvm.call @dot_bf16x8(%rv2, %xa2, %xb2) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
  %a2 = arith.addf %n1, %d2 : f32
  %n2 = arith.select %v2, %a2, %n1 : f32
  %o3 = arith.constant 3 : i64
  %wi3 = arith.addi %w0, %o3 : i64
  %v3 = arith.cmpi ult, %wi3, %words : i64
  %s3 = arith.select %v3, %wi3, %k0 : i64
  %e3 = arith.muli %s3, %c8 : i64
  %rp3 = llvm.getelementptr %row[%e3] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %rv3 = llvm.load %rp3 {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %qa3 = llvm.getelementptr %qv[%e3] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %f3 = arith.addi %e3, %c4 : i64
  %qb3 = llvm.getelementptr %qv[%f3] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %xa3 = llvm.load %qa3 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %xb3 = llvm.load %qb3 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %d3 = llvm.call @dot_bf16x8(%rv3, %xa3, %xb3) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
  %a3 = arith.addf %n2, %d3 : f32
  %n3 = arith.select %v3, %a3, %n2 : f32
  %o4 = arith.constant 4 : i64
  %wi4 = arith.addi %w0, %o4 : i64
  %v4 = arith.cmpi ult, %wi4, %words : i64
  %s4 = arith.select %v4, %wi4, %k0 : i64
  %e4 = arith.muli %s4, %c8 : i64
  %rp4 = llvm.getelementptr %row[%e4] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %rv4 = llvm.load %rp4 {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %qa4 = llvm.getelementptr %qv[%e4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %f4 = arith.addi %e4, %c4 : i64
  %qb4 = llvm.getelementptr %qv[%f4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %xa4 = llvm.load %qa4 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %xb4 = llvm.load %qb4 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %d4 = llvm.call @dot_bf16x8(%rv4, %xa4, %xb4) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
  %a4 = arith.addf %n3, %d4 : f32
  %n4 = arith.select %v4, %a4, %n3 : f32
  %o5 = arith.constant 5 : i64
  %wi5 = arith.addi %w0, %o5 : i64
  %v5 = arith.cmpi ult, %wi5, %words : i64
  %s5 = arith.select %v5, %wi5, %k0 : i64
  %e5 = arith.muli %s5, %c8 : i64
  %rp5 = llvm.getelementptr %row[%e5] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %rv5 = llvm.load %rp5 {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %qa5 = llvm.getelementptr %qv[%e5] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %f5 = arith.addi %e5, %c4 : i64
  %qb5 = llvm.getelementptr %qv[%f5] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %xa5 = llvm.load %qa5 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %xb5 = llvm.load %qb5 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %d5 = llvm.call @dot_bf16x8(%rv5, %xa5, %xb5) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
  %a5 = arith.addf %n4, %d5 : f32
  %n5 = arith.select %v5, %a5, %n4 : f32
  %o6 = arith.constant 6 : i64
  %wi6 = arith.addi %w0, %o6 : i64
  %v6 = arith.cmpi ult, %wi6, %words : i64
  %s6 = arith.select %v6, %wi6, %k0 : i64
  %e6 = arith.muli %s6, %c8 : i64
  %rp6 = llvm.getelementptr %row[%e6] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %rv6 = llvm.load %rp6 {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %qa6 = llvm.getelementptr %qv[%e6] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %f6 = arith.addi %e6, %c4 : i64
  %qb6 = llvm.getelementptr %qv[%f6] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %xa6 = llvm.load %qa6 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %xb6 = llvm.load %qb6 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %d6 = llvm.call @dot_bf16x8(%rv6, %xa6, %xb6) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
  %a6 = arith.addf %n5, %d6 : f32
  %n6 = arith.select %v6, %a6, %n5 : f32
  %o7 = arith.constant 7 : i64
  %wi7 = arith.addi %w0, %o7 : i64
  %v7 = arith.cmpi ult, %wi7, %words : i64
  %s7 = arith.select %v7, %wi7, %k0 : i64
  %e7 = arith.muli %s7, %c8 : i64
  %rp7 = llvm.getelementptr %row[%e7] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %rv7 = llvm.load %rp7 {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  %qa7 = llvm.getelementptr %qv[%e7] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %f7 = arith.addi %e7, %c4 : i64
  %qb7 = llvm.getelementptr %qv[%f7] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %xa7 = llvm.load %qa7 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %xb7 = llvm.load %qb7 {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %d7 = llvm.call @dot_bf16x8(%rv7, %xa7, %xb7) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
  %a7 = arith.addf %n6, %d7 : f32
  %n7 = arith.select %v7, %a7, %n6 : f32
  llvm.return %n7 : f32
}

// weight[i] * V[t0 + i][col] for chunk position i (0 past the chunk's n
// positions; the load then reads position t0 instead, so it needs no branch).
llvm.func internal @weighted_v(%vc: !llvm.ptr<1>, %w: !llvm.ptr<3>, %rowLen: i64, %col: i64, %t0: i64, %n: i64, %i: i64) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c16 = arith.constant 16 : i32
  %zero = arith.constant 0.0 : f32
  %valid = arith.cmpi ult, %i, %n : i64
  %safe = arith.select %valid, %i, %k0 : i64
  %t = arith.addi %t0, %safe : i64
  %tRow = arith.muli %t, %rowLen : i64
  %vi = arith.addi %tRow, %col : i64
  %vp = llvm.getelementptr %vc[%vi] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %h = llvm.load %vp : !llvm.ptr<1> -> i16
  %h32 = arith.extui %h : i16 to i32
  %bits = arith.shli %h32, %c16 : i32
  %v = arith.bitcast %bits : i32 to f32
  %wp = llvm.getelementptr %w[%safe] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %wt = llvm.load %wp : !llvm.ptr<3> -> f32
  %p = arith.mulf %wt, %v : f32
  %r = arith.select %valid, %p, %zero : f32
  llvm.return %r : f32
}

// ATTN_PARTIAL's fast path (bf16 K and V caches, head_dim a multiple of 8):
// the chunk's positions in parallel, in four phases separated by barriers,
// with shared memory holding q (f32, group x dim) and then the scores.
//   1. q of the KV head's group of query heads into shared memory;
//   2. one position per thread: its K row (16-byte loads, eight in flight)
//      against every head's q: scores;
//   3. per head (one warp each): m = max score, scores become exp(s - m) in
//      place, l = their sum; m and l written out;
//   4. per (head, dim) (one thread each): o = sum of weight * V, eight
//      positions' loads in flight at a time.
// Same output as the general path: o, m, l per head (o not yet divided by l).
llvm.func internal @attn_partial_bf16(%q: !llvm.ptr<1>, %dq: i32, %kc: !llvm.ptr<1>, %vc: !llvm.ptr<1>, %part: !llvm.ptr<1>, %heads: i64, %kvHeads: i64, %dim: i64, %g: i64, %group: i64, %chunk: i64, %chunkSize: i64, %t0: i64, %n: i64, %scale: f32, %tid: i32) attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %c8 = arith.constant 8 : i64
  %c32 = arith.constant 32 : i64
  %threads = arith.constant ${THREADS} : i64
  %warps = arith.constant ${WARPS} : i64
  %zero = arith.constant 0.0 : f32
  %ninf = arith.constant 0xFF800000 : f32
  %f32code = arith.constant 1 : i32
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %tid64 = arith.extui %tid : i32 to i64
  %qCount = arith.muli %group, %dim : i64
  %ss = llvm.getelementptr %xs[%qCount] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %h0 = arith.muli %g, %group : i64
  %qBase = arith.muli %h0, %dim : i64
  %rowLen = arith.muli %kvHeads, %dim : i64
  %kvBase = arith.muli %g, %dim : i64
  %stride = arith.addi %dim, %k2 : i64
  %cBase = arith.muli %chunk, %heads : i64
  // 1. q
  scf.for %i = %tid64 to %qCount step %threads : i64 {
    %qi = arith.addi %qBase, %i : i64
    %v = llvm.call @ld(%q, %dq, %qi) : (!llvm.ptr<1>, i32, i64) -> f32
    %p = llvm.getelementptr %xs[%i] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
    llvm.store %v, %p : f32, !llvm.ptr<3>
  }
  llvm.call @cta_barrier() : () -> ()
  // 2. scores
  %words = arith.divui %dim, %c8 : i64
  scf.for %i = %tid64 to %n step %threads : i64 {
    %t = arith.addi %t0, %i : i64
    %tRow = arith.muli %t, %rowLen : i64
    %kOff = arith.addi %tRow, %kvBase : i64
    %kRow = llvm.getelementptr %kc[%kOff] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
    scf.for %j = %k0 to %group step %k1 : i64 {
      %qjOff = arith.muli %j, %dim : i64
      %qj = llvm.getelementptr %xs[%qjOff] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      %dot = scf.for %w0 = %k0 to %words step %c8 iter_args(%acc = %zero) -> (f32) : i64 {
        %d = llvm.call @dot_words8(%kRow, %qj, %words, %w0) : (!llvm.ptr<1>, !llvm.ptr<3>, i64, i64) -> f32
        %s = arith.addf %acc, %d : f32
        scf.yield %s : f32
      }
      %score = arith.mulf %dot, %scale : f32
      %sj = arith.muli %j, %chunkSize : i64
      %si = arith.addi %sj, %i : i64
      %sp = llvm.getelementptr %ss[%si] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      llvm.store %score, %sp : f32, !llvm.ptr<3>
    }
  }
  llvm.call @cta_barrier() : () -> ()
  // 3. softmax statistics, one warp per head
  %c5 = arith.constant 5 : i32
  %c31 = arith.constant 31 : i32
  %warp = arith.shrui %tid, %c5 : i32
  %lane = arith.andi %tid, %c31 : i32
  %warp64 = arith.extui %warp : i32 to i64
  %lane64 = arith.extui %lane : i32 to i64
  %c0i = arith.constant 0 : i32
  %leader = arith.cmpi eq, %lane, %c0i : i32
  scf.for %j = %warp64 to %group step %warps : i64 {
    %sj = arith.muli %j, %chunkSize : i64
    %sRow = llvm.getelementptr %ss[%sj] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
    %mLane = scf.for %i = %lane64 to %n step %c32 iter_args(%m = %ninf) -> (f32) : i64 {
      %sp = llvm.getelementptr %sRow[%i] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      %s = llvm.load %sp : !llvm.ptr<3> -> f32
      %mx = llvm.inline_asm "max.f32 $0, $1, $2;", "=f,f,f" %m, %s : (f32, f32) -> f32
      scf.yield %mx : f32
    }
    %m = llvm.call @warp_max(%mLane) : (f32) -> f32
    %lLane = scf.for %i = %lane64 to %n step %c32 iter_args(%l = %zero) -> (f32) : i64 {
      %sp = llvm.getelementptr %sRow[%i] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      %s = llvm.load %sp : !llvm.ptr<3> -> f32
      %ds = arith.subf %s, %m : f32
      %w = llvm.call @exp_approx(%ds) : (f32) -> f32
      llvm.store %w, %sp : f32, !llvm.ptr<3>
      %ln = arith.addf %l, %w : f32
      scf.yield %ln : f32
    }
    %l = llvm.call @warp_sum(%lLane) : (f32) -> f32
    scf.if %leader {
      %h = arith.addi %h0, %j : i64
      %row = arith.addi %cBase, %h : i64
      %oBase = arith.muli %row, %stride : i64
      %mi = arith.addi %oBase, %dim : i64
      %li = arith.addi %mi, %k1 : i64
      llvm.call @st(%part, %f32code, %mi, %m) : (!llvm.ptr<1>, i32, i64, f32) -> ()
      llvm.call @st(%part, %f32code, %li, %l) : (!llvm.ptr<1>, i32, i64, f32) -> ()
    }
  }
  llvm.call @cta_barrier() : () -> ()
  // 4. o, one (head, dim) per thread
  scf.for %idx = %tid64 to %qCount step %threads : i64 {
    %j = arith.divui %idx, %dim : i64
    %d = arith.remui %idx, %dim : i64
    %sj = arith.muli %j, %chunkSize : i64
    %wRow = llvm.getelementptr %ss[%sj] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
    %col = arith.addi %kvBase, %d : i64
    %o = scf.for %i0 = %k0 to %n step %c8 iter_args(%acc = %zero) -> (f32) : i64 {
      %p0 = arith.constant 0 : i64
      %ii0 = arith.addi %i0, %p0 : i64
      %r0 = llvm.call @weighted_v(%vc, %wRow, %rowLen, %col, %t0, %n, %ii0) : (!llvm.ptr<1>, !llvm.ptr<3>, i64, i64, i64, i64, i64) -> f32
      %p1 = arith.constant 1 : i64
      %ii1 = arith.addi %i0, %p1 : i64
      %r1 = llvm.call @weighted_v(%vc, %wRow, %rowLen, %col, %t0, %n, %ii1) : (!llvm.ptr<1>, !llvm.ptr<3>, i64, i64, i64, i64, i64) -> f32
      %p2 = arith.constant 2 : i64
      %ii2 = arith.addi %i0, %p2 : i64
      %r2 = llvm.call @weighted_v(%vc, %wRow, %rowLen, %col, %t0, %n, %ii2) : (!llvm.ptr<1>, !llvm.ptr<3>, i64, i64, i64, i64, i64) -> f32
      %p3 = arith.constant 3 : i64
      %ii3 = arith.addi %i0, %p3 : i64
      %r3 = llvm.call @weighted_v(%vc, %wRow, %rowLen, %col, %t0, %n, %ii3) : (!llvm.ptr<1>, !llvm.ptr<3>, i64, i64, i64, i64, i64) -> f32
      %p4 = arith.constant 4 : i64
      %ii4 = arith.addi %i0, %p4 : i64
      %r4 = llvm.call @weighted_v(%vc, %wRow, %rowLen, %col, %t0, %n, %ii4) : (!llvm.ptr<1>, !llvm.ptr<3>, i64, i64, i64, i64, i64) -> f32
      %p5 = arith.constant 5 : i64
      %ii5 = arith.addi %i0, %p5 : i64
      %r5 = llvm.call @weighted_v(%vc, %wRow, %rowLen, %col, %t0, %n, %ii5) : (!llvm.ptr<1>, !llvm.ptr<3>, i64, i64, i64, i64, i64) -> f32
      %p6 = arith.constant 6 : i64
      %ii6 = arith.addi %i0, %p6 : i64
      %r6 = llvm.call @weighted_v(%vc, %wRow, %rowLen, %col, %t0, %n, %ii6) : (!llvm.ptr<1>, !llvm.ptr<3>, i64, i64, i64, i64, i64) -> f32
      %p7 = arith.constant 7 : i64
      %ii7 = arith.addi %i0, %p7 : i64
      %r7 = llvm.call @weighted_v(%vc, %wRow, %rowLen, %col, %t0, %n, %ii7) : (!llvm.ptr<1>, !llvm.ptr<3>, i64, i64, i64, i64, i64) -> f32
      %a0 = arith.addf %acc, %r0 : f32
      %a1 = arith.addf %a0, %r1 : f32
      %a2 = arith.addf %a1, %r2 : f32
      %a3 = arith.addf %a2, %r3 : f32
      %a4 = arith.addf %a3, %r4 : f32
      %a5 = arith.addf %a4, %r5 : f32
      %a6 = arith.addf %a5, %r6 : f32
      %a7 = arith.addf %a6, %r7 : f32
      scf.yield %a7 : f32
    }
    %h = arith.addi %h0, %j : i64
    %row = arith.addi %cBase, %h : i64
    %oBase = arith.muli %row, %stride : i64
    %oi = arith.addi %oBase, %d : i64
    llvm.call @st(%part, %f32code, %oi, %o) : (!llvm.ptr<1>, i32, i64, f32) -> ()
  }
  llvm.return
}

// ATTN_PARTIAL: one warp per query head of the KV group, an online softmax
// over the chunk's positions <= pos. The output accumulates in place in
// partial[c, h, 0:D] (lanes own strided columns), then m and l follow.
llvm.func internal @body_attn_partial(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %pos: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %k4 = arith.constant 4 : i64
  %k5 = arith.constant 5 : i64
  %k6 = arith.constant 6 : i64
  %k7 = arith.constant 7 : i64
  %q = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %kc = llvm.call @operand(%t, %arena, %k1) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %vc = llvm.call @operand(%t, %arena, %k2) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %part = llvm.call @operand(%t, %arena, %k3) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dq = llvm.call @dtype(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %dk = llvm.call @dtype(%t, %k1) : (!llvm.ptr<1>, i64) -> i32
  %dv = llvm.call @dtype(%t, %k2) : (!llvm.ptr<1>, i64) -> i32
  %heads = llvm.call @ip(%t, %k0) : (!llvm.ptr<1>, i64) -> i64
  %kvHeads = llvm.call @ip(%t, %k1) : (!llvm.ptr<1>, i64) -> i64
  %dim = llvm.call @ip(%t, %k2) : (!llvm.ptr<1>, i64) -> i64
  %seqLen = llvm.call @ip(%t, %k3) : (!llvm.ptr<1>, i64) -> i64
  %chunk = llvm.call @ip(%t, %k4) : (!llvm.ptr<1>, i64) -> i64
  %g = llvm.call @ip(%t, %k5) : (!llvm.ptr<1>, i64) -> i64
  %chunkSize = llvm.call @ip(%t, %k6) : (!llvm.ptr<1>, i64) -> i64
  %scale = llvm.call @fp(%t, %k0) : (!llvm.ptr<1>, i64) -> f32
  %p64 = arith.extsi %pos : i32 to i64
  %neg = arith.cmpi slt, %p64, %k0 : i64
  %big = arith.cmpi sge, %p64, %seqLen : i64
  %bad = arith.ori %neg, %big : i1
  %code = scf.if %bad -> i32 {
    llvm.call @set_fault_value(%p64) : (i64) -> ()
    %c = arith.constant ${FAULT_BAD_INDEX} : i32
    scf.yield %c : i32
  } else {
    %group = arith.divui %heads, %kvHeads : i64
    %t0 = arith.muli %chunk, %chunkSize : i64
    %tEnd = arith.addi %t0, %chunkSize : i64
    %p1 = arith.addi %p64, %k1 : i64
    %t1 = arith.minsi %tEnd, %p1 : i64
    // The fast path: bf16 caches, 16-byte aligned rows, q and the scores
    // fit the shared memory.
    %bf16code = arith.constant 2 : i32
    %kBf16 = arith.cmpi eq, %dk, %bf16code : i32
    %vBf16 = arith.cmpi eq, %dv, %bf16code : i32
    %c8f = arith.constant 8 : i64
    %c15f = arith.constant 15 : i64
    %dimMod = arith.remui %dim, %c8f : i64
    %dimOk = arith.cmpi eq, %dimMod, %k0 : i64
    %kAddr = llvm.ptrtoint %kc : !llvm.ptr<1> to i64
    %kLow = arith.andi %kAddr, %c15f : i64
    %kAligned = arith.cmpi eq, %kLow, %k0 : i64
    %qFloats = arith.muli %group, %dim : i64
    %sFloats = arith.muli %group, %chunkSize : i64
    %smemFloats = arith.addi %qFloats, %sFloats : i64
    %xsFloats = arith.constant ${XS_FLOATS} : i64
    %fits = arith.cmpi ule, %smemFloats, %xsFloats : i64
    %f1 = arith.andi %kBf16, %vBf16 : i1
    %f2 = arith.andi %f1, %dimOk : i1
    %f3 = arith.andi %f2, %kAligned : i1
    %fast = arith.andi %f3, %fits : i1
    %span = arith.subi %t1, %t0 : i64
    %n = arith.maxsi %span, %k0 : i64
    scf.if %fast {
      llvm.call @attn_partial_bf16(%q, %dq, %kc, %vc, %part, %heads, %kvHeads, %dim, %g, %group, %chunk, %chunkSize, %t0, %n, %scale, %tid) : (!llvm.ptr<1>, i32, !llvm.ptr<1>, !llvm.ptr<1>, !llvm.ptr<1>, i64, i64, i64, i64, i64, i64, i64, i64, i64, f32, i32) -> ()
    } else {
    %rowLen = arith.muli %kvHeads, %dim : i64
    %stride = arith.addi %dim, %k2 : i64
    %c5 = arith.constant 5 : i32
    %c31 = arith.constant 31 : i32
    %warp = arith.shrui %tid, %c5 : i32
    %lane = arith.andi %tid, %c31 : i32
    %warp64 = arith.extui %warp : i32 to i64
    %lane64 = arith.extui %lane : i32 to i64
    %warps = arith.constant ${WARPS} : i64
    %c32 = arith.constant 32 : i64
    %ninf = arith.constant 0xFF800000 : f32
    %zero = arith.constant 0.0 : f32
    %c0i = arith.constant 0 : i32
    scf.for %j = %warp64 to %group step %warps : i64 {
      %gBase = arith.muli %g, %group : i64
      %h = arith.addi %gBase, %j : i64
      %qBase = arith.muli %h, %dim : i64
      %kvBase = arith.muli %g, %dim : i64
      %cBase = arith.muli %chunk, %heads : i64
      %row = arith.addi %cBase, %h : i64
      %oBase = arith.muli %row, %stride : i64
      // o = 0
      scf.for %d = %lane64 to %dim step %c32 : i64 {
        %oi = arith.addi %oBase, %d : i64
        %f32code = arith.constant 1 : i32
        llvm.call @st(%part, %f32code, %oi, %zero) : (!llvm.ptr<1>, i32, i64, f32) -> ()
      }
      %ml:2 = scf.for %tt = %t0 to %t1 step %k1 iter_args(%m = %ninf, %l = %zero) -> (f32, f32) : i64 {
        %kRow = arith.muli %tt, %rowLen : i64
        %kOff = arith.addi %kRow, %kvBase : i64
        %partialDot = scf.for %d = %lane64 to %dim step %c32 iter_args(%acc = %zero) -> (f32) : i64 {
          %qi = arith.addi %qBase, %d : i64
          %ki = arith.addi %kOff, %d : i64
          %qv = llvm.call @ld(%q, %dq, %qi) : (!llvm.ptr<1>, i32, i64) -> f32
          %kv = llvm.call @ld(%kc, %dk, %ki) : (!llvm.ptr<1>, i32, i64) -> f32
          %pr = arith.mulf %qv, %kv : f32
          %s = arith.addf %acc, %pr : f32
          scf.yield %s : f32
        }
        %dot = llvm.call @warp_sum(%partialDot) : (f32) -> f32
        %score = arith.mulf %dot, %scale : f32
        %mNew = arith.maximumf %m, %score : f32
        %dm = arith.subf %m, %mNew : f32
        %corr = llvm.call @exp_approx(%dm) : (f32) -> f32
        %ds = arith.subf %score, %mNew : f32
        %w = llvm.call @exp_approx(%ds) : (f32) -> f32
        %lc = arith.mulf %l, %corr : f32
        %lNew = arith.addf %lc, %w : f32
        scf.for %d = %lane64 to %dim step %c32 : i64 {
          %oi = arith.addi %oBase, %d : i64
          %vi = arith.addi %kOff, %d : i64
          %f32code = arith.constant 1 : i32
          %o = llvm.call @ld(%part, %f32code, %oi) : (!llvm.ptr<1>, i32, i64) -> f32
          %vv = llvm.call @ld(%vc, %dv, %vi) : (!llvm.ptr<1>, i32, i64) -> f32
          %oc = arith.mulf %o, %corr : f32
          %wv = arith.mulf %w, %vv : f32
          %on = arith.addf %oc, %wv : f32
          llvm.call @st(%part, %f32code, %oi, %on) : (!llvm.ptr<1>, i32, i64, f32) -> ()
        }
        scf.yield %mNew, %lNew : f32, f32
      }
      %leader = arith.cmpi eq, %lane, %c0i : i32
      scf.if %leader {
        %mi = arith.addi %oBase, %dim : i64
        %li = arith.addi %mi, %k1 : i64
        %f32code = arith.constant 1 : i32
        llvm.call @st(%part, %f32code, %mi, %ml#0) : (!llvm.ptr<1>, i32, i64, f32) -> ()
        llvm.call @st(%part, %f32code, %li, %ml#1) : (!llvm.ptr<1>, i32, i64, f32) -> ()
      }
    }
    }
    %ok = arith.constant 0 : i32
    scf.yield %ok : i32
  }
  llvm.return %code : i32
}

// ATTN_COMBINE: one warp per head, merging the chunks' (o, m, l).
llvm.func internal @body_attn_combine(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k4 = arith.constant 4 : i64
  %k5 = arith.constant 5 : i64
  %k7 = arith.constant 7 : i64
  %part = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %out = llvm.call @operand(%t, %arena, %k1) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dout = llvm.call @dtype(%t, %k1) : (!llvm.ptr<1>, i64) -> i32
  %heads = llvm.call @ip(%t, %k0) : (!llvm.ptr<1>, i64) -> i64
  %dim = llvm.call @ip(%t, %k2) : (!llvm.ptr<1>, i64) -> i64
  %h0 = llvm.call @ip(%t, %k4) : (!llvm.ptr<1>, i64) -> i64
  %h1 = llvm.call @ip(%t, %k5) : (!llvm.ptr<1>, i64) -> i64
  %chunks = llvm.call @ip(%t, %k7) : (!llvm.ptr<1>, i64) -> i64
  %stride = arith.addi %dim, %k2 : i64
  %c5 = arith.constant 5 : i32
  %c31 = arith.constant 31 : i32
  %warp = arith.shrui %tid, %c5 : i32
  %lane = arith.andi %tid, %c31 : i32
  %warp64 = arith.extui %warp : i32 to i64
  %lane64 = arith.extui %lane : i32 to i64
  %warps = arith.constant ${WARPS} : i64
  %c32 = arith.constant 32 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %f32code = arith.constant 1 : i32
  %first = arith.addi %h0, %warp64 : i64
  scf.for %h = %first to %h1 step %warps : i64 {
    // M = max over chunks of m_c
    %mMax = scf.for %c = %k0 to %chunks step %k1 iter_args(%acc = %ninf) -> (f32) : i64 {
      %row = arith.muli %c, %heads : i64
      %rh = arith.addi %row, %h : i64
      %base = arith.muli %rh, %stride : i64
      %mi = arith.addi %base, %dim : i64
      %m = llvm.call @ld(%part, %f32code, %mi) : (!llvm.ptr<1>, i32, i64) -> f32
      // max.f32 ignores a NaN operand (like the host's std::max here).
      %n = llvm.inline_asm "max.f32 $0, $1, $2;", "=f,f,f" %acc, %m : (f32, f32) -> f32
      scf.yield %n : f32
    }
    %empty = arith.cmpf oeq, %mMax, %ninf : f32
    %lSum = scf.for %c = %k0 to %chunks step %k1 iter_args(%acc = %zero) -> (f32) : i64 {
      %row = arith.muli %c, %heads : i64
      %rh = arith.addi %row, %h : i64
      %base = arith.muli %rh, %stride : i64
      %mi = arith.addi %base, %dim : i64
      %li = arith.addi %mi, %k1 : i64
      %m = llvm.call @ld(%part, %f32code, %mi) : (!llvm.ptr<1>, i32, i64) -> f32
      %l = llvm.call @ld(%part, %f32code, %li) : (!llvm.ptr<1>, i32, i64) -> f32
      %dm = arith.subf %m, %mMax : f32
      %w = llvm.call @exp_approx(%dm) : (f32) -> f32
      %wl = arith.mulf %w, %l : f32
      %n = arith.addf %acc, %wl : f32
      scf.yield %n : f32
    }
    scf.for %d = %lane64 to %dim step %c32 : i64 {
      %sum = scf.for %c = %k0 to %chunks step %k1 iter_args(%acc = %zero) -> (f32) : i64 {
        %row = arith.muli %c, %heads : i64
        %rh = arith.addi %row, %h : i64
        %base = arith.muli %rh, %stride : i64
        %mi = arith.addi %base, %dim : i64
        %oi = arith.addi %base, %d : i64
        %m = llvm.call @ld(%part, %f32code, %mi) : (!llvm.ptr<1>, i32, i64) -> f32
        %o = llvm.call @ld(%part, %f32code, %oi) : (!llvm.ptr<1>, i32, i64) -> f32
        %dm = arith.subf %m, %mMax : f32
        %w = llvm.call @exp_approx(%dm) : (f32) -> f32
        %wo = arith.mulf %w, %o : f32
        %n = arith.addf %acc, %wo : f32
        scf.yield %n : f32
      }
      %val = arith.divf %sum, %lSum : f32
      %res = arith.select %empty, %zero, %val : f32
      %outBase = arith.muli %h, %dim : i64
      %outi = arith.addi %outBase, %d : i64
      llvm.call @st(%out, %dout, %outi, %res) : (!llvm.ptr<1>, i32, i64, f32) -> ()
    }
  }
  %ok = arith.constant 0 : i32
  llvm.return %ok : i32
}
