// Shared helpers of the persistent kernel: element loads and stores by
// dtype code, CTA-wide reductions, field readers. Dollar-brace
// placeholders are filled by the compiler from tilec/schedule_table.h (offsetof/sizeof), so the
// layout here cannot drift from the header's.

// f32 value of element i of a buffer of dtype code `dtype` (F32 1, BF16 2,
// F16 3; anything else reads as 0).
llvm.func internal @ld(%base: !llvm.ptr<1>, %dtype: i32, %i: i64) -> f32 attributes {always_inline} {
  %is32.code = arith.constant ${DTYPE_F32} : i32
  %is32 = arith.cmpi eq, %dtype, %is32.code : i32
  %r = scf.if %is32 -> f32 {
    %p = llvm.getelementptr %base[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    %v = llvm.load %p : !llvm.ptr<1> -> f32
    scf.yield %v : f32
  } else {
    %p = llvm.getelementptr %base[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
    %h = llvm.load %p : !llvm.ptr<1> -> i16
    %isbf.code = arith.constant ${DTYPE_BF16} : i32
    %isbf = arith.cmpi eq, %dtype, %isbf.code : i32
    %v = scf.if %isbf -> f32 {
      %w = arith.extui %h : i16 to i32
      %c16 = arith.constant 16 : i32
      %s = arith.shli %w, %c16 : i32
      %f = arith.bitcast %s : i32 to f32
      scf.yield %f : f32
    } else {
      %ishalf.code = arith.constant ${DTYPE_F16} : i32
      %ishalf = arith.cmpi eq, %dtype, %ishalf.code : i32
      %hf = arith.bitcast %h : i16 to f16
      %f = arith.extf %hf : f16 to f32
      %zero = arith.constant 0.0 : f32
      %g = arith.select %ishalf, %f, %zero : f32
      scf.yield %g : f32
    }
    scf.yield %v : f32
  }
  llvm.return %r : f32
}

// Stores v as element i of a buffer of dtype code `dtype`, rounding to
// nearest even for bf16 and f16.
llvm.func internal @st(%base: !llvm.ptr<1>, %dtype: i32, %i: i64, %v: f32) attributes {always_inline} {
  %is32.code = arith.constant ${DTYPE_F32} : i32
  %is32 = arith.cmpi eq, %dtype, %is32.code : i32
  scf.if %is32 {
    %p = llvm.getelementptr %base[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    llvm.store %v, %p : f32, !llvm.ptr<1>
  } else {
    %p = llvm.getelementptr %base[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
    %isbf.code = arith.constant ${DTYPE_BF16} : i32
    %isbf = arith.cmpi eq, %dtype, %isbf.code : i32
    %h = scf.if %isbf -> i16 {
      // cvt.rn.bf16.f32 (sm_80+): nearest even, and a NaN stays a NaN.
      // Inline PTX: the lowering of arith.truncf expands to integer
      // rounding that turns NaNs into zeros or infinities.
      %t = llvm.inline_asm "cvt.rn.bf16.f32 $0, $1;", "=h,f" %v : (f32) -> i16
      scf.yield %t : i16
    } else {
      %hf = arith.truncf %v : f32 to f16
      %t = arith.bitcast %hf : f16 to i16
      scf.yield %t : i16
    }
    llvm.store %h, %p : i16, !llvm.ptr<1>
  }
  llvm.return
}

// Sum of v over the warp (butterfly shuffles), in every lane.
llvm.func internal @warp_sum(%v: f32) -> f32 attributes {always_inline} {
  %mask = arith.constant -1 : i32
  %clamp = arith.constant 31 : i32
  %lb = arith.constant 0 : i32
  %ub = arith.constant 5 : i32
  %one = arith.constant 1 : i32
  %r = scf.for %k = %lb to %ub step %one iter_args(%acc = %v) -> (f32) : i32 {
    %off = arith.shli %one, %k : i32
    %o = nvvm.shfl.sync bfly %mask, %acc, %off, %clamp : f32 -> f32
    %s = arith.addf %acc, %o : f32
    scf.yield %s : f32
  }
  llvm.return %r : f32
}

// Max of v over the warp, in every lane; max.f32 ignores a NaN operand
// (like the host's std::max).
llvm.func internal @warp_max(%v: f32) -> f32 attributes {always_inline} {
  %mask = arith.constant -1 : i32
  %clamp = arith.constant 31 : i32
  %lb = arith.constant 0 : i32
  %ub = arith.constant 5 : i32
  %one = arith.constant 1 : i32
  %r = scf.for %k = %lb to %ub step %one iter_args(%acc = %v) -> (f32) : i32 {
    %off = arith.shli %one, %k : i32
    %o = nvvm.shfl.sync bfly %mask, %acc, %off, %clamp : f32 -> f32
    %m = llvm.inline_asm "max.f32 $0, $1, $2;", "=f,f,f" %acc, %o : (f32, f32) -> f32
    scf.yield %m : f32
  }
  llvm.return %r : f32
}

// Shared scratch for CTA-wide reductions: one slot per warp. 16-byte
// aligned: the optimizer reads the slots with ld.shared.v4 and, without an
// explicit alignment, the PTX declared them .align 4 (a misaligned-address
// fault on an H200).
llvm.mlir.global internal @red_f32() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<8 x f32>

llvm.mlir.global internal @red_i32() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<8 x i32>

// The dynamic shared memory (TILEC_KERNEL_SHARED_BYTES): a matvec task's
// input vector, staged as f32.
llvm.mlir.global external @tilec_xs() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<0 x f32>

// Whether operand k of task t is a weight buffer (TILEC_OPERAND_CONSTANT).
llvm.func internal @constant_operand(%t: !llvm.ptr<1>, %k: i64) -> i1 attributes {always_inline} {
  %opBase = arith.constant ${TASK_OP} : i64
  %opBytes = arith.constant ${OPERAND_BYTES} : i64
  %flagsAt = arith.constant ${OPERAND_FLAGS} : i64
  %o = arith.muli %k, %opBytes : i64
  %a = arith.addi %opBase, %o : i64
  %b = arith.addi %a, %flagsAt : i64
  %flags = llvm.call @u32(%t, %b) : (!llvm.ptr<1>, i64) -> i32
  %bit = arith.constant ${OPERAND_CONSTANT} : i32
  %m = arith.andi %flags, %bit : i32
  %zero = arith.constant 0 : i32
  %r = arith.cmpi ne, %m, %zero : i32
  llvm.return %r : i1
}

// The value a faulting body reports (the bad token id or position).
llvm.mlir.global internal @fault_value() {addr_space = 3 : i32} : i64

// Called by every thread of a faulting body with the same value; thread 0
// stores it (one writer: the racecheck of the emulator flagged all of them).
llvm.func internal @set_fault_value(%v: i64, %tid: i32) attributes {always_inline} {
  %c0 = arith.constant 0 : i32
  %first = arith.cmpi eq, %tid, %c0 : i32
  scf.if %first {
    %p = llvm.mlir.addressof @fault_value : !llvm.ptr<3>
    llvm.store %v, %p : i64, !llvm.ptr<3>
  }
  llvm.return
}

// A CTA barrier for code where a warp may be diverged: `barrier.sync 0`,
// not `bar.sync 0` (nvvm.barrier0), which is `.aligned`: every thread of a
// warp must reach the same instruction, and LLVM duplicates barriers into
// both arms of `if (tid == 0)` blocks (thread 0 spinning on an event while
// its warp waits elsewhere hung the kernel on an H200).
llvm.func internal @cta_barrier() attributes {always_inline} {
  %id = arith.constant 0 : i32
  llvm.call_intrinsic "llvm.nvvm.barrier.cta.sync.all"(%id) : (i32) -> ()
  llvm.return
}

// Sum of v over the CTA, in every thread. Ends with a barrier, so the
// scratch can be reused right away.
llvm.func internal @cta_sum(%v: f32, %tid: i32) -> f32 attributes {always_inline} {
  %w = llvm.call @warp_sum(%v) : (f32) -> f32
  %c5 = arith.constant 5 : i32
  %c31 = arith.constant 31 : i32
  %warp = arith.shrui %tid, %c5 : i32
  %lane = arith.andi %tid, %c31 : i32
  %c0 = arith.constant 0 : i32
  %smem = llvm.mlir.addressof @red_f32 : !llvm.ptr<3>
  %first = arith.cmpi eq, %lane, %c0 : i32
  scf.if %first {
    %p = llvm.getelementptr %smem[0, %warp] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, !llvm.array<8 x f32>
    llvm.store %w, %p : f32, !llvm.ptr<3>
  }
  llvm.call @cta_barrier() : () -> ()
  %zero = arith.constant 0.0 : f32
  %c8 = arith.constant 8 : i32
  %one = arith.constant 1 : i32
  %sum = scf.for %k = %c0 to %c8 step %one iter_args(%acc = %zero) -> (f32) : i32 {
    %p = llvm.getelementptr %smem[0, %k] : (!llvm.ptr<3>, i32) -> !llvm.ptr<3>, !llvm.array<8 x f32>
    %x = llvm.load %p : !llvm.ptr<3> -> f32
    %s = arith.addf %acc, %x : f32
    scf.yield %s : f32
  }
  llvm.call @cta_barrier() : () -> ()
  llvm.return %sum : f32
}

// Field readers of the table and of task records (byte offsets).
llvm.func internal @u32(%base: !llvm.ptr<1>, %offset: i64) -> i32 attributes {always_inline} {
  %p = llvm.getelementptr %base[%offset] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
  %v = llvm.load %p : !llvm.ptr<1> -> i32
  llvm.return %v : i32
}

llvm.func internal @u64(%base: !llvm.ptr<1>, %offset: i64) -> i64 attributes {always_inline} {
  %p = llvm.getelementptr %base[%offset] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
  %v = llvm.load %p {alignment = 8 : i64} : !llvm.ptr<1> -> i64
  llvm.return %v : i64
}

llvm.func internal @f32at(%base: !llvm.ptr<1>, %offset: i64) -> f32 attributes {always_inline} {
  %p = llvm.getelementptr %base[%offset] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
  %v = llvm.load %p : !llvm.ptr<1> -> f32
  llvm.return %v : f32
}

// Integer parameter ip[j] of task t.
llvm.func internal @ip(%t: !llvm.ptr<1>, %j: i64) -> i64 attributes {always_inline} {
  %c8 = arith.constant 8 : i64
  %base = arith.constant ${TASK_IP} : i64
  %scaled = arith.muli %j, %c8 : i64
  %off = arith.addi %base, %scaled : i64
  %v = llvm.call @u64(%t, %off) : (!llvm.ptr<1>, i64) -> i64
  llvm.return %v : i64
}

// Float parameter fp[j] of task t.
llvm.func internal @fp(%t: !llvm.ptr<1>, %j: i64) -> f32 attributes {always_inline} {
  %c4 = arith.constant 4 : i64
  %base = arith.constant ${TASK_FP} : i64
  %scaled = arith.muli %j, %c4 : i64
  %off = arith.addi %base, %scaled : i64
  %v = llvm.call @f32at(%t, %off) : (!llvm.ptr<1>, i64) -> f32
  llvm.return %v : f32
}

// Operand k of task t: its address in the arena and its dtype code.
llvm.func internal @operand(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %k: i64) -> !llvm.ptr<1> attributes {always_inline} {
  %size = arith.constant ${OPERAND_BYTES} : i64
  %base = arith.constant ${TASK_OP} : i64
  %scaled = arith.muli %k, %size : i64
  %off = arith.addi %base, %scaled : i64
  %offset = llvm.call @u64(%t, %off) : (!llvm.ptr<1>, i64) -> i64
  %p = llvm.getelementptr %arena[%offset] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
  llvm.return %p : !llvm.ptr<1>
}

llvm.func internal @dtype(%t: !llvm.ptr<1>, %k: i64) -> i32 attributes {always_inline} {
  %size = arith.constant ${OPERAND_BYTES} : i64
  %base = arith.constant ${TASK_OP_DTYPE} : i64
  %scaled = arith.muli %k, %size : i64
  %off = arith.addi %base, %scaled : i64
  %v = llvm.call @u32(%t, %off) : (!llvm.ptr<1>, i64) -> i32
  llvm.return %v : i32
}

// Whether operand k of task t is present: its offset is not
// TILEC_NO_OPERAND (all ones).
llvm.func internal @has(%t: !llvm.ptr<1>, %k: i64) -> i1 attributes {always_inline} {
  %size = arith.constant ${OPERAND_BYTES} : i64
  %base = arith.constant ${TASK_OP} : i64
  %scaled = arith.muli %k, %size : i64
  %off = arith.addi %base, %scaled : i64
  %offset = llvm.call @u64(%t, %off) : (!llvm.ptr<1>, i64) -> i64
  %none = arith.constant -1 : i64
  %r = arith.cmpi ne, %offset, %none : i64
  llvm.return %r : i1
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
  %c2 = arith.constant 2 : i64
  %c4 = arith.constant 4 : i64
  %c16 = arith.constant 16 : i64
  %k0 = arith.constant 0 : i64
  %isF32.code = arith.constant ${DTYPE_F32} : i32
  %isF32 = arith.cmpi eq, %dtype, %isF32.code : i32
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
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %ra = llvm.extractvalue %raw[0] : !llvm.struct<(vector<4xi32>, vector<4xi32>)>
  %rb = llvm.extractvalue %raw[1] : !llvm.struct<(vector<4xi32>, vector<4xi32>)>
  %isF32.code = arith.constant ${DTYPE_F32} : i32
  %isF32 = arith.cmpi eq, %dtype, %isF32.code : i32
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

// Whether elements [i, ...) of a buffer of dtype code d can be read and
// written as 16-byte words of eight elements (@load8, @store8): d is F32 or
// BF16 and element i starts on a 16-byte boundary.
llvm.func internal @word_aligned(%base: !llvm.ptr<1>, %d: i32, %i: i64) -> i1 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k2 = arith.constant 2 : i64
  %k4 = arith.constant 4 : i64
  %c15 = arith.constant 15 : i64
  %isF32.code = arith.constant ${DTYPE_F32} : i32
  %isF32 = arith.cmpi eq, %d, %isF32.code : i32
  %isBf16.code = arith.constant ${DTYPE_BF16} : i32
  %isBf16 = arith.cmpi eq, %d, %isBf16.code : i32
  %wordType = arith.ori %isF32, %isBf16 : i1
  %size = arith.select %isF32, %k4, %k2 : i64
  %offset = arith.muli %i, %size : i64
  %addr = llvm.ptrtoint %base : !llvm.ptr<1> to i64
  %at = arith.addi %addr, %offset : i64
  %low = arith.andi %at, %c15 : i64
  %aligned = arith.cmpi eq, %low, %k0 : i64
  %r = arith.andi %wordType, %aligned : i1
  llvm.return %r : i1
}

// The bf16x2 word of (lo, hi): cvt.rn.bf16x2.f32 puts its first source in
// the upper half; nearest even, and a NaN stays a NaN (as @st).
llvm.func internal @pack_bf16x2(%lo: f32, %hi: f32) -> i32 attributes {always_inline} {
  %w = llvm.inline_asm "cvt.rn.bf16x2.f32 $0, $1, $2;", "=r,f,f" %hi, %lo : (f32, f32) -> i32
  llvm.return %w : i32
}

// Stores a (elements i..i+3) and b (i+4..i+7) as elements [i, i + 8) of an
// F32 (dtype 1) or BF16 buffer: two 16-byte stores for f32, one for bf16.
// Element i on a 16-byte boundary: the caller checked (@word_aligned).
llvm.func internal @store8(%base: !llvm.ptr<1>, %dtype: i32, %i: i64, %a: vector<4xf32>, %b: vector<4xf32>) attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %k4 = arith.constant 4 : i64
  %isF32.code = arith.constant ${DTYPE_F32} : i32
  %isF32 = arith.cmpi eq, %dtype, %isF32.code : i32
  scf.if %isF32 {
    %pa = llvm.getelementptr %base[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    %pb = llvm.getelementptr %pa[%k4] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    llvm.store %a, %pa {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<1>
    llvm.store %b, %pb {alignment = 16 : i64} : vector<4xf32>, !llvm.ptr<1>
  } else {
    %a0 = llvm.extractelement %a[%k0 : i64] : vector<4xf32>
    %a1 = llvm.extractelement %a[%k1 : i64] : vector<4xf32>
    %a2 = llvm.extractelement %a[%k2 : i64] : vector<4xf32>
    %a3 = llvm.extractelement %a[%k3 : i64] : vector<4xf32>
    %b0 = llvm.extractelement %b[%k0 : i64] : vector<4xf32>
    %b1 = llvm.extractelement %b[%k1 : i64] : vector<4xf32>
    %b2 = llvm.extractelement %b[%k2 : i64] : vector<4xf32>
    %b3 = llvm.extractelement %b[%k3 : i64] : vector<4xf32>
    %w0 = llvm.call @pack_bf16x2(%a0, %a1) : (f32, f32) -> i32
    %w1 = llvm.call @pack_bf16x2(%a2, %a3) : (f32, f32) -> i32
    %w2 = llvm.call @pack_bf16x2(%b0, %b1) : (f32, f32) -> i32
    %w3 = llvm.call @pack_bf16x2(%b2, %b3) : (f32, f32) -> i32
    %u = llvm.mlir.undef : vector<4xi32>
    %v0 = llvm.insertelement %w0, %u[%k0 : i64] : vector<4xi32>
    %v1 = llvm.insertelement %w1, %v0[%k1 : i64] : vector<4xi32>
    %v2 = llvm.insertelement %w2, %v1[%k2 : i64] : vector<4xi32>
    %v3 = llvm.insertelement %w3, %v2[%k3 : i64] : vector<4xi32>
    %p = llvm.getelementptr %base[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
    llvm.store %v3, %p {alignment = 16 : i64} : vector<4xi32>, !llvm.ptr<1>
  }
  llvm.return
}

// Eight elements [i, i + 8) of an F32 or BF16 buffer as f32: @load8 then
// @widen8. For loops with one word per trip; where several words should be
// in flight, call @load8 for all of them before the first @widen8.
llvm.func internal @read8(%base: !llvm.ptr<1>, %dtype: i32, %i: i64) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)> attributes {always_inline} {
  %raw = llvm.call @load8(%base, %dtype, %i) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xi32>, vector<4xi32>)>
  %f = llvm.call @widen8(%raw, %dtype) : (!llvm.struct<(vector<4xi32>, vector<4xi32>)>, i32) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
  llvm.return %f : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
}

// dst[j0 + k] = src[i0 + k] for k in [0, n), by the CTA, converting the
// dtype: 16-byte words where both sides allow them (@word_aligned), the
// rest (or all, for f16) element by element.
llvm.func internal @copy_elems(%src: !llvm.ptr<1>, %ds: i32, %i0: i64, %dst: !llvm.ptr<1>, %dd: i32, %j0: i64, %n: i64, %tid: i32) attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %c8 = arith.constant 8 : i64
  %low = arith.constant 7 : i64
  %threads = arith.constant ${THREADS} : i64
  %stride = arith.muli %threads, %c8 : i64
  %sOk = llvm.call @word_aligned(%src, %ds, %i0) : (!llvm.ptr<1>, i32, i64) -> i1
  %dOk = llvm.call @word_aligned(%dst, %dd, %j0) : (!llvm.ptr<1>, i32, i64) -> i1
  %vec = arith.andi %sOk, %dOk : i1
  %rem = arith.andi %n, %low : i64
  %n8v = arith.subi %n, %rem : i64
  %n8 = arith.select %vec, %n8v, %k0 : i64
  %tid64 = arith.extui %tid : i32 to i64
  %first = arith.muli %tid64, %c8 : i64
  scf.for %k = %first to %n8 step %stride : i64 {
    %si = arith.addi %i0, %k : i64
    %f = llvm.call @read8(%src, %ds, %si) : (!llvm.ptr<1>, i32, i64) -> !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %a = llvm.extractvalue %f[0] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %b = llvm.extractvalue %f[1] : !llvm.struct<(vector<4xf32>, vector<4xf32>)>
    %di = arith.addi %j0, %k : i64
    llvm.call @store8(%dst, %dd, %di, %a, %b) : (!llvm.ptr<1>, i32, i64, vector<4xf32>, vector<4xf32>) -> ()
  }
  %tail = arith.addi %n8, %tid64 : i64
  scf.for %k = %tail to %n step %threads : i64 {
    %si = arith.addi %i0, %k : i64
    %v = llvm.call @ld(%src, %ds, %si) : (!llvm.ptr<1>, i32, i64) -> f32
    %di = arith.addi %j0, %k : i64
    llvm.call @st(%dst, %dd, %di, %v) : (!llvm.ptr<1>, i32, i64, f32) -> ()
  }
  llvm.return
}
