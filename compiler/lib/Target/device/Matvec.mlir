// MATVEC and MATVEC_SWIGLU, the tasks that stream the weights: x staged in
// shared memory, then one warp per row (two at a time for plain rows of
// fewer than 4096 columns) with sixteen 16-byte weight loads per lane in
// flight (a row of 4096+ columns alone; SwiGLU's two weights), or, with the
// weight ring, rows from shared memory.

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

// One 16-byte word of a row: columns [col, col + 8) of W (and U) times x
// (f32, in shared memory), added to (a, b); a word past the row's end (col >= cols) loads
// column 0 instead and adds nothing, so the load needs no branch.
// One lane's 16-byte word of a weight row at column `col` (clamped to 0
// past the row's end, so the address is always valid: @dot_word drops it).
// Loads are issued apart from their use: a round's loads all go out before
// its first dot product waits on one.
llvm.func internal @load_word(%w: !llvm.ptr<1>, %rowBase: i64, %cols: i64, %col: i64) -> vector<4xi32> attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %valid = arith.cmpi ult, %col, %cols : i64
  %safe = arith.select %valid, %col, %k0 : i64
  %idx = arith.addi %rowBase, %safe : i64
  %wp = llvm.getelementptr %w[%idx] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
  %wv = llvm.load %wp {alignment = 16 : i64} : !llvm.ptr<1> -> vector<4xi32>
  llvm.return %wv : vector<4xi32>
}

