// --target must match every program's target.
// RUN: tilec %s --target=sm_90a | FileCheck %s
// RUN: not tilec %s --target=host 2>&1 | FileCheck %s --check-prefix=MISMATCH
// CHECK: tile.program @gpu0
// MISMATCH: target.mlir:[[@LINE+1]]:1: error: program @gpu0 targets 'sm_90a' but --target is 'host'
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %e = tile.event @done target(1) scope(gpu)
  tile.task @only worker(0) order(0) signals(%e) {
  }
}
