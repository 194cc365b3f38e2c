// RUN: tile-opt %s --convert-tile-to-nvvm | FileCheck %s

// Every thread polls try_wait.parity on the token's barrier and parity until
// the phase has completed; acquire at cta scope is the instruction's default.
// CHECK-LABEL: func.func @cta
// CHECK-SAME:    ([[T:%.*]]: !llvm.struct<(ptr<3>, i32)>)
// CHECK:         [[BAR:%.*]] = llvm.extractvalue [[T]][0]
// CHECK-NEXT:    [[P:%.*]] = llvm.extractvalue [[T]][1]
// CHECK-NEXT:    scf.while : () -> () {
// CHECK-NEXT:      [[DONE:%.*]] = llvm.inline_asm has_side_effects "{ .reg .pred p; mbarrier.try_wait.parity.shared::cta.b64 p, [$1], $2; selp.u32 $0, 1, 0, p; }", "=r,l,r,~{memory}" [[BAR]], [[P]]
// CHECK:           [[PENDING:%.*]] = arith.cmpi eq, [[DONE]]
// CHECK-NEXT:      scf.condition([[PENDING]])
func.func @cta(%t: !tile.token) {
  tile.await %t ordering(acquire) scope(cta)
  return
}

// CHECK-LABEL: func.func @cluster
// CHECK:         "{ .reg .pred p; mbarrier.try_wait.parity.relaxed.cluster.shared::cta.b64 p, [$1], $2; selp.u32 $0, 1, 0, p; }"
func.func @cluster(%t: !tile.token) {
  tile.await %t ordering(relaxed) scope(cluster)
  return
}
