// The weight ring (tilec/kernel_abi.h): matvec weights streamed into
// shared-memory stages by bulk async copies (cp.async.bulk completing on
// one mbarrier per stage) that thread 0 issues ahead of the tasks' waits.
// Producer: @ring_issue / @ring_copy (and @ring_drain on a fault exit);
// consumer: the ring branch of @matvec (Matvec.mlir).

// Per-warp partial sums when several warps share a row of a ring chunk:
// [warp] for W, [WARPS + warp] for U.
llvm.mlir.global internal @ring_partials() {addr_space = 3 : i32, alignment = 16 : i64} : !llvm.array<16 x f32>

// The weight ring (tilec/kernel_abi.h): one mbarrier per stage, and the
// state thread 0 keeps as producer (i64 slots): 0 chunks issued, 1 chunks
// consumed, 2-4 the producer's step, task and chunk, 5 stages (0: the ring
// is off), 6 first task, 7 number of tasks, 8 steps of the launch, 9 the
// table's address, 10 the offset of its task section, 11 the wait bound.
llvm.mlir.global internal @ring_full() {addr_space = 3 : i32, alignment = 8 : i64} : !llvm.array<${RING_STAGES} x i64>

llvm.mlir.global internal @ring_state() {addr_space = 3 : i32, alignment = 8 : i64} : !llvm.array<16 x i64>

llvm.func internal @ring_get(%slot: i64) -> i64 attributes {always_inline} {
  %s = llvm.mlir.addressof @ring_state : !llvm.ptr<3>
  %p = llvm.getelementptr %s[%slot] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i64
  %v = llvm.load %p : !llvm.ptr<3> -> i64
  llvm.return %v : i64
}

llvm.func internal @ring_set(%slot: i64, %v: i64) attributes {always_inline} {
  %s = llvm.mlir.addressof @ring_state : !llvm.ptr<3>
  %p = llvm.getelementptr %s[%slot] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i64
  llvm.store %v, %p : i64, !llvm.ptr<3>
  llvm.return
}

// The mbarrier of stage s.
llvm.func internal @ring_barrier(%s: i64) -> !llvm.ptr<3> attributes {always_inline} {
  %b = llvm.mlir.addressof @ring_full : !llvm.ptr<3>
  %p = llvm.getelementptr %b[%s] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i64
  llvm.return %p : !llvm.ptr<3>
}

// The parity of the mbarrier phase that chunk c (counted from the launch's
// start) completes: its stage's (c / RING_STAGES)-th use.
llvm.func internal @ring_phase(%c: i64) -> i32 attributes {always_inline} {
  %stages = arith.constant ${RING_STAGES} : i64
  %one = arith.constant 1 : i64
  %use = arith.divui %c, %stages : i64
  %p = arith.andi %use, %one : i64
  %r = arith.trunci %p : i64 to i32
  llvm.return %r : i32
}

// Stage s of the ring, after the 64 KiB of staged x in the dynamic shared
// memory.
llvm.func internal @ring_stage(%s: i64) -> !llvm.ptr<3> attributes {always_inline} {
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %xsBytes = arith.constant ${XS_BYTES} : i64
  %stageBytes = arith.constant ${RING_STAGE_BYTES} : i64
  %o = arith.muli %s, %stageBytes : i64
  %off = arith.addi %xsBytes, %o : i64
  %p = llvm.getelementptr %xs[%off] : (!llvm.ptr<3>, i64) -> !llvm.ptr<3>, i8
  llvm.return %p : !llvm.ptr<3>
}

