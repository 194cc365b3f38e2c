// The persistent kernel: one CTA per worker walks its task list from the
// schedule table, step after step (tilec/kernel_abi.h is the contract).

// Records a fault unless one is already recorded (first one wins).
llvm.func internal @record_fault(%fault: !llvm.ptr<1>, %code: i32, %program: i32, %worker: i32, %task: i32, %event: i32, %epoch: i32, %value: i64) {
  %zero = arith.constant 0 : i32
  %old = llvm.cmpxchg %fault, %zero, %code acq_rel monotonic : !llvm.ptr<1>, i32
  %prev = llvm.extractvalue %old[0] : !llvm.struct<(i32, i1)>
  %won = arith.cmpi eq, %prev, %zero : i32
  scf.if %won {
    %fields = llvm.getelementptr %fault[0, 1] : (!llvm.ptr<1>) -> !llvm.ptr<1>, !llvm.struct<(i32, i32, i32, i32, i32, i32, i64)>
    llvm.store %program, %fields : i32, !llvm.ptr<1>
    %pw = llvm.getelementptr %fault[0, 2] : (!llvm.ptr<1>) -> !llvm.ptr<1>, !llvm.struct<(i32, i32, i32, i32, i32, i32, i64)>
    llvm.store %worker, %pw : i32, !llvm.ptr<1>
    %pt = llvm.getelementptr %fault[0, 3] : (!llvm.ptr<1>) -> !llvm.ptr<1>, !llvm.struct<(i32, i32, i32, i32, i32, i32, i64)>
    llvm.store %task, %pt : i32, !llvm.ptr<1>
    %pe = llvm.getelementptr %fault[0, 4] : (!llvm.ptr<1>) -> !llvm.ptr<1>, !llvm.struct<(i32, i32, i32, i32, i32, i32, i64)>
    llvm.store %event, %pe : i32, !llvm.ptr<1>
    %pp = llvm.getelementptr %fault[0, 5] : (!llvm.ptr<1>) -> !llvm.ptr<1>, !llvm.struct<(i32, i32, i32, i32, i32, i32, i64)>
    llvm.store %epoch, %pp : i32, !llvm.ptr<1>
    %pv = llvm.getelementptr %fault[0, 6] : (!llvm.ptr<1>) -> !llvm.ptr<1>, !llvm.struct<(i32, i32, i32, i32, i32, i32, i64)>
    llvm.store %value, %pv : i64, !llvm.ptr<1>
  }
  llvm.return
}

// Whether any worker has recorded a fault (then everyone leaves).
llvm.func internal @faulted(%fault: !llvm.ptr<1>) -> i1 attributes {always_inline} {
  %code = llvm.load %fault atomic syncscope("device") monotonic {alignment = 4 : i64} : !llvm.ptr<1> -> i32
  %zero = arith.constant 0 : i32
  %r = arith.cmpi ne, %code, %zero : i32
  llvm.return %r : i1
}

// Spins until counter >= target: ld.acquire.gpu (ld.acquire.sys for
// sys-scoped events), with nanosleep back-off. Returns the last value seen
// and whether the wait succeeded (false: bound exceeded or a fault elsewhere).
llvm.func internal @wait_counter(%counter: !llvm.ptr<1>, %target: i32, %sys: i1, %bound: i64, %fault: !llvm.ptr<1>) -> !llvm.struct<(i32, i1)> {
  %zero = arith.constant 0 : i64
  %one = arith.constant 1 : i64
  %c0 = arith.constant 0 : i32
  %true = arith.constant true
  %ns0 = arith.constant 32 : i32
  %nsMax = arith.constant 1024 : i32
  %result:4 = scf.while (%n = %zero, %seen = %c0, %ns = %ns0) : (i64, i32, i32) -> (i64, i32, i1, i32) {
    %v = scf.if %sys -> i32 {
      %l = llvm.load %counter atomic acquire {alignment = 4 : i64} : !llvm.ptr<1> -> i32
      scf.yield %l : i32
    } else {
      %l = llvm.load %counter atomic syncscope("device") acquire {alignment = 4 : i64} : !llvm.ptr<1> -> i32
      scf.yield %l : i32
    }
    %done = arith.cmpi uge, %v, %target : i32
    %over = arith.cmpi uge, %n, %bound : i64
    %gone = llvm.call @faulted(%fault) : (!llvm.ptr<1>) -> i1
    %stop1 = arith.ori %done, %over : i1
    %stop = arith.ori %stop1, %gone : i1
    %go = arith.xori %stop, %true : i1
    scf.condition(%go) %n, %v, %done, %ns : i64, i32, i1, i32
  } do {
  ^bb0(%n: i64, %v: i32, %done: i1, %ns: i32):
    // Back off from 32 ns to about 1 us per spin (kernel_abi.h: the bound
    // counts spins, about 1000 per millisecond once backed off).
    nvvm.nanosleep %ns
    %two = arith.constant 2 : i32
    %doubled = arith.muli %ns, %two : i32
    %nextNs = arith.minui %doubled, %nsMax : i32
    %next = arith.addi %n, %one : i64
    scf.yield %next, %v, %nextNs : i64, i32, i32
  }
  %s0 = llvm.mlir.undef : !llvm.struct<(i32, i1)>
  %s1 = llvm.insertvalue %result#1, %s0[0] : !llvm.struct<(i32, i1)>
  %s2 = llvm.insertvalue %result#2, %s1[1] : !llvm.struct<(i32, i1)>
  llvm.return %s2 : !llvm.struct<(i32, i1)>
}

// Adds 1 to a counter with release semantics: inline PTX, because LLVM 22's
// NVPTX backend drops the ordering of atomicrmw (TOOLCHAIN.md).
llvm.func internal @signal_counter(%counter: !llvm.ptr<1>, %sys: i1) {
  scf.if %sys {
    llvm.inline_asm has_side_effects "red.release.sys.global.add.u32 [$0], 1;", "l" %counter : (!llvm.ptr<1>) -> ()
  } else {
    llvm.inline_asm has_side_effects "red.release.gpu.global.add.u32 [$0], 1;", "l" %counter : (!llvm.ptr<1>) -> ()
  }
  llvm.return
}

