// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// A wait takes a load ordering (acquire, relaxed) and a scope covering the
// event's: gpu or sys for a gpu event, sys for a sys event.
// CHECK-LABEL: tile.program @waits
// CHECK:         [[G:%.*]] = tile.event @g target(1) scope(gpu)
// CHECK-NEXT:    [[S:%.*]] = tile.event @s target(1) scope(sys)
// CHECK-NEXT:    tile.task @t worker(0) order(0) {
// CHECK-NEXT:      tile.wait [[G]] ordering(acquire) scope(gpu)
// CHECK-NEXT:      tile.wait [[G]] ordering(relaxed) scope(gpu)
// CHECK-NEXT:      tile.wait [[G]] ordering(acquire) scope(sys)
// CHECK-NEXT:      tile.wait [[S]] ordering(acquire) scope(sys)
// CHECK-NEXT:      tile.wait [[S]] ordering(relaxed) scope(sys) {tile.note}
// CHECK-NEXT:    }
tile.program @waits device(0) target("sm_90a") workers(1) {
  %g = tile.event @g target(1) scope(gpu)
  %s = tile.event @s target(1) scope(sys)
  tile.task @t worker(0) order(0) {
    tile.wait %g ordering(acquire) scope(gpu)
    tile.wait %g ordering(relaxed) scope(gpu)
    tile.wait %g ordering(acquire) scope(sys)
    tile.wait %s ordering(acquire) scope(sys)
    tile.wait %s ordering(relaxed) scope(sys) {tile.note}
  }
}

// Waits nested in a loop of the task body.
// CHECK-LABEL: tile.program @loop
// CHECK:         [[E:%.*]] = tile.event @e target(4) scope(gpu)
// CHECK:           scf.for
// CHECK-NEXT:        tile.wait [[E]] ordering(acquire) scope(gpu)
// CHECK-NEXT:      }
tile.program @loop device(1) target("sm_90a") workers(1) {
  %e = tile.event @e target(4) scope(gpu)
  tile.task @t {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    scf.for %i = %c0 to %c4 step %c1 {
      tile.wait %e ordering(acquire) scope(gpu)
    }
  }
}
