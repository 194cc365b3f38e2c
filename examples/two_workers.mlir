// A hand-written, already scheduled task-level program: a projection split
// into two row blocks on two workers, and a greedy pick (argmax) that waits
// for both halves through one event with target 2. tilec proves the schedule
// free of deadlocks and races before it writes the artifact.
//
//   tilec examples/two_workers.mlir -o out -v
tile.program @gpu0 device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %w = tile.buffer @w kind(weight) offset(256) source("proj.weight") : memref<128x64xf32>
  %h = tile.buffer @h kind(activation) offset(33024) : memref<128xf32>
  %y = tile.buffer @y kind(output) offset(33536) : memref<1xi32>

  // Both halves of %h must be written before the pick reads it.
  %h_ready = tile.event @h_ready target(2) scope(gpu)

  tile.task @proj_rows_0 worker(0) order(0) signals(%h_ready) {
    tile.matvec %w, %x to %h rows(0, 64) : memref<128x64xf32>, memref<64xf32>, memref<128xf32>
  }
  tile.task @proj_rows_1 worker(1) order(0) signals(%h_ready) {
    tile.matvec %w, %x to %h rows(64, 128) : memref<128x64xf32>, memref<64xf32>, memref<128xf32>
  }
  tile.task @pick worker(0) order(1) waits(%h_ready) {
    tile.argmax_row %h to %y : memref<128xf32>, memref<1xi32>
  }
}
