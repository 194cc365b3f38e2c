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
  %nsMax = arith.constant 256 : i32
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
    // Back off from 32 ns to 256 ns per spin (kernel_abi.h: the bound
    // counts spins, about 2000 per millisecond once backed off). A signal
    // is seen on average half a spin late, on every dependency edge: the
    // cap was 1 us (a spin of ~1.3 us with the poll itself).
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

// Adds 1 to a counter with release semantics: tile.signal, which
// convert-tile-to-nvvm lowers to inline PTX (`red.release.<scope>`), since
// LLVM 22's NVPTX backend drops the ordering of atomicrmw (TOOLCHAIN.md). A
// run-time event is {counter, count}; a signal reads only the counter.
llvm.func internal @signal_counter(%counter: !llvm.ptr<1>, %sys: i1) {
  %none = arith.constant 0 : i32
  %e0 = llvm.mlir.poison : !llvm.struct<(ptr<1>, i32)>
  %e1 = llvm.insertvalue %counter, %e0[0] : !llvm.struct<(ptr<1>, i32)>
  %e2 = llvm.insertvalue %none, %e1[1] : !llvm.struct<(ptr<1>, i32)>
  %event = builtin.unrealized_conversion_cast %e2 : !llvm.struct<(ptr<1>, i32)> to !tile.event
  scf.if %sys {
    tile.signal %event ordering(release) scope(sys)
  } else {
    tile.signal %event ordering(release) scope(gpu)
  }
  llvm.return
}

