// ATTN_PARTIAL (split-KV attention of one KV head over one chunk of
// positions) and ATTN_COMBINE (the chunks merged per head).

// Eight 16-byte words w0 .. w0 + 7 of a bf16 row (words past `words` add
// nothing) times the f32 vector at qv (shared memory): the eight loads
// first (@load_word), then the dot products (@dot_word), so the loads are
// in flight together.
llvm.func internal @dot_words8(%row: !llvm.ptr<1>, %qv: !llvm.ptr<3>, %words: i64, %w0: i64) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c8 = arith.constant 8 : i64
  %zero = arith.constant 0.0 : f32
  %cols = arith.muli %words, %c8 : i64
  %first = arith.muli %w0, %c8 : i64
  %o0 = arith.constant 0 : i64
  %col0 = arith.addi %first, %o0 : i64
  %o1 = arith.constant 8 : i64
  %col1 = arith.addi %first, %o1 : i64
  %o2 = arith.constant 16 : i64
  %col2 = arith.addi %first, %o2 : i64
  %o3 = arith.constant 24 : i64
  %col3 = arith.addi %first, %o3 : i64
  %o4 = arith.constant 32 : i64
  %col4 = arith.addi %first, %o4 : i64
  %o5 = arith.constant 40 : i64
  %col5 = arith.addi %first, %o5 : i64
  %o6 = arith.constant 48 : i64
  %col6 = arith.addi %first, %o6 : i64
  %o7 = arith.constant 56 : i64
  %col7 = arith.addi %first, %o7 : i64
  %lw0 = llvm.call @load_word(%row, %k0, %cols, %col0) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
  %lw1 = llvm.call @load_word(%row, %k0, %cols, %col1) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
  %lw2 = llvm.call @load_word(%row, %k0, %cols, %col2) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
  %lw3 = llvm.call @load_word(%row, %k0, %cols, %col3) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
  %lw4 = llvm.call @load_word(%row, %k0, %cols, %col4) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
  %lw5 = llvm.call @load_word(%row, %k0, %cols, %col5) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
  %lw6 = llvm.call @load_word(%row, %k0, %cols, %col6) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
  %lw7 = llvm.call @load_word(%row, %k0, %cols, %col7) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
  %a0 = llvm.call @dot_word(%qv, %lw0, %cols, %col0, %zero) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
  %a1 = llvm.call @dot_word(%qv, %lw1, %cols, %col1, %a0) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
  %a2 = llvm.call @dot_word(%qv, %lw2, %cols, %col2, %a1) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
  %a3 = llvm.call @dot_word(%qv, %lw3, %cols, %col3, %a2) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
  %a4 = llvm.call @dot_word(%qv, %lw4, %cols, %col4, %a3) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
  %a5 = llvm.call @dot_word(%qv, %lw5, %cols, %col5, %a4) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
  %a6 = llvm.call @dot_word(%qv, %lw6, %cols, %col6, %a5) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
  %a7 = llvm.call @dot_word(%qv, %lw7, %cols, %col7, %a6) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
  llvm.return %a7 : f32
}

// V[t0 + i][col] for chunk position i, as loaded (bf16 bits); past the
// chunk's n positions it reads position t0 instead, so it needs no branch
// (@v_weight drops it). Apart from its use, so a trip's loads go out together.
llvm.func internal @v_load(%vc: !llvm.ptr<1>, %rowLen: i64, %col: i64, %t0: i64, %n: i64, %i: i64) -> i16 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %valid = arith.cmpi ult, %i, %n : i64
  %safe = arith.select %valid, %i, %k0 : i64
  %t = arith.addi %t0, %safe : i64
  %tRow = arith.muli %t, %rowLen : i64
  %vi = arith.addi %tRow, %col : i64
  %vp = llvm.getelementptr %vc[%vi] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %h = llvm.load %vp : !llvm.ptr<1> -> i16
  llvm.return %h : i16
}

