tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64x64xbf16>
  tile.task @t worker(0) order(0) {
    %c0 = arith.constant 0 : index
    %bar = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16x64xbf16, 3>
    %t = tile.copy_async %w[%c0, %c0] to %s barrier(%bar) : memref<64x64xbf16>, memref<16x64xbf16, 3>
    tile.await %t ordering(acquire) scope(cta)
  }
}
