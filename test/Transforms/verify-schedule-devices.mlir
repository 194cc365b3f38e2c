// RUN: tile-opt %s -tile-verify-schedule -split-input-file -verify-diagnostics

// Broken cross-device protocols: each is refused before anything runs, with
// the devices, tasks and events named. (The well-formed protocol is
// examples/two_devices.mlir; deadlock across two devices and a peer reading
// before the arrival are in verify-schedule-invalid.mlir and
// verify-schedule-races.mlir.)

// 1. Missing signal: the sender signals another event than the one the
// receiver waits on.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  tile.task @send worker(0) order(0) {
    %c0 = arith.constant 0 : index
    tile.send %x to @gpu1::@in[%c0] signal @gpu1::@other ordering(release) scope(sys) : memref<16xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<16xf32>
  %out = tile.buffer @out kind(output) : memref<16xf32>
  %arrived = tile.event @arrived target(1) scope(sys)
  %other = tile.event @other target(1) scope(sys)
  // expected-error @+1 {{deadlock: task @use (worker 0, order 0) of @gpu1 (device 1) waits forever on event @arrived of @gpu1 (device 1): it gets 0 of its 1 signals}}
  tile.task @use worker(0) order(0) waits(%arrived) {
    tile.ewise add %in, %in to %out range(0, 16) : memref<16xf32>, memref<16xf32>, memref<16xf32>
  }
}

// -----

// 2. gpu scope across devices: the peer's event.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  tile.task @send worker(0) order(0) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{peer event @gpu1::@arrived must have scope 'sys', got 'gpu'}}
    tile.send %x to @gpu1::@in[%c0] signal @gpu1::@arrived ordering(release) scope(sys) : memref<16xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<16xf32>
  %arrived = tile.event @arrived target(1) scope(gpu)
}

// -----

// 3. gpu scope across devices: the send itself.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  tile.task @send worker(0) order(0) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{crosses devices: scope must be 'sys', got 'gpu'}}
    tile.send %x to @gpu1::@in[%c0] signal @gpu1::@arrived ordering(release) scope(gpu) : memref<16xf32>
  }
}

// -----

// 4. Undeclared peer buffer.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  tile.task @send worker(0) order(0) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{program @gpu1 has no buffer @inbox}}
    tile.send %x to @gpu1::@inbox[%c0] signal @gpu1::@arrived ordering(release) scope(sys) : memref<16xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<16xf32>
  %arrived = tile.event @arrived target(1) scope(sys)
}

// -----

// 5. Past the end of the peer's buffer.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  tile.task @send worker(0) order(0) {
    %c8 = arith.constant 8 : index
    // expected-error @+1 {{writes indices [8, 24) of dim 0 of @gpu1::@in, which has 16}}
    tile.send %x to @gpu1::@in[%c8] signal @gpu1::@arrived ordering(release) scope(sys) : memref<16xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<16xf32>
  %arrived = tile.event @arrived target(1) scope(sys)
}

// -----

// 6. Early overwrite: two devices send into the same bytes of one buffer,
// unordered (what the receiver reads depends on which lands last).
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<16xf32>
  %out = tile.buffer @out kind(output) : memref<16xf32>
  %arrived = tile.event @arrived target(2) scope(sys)
  tile.task @use worker(0) order(0) waits(%arrived) {
    tile.ewise add %in, %in to %out range(0, 16) : memref<16xf32>, memref<16xf32>, memref<16xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  tile.task @send worker(0) order(0) {
    %c0 = arith.constant 0 : index
    tile.send %x to @gpu0::@in[%c0] signal @gpu0::@arrived ordering(release) scope(sys) : memref<16xf32>
  }
}
tile.program @gpu2 device(2) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<8xf32>
  tile.task @send worker(0) order(0) {
    %c4 = arith.constant 4 : index
    // expected-error @+1 {{send-send race on buffer @gpu0::@in: task @send (worker 0, order 0) of @gpu2 (device 2) and task @send (worker 0, order 0) of @gpu1 (device 1) both write elements [4, 12) of it, and neither is ordered before the other}}
    tile.send %x to @gpu0::@in[%c4] signal @gpu0::@arrived ordering(release) scope(sys) : memref<8xf32>
  }
}

// -----