// weight[i] * the loaded V element (0 past the chunk's n positions).
llvm.func internal @v_weight(%h: i16, %w: !llvm.ptr<3>, %n: i64, %i: i64) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c16 = arith.constant 16 : i32
  %zero = arith.constant 0.0 : f32
  %valid = arith.cmpi ult, %i, %n : i64
  %safe = arith.select %valid, %i, %k0 : i64
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
  %f32code = arith.constant ${DTYPE_F32} : i32
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
      %p1 = arith.constant 1 : i64
      %ii1 = arith.addi %i0, %p1 : i64
      %p2 = arith.constant 2 : i64
      %ii2 = arith.addi %i0, %p2 : i64
      %p3 = arith.constant 3 : i64
      %ii3 = arith.addi %i0, %p3 : i64
      %p4 = arith.constant 4 : i64
      %ii4 = arith.addi %i0, %p4 : i64
      %p5 = arith.constant 5 : i64
      %ii5 = arith.addi %i0, %p5 : i64
      %p6 = arith.constant 6 : i64
      %ii6 = arith.addi %i0, %p6 : i64
      %p7 = arith.constant 7 : i64
      %ii7 = arith.addi %i0, %p7 : i64
      %vh0 = llvm.call @v_load(%vc, %rowLen, %col, %t0, %n, %ii0) : (!llvm.ptr<1>, i64, i64, i64, i64, i64) -> i16
      %vh1 = llvm.call @v_load(%vc, %rowLen, %col, %t0, %n, %ii1) : (!llvm.ptr<1>, i64, i64, i64, i64, i64) -> i16
      %vh2 = llvm.call @v_load(%vc, %rowLen, %col, %t0, %n, %ii2) : (!llvm.ptr<1>, i64, i64, i64, i64, i64) -> i16
      %vh3 = llvm.call @v_load(%vc, %rowLen, %col, %t0, %n, %ii3) : (!llvm.ptr<1>, i64, i64, i64, i64, i64) -> i16
      %vh4 = llvm.call @v_load(%vc, %rowLen, %col, %t0, %n, %ii4) : (!llvm.ptr<1>, i64, i64, i64, i64, i64) -> i16
      %vh5 = llvm.call @v_load(%vc, %rowLen, %col, %t0, %n, %ii5) : (!llvm.ptr<1>, i64, i64, i64, i64, i64) -> i16
      %vh6 = llvm.call @v_load(%vc, %rowLen, %col, %t0, %n, %ii6) : (!llvm.ptr<1>, i64, i64, i64, i64, i64) -> i16
      %vh7 = llvm.call @v_load(%vc, %rowLen, %col, %t0, %n, %ii7) : (!llvm.ptr<1>, i64, i64, i64, i64, i64) -> i16
      %r0 = llvm.call @v_weight(%vh0, %wRow, %n, %ii0) : (i16, !llvm.ptr<3>, i64, i64) -> f32
      %r1 = llvm.call @v_weight(%vh1, %wRow, %n, %ii1) : (i16, !llvm.ptr<3>, i64, i64) -> f32
      %r2 = llvm.call @v_weight(%vh2, %wRow, %n, %ii2) : (i16, !llvm.ptr<3>, i64, i64) -> f32
      %r3 = llvm.call @v_weight(%vh3, %wRow, %n, %ii3) : (i16, !llvm.ptr<3>, i64, i64) -> f32
      %r4 = llvm.call @v_weight(%vh4, %wRow, %n, %ii4) : (i16, !llvm.ptr<3>, i64, i64) -> f32
      %r5 = llvm.call @v_weight(%vh5, %wRow, %n, %ii5) : (i16, !llvm.ptr<3>, i64, i64) -> f32
      %r6 = llvm.call @v_weight(%vh6, %wRow, %n, %ii6) : (i16, !llvm.ptr<3>, i64, i64) -> f32
      %r7 = llvm.call @v_weight(%vh7, %wRow, %n, %ii7) : (i16, !llvm.ptr<3>, i64, i64) -> f32
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
  %ATTN_PARTIAL_OP_q = arith.constant ${ATTN_PARTIAL_OP_q} : i64
  %q = llvm.call @operand(%t, %arena, %ATTN_PARTIAL_OP_q) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ATTN_PARTIAL_OP_k = arith.constant ${ATTN_PARTIAL_OP_k} : i64
  %kc = llvm.call @operand(%t, %arena, %ATTN_PARTIAL_OP_k) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ATTN_PARTIAL_OP_v = arith.constant ${ATTN_PARTIAL_OP_v} : i64
  %vc = llvm.call @operand(%t, %arena, %ATTN_PARTIAL_OP_v) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ATTN_PARTIAL_OP_partial = arith.constant ${ATTN_PARTIAL_OP_partial} : i64
  %part = llvm.call @operand(%t, %arena, %ATTN_PARTIAL_OP_partial) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dq = llvm.call @dtype(%t, %ATTN_PARTIAL_OP_q) : (!llvm.ptr<1>, i64) -> i32
  %dk = llvm.call @dtype(%t, %ATTN_PARTIAL_OP_k) : (!llvm.ptr<1>, i64) -> i32
  %dv = llvm.call @dtype(%t, %ATTN_PARTIAL_OP_v) : (!llvm.ptr<1>, i64) -> i32
  %ATTN_PARTIAL_IP_Hq = arith.constant ${ATTN_PARTIAL_IP_Hq} : i64
  %heads = llvm.call @ip(%t, %ATTN_PARTIAL_IP_Hq) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_PARTIAL_IP_Hkv = arith.constant ${ATTN_PARTIAL_IP_Hkv} : i64
  %kvHeads = llvm.call @ip(%t, %ATTN_PARTIAL_IP_Hkv) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_PARTIAL_IP_D = arith.constant ${ATTN_PARTIAL_IP_D} : i64
  %dim = llvm.call @ip(%t, %ATTN_PARTIAL_IP_D) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_PARTIAL_IP_S = arith.constant ${ATTN_PARTIAL_IP_S} : i64
  %seqLen = llvm.call @ip(%t, %ATTN_PARTIAL_IP_S) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_PARTIAL_IP_c = arith.constant ${ATTN_PARTIAL_IP_c} : i64
  %chunk = llvm.call @ip(%t, %ATTN_PARTIAL_IP_c) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_PARTIAL_IP_g = arith.constant ${ATTN_PARTIAL_IP_g} : i64
  %g = llvm.call @ip(%t, %ATTN_PARTIAL_IP_g) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_PARTIAL_IP_chunk = arith.constant ${ATTN_PARTIAL_IP_chunk} : i64
  %chunkSize = llvm.call @ip(%t, %ATTN_PARTIAL_IP_chunk) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_PARTIAL_FP_scale = arith.constant ${ATTN_PARTIAL_FP_scale} : i64
  %scale = llvm.call @fp(%t, %ATTN_PARTIAL_FP_scale) : (!llvm.ptr<1>, i64) -> f32
  %p64 = arith.extsi %pos : i32 to i64
  %neg = arith.cmpi slt, %p64, %k0 : i64
  %big = arith.cmpi sge, %p64, %seqLen : i64
  %bad = arith.ori %neg, %big : i1
  %code = scf.if %bad -> i32 {
    llvm.call @set_fault_value(%p64, %tid) : (i64, i32) -> ()
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
    %bf16code = arith.constant ${DTYPE_BF16} : i32
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
        %f32code = arith.constant ${DTYPE_F32} : i32
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
          %f32code = arith.constant ${DTYPE_F32} : i32
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
        %f32code = arith.constant ${DTYPE_F32} : i32
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

// Entry `off` (o[d] at d, m at D, l at D + 1) of the partials of chunks
// c .. c + 3 for head h: four independent loads (a chunk past `chunks`
// reads chunk 0 instead, so no load needs a branch; the caller masks it).
llvm.func internal @part4(%part: !llvm.ptr<1>, %heads: i64, %h: i64, %stride: i64, %chunks: i64, %c: i64, %off: i64) -> vector<4xf32> attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %u = llvm.mlir.undef : vector<4xf32>
  %c0 = arith.addi %c, %k0 : i64
  %v0 = arith.cmpi ult, %c0, %chunks : i64
  %s0 = arith.select %v0, %c0, %k0 : i64
  %r0 = arith.muli %s0, %heads : i64
  %h0 = arith.addi %r0, %h : i64
  %b0 = arith.muli %h0, %stride : i64
  %i0 = arith.addi %b0, %off : i64
  %p0 = llvm.getelementptr %part[%i0] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
  %x0 = llvm.load %p0 : !llvm.ptr<1> -> f32
  %c1 = arith.addi %c, %k1 : i64
  %v1 = arith.cmpi ult, %c1, %chunks : i64
  %s1 = arith.select %v1, %c1, %k0 : i64
  %r1 = arith.muli %s1, %heads : i64
  %h1 = arith.addi %r1, %h : i64
  %b1 = arith.muli %h1, %stride : i64
  %i1 = arith.addi %b1, %off : i64
  %p1 = llvm.getelementptr %part[%i1] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
  %x1 = llvm.load %p1 : !llvm.ptr<1> -> f32
  %c2 = arith.addi %c, %k2 : i64
  %v2 = arith.cmpi ult, %c2, %chunks : i64
  %s2 = arith.select %v2, %c2, %k0 : i64
  %r2 = arith.muli %s2, %heads : i64
  %h2 = arith.addi %r2, %h : i64
  %b2 = arith.muli %h2, %stride : i64
  %i2 = arith.addi %b2, %off : i64
  %p2 = llvm.getelementptr %part[%i2] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
  %x2 = llvm.load %p2 : !llvm.ptr<1> -> f32
  %c3 = arith.addi %c, %k3 : i64
  %v3 = arith.cmpi ult, %c3, %chunks : i64
  %s3 = arith.select %v3, %c3, %k0 : i64
  %r3 = arith.muli %s3, %heads : i64
  %h3 = arith.addi %r3, %h : i64
  %b3 = arith.muli %h3, %stride : i64
  %i3 = arith.addi %b3, %off : i64
  %p3 = llvm.getelementptr %part[%i3] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
  %x3 = llvm.load %p3 : !llvm.ptr<1> -> f32
  %e0 = llvm.insertelement %x0, %u[%k0 : i64] : vector<4xf32>
  %e1 = llvm.insertelement %x1, %e0[%k1 : i64] : vector<4xf32>
  %e2 = llvm.insertelement %x2, %e1[%k2 : i64] : vector<4xf32>
  %e3 = llvm.insertelement %x3, %e2[%k3 : i64] : vector<4xf32>
  llvm.return %e3 : vector<4xf32>
}