// acc + the loaded word `wv` (column `col`) times staged x, if col < cols.
llvm.func internal @dot_word(%xs: !llvm.ptr<3>, %wv: vector<4xi32>, %cols: i64, %col: i64, %acc: f32) -> f32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c4 = arith.constant 4 : i64
  %valid = arith.cmpi ult, %col, %cols : i64
  %safe = arith.select %valid, %col, %k0 : i64
  %xpa = llvm.getelementptr %xs[%safe] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %safe4 = arith.addi %safe, %c4 : i64
  %xpb = llvm.getelementptr %xs[%safe4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %xa = llvm.load %xpa {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %xb = llvm.load %xpb {alignment = 16 : i64} : !llvm.ptr<3> -> vector<4xf32>
  %d = llvm.call @dot_bf16x8(%wv, %xa, %xb) : (vector<4xi32>, vector<4xf32>, vector<4xf32>) -> f32
  %sum = arith.addf %acc, %d : f32
  %r = arith.select %valid, %sum, %acc : f32
  llvm.return %r : f32
}

// The dot products of one row with the staged x (shared memory): lane l
// takes the 16-byte words at columns 8l + 256j, j = 0..7, per round of 2048
// columns. The eight words of each weight of a round are written out (not
// a loop), all sixteen loads before the first dot product, so they are in
// flight at once (LLVM keeps the order; PTX-level round trips per call are
// what `TILEC_PTX_EMU_PROFILE` counts).
llvm.func internal @matvec_row_bf16(%w: !llvm.ptr<1>, %u: !llvm.ptr<1>, %swiglu: i1, %rowBase: i64, %cols: i64, %lane64: i64) -> !llvm.struct<(f32, f32)> attributes {always_inline} {
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %c8 = arith.constant 8 : i64
  %round = arith.constant 2048 : i64
  %zero = arith.constant 0.0 : f32
  %lane8 = arith.muli %lane64, %c8 : i64
  %r:2 = scf.for %kb = %lane8 to %cols step %round iter_args(%a = %zero, %b = %zero) -> (f32, f32) : i64 {
    %o0 = arith.constant 0 : i64
    %col0 = arith.addi %kb, %o0 : i64
    %o1 = arith.constant 256 : i64
    %col1 = arith.addi %kb, %o1 : i64
    %o2 = arith.constant 512 : i64
    %col2 = arith.addi %kb, %o2 : i64
    %o3 = arith.constant 768 : i64
    %col3 = arith.addi %kb, %o3 : i64
    %o4 = arith.constant 1024 : i64
    %col4 = arith.addi %kb, %o4 : i64
    %o5 = arith.constant 1280 : i64
    %col5 = arith.addi %kb, %o5 : i64
    %o6 = arith.constant 1536 : i64
    %col6 = arith.addi %kb, %o6 : i64
    %o7 = arith.constant 1792 : i64
    %col7 = arith.addi %kb, %o7 : i64
    %w0 = llvm.call @load_word(%w, %rowBase, %cols, %col0) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w1 = llvm.call @load_word(%w, %rowBase, %cols, %col1) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w2 = llvm.call @load_word(%w, %rowBase, %cols, %col2) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w3 = llvm.call @load_word(%w, %rowBase, %cols, %col3) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w4 = llvm.call @load_word(%w, %rowBase, %cols, %col4) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w5 = llvm.call @load_word(%w, %rowBase, %cols, %col5) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w6 = llvm.call @load_word(%w, %rowBase, %cols, %col6) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w7 = llvm.call @load_word(%w, %rowBase, %cols, %col7) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %u0 = llvm.call @load_word(%u, %rowBase, %cols, %col0) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %u1 = llvm.call @load_word(%u, %rowBase, %cols, %col1) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %u2 = llvm.call @load_word(%u, %rowBase, %cols, %col2) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %u3 = llvm.call @load_word(%u, %rowBase, %cols, %col3) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %u4 = llvm.call @load_word(%u, %rowBase, %cols, %col4) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %u5 = llvm.call @load_word(%u, %rowBase, %cols, %col5) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %u6 = llvm.call @load_word(%u, %rowBase, %cols, %col6) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %u7 = llvm.call @load_word(%u, %rowBase, %cols, %col7) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %a0 = llvm.call @dot_word(%xs, %w0, %cols, %col0, %a) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %d0 = llvm.call @dot_word(%xs, %u0, %cols, %col0, %b) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a1 = llvm.call @dot_word(%xs, %w1, %cols, %col1, %a0) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %d1 = llvm.call @dot_word(%xs, %u1, %cols, %col1, %d0) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a2 = llvm.call @dot_word(%xs, %w2, %cols, %col2, %a1) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %d2 = llvm.call @dot_word(%xs, %u2, %cols, %col2, %d1) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a3 = llvm.call @dot_word(%xs, %w3, %cols, %col3, %a2) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %d3 = llvm.call @dot_word(%xs, %u3, %cols, %col3, %d2) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a4 = llvm.call @dot_word(%xs, %w4, %cols, %col4, %a3) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %d4 = llvm.call @dot_word(%xs, %u4, %cols, %col4, %d3) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a5 = llvm.call @dot_word(%xs, %w5, %cols, %col5, %a4) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %d5 = llvm.call @dot_word(%xs, %u5, %cols, %col5, %d4) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a6 = llvm.call @dot_word(%xs, %w6, %cols, %col6, %a5) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %d6 = llvm.call @dot_word(%xs, %u6, %cols, %col6, %d5) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a7 = llvm.call @dot_word(%xs, %w7, %cols, %col7, %a6) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %d7 = llvm.call @dot_word(%xs, %u7, %cols, %col7, %d6) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %bOut = arith.select %swiglu, %d7, %b : f32
    scf.yield %a7, %bOut : f32, f32
  }
  %p0 = llvm.mlir.undef : !llvm.struct<(f32, f32)>
  %p1 = llvm.insertvalue %r#0, %p0[0] : !llvm.struct<(f32, f32)>
  %p2 = llvm.insertvalue %r#1, %p1[1] : !llvm.struct<(f32, f32)>
  llvm.return %p2 : !llvm.struct<(f32, f32)>
}

// A plain (not SwiGLU) row of 4096 or more columns: sixteen words per lane
// per round of 4096 columns written out, so sixteen 16-byte loads are in
// flight (PERF.md's streaming anchor; SwiGLU's two weights already give
// sixteen). The same words in the same order as @matvec_row_bf16, so the
// same sums.
llvm.func internal @matvec_row16_bf16(%w: !llvm.ptr<1>, %rowBase: i64, %cols: i64, %lane64: i64) -> f32 attributes {always_inline} {
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %c8 = arith.constant 8 : i64
  %round = arith.constant 4096 : i64
  %zero = arith.constant 0.0 : f32
  %false = arith.constant false
  %lane8 = arith.muli %lane64, %c8 : i64
  %r = scf.for %kb = %lane8 to %cols step %round iter_args(%acc = %zero) -> (f32) : i64 {
    %o0 = arith.constant 0 : i64
    %col0 = arith.addi %kb, %o0 : i64
    %o1 = arith.constant 256 : i64
    %col1 = arith.addi %kb, %o1 : i64
    %o2 = arith.constant 512 : i64
    %col2 = arith.addi %kb, %o2 : i64
    %o3 = arith.constant 768 : i64
    %col3 = arith.addi %kb, %o3 : i64
    %o4 = arith.constant 1024 : i64
    %col4 = arith.addi %kb, %o4 : i64
    %o5 = arith.constant 1280 : i64
    %col5 = arith.addi %kb, %o5 : i64
    %o6 = arith.constant 1536 : i64
    %col6 = arith.addi %kb, %o6 : i64
    %o7 = arith.constant 1792 : i64
    %col7 = arith.addi %kb, %o7 : i64
    %o8 = arith.constant 2048 : i64
    %col8 = arith.addi %kb, %o8 : i64
    %o9 = arith.constant 2304 : i64
    %col9 = arith.addi %kb, %o9 : i64
    %o10 = arith.constant 2560 : i64
    %col10 = arith.addi %kb, %o10 : i64
    %o11 = arith.constant 2816 : i64
    %col11 = arith.addi %kb, %o11 : i64
    %o12 = arith.constant 3072 : i64
    %col12 = arith.addi %kb, %o12 : i64
    %o13 = arith.constant 3328 : i64
    %col13 = arith.addi %kb, %o13 : i64
    %o14 = arith.constant 3584 : i64
    %col14 = arith.addi %kb, %o14 : i64
    %o15 = arith.constant 3840 : i64
    %col15 = arith.addi %kb, %o15 : i64
    %w0 = llvm.call @load_word(%w, %rowBase, %cols, %col0) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w1 = llvm.call @load_word(%w, %rowBase, %cols, %col1) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w2 = llvm.call @load_word(%w, %rowBase, %cols, %col2) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w3 = llvm.call @load_word(%w, %rowBase, %cols, %col3) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w4 = llvm.call @load_word(%w, %rowBase, %cols, %col4) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w5 = llvm.call @load_word(%w, %rowBase, %cols, %col5) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w6 = llvm.call @load_word(%w, %rowBase, %cols, %col6) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w7 = llvm.call @load_word(%w, %rowBase, %cols, %col7) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w8 = llvm.call @load_word(%w, %rowBase, %cols, %col8) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w9 = llvm.call @load_word(%w, %rowBase, %cols, %col9) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w10 = llvm.call @load_word(%w, %rowBase, %cols, %col10) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w11 = llvm.call @load_word(%w, %rowBase, %cols, %col11) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w12 = llvm.call @load_word(%w, %rowBase, %cols, %col12) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w13 = llvm.call @load_word(%w, %rowBase, %cols, %col13) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w14 = llvm.call @load_word(%w, %rowBase, %cols, %col14) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %w15 = llvm.call @load_word(%w, %rowBase, %cols, %col15) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %a0 = llvm.call @dot_word(%xs, %w0, %cols, %col0, %acc) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a1 = llvm.call @dot_word(%xs, %w1, %cols, %col1, %a0) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a2 = llvm.call @dot_word(%xs, %w2, %cols, %col2, %a1) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a3 = llvm.call @dot_word(%xs, %w3, %cols, %col3, %a2) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a4 = llvm.call @dot_word(%xs, %w4, %cols, %col4, %a3) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a5 = llvm.call @dot_word(%xs, %w5, %cols, %col5, %a4) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a6 = llvm.call @dot_word(%xs, %w6, %cols, %col6, %a5) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a7 = llvm.call @dot_word(%xs, %w7, %cols, %col7, %a6) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a8 = llvm.call @dot_word(%xs, %w8, %cols, %col8, %a7) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a9 = llvm.call @dot_word(%xs, %w9, %cols, %col9, %a8) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a10 = llvm.call @dot_word(%xs, %w10, %cols, %col10, %a9) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a11 = llvm.call @dot_word(%xs, %w11, %cols, %col11, %a10) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a12 = llvm.call @dot_word(%xs, %w12, %cols, %col12, %a11) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a13 = llvm.call @dot_word(%xs, %w13, %cols, %col13, %a12) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a14 = llvm.call @dot_word(%xs, %w14, %cols, %col14, %a13) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a15 = llvm.call @dot_word(%xs, %w15, %cols, %col15, %a14) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    scf.yield %a15 : f32
  }
  llvm.return %r : f32
}

// Two plain rows of fewer than 4096 columns at once (a warp's rows r and
// r + WARPS): their eight words each, sixteen 16-byte loads per lane in
// flight instead of eight. Each row's words in the same order as
// @matvec_row_bf16, so the same sums.
llvm.func internal @matvec_rows2_bf16(%w: !llvm.ptr<1>, %rowA: i64, %rowB: i64, %cols: i64, %lane64: i64) -> !llvm.struct<(f32, f32)> attributes {always_inline} {
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %c8 = arith.constant 8 : i64
  %round = arith.constant 2048 : i64
  %zero = arith.constant 0.0 : f32
  %false = arith.constant false
  %lane8 = arith.muli %lane64, %c8 : i64
  %r:2 = scf.for %kb = %lane8 to %cols step %round iter_args(%accA = %zero, %accB = %zero) -> (f32, f32) : i64 {
    %o0 = arith.constant 0 : i64
    %col0 = arith.addi %kb, %o0 : i64
    %o1 = arith.constant 256 : i64
    %col1 = arith.addi %kb, %o1 : i64
    %o2 = arith.constant 512 : i64
    %col2 = arith.addi %kb, %o2 : i64
    %o3 = arith.constant 768 : i64
    %col3 = arith.addi %kb, %o3 : i64
    %o4 = arith.constant 1024 : i64
    %col4 = arith.addi %kb, %o4 : i64
    %o5 = arith.constant 1280 : i64
    %col5 = arith.addi %kb, %o5 : i64
    %o6 = arith.constant 1536 : i64
    %col6 = arith.addi %kb, %o6 : i64
    %o7 = arith.constant 1792 : i64
    %col7 = arith.addi %kb, %o7 : i64
    %wa0 = llvm.call @load_word(%w, %rowA, %cols, %col0) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wb0 = llvm.call @load_word(%w, %rowB, %cols, %col0) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wa1 = llvm.call @load_word(%w, %rowA, %cols, %col1) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wb1 = llvm.call @load_word(%w, %rowB, %cols, %col1) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wa2 = llvm.call @load_word(%w, %rowA, %cols, %col2) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wb2 = llvm.call @load_word(%w, %rowB, %cols, %col2) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wa3 = llvm.call @load_word(%w, %rowA, %cols, %col3) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wb3 = llvm.call @load_word(%w, %rowB, %cols, %col3) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wa4 = llvm.call @load_word(%w, %rowA, %cols, %col4) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wb4 = llvm.call @load_word(%w, %rowB, %cols, %col4) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wa5 = llvm.call @load_word(%w, %rowA, %cols, %col5) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wb5 = llvm.call @load_word(%w, %rowB, %cols, %col5) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wa6 = llvm.call @load_word(%w, %rowA, %cols, %col6) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wb6 = llvm.call @load_word(%w, %rowB, %cols, %col6) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wa7 = llvm.call @load_word(%w, %rowA, %cols, %col7) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %wb7 = llvm.call @load_word(%w, %rowB, %cols, %col7) : (!llvm.ptr<1>, i64, i64, i64) -> vector<4xi32>
    %a0 = llvm.call @dot_word(%xs, %wa0, %cols, %col0, %accA) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %b0 = llvm.call @dot_word(%xs, %wb0, %cols, %col0, %accB) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a1 = llvm.call @dot_word(%xs, %wa1, %cols, %col1, %a0) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %b1 = llvm.call @dot_word(%xs, %wb1, %cols, %col1, %b0) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a2 = llvm.call @dot_word(%xs, %wa2, %cols, %col2, %a1) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %b2 = llvm.call @dot_word(%xs, %wb2, %cols, %col2, %b1) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a3 = llvm.call @dot_word(%xs, %wa3, %cols, %col3, %a2) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %b3 = llvm.call @dot_word(%xs, %wb3, %cols, %col3, %b2) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a4 = llvm.call @dot_word(%xs, %wa4, %cols, %col4, %a3) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %b4 = llvm.call @dot_word(%xs, %wb4, %cols, %col4, %b3) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a5 = llvm.call @dot_word(%xs, %wa5, %cols, %col5, %a4) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %b5 = llvm.call @dot_word(%xs, %wb5, %cols, %col5, %b4) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a6 = llvm.call @dot_word(%xs, %wa6, %cols, %col6, %a5) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %b6 = llvm.call @dot_word(%xs, %wb6, %cols, %col6, %b5) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %a7 = llvm.call @dot_word(%xs, %wa7, %cols, %col7, %a6) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    %b7 = llvm.call @dot_word(%xs, %wb7, %cols, %col7, %b6) : (!llvm.ptr<3>, vector<4xi32>, i64, i64, f32) -> f32
    scf.yield %a7, %b7 : f32, f32
  }
  %p0 = llvm.mlir.undef : !llvm.struct<(f32, f32)>
  %p1 = llvm.insertvalue %r#0, %p0[0] : !llvm.struct<(f32, f32)>
  %p2 = llvm.insertvalue %r#1, %p1[1] : !llvm.struct<(f32, f32)>
  llvm.return %p2 : !llvm.struct<(f32, f32)>
}

// Whether a matvec task (SwiGLU: `swiglu`) takes the vector path: bf16
// weights, rows of a multiple of 8 columns, 16-byte aligned bases (buffers
// are 256-byte aligned in a 256-byte aligned arena), and x fits the staging
// memory. The weight ring (@ring_rows) builds on the same test.
llvm.func internal @matvec_vector_path(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %swiglu: i1) -> i1 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c8 = arith.constant 8 : i64
  %c15 = arith.constant 15 : i64
  %true_v = arith.constant true
  %MATVEC_OP_W = arith.constant ${MATVEC_OP_W} : i64
  %w = llvm.call @operand(%t, %arena, %MATVEC_OP_W) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %MATVEC_OP_bias_or_Wu = arith.constant ${MATVEC_OP_bias_or_Wu} : i64
  %o3 = llvm.call @operand(%t, %arena, %MATVEC_OP_bias_or_Wu) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dw = llvm.call @dtype(%t, %MATVEC_OP_W) : (!llvm.ptr<1>, i64) -> i32
  %d3 = llvm.call @dtype(%t, %MATVEC_OP_bias_or_Wu) : (!llvm.ptr<1>, i64) -> i32
  %MATVEC_IP_K = arith.constant ${MATVEC_IP_K} : i64
  %cols = llvm.call @ip(%t, %MATVEC_IP_K) : (!llvm.ptr<1>, i64) -> i64
  %bf16code = arith.constant ${DTYPE_BF16} : i32
  %wIsBf16 = arith.cmpi eq, %dw, %bf16code : i32
  %uIsBf16 = arith.cmpi eq, %d3, %bf16code : i32
  %notSwiglu = arith.xori %swiglu, %true_v : i1
  %uOk = arith.ori %notSwiglu, %uIsBf16 : i1
  %colsMod = arith.remui %cols, %c8 : i64
  %colsOk = arith.cmpi eq, %colsMod, %k0 : i64
  %wAddr = llvm.ptrtoint %w : !llvm.ptr<1> to i64
  %uAddr = llvm.ptrtoint %o3 : !llvm.ptr<1> to i64
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
  llvm.return %vector : i1
}

