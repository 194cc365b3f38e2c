tile.program @p device(0) target("host") workers(2) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @first worker(0) order(0) signals(%e) {
  }
  tile.task @second worker(1) order(0) {
    tile.wait %e ordering(acquire) scope(gpu)
  }
}