// acc + exp(m[j] - mMax) * x[j] over the chunks c + j < chunks, j = 0..3,
// added in chunk order.
llvm.func internal @combine4(%m: vector<4xf32>, %x: vector<4xf32>, %mMax: f32, %c: i64, %chunks: i64, %acc: f32) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %c0 = arith.addi %c, %k0 : i64
  %v0 = arith.cmpi ult, %c0, %chunks : i64
  %m0 = llvm.extractelement %m[%k0 : i64] : vector<4xf32>
  %x0 = llvm.extractelement %x[%k0 : i64] : vector<4xf32>
  %d0 = arith.subf %m0, %mMax : f32
  %w0 = llvm.call @exp_approx(%d0) : (f32) -> f32
  %p0 = arith.mulf %w0, %x0 : f32
  %s0 = arith.addf %acc, %p0 : f32
  %a0 = arith.select %v0, %s0, %acc : f32
  %c1 = arith.addi %c, %k1 : i64
  %v1 = arith.cmpi ult, %c1, %chunks : i64
  %m1 = llvm.extractelement %m[%k1 : i64] : vector<4xf32>
  %x1 = llvm.extractelement %x[%k1 : i64] : vector<4xf32>
  %d1 = arith.subf %m1, %mMax : f32
  %w1 = llvm.call @exp_approx(%d1) : (f32) -> f32
  %p1 = arith.mulf %w1, %x1 : f32
  %s1 = arith.addf %a0, %p1 : f32
  %a1 = arith.select %v1, %s1, %a0 : f32
  %c2 = arith.addi %c, %k2 : i64
  %v2 = arith.cmpi ult, %c2, %chunks : i64
  %m2 = llvm.extractelement %m[%k2 : i64] : vector<4xf32>
  %x2 = llvm.extractelement %x[%k2 : i64] : vector<4xf32>
  %d2 = arith.subf %m2, %mMax : f32
  %w2 = llvm.call @exp_approx(%d2) : (f32) -> f32
  %p2 = arith.mulf %w2, %x2 : f32
  %s2 = arith.addf %a1, %p2 : f32
  %a2 = arith.select %v2, %s2, %a1 : f32
  %c3 = arith.addi %c, %k3 : i64
  %v3 = arith.cmpi ult, %c3, %chunks : i64
  %m3 = llvm.extractelement %m[%k3 : i64] : vector<4xf32>
  %x3 = llvm.extractelement %x[%k3 : i64] : vector<4xf32>
  %d3 = arith.subf %m3, %mMax : f32
  %w3 = llvm.call @exp_approx(%d3) : (f32) -> f32
  %p3 = arith.mulf %w3, %x3 : f32
  %s3 = arith.addf %a2, %p3 : f32
  %a3 = arith.select %v3, %s3, %a2 : f32
  llvm.return %a3 : f32
}

