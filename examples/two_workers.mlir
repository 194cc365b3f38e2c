// A scheduled task-level program: a matvec split into two row blocks on two
// workers, a fan-in event, and a consumer that streams its weight tile into
// shared memory (bulk async copy on an mbarrier) before its dependency wait.
// tilec proves the schedule deadlock-free before emitting it.
//
//   tilec examples/two_workers.mlir -o out -v
tile.program @gpu0 device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xbf16>
  %w_up = tile.buffer @w_up kind(weight) offset(128) : memref<128x64xbf16>
  %w_down = tile.buffer @w_down kind(weight) offset(16512) : memref<64x128xbf16>
  %h = tile.buffer @h kind(activation) offset(32896) : memref<128xbf16>
  %y = tile.buffer @y kind(output) offset(33152) : memref<64xbf16>

  // Both halves of %h must be written before the down projection reads it.
  %h_ready = tile.event @h_ready target(2) scope(gpu)
  %y_ready = tile.event @y_ready target(1) scope(gpu)

  tile.task @up_rows_0 worker(0) order(0) signals(%h_ready) {
  }
  tile.task @up_rows_1 worker(1) order(0) signals(%h_ready) {
  }
  tile.task @down worker(0) order(1) signals(%y_ready) {
    %c0 = arith.constant 0 : index
    %tile = tile.alloc_shared : memref<64x128xbf16, 3>
    %bar = tile.mbarrier_init count(1)
    // Weights never depend on activations: copy first, then wait.
    %copied = tile.copy_async %w_down[%c0, %c0] to %tile barrier(%bar)
        : memref<64x128xbf16>, memref<64x128xbf16, 3>
    tile.wait %h_ready ordering(acquire) scope(gpu)
    tile.await %copied ordering(acquire) scope(cta)
  }
  tile.task @publish worker(1) order(1) waits(%y_ready) {
  }
}
