// RUN: tile-opt %s -tile-verify-schedule | FileCheck %s

// Deadlock-free schedules pass, and the pass leaves the IR as it was.

// A chain across three workers: @a -> @b -> @c.
// CHECK-LABEL: tile.program @chain device(0) target("sm_90a") workers(3) {
// CHECK-NEXT:    [[A:%.*]] = tile.event @a_done target(1) scope(gpu)
// CHECK-NEXT:    [[B:%.*]] = tile.event @b_done target(1) scope(gpu)
// CHECK-NEXT:    tile.task @c worker(2) order(0) waits([[B]]) {
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @b worker(1) order(0) waits([[A]]) signals([[B]]) {
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @a worker(0) order(0) signals([[A]]) {
// CHECK-NEXT:    }
// CHECK-NEXT:  }
tile.program @chain device(0) target("sm_90a") workers(3) {
  %a = tile.event @a_done target(1) scope(gpu)
  %b = tile.event @b_done target(1) scope(gpu)
  tile.task @c worker(2) order(0) waits(%b) {
  }
  tile.task @b worker(1) order(0) waits(%a) signals(%b) {
  }
  tile.task @a worker(0) order(0) signals(%a) {
  }
}

// Fan-in: three producers on three workers, one consumer waiting for all.
// CHECK-LABEL: tile.program @fan_in device(1) target("sm_90a") workers(4) {
// CHECK-NEXT:    [[E:%.*]] = tile.event @parts target(3) scope(gpu)
// CHECK-NEXT:    tile.task @sum worker(3) order(0) waits([[E]]) {
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @p0 worker(0) order(0) signals([[E]]) {
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @p1 worker(1) order(0) signals([[E]]) {
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @p2 worker(2) order(0) signals([[E]]) {
// CHECK-NEXT:    }
// CHECK-NEXT:  }
tile.program @fan_in device(1) target("sm_90a") workers(4) {
  %e = tile.event @parts target(3) scope(gpu)
  tile.task @sum worker(3) order(0) waits(%e) {
  }
  tile.task @p0 worker(0) order(0) signals(%e) {
  }
  tile.task @p1 worker(1) order(0) signals(%e) {
  }
  tile.task @p2 worker(2) order(0) signals(%e) {
  }
}

// Tasks of one worker run in `order`, not in IR order, and need no event.
// CHECK-LABEL: tile.program @same_worker device(2) target("host") workers(1) {
// CHECK-NEXT:    [[X:%.*]] = tile.buffer @x kind(scratch) : memref<f32>
// CHECK-NEXT:    tile.task @read worker(0) order(1) {
// CHECK-NEXT:      memref.load [[X]][] : memref<f32>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @write worker(0) order(0) {
// CHECK-NEXT:      [[C:%.*]] = arith.constant
// CHECK-NEXT:      memref.store [[C]], [[X]][] : memref<f32>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
tile.program @same_worker device(2) target("host") workers(1) {
  %x = tile.buffer @x kind(scratch) : memref<f32>
  tile.task @read worker(0) order(1) {
    %v = memref.load %x[] : memref<f32>
  }
  tile.task @write worker(0) order(0) {
    %c = arith.constant 1.0 : f32
    memref.store %c, %x[] : memref<f32>
  }
}

// Waits and signals in task bodies count like the task's own lists: @mid
// waits for @head in its body and signals @tail in its body.
// CHECK-LABEL: tile.program @in_body device(3) target("sm_90a") workers(2) {
// CHECK-NEXT:    [[H:%.*]] = tile.event @h target(1) scope(gpu)
// CHECK-NEXT:    [[T:%.*]] = tile.event @t target(2) scope(gpu)
// CHECK-NEXT:    tile.task @head worker(0) order(0) {
// CHECK-NEXT:      tile.signal [[H]] ordering(release) scope(gpu)
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @mid worker(1) order(0) signals([[T]]) {
// CHECK-NEXT:      tile.wait [[H]] ordering(acquire) scope(gpu)
// CHECK-NEXT:      tile.signal [[T]] ordering(release) scope(gpu)
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @tail worker(0) order(1) waits([[T]]) {
// CHECK-NEXT:    }
// CHECK-NEXT:  }
tile.program @in_body device(3) target("sm_90a") workers(2) {
  %h = tile.event @h target(1) scope(gpu)
  %t = tile.event @t target(2) scope(gpu)
  tile.task @head worker(0) order(0) {
    tile.signal %h ordering(release) scope(gpu)
  }
  tile.task @mid worker(1) order(0) signals(%t) {
    tile.wait %h ordering(acquire) scope(gpu)
    tile.signal %t ordering(release) scope(gpu)
  }
  tile.task @tail worker(0) order(1) waits(%t) {
  }
}

// Two devices: @gpu0 sends to @gpu1, which answers; @gpu0 waits for the answer
// in a later task of the same worker.
// CHECK-LABEL: tile.program @gpu0 device(4) target("sm_90a") workers(1) {
// CHECK-NEXT:    [[X:%.*]] = tile.buffer @x kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[R:%.*]] = tile.event @reply target(1) scope(sys)
// CHECK-NEXT:    tile.task @ask worker(0) order(0) {
// CHECK-NEXT:      [[C0:%.*]] = arith.constant 0 : index
// CHECK-NEXT:      tile.send [[X]] to @gpu1::@x{{\[}}[[C0]]] signal @gpu1::@asked ordering(release) scope(sys) : memref<64xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:    tile.task @use worker(0) order(1) waits([[R]]) {
// CHECK-NEXT:    }
// CHECK-NEXT:  }
tile.program @gpu0 device(4) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %r = tile.event @reply target(1) scope(sys)
  tile.task @ask worker(0) order(0) {
    %c0 = arith.constant 0 : index
    tile.send %x to @gpu1::@x[%c0] signal @gpu1::@asked ordering(release) scope(sys) : memref<64xbf16>
  }
  tile.task @use worker(0) order(1) waits(%r) {
  }
}

// CHECK-LABEL: tile.program @gpu1 device(5) target("sm_90a") workers(1) {
// CHECK-NEXT:    [[X:%.*]] = tile.buffer @x kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[A:%.*]] = tile.event @asked target(1) scope(sys)
// CHECK-NEXT:    tile.task @answer worker(0) order(0) waits([[A]]) {
// CHECK-NEXT:      [[C0:%.*]] = arith.constant 0 : index
// CHECK-NEXT:      tile.send [[X]] to @gpu0::@x{{\[}}[[C0]]] signal @gpu0::@reply ordering(release) scope(sys) : memref<64xbf16>
// CHECK-NEXT:    }
// CHECK-NEXT:  }
tile.program @gpu1 device(5) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %a = tile.event @asked target(1) scope(sys)
  tile.task @answer worker(0) order(0) waits(%a) {
    %c0 = arith.constant 0 : index
    tile.send %x to @gpu0::@x[%c0] signal @gpu0::@reply ordering(release) scope(sys) : memref<64xbf16>
  }
}
