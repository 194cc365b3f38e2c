// RUN: tile-opt %s --convert-tile-to-nvvm | FileCheck %s

// Each mbarrier gets an 8-byte shared slot; thread (0, 0, 0) initializes it
// and fences it for the async proxy, then the CTA meets at barrier.sync 0.
// CHECK-DAG:   llvm.mlir.global internal @__tile_mbarrier() {addr_space = 3 : i32, alignment = 8 : i64} : i64
// CHECK-DAG:   llvm.mlir.global internal @__tile_mbarrier_0() {addr_space = 3 : i32, alignment = 8 : i64} : i64
// CHECK-LABEL: func.func @two
// CHECK:         [[BAR:%.*]] = llvm.mlir.addressof @__tile_mbarrier{{(_0)?}} : !llvm.ptr<3>
// CHECK-NEXT:    [[N:%.*]] = arith.constant 1 : i32
// CHECK:         [[X:%.*]] = nvvm.read.ptx.sreg.tid.x : i32
// CHECK-NEXT:    [[Y:%.*]] = nvvm.read.ptx.sreg.tid.y : i32
// CHECK-NEXT:    [[Z:%.*]] = nvvm.read.ptx.sreg.tid.z : i32
// CHECK:         scf.if
// CHECK-NEXT:      llvm.inline_asm has_side_effects "mbarrier.init.shared::cta.b64 [$0], $1;", "l,r,~{memory}" [[BAR]], [[N]]
// CHECK-NEXT:      llvm.inline_asm has_side_effects "fence.mbarrier_init.release.cluster;", "~{memory}"
// CHECK-NEXT:    }
// CHECK-NEXT:    llvm.inline_asm has_side_effects "barrier.sync 0;", "~{memory}"
// CHECK:         arith.constant 256 : i32
// CHECK:         "mbarrier.init.shared::cta.b64 [$0], $1;"
// CHECK:         return {{.*}} : !llvm.ptr<3>, !llvm.ptr<3>
func.func @two() -> (!tile.barrier, !tile.barrier) {
  %a = tile.mbarrier_init count(1)
  %b = tile.mbarrier_init count(256)
  return %a, %b : !tile.barrier, !tile.barrier
}