// Bytes of one element of dtype code d (F32/I32 4, BF16/F16 2, I8 1).
llvm.func internal @dtype_bytes(%d: i32) -> i64 attributes {always_inline} {
  %c1 = arith.constant 1 : i32
  %c4 = arith.constant 4 : i32
  %c5 = arith.constant 5 : i32
  %four = arith.constant 4 : i64
  %two = arith.constant 2 : i64
  %one = arith.constant 1 : i64
  %isF32 = arith.cmpi eq, %d, %c1 : i32
  %isI32 = arith.cmpi eq, %d, %c4 : i32
  %isI8 = arith.cmpi eq, %d, %c5 : i32
  %wide = arith.ori %isF32, %isI32 : i1
  %b = arith.select %wide, %four, %two : i64
  %r = arith.select %isI8, %one, %b : i64
  llvm.return %r : i64
}

// Starts pulling rows [r0, r1) of weight operand k into L2 with bulk
// prefetches (cp.async.bulk.prefetch.L2, 64 KiB at a time), at most `cap`
// bytes of them: weights never depend on activations, so this runs before
// the task's waits and the HBM reads overlap them. Rounded out to 16 bytes,
// which stays inside the buffer's 256-byte slot.
llvm.func internal @prefetch_rows(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %k: i64, %cap: i64) {
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %w = llvm.call @operand(%t, %arena, %k) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %d = llvm.call @dtype(%t, %k) : (!llvm.ptr<1>, i64) -> i32
  %elt = llvm.call @dtype_bytes(%d) : (i32) -> i64
  %cols = llvm.call @ip(%t, %k1) : (!llvm.ptr<1>, i64) -> i64
  %r0 = llvm.call @ip(%t, %k2) : (!llvm.ptr<1>, i64) -> i64
  %r1 = llvm.call @ip(%t, %k3) : (!llvm.ptr<1>, i64) -> i64
  %rowBytes = arith.muli %cols, %elt : i64
  %b0 = arith.muli %r0, %rowBytes : i64
  %b1 = arith.muli %r1, %rowBytes : i64
  %base = llvm.ptrtoint %w : !llvm.ptr<1> to i64
  %s0 = arith.addi %base, %b0 : i64
  %s1 = arith.addi %base, %b1 : i64
  %m15 = arith.constant -16 : i64
  %c15 = arith.constant 15 : i64
  %start = arith.andi %s0, %m15 : i64
  %e15 = arith.addi %s1, %c15 : i64
  %end0 = arith.andi %e15, %m15 : i64
  %len0 = arith.subi %end0, %start : i64
  %len = arith.minui %len0, %cap : i64
  %end = arith.addi %start, %len : i64
  %chunk = arith.constant 65536 : i64
  scf.for %a = %start to %end step %chunk : i64 {
    %left = arith.subi %end, %a : i64
    %n = arith.minui %left, %chunk : i64
    %n32 = arith.trunci %n : i64 to i32
    %p = llvm.inttoptr %a : i64 to !llvm.ptr<1>
    llvm.inline_asm has_side_effects "cp.async.bulk.prefetch.L2.global [$0], $1;", "l,r" %p, %n32 : (!llvm.ptr<1>, i32) -> ()
  }
  llvm.return
}

// The weight prefetch of a task, by kind (matvec tiles; both weights of a
// SwiGLU tile). Only where the chip has bulk prefetches (sm_90+): the
// constant folds the rest away, so older chips get no prefetch at all.
llvm.func internal @prefetch_task(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %cap: i64) {
  %c0 = arith.constant 0 : i64
  %kind = llvm.call @u32(%t, %c0) : (!llvm.ptr<1>, i64) -> i32
  %matvec = arith.constant ${KIND_MATVEC} : i32
  %swiglu = arith.constant ${KIND_MATVEC_SWIGLU} : i32
  %bulk = arith.constant ${BULK_PREFETCH} : i32
  %zero = arith.constant 0 : i32
  %enabled = arith.cmpi ne, %bulk, %zero : i32
  %isMatvec0 = arith.cmpi eq, %kind, %matvec : i32
  %isSwiglu0 = arith.cmpi eq, %kind, %swiglu : i32
  %isMatvec = arith.andi %isMatvec0, %enabled : i1
  %isSwiglu = arith.andi %isSwiglu0, %enabled : i1
  %any = arith.ori %isMatvec, %isSwiglu : i1
  scf.if %any {
    %k0 = arith.constant 0 : i64
    llvm.call @prefetch_rows(%t, %arena, %k0, %cap) : (!llvm.ptr<1>, !llvm.ptr<1>, i64, i64) -> ()
  }
  scf.if %isSwiglu {
    %k3 = arith.constant 3 : i64
    llvm.call @prefetch_rows(%t, %arena, %k3, %cap) : (!llvm.ptr<1>, !llvm.ptr<1>, i64, i64) -> ()
  }
  llvm.return
}