// max(acc, m[j]) over the chunks c + j < chunks, j = 0..3.
llvm.func internal @max4(%m: vector<4xf32>, %c: i64, %chunks: i64, %acc: f32) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %c0 = arith.addi %c, %k0 : i64
  %v0 = arith.cmpi ult, %c0, %chunks : i64
  %m0 = llvm.extractelement %m[%k0 : i64] : vector<4xf32>
  %n0 = llvm.inline_asm "max.f32 $0, $1, $2;", "=f,f,f" %acc, %m0 : (f32, f32) -> f32
  %a0 = arith.select %v0, %n0, %acc : f32
  %c1 = arith.addi %c, %k1 : i64
  %v1 = arith.cmpi ult, %c1, %chunks : i64
  %m1 = llvm.extractelement %m[%k1 : i64] : vector<4xf32>
  %n1 = llvm.inline_asm "max.f32 $0, $1, $2;", "=f,f,f" %a0, %m1 : (f32, f32) -> f32
  %a1 = arith.select %v1, %n1, %a0 : f32
  %c2 = arith.addi %c, %k2 : i64
  %v2 = arith.cmpi ult, %c2, %chunks : i64
  %m2 = llvm.extractelement %m[%k2 : i64] : vector<4xf32>
  %n2 = llvm.inline_asm "max.f32 $0, $1, $2;", "=f,f,f" %a1, %m2 : (f32, f32) -> f32
  %a2 = arith.select %v2, %n2, %a1 : f32
  %c3 = arith.addi %c, %k3 : i64
  %v3 = arith.cmpi ult, %c3, %chunks : i64
  %m3 = llvm.extractelement %m[%k3 : i64] : vector<4xf32>
  %n3 = llvm.inline_asm "max.f32 $0, $1, $2;", "=f,f,f" %a2, %m3 : (f32, f32) -> f32
  %a3 = arith.select %v3, %n3, %a2 : f32
  llvm.return %a3 : f32
}

