// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// An await takes `acquire` or `relaxed`, at `cta` or `cluster` scope.
// CHECK-LABEL: tile.program @awaits
// CHECK:         [[TOK:%.*]] = tile.copy_async
// CHECK-NEXT:    tile.await [[TOK]] ordering(acquire) scope(cta)
// CHECK-NEXT:    tile.await [[TOK]] ordering(acquire) scope(cluster)
// CHECK-NEXT:    tile.await [[TOK]] ordering(relaxed) scope(cta)
// CHECK-NEXT:    tile.await [[TOK]] ordering(relaxed) scope(cluster) {tile.note}
// CHECK:         scf.for
// CHECK-NEXT:      tile.await [[TOK]] ordering(acquire) scope(cta)
// CHECK-NEXT:    }
tile.program @awaits device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64xf32>
  tile.task @t worker(0) order(0) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %bar = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<64xf32, 3>
    %tok = tile.copy_async %w[%c0] to %s barrier(%bar) : memref<64xf32>, memref<64xf32, 3>
    tile.await %tok ordering(acquire) scope(cta)
    tile.await %tok ordering(acquire) scope(cluster)
    tile.await %tok ordering(relaxed) scope(cta)
    tile.await %tok ordering(relaxed) scope(cluster) {tile.note}
    scf.for %i = %c0 to %c4 step %c1 {
      tile.await %tok ordering(acquire) scope(cta)
    }
  }
}
