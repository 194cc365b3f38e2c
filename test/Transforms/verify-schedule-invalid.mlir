// RUN: tile-opt %s -tile-verify-schedule -split-input-file -verify-diagnostics

tile.program @p device(0) target("sm_90a") workers(1) {
  tile.task @a worker(0) order(0) {
  }
  // expected-error @+1 {{task @b is not scheduled (no worker and order): run tile-schedule first}}
  tile.task @b {
  }
}

// -----

// Nobody signals @e.
tile.program @p device(0) target("sm_90a") workers(2) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @a worker(0) order(0) {
  }
  // expected-error @+1 {{deadlock: task @b (worker 1, order 0) waits forever on event @e: it gets 0 of its 1 signals}}
  tile.task @b worker(1) order(0) waits(%e) {
  }
}

// -----

// Each worker waits first for what the other signals after.
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.event @x target(1) scope(gpu)
  %y = tile.event @y target(1) scope(gpu)
  // expected-error @+1 {{deadlock: task @a (worker 0, order 0) waits forever on event @y: it gets 0 of its 1 signals}}
  tile.task @a worker(0) order(0) waits(%y) signals(%x) {
  }
  // expected-note @+1 {{also stuck: task @b (worker 1, order 0) waits forever on event @x: it gets 0 of its 1 signals}}
  tile.task @b worker(1) order(0) waits(%x) signals(%y) {
  }
}

// -----

// The consumer runs before its producer on the same worker.
tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @producer worker(0) order(1) signals(%e) {
  }
  // expected-error @+1 {{deadlock: task @consumer (worker 0, order 0) waits forever on event @e: it gets 0 of its 1 signals}}
  tile.task @consumer worker(0) order(0) waits(%e) {
  }
}

// -----

// Each device waits for the other's send before sending.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  %in = tile.event @in target(1) scope(sys)
  // expected-error @+1 {{deadlock: task @t (worker 0, order 0) of @gpu0 (device 0) waits forever on event @in of @gpu0 (device 0): it gets 0 of its 1 signals}}
  tile.task @t worker(0) order(0) {
    %c0 = arith.constant 0 : index
    tile.wait %in ordering(acquire) scope(sys)
    tile.send %x to @gpu1::@x[%c0] signal @gpu1::@in ordering(release) scope(sys) : memref<16xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  %in = tile.event @in target(1) scope(sys)
  // expected-note @+1 {{also stuck: task @t (worker 0, order 0) of @gpu1 (device 1) waits forever on event @in of @gpu1 (device 1): it gets 0 of its 1 signals}}
  tile.task @t worker(0) order(0) waits(%in) {
    %c0 = arith.constant 0 : index
    tile.send %x to @gpu0::@x[%c0] signal @gpu0::@in ordering(release) scope(sys) : memref<16xf32>
  }
}

// -----

// Signaled fewer times than its target, and nobody waits.
tile.program @p device(0) target("sm_90a") workers(2) {
  // expected-error @+1 {{event @e is signaled 1 times per step but its target is 2}}
  %e = tile.event @e target(2) scope(gpu)
  tile.task @a worker(0) order(0) signals(%e) {
  }
  tile.task @b worker(1) order(0) {
  }
}

// -----

// Signaled more times than its target: the wait passes, the count is wrong.
tile.program @p device(0) target("sm_90a") workers(3) {
  // expected-error @+1 {{event @e is signaled 3 times per step but its target is 2}}
  %e = tile.event @e target(2) scope(gpu)
  tile.task @a worker(0) order(0) signals(%e) {
  }
  tile.task @b worker(1) order(0) signals(%e) {
    tile.signal %e ordering(release) scope(gpu)
  }
  tile.task @c worker(2) order(0) waits(%e) {
  }
}

// -----

// A cycle through three workers: one error, a note for each other stuck task.
tile.program @p device(0) target("sm_90a") workers(3) {
  %x = tile.event @x target(1) scope(gpu)
  %y = tile.event @y target(1) scope(gpu)
  %z = tile.event @z target(1) scope(gpu)
  // expected-error @+1 {{deadlock: task @a (worker 0, order 0) waits forever on event @z: it gets 0 of its 1 signals}}
  tile.task @a worker(0) order(0) waits(%z) signals(%x) {
  }
  // expected-note @+1 {{also stuck: task @b (worker 1, order 0) waits forever on event @x: it gets 0 of its 1 signals}}
  tile.task @b worker(1) order(0) waits(%x) signals(%y) {
  }
  // expected-note @+1 {{also stuck: task @c (worker 2, order 0) waits forever on event @y: it gets 0 of its 1 signals}}
  tile.task @c worker(2) order(0) waits(%y) signals(%z) {
  }
}

// -----

// Counts are per op: a signal inside a loop would run a data-dependent
// number of times, so it is rejected rather than miscounted.
tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(4) scope(gpu)
  tile.task @t worker(0) order(0) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    scf.for %i = %c0 to %c4 step %c1 {
      // expected-error @+1 {{'tile.signal' op inside nested control flow cannot be verified: the schedule verifier needs every wait and signal directly in the task body}}
      tile.signal %e ordering(release) scope(gpu)
    }
  }
}
