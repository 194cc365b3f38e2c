// RUN: tile-opt %s -tile-verify-schedule -split-input-file -verify-diagnostics

// Schedules that run to the end (no deadlock, every event signaled exactly
// `target` times) but let two tasks touch the same arena bytes, one of them
// writing, without ordering them.

// Read before write: the consumer runs on another worker and waits for
// nothing.
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  // expected-note @below {{the earlier task}}
  tile.task @produce worker(0) order(0) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @consume (worker 1, order 0) reads what task @produce (worker 0, order 0) writes before it in program order, but no event or worker order makes @produce finish first}}
  tile.task @consume worker(1) order(0) {
    tile.ewise add %h, %h to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// Only the rows a task touches count: the pick reads all of @h, the event
// orders it after the first row block only.
tile.program @p device(0) target("sm_90a") workers(3) {
  %w = tile.buffer @w kind(weight) offset(0) : memref<64x64xf32>
  %x = tile.buffer @x kind(input) offset(16384) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(16640) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(16896) : memref<1xi32>
  %e = tile.event @rows_0_done target(1) scope(gpu)
  tile.task @rows_0 worker(0) order(0) signals(%e) {
    tile.matvec %w, %x to %h rows(0, 32) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-note @below {{the earlier task}}
  tile.task @rows_1 worker(1) order(0) {
    tile.matvec %w, %x to %h rows(32, 64) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @pick (worker 2, order 0) reads what task @rows_1 (worker 1, order 0) writes before it in program order, but no event or worker order makes @rows_1 finish first}}
  tile.task @pick worker(2) order(0) waits(%e) {
    tile.argmax_row %h to %y : memref<64xf32>, memref<1xi32>
  }
}

// -----

// Overwrite before read: @reuse writes @h again on worker 0 (ordered after
// @produce by `order`) while @read on worker 1 may still be reading it.
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  %e = tile.event @h_ready target(1) scope(gpu)
  tile.task @produce worker(0) order(0) signals(%e) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-note @below {{the earlier task}}
  tile.task @read worker(1) order(0) waits(%e) {
    tile.ewise add %h, %h to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{overwrite-before-read race on buffer @h: task @reuse (worker 0, order 1) overwrites what task @read (worker 1, order 0) reads before it in program order, but no event or worker order makes @read finish first}}
  tile.task @reuse worker(0) order(1) {
    tile.ewise silu_mul %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// The same through two buffers that memory planning put on the same arena
// bytes (equal offsets): @a is dead once @read is done, but @write_b does
// not wait for @read.
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %a = tile.buffer @a kind(activation) offset(256) : memref<64xf32>
  %b = tile.buffer @b kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  %e = tile.event @a_ready target(1) scope(gpu)
  tile.task @write_a worker(0) order(0) signals(%e) {
    tile.ewise add %x, %x to %a range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-note @below {{the earlier task}}
  tile.task @read worker(1) order(0) waits(%e) {
    tile.ewise add %a, %a to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{overwrite-before-read race on buffers @a and @b (which share arena bytes): task @write_b (worker 0, order 1) overwrites what task @read (worker 1, order 0) reads before it in program order, but no event or worker order makes @read finish first}}
  tile.task @write_b worker(0) order(1) {
    tile.ewise add %x, %x to %b range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// Write-write race: two row blocks overlap in rows [24, 32) and run on two
// workers without an edge.
tile.program @p device(0) target("sm_90a") workers(2) {
  %w = tile.buffer @w kind(weight) offset(0) : memref<64x64xf32>
  %x = tile.buffer @x kind(input) offset(16384) : memref<64xf32>
  %h = tile.buffer @h kind(output) offset(16640) : memref<64xf32>
  // expected-note @below {{the earlier task}}
  tile.task @first worker(0) order(0) {
    tile.matvec %w, %x to %h rows(0, 32) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{write-write race on buffer @h: task @second (worker 1, order 0) and task @first (worker 0, order 0) both write it, in this program order, but no event or worker order makes @first finish first}}
  tile.task @second worker(1) order(0) {
    tile.matvec %w, %x to %h rows(24, 64) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// A wait on the wrong event: @consume waits for @other, an unrelated task,
// instead of @produce. Every event still gets its signal.
tile.program @p device(0) target("sm_90a") workers(3) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  %z = tile.buffer @z kind(output) offset(768) : memref<64xf32>
  %h_ready = tile.event @h_ready target(1) scope(gpu)
  %z_ready = tile.event @z_ready target(1) scope(gpu)
  // expected-note @below {{the earlier task}}
  tile.task @produce worker(0) order(0) signals(%h_ready) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @other worker(2) order(0) signals(%z_ready) {
    tile.ewise add %x, %x to %z range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @consume (worker 1, order 0) reads what task @produce (worker 0, order 0) writes before it in program order, but no event or worker order makes @produce finish first}}
  tile.task @consume worker(1) order(0) waits(%z_ready) {
    tile.ewise add %h, %h to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// The "wrong epoch" mistake: two producers signal @h_ready but its target is
// 1, so the consumer could pass after the first one (and a later step's
// waiter too early). This is reported as a signal count, before races.
tile.program @p device(0) target("sm_90a") workers(3) {
  %w = tile.buffer @w kind(weight) offset(0) : memref<64x64xf32>
  %x = tile.buffer @x kind(input) offset(16384) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(16640) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(16896) : memref<1xi32>
  // expected-error @below {{event @h_ready is signaled 2 times per step but its target is 1}}
  %e = tile.event @h_ready target(1) scope(gpu)
  tile.task @rows_0 worker(0) order(0) signals(%e) {
    tile.matvec %w, %x to %h rows(0, 32) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @rows_1 worker(1) order(0) signals(%e) {
    tile.matvec %w, %x to %h rows(32, 64) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @pick worker(2) order(0) waits(%e) {
    tile.argmax_row %h to %y : memref<64xf32>, memref<1xi32>
  }
}

// -----

// The consumer is ordered before its producer on the same worker (orders
// swapped): program order says @produce comes first, the worker runs
// @consume first.
tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  // expected-note @below {{the earlier task}}
  tile.task @produce worker(0) order(1) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @consume (worker 0, order 0) reads what task @produce (worker 0, order 1) writes before it in program order, but no event or worker order makes @produce finish first}}
  tile.task @consume worker(0) order(0) {
    tile.ewise add %h, %h to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// A body-level signal placed before the compute op releases the waiter
// before the data is written.
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  %e = tile.event @h_ready target(1) scope(gpu)
  // expected-note @below {{the earlier task}}
  tile.task @produce worker(0) order(0) {
    tile.signal %e ordering(release) scope(gpu)
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @consume (worker 1, order 0) reads what task @produce (worker 0, order 0) writes before it in program order, but no event or worker order makes @produce finish first}}
  tile.task @consume worker(1) order(0) waits(%e) {
    tile.ewise add %h, %h to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// A body-level wait placed after the compute op orders nothing the compute
// op does.
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  %e = tile.event @h_ready target(1) scope(gpu)
  // expected-note @below {{the earlier task}}
  tile.task @produce worker(0) order(0) signals(%e) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @consume (worker 1, order 0) reads what task @produce (worker 0, order 0) writes before it in program order, but no event or worker order makes @produce finish first}}
  tile.task @consume worker(1) order(0) {
    tile.ewise add %h, %h to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
    tile.wait %e ordering(acquire) scope(gpu)
  }
}

// -----

// Ordering is not transitive through a task that does not wait: @middle on
// worker 1 signals @consume, but @middle itself never waited for @produce.
tile.program @p device(0) target("sm_90a") workers(3) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %m = tile.buffer @m kind(activation) offset(512) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(768) : memref<64xf32>
  %e = tile.event @m_ready target(1) scope(gpu)
  // expected-note @below {{the earlier task}}
  tile.task @produce worker(0) order(0) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @middle worker(1) order(0) signals(%e) {
    tile.ewise add %x, %x to %m range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @consume (worker 2, order 0) reads what task @produce (worker 0, order 0) writes before it in program order, but no event or worker order makes @produce finish first}}
  tile.task @consume worker(2) order(0) waits(%e) {
    tile.ewise add %h, %m to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// More than 16 racing tasks: the first 16 are reported, the rest counted.
// Twenty readers of @h on worker 1 race with its writer on worker 0.
// expected-error @below {{4 more racing tasks in program @many not shown}}
tile.program @many device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  // One expectation matches the identical note of all 16 reports.
  // expected-note @below {{the earlier task}}
  tile.task @produce worker(0) order(0) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_0 (worker 1, order 0) reads what task @produce (worker 0, order 0)}}
  tile.task @read_0 worker(1) order(0) {
    tile.ewise add %h, %h to %y range(0, 3) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_1 (worker 1, order 1) reads what task @produce (worker 0, order 0)}}
  tile.task @read_1 worker(1) order(1) {
    tile.ewise add %h, %h to %y range(3, 6) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_2 (worker 1, order 2) reads what task @produce (worker 0, order 0)}}
  tile.task @read_2 worker(1) order(2) {
    tile.ewise add %h, %h to %y range(6, 9) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_3 (worker 1, order 3) reads what task @produce (worker 0, order 0)}}
  tile.task @read_3 worker(1) order(3) {
    tile.ewise add %h, %h to %y range(9, 12) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_4 (worker 1, order 4) reads what task @produce (worker 0, order 0)}}
  tile.task @read_4 worker(1) order(4) {
    tile.ewise add %h, %h to %y range(12, 15) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_5 (worker 1, order 5) reads what task @produce (worker 0, order 0)}}
  tile.task @read_5 worker(1) order(5) {
    tile.ewise add %h, %h to %y range(15, 18) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_6 (worker 1, order 6) reads what task @produce (worker 0, order 0)}}
  tile.task @read_6 worker(1) order(6) {
    tile.ewise add %h, %h to %y range(18, 21) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_7 (worker 1, order 7) reads what task @produce (worker 0, order 0)}}
  tile.task @read_7 worker(1) order(7) {
    tile.ewise add %h, %h to %y range(21, 24) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_8 (worker 1, order 8) reads what task @produce (worker 0, order 0)}}
  tile.task @read_8 worker(1) order(8) {
    tile.ewise add %h, %h to %y range(24, 27) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_9 (worker 1, order 9) reads what task @produce (worker 0, order 0)}}
  tile.task @read_9 worker(1) order(9) {
    tile.ewise add %h, %h to %y range(27, 30) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_10 (worker 1, order 10) reads what task @produce (worker 0, order 0)}}
  tile.task @read_10 worker(1) order(10) {
    tile.ewise add %h, %h to %y range(30, 33) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_11 (worker 1, order 11) reads what task @produce (worker 0, order 0)}}
  tile.task @read_11 worker(1) order(11) {
    tile.ewise add %h, %h to %y range(33, 36) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_12 (worker 1, order 12) reads what task @produce (worker 0, order 0)}}
  tile.task @read_12 worker(1) order(12) {
    tile.ewise add %h, %h to %y range(36, 39) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_13 (worker 1, order 13) reads what task @produce (worker 0, order 0)}}
  tile.task @read_13 worker(1) order(13) {
    tile.ewise add %h, %h to %y range(39, 42) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_14 (worker 1, order 14) reads what task @produce (worker 0, order 0)}}
  tile.task @read_14 worker(1) order(14) {
    tile.ewise add %h, %h to %y range(42, 45) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  // expected-error @below {{read-before-write race on buffer @h: task @read_15 (worker 1, order 15) reads what task @produce (worker 0, order 0)}}
  tile.task @read_15 worker(1) order(15) {
    tile.ewise add %h, %h to %y range(45, 48) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @read_16 worker(1) order(16) {
    tile.ewise add %h, %h to %y range(48, 51) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @read_17 worker(1) order(17) {
    tile.ewise add %h, %h to %y range(51, 54) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @read_18 worker(1) order(18) {
    tile.ewise add %h, %h to %y range(54, 57) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @read_19 worker(1) order(19) {
    tile.ewise add %h, %h to %y range(57, 60) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// Relaxed synchronization counts towards the event's target but orders no
// memory: the consumer's relaxed wait does not make the producer's write
// visible.
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  %e = tile.event @e target(1) scope(gpu)
  // expected-note @below {{the earlier task}}
  tile.task @produce worker(0) order(0) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
    tile.signal %e ordering(relaxed) scope(gpu)
  }
  // expected-error @below {{read-before-write race on buffer @h: task @consume (worker 1, order 0) reads what task @produce (worker 0, order 0) writes before it in program order, but no event or worker order makes @produce finish first}}
  tile.task @consume worker(1) order(0) {
    tile.wait %e ordering(relaxed) scope(gpu)
    tile.ewise add %h, %h to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// A send reads its whole source: overwriting it on another worker without
// ordering races with the send.
tile.program @gpu0 device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %w = tile.buffer @w kind(weight) offset(256) : memref<128x64xf32>
  %part = tile.buffer @part kind(activation) offset(33024) : memref<128xf32>
  // expected-note @below {{the earlier task}}
  tile.task @send worker(0) order(0) {
    %c0 = arith.constant 0 : index
    tile.send %part to @gpu1::@in[%c0] signal @gpu1::@in_ready ordering(release) scope(sys) : memref<128xf32>
  }
  // expected-error @below {{overwrite-before-read race on buffer @part: task @clobber (worker 1, order 0) of @gpu0 (device 0) overwrites what task @send (worker 0, order 0) of @gpu0 (device 0) reads before it in program order, but no event or worker order makes @send finish first}}
  tile.task @clobber worker(1) order(0) {
    tile.matvec %w, %x to %part rows(0, 128) : memref<128x64xf32>, memref<64xf32>, memref<128xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) offset(0) : memref<128xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<1xi32>
  %in_ready = tile.event @in_ready target(1) scope(sys)
  tile.task @late worker(0) order(0) waits(%in_ready) {
    tile.argmax_row %in to %y : memref<128xf32>, memref<1xi32>
  }
}

// -----

// The peer reads the buffer a send writes without waiting for the send's
// event first.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %part = tile.buffer @part kind(activation) offset(0) : memref<128xf32>
  tile.task @send worker(0) order(0) {
    %c0 = arith.constant 0 : index
    // expected-error @below {{send race on buffer @gpu1::@in: task @early (worker 0, order 0) of @gpu1 (device 1) touches it, but neither it nor the send of task @send (worker 0, order 0) of @gpu0 (device 0) is ordered before the other (the peer must wait on @gpu1::@in_ready before reading)}}
    tile.send %part to @gpu1::@in[%c0] signal @gpu1::@in_ready ordering(release) scope(sys) : memref<128xf32>
  }
}
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) offset(0) : memref<128xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<1xi32>
  %in_ready = tile.event @in_ready target(1) scope(sys)
  tile.task @early worker(0) order(0) {
    tile.argmax_row %in to %y : memref<128xf32>, memref<1xi32>
  }
  tile.task @drain worker(0) order(1) waits(%in_ready) {
  }
}