// 7. Early overwrite: a second send lands while the receiver still reads
// the first (it waited for the first arrival only).
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  tile.task @first worker(0) order(0) {
    %c0 = arith.constant 0 : index
    tile.send %x to @gpu1::@in[%c0] signal @gpu1::@first ordering(release) scope(sys) : memref<16xf32>
  }
  tile.task @second worker(0) order(1) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{send race on buffer @gpu1::@in: task @use (worker 0, order 0) of @gpu1 (device 1) touches it, but neither it nor the send of task @second (worker 0, order 1) of @gpu0 (device 0) is ordered before the other (the peer must wait on @gpu1::@second before reading)}}
    tile.send %x to @gpu1::@in[%c0] signal @gpu1::@second ordering(release) scope(sys) : memref<16xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<16xf32>
  %out = tile.buffer @out kind(output) : memref<16xf32>
  %first = tile.event @first target(1) scope(sys)
  %second = tile.event @second target(1) scope(sys)
  tile.task @use worker(0) order(0) waits(%first) {
    tile.ewise add %in, %in to %out range(0, 16) : memref<16xf32>, memref<16xf32>, memref<16xf32>
  }
  tile.task @drain worker(0) order(1) waits(%second) {
  }
}

// -----

// 8. A relaxed wait orders nothing: the receiver's read is not after the
// send.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  tile.task @send worker(0) order(0) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{send race on buffer @gpu1::@in: task @use (worker 0, order 0) of @gpu1 (device 1) touches it}}
    tile.send %x to @gpu1::@in[%c0] signal @gpu1::@arrived ordering(release) scope(sys) : memref<16xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<16xf32>
  %out = tile.buffer @out kind(output) : memref<16xf32>
  %arrived = tile.event @arrived target(1) scope(sys)
  tile.task @use worker(0) order(0) {
    tile.wait %arrived ordering(relaxed) scope(sys)
    tile.ewise add %in, %in to %out range(0, 16) : memref<16xf32>, memref<16xf32>, memref<16xf32>
  }
}

// -----

// 9. The arrival count is wrong: two peers send, the receiver's event
// expects one (its counter would run ahead of the next step's waits).
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<16xf32>
  // expected-error @+1 {{event @arrived of @gpu0 (device 0) is signaled 2 times per step but its target is 1}}
  %arrived = tile.event @arrived target(1) scope(sys)
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<8xf32>
  tile.task @send worker(0) order(0) {
    %c0 = arith.constant 0 : index
    tile.send %x to @gpu0::@in[%c0] signal @gpu0::@arrived ordering(release) scope(sys) : memref<8xf32>
  }
}
tile.program @gpu2 device(2) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<8xf32>
  tile.task @send worker(0) order(0) {
    %c8 = arith.constant 8 : index
    tile.send %x to @gpu0::@in[%c8] signal @gpu0::@arrived ordering(release) scope(sys) : memref<8xf32>
  }
}

// -----

// 10. A cycle through three devices: each sends only after the previous
// device's send has arrived.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  %in = tile.event @in target(1) scope(sys)
  // expected-error @+1 {{deadlock: task @t (worker 0, order 0) of @gpu0 (device 0) waits forever on event @in of @gpu0 (device 0): it gets 0 of its 1 signals}}
  tile.task @t worker(0) order(0) waits(%in) {
    %c0 = arith.constant 0 : index
    tile.send %x to @gpu1::@x[%c0] signal @gpu1::@in ordering(release) scope(sys) : memref<16xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  %in = tile.event @in target(1) scope(sys)
  // expected-note @+1 {{also stuck: task @t (worker 0, order 0) of @gpu1 (device 1) waits forever on event @in of @gpu1 (device 1)}}
  tile.task @t worker(0) order(0) waits(%in) {
    %c0 = arith.constant 0 : index
    tile.send %x to @gpu2::@x[%c0] signal @gpu2::@in ordering(release) scope(sys) : memref<16xf32>
  }
}
tile.program @gpu2 device(2) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  %in = tile.event @in target(1) scope(sys)
  // expected-note @+1 {{also stuck: task @t (worker 0, order 0) of @gpu2 (device 2) waits forever on event @in of @gpu2 (device 2)}}
  tile.task @t worker(0) order(0) waits(%in) {
    %c0 = arith.constant 0 : index
    tile.send %x to @gpu0::@x[%c0] signal @gpu0::@in ordering(release) scope(sys) : memref<16xf32>
  }
}

// -----

// 11. A send to its own device.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<16xf32>
  %in = tile.buffer @in kind(activation) : memref<16xf32>
  %arrived = tile.event @arrived target(1) scope(sys)
  tile.task @send worker(0) order(0) {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{targets its own program @gpu0: a send must cross devices}}
    tile.send %x to @gpu0::@in[%c0] signal @gpu0::@arrived ordering(release) scope(sys) : memref<16xf32>
  }
}
