// RUN: tile-opt %s --split-input-file --tile-hoist-sync --verify-diagnostics

// What hoisting would change is an error at the op.
tile.program @p device(0) target("sm_90a") workers(2) {
  %a = tile.event @a target(1) scope(gpu)
  %b = tile.event @b target(1) scope(gpu)
  tile.task @x worker(0) order(0) {
    tile.signal %a ordering(release) scope(gpu)
    // expected-error @+1 {{'tile.wait' op waits on @b after a signal of the same task: moving the wait into the header could deadlock; split the task}}
    tile.wait %b ordering(acquire) scope(gpu)
  }
  tile.task @y worker(1) order(0) waits(%a) signals(%b) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(2) {
  %a = tile.event @a target(1) scope(gpu)
  tile.task @x worker(0) order(0) {
    // expected-error @+1 {{'tile.signal' op acq_rel has no header equivalent (a header signal is a release); use release}}
    tile.signal %a ordering(acq_rel) scope(gpu)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(2) {
  %a = tile.event @a target(2) scope(gpu)
  tile.task @x worker(0) order(0) signals(%a) {
    // expected-error @+1 {{'tile.signal' op signals @a a second time in one task: a header signals an event once}}
    tile.signal %a ordering(release) scope(gpu)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(2) {
  %a = tile.event @a target(1) scope(gpu)
  // expected-error @+1 {{'tile.task' op would wait on @a that it signals itself}}
  tile.task @x worker(0) order(0) signals(%a) {
    tile.wait %a ordering(acquire) scope(gpu)
  }
}