// Word i (elements [i, i + 8)) of x, loaded as `raw`, widened to f32 and
// stored at tilec_xs[i]; returns acc plus its sum of squares.
llvm.func internal @stage_word(%raw: !llvm.struct<(vector<4xi32>, vector<4xi32>)>, %dx: i32, %i: i64, %acc: f32) -> f32 attributes {always_inline} {
  %c4 = arith.constant 4 : i64
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %f = llvm.call @widen8(%raw, %dx) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %a = llvm.extractvalue %f[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %b = llvm.extractvalue %f[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  %pa = llvm.getelementptr %xs[%i] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  %i4 = arith.addi %i, %c4 : i64
  %pb = llvm.getelementptr %xs[%i4] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
  llvm.store %a, %pa {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
  llvm.store %b, %pb {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<3>
  %r = llvm.call @sumsq8(%a, %b, %acc) : (vector<4xf32>, vector<4xf32>, f32) -> f32
  llvm.return %r : f32
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
    // Words b, b + 8 x THREADS, ... of this trip. Word 0 is in range (the
    // loop bound). All four in range (long rows): four loads in flight and
    // stores without branches, so LLVM keeps the loads together; only word
    // 0 (x of at most 8 x THREADS columns, every trip of a 2048-wide x):
    // one load; else the general masked form.
    %blk1 = arith.addi %b, %block : i64
    %blk3a = arith.muli %block, %c4 : i64
    %blk3b = arith.subi %blk3a, %block : i64
    %blk3 = arith.addi %b, %blk3b : i64
    %more = arith.cmpi ult, %blk1, %cols : i64
    %full = arith.cmpi ult, %blk3, %cols : i64
    %n3 = scf.if %full -> f32 {
      %blk2 = arith.addi %blk1, %block : i64
      %w0 = llvm.call @load8(%x, %dx, %b) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %w1 = llvm.call @load8(%x, %dx, %blk1) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %w2 = llvm.call @load8(%x, %dx, %blk2) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %w3 = llvm.call @load8(%x, %dx, %blk3) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
      %s0 = llvm.call @stage_word(%w0, %dx, %b, %acc) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, f32) -> f32
      %s1 = llvm.call @stage_word(%w1, %dx, %blk1, %s0) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, f32) -> f32
      %s2 = llvm.call @stage_word(%w2, %dx, %blk2, %s1) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, f32) -> f32
      %s3 = llvm.call @stage_word(%w3, %dx, %blk3, %s2) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, f32) -> f32
      scf.yield %s3 : f32
    } else {
      %nm = scf.if %more -> f32 {
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
        // Squares of words past the end count as zero. The words are masked,
        // not the sums: a select on a sum let LLVM move each load into the
        // branch of its store once the dtype was a constant, one round trip per
        // word instead of one for all four.
        %zv = arith.constant dense<0.0> : vector<4xf32>
        %ma0 = arith.select %v0, %a0, %zv : vector<4xf32>
        %mb0 = arith.select %v0, %b0, %zv : vector<4xf32>
        %ma1 = arith.select %v1, %a1, %zv : vector<4xf32>
        %mb1 = arith.select %v1, %b1, %zv : vector<4xf32>
        %ma2 = arith.select %v2, %a2, %zv : vector<4xf32>
        %mb2 = arith.select %v2, %b2, %zv : vector<4xf32>
        %ma3 = arith.select %v3, %a3, %zv : vector<4xf32>
        %mb3 = arith.select %v3, %b3, %zv : vector<4xf32>
        %n0 = llvm.call @sumsq8(%ma0, %mb0, %acc) : (vector<4xf32>, vector<4xf32>, f32) -> f32
        %n1 = llvm.call @sumsq8(%ma1, %mb1, %n0) : (vector<4xf32>, vector<4xf32>, f32) -> f32
        %n2 = llvm.call @sumsq8(%ma2, %mb2, %n1) : (vector<4xf32>, vector<4xf32>, f32) -> f32
        %n3 = llvm.call @sumsq8(%ma3, %mb3, %n2) : (vector<4xf32>, vector<4xf32>, f32) -> f32
        scf.yield %n3 : f32
      } else {
        %w0 = llvm.call @load8(%x, %dx, %b) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
        %s0 = llvm.call @stage_word(%w0, %dx, %b, %acc) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32, i64, f32) -> f32
        scf.yield %s0 : f32
      }
      scf.yield %nm : f32
    }
    scf.yield %n3 : f32
  }
  scf.if %hasNorm {
    %inv = llvm.call @rms_scale(%partial, %cols, %eps, %tid) : (f32, i64, f32, i32) -> f32
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

// The end of one row: the warp's sums, then lane 0 writes y[row]
// (@matvec_store).
llvm.func internal @matvec_finish(%acc0: f32, %acc1: f32, %row: i64, %lane: i32, %swiglu: i1, %has3: i1, %hasRes: i1, %o3: !llvm.ptr<1>, %d3: i32, %res: !llvm.ptr<1>, %dres: i32, %y: !llvm.ptr<1>, %dy: i32) attributes {always_inline} {
  %c0i = arith.constant 0 : i32
  %dot = llvm.call @warp_sum(%acc0) : (f32) -> f32
  %dot2 = llvm.call @warp_sum(%acc1) : (f32) -> f32
  %leader = arith.cmpi eq, %lane, %c0i : i32
  scf.if %leader {
    llvm.call @matvec_store(%dot, %dot2, %row, %swiglu, %has3, %hasRes, %o3, %d3, %res, %dres, %y, %dy) : (f32, f32, i64, i1, i1, i1, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32) -> ()
  }
  llvm.return
}

// y[row] = silu(dot) * dot2 for SwiGLU, else dot (+ bias) (+ residual); one
// thread calls it.
llvm.func internal @matvec_store(%dot: f32, %dot2: f32, %row: i64, %swiglu: i1, %has3: i1, %hasRes: i1, %o3: !llvm.ptr<1>, %d3: i32, %res: !llvm.ptr<1>, %dres: i32, %y: !llvm.ptr<1>, %dy: i32) attributes {always_inline} {
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
// weights stream in 16-byte loads, sixteen per lane in flight (two plain
// rows at once, @matvec_rows2_bf16; one plain row of 4096+ columns,
// @matvec_row16_bf16; a SwiGLU row's two weights, @matvec_row_bf16).
// Otherwise element by element from global memory.
llvm.func internal @matvec(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %swiglu: i1) -> i32 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k5 = arith.constant 5 : i64
  %MATVEC_OP_W = arith.constant ${MATVEC_OP_W} : i64
  %w = llvm.call @operand(%t, %arena, %MATVEC_OP_W) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %MATVEC_OP_x = arith.constant ${MATVEC_OP_x} : i64
  %x = llvm.call @operand(%t, %arena, %MATVEC_OP_x) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %MATVEC_OP_y = arith.constant ${MATVEC_OP_y} : i64
  %y = llvm.call @operand(%t, %arena, %MATVEC_OP_y) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %MATVEC_OP_bias_or_Wu = arith.constant ${MATVEC_OP_bias_or_Wu} : i64
  %o3 = llvm.call @operand(%t, %arena, %MATVEC_OP_bias_or_Wu) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %MATVEC_OP_residual = arith.constant ${MATVEC_OP_residual} : i64
  %res = llvm.call @operand(%t, %arena, %MATVEC_OP_residual) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %MATVEC_OP_norm = arith.constant ${MATVEC_OP_norm} : i64
  %nw = llvm.call @operand(%t, %arena, %MATVEC_OP_norm) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %dw = llvm.call @dtype(%t, %MATVEC_OP_W) : (!llvm.ptr<1>, i64) -> i32
  %dx = llvm.call @dtype(%t, %MATVEC_OP_x) : (!llvm.ptr<1>, i64) -> i32
  %dy = llvm.call @dtype(%t, %MATVEC_OP_y) : (!llvm.ptr<1>, i64) -> i32
  %d3 = llvm.call @dtype(%t, %MATVEC_OP_bias_or_Wu) : (!llvm.ptr<1>, i64) -> i32
  %dres = llvm.call @dtype(%t, %MATVEC_OP_residual) : (!llvm.ptr<1>, i64) -> i32
  %dnw = llvm.call @dtype(%t, %MATVEC_OP_norm) : (!llvm.ptr<1>, i64) -> i32
  %has3 = llvm.call @has(%t, %MATVEC_OP_bias_or_Wu) : (!llvm.ptr<1>, i64) -> i1
  %hasRes = llvm.call @has(%t, %MATVEC_OP_residual) : (!llvm.ptr<1>, i64) -> i1
  %hasNorm = llvm.call @has(%t, %MATVEC_OP_norm) : (!llvm.ptr<1>, i64) -> i1
  %MATVEC_IP_K = arith.constant ${MATVEC_IP_K} : i64
  %cols = llvm.call @ip(%t, %MATVEC_IP_K) : (!llvm.ptr<1>, i64) -> i64
  %MATVEC_IP_r0 = arith.constant ${MATVEC_IP_r0} : i64
  %r0 = llvm.call @ip(%t, %MATVEC_IP_r0) : (!llvm.ptr<1>, i64) -> i64
  %MATVEC_IP_r1 = arith.constant ${MATVEC_IP_r1} : i64
  %r1 = llvm.call @ip(%t, %MATVEC_IP_r1) : (!llvm.ptr<1>, i64) -> i64
  %MATVEC_FP_eps = arith.constant ${MATVEC_FP_eps} : i64
  %eps = llvm.call @fp(%t, %MATVEC_FP_eps) : (!llvm.ptr<1>, i64) -> f32
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
  %c4096 = arith.constant 4096 : i64
  %vector = llvm.call @matvec_vector_path(%t, %arena, %swiglu) : (!llvm.ptr<1>, !llvm.ptr<1>, i1) -> i1
  %bf16code = arith.constant ${DTYPE_BF16} : i32
  %c15 = arith.constant 15 : i64
  // x and the norm weight in 16-byte words: f32 or bf16, aligned.
  %f32code = arith.constant ${DTYPE_F32} : i32
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
  // x merged from attention partials (ip4 chunks > 0; MATVEC only): staged
  // by @stage_combined, read from shared memory by every path below. Such
  // a task has no norm weight (the table's contract), so no norm either.
  %MATVEC_IP_C = arith.constant ${MATVEC_IP_C} : i64
  %combineChunks = llvm.call @ip(%t, %MATVEC_IP_C) : (!llvm.ptr<1>, i64) -> i64
  %hasChunks = arith.cmpi ne, %combineChunks, %k0 : i64
  %notSwiglu = arith.xori %swiglu, %true_v : i1
  %combine = arith.andi %hasChunks, %notSwiglu : i1
  %notCombine = arith.xori %combine, %true_v : i1
  scf.if %combine {
    %MATVEC_IP_H = arith.constant ${MATVEC_IP_H} : i64
    %combineHeads = llvm.call @ip(%t, %MATVEC_IP_H) : (!llvm.ptr<1>, i64) -> i64
    %MATVEC_IP_D = arith.constant ${MATVEC_IP_D} : i64
    %combineDim = llvm.call @ip(%t, %MATVEC_IP_D) : (!llvm.ptr<1>, i64) -> i64
    %MATVEC_IP_x_dtype = arith.constant ${MATVEC_IP_x_dtype} : i64
    %combineType64 = llvm.call @ip(%t, %MATVEC_IP_x_dtype) : (!llvm.ptr<1>, i64) -> i64
    %combineType = arith.trunci %combineType64 : i64 to i32
    llvm.call @stage_combined(%x, %combineChunks, %combineHeads, %combineDim, %combineType, %tid) : (!llvm.ptr<1>, i64, i64, i64, i32, i32) -> ()
  }
  %s1 = arith.andi %vector, %xWord : i1
  %s2 = arith.andi %s1, %xAligned : i1
  %s3 = arith.andi %s2, %gOk : i1
  %stageWords = arith.andi %s3, %notCombine : i1
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
  %stageElements0 = arith.andi %vector, %needScale : i1
  %stageElements = arith.andi %stageElements0, %notCombine : i1
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
  // each (or several warps each, for long rows); after a barrier (the stage
  // is free) thread 0 issues more.
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
      %phase = llvm.call @ring_phase(%c) : (i64) -> i32
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
        // The phase is complete: this await (tile.await, lowered by
        // convert-tile-to-nvvm) returns at its first poll, with acquire
        // semantics for this thread's reads of the stage. A token is
        // {barrier, phase parity}.
        %tok0 = llvm.mlir.poison : !llvm.struct<(ptr<3>, i32)>
        %tok1 = llvm.insertvalue %bar, %tok0[0] : !llvm.struct<(ptr<3>, i32)>
        %tok2 = llvm.insertvalue %phase, %tok1[1] : !llvm.struct<(ptr<3>, i32)>
        %token = builtin.unrealized_conversion_cast %tok2 : !llvm.struct<(ptr<3>, i32)> to !tile.token
        tile.await %token ordering(acquire) scope(cta)
        %skip = arith.muli %k, %rpc : i64
        %rowStart = arith.addi %r0, %skip : i64
        %left = arith.subi %r1, %rowStart : i64
        %n = arith.minui %rpc, %left : i64
        %stageW = llvm.call @ring_stage(%s) : (i64) -> !llvm.ptr<3>
        %uOff = arith.muli %n, %rowBytes : i64
        %stageU = llvm.getelementptr %stageW[%uOff] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
        // Fewer rows than warps (long rows: 2 rows of 8192 columns fill a
        // stage): the warps share each row, partial sums meet in shared
        // memory. Else a warp per row.
        %shParts = arith.divui %warps, %n : i64
        %shared = arith.cmpi uge, %shParts, %k2 : i64
        scf.if %shared {
          %shJ = arith.divui %warp64, %shParts : i64
          %shPart = arith.remui %warp64, %shParts : i64
          %shActive = arith.cmpi ult, %shJ, %n : i64
          %shZero = arith.constant 0.0 : f32
          %shSums:2 = scf.if %shActive -> (f32, f32) {
            %shJOff = arith.muli %shJ, %rowBytes : i64
            %shPw = llvm.getelementptr %stageW[%shJOff] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
            %shPu = llvm.getelementptr %stageU[%shJOff] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
            %shD = llvm.call @ring_row_bf16(%shPw, %shPu, %swiglu, %cols, %lane64, %shPart, %shParts) : (!llvm.ptr<3>, !llvm.ptr<3>, i1, i64, i64, i64, i64) -> !llvm.struct<(f32, f32)>
            %shD0 = llvm.extractvalue %shD[0] : !llvm.struct<(f32, f32)>
            %shD1 = llvm.extractvalue %shD[1] : !llvm.struct<(f32, f32)>
            %shSumW = llvm.call @warp_sum(%shD0) : (f32) -> f32
            %shSumU = llvm.call @warp_sum(%shD1) : (f32) -> f32
            scf.yield %shSumW, %shSumU : f32, f32
          } else {
            scf.yield %shZero, %shZero : f32, f32
          }
          %shPartials = llvm.mlir.addressof @ring_partials : !llvm.ptr<3>
          %shLeader = arith.cmpi eq, %lane, %c0i : i32
          scf.if %shLeader {
            %shUSlot = arith.addi %warps, %warp64 : i64
            %shPa = llvm.getelementptr %shPartials[%warp64] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
            %shPb = llvm.getelementptr %shPartials[%shUSlot] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
            llvm.store %shSums#0, %shPa : f32, !llvm.ptr<3>
            llvm.store %shSums#1, %shPb : f32, !llvm.ptr<3>
          }
          llvm.call @cta_barrier() : () -> ()
          // Lane 0 of each row's first warp adds the row's parts in order.
          %shFirstPart = arith.cmpi eq, %shPart, %k0 : i64
          %shOwner0 = arith.andi %shActive, %shFirstPart : i1
          %shOwner = arith.andi %shOwner0, %shLeader : i1
          scf.if %shOwner {
            %shTot:2 = scf.for %shQ = %k0 to %shParts step %k1 iter_args(%shTa = %shZero, %shTb = %shZero) -> (f32, f32) : i64 {
              %shSlot = arith.addi %warp64, %shQ : i64
              %shUSlot = arith.addi %warps, %shSlot : i64
              %shPa = llvm.getelementptr %shPartials[%shSlot] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
              %shPb = llvm.getelementptr %shPartials[%shUSlot] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
              %shVa = llvm.load %shPa : !llvm.ptr<3> -> f32
              %shVb = llvm.load %shPb : !llvm.ptr<3> -> f32
              %shNa = arith.addf %shTa, %shVa : f32
              %shNb = arith.addf %shTb, %shVb : f32
              scf.yield %shNa, %shNb : f32, f32
            }
            %shRow = arith.addi %rowStart, %shJ : i64
            llvm.call @matvec_store(%shTot#0, %shTot#1, %shRow, %swiglu, %has3, %hasRes, %o3, %d3, %res, %dres, %y, %dy) : (f32, f32, i64, i1, i1, i1, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32) -> ()
          }
        } else {
          %onePart = arith.constant 1 : i64
          scf.for %j = %warp64 to %n step %warps : i64 {
            %jOff = arith.muli %j, %rowBytes : i64
            %pw = llvm.getelementptr %stageW[%jOff] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
            %pu = llvm.getelementptr %stageU[%jOff] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
            %d = llvm.call @ring_row_bf16(%pw, %pu, %swiglu, %cols, %lane64, %k0, %onePart) : (!llvm.ptr<3>, !llvm.ptr<3>, i1, i64, i64, i64, i64) -> !llvm.struct<(f32, f32)>
            %d0 = llvm.extractvalue %d[0] : !llvm.struct<(f32, f32)>
            %d1 = llvm.extractvalue %d[1] : !llvm.struct<(f32, f32)>
            %row = arith.addi %rowStart, %j : i64
            llvm.call @matvec_finish(%d0, %d1, %row, %lane, %swiglu, %has3, %hasRes, %o3, %d3, %res, %dres, %y, %dy) : (f32, f32, i64, i32, i1, i1, i1, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32) -> ()
          }
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
      llvm.call @set_fault_value(%failedAt, %tid) : (i64, i32) -> ()
      %timeout = arith.constant ${FAULT_WAIT_TIMEOUT} : i32
      scf.yield %timeout : i32
    } else {
      %zeroCode = arith.constant 0 : i32
      scf.yield %zeroCode : i32
    }
    scf.yield %r : i32
  } else {
    // Plain rows of fewer than 4096 columns: two rows per warp at a time.
    %narrow = arith.cmpi ult, %cols, %c4096 : i64
    %pairs0 = arith.andi %vector, %notSwiglu : i1
    %pairs = arith.andi %pairs0, %narrow : i1
    %notPairs = arith.xori %pairs, %true_v : i1
    scf.if %pairs {
      %warps2 = arith.muli %warps, %k2 : i64
      scf.for %row = %first to %r1 step %warps2 : i64 {
        %row2 = arith.addi %row, %warps : i64
        %has2 = arith.cmpi ult, %row2, %r1 : i64
        %row2s = arith.select %has2, %row2, %row : i64
        %baseA = arith.muli %row, %cols : i64
        %baseB = arith.muli %row2s, %cols : i64
        %dAB = llvm.call @matvec_rows2_bf16(%w, %baseA, %baseB, %cols, %lane64) : (!llvm.ptr<1>, i64, i64, i64, i64) -> !llvm.struct<(f32, f32)>
        %dA = llvm.extractvalue %dAB[0] : !llvm.struct<(f32, f32)>
        %dB = llvm.extractvalue %dAB[1] : !llvm.struct<(f32, f32)>
        llvm.call @matvec_finish(%dA, %zero, %row, %lane, %swiglu, %has3, %hasRes, %o3, %d3, %res, %dres, %y, %dy) : (f32, f32, i64, i32, i1, i1, i1, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32) -> ()
        scf.if %has2 {
          llvm.call @matvec_finish(%dB, %zero, %row2, %lane, %swiglu, %has3, %hasRes, %o3, %d3, %res, %dres, %y, %dy) : (f32, f32, i64, i32, i1, i1, i1, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32, !llvm.ptr<1>, i32) -> ()
        }
      }
    }
    %rowsEnd = arith.select %notPairs, %r1, %first : i64
    scf.for %row = %first to %rowsEnd step %warps : i64 {
      %rowBase = arith.muli %row, %cols : i64
      %acc:2 = scf.if %vector -> (f32, f32) {
        // Plain rows here are 4096+ columns long (shorter ones took the
        // pair loop above), so: one long plain row, or a SwiGLU row.
        %dd:2 = scf.if %notSwiglu -> (f32, f32) {
          %d16 = llvm.call @matvec_row16_bf16(%w, %rowBase, %cols, %lane64) : (!llvm.ptr<1>, i64, i64, i64) -> f32
          scf.yield %d16, %zero : f32, f32
        } else {
          %d = llvm.call @matvec_row_bf16(%w, %o3, %swiglu, %rowBase, %cols, %lane64) : (!llvm.ptr<1>, !llvm.ptr<1>, i1, i64, i64, i64) -> !llvm.struct<(f32, f32)>
          %d0 = llvm.extractvalue %d[0] : !llvm.struct<(f32, f32)>
          %d1 = llvm.extractvalue %d[1] : !llvm.struct<(f32, f32)>
          scf.yield %d0, %d1 : f32, f32
        }
        scf.yield %dd#0, %dd#1 : f32, f32
      } else {
        %r:2 = scf.for %k = %lane64 to %cols step %c32 iter_args(%a = %zero, %b = %zero) -> (f32, f32) : i64 {
          %xv = scf.if %combine -> f32 {
            %xsc = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
            %xpc = llvm.getelementptr %xsc[%k] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, f32
            %xc = llvm.load %xpc : !llvm.ptr<3> -> f32
            scf.yield %xc : f32
          } else {
            %xg = llvm.call @ld(%x, %dx, %k) : (!llvm.ptr<1>, i32, i64) -> f32
            scf.yield %xg : f32
          }
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
