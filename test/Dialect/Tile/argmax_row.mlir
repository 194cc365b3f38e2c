// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @greedy
// CHECK:         [[L:%.*]] = tile.buffer @logits kind(activation) : memref<32000xf32>
// CHECK-NEXT:    [[N:%.*]] = tile.buffer @next kind(output) : memref<1xi32>
// CHECK-NEXT:    tile.task @pick worker(0) order(0) {
// CHECK-NEXT:      tile.argmax_row [[L]] to [[N]] : memref<32000xf32>, memref<1xi32>
// CHECK-NEXT:    }
tile.program @greedy device(0) target("sm_90a") workers(1) {
  %logits = tile.buffer @logits kind(activation) : memref<32000xf32>
  %next = tile.buffer @next kind(output) : memref<1xi32>
  tile.task @pick worker(0) order(0) {
    tile.argmax_row %logits to %next : memref<32000xf32>, memref<1xi32>
  }
}

// CHECK-LABEL: tile.program @greedy_bf16
// CHECK:         tile.argmax_row {{%.*}} to {{%.*}} {tile.note} : memref<128xbf16>, memref<1xi32>
tile.program @greedy_bf16 device(1) target("host") workers(1) {
  %logits = tile.buffer @logits kind(activation) : memref<128xbf16>
  %next = tile.buffer @next kind(output) : memref<1xi32>
  tile.task @pick {
    tile.argmax_row %logits to %next {tile.note} : memref<128xbf16>, memref<1xi32>
  }
}
