// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @ewise
// CHECK:         [[A:%.*]] = tile.buffer @a kind(activation) : memref<512xbf16>
// CHECK-NEXT:    [[B:%.*]] = tile.buffer @b kind(input) : memref<512xbf16>
// CHECK-NEXT:    [[Y:%.*]] = tile.buffer @y kind(output) : memref<512xbf16>
// CHECK-NEXT:    [[F:%.*]] = tile.buffer @f kind(scratch) : memref<512xf32>
tile.program @ewise device(0) target("sm_90a") workers(2) {
  %a = tile.buffer @a kind(activation) : memref<512xbf16>
  %b = tile.buffer @b kind(input) : memref<512xbf16>
  %y = tile.buffer @y kind(output) : memref<512xbf16>
  %f = tile.buffer @f kind(scratch) : memref<512xf32>
  // CHECK:         tile.task @add_lo worker(0) order(0) {
  // CHECK-NEXT:      tile.ewise add [[A]], [[B]] to [[Y]] range(0, 256) : memref<512xbf16>, memref<512xbf16>, memref<512xbf16>
  // CHECK-NEXT:    }
  tile.task @add_lo worker(0) order(0) {
    tile.ewise add %a, %b to %y range(0, 256) : memref<512xbf16>, memref<512xbf16>, memref<512xbf16>
  }
  // CHECK-NEXT:    tile.task @add_hi worker(1) order(0) {
  // CHECK-NEXT:      tile.ewise add [[A]], [[B]] to [[Y]] range(256, 512) : memref<512xbf16>, memref<512xbf16>, memref<512xbf16>
  // CHECK-NEXT:    }
  tile.task @add_hi worker(1) order(0) {
    tile.ewise add %a, %b to %y range(256, 512) : memref<512xbf16>, memref<512xbf16>, memref<512xbf16>
  }
  // Mixed float types, in place, with a discardable attribute.
  // CHECK-NEXT:    tile.task @gate {
  // CHECK-NEXT:      tile.ewise silu_mul [[F]], [[A]] to [[F]] range(7, 8) {tile.note} : memref<512xf32>, memref<512xbf16>, memref<512xf32>
  // CHECK-NEXT:    }
  tile.task @gate {
    tile.ewise silu_mul %f, %a to %f range(7, 8) {tile.note} : memref<512xf32>, memref<512xbf16>, memref<512xf32>
  }
}

// The generic form spells the kind as an i32 enum.
// CHECK-LABEL: tile.program @generic
// CHECK:         tile.ewise silu_mul {{%.*}}, {{%.*}} to {{%.*}} range(0, 4) : memref<4xf16>, memref<4xf16>, memref<4xf16>
tile.program @generic device(1) target("host") workers(1) {
  %g = tile.buffer @g kind(activation) : memref<4xf16>
  %u = tile.buffer @u kind(activation) : memref<4xf16>
  %y = tile.buffer @y kind(activation) : memref<4xf16>
  tile.task @t {
    "tile.ewise"(%g, %u, %y) <{kind = 1 : i32, begin = 0 : i64, end = 4 : i64}> : (memref<4xf16>, memref<4xf16>, memref<4xf16>) -> ()
  }
}
