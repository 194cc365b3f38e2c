// RUN: tile-opt %s -split-input-file --tile-schedule | FileCheck %s
// RUN: tile-opt %s -split-input-file --tile-schedule=sync-cost=1 | FileCheck %s --check-prefix=CHEAP
// RUN: tile-opt %s -split-input-file --tile-partition="workers=2 max-task-bytes=4096" --tile-plan-memory --tile-schedule --tile-verify-schedule | FileCheck %s --check-prefix=PIPE

// Two row blocks of a projection and a pick that reads both. The blocks
// start at once on workers 0 and 1; the pick follows on worker 0 and waits
// on one event with target 2, signaled once by each block (also by the one
// on its own worker).
// CHECK-LABEL: tile.program @fan_in
// CHECK:         [[E:%.*]] = tile.event @ev.pick target(2) scope(gpu)
// CHECK-NEXT:    tile.task @rows_0 worker(0) order(0) signals([[E]]) {
// CHECK:         tile.task @rows_1 worker(1) order(0) signals([[E]]) {
// CHECK:         tile.task @pick worker(0) order(1) waits([[E]]) {
tile.program @fan_in device(0) target("sm_90a") workers(2) {
  %w = tile.buffer @w kind(weight) offset(0) : memref<64x64xf32>
  %x = tile.buffer @x kind(input) offset(16384) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(16640) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(16896) : memref<1xi32>
  tile.task @rows_0 {
    tile.matvec %w, %x to %h rows(0, 32) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @rows_1 {
    tile.matvec %w, %x to %h rows(32, 64) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @pick {
    tile.argmax_row %h to %y : memref<64xf32>, memref<1xi32>
  }
}

// -----

// Two consumers with the same producer set end up on different workers;
// they share one event (named after the first), and each producer signals
// it once: target 2, not 4.
// CHECK-LABEL: tile.program @shared
// CHECK:         [[E:%.*]] = tile.event @ev.pick_a target(2) scope(gpu)
// CHECK-NOT:     tile.event
// CHECK:         tile.task @rows_0 worker(0) order(0) signals([[E]]) {
// CHECK:         tile.task @rows_1 worker(1) order(0) signals([[E]]) {
// CHECK:         tile.task @pick_a worker(0) order(1) waits([[E]]) {
// CHECK:         tile.task @pick_b worker(1) order(1) waits([[E]]) {
tile.program @shared device(0) target("sm_90a") workers(2) {
  %w = tile.buffer @w kind(weight) offset(0) : memref<64x64xf32>
  %x = tile.buffer @x kind(input) offset(16384) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(16640) : memref<64xf32>
  %y0 = tile.buffer @y0 kind(output) offset(16896) : memref<1xi32>
  %y1 = tile.buffer @y1 kind(output) offset(16912) : memref<1xi32>
  tile.task @rows_0 {
    tile.matvec %w, %x to %h rows(0, 32) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @rows_1 {
    tile.matvec %w, %x to %h rows(32, 64) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @pick_a {
    tile.argmax_row %h to %y0 : memref<64xf32>, memref<1xi32>
  }
  tile.task @pick_b {
    tile.argmax_row %h to %y1 : memref<64xf32>, memref<1xi32>
  }
}

// -----

// With one worker, a chain (including the overwrite of @a by @t2, a
// write-after-read and write-after-write hazard) is ordered by `order`
// alone: no events.
// CHECK-LABEL: tile.program @one_worker
// CHECK-NOT:     tile.event
// CHECK:         tile.task @t0 worker(0) order(0) {
// CHECK:         tile.task @t1 worker(0) order(1) {
// CHECK:         tile.task @t2 worker(0) order(2) {
tile.program @one_worker device(1) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %a = tile.buffer @a kind(activation) offset(256) : memref<64xf32>
  %b = tile.buffer @b kind(activation) offset(512) : memref<64xf32>
  tile.task @t0 {
    tile.ewise add %x, %x to %a range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @t1 {
    tile.ewise add %a, %a to %b range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @t2 {
    tile.ewise add %b, %b to %a range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// One producer and two consumers. A cross-worker edge costs 16384
// byte-equivalents by default, more than the work, so everything stays on
// worker 0 without events. With sync-cost=1 the second consumer moves to
// worker 1 and waits on an event with target 1 that only the producer
// signals; the first consumer, after the producer on its own worker, needs
// none.
// CHECK-LABEL: tile.program @split
// CHECK-NOT:     tile.event
// CHECK:         tile.task @produce worker(0) order(0) {
// CHECK:         tile.task @consume_0 worker(0) order(1) {
// CHECK:         tile.task @consume_1 worker(0) order(2) {
// CHEAP-LABEL: tile.program @split
// CHEAP:         [[E:%.*]] = tile.event @ev.consume_1 target(1) scope(gpu)
// CHEAP-NOT:     tile.event
// CHEAP:         tile.task @produce worker(0) order(0) signals([[E]]) {
// CHEAP:         tile.task @consume_0 worker(0) order(1) {
// CHEAP:         tile.task @consume_1 worker(1) order(0) waits([[E]]) {
tile.program @split device(2) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<1024xf32>
  %a = tile.buffer @a kind(activation) offset(4096) : memref<1024xf32>
  %b = tile.buffer @b kind(activation) offset(8192) : memref<1024xf32>
  %c = tile.buffer @c kind(activation) offset(12288) : memref<1024xf32>
  tile.task @produce {
    tile.ewise add %x, %x to %a range(0, 1024) : memref<1024xf32>, memref<1024xf32>, memref<1024xf32>
  }
  tile.task @consume_0 {
    tile.ewise add %a, %a to %b range(0, 1024) : memref<1024xf32>, memref<1024xf32>, memref<1024xf32>
  }
  tile.task @consume_1 {
    tile.ewise add %a, %a to %c range(0, 1024) : memref<1024xf32>, memref<1024xf32>, memref<1024xf32>
  }
}

// -----

// Independent tasks (disjoint bytes) spread over the workers without events.
// CHECK-LABEL: tile.program @independent
// CHECK-NOT:     tile.event
// CHECK:         tile.task @lo worker(0) order(0) {
// CHECK:         tile.task @hi worker(1) order(0) {
tile.program @independent device(3) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<512xf32>
  %y = tile.buffer @y kind(output) offset(2048) : memref<512xf32>
  tile.task @lo {
    tile.ewise add %x, %x to %y range(0, 256) : memref<512xf32>, memref<512xf32>, memref<512xf32>
  }
  tile.task @hi {
    tile.ewise add %x, %x to %y range(256, 512) : memref<512xf32>, memref<512xf32>, memref<512xf32>
  }
}

// -----

// A program that is already scheduled is left as it is, even unplanned.
// CHECK-LABEL: tile.program @done
// CHECK-NEXT:    tile.buffer @x kind(input) : memref<64xf32>
// CHECK-NEXT:    tile.task @t worker(1) order(3) {
tile.program @done device(4) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) : memref<64xf32>
  tile.task @t worker(1) order(3) {
    tile.ewise add %x, %x to %x range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// From a graph: partition into 2 workers, plan memory, schedule, and prove
// the schedule. The 64 rows of 256 bytes are 4 row blocks of 16 rows,
// alternating between the workers; the pick reads all of them, but waits
// only for the last block of each worker: the first blocks finished before
// them in their workers' order, so the event covers them too.
// PIPE-LABEL: tile.program @graph device(0) target("sm_90a") workers(2) {
// PIPE:         tile.buffer @x kind(input) offset(0) : memref<64xf32>
// PIPE-NEXT:    tile.buffer @proj.weight kind(weight) offset(256) source("proj.weight") : memref<64x64xf32>
// PIPE-NEXT:    tile.buffer @linear kind(activation) offset(16896) : memref<64xf32>
// PIPE-NEXT:    tile.buffer @next kind(output) offset(16640) : memref<1xi32>
// PIPE-NEXT:    [[E:%.*]] = tile.event @ev.argmax.t0 target(2) scope(gpu)
// PIPE-NEXT:    tile.task @linear.t0 worker(0) order(0) {
// PIPE-NEXT:      tile.matvec {{.*}} rows(0, 16)
// PIPE:         tile.task @linear.t1 worker(1) order(0) {
// PIPE-NEXT:      tile.matvec {{.*}} rows(16, 32)
// PIPE:         tile.task @linear.t2 worker(0) order(1) signals([[E]]) {
// PIPE-NEXT:      tile.matvec {{.*}} rows(32, 48)
// PIPE:         tile.task @linear.t3 worker(1) order(1) signals([[E]]) {
// PIPE-NEXT:      tile.matvec {{.*}} rows(48, 64)
// PIPE:         tile.task @argmax.t0 worker(0) order(2) waits([[E]]) {
// PIPE-NEXT:      tile.argmax_row
func.func @graph(%x: tensor<1x64xf32> {tile.input = "x"},
                 %w: tensor<64x64xf32> {tile.weight = "proj.weight"})
    -> (tensor<1xi32> {tile.output = "next"}) {
  %h = tile.linear %x, %w : tensor<1x64xf32>, tensor<64x64xf32> -> tensor<1x64xf32>
  %next = tile.argmax %h : tensor<1x64xf32> -> tensor<1xi32>
  return %next : tensor<1xi32>
}
