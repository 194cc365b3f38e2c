// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// A signal takes an RMW ordering (release, acq_rel, relaxed) and a scope
// covering the event's.
// CHECK-LABEL: tile.program @signals
// CHECK:         [[G:%.*]] = tile.event @g target(4) scope(gpu)
// CHECK-NEXT:    [[S:%.*]] = tile.event @s target(2) scope(sys)
// CHECK-NEXT:    tile.task @t worker(0) order(0) {
// CHECK-NEXT:      tile.signal [[G]] ordering(release) scope(gpu)
// CHECK-NEXT:      tile.signal [[G]] ordering(acq_rel) scope(gpu)
// CHECK-NEXT:      tile.signal [[G]] ordering(relaxed) scope(gpu)
// CHECK-NEXT:      tile.signal [[G]] ordering(release) scope(sys) {tile.note}
// CHECK-NEXT:      tile.signal [[S]] ordering(release) scope(sys)
// CHECK-NEXT:      tile.signal [[S]] ordering(acq_rel) scope(sys)
// CHECK-NEXT:    }
tile.program @signals device(0) target("sm_90a") workers(1) {
  %g = tile.event @g target(4) scope(gpu)
  %s = tile.event @s target(2) scope(sys)
  tile.task @t worker(0) order(0) {
    tile.signal %g ordering(release) scope(gpu)
    tile.signal %g ordering(acq_rel) scope(gpu)
    tile.signal %g ordering(relaxed) scope(gpu)
    tile.signal %g ordering(release) scope(sys) {tile.note}
    tile.signal %s ordering(release) scope(sys)
    tile.signal %s ordering(acq_rel) scope(sys)
  }
}

// Signals nested in a loop of the task body.
// CHECK-LABEL: tile.program @loop
// CHECK:         [[E:%.*]] = tile.event @e target(4) scope(gpu)
// CHECK:           scf.for
// CHECK-NEXT:        tile.signal [[E]] ordering(release) scope(gpu)
// CHECK-NEXT:      }
tile.program @loop device(1) target("sm_90a") workers(1) {
  %e = tile.event @e target(4) scope(gpu)
  tile.task @t {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    scf.for %i = %c0 to %c4 step %c1 {
      tile.signal %e ordering(release) scope(gpu)
    }
  }
}
