// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @kinds
// CHECK-NEXT:    tile.buffer @w kind(weight) offset(0) : memref<64x64xbf16>
// CHECK-NEXT:    tile.buffer @kv kind(kv_cache) offset(8192) : memref<2x16x64xf16>
// CHECK-NEXT:    tile.buffer @act kind(activation) : memref<64xf32>
// CHECK-NEXT:    tile.buffer @in kind(input) offset(16) : memref<1xi32>
// CHECK-NEXT:    tile.buffer @out kind(output) : memref<4x4xi8>
// CHECK-NEXT:    tile.buffer @tmp kind(scratch) offset(1048576) {tile.note} : memref<128xbf16>
tile.program @kinds device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) offset(0) : memref<64x64xbf16>
  %kv = tile.buffer @kv kind(kv_cache) offset(8192) : memref<2x16x64xf16>
  %act = tile.buffer @act kind(activation) : memref<64xf32>
  %in = tile.buffer @in kind(input) offset(16) : memref<1xi32>
  %out = tile.buffer @out kind(output) : memref<4x4xi8>
  %tmp = tile.buffer @tmp kind(scratch) offset(1048576) {tile.note} : memref<128xbf16>
}

// A rank-0 buffer, and a buffer used inside a task.
// CHECK-LABEL: tile.program @uses
// CHECK-NEXT:    [[S:%.*]] = tile.buffer @s kind(scratch) : memref<f32>
// CHECK-NEXT:    tile.task @t worker(0) order(0) {
// CHECK-NEXT:      memref.load [[S]][] : memref<f32>
tile.program @uses device(1) target("host") workers(1) {
  %s = tile.buffer @s kind(scratch) : memref<f32>
  tile.task @t worker(0) order(0) {
    %v = memref.load %s[] : memref<f32>
  }
}
