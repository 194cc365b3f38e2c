// Shared helpers of the persistent kernel: element loads and stores by
// dtype code, CTA-wide reductions, field readers. Dollar-brace
// placeholders are filled by the compiler from tilec/schedule_table.h (offsetof/sizeof), so the
// layout here cannot drift from the header's.

// f32 value of element i of a buffer of dtype code `dtype` (F32 1, BF16 2,
// F16 3; anything else reads as 0).
llvm.func internal @ld(%base: !llvm.ptr<1>, %dtype: i32, %i: i64) -> f32 attributes {always_inline} {
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %c3 = arith.constant 3 : i32
  %is32 = arith.cmpi eq, %dtype, %c1 : i32
  %r = scf.if %is32 -> f32 {
    %p = llvm.getelementptr %base[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    %v = llvm.load %p : !llvm.ptr<1> -> f32
    scf.yield %v : f32
  } else {
    %p = llvm.getelementptr %base[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
    %h = llvm.load %p : !llvm.ptr<1> -> i16
    %isbf = arith.cmpi eq, %dtype, %c2 : i32
    %v = scf.if %isbf -> f32 {
      %w = arith.extui %h : i16 to i32
      %c16 = arith.constant 16 : i32
      %s = arith.shli %w, %c16 : i32
      %f = arith.bitcast %s : i32 to f32
      scf.yield %f : f32
    } else {
      %ishalf = arith.cmpi eq, %dtype, %c3 : i32
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
  %c1 = arith.constant 1 : i32
  %c2 = arith.constant 2 : i32
  %is32 = arith.cmpi eq, %dtype, %c1 : i32
  scf.if %is32 {
    %p = llvm.getelementptr %base[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, f32
    llvm.store %v, %p : f32, !llvm.ptr<1>
  } else {
    %p = llvm.getelementptr %base[%i] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i16
    %isbf = arith.cmpi eq, %dtype, %c2 : i32
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

llvm.mlir.global internal @abort_flag() {addr_space = 3 : i32} : i32

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

llvm.func internal @set_fault_value(%v: i64) attributes {always_inline} {
  %p = llvm.mlir.addressof @fault_value : !llvm.ptr<3>
  llvm.store %v, %p : i64, !llvm.ptr<3>
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
  %v = llvm.load %p : !llvm.ptr<1> -> i64
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
