// Five tasks in a row on worker 0, and a chain a0 -> b0 -> c0 -> b1 that
// crosses workers three times: the longest chain (5 tasks) and the deepest
// in cross-worker waits (3) are different chains.
tile.program @chains device(0) target("sm_90a") workers(3) {
  %e1 = tile.event @e1 target(1) scope(gpu)
  %e2 = tile.event @e2 target(1) scope(gpu)
  %e3 = tile.event @e3 target(1) scope(gpu)
  tile.task @a0 worker(0) order(0) signals(%e1) {
  }
  tile.task @a1 worker(0) order(1) {
  }
  tile.task @a2 worker(0) order(2) {
  }
  tile.task @a3 worker(0) order(3) {
  }
  tile.task @a4 worker(0) order(4) {
  }
  tile.task @b0 worker(1) order(0) waits(%e1) signals(%e2) {
  }
  tile.task @c0 worker(2) order(0) waits(%e2) signals(%e3) {
  }
  tile.task @b1 worker(1) order(1) waits(%e3) {
  }
}
