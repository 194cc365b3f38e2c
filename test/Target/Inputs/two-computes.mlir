tile.program @p device(0) target("host") workers(1) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(256) : memref<64xf32>
  tile.task @both worker(0) order(0) {
    tile.ewise add %x, %x to %y range(0, 32) : memref<64xf32>, memref<64xf32>, memref<64xf32>
    tile.ewise add %x, %x to %y range(32, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}
