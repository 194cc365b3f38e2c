// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// Shared memory is spelled as address space 3 or #gpu.address_space<workgroup>;
// the largest allocation is 232448 bytes.
// CHECK-LABEL: tile.program @smem
// CHECK:         tile.task @t worker(0) order(0) {
// CHECK-NEXT:      tile.alloc_shared : memref<16x64xbf16, 3>
// CHECK-NEXT:      tile.alloc_shared : memref<4x64x128xbf16, #gpu.address_space<workgroup>>
// CHECK-NEXT:      tile.alloc_shared : memref<232448xi8, 3>
// CHECK-NEXT:      tile.alloc_shared : memref<f64, 3>
// CHECK-NEXT:      tile.alloc_shared {tile.note} : memref<58112xf32, #gpu.address_space<workgroup>>
// CHECK-NEXT:    }
tile.program @smem device(0) target("sm_90a") workers(1) {
  tile.task @t worker(0) order(0) {
    %a = tile.alloc_shared : memref<16x64xbf16, 3>
    %b = tile.alloc_shared : memref<4x64x128xbf16, #gpu.address_space<workgroup>>
    %c = tile.alloc_shared : memref<232448xi8, 3>
    %d = tile.alloc_shared : memref<f64, 3>
    %e = tile.alloc_shared {tile.note} : memref<58112xf32, #gpu.address_space<workgroup>>
  }
}

// Allocations inside a loop of the task body, used by the loop.
// CHECK-LABEL: tile.program @loop
// CHECK:           scf.for [[I:%.*]] =
// CHECK-NEXT:        [[S:%.*]] = tile.alloc_shared : memref<64xf32, 3>
// CHECK-NEXT:        memref.store {{%.*}}, [[S]]{{\[}}[[I]]] : memref<64xf32, 3>
// CHECK-NEXT:      }
tile.program @loop device(1) target("sm_90a") workers(1) {
  tile.task @t {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %zero = arith.constant 0.0 : f32
    scf.for %i = %c0 to %c4 step %c1 {
      %s = tile.alloc_shared : memref<64xf32, 3>
      memref.store %zero, %s[%i] : memref<64xf32, 3>
    }
  }
}
