// RUN: tile-opt %s --tile-schedule --tile-verify-schedule | FileCheck %s
// Event names stay unique when the natural name ev.<task> is taken.
// CHECK: tile.buffer @ev.pick
// CHECK: tile.event @ev.pick_1 target(2) scope(gpu)
// CHECK: tile.task @pick {{.*}}waits(
tile.program @p device(0) target("sm_90a") workers(2) {
  %w = tile.buffer @w kind(weight) offset(0) : memref<64x64xf32>
  %x = tile.buffer @x kind(input) offset(16384) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(16640) : memref<64xf32>
  %y = tile.buffer @ev.pick kind(output) offset(16896) : memref<1xi32>
  tile.task @rows_0 {
    tile.matvec %w, %x to %h rows(0, 32) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @rows_1 {
    tile.matvec %w, %x to %h rows(32, 64) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @pick {
    tile.argmax_row %h to %y : memref<64xf32>, memref<1xi32>
  }
}
