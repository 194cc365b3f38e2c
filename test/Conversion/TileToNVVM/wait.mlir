// RUN: tile-opt %s --convert-tile-to-nvvm | FileCheck %s

// A wait polls the counter with an atomic load of its ordering and scope
// until it reaches the event's count, sleeping 32, 64, 128, then 256 ns.
// CHECK-LABEL: func.func @acquire_gpu
// CHECK-SAME:    ([[E:%.*]]: !llvm.struct<(ptr<1>, i32)>)
// CHECK:         [[C:%.*]] = llvm.extractvalue [[E]][0]
// CHECK-NEXT:    [[N:%.*]] = llvm.extractvalue [[E]][1]
// CHECK-NEXT:    [[NS0:%.*]] = arith.constant 32 : i32
// CHECK-NEXT:    scf.while ([[NS:%.*]] = [[NS0]]) : (i32) -> i32 {
// CHECK-NEXT:      [[V:%.*]] = llvm.load [[C]] atomic syncscope("device") acquire {alignment = 4 : i64} : !llvm.ptr<1> -> i32
// CHECK-NEXT:      [[DONE:%.*]] = arith.cmpi uge, [[V]], [[N]] : i32
// CHECK:           [[SPIN:%.*]] = arith.xori [[DONE]]
// CHECK-NEXT:      scf.condition([[SPIN]]) [[NS]] : i32
// CHECK:         ^bb0([[S:%.*]]: i32):
// CHECK-NEXT:      nvvm.nanosleep [[S]]
// CHECK:           arith.shli [[S]]
// CHECK:           arith.minui
// CHECK-NOT:     tile.wait
func.func @acquire_gpu(%e: !tile.event) {
  tile.wait %e ordering(acquire) scope(gpu)
  return
}

// sys scope is LLVM's default sync scope; relaxed is monotonic.
// CHECK-LABEL: func.func @relaxed_sys
// CHECK:         llvm.load %{{.*}} atomic monotonic {alignment = 4 : i64}
// CHECK-LABEL: func.func @acquire_cta
// CHECK:         llvm.load %{{.*}} atomic syncscope("block") acquire
func.func @relaxed_sys(%e: !tile.event) {
  tile.wait %e ordering(relaxed) scope(sys)
  return
}
func.func @acquire_cta(%e: !tile.event) {
  tile.wait %e ordering(acquire) scope(cta)
  return
}