// Issues ring chunk `chunk` of task t (rows [r0 + chunk * rpc, ...), and the
// same rows of U for SwiGLU) into stage issued % RING_STAGES: the stage's
// mbarrier expects the bytes, the bulk copies complete them.
llvm.func internal @ring_copy(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %rpc: i64, %chunk: i64, %issued: i64) {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %stages = arith.constant ${RING_STAGES} : i64
  %s = arith.remui %issued, %stages : i64
  %bar = llvm.call @ring_barrier(%s) : (i64) -> !llvm.ptr<3>
  %dst = llvm.call @ring_stage(%s) : (i64) -> !llvm.ptr<3>
  %w = llvm.call @operand(%t, %arena, %k0) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %u = llvm.call @operand(%t, %arena, %k3) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %cols = llvm.call @ip(%t, %k1) : (!llvm.ptr<1>, i64) -> i64
  %r0 = llvm.call @ip(%t, %k2) : (!llvm.ptr<1>, i64) -> i64
  %r1 = llvm.call @ip(%t, %k3) : (!llvm.ptr<1>, i64) -> i64
  %kind = llvm.call @u32(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %swigluKind = arith.constant ${KIND_MATVEC_SWIGLU} : i32
  %isSwiglu = arith.cmpi eq, %kind, %swigluKind : i32
  %skip = arith.muli %chunk, %rpc : i64
  %rowStart = arith.addi %r0, %skip : i64
  %left = arith.subi %r1, %rowStart : i64
  %n = arith.minui %rpc, %left : i64
  %rowBytes = arith.muli %cols, %k2 : i64
  %bytes = arith.muli %n, %rowBytes : i64
  %both = arith.muli %bytes, %k2 : i64
  %total = arith.select %isSwiglu, %both, %bytes : i64
  %bytes32 = arith.trunci %bytes : i64 to i32
  %total32 = arith.trunci %total : i64 to i32
  %srcOff = arith.muli %rowStart, %rowBytes : i64
  %srcW = llvm.getelementptr %w[%srcOff] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
  // The stage was last read through the generic proxy; the copy writes it
  // through the async proxy.
  llvm.inline_asm has_side_effects "fence.proxy.async.shared::cta;", "~{memory}" : () -> ()
  llvm.inline_asm has_side_effects "mbarrier.arrive.expect_tx.shared::cta.b64 _, [$0], $1;", "l,r,~{memory}" %bar, %total32 : (!llvm.ptr<3>, i32) -> ()
  llvm.inline_asm has_side_effects "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [$0], [$1], $2, [$3];", "l,l,r,l,~{memory}" %dst, %srcW, %bytes32, %bar : (!llvm.ptr<3>, !llvm.ptr<1>, i32, !llvm.ptr<3>) -> ()
  scf.if %isSwiglu {
    %srcU = llvm.getelementptr %u[%srcOff] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
    %dstU = llvm.getelementptr %dst[%bytes] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
    llvm.inline_asm has_side_effects "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [$0], [$1], $2, [$3];", "l,l,r,l,~{memory}" %dstU, %srcU, %bytes32, %bar : (!llvm.ptr<3>, !llvm.ptr<1>, i32, !llvm.ptr<3>) -> ()
  }
  llvm.return
}

// Thread 0 as the ring's producer: issues chunks in (step, task, chunk)
// order, this worker's tasks of this launch's steps, until RING_STAGES are
// in flight. Tasks that do not use the ring are passed over; a whole cycle
// of tasks without a chunk stops the producer (nothing to stream).
llvm.func internal @ring_issue(%arena: !llvm.ptr<1>) {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k2 = arith.constant 2 : i64
  %k3 = arith.constant 3 : i64
  %k4 = arith.constant 4 : i64
  %k5 = arith.constant 5 : i64
  %k6 = arith.constant 6 : i64
  %k7 = arith.constant 7 : i64
  %k8 = arith.constant 8 : i64
  %k9 = arith.constant 9 : i64
  %k10 = arith.constant 10 : i64
  %stagesOn = llvm.call @ring_get(%k5) : (i64) -> i64
  %on = arith.cmpi ne, %stagesOn, %k0 : i64
  scf.if %on {
    %issued0 = llvm.call @ring_get(%k0) : (i64) -> i64
    %consumed = llvm.call @ring_get(%k1) : (i64) -> i64
    %step0 = llvm.call @ring_get(%k2) : (i64) -> i64
    %task0 = llvm.call @ring_get(%k3) : (i64) -> i64
    %chunk0 = llvm.call @ring_get(%k4) : (i64) -> i64
    %firstTask = llvm.call @ring_get(%k6) : (i64) -> i64
    %numTasks = llvm.call @ring_get(%k7) : (i64) -> i64
    %steps = llvm.call @ring_get(%k8) : (i64) -> i64
    %tableInt = llvm.call @ring_get(%k9) : (i64) -> i64
    %oTasks = llvm.call @ring_get(%k10) : (i64) -> i64
    %table = llvm.inttoptr %tableInt : i64 to !llvm.ptr<1>
    %stages = arith.constant ${RING_STAGES} : i64
    %sTask = arith.constant ${TASK_BYTES} : i64
    %final:5 = scf.while (%issued = %issued0, %step = %step0, %task = %task0, %chunk = %chunk0, %idle = %k0) : (i64, i64, i64, i64, i64) -> (i64, i64, i64, i64, i64) {
      %inFlight = arith.subi %issued, %consumed : i64
      %room = arith.cmpi ult, %inFlight, %stages : i64
      %more = arith.cmpi ult, %step, %steps : i64
      %active = arith.cmpi ule, %idle, %numTasks : i64
      %g1 = arith.andi %room, %more : i1
      %go = arith.andi %g1, %active : i1
      scf.condition(%go) %issued, %step, %task, %chunk, %idle : i64, i64, i64, i64, i64
    } do {
    ^bb0(%issued: i64, %step: i64, %task: i64, %chunk: i64, %idle: i64):
      %ti = arith.addi %firstTask, %task : i64
      %tb = arith.muli %ti, %sTask : i64
      %tOff = arith.addi %oTasks, %tb : i64
      %t = llvm.getelementptr %table[%tOff] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
      %rpc = llvm.call @ring_rows(%t, %arena) : (!llvm.ptr<1>, !llvm.ptr<1>) -> i64
      %n = llvm.call @ring_chunks(%t, %rpc) : (!llvm.ptr<1>, i64) -> i64
      %has = arith.cmpi ult, %chunk, %n : i64
      %next:5 = scf.if %has -> (i64, i64, i64, i64, i64) {
        llvm.call @ring_copy(%t, %arena, %rpc, %chunk, %issued) : (!llvm.ptr<1>, !llvm.ptr<1>, i64, i64, i64) -> ()
        %i1 = arith.addi %issued, %k1 : i64
        %c1 = arith.addi %chunk, %k1 : i64
        scf.yield %i1, %step, %task, %c1, %k0 : i64, i64, i64, i64, i64
      } else {
        %t1 = arith.addi %task, %k1 : i64
        %wrap = arith.cmpi eq, %t1, %numTasks : i64
        %nt = arith.select %wrap, %k0, %t1 : i64
        %s1 = arith.addi %step, %k1 : i64
        %ns = arith.select %wrap, %s1, %step : i64
        %i1 = arith.addi %idle, %k1 : i64
        scf.yield %issued, %ns, %nt, %k0, %i1 : i64, i64, i64, i64, i64
      }
      scf.yield %next#0, %next#1, %next#2, %next#3, %next#4 : i64, i64, i64, i64, i64
    }
    llvm.call @ring_set(%k0, %final#0) : (i64, i64) -> ()
    llvm.call @ring_set(%k2, %final#1) : (i64, i64) -> ()
    llvm.call @ring_set(%k3, %final#2) : (i64, i64) -> ()
    llvm.call @ring_set(%k4, %final#3) : (i64, i64) -> ()
    %none = arith.cmpi ugt, %final#4, %numTasks : i64
    scf.if %none {
      llvm.call @ring_set(%k2, %steps) : (i64, i64) -> ()
    }
  }
  llvm.return
}

// Thread 0, before the CTA leaves on a fault: waits (bounded) for the ring
// copies still in flight, so none lands in shared memory after the CTA is
// gone, and turns the producer off.
llvm.func internal @ring_drain() {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %k5 = arith.constant 5 : i64
  %k11 = arith.constant 11 : i64
  %stagesOn = llvm.call @ring_get(%k5) : (i64) -> i64
  %on = arith.cmpi ne, %stagesOn, %k0 : i64
  scf.if %on {
    %issued = llvm.call @ring_get(%k0) : (i64) -> i64
    %consumed = llvm.call @ring_get(%k1) : (i64) -> i64
    %bound = llvm.call @ring_get(%k11) : (i64) -> i64
    %stages = arith.constant ${RING_STAGES} : i64
    scf.for %c = %consumed to %issued step %k1 : i64 {
      %s = arith.remui %c, %stages : i64
      %use = arith.divui %c, %stages : i64
      %phase64 = arith.andi %use, %k1 : i64
      %phase = arith.trunci %phase64 : i64 to i32
      %bar = llvm.call @ring_barrier(%s) : (i64) -> !llvm.ptr<3>
      %done = llvm.call @ring_wait(%bar, %phase, %bound) : (!llvm.ptr<3>, i32, i64) -> i1
    }
    llvm.call @ring_set(%k5, %k0) : (i64, i64) -> ()
  }
  llvm.return
}

// Leaves the kernel (every thread of the CTA calls it together), thread 0
// first draining the weight ring.
llvm.func internal @leave(%isFirst: i1) {
  scf.if %isFirst {
    llvm.call @ring_drain() : () -> ()
  }
  llvm.inline_asm has_side_effects "exit;", "" : () -> ()
  llvm.return
}

// %globaltimer, in ns.
llvm.func internal @now() -> i64 attributes {always_inline} {
  %t = llvm.inline_asm has_side_effects "mov.u64 $0, %globaltimer;", "=l" : () -> i64
  llvm.return %t : i64
}

// Thread 0's stamps of the current task while tracing (in shared memory,
// not registers: they live across the body's call).
llvm.mlir.global internal @trace_stamps() {addr_space = 3 : i32, alignment = 8 : i64} : !llvm.array<3 x i64>

// The launch's trace address (slot 2 of @trace_stamps, set by thread 0 at
// the start; 0: no trace), from shared memory rather than a register.
llvm.func internal @trace_address() -> i64 attributes {always_inline} {
  %s = llvm.mlir.addressof @trace_stamps : !llvm.ptr<3>
  %p = llvm.getelementptr %s[2] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i64
  %v = llvm.load %p : !llvm.ptr<3> -> i64
  llvm.return %v : i64
}

llvm.func internal @stamp(%slot: i64) attributes {always_inline} {
  %t = llvm.call @now() : () -> i64
  %s = llvm.mlir.addressof @trace_stamps : !llvm.ptr<3>
  %p = llvm.getelementptr %s[%slot] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i64
  llvm.store %t, %p : i64, !llvm.ptr<3>
  llvm.return
}

// Thread 0, when the launch traces: the task's record (tilec_task_trace).
llvm.func internal @trace_task(%trace: i64, %index: i64) attributes {always_inline} {
  %stamps = llvm.mlir.addressof @trace_stamps : !llvm.ptr<3>
  %readyAt = llvm.getelementptr %stamps[1] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i64
  %begin = llvm.load %stamps : !llvm.ptr<3> -> i64
  %ready = llvm.load %readyAt : !llvm.ptr<3> -> i64
  %end = llvm.call @now() : () -> i64
  %size = arith.constant ${TRACE_BYTES} : i64
  %o = arith.muli %index, %size : i64
  %a = arith.addi %trace, %o : i64
  %p = llvm.inttoptr %a : i64 to !llvm.ptr<1>
  %p1 = llvm.getelementptr %p[1] : (!llvm.ptr<1>) -> !llvm.ptr<1>, i64
  %p2 = llvm.getelementptr %p[2] : (!llvm.ptr<1>) -> !llvm.ptr<1>, i64
  llvm.store %begin, %p : i64, !llvm.ptr<1>
  llvm.store %ready, %p1 : i64, !llvm.ptr<1>
  llvm.store %end, %p2 : i64, !llvm.ptr<1>
  llvm.return
}

// Runs the body of one task by kind; returns a fault code.
llvm.func internal @run_task(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %tid: i32, %pos: i32) -> i32 {
  %c0 = arith.constant 0 : i64
  %kind = llvm.call @u32(%t, %c0) : (!llvm.ptr<1>, i64) -> i32
  %index = arith.index_cast %kind : i32 to index
  %true = arith.constant true
  %false = arith.constant false
  %code = scf.index_switch %index -> i32
  case ${KIND_NOP} {
    %ok = arith.constant 0 : i32
    scf.yield %ok : i32
  }
  case ${KIND_EMBED} {
    %r = llvm.call @body_embed(%t, %arena, %tid) : (!llvm.ptr<1>, !llvm.ptr<1>, i32) -> i32
    scf.yield %r : i32
  }
  case ${KIND_RMSNORM} {
    %r = llvm.call @body_rmsnorm(%t, %arena, %tid) : (!llvm.ptr<1>, !llvm.ptr<1>, i32) -> i32
    scf.yield %r : i32
  }
  case ${KIND_MATVEC} {
    %r = llvm.call @body_matvec(%t, %arena, %tid) : (!llvm.ptr<1>, !llvm.ptr<1>, i32) -> i32
    scf.yield %r : i32
  }
  case ${KIND_MATVEC_SWIGLU} {
    %r = llvm.call @body_matvec_swiglu(%t, %arena, %tid) : (!llvm.ptr<1>, !llvm.ptr<1>, i32) -> i32
    scf.yield %r : i32
  }
  case ${KIND_ROPE} {
    %r = llvm.call @body_rope(%t, %arena, %tid, %pos) : (!llvm.ptr<1>, !llvm.ptr<1>, i32, i32) -> i32
    scf.yield %r : i32
  }
  case ${KIND_KV_STORE} {
    %r = llvm.call @body_kv_store(%t, %arena, %tid, %pos) : (!llvm.ptr<1>, !llvm.ptr<1>, i32, i32) -> i32
    scf.yield %r : i32
  }
  case ${KIND_ATTN_PARTIAL} {
    %r = llvm.call @body_attn_partial(%t, %arena, %tid, %pos) : (!llvm.ptr<1>, !llvm.ptr<1>, i32, i32) -> i32
    scf.yield %r : i32
  }
  case ${KIND_ATTN_COMBINE} {
    %r = llvm.call @body_attn_combine(%t, %arena, %tid) : (!llvm.ptr<1>, !llvm.ptr<1>, i32) -> i32
    scf.yield %r : i32
  }
  case ${KIND_ADD} {
    %r = llvm.call @body_ewise(%t, %arena, %tid, %false) : (!llvm.ptr<1>, !llvm.ptr<1>, i32, i1) -> i32
    scf.yield %r : i32
  }
  case ${KIND_SILU_MUL} {
    %r = llvm.call @body_ewise(%t, %arena, %tid, %true) : (!llvm.ptr<1>, !llvm.ptr<1>, i32, i1) -> i32
    scf.yield %r : i32
  }
  case ${KIND_ARGMAX} {
    %r = llvm.call @body_argmax(%t, %arena, %tid) : (!llvm.ptr<1>, !llvm.ptr<1>, i32) -> i32
    scf.yield %r : i32
  }
  default {
    // A kind this kernel does not know (a newer table).
    %c = arith.constant ${FAULT_UNSUPPORTED} : i32
    scf.yield %c : i32
  }
  llvm.return %code : i32
}

// Thread 0 says, after a barrier, whether the CTA must leave; every thread
// sees the same answer through shared memory, so barriers stay matched.
llvm.func internal @cta_agree(%flag: i1, %tid: i32) -> i1 attributes {always_inline} {
  %c0 = arith.constant 0 : i32
  %smem = llvm.mlir.addressof @abort_flag : !llvm.ptr<3>
  %isFirst = arith.cmpi eq, %tid, %c0 : i32
  scf.if %isFirst {
    %v = arith.extui %flag : i1 to i32
    llvm.store %v, %smem : i32, !llvm.ptr<3>
  }
  llvm.call @cta_barrier() : () -> ()
  %v = llvm.load %smem : !llvm.ptr<3> -> i32
  %r = arith.cmpi ne, %v, %c0 : i32
  llvm.call @cta_barrier() : () -> ()
  llvm.return %r : i1
}

// Two CTAs fit an SM (minctasm = 2 keeps registers at 128 or fewer), so a
// program may run two workers per SM.
llvm.func @${KERNEL_NAME}(%table: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %counters: !llvm.ptr<1>, %control: !llvm.ptr<1>, %fault: !llvm.ptr<1>, %program: i32, %firstEpoch: i32, %steps: i32, %bound: i64) attributes {nvvm.kernel, nvvm.maxntid = array<i32: ${THREADS}>, nvvm.minctasm = 2 : i32} {
  %tid = nvvm.read.ptx.sreg.tid.x : i32
  %worker = nvvm.read.ptx.sreg.ctaid.x : i32
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %z64 = arith.constant 0 : i64
  %one64 = arith.constant 1 : i64
  %seven = arith.constant 7 : i64
  %notSeven = arith.constant -8 : i64
  %isFirst = arith.cmpi eq, %tid, %c0 : i32

  // Section offsets, as tilec_table_layout_of computes them.
  %oPrograms = arith.constant ${HEADER_BYTES} : i64
  %npOff = arith.constant ${HDR_NUM_PROGRAMS} : i64
  %nwOff = arith.constant ${HDR_NUM_WORKERS} : i64
  %ntOff = arith.constant ${HDR_NUM_TASKS} : i64
  %neOff = arith.constant ${HDR_NUM_EVENTS} : i64
  %nwaitOff = arith.constant ${HDR_NUM_WAITS} : i64
  %np32 = llvm.call @u32(%table, %npOff) : (!llvm.ptr<1>, i64) -> i32
  %nw32 = llvm.call @u32(%table, %nwOff) : (!llvm.ptr<1>, i64) -> i32
  %nt32 = llvm.call @u32(%table, %ntOff) : (!llvm.ptr<1>, i64) -> i32
  %ne32 = llvm.call @u32(%table, %neOff) : (!llvm.ptr<1>, i64) -> i32
  %nwait32 = llvm.call @u32(%table, %nwaitOff) : (!llvm.ptr<1>, i64) -> i32
  %np = arith.extui %np32 : i32 to i64
  %nw = arith.extui %nw32 : i32 to i64
  %nt = arith.extui %nt32 : i32 to i64
  %ne = arith.extui %ne32 : i32 to i64
  %nwait = arith.extui %nwait32 : i32 to i64
  %sProgram = arith.constant ${PROGRAM_BYTES} : i64
  %sWorker = arith.constant ${WORKER_BYTES} : i64
  %sTask = arith.constant ${TASK_BYTES} : i64
  %sEvent = arith.constant ${EVENT_BYTES} : i64
  %four = arith.constant 4 : i64
  %a1 = arith.muli %np, %sProgram : i64
  %e1 = arith.addi %oPrograms, %a1 : i64
  %e1r = arith.addi %e1, %seven : i64
  %oWorkers = arith.andi %e1r, %notSeven : i64
  %a2 = arith.muli %nw, %sWorker : i64
  %e2 = arith.addi %oWorkers, %a2 : i64
  %e2r = arith.addi %e2, %seven : i64
  %oTasks = arith.andi %e2r, %notSeven : i64
  %a3 = arith.muli %nt, %sTask : i64
  %e3 = arith.addi %oTasks, %a3 : i64
  %e3r = arith.addi %e3, %seven : i64
  %oEvents = arith.andi %e3r, %notSeven : i64
  %a4 = arith.muli %ne, %sEvent : i64
  %e4 = arith.addi %oEvents, %a4 : i64
  %e4r = arith.addi %e4, %seven : i64
  %oWaits = arith.andi %e4r, %notSeven : i64
  %a5 = arith.muli %nwait, %four : i64
  %e5 = arith.addi %oWaits, %a5 : i64
  %e5r = arith.addi %e5, %seven : i64
  %oSignals = arith.andi %e5r, %notSeven : i64

  // This worker's program and task range.
  %program64 = arith.extui %program : i32 to i64
  %pb = arith.muli %program64, %sProgram : i64
  %progOff = arith.addi %oPrograms, %pb : i64
  %fwOff = arith.constant ${PROGRAM_FIRST_WORKER} : i64
  %pnwOff = arith.constant ${PROGRAM_NUM_WORKERS} : i64
  %pfw = arith.addi %progOff, %fwOff : i64
  %pnw = arith.addi %progOff, %pnwOff : i64
  %firstWorker = llvm.call @u32(%table, %pfw) : (!llvm.ptr<1>, i64) -> i32
  %numWorkers = llvm.call @u32(%table, %pnw) : (!llvm.ptr<1>, i64) -> i32
  %gw = arith.addi %firstWorker, %worker : i32
  %gw64 = arith.extui %gw : i32 to i64
  %wb = arith.muli %gw64, %sWorker : i64
  %wOff = arith.addi %oWorkers, %wb : i64
  %ftOff = arith.constant ${WORKER_FIRST_TASK} : i64
  %ntkOff = arith.constant ${WORKER_NUM_TASKS} : i64
  %wft = arith.addi %wOff, %ftOff : i64
  %wnt = arith.addi %wOff, %ntkOff : i64
  %firstTask = llvm.call @u32(%table, %wft) : (!llvm.ptr<1>, i64) -> i32
  %numTasks = llvm.call @u32(%table, %wnt) : (!llvm.ptr<1>, i64) -> i32
  %posOff = arith.constant ${CONTROL_POSITION} : i64
  %basePos = llvm.call @u32(%control, %posOff) : (!llvm.ptr<1>, i64) -> i32

  // The weight ring: on if the launch asks (control) and the chip has bulk
  // copies; thread 0 sets up the mbarriers and the producer's state.
  %ringOff = arith.constant ${CONTROL_WEIGHT_RING} : i64
  %ringWord = llvm.call @u32(%control, %ringOff) : (!llvm.ptr<1>, i64) -> i32
  %ringOkC = arith.constant ${RING_OK} : i32
  %ringAsked = arith.cmpi ne, %ringWord, %c0 : i32
  %ringChip = arith.cmpi ne, %ringOkC, %c0 : i32
  %hasTasks = arith.cmpi ne, %numTasks, %c0 : i32
  %ring1 = arith.andi %ringAsked, %ringChip : i1
  %ringOn = arith.andi %ring1, %hasTasks : i1
  scf.if %isFirst {
    %r0 = arith.constant 0 : i64
    %r5 = arith.constant 5 : i64
    %ringStages = arith.constant ${RING_STAGES} : i64
    %stagesVal = arith.select %ringOn, %ringStages, %r0 : i64
    llvm.call @ring_set(%r5, %stagesVal) : (i64, i64) -> ()
    scf.if %ringOn {
      %r1 = arith.constant 1 : i64
      scf.for %st = %r0 to %ringStages step %r1 : i64 {
        %bar = llvm.call @ring_barrier(%st) : (i64) -> !llvm.ptr<3>
        llvm.inline_asm has_side_effects "mbarrier.init.shared::cta.b64 [$0], 1;", "l,~{memory}" %bar : (!llvm.ptr<3>) -> ()
      }
      // The mbarriers are complete_tx targets of the bulk-copy (async) proxy.
      llvm.inline_asm has_side_effects "fence.mbarrier_init.release.cluster;", "~{memory}" : () -> ()
      llvm.inline_asm has_side_effects "fence.proxy.async.shared::cta;", "~{memory}" : () -> ()
      llvm.call @ring_set(%r0, %r0) : (i64, i64) -> ()
      llvm.call @ring_set(%r1, %r0) : (i64, i64) -> ()
      %r2 = arith.constant 2 : i64
      %r3 = arith.constant 3 : i64
      %r4 = arith.constant 4 : i64
      %r6 = arith.constant 6 : i64
      %r7 = arith.constant 7 : i64
      %r8 = arith.constant 8 : i64
      %r9 = arith.constant 9 : i64
      %r10 = arith.constant 10 : i64
      %r11 = arith.constant 11 : i64
      llvm.call @ring_set(%r2, %r0) : (i64, i64) -> ()
      llvm.call @ring_set(%r3, %r0) : (i64, i64) -> ()
      llvm.call @ring_set(%r4, %r0) : (i64, i64) -> ()
      %ft64 = arith.extui %firstTask : i32 to i64
      %nt64 = arith.extui %numTasks : i32 to i64
      %st64 = arith.extui %steps : i32 to i64
      %tableInt = llvm.ptrtoint %table : !llvm.ptr<1> to i64
      llvm.call @ring_set(%r6, %ft64) : (i64, i64) -> ()
      llvm.call @ring_set(%r7, %nt64) : (i64, i64) -> ()
      llvm.call @ring_set(%r8, %st64) : (i64, i64) -> ()
      llvm.call @ring_set(%r9, %tableInt) : (i64, i64) -> ()
      llvm.call @ring_set(%r10, %oTasks) : (i64, i64) -> ()
      llvm.call @ring_set(%r11, %bound) : (i64, i64) -> ()
    }
  }
  llvm.call @cta_barrier() : () -> ()

  // Tracing: thread 0 stamps each task (tilec_task_trace) if the launch
  // asks. Thread 0 keeps the address in shared memory and reads it where it
  // is used (a register held across the whole walk would spill).
  %traceOff = arith.constant ${CONTROL_TRACE} : i64
  %zeroTrace = arith.constant 0 : i64
  scf.if %isFirst {
    %traceAddress = llvm.call @u64(%control, %traceOff) : (!llvm.ptr<1>, i64) -> i64
    %stampsBase = llvm.mlir.addressof @trace_stamps : !llvm.ptr<3>
    %traceSlot = llvm.getelementptr %stampsBase[2] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i64
    llvm.store %traceAddress, %traceSlot : i64, !llvm.ptr<3>
  }

  %true_k = arith.constant true
  %stepCounter = llvm.getelementptr %counters[%ne] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i32
  %false = arith.constant false
  scf.for %s = %c0 to %steps step %c1 : i32 {
    %epoch = arith.addi %firstEpoch, %s : i32
    %pos = arith.addi %basePos, %s : i32
    scf.for %i = %c0 to %numTasks step %c1 : i32 {
      %taskIndex = arith.addi %firstTask, %i : i32
      %ti64 = arith.extui %taskIndex : i32 to i64
      %tb = arith.muli %ti64, %sTask : i64
      %tOff = arith.addi %oTasks, %tb : i64
      %t = llvm.getelementptr %table[%tOff] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8

      %traceAtBegin = scf.if %isFirst -> i64 {
        %a = llvm.call @trace_address() : () -> i64
        scf.yield %a : i64
      } else {
        scf.yield %zeroTrace : i64
      }
      %tracesHere = arith.cmpi ne, %traceAtBegin, %zeroTrace : i64
      %tracing = arith.andi %tracesHere, %isFirst : i1
      scf.if %tracing {
        %slot0 = arith.constant 0 : i64
        llvm.call @stamp(%slot0) : (i64) -> ()
      }
      // Weights first, then the waits: thread 0 spins; a timeout is a fault.
      // The prefetch covers this task and the first 64 KiB of each weight of
      // the next one (the next step's first task after the last), so HBM
      // keeps streaming while this task waits and computes.
      %stuck = scf.if %isFirst -> i1 {
        // Ring chunks first (this task's, and ahead while stages are free),
        // unless a worker has faulted and everyone is about to leave.
        %gonePre = llvm.call @faulted(%fault) : (!llvm.ptr<1>) -> i1
        %notGone = arith.xori %gonePre, %true_k : i1
        %issueNow = arith.andi %ringOn, %notGone : i1
        scf.if %issueNow {
          llvm.call @ring_issue(%arena) : (!llvm.ptr<1>) -> ()
        }
        %all = arith.constant -1 : i64 // no cap (unsigned)
        %ahead = arith.constant 65536 : i64
        llvm.call @prefetch_task(%t, %arena, %all) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> ()
        %i1 = arith.addi %i, %c1 : i32
        %more = arith.cmpi ult, %i1, %numTasks : i32
        %nextI = arith.select %more, %i1, %c0 : i32
        %nextIndex = arith.addi %firstTask, %nextI : i32
        %ni64 = arith.extui %nextIndex : i32 to i64
        %nb = arith.muli %ni64, %sTask : i64
        %nOff = arith.addi %oTasks, %nb : i64
        %tNext = llvm.getelementptr %table[%nOff] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
        llvm.call @prefetch_task(%tNext, %arena, %ahead) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> ()
        %fwo = arith.constant ${TASK_FIRST_WAIT} : i64
        %nwo = arith.constant ${TASK_NUM_WAITS} : i64
        %fw = llvm.call @u32(%t, %fwo) : (!llvm.ptr<1>, i64) -> i32
        %nwt = llvm.call @u32(%t, %nwo) : (!llvm.ptr<1>, i64) -> i32
        %end = arith.addi %fw, %nwt : i32
        %gone0 = llvm.call @faulted(%fault) : (!llvm.ptr<1>) -> i1
        %bad = scf.for %w = %fw to %end step %c1 iter_args(%failed = %gone0) -> (i1) : i32 {
          %r = scf.if %failed -> i1 {
            scf.yield %failed : i1
          } else {
            %w64 = arith.extui %w : i32 to i64
            %wo = arith.muli %w64, %four : i64
            %wOff2 = arith.addi %oWaits, %wo : i64
            %e = llvm.call @u32(%table, %wOff2) : (!llvm.ptr<1>, i64) -> i32
            %e64 = arith.extui %e : i32 to i64
            %eb = arith.muli %e64, %sEvent : i64
            %eOff = arith.addi %oEvents, %eb : i64
            %tgo = arith.constant ${EVENT_TARGET} : i64
            %sco = arith.constant ${EVENT_SCOPE} : i64
            %tgOff = arith.addi %eOff, %tgo : i64
            %scOff = arith.addi %eOff, %sco : i64
            %tg = llvm.call @u32(%table, %tgOff) : (!llvm.ptr<1>, i64) -> i32
            %sc = llvm.call @u32(%table, %scOff) : (!llvm.ptr<1>, i64) -> i32
            %target = arith.muli %tg, %epoch : i32
            %sysScope = arith.constant ${SCOPE_SYS} : i32
            %sys = arith.cmpi eq, %sc, %sysScope : i32
            %counter = llvm.getelementptr %counters[%e64] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i32
            %res = llvm.call @wait_counter(%counter, %target, %sys, %bound, %fault) : (!llvm.ptr<1>, i32, i1, i64, !llvm.ptr<1>) -> !llvm.struct<(i32, i1)>
            %seen = llvm.extractvalue %res[0] : !llvm.struct<(i32, i1)>
            %ok = llvm.extractvalue %res[1] : !llvm.struct<(i32, i1)>
            %timedOut = arith.xori %ok, %true_k : i1
            scf.if %timedOut {
              %code = arith.constant ${FAULT_WAIT_TIMEOUT} : i32
              %seen64 = arith.extui %seen : i32 to i64
              llvm.call @record_fault(%fault, %code, %program, %worker, %taskIndex, %e, %epoch, %seen64) : (!llvm.ptr<1>, i32, i32, i32, i32, i32, i32, i64) -> ()
            }
            scf.yield %timedOut : i1
          }
          scf.yield %r : i1
        }
        scf.yield %bad : i1
      } else {
        scf.yield %false : i1
      }
      scf.if %tracing {
        %slot1 = arith.constant 1 : i64
        llvm.call @stamp(%slot1) : (i64) -> ()
      }
      %leave = llvm.call @cta_agree(%stuck, %tid) : (i1, i32) -> i1
      scf.if %leave {
        llvm.call @leave(%isFirst) : (i1) -> ()
      }

      %code = llvm.call @run_task(%t, %arena, %tid, %pos) : (!llvm.ptr<1>, !llvm.ptr<1>, i32, i32) -> i32
      llvm.call @cta_barrier() : () -> ()
      %failedTask = arith.cmpi ne, %code, %c0 : i32
      %report = arith.andi %failedTask, %isFirst : i1
      scf.if %report {
        %noEvent = arith.constant -1 : i32
        // The faulting body left the bad token id or position here.
        %slot = llvm.mlir.addressof @fault_value : !llvm.ptr<3>
        %value = llvm.load %slot : !llvm.ptr<3> -> i64
        llvm.call @record_fault(%fault, %code, %program, %worker, %taskIndex, %noEvent, %epoch, %value) : (!llvm.ptr<1>, i32, i32, i32, i32, i32, i32, i64) -> ()
      }
      %leave2 = llvm.call @cta_agree(%failedTask, %tid) : (i1, i32) -> i1
      scf.if %leave2 {
        llvm.call @leave(%isFirst) : (i1) -> ()
      }

      %traceAtEnd = scf.if %isFirst -> i64 {
        %a = llvm.call @trace_address() : () -> i64
        scf.yield %a : i64
      } else {
        scf.yield %zeroTrace : i64
      }
      %tracedHere = arith.cmpi ne, %traceAtEnd, %zeroTrace : i64
      %traced = arith.andi %tracedHere, %isFirst : i1
      scf.if %traced {
        // Re-read, not held across the walk (register pressure).
        %ntAgain32 = llvm.call @u32(%table, %ntOff) : (!llvm.ptr<1>, i64) -> i32
        %ntAgain = arith.extui %ntAgain32 : i32 to i64
        %s64 = arith.extui %s : i32 to i64
        %ti = arith.extui %taskIndex : i32 to i64
        %row = arith.muli %s64, %ntAgain : i64
        %index = arith.addi %row, %ti : i64
        llvm.call @trace_task(%traceAtEnd, %index) : (i64, i64) -> ()
      }
      // Signals: release, after every thread's writes (the barrier above).
      scf.if %isFirst {
        %fso = arith.constant ${TASK_FIRST_SIGNAL} : i64
        %nso = arith.constant ${TASK_NUM_SIGNALS} : i64
        %fs = llvm.call @u32(%t, %fso) : (!llvm.ptr<1>, i64) -> i32
        %ns = llvm.call @u32(%t, %nso) : (!llvm.ptr<1>, i64) -> i32
        %send = arith.addi %fs, %ns : i32
        scf.for %g = %fs to %send step %c1 : i32 {
          %g64 = arith.extui %g : i32 to i64
          %go = arith.muli %g64, %four : i64
          %gOff = arith.addi %oSignals, %go : i64
          %e = llvm.call @u32(%table, %gOff) : (!llvm.ptr<1>, i64) -> i32
          %e64 = arith.extui %e : i32 to i64
          %eb = arith.muli %e64, %sEvent : i64
          %eOff = arith.addi %oEvents, %eb : i64
          %sco = arith.constant ${EVENT_SCOPE} : i64
          %scOff = arith.addi %eOff, %sco : i64
          %sc = llvm.call @u32(%table, %scOff) : (!llvm.ptr<1>, i64) -> i32
          %sysScope = arith.constant ${SCOPE_SYS} : i32
          %sys = arith.cmpi eq, %sc, %sysScope : i32
          %counter = llvm.getelementptr %counters[%e64] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i32
          llvm.call @signal_counter(%counter, %sys) : (!llvm.ptr<1>, i1) -> ()
        }
      }
    }

    // Grid barrier between steps on the step counter.
    %stuckStep = scf.if %isFirst -> i1 {
      %false2 = arith.constant false
      llvm.call @signal_counter(%stepCounter, %false2) : (!llvm.ptr<1>, i1) -> ()
      %target = arith.muli %numWorkers, %epoch : i32
      // Four times the bound: when one worker is stuck in a task's wait,
      // that wait, not the others' barrier, is the fault reported.
      %four64 = arith.constant 4 : i64
      %barrierBound = arith.muli %bound, %four64 : i64
      %res = llvm.call @wait_counter(%stepCounter, %target, %false2, %barrierBound, %fault) : (!llvm.ptr<1>, i32, i1, i64, !llvm.ptr<1>) -> !llvm.struct<(i32, i1)>
      %seen = llvm.extractvalue %res[0] : !llvm.struct<(i32, i1)>
      %ok = llvm.extractvalue %res[1] : !llvm.struct<(i32, i1)>
      %timedOut = arith.xori %ok, %true_k : i1
      scf.if %timedOut {
        %code = arith.constant ${FAULT_WAIT_TIMEOUT} : i32
        %seen64 = arith.extui %seen : i32 to i64
        %noTask = arith.constant -1 : i32
        llvm.call @record_fault(%fault, %code, %program, %worker, %noTask, %ne32, %epoch, %seen64) : (!llvm.ptr<1>, i32, i32, i32, i32, i32, i32, i64) -> ()
      }
      scf.yield %timedOut : i1
    } else {
      scf.yield %false : i1
    }
    %leave3 = llvm.call @cta_agree(%stuckStep, %tid) : (i1, i32) -> i1
    scf.if %leave3 {
      llvm.call @leave(%isFirst) : (i1) -> ()
    }
  }
  llvm.return
}