// M and L of head h: the largest m_c over the chunks (max.f32 ignores a
// NaN operand, like the host's std::max) and sum_c exp(m_c - M) l_c.
llvm.func internal @head_stats(%part: !llvm.ptr<1>, %heads: i64, %h: i64, %stride: i64, %dim: i64, %chunks: i64) -> !llvm.struct<(f32, f32)> attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k4 = arith.constant 4 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %lOff = arith.addi %dim, %k1 : i64
  %mMax = scf.for %c = %k0 to %chunks step %k4 iter_args(%acc = %ninf) -> (f32) : i64 {
    %mv = llvm.call @part4(%part, %heads, %h, %stride, %chunks, %c, %dim) : (!llvm.ptr<1>, i64, i64, i64, i64, i64, i64) -> vector<4xf32>
    %n = llvm.call @max4(%mv, %c, %chunks, %acc) : (vector<4xf32>, i64, i64, f32) -> f32
    scf.yield %n : f32
  }
  %lSum = scf.for %c = %k0 to %chunks step %k4 iter_args(%acc = %zero) -> (f32) : i64 {
    %mv = llvm.call @part4(%part, %heads, %h, %stride, %chunks, %c, %dim) : (!llvm.ptr<1>, i64, i64, i64, i64, i64, i64) -> vector<4xf32>
    %lv = llvm.call @part4(%part, %heads, %h, %stride, %chunks, %c, %lOff) : (!llvm.ptr<1>, i64, i64, i64, i64, i64, i64) -> vector<4xf32>
    %n = llvm.call @combine4(%mv, %lv, %mMax, %c, %chunks, %acc) : (vector<4xf32>, vector<4xf32>, f32, i64, i64, f32) -> f32
    scf.yield %n : f32
  }
  %r0 = llvm.mlir.undef : !llvm.struct<(f32, f32)>
  %r1 = llvm.insertvalue %mMax, %r0[0] : !llvm.struct<(f32, f32)>
  %r2 = llvm.insertvalue %lSum, %r1[1] : !llvm.struct<(f32, f32)>
  llvm.return %r2 : !llvm.struct<(f32, f32)>
}

// Element d of head h merged: sum_c exp(m_c - M) o_c[d] / L, 0 when no
// chunk saw a position (M = -inf).
llvm.func internal @merged(%part: !llvm.ptr<1>, %heads: i64, %h: i64, %stride: i64, %dim: i64, %chunks: i64, %d: i64, %mMax: f32, %lSum: f32) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k4 = arith.constant 4 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %sum = scf.for %c = %k0 to %chunks step %k4 iter_args(%acc = %zero) -> (f32) : i64 {
    %mv = llvm.call @part4(%part, %heads, %h, %stride, %chunks, %c, %dim) : (!llvm.ptr<1>, i64, i64, i64, i64, i64, i64) -> vector<4xf32>
    %ov = llvm.call @part4(%part, %heads, %h, %stride, %chunks, %c, %d) : (!llvm.ptr<1>, i64, i64, i64, i64, i64, i64) -> vector<4xf32>
    %n = llvm.call @combine4(%mv, %ov, %mMax, %c, %chunks, %acc) : (vector<4xf32>, vector<4xf32>, f32, i64, i64, f32) -> f32
    scf.yield %n : f32
  }
  %empty = arith.cmpf oeq, %mMax, %ninf : f32
  %val = arith.divf %sum, %lSum : f32
  %res = arith.select %empty, %zero, %val : f32
  llvm.return %res : f32
}

// ATTN_COMBINE: one warp per head, merging the chunks' (o, m, l); each
// pass over the chunks loads four chunks' entries at a time.
llvm.func internal @body_attn_combine(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32) -> i32 attributes {passthrough = ["noinline"]} {
  %k2 = arith.constant 2 : i64
  %ATTN_COMBINE_OP_partial = arith.constant ${ATTN_COMBINE_OP_partial} : i64
  %part = llvm.call @operand(%t, %arena, %ATTN_COMBINE_OP_partial) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %ATTN_COMBINE_OP_out = arith.constant ${ATTN_COMBINE_OP_out} : i64
  %out = llvm.call @operand(%t, %arena, %ATTN_COMBINE_OP_out) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dout = llvm.call @dtype(%t, %ATTN_COMBINE_OP_out) : (!llvm.ptr<1>, i64) -> i32
  %ATTN_COMBINE_IP_Hq = arith.constant ${ATTN_COMBINE_IP_Hq} : i64
  %heads = llvm.call @ip(%t, %ATTN_COMBINE_IP_Hq) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_COMBINE_IP_D = arith.constant ${ATTN_COMBINE_IP_D} : i64
  %dim = llvm.call @ip(%t, %ATTN_COMBINE_IP_D) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_COMBINE_IP_h0 = arith.constant ${ATTN_COMBINE_IP_h0} : i64
  %h0 = llvm.call @ip(%t, %ATTN_COMBINE_IP_h0) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_COMBINE_IP_h1 = arith.constant ${ATTN_COMBINE_IP_h1} : i64
  %h1 = llvm.call @ip(%t, %ATTN_COMBINE_IP_h1) : (!llvm.ptr<1>, i64) -> i64
  %ATTN_COMBINE_IP_C = arith.constant ${ATTN_COMBINE_IP_C} : i64
  %chunks = llvm.call @ip(%t, %ATTN_COMBINE_IP_C) : (!llvm.ptr<1>, i64) -> i64
  %stride = arith.addi %dim, %k2 : i64
  %c5 = arith.constant 5 : i32
  %c31 = arith.constant 31 : i32
  %warp = arith.shrui %tid, %c5 : i32
  %lane = arith.andi %tid, %c31 : i32
  %warp64 = arith.extui %warp : i32 to i64
  %lane64 = arith.extui %lane : i32 to i64
  %warps = arith.constant ${WARPS} : i64
  %c32 = arith.constant 32 : i64
  %first = arith.addi %h0, %warp64 : i64
  scf.for %h = %first to %h1 step %warps : i64 {
    %stats = llvm.call @head_stats(%part, %heads, %h, %stride, %dim, %chunks) : (!llvm.ptr<1>, i64, i64, i64, i64, i64) -> !llvm.struct<(f32, f32)>
    %mMax = llvm.extractvalue %stats[0] : !llvm.struct<(f32, f32)>
    %lSum = llvm.extractvalue %stats[1] : !llvm.struct<(f32, f32)>
    scf.for %d = %lane64 to %dim step %c32 : i64 {
      %res = llvm.call @merged(%part, %heads, %h, %stride, %dim, %chunks, %d, %mMax, %lSum) : (!llvm.ptr<1>, i64, i64, i64, i64, i64, i64, f32, f32) -> f32
      %outBase = arith.muli %h, %dim : i64
      %outi = arith.addi %outBase, %d : i64
      llvm.call @st(%out, %dout, %outi, %res) : (!llvm.ptr<1>, i32, i64, f32) -> ()
    }
  }
  %ok = arith.constant 0 : i32
  llvm.return %ok : i32
}

