// RUN: tile-opt %s --split-input-file --tile-hoist-sync | FileCheck %s
// RUN: tile-opt %s --split-input-file --tile-hoist-sync --tile-verify-schedule > /dev/null

// A body's waits join the header's waits (once each), its signals the
// header's signals, whatever their place around the compute op: waiting
// earlier or signalling later only delays.
// CHECK-LABEL: tile.program @p
// CHECK:       tile.task @producer worker(0) order(0) signals([[A:%[0-9]+]], [[B:%[0-9]+]]) {
// CHECK-NEXT:    tile.ewise add
// CHECK-NEXT:  }
// CHECK:       tile.task @consumer worker(1) order(0) waits([[A]], [[B]]) signals([[C:%[0-9]+]]) {
// CHECK-NEXT:    tile.ewise add
// CHECK-NEXT:  }
// CHECK:       tile.task @last worker(0) order(1) waits([[C]]) {
// CHECK-NEXT:  }
// CHECK-NOT:   tile.wait
// CHECK-NOT:   tile.signal
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %y = tile.buffer @y kind(activation) offset(256) : memref<64xf32>
  %z = tile.buffer @z kind(output) offset(512) : memref<64xf32>
  %a = tile.event @a target(1) scope(gpu)
  %b = tile.event @b target(1) scope(gpu)
  %c = tile.event @c target(1) scope(gpu)
  tile.task @producer worker(0) order(0) signals(%a) {
    tile.ewise add %x, %x to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
    tile.signal %b ordering(relaxed) scope(gpu)
  }
  tile.task @consumer worker(1) order(0) waits(%a) {
    tile.wait %a ordering(acquire) scope(gpu)
    tile.ewise add %y, %y to %z range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
    tile.wait %b ordering(relaxed) scope(sys)
    tile.signal %c ordering(release) scope(gpu)
  }
  tile.task @last worker(0) order(1) {
    tile.wait %c ordering(acquire) scope(gpu)
  }
}
