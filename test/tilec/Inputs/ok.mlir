tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %e = tile.event @done target(1) scope(gpu)
  tile.task @only worker(0) order(0) signals(%e) {
  }
}