// v as a buffer of dtype code `dtype` would hold it (bf16 and f16 round to
// nearest even, as @st stores them; f32 unchanged).
llvm.func internal @round_to(%v: f32, %dtype: i32) -> f32 attributes {always_inline} {
  %c16 = arith.constant 16 : i32
  %isBf16.code = arith.constant ${DTYPE_BF16} : i32
  %isBf16 = arith.cmpi eq, %dtype, %isBf16.code : i32
  %isF16.code = arith.constant ${DTYPE_F16} : i32
  %isF16 = arith.cmpi eq, %dtype, %isF16.code : i32
  %b = llvm.inline_asm "cvt.rn.bf16.f32 $0, $1;", "=h,f" %v : (f32) -> i16
  %bw = arith.extui %b : i16 to i32
  %bs = arith.shli %bw, %c16 : i32
  %bf = arith.bitcast %bs : i32 to f32
  %h = arith.truncf %v : f32 to f16
  %hf = arith.extf %h : f16 to f32
  %r1 = arith.select %isF16, %hf, %v : f32
  %r = arith.select %isBf16, %bf, %r1 : f32
  llvm.return %r : f32
}

// Each head's M (at h) and L (at COMBINE_HEADS + h) while a matvec merges
// attention partials into its x.
llvm.mlir.global internal @combine_stats() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<${COMBINE_STATS} x f32>

// Chunk c's m and o[d0, d0 + 8) of head h (independent loads; the partial
// rows are 8-byte aligned (stride D + 2 floats, D even, buffers 256-byte
// aligned), so pairs of floats, no 16-byte words).
llvm.func internal @chunk8(%part: !llvm.ptr<1>, %heads: i64, %h: i64, %stride: i64, %dim: i64, %c: i64, %d0: i64) -> !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)> attributes {always_inline} {
  %row = arith.muli %c, %heads : i64
  %rh = arith.addi %row, %h : i64
  %base = arith.muli %rh, %stride : i64
  %mi = arith.addi %base, %dim : i64
  %mp = llvm.getelementptr %part[%mi] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
  %m = llvm.load %mp : !llvm.ptr<1> -> f32
  %oi = arith.addi %base, %d0 : i64
  %op = llvm.getelementptr %part[%oi] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
  %opb = llvm.getelementptr %op[4] : (!llvm.ptr<1>) -> !llvm.ptr<1>, f32
  %a = llvm.load %op {alignment = 8 : i64} : !llvm.ptr<1> -> vector<4xf32>
  %b = llvm.load %opb {alignment = 8 : i64} : !llvm.ptr<1> -> vector<4xf32>
  %r0 = llvm.mlir.undef : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
  %r1 = llvm.insertvalue %m, %r0[0] : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
  %r2 = llvm.insertvalue %a, %r1[1] : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
  %r3 = llvm.insertvalue %b, %r2[2] : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
  llvm.return %r3 : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
}

// acc + exp(m - mMax) * o, lane by lane, when `valid` (else acc).
llvm.func internal @accumulate4(%acc: vector<4xf32>, %o: vector<4xf32>, %m: f32, %mMax: f32, %valid: i1) -> vector<4xf32> attributes {always_inline} {
  %dm = arith.subf %m, %mMax : f32
  %w = llvm.call @exp_approx(%dm) : (f32) -> f32
  %u = llvm.mlir.undef : vector<4xf32>
  %k0 = arith.constant 0 : i64
  %w1 = llvm.insertelement %w, %u[%k0 : i64] : vector<4xf32>
  %wv = llvm.shufflevector %w1, %u [0, 0, 0, 0] : vector<4xf32>
  %p = arith.mulf %wv, %o : vector<4xf32>
  %s = arith.addf %acc, %p : vector<4xf32>
  %r = arith.select %valid, %s, %acc : vector<4xf32>
  llvm.return %r : vector<4xf32>
}

