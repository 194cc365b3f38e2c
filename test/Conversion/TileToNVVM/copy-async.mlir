// RUN: tile-opt %s --convert-tile-to-nvvm | FileCheck %s

// Thread (0, 0, 0) announces the tile's bytes on the barrier, then copies:
// rows 16..31 of a 64x64 bf16 weight are one contiguous run of 2048 bytes.
// CHECK-LABEL: func.func @contiguous
// CHECK-SAME:    ([[W:%.*]]: memref<64x64xbf16, 1>, [[S:%.*]]: memref<16x64xbf16, 3>, [[BAR:%.*]]: !llvm.ptr<3>
// CHECK:         [[BYTES:%.*]] = arith.constant 2048 : i32
// CHECK:         scf.if
// CHECK-NEXT:      llvm.inline_asm has_side_effects "mbarrier.arrive.expect_tx.shared::cta.b64 _, [$0], $1;", "l,r,~{memory}" [[BAR]], [[BYTES]]
// CHECK:           [[DST:%.*]] = llvm.getelementptr {{.*}} -> !llvm.ptr<3>, bf16
// CHECK:           [[SRC:%.*]] = llvm.getelementptr {{.*}} -> !llvm.ptr<1>, bf16
// CHECK-NEXT:      llvm.inline_asm has_side_effects "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [$0], [$1], $2, [$3];", "l,l,r,l,~{memory}" [[DST]], [[SRC]], [[BYTES]], [[BAR]]
// CHECK-NEXT:    }
// The token: the barrier and phase parity 0.
// CHECK:         [[P:%.*]] = arith.constant 0 : i32
// CHECK:         [[T0:%.*]] = llvm.insertvalue [[BAR]], %{{.*}}[0] : !llvm.struct<(ptr<3>, i32)>
// CHECK-NEXT:    [[T1:%.*]] = llvm.insertvalue [[P]], [[T0]][1] : !llvm.struct<(ptr<3>, i32)>
// CHECK-NEXT:    return [[T1]]
func.func @contiguous(%w: memref<64x64xbf16, 1>, %s: memref<16x64xbf16, 3>, %bar: !tile.barrier) -> !tile.token {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %t = tile.copy_async %w[%c16, %c0] to %s barrier(%bar) : memref<64x64xbf16, 1>, memref<16x64xbf16, 3>
  return %t : !tile.token
}

// A tile narrower than its source: one arrival for all 3 x 32 bytes, one
// copy per row (source rows 128 bytes apart); the given phase in the token.
// A source without a memory space is a generic pointer: cast to global.
// CHECK-LABEL: func.func @rows
// CHECK-SAME:    ([[W:%.*]]: memref<8x32xf32>, {{.*}}, [[PH:%.*]]: i32)
// CHECK:         arith.constant 96 : i32
// CHECK:         "mbarrier.arrive.expect_tx.shared::cta.b64 _, [$0], $1;"
// CHECK:         llvm.addrspacecast %{{.*}} : !llvm.ptr to !llvm.ptr<1>
// CHECK:         [[R:%.*]] = arith.constant 32 : i32
// CHECK:         llvm.getelementptr %{{.*}}[0] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i8
// CHECK-NEXT:    llvm.getelementptr %{{.*}}[0] : (!llvm.ptr<1>) -> !llvm.ptr<1>, i8
// CHECK-NEXT:    "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [$0], [$1], $2, [$3];"
// CHECK:         llvm.getelementptr %{{.*}}[32] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i8
// CHECK-NEXT:    llvm.getelementptr %{{.*}}[128] : (!llvm.ptr<1>) -> !llvm.ptr<1>, i8
// CHECK-NEXT:    "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [$0], [$1], $2, [$3];"
// CHECK:         llvm.getelementptr %{{.*}}[64] : (!llvm.ptr<3>) -> !llvm.ptr<3>, i8
// CHECK-NEXT:    llvm.getelementptr %{{.*}}[256] : (!llvm.ptr<1>) -> !llvm.ptr<1>, i8
// CHECK-NEXT:    "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [$0], [$1], $2, [$3];"
// CHECK-NOT:     cp.async.bulk
// CHECK:         llvm.insertvalue [[PH]], %{{.*}}[1] : !llvm.struct<(ptr<3>, i32)>
func.func @rows(%w: memref<8x32xf32>, %s: memref<3x8xf32, 3>, %bar: !tile.barrier, %phase: i32) -> !tile.token {
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %t = tile.copy_async %w[%c2, %c8] to %s barrier(%bar) phase(%phase) : memref<8x32xf32>, memref<3x8xf32, 3>
  return %t : !tile.token
}
