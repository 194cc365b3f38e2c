// tilec verifies schedules by default; --no-verify-schedule lets a broken one
// through (to exercise the runtime's watchdog).
// RUN: not tilec %s 2>&1 | FileCheck %s
// RUN: tilec %s --no-verify-schedule | FileCheck %s --check-prefix=UNCHECKED
// CHECK: verify-schedule.mlir:[[@LINE+7]]:3: error: deadlock: task @consumer (worker 1, order 0) waits forever on event @never: it gets 0 of its 1 signals
// UNCHECKED: tile.task @consumer
tile.program @gpu0 device(0) target("sm_90a") workers(2) {
  %never = tile.event @never target(1) scope(gpu)
  %done = tile.event @done target(1) scope(gpu)
  tile.task @producer worker(0) order(0) signals(%done) {
  }
  tile.task @consumer worker(1) order(0) waits(%never) {
  }
}
