tile.program @a device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(input) : memref<2x4xf32>
  tile.task @t worker(0) order(0) {
    %c0 = arith.constant 0 : index
    tile.send %x to @b::@in[%c0, %c0] signal @b::@ready ordering(release) scope(sys) : memref<2x4xf32>
  }
}
tile.program @b device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(output) : memref<2x8xf32>
  %ready = tile.event @ready target(1) scope(sys)
  tile.task @t worker(0) order(0) waits(%ready) {
  }
}
