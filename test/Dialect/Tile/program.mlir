// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @empty device(0) target("sm_90a") workers(1) {
// CHECK-NEXT:  }
tile.program @empty device(0) target("sm_90a") workers(1) {
}

// A program holds buffers, events and tasks, in any order.
// CHECK-LABEL: tile.program @full device(1) target("sm_80") workers(1024) {
// CHECK-NEXT:    tile.task @t0 worker(1023) order(0) {
// CHECK:         [[B:%.*]] = tile.buffer @b kind(activation) : memref<8xf32>
// CHECK-NEXT:    [[E:%.*]] = tile.event @e target(1) scope(gpu)
// CHECK-NEXT:    tile.task @t1 worker(0) order(0) signals([[E]]) {
tile.program @full device(1) target("sm_80") workers(1024) {
  tile.task @t0 worker(1023) order(0) {
  }
  %b = tile.buffer @b kind(activation) : memref<8xf32>
  %e = tile.event @e target(1) scope(gpu)
  tile.task @t1 worker(0) order(0) signals(%e) {
  }
}

// The CPU backend, and extra attributes after the `attributes` keyword.
// CHECK-LABEL: tile.program @cpu device(7) target("host") workers(4) attributes {tile.note = "cpu"} {
tile.program @cpu device(7) target("host") workers(4) attributes {tile.note = "cpu"} {
}

// CHECK-LABEL: tile.program @sm100 device(2) target("sm_100a") workers(148) {
tile.program @sm100 device(2) target("sm_100a") workers(148) {
}