// Four merged values (sum / L, or 0 for an empty head) rounded to dtype xd
// and stored at xs[i, i + 4).
llvm.func internal @store_merged4(%xs: !llvm.ptr<3>, %i: i64, %sum: vector<4xf32>, %lSum: f32, %empty: i1, %xd: i32) attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %zero = arith.constant 0.0 : f32
  %u = llvm.mlir.undef : vector<4xf32>
  %s0 = llvm.extractelement %sum[%k0 : i64] : vector<4xf32>
  %s1 = llvm.extractelement %sum[%k1 : i64] : vector<4xf32>
  %s2 = llvm.extractelement %sum[%k2 : i64] : vector<4xf32>
  %s3 = llvm.extractelement %sum[%k3 : i64] : vector<4xf32>
  %q0 = arith.divf %s0, %lSum : f32
  %q1 = arith.divf %s1, %lSum : f32
  %q2 = arith.divf %s2, %lSum : f32
  %q3 = arith.divf %s3, %lSum : f32
  %e0 = arith.select %empty, %zero, %q0 : f32
  %e1 = arith.select %empty, %zero, %q1 : f32
  %e2 = arith.select %empty, %zero, %q2 : f32
  %e3 = arith.select %empty, %zero, %q3 : f32
  %r0 = llvm.call @round_to(%e0, %xd) : (f32, i32) -> f32
  %r1 = llvm.call @round_to(%e1, %xd) : (f32, i32) -> f32
  %r2 = llvm.call @round_to(%e2, %xd) : (f32, i32) -> f32
  %r3 = llvm.call @round_to(%e3, %xd) : (f32, i32) -> f32
  %v0 = llvm.insertelement %r0, %u[%k0 : i64] : vector<4xf32>
  %v1 = llvm.insertelement %r1, %v0[%k1 : i64] : vector<4xf32>
  %v2 = llvm.insertelement %r2, %v1[%k2 : i64] : vector<4xf32>
  %v3 = llvm.insertelement %r3, %v2[%k3 : i64] : vector<4xf32>
  %p = llvm.getelementptr %xs[%i] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  llvm.store %v3, %p {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
  llvm.return
}

