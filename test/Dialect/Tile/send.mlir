// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// Two devices exchange tiles: each sends into the other's buffer and signals
// the other's sys-scope event. A source may be smaller than the destination.
// CHECK-LABEL: tile.program @gpu0
// CHECK:         [[X:%.*]] = tile.buffer @x kind(activation) : memref<2x64xbf16>
// CHECK-NEXT:    [[IN:%.*]] = tile.buffer @in kind(activation) : memref<64xf32>
// CHECK-NEXT:    tile.event @ready target(1) scope(sys)
// CHECK-NEXT:    tile.task @t worker(0) order(0) {
// CHECK-NEXT:      [[C0:%.*]] = arith.constant 0 : index
// CHECK-NEXT:      [[C1:%.*]] = arith.constant 1 : index
// CHECK-NEXT:      tile.send [[X]] to @gpu1::@in{{\[}}[[C0]], [[C0]]] signal @gpu1::@ready ordering(release) scope(sys) : memref<2x64xbf16>
// CHECK-NEXT:      tile.send [[X]] to @gpu1::@in{{\[}}[[C1]], [[C0]]] signal @gpu1::@ready ordering(acq_rel) scope(sys) {tile.note} : memref<2x64xbf16>
// CHECK-NEXT:      tile.send [[IN]] to @gpu2::@in{{\[}}[[C0]]] signal @gpu2::@ready ordering(release) scope(sys) : memref<64xf32>
// CHECK-NEXT:    }
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<2x64xbf16>
  %in = tile.buffer @in kind(activation) : memref<64xf32>
  %ready = tile.event @ready target(1) scope(sys)
  tile.task @t worker(0) order(0) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    tile.send %x to @gpu1::@in[%c0, %c0] signal @gpu1::@ready ordering(release) scope(sys) : memref<2x64xbf16>
    tile.send %x to @gpu1::@in[%c1, %c0] signal @gpu1::@ready ordering(acq_rel) scope(sys) {tile.note} : memref<2x64xbf16>
    tile.send %in to @gpu2::@in[%c0] signal @gpu2::@ready ordering(release) scope(sys) : memref<64xf32>
  }
}

// CHECK-LABEL: tile.program @gpu1
// CHECK:         tile.send {{%.*}} to @gpu0::@in{{\[}}{{%.*}}] signal @gpu0::@ready ordering(release) scope(sys) : memref<16xf32>
tile.program @gpu1 device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<4x64xbf16>
  %out = tile.buffer @out kind(scratch) : memref<16xf32>
  %ready = tile.event @ready target(2) scope(sys)
  tile.task @t worker(0) order(0) waits(%ready) {
    %c0 = arith.constant 0 : index
    tile.send %out to @gpu0::@in[%c0] signal @gpu0::@ready ordering(release) scope(sys) : memref<16xf32>
  }
}

// A send nested in a loop, to the third device.
// CHECK-LABEL: tile.program @gpu2
// CHECK:         scf.for [[I:%.*]] =
// CHECK-NEXT:      tile.send {{%.*}} to @gpu0::@in{{\[}}[[I]]] signal @gpu0::@ready ordering(release) scope(sys) : memref<8xf32>
// CHECK-NEXT:    }
tile.program @gpu2 device(2) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(input) : memref<64xf32>
  %part = tile.buffer @part kind(scratch) : memref<8xf32>
  %ready = tile.event @ready target(1) scope(sys)
  tile.task @t worker(0) order(0) {
    %c0 = arith.constant 0 : index
    %c8 = arith.constant 8 : index
    %c64 = arith.constant 64 : index
    scf.for %i = %c0 to %c64 step %c8 {
      tile.send %part to @gpu0::@in[%i] signal @gpu0::@ready ordering(release) scope(sys) : memref<8xf32>
    }
  }
}