// Bytes of one element of dtype code d (F32/I32 4, BF16/F16 2, I8 1).
llvm.func internal @dtype_bytes(%d: i32) -> i64 attributes {always_inline} {
  %four = arith.constant 4 : i64
  %two = arith.constant 2 : i64
  %one = arith.constant 1 : i64
  %isF32.code = arith.constant ${DTYPE_F32} : i32
  %isF32 = arith.cmpi eq, %d, %isF32.code : i32
  %isI32.code = arith.constant ${DTYPE_I32} : i32
  %isI32 = arith.cmpi eq, %d, %isI32.code : i32
  %isI8.code = arith.constant ${DTYPE_I8} : i32
  %isI8 = arith.cmpi eq, %d, %isI8.code : i32
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
  %w = llvm.call @operand(%t, %arena, %k) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %d = llvm.call @dtype(%t, %k) : (!llvm.ptr<1>, i64) -> i32
  %elt = llvm.call @dtype_bytes(%d) : (i32) -> i64
  %MATVEC_IP_K = arith.constant ${MATVEC_IP_K} : i64
  %cols = llvm.call @ip(%t, %MATVEC_IP_K) : (!llvm.ptr<1>, i64) -> i64
  %MATVEC_IP_r0 = arith.constant ${MATVEC_IP_r0} : i64
  %r0 = llvm.call @ip(%t, %MATVEC_IP_r0) : (!llvm.ptr<1>, i64) -> i64
  %MATVEC_IP_r1 = arith.constant ${MATVEC_IP_r1} : i64
  %r1 = llvm.call @ip(%t, %MATVEC_IP_r1) : (!llvm.ptr<1>, i64) -> i64
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
llvm.func internal @prefetch_task(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %cap: i64) attributes {passthrough = ["noinline"]} {
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

// Leaves the kernel (every thread of the CTA calls it together), thread 0
// first draining the weight ring.
llvm.func internal @leave(%isFirst: i1) {
  scf.if %isFirst {
    llvm.call @ring_drain() : () -> ()
  }
  llvm.inline_asm has_side_effects "exit;", "" : () -> ()
  llvm.return
}

// @run_task (the dispatch to this artifact's task bodies) is generated by
// PersistentKernel.cpp.

// Thread 0's flag, in every thread, from one barrier: barrier.cta.red.or.pred
// (the CUDA __syncthreads_or) over a predicate only thread 0 may set. Like
// barrier.sync it orders every thread's earlier memory accesses before the
// others' later ones, so it also serves as the barrier after a task body;
// not .aligned, for the reason @cta_barrier gives.
llvm.func internal @cta_agree(%flag: i1, %tid: i32) -> i1 attributes {always_inline} {
  %c0 = arith.constant 0 : i32
  %isFirst = arith.cmpi eq, %tid, %c0 : i32
  %mine = arith.andi %isFirst, %flag : i1
  %mine32 = arith.extui %mine : i1 to i32
  %any32 = llvm.inline_asm has_side_effects "{ .reg .pred p, q; setp.ne.u32 q, $1, 0; barrier.cta.red.or.pred p, 0, q; selp.u32 $0, 1, 0, p; }", "=r,r,~{memory}" %mine32 : (i32) -> i32
  %r = arith.cmpi ne, %any32, %c0 : i32
  llvm.return %r : i1
}

// A u32 field (byte offset `field` in tilec_event) of event e, the table's
// event section starting at oEvents.
llvm.func internal @event_u32(%table: !llvm.ptr<1>, %oEvents: i64, %e: i32, %field: i64) -> i32 attributes {always_inline} {
  %size = arith.constant ${EVENT_BYTES} : i64
  %e64 = arith.extui %e : i32 to i64
  %eb = arith.muli %e64, %size : i64
  %at = arith.addi %oEvents, %eb : i64
  %off = arith.addi %at, %field : i64
  %v = llvm.call @u32(%table, %off) : (!llvm.ptr<1>, i64) -> i32
  llvm.return %v : i32
}

// Thread 0's section offsets of the table (events, waits, signals), kept
// in shared memory rather than registers: the walker runs at the edge of
// its 128 registers, and these are needed only around the waits and
// signals; [3] is the launch's peer table (every program's arena base), which
// the send body reads; [4] this CTA's arena and [5] its program and worker
// (program | worker << 32), computed at the start and re-read where used
// (@cta_arena, @cta_program, @cta_worker): held in registers across the walk
// they made it spill.
llvm.mlir.global internal @walk_offsets() {addr_space = 3 : i32, alignment = 8 : i64} : !llvm.array<6 x i64>

// A volatile read, so that LLVM does not hoist it out of the walk's loops
// into a register.
llvm.func internal @walk_slot(%k: i64) -> i64 attributes {always_inline} {
  %s = llvm.mlir.addressof @walk_offsets : !llvm.ptr<3>
  %p = llvm.getelementptr %s[%k] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i64
  %v = llvm.load volatile %p : !llvm.ptr<3> -> i64
  llvm.return %v : i64
}

llvm.func internal @cta_arena() -> !llvm.ptr<1> attributes {always_inline} {
  %k = arith.constant 4 : i64
  %v = llvm.call @walk_slot(%k) : (i64) -> i64
  %p = llvm.inttoptr %v : i64 to !llvm.ptr<1>
  llvm.return %p : !llvm.ptr<1>
}

llvm.func internal @cta_program() -> i32 attributes {always_inline} {
  %k = arith.constant 5 : i64
  %v = llvm.call @walk_slot(%k) : (i64) -> i64
  %r = arith.trunci %v : i64 to i32
  llvm.return %r : i32
}

llvm.func internal @cta_worker() -> i32 attributes {always_inline} {
  %k = arith.constant 5 : i64
  %v = llvm.call @walk_slot(%k) : (i64) -> i64
  %c32 = arith.constant 32 : i64
  %h = arith.shrui %v, %c32 : i64
  %r = arith.trunci %h : i64 to i32
  llvm.return %r : i32
}

// Thread 0's look-up of the next task's first wait, made during this task
// (its loads complete while this task waits and runs): [0] the task index
// it is for (all ones: none), [1] the event, [2] its target, [3] its scope.
// A task whose inputs are ready then polls at once instead of first reading
// the table three times in a row.
llvm.mlir.global internal @next_wait() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<4 x i32>

llvm.func internal @next_wait_slot(%k: i64) -> !llvm.ptr<3> attributes {always_inline} {
  %s = llvm.mlir.addressof @next_wait : !llvm.ptr<3>
  %p = llvm.getelementptr %s[0, %k] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, !llvm.array<4 x i32>
  llvm.return %p : !llvm.ptr<3>
}

llvm.func internal @walk_offset(%k: i64) -> i64 attributes {always_inline} {
  %s = llvm.mlir.addressof @walk_offsets : !llvm.ptr<3>
  %p = llvm.getelementptr %s[%k] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i64
  %v = llvm.load %p : !llvm.ptr<3> -> i64
  llvm.return %v : i64
}

// This CTA's program and worker (program | worker << 32) and its arena:
// the launch's program (CTA b is its worker b), or with program all ones,
// every program in one launch: CTA b is the table's worker b, in the
// program whose workers hold it, on that program's arena from the peer
// table. A call of its own: inlined, its loop cost the walker a spill on
// sm_80.
llvm.func internal @cta_placement(%table: !llvm.ptr<1>, %programParam: i32, %arenaParam: !llvm.ptr<1>, %peers: !llvm.ptr<1>, %np32: i32) -> !llvm.struct<(i64, ptr<1>)> attributes {passthrough = ["noinline"]} {
  %c0 = arith.constant 0 : i32
  %c1 = arith.constant 1 : i32
  %cta = nvvm.read.ptx.sreg.ctaid.x : i32
  %oPrograms = arith.constant ${HEADER_BYTES} : i64
  %sProgram = arith.constant ${PROGRAM_BYTES} : i64
  %fwOff = arith.constant ${PROGRAM_FIRST_WORKER} : i64
  %allPrograms = arith.constant -1 : i32
  %isAll = arith.cmpi eq, %programParam, %allPrograms : i32
  %program = scf.if %isAll -> i32 {
    %found = scf.for %q = %c0 to %np32 step %c1 iter_args(%acc = %c0) -> (i32) : i32 {
      %q64 = arith.extui %q : i32 to i64
      %qb = arith.muli %q64, %sProgram : i64
      %qOff = arith.addi %oPrograms, %qb : i64
      %qfw = arith.addi %qOff, %fwOff : i64
      %qFirst = llvm.call @u32(%table, %qfw) : (!llvm.ptr<1>, i64) -> i32
      %holds = arith.cmpi uge, %cta, %qFirst : i32
      %next = arith.select %holds, %q, %acc : i32
      scf.yield %next : i32
    }
    scf.yield %found : i32
  } else {
    scf.yield %programParam : i32
  }
  %program64 = arith.extui %program : i32 to i64
  %pb = arith.muli %program64, %sProgram : i64
  %progOff = arith.addi %oPrograms, %pb : i64
  %pfw = arith.addi %progOff, %fwOff : i64
  %firstWorker = llvm.call @u32(%table, %pfw) : (!llvm.ptr<1>, i64) -> i32
  %worker = scf.if %isAll -> i32 {
    %w = arith.subi %cta, %firstWorker : i32
    scf.yield %w : i32
  } else {
    scf.yield %cta : i32
  }
  %arena = scf.if %isAll -> !llvm.ptr<1> {
    %slot = llvm.getelementptr %peers[%program64] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i64
    %a = llvm.load %slot : !llvm.ptr<1> -> i64
    %p = llvm.inttoptr %a : i64 to !llvm.ptr<1>
    scf.yield %p : !llvm.ptr<1>
  } else {
    scf.yield %arenaParam : !llvm.ptr<1>
  }
  %programW = arith.extui %program : i32 to i64
  %workerW = arith.extui %worker : i32 to i64
  %c32 = arith.constant 32 : i64
  %workerHigh = arith.shli %workerW, %c32 : i64
  %who = arith.ori %programW, %workerHigh : i64
  %r0 = llvm.mlir.undef : !llvm.struct<(i64, ptr<1>)>
  %r1 = llvm.insertvalue %who, %r0[0] : !llvm.struct<(i64, ptr<1>)>
  %r2 = llvm.insertvalue %arena, %r1[1] : !llvm.struct<(i64, ptr<1>)>
  llvm.return %r2 : !llvm.struct<(i64, ptr<1>)>
}

// Two CTAs fit an SM (minctasm = 2 keeps registers at 128 or fewer), so a
// program may run two workers per SM.
llvm.func @${KERNEL_NAME}(%table: !llvm.ptr<1>, %arenaParam: !llvm.ptr<1>, %counters: !llvm.ptr<1>, %control: !llvm.ptr<1>, %fault: !llvm.ptr<1>, %programParam: i32, %firstEpoch: i32, %steps: i32, %bound: i64, %peers: !llvm.ptr<1>) attributes {nvvm.kernel, nvvm.maxntid = array<i32: ${THREADS}>, nvvm.minctasm = 2 : i32} {
  %tid = nvvm.read.ptx.sreg.tid.x : i32
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

  // This CTA's program and worker: the launch's program (CTA b is its
  // worker b), or with program all ones, every program in one launch: CTA
  // b is the table's worker b, in the program whose workers hold it, and
  // runs on that program's arena from the peer table.
  %placed = llvm.call @cta_placement(%table, %programParam, %arenaParam, %peers, %np32) : (!llvm.ptr<1>, i32, !llvm.ptr<1>, !llvm.ptr<1>, i32) -> !llvm.struct<(i64, ptr<1>)>
  %who = llvm.extractvalue %placed[0] : !llvm.struct<(i64, ptr<1>)>
  %arena = llvm.extractvalue %placed[1] : !llvm.struct<(i64, ptr<1>)>
  %program = arith.trunci %who : i64 to i32
  %c32who = arith.constant 32 : i64
  %workerHi = arith.shrui %who, %c32who : i64
  %worker = arith.trunci %workerHi : i64 to i32
  %program64 = arith.extui %program : i32 to i64
  %pb = arith.muli %program64, %sProgram : i64
  %progOff = arith.addi %oPrograms, %pb : i64
  %fwOffK = arith.constant ${PROGRAM_FIRST_WORKER} : i64
  %pfw = arith.addi %progOff, %fwOffK : i64
  %firstWorker = llvm.call @u32(%table, %pfw) : (!llvm.ptr<1>, i64) -> i32
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
  // Tracing: thread 0 stamps each task (tilec_task_trace) if the launch
  // asks. Thread 0 keeps the address (and the table's section offsets) in
  // shared memory and reads them where they are used (registers held across
  // the whole walk would spill); written before the barrier below, because
  // the compiler may hoist the loads to every thread.
  %traceOff = arith.constant ${CONTROL_TRACE} : i64
  %zeroTrace = arith.constant 0 : i64
  scf.if %isFirst {
    %walkBase = llvm.mlir.addressof @walk_offsets : !llvm.ptr<3>
    %walkWaits = llvm.getelementptr %walkBase[1] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i64
    %walkSignals = llvm.getelementptr %walkBase[2] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i64
    %walkPeers = llvm.getelementptr %walkBase[3] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i64
    llvm.store %oEvents, %walkBase : i64, !llvm.ptr<3>
    llvm.store %oWaits, %walkWaits : i64, !llvm.ptr<3>
    llvm.store %oSignals, %walkSignals : i64, !llvm.ptr<3>
    %peersInt = llvm.ptrtoint %peers : !llvm.ptr<1> to i64
    llvm.store %peersInt, %walkPeers : i64, !llvm.ptr<3>
    %walkArena = llvm.getelementptr %walkBase[4] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i64
    %walkWho = llvm.getelementptr %walkBase[5] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i64
    %arenaInt = llvm.ptrtoint %arena : !llvm.ptr<1> to i64
    llvm.store %arenaInt, %walkArena : i64, !llvm.ptr<3>
    llvm.store %who, %walkWho : i64, !llvm.ptr<3>
    %nwNone = arith.constant -1 : i32
    %nwSlot0 = arith.constant 0 : i64
    %nwTaskSlot = llvm.call @next_wait_slot(%nwSlot0) : (i64) -> !llvm.ptr<3>
    llvm.store %nwNone, %nwTaskSlot : i32, !llvm.ptr<3>
    %traceAddress = llvm.call @u64(%control, %traceOff) : (!llvm.ptr<1>, i64) -> i64
    %stampsBase = llvm.mlir.addressof @trace_stamps : !llvm.ptr<3>
    %traceSlot = llvm.getelementptr %stampsBase[2] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i64
    llvm.store %traceAddress, %traceSlot : i64, !llvm.ptr<3>
  }
  llvm.call @cta_barrier() : () -> ()

  %true_k = arith.constant true
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
      %stuck, %firstSignal, %firstSignalSys, %nextTask, %nextEvent, %nextTarget, %nextScope = scf.if %isFirst -> (i1, i32, i1, i32, i32, i32, i32) {
        // Ring chunks first (this task's, and ahead while stages are free),
        // unless a worker has faulted and everyone is about to leave.
        %gonePre = llvm.call @faulted(%fault) : (!llvm.ptr<1>) -> i1
        %notGone = arith.xori %gonePre, %true_k : i1
        %issueNow = arith.andi %ringOn, %notGone : i1
        scf.if %issueNow {
          %arenaR = llvm.call @cta_arena() : () -> !llvm.ptr<1>
          llvm.call @ring_issue(%arenaR) : (!llvm.ptr<1>) -> ()
        }
        %all = arith.constant -1 : i64 // no cap (unsigned)
        %ahead = arith.constant 65536 : i64
        %arenaP = llvm.call @cta_arena() : () -> !llvm.ptr<1>
        llvm.call @prefetch_task(%t, %arenaP, %all) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> ()
        %i1 = arith.addi %i, %c1 : i32
        %more = arith.cmpi ult, %i1, %numTasks : i32
        %nextI = arith.select %more, %i1, %c0 : i32
        %nextIndex = arith.addi %firstTask, %nextI : i32
        %ni64 = arith.extui %nextIndex : i32 to i64
        %nb = arith.muli %ni64, %sTask : i64
        %nOff = arith.addi %oTasks, %nb : i64
        %tNext = llvm.getelementptr %table[%nOff] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i8
        llvm.call @prefetch_task(%tNext, %arenaP, %ahead) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> ()
        %slotEvents = arith.constant 0 : i64
        %slotWaits = arith.constant 1 : i64
        %oEventsW = llvm.call @walk_offset(%slotEvents) : (i64) -> i64
        %oWaitsW = llvm.call @walk_offset(%slotWaits) : (i64) -> i64
        %fwo = arith.constant ${TASK_FIRST_WAIT} : i64
        %nwo = arith.constant ${TASK_NUM_WAITS} : i64
        %fw = llvm.call @u32(%t, %fwo) : (!llvm.ptr<1>, i64) -> i32
        %nwt = llvm.call @u32(%t, %nwo) : (!llvm.ptr<1>, i64) -> i32
        %end = arith.addi %fw, %nwt : i32
        // The first signal's event (all ones if none), looked up now: its
        // load completes while the waits spin, its scope's after them, both
        // during the body, so the release after the body reads nothing
        // first. Event indices are below 2^28 (the table's limit).
        %fsPre = arith.constant ${TASK_FIRST_SIGNAL} : i64
        %nsPre = arith.constant ${TASK_NUM_SIGNALS} : i64
        %fs0 = llvm.call @u32(%t, %fsPre) : (!llvm.ptr<1>, i64) -> i32
        %ns0 = llvm.call @u32(%t, %nsPre) : (!llvm.ptr<1>, i64) -> i32
        // The next task's first wait event (see @next_wait), and what the
        // previous task looked up for this one.
        %fwNextOff = arith.constant ${TASK_FIRST_WAIT} : i64
        %nwNextOff = arith.constant ${TASK_NUM_WAITS} : i64
        %fwNext = llvm.call @u32(%tNext, %fwNextOff) : (!llvm.ptr<1>, i64) -> i32
        %nwNext = llvm.call @u32(%tNext, %nwNextOff) : (!llvm.ptr<1>, i64) -> i32
        %nextWaits = arith.cmpi ne, %nwNext, %c0 : i32
        %eNext = scf.if %nextWaits -> i32 {
          %fwN64 = arith.extui %fwNext : i32 to i64
          %fwNBytes = arith.muli %fwN64, %four : i64
          %atN = arith.addi %oWaitsW, %fwNBytes : i64
          %evN = llvm.call @u32(%table, %atN) : (!llvm.ptr<1>, i64) -> i32
          scf.yield %evN : i32
        } else {
          scf.yield %c0 : i32
        }
        %nwK0 = arith.constant 0 : i64
        %nwK1 = arith.constant 1 : i64
        %nwK2 = arith.constant 2 : i64
        %nwK3 = arith.constant 3 : i64
        %pTask = llvm.call @next_wait_slot(%nwK0) : (i64) -> !llvm.ptr<3>
        %pEvent = llvm.call @next_wait_slot(%nwK1) : (i64) -> !llvm.ptr<3>
        %pTarget = llvm.call @next_wait_slot(%nwK2) : (i64) -> !llvm.ptr<3>
        %pScope = llvm.call @next_wait_slot(%nwK3) : (i64) -> !llvm.ptr<3>
        %preTask = llvm.load %pTask : !llvm.ptr<3> -> i32
        %preFor = arith.cmpi eq, %preTask, %taskIndex : i32
        %signals0 = arith.cmpi ne, %ns0, %c0 : i32
        %noSignal = arith.constant -1 : i32
        %e0 = scf.if %signals0 -> i32 {
          %slotSig = arith.constant 2 : i64
          %oSignalsPre = llvm.call @walk_offset(%slotSig) : (i64) -> i64
          %fs64 = arith.extui %fs0 : i32 to i64
          %fsBytes = arith.muli %fs64, %four : i64
          %at = arith.addi %oSignalsPre, %fsBytes : i64
          %ev = llvm.call @u32(%table, %at) : (!llvm.ptr<1>, i64) -> i32
          scf.yield %ev : i32
        } else {
          scf.yield %noSignal : i32
        }
        %gone0 = llvm.call @faulted(%fault) : (!llvm.ptr<1>) -> i1
        %bad = scf.for %w = %fw to %end step %c1 iter_args(%failed = %gone0) -> (i1) : i32 {
          %r = scf.if %failed -> i1 {
            scf.yield %failed : i1
          } else {
            %isFirstWait = arith.cmpi eq, %w, %fw : i32
            %preloaded = arith.andi %isFirstWait, %preFor : i1
            %e, %tg, %sc = scf.if %preloaded -> (i32, i32, i32) {
              %pe = llvm.load %pEvent : !llvm.ptr<3> -> i32
              %pt = llvm.load %pTarget : !llvm.ptr<3> -> i32
              %ps = llvm.load %pScope : !llvm.ptr<3> -> i32
              scf.yield %pe, %pt, %ps : i32, i32, i32
            } else {
              %w64 = arith.extui %w : i32 to i64
              %wo = arith.muli %w64, %four : i64
              %wOff2 = arith.addi %oWaitsW, %wo : i64
              %le = llvm.call @u32(%table, %wOff2) : (!llvm.ptr<1>, i64) -> i32
              %tgo = arith.constant ${EVENT_TARGET} : i64
              %sco = arith.constant ${EVENT_SCOPE} : i64
              %ltg = llvm.call @event_u32(%table, %oEventsW, %le, %tgo) : (!llvm.ptr<1>, i64, i32, i64) -> i32
              %lsc = llvm.call @event_u32(%table, %oEventsW, %le, %sco) : (!llvm.ptr<1>, i64, i32, i64) -> i32
              scf.yield %le, %ltg, %lsc : i32, i32, i32
            }
            %e64 = arith.extui %e : i32 to i64
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
              %programF = llvm.call @cta_program() : () -> i32
              %workerF = llvm.call @cta_worker() : () -> i32
              llvm.call @record_fault(%fault, %code, %programF, %workerF, %taskIndex, %e, %epoch, %seen64) : (!llvm.ptr<1>, i32, i32, i32, i32, i32, i32, i64) -> ()
            }
            scf.yield %timedOut : i1
          }
          scf.yield %r : i1
        }
        // The next task's first wait: its event's target and scope, loaded
        // now and stored (into @next_wait) after the body, so nothing waits
        // for them here.
        %tgN, %scN = scf.if %nextWaits -> (i32, i32) {
          %tgoN = arith.constant ${EVENT_TARGET} : i64
          %scoN = arith.constant ${EVENT_SCOPE} : i64
          %ltgN = llvm.call @event_u32(%table, %oEventsW, %eNext, %tgoN) : (!llvm.ptr<1>, i64, i32, i64) -> i32
          %lscN = llvm.call @event_u32(%table, %oEventsW, %eNext, %scoN) : (!llvm.ptr<1>, i64, i32, i64) -> i32
          scf.yield %ltgN, %lscN : i32, i32
        } else {
          scf.yield %c0, %c0 : i32, i32
        }
        %noneNext = arith.constant -1 : i32
        %taskNext = arith.select %nextWaits, %nextIndex, %noneNext : i32
        %sys0 = scf.if %signals0 -> i1 {
          %sco0 = arith.constant ${EVENT_SCOPE} : i64
          %sc0 = llvm.call @event_u32(%table, %oEventsW, %e0, %sco0) : (!llvm.ptr<1>, i64, i32, i64) -> i32
          %sysScope0 = arith.constant ${SCOPE_SYS} : i32
          %isSys = arith.cmpi eq, %sc0, %sysScope0 : i32
          scf.yield %isSys : i1
        } else {
          scf.yield %false : i1
        }
        scf.yield %bad, %e0, %sys0, %taskNext, %eNext, %tgN, %scN : i1, i32, i1, i32, i32, i32, i32
      } else {
        %none = arith.constant -1 : i32
        scf.yield %false, %none, %false, %none, %c0, %c0, %c0 : i1, i32, i1, i32, i32, i32, i32
      }
      scf.if %tracing {
        %slot1 = arith.constant 1 : i64
        llvm.call @stamp(%slot1) : (i64) -> ()
      }
      %leave = llvm.call @cta_agree(%stuck, %tid) : (i1, i32) -> i1
      scf.if %leave {
        llvm.call @leave(%isFirst) : (i1) -> ()
      }

      %arenaB = llvm.call @cta_arena() : () -> !llvm.ptr<1>
      %code = llvm.call @run_task(%t, %arenaB, %tid, %pos) : (!llvm.ptr<1>, !llvm.ptr<1>, i32, i32) -> i32
      // One barrier after the body: every thread's writes are done (the
      // signals below release them) and every thread learns whether thread
      // 0's body faulted.
      %failedTask = arith.cmpi ne, %code, %c0 : i32
      %leave2 = llvm.call @cta_agree(%failedTask, %tid) : (i1, i32) -> i1
      %report = arith.andi %failedTask, %isFirst : i1
      scf.if %report {
        %noEvent = arith.constant -1 : i32
        // The faulting body left the bad token id or position here.
        %slot = llvm.mlir.addressof @fault_value : !llvm.ptr<3>
        %value = llvm.load %slot : !llvm.ptr<3> -> i64
        %programF = llvm.call @cta_program() : () -> i32
        %workerF = llvm.call @cta_worker() : () -> i32
        llvm.call @record_fault(%fault, %code, %programF, %workerF, %taskIndex, %noEvent, %epoch, %value) : (!llvm.ptr<1>, i32, i32, i32, i32, i32, i32, i64) -> ()
      }
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
        %slotEventsS = arith.constant 0 : i64
        %slotSignals = arith.constant 2 : i64
        %oEventsS = llvm.call @walk_offset(%slotEventsS) : (i64) -> i64
        %oSignalsS = llvm.call @walk_offset(%slotSignals) : (i64) -> i64
        %fso = arith.constant ${TASK_FIRST_SIGNAL} : i64
        %nso = arith.constant ${TASK_NUM_SIGNALS} : i64
        // The first signal (all ones: the task has none) goes out before
        // anything else is read; the rest, if any, from the table.
        %noneSignal = arith.constant -1 : i32
        %anySignal = arith.cmpi ne, %firstSignal, %noneSignal : i32
        scf.if %anySignal {
          %f64 = arith.extui %firstSignal : i32 to i64
          %fCounter = llvm.getelementptr %counters[%f64] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i32
          llvm.call @signal_counter(%fCounter, %firstSignalSys) : (!llvm.ptr<1>, i1) -> ()
        }
        %nsK0 = arith.constant 0 : i64
        %nsK1 = arith.constant 1 : i64
        %nsK2 = arith.constant 2 : i64
        %nsK3 = arith.constant 3 : i64
        %nwTaskP = llvm.call @next_wait_slot(%nsK0) : (i64) -> !llvm.ptr<3>
        %nwEventP = llvm.call @next_wait_slot(%nsK1) : (i64) -> !llvm.ptr<3>
        %nwTargetP = llvm.call @next_wait_slot(%nsK2) : (i64) -> !llvm.ptr<3>
        %nwScopeP = llvm.call @next_wait_slot(%nsK3) : (i64) -> !llvm.ptr<3>
        llvm.store %nextEvent, %nwEventP : i32, !llvm.ptr<3>
        llvm.store %nextTarget, %nwTargetP : i32, !llvm.ptr<3>
        llvm.store %nextScope, %nwScopeP : i32, !llvm.ptr<3>
        llvm.store %nextTask, %nwTaskP : i32, !llvm.ptr<3>
        %fs = llvm.call @u32(%t, %fso) : (!llvm.ptr<1>, i64) -> i32
        %ns = llvm.call @u32(%t, %nso) : (!llvm.ptr<1>, i64) -> i32
        %send = arith.addi %fs, %ns : i32
        %fs1 = arith.addi %fs, %c1 : i32
        scf.for %g = %fs1 to %send step %c1 : i32 {
          %g64 = arith.extui %g : i32 to i64
          %go = arith.muli %g64, %four : i64
          %gOff = arith.addi %oSignalsS, %go : i64
          %e = llvm.call @u32(%table, %gOff) : (!llvm.ptr<1>, i64) -> i32
          %e64 = arith.extui %e : i32 to i64
          %sco = arith.constant ${EVENT_SCOPE} : i64
          %sc = llvm.call @event_u32(%table, %oEventsS, %e, %sco) : (!llvm.ptr<1>, i64, i32, i64) -> i32
          %sysScope = arith.constant ${SCOPE_SYS} : i32
          %sys = arith.cmpi eq, %sc, %sysScope : i32
          %counter = llvm.getelementptr %counters[%e64] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i32
          llvm.call @signal_counter(%counter, %sys) : (!llvm.ptr<1>, i1) -> ()
        }
      }
    }

    // Grid barrier between steps on the step counter, over the workers of
    // every program (a device must not send into a peer's buffers for the
    // next step while the peer still reads this step's): sys scope when
    // there are several programs.
    %stuckStep = scf.if %isFirst -> i1 {
      // Re-read from the table, not held across the walk (registers).
      %neStep32 = llvm.call @u32(%table, %neOff) : (!llvm.ptr<1>, i64) -> i32
      %neStep = arith.extui %neStep32 : i32 to i64
      %stepCounter = llvm.getelementptr %counters[%neStep] : (!llvm.ptr<1>, i64) -> !llvm.ptr<1>, i32
      %numWorkersStep = llvm.call @u32(%table, %nwOff) : (!llvm.ptr<1>, i64) -> i32
      %npStep = llvm.call @u32(%table, %npOff) : (!llvm.ptr<1>, i64) -> i32
      %multi = arith.cmpi ugt, %npStep, %c1 : i32
      llvm.call @signal_counter(%stepCounter, %multi) : (!llvm.ptr<1>, i1) -> ()
      %target = arith.muli %numWorkersStep, %epoch : i32
      // Four times the bound: when one worker is stuck in a task's wait,
      // that wait, not the others' barrier, is the fault reported.
      %four64 = arith.constant 4 : i64
      %barrierBound = arith.muli %bound, %four64 : i64
      %res = llvm.call @wait_counter(%stepCounter, %target, %multi, %barrierBound, %fault) : (!llvm.ptr<1>, i32, i1, i64, !llvm.ptr<1>) -> !llvm.struct<(i32, i1)>
      %seen = llvm.extractvalue %res[0] : !llvm.struct<(i32, i1)>
      %ok = llvm.extractvalue %res[1] : !llvm.struct<(i32, i1)>
      %timedOut = arith.xori %ok, %true_k : i1
      scf.if %timedOut {
        %code = arith.constant ${FAULT_WAIT_TIMEOUT} : i32
        %seen64 = arith.extui %seen : i32 to i64
        %noTask = arith.constant -1 : i32
        %programF = llvm.call @cta_program() : () -> i32
        %workerF = llvm.call @cta_worker() : () -> i32
        llvm.call @record_fault(%fault, %code, %programF, %workerF, %noTask, %neStep32, %epoch, %seen64) : (!llvm.ptr<1>, i32, i32, i32, i32, i32, i32, i64) -> ()
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