// Rows per ring chunk of task t (0: the task does not use the ring): a
// matvec or SwiGLU tile on the vector path (@matvec_vector_path) whose
// weights are weight buffers (TILEC_OPERAND_CONSTANT) and whose row (both
// rows, for SwiGLU) fits a stage. The producer (@ring_issue) and
// the consumer (@matvec) both decide by this, so they agree on the chunks.
llvm.func internal @ring_rows(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>) -> i64 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %c2 = arith.constant 2 : i64
  %kind = llvm.call @u32(%t, %k0) : (!llvm.ptr<1>, i64) -> i32
  %matvecKind = arith.constant ${KIND_MATVEC} : i32
  %swigluKind = arith.constant ${KIND_MATVEC_SWIGLU} : i32
  %isMatvec = arith.cmpi eq, %kind, %matvecKind : i32
  %isSwiglu = arith.cmpi eq, %kind, %swigluKind : i32
  %either = arith.ori %isMatvec, %isSwiglu : i1
  %vector = llvm.call @matvec_vector_path(%t, %arena, %isSwiglu) : (!llvm.ptr<1>, !llvm.ptr<1>, i1) -> i1
  // Only weights (never written while the program runs) may be copied
  // ahead of the task's waits.
  %MATVEC_OP_W = arith.constant ${MATVEC_OP_W} : i64
  %wConst = llvm.call @constant_operand(%t, %MATVEC_OP_W) : (!llvm.ptr<1>, i64) -> i1
  %MATVEC_SWIGLU_OP_Wu = arith.constant ${MATVEC_SWIGLU_OP_Wu} : i64
  %uConst0 = llvm.call @constant_operand(%t, %MATVEC_SWIGLU_OP_Wu) : (!llvm.ptr<1>, i64) -> i1
  %true = arith.constant true
  %notSwiglu = arith.xori %isSwiglu, %true : i1
  %uConst = arith.ori %notSwiglu, %uConst0 : i1
  %MATVEC_IP_K = arith.constant ${MATVEC_IP_K} : i64
  %cols = llvm.call @ip(%t, %MATVEC_IP_K) : (!llvm.ptr<1>, i64) -> i64
  %colsSome = arith.cmpi ugt, %cols, %k0 : i64
  %rowBytes = arith.muli %cols, %c2 : i64
  %need = arith.select %isSwiglu, %c2, %k1 : i64
  %chunkRow = arith.muli %rowBytes, %need : i64
  %stageBytes = arith.constant ${RING_STAGE_BYTES} : i64
  %fitsStage = arith.cmpi ule, %chunkRow, %stageBytes : i64
  %a0 = arith.andi %either, %vector : i1
  %a1 = arith.andi %a0, %wConst : i1
  %a2 = arith.andi %a1, %uConst : i1
  %a3 = arith.andi %a2, %colsSome : i1
  %ok = arith.andi %a3, %fitsStage : i1
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
  %MATVEC_IP_r0 = arith.constant ${MATVEC_IP_r0} : i64
  %r0 = llvm.call @ip(%t, %MATVEC_IP_r0) : (!llvm.ptr<1>, i64) -> i64
  %MATVEC_IP_r1 = arith.constant ${MATVEC_IP_r1} : i64
  %r1 = llvm.call @ip(%t, %MATVEC_IP_r1) : (!llvm.ptr<1>, i64) -> i64
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
// parity `parity`: at most `bound` polls of at most 500 ns each (the
// suspend hint; the poll returns as soon as the phase completes), about as
// long as the event waits' spins, so a lost chunk times out after about the
// same time as a stuck event (kernel_abi.h). False: it did not.
llvm.func internal @ring_wait(%bar: !llvm.ptr<3>, %parity: i32, %bound: i64) -> i1 attributes {always_inline} {
  %k0 = arith.constant 0 : i64
  %k1 = arith.constant 1 : i64
  %c0 = arith.constant 0 : i32
  %true = arith.constant true
  %r:2 = scf.while (%n = %k0) : (i64) -> (i64, i1) {
    %w = llvm.inline_asm has_side_effects "{ .reg .pred p; mbarrier.try_wait.parity.shared::cta.b64 p, [$1], $2, 500; selp.u32 $0, 1, 0, p; }", "=r,l,r,~{memory}" %bar, %parity : (!llvm.ptr<3>, i32) -> i32
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

// One row's dot products from a ring stage, or the part `part` of `parts`
// warps sharing the row: W's row at pw (and U's at pu, for SwiGLU) times
// the staged x; lane l takes the 16-byte words at columns
// 8l + 256 (part + parts k). Shared memory answers in tens of cycles: no
// unrolling needed.
llvm.func internal @ring_row_bf16(%pw: !llvm.ptr<3>, %pu: !llvm.ptr<3>, %swiglu: i1, %cols: i64, %lane64: i64, %part: i64, %parts: i64) -> !llvm.struct<(f32, f32)> attributes {always_inline} {
  %c2 = arith.constant 2 : i64
  %c4 = arith.constant 4 : i64
  %c8 = arith.constant 8 : i64
  %c256 = arith.constant 256 : i64
  %zero = arith.constant 0.0 : f32
  %xs = llvm.mlir.addressof @tilec_xs : !llvm.ptr<3>
  %lane8 = arith.muli %lane64, %c8 : i64
  %partOff = arith.muli %part, %c256 : i64
  %first = arith.addi %lane8, %partOff : i64
  %step = arith.muli %parts, %c256 : i64
  %r:2 = scf.for %k = %first to %cols step %step iter_args(%a = %zero, %b = %zero) -> (f32, f32) : i64 {
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

// Issues ring chunk `chunk` of task t (rows [r0 + chunk * rpc, ...), and the
// same rows of U for SwiGLU) into stage issued % RING_STAGES: the stage's
// mbarrier expects the bytes, the bulk copies complete them.
llvm.func internal @ring_copy(%t: !llvm.ptr<1>, %arena: !llvm.ptr<1>, %rpc: i64, %chunk: i64, %issued: i64) {
  %k0 = arith.constant 0 : i64
  %k2 = arith.constant 2 : i64
  %stages = arith.constant ${RING_STAGES} : i64
  %s = arith.remui %issued, %stages : i64
  %bar = llvm.call @ring_barrier(%s) : (i64) -> !llvm.ptr<3>
  %dst = llvm.call @ring_stage(%s) : (i64) -> !llvm.ptr<3>
  %MATVEC_OP_W = arith.constant ${MATVEC_OP_W} : i64
  %w = llvm.call @operand(%t, %arena, %MATVEC_OP_W) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %MATVEC_SWIGLU_OP_Wu = arith.constant ${MATVEC_SWIGLU_OP_Wu} : i64
  %u = llvm.call @operand(%t, %arena, %MATVEC_SWIGLU_OP_Wu) : (!llvm.ptr<1>, !llvm.ptr<1>, i64) -> !llvm.ptr<1>
  %MATVEC_IP_K = arith.constant ${MATVEC_IP_K} : i64
  %cols = llvm.call @ip(%t, %MATVEC_IP_K) : (!llvm.ptr<1>, i64) -> i64
  %MATVEC_IP_r0 = arith.constant ${MATVEC_IP_r0} : i64
  %r0 = llvm.call @ip(%t, %MATVEC_IP_r0) : (!llvm.ptr<1>, i64) -> i64
  %MATVEC_IP_r1 = arith.constant ${MATVEC_IP_r1} : i64
  %r1 = llvm.call @ip(%t, %MATVEC_IP_r1) : (!llvm.ptr<1>, i64) -> i64
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
llvm.func internal @ring_issue(%arena: !llvm.ptr<1>) attributes {passthrough = ["noinline"]} {
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
llvm.func internal @ring_drain() attributes {passthrough = ["noinline"]} {
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
      %phase = llvm.call @ring_phase(%c) : (i64) -> i32
      %bar = llvm.call @ring_barrier(%s) : (i64) -> !llvm.ptr<3>
      %done = llvm.call @ring_wait(%bar, %phase, %bound) : (!llvm.ptr<3>, i32, i64) -> i1
    }
    llvm.call @ring_set(%k5, %k0) : (i64, i64) -> ()
  }
  llvm.return
}
