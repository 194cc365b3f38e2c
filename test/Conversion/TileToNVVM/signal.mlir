// RUN: tile-opt %s --convert-tile-to-nvvm | FileCheck %s

// An event is {counter, count}; a signal adds one to the counter with the
// ordering and scope written out (LLVM 22 would drop them from atomicrmw).
// CHECK-LABEL: func.func @signals
// CHECK-SAME:    ([[E:%.*]]: !llvm.struct<(ptr<1>, i32)>)
// CHECK:         [[C:%.*]] = llvm.extractvalue [[E]][0] : !llvm.struct<(ptr<1>, i32)>
// CHECK-NEXT:    llvm.inline_asm has_side_effects "red.release.gpu.global.add.u32 [$0], 1;", "l,~{memory}" [[C]] : (!llvm.ptr<1>) -> ()
// CHECK:         "red.release.sys.global.add.u32 [$0], 1;"
// CHECK:         "red.relaxed.cta.global.add.u32 [$0], 1;"
// CHECK:         "{ .reg .u32 old; atom.acq_rel.gpu.global.add.u32 old, [$0], 1; }"
// CHECK-NOT:     tile.signal
func.func @signals(%e: !tile.event) {
  tile.signal %e ordering(release) scope(gpu)
  tile.signal %e ordering(release) scope(sys)
  tile.signal %e ordering(relaxed) scope(cta)
  tile.signal %e ordering(acq_rel) scope(gpu)
  return
}

// Calls carry the converted type; a program's signals stay (they become
// schedule-table entries, not code).
// CHECK-LABEL: func.func @caller
// CHECK-SAME:    ([[E:%.*]]: !llvm.struct<(ptr<1>, i32)>)
// CHECK-NEXT:    call @signals([[E]]) : (!llvm.struct<(ptr<1>, i32)>) -> ()
func.func @caller(%e: !tile.event) {
  func.call @signals(%e) : (!tile.event) -> ()
  return
}

// CHECK-LABEL: tile.program @p
// CHECK:         tile.signal %{{.*}} ordering(release) scope(gpu)
tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @t {
    tile.signal %e ordering(release) scope(gpu)
  }
}
