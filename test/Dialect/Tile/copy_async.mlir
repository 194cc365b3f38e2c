// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @copies
// CHECK:         [[W:%.*]] = tile.buffer @w kind(weight) offset(0) : memref<64x64xbf16>
// CHECK-NEXT:    [[V:%.*]] = tile.buffer @v kind(weight) : memref<256xf32>
// CHECK-NEXT:    tile.task @t worker(0) order(0) {
// CHECK-NEXT:      [[C0:%.*]] = arith.constant 0 : index
// CHECK-NEXT:      [[C16:%.*]] = arith.constant 16 : index
// CHECK-NEXT:      [[BAR:%.*]] = tile.mbarrier_init count(1)
// CHECK-NEXT:      [[S:%.*]] = tile.alloc_shared : memref<16x64xbf16, 3>
// CHECK-NEXT:      tile.copy_async [[W]]{{\[}}[[C16]], [[C0]]] to [[S]] barrier([[BAR]]) : memref<64x64xbf16>, memref<16x64xbf16, 3>
// CHECK-NEXT:      [[T:%.*]] = tile.alloc_shared : memref<64x64xbf16, #gpu.address_space<workgroup>>
// CHECK-NEXT:      tile.copy_async [[W]]{{\[}}[[C0]], [[C0]]] to [[T]] barrier([[BAR]]) {tile.note} : memref<64x64xbf16>, memref<64x64xbf16, #gpu.address_space<workgroup>>
// CHECK-NEXT:      [[U:%.*]] = tile.alloc_shared : memref<4xf32, 3>
// CHECK-NEXT:      tile.copy_async [[V]]{{\[}}[[C16]]] to [[U]] barrier([[BAR]]) : memref<256xf32>, memref<4xf32, 3>
tile.program @copies device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) offset(0) : memref<64x64xbf16>
  %v = tile.buffer @v kind(weight) : memref<256xf32>
  tile.task @t worker(0) order(0) {
    %c0 = arith.constant 0 : index
    %c16 = arith.constant 16 : index
    %bar = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16x64xbf16, 3>
    %t0 = tile.copy_async %w[%c16, %c0] to %s barrier(%bar) : memref<64x64xbf16>, memref<16x64xbf16, 3>
    %t = tile.alloc_shared : memref<64x64xbf16, #gpu.address_space<workgroup>>
    %t1 = tile.copy_async %w[%c0, %c0] to %t barrier(%bar) {tile.note} : memref<64x64xbf16>, memref<64x64xbf16, #gpu.address_space<workgroup>>
    %u = tile.alloc_shared : memref<4xf32, 3>
    %t2 = tile.copy_async %v[%c16] to %u barrier(%bar) : memref<256xf32>, memref<4xf32, 3>
  }
}

// A ring of copies issued in a loop.
// CHECK-LABEL: tile.program @ring
// CHECK:         [[W:%.*]] = tile.buffer @w kind(weight) : memref<256x64xi8>
// CHECK:           [[BAR:%.*]] = tile.mbarrier_init count(1)
// CHECK-NEXT:      [[S:%.*]] = tile.alloc_shared : memref<16x64xi8, 3>
// CHECK-NEXT:      scf.for [[I:%.*]] =
// CHECK-NEXT:        [[TOK:%.*]] = tile.copy_async [[W]]{{\[}}[[I]], {{%.*}}] to [[S]] barrier([[BAR]]) : memref<256x64xi8>, memref<16x64xi8, 3>
// CHECK-NEXT:        tile.await [[TOK]] ordering(acquire) scope(cta)
// CHECK-NEXT:      }
tile.program @ring device(1) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<256x64xi8>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %c16 = arith.constant 16 : index
    %c256 = arith.constant 256 : index
    %bar = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16x64xi8, 3>
    scf.for %i = %c0 to %c256 step %c16 {
      %tok = tile.copy_async %w[%i, %c0] to %s barrier(%bar) : memref<256x64xi8>, memref<16x64xi8, 3>
      tile.await %tok ordering(acquire) scope(cta)
    }
  }
}

// Device code (a function outside every program): the source may be in
// address space 1, any event or barrier value will do, and the phase is given.
// CHECK-LABEL: func.func @device
// CHECK:         tile.copy_async %{{.*}}[%{{.*}}] to %{{.*}} barrier(%{{.*}}) phase(%{{.*}}) : memref<64xf32, 1>, memref<16xf32, 3>
// CHECK:         tile.await %{{.*}} ordering(acquire) scope(cta)
// CHECK:         tile.wait %{{.*}} ordering(acquire) scope(gpu)
// CHECK:         tile.signal %{{.*}} ordering(release) scope(sys)
func.func @device(%w: memref<64xf32, 1>, %s: memref<16xf32, 3>, %b: !tile.barrier, %i: index, %p: i32, %e: !tile.event) {
  %t = tile.copy_async %w[%i] to %s barrier(%b) phase(%p) : memref<64xf32, 1>, memref<16xf32, 3>
  tile.await %t ordering(acquire) scope(cta)
  tile.wait %e ordering(acquire) scope(gpu)
  tile.signal %e ordering(release) scope(sys)
  return
}
