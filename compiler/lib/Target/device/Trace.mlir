// Per-task trace stamps (tilec_task_trace) that thread 0 writes when the
// launch asks (control->trace).

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
  llvm.store %begin, %p {alignment = 8 : i64} : i64, !llvm.ptr<1>
  llvm.store %ready, %p1 {alignment = 8 : i64} : i64, !llvm.ptr<1>
  llvm.store %end, %p2 {alignment = 8 : i64} : i64, !llvm.ptr<1>
  llvm.return
}
