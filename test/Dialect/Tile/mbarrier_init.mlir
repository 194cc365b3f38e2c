// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @bars
// CHECK:         tile.task @t worker(0) order(0) {
// CHECK-NEXT:      tile.mbarrier_init count(1)
// CHECK-NEXT:      tile.mbarrier_init count(128) {tile.note}
// CHECK:           scf.for
// CHECK-NEXT:        tile.mbarrier_init count(2)
// CHECK-NEXT:      }
// CHECK-NEXT:    }
tile.program @bars device(0) target("sm_90a") workers(1) {
  tile.task @t worker(0) order(0) {
    %a = tile.mbarrier_init count(1)
    %b = tile.mbarrier_init count(128) {tile.note}
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    scf.for %i = %c0 to %c4 step %c1 {
      %c = tile.mbarrier_init count(2)
    }
  }
}