// A matvec's x when it folds an attention's combine: the partials [C, H,
// D + 2] merged as ATTN_COMBINE would, rounded to the dtype x would have
// had (`xd`), staged in shared memory as f32 for the whole CTA, in two
// CTA-wide passes: a thread per head computes its M and L (four chunks per
// round trip) into @combine_stats; then a thread per eight elements of a
// head (D a multiple of 8; one element otherwise) adds the chunks' weighted
// o, two chunks (eighteen loads) per round trip, in chunk order. H is at
// most COMBINE_HEADS (the table's contract). Ends with a barrier. Inlined
// into @matvec: as a call, ptxas's allocation across the call pushed the
// walker over its 128-register cap (a 4-byte spill).
llvm.func internal @stage_combined(%part: !llvm.ptr<1>, %chunks: i64, %heads: i64, %dim: i64, %xd: i32, %tid: i32) attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %c8 = arith.constant 8 : i64
  %low = arith.constant 7 : i64
  %ninf = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %threads = arith.constant ${THREADS} : i64
  %statsBase = llvm.mlir.addressof @combine_stats : !llvm.ptr<3>
  %lSlots = arith.constant ${COMBINE_HEADS} : i64
  %stride = arith.addi %dim, %k2 : i64
  %tid64 = arith.extui %tid : i32 to i64
  scf.for %h = %tid64 to %heads step %threads : i64 {
    %stats = llvm.call @head_stats(%part, %heads, %h, %stride, %dim, %chunks) : (!llvm.ptr<1>, i64, i64, i64, i64, i64) -> !llvm.struct<(f32, f32)>
    %mMax = llvm.extractvalue %stats[0] : !llvm.struct<(f32, f32)>
    %lSum = llvm.extractvalue %stats[1] : !llvm.struct<(f32, f32)>
    %pm = llvm.getelementptr %statsBase[0, %h] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, !llvm.array<${COMBINE_STATS} x f32>
    %lh = arith.addi %lSlots, %h : i64
    %pl = llvm.getelementptr %statsBase[0, %lh] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, !llvm.array<${COMBINE_STATS} x f32>
    llvm.store %mMax, %pm : f32, !llvm.ptr<3>
    llvm.store %lSum, %pl : f32, !llvm.ptr<3>
  }
  llvm.call @cta_barrier() : () -> ()
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %cols = arith.muli %heads, %dim : i64
  %dimMod = arith.andi %dim, %low : i64
  %groups8 = arith.cmpi eq, %dimMod, %k0 : i64
  scf.if %groups8 {
    %groups = arith.divui %cols, %c8 : i64
    scf.for %g = %tid64 to %groups step %threads : i64 {
      %i = arith.muli %g, %c8 : i64
      // 32-bit division (64-bit is emulated): i < H * D <= 16384.
      %i32 = arith.trunci %i : i64 to i32
      %dim32 = arith.trunci %dim : i64 to i32
      %h32 = arith.divui %i32, %dim32 : i32
      %d032 = arith.remui %i32, %dim32 : i32
      %h = arith.extui %h32 : i32 to i64
      %d0 = arith.extui %d032 : i32 to i64
      %pm = llvm.getelementptr %statsBase[0, %h] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, !llvm.array<${COMBINE_STATS} x f32>
      %lh = arith.addi %lSlots, %h : i64
      %pl = llvm.getelementptr %statsBase[0, %lh] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, !llvm.array<${COMBINE_STATS} x f32>
      %mMax = llvm.load %pm : !llvm.ptr<3> -> f32
      %lSum = llvm.load %pl : !llvm.ptr<3> -> f32
      %zv = llvm.mlir.undef : vector<4xf32>
      %z0 = llvm.insertelement %zero, %zv[%k0 : i64] : vector<4xf32>
      %zeros = llvm.shufflevector %z0, %zv [0, 0, 0, 0] : vector<4xf32>
      %acc:2 = scf.for %c = %k0 to %chunks step %k2 iter_args(%a = %zeros, %b = %zeros) -> (vector<4xf32>, vector<4xf32>) : i64 {
        // Chunk c and (if there is one) c + 1, all loads before any use.
        %c1 = arith.addi %c, %k1 : i64
        %has1 = arith.cmpi ult, %c1, %chunks : i64
        %c1safe = arith.select %has1, %c1, %c : i64
        %l0 = llvm.call @chunk8(%part, %heads, %h, %stride, %dim, %c, %d0) : (!llvm.ptr<1>, i64, i64, i64, i64, i64, i64) -> !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
        %l1 = llvm.call @chunk8(%part, %heads, %h, %stride, %dim, %c1safe, %d0) : (!llvm.ptr<1>, i64, i64, i64, i64, i64, i64) -> !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
        %true_c = arith.constant true
        %m0 = llvm.extractvalue %l0[0] : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
        %oa0 = llvm.extractvalue %l0[1] : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
        %ob0 = llvm.extractvalue %l0[2] : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
        %m1 = llvm.extractvalue %l1[0] : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
        %oa1 = llvm.extractvalue %l1[1] : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
        %ob1 = llvm.extractvalue %l1[2] : !llvm.struct<(f32, vector<4xf32>, vector<4xf32>)>
        %a0 = llvm.call @accumulate4(%a, %oa0, %m0, %mMax, %true_c) : (vector<4xf32>, vector<4xf32>, f32, f32, i1) -> vector<4xf32>
        %b0 = llvm.call @accumulate4(%b, %ob0, %m0, %mMax, %true_c) : (vector<4xf32>, vector<4xf32>, f32, f32, i1) -> vector<4xf32>
        %a1 = llvm.call @accumulate4(%a0, %oa1, %m1, %mMax, %has1) : (vector<4xf32>, vector<4xf32>, f32, f32, i1) -> vector<4xf32>
        %b1 = llvm.call @accumulate4(%b0, %ob1, %m1, %mMax, %has1) : (vector<4xf32>, vector<4xf32>, f32, f32, i1) -> vector<4xf32>
        scf.yield %a1, %b1 : vector<4xf32>, vector<4xf32>
      }
      %empty = arith.cmpf oeq, %mMax, %ninf : f32
      %c4 = arith.constant 4 : i64
      %i4 = arith.addi %i, %c4 : i64
      llvm.call @store_merged4(%xs, %i, %acc#0, %lSum, %empty, %xd) : (!llvm.ptr<3>, i64, vector<4xf32>, f32, i1, i32) -> ()
      llvm.call @store_merged4(%xs, %i4, %acc#1, %lSum, %empty, %xd) : (!llvm.ptr<3>, i64, vector<4xf32>, f32, i1, i32) -> ()
    }
  } else {
    scf.for %k = %tid64 to %cols step %threads : i64 {
      %h = arith.divui %k, %dim : i64
      %d = arith.remui %k, %dim : i64
      %pm = llvm.getelementptr %statsBase[0, %h] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, !llvm.array<${COMBINE_STATS} x f32>
      %lh = arith.addi %lSlots, %h : i64
      %pl = llvm.getelementptr %statsBase[0, %lh] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, !llvm.array<${COMBINE_STATS} x f32>
      %mMax = llvm.load %pm : !llvm.ptr<3> -> f32
      %lSum = llvm.load %pl : !llvm.ptr<3> -> f32
      %res = llvm.call @merged(%part, %heads, %h, %stride, %dim, %chunks, %d, %mMax, %lSum) : (!llvm.ptr<1>, i64, i64, i64, i64, i64, i64, f32, f32) -> f32
      %r = llvm.call @round_to(%res, %xd) : (f32, i32) -> f32
      %p = llvm.getelementptr %xs[%k] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
      llvm.store %r, %p : f32, !llvm.ptr<3>
    }
  }
  llvm.call @cta_barrier() : () -> ()
  llvm.return
}
