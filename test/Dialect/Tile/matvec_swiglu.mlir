// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @mlp
// CHECK:         [[G:%.*]] = tile.buffer @gate kind(weight) source("mlp.gate_proj.weight") : memref<176x64xbf16>
// CHECK-NEXT:    [[U:%.*]] = tile.buffer @up kind(weight) source("mlp.up_proj.weight") : memref<176x64xbf16>
// CHECK-NEXT:    [[X:%.*]] = tile.buffer @x kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[A:%.*]] = tile.buffer @act kind(activation) : memref<176xbf16>
// CHECK-NEXT:    [[N:%.*]] = tile.buffer @norm kind(weight) : memref<64xbf16>
tile.program @mlp device(0) target("sm_90a") workers(2) {
  %wg = tile.buffer @gate kind(weight) source("mlp.gate_proj.weight") : memref<176x64xbf16>
  %wu = tile.buffer @up kind(weight) source("mlp.up_proj.weight") : memref<176x64xbf16>
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %a = tile.buffer @act kind(activation) : memref<176xbf16>
  %nw = tile.buffer @norm kind(weight) : memref<64xbf16>

  // Without a norm prologue: one type for both weights.
  // CHECK:         tile.task @rows_0 worker(0) order(0) {
  // CHECK-NEXT:      tile.matvec_swiglu [[G]], [[U]], [[X]] to [[A]] rows(0, 88) : memref<176x64xbf16>, memref<64xbf16>, memref<176xbf16>
  // CHECK-NEXT:    }
  tile.task @rows_0 worker(0) order(0) {
    tile.matvec_swiglu %wg, %wu, %x to %a rows(0, 88) : memref<176x64xbf16>, memref<64xbf16>, memref<176xbf16>
  }
  // With the norm prologue.
  // CHECK-NEXT:    tile.task @rows_1 worker(1) order(0) {
  // CHECK-NEXT:      tile.matvec_swiglu [[G]], [[U]], [[X]] to [[A]] rows(88, 176) norm([[N]] : memref<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32} : memref<176x64xbf16>, memref<64xbf16>, memref<176xbf16>
  // CHECK-NEXT:    }
  tile.task @rows_1 worker(1) order(0) {
    tile.matvec_swiglu %wg, %wu, %x to %a rows(88, 176) norm(%nw : memref<64xbf16>) {norm_epsilon = 1.0e-05 : f32} : memref<176x64xbf16>, memref<64xbf16>, memref<176xbf16>
  }
}

// fp32 activations with f16 weights and an extra discardable attribute.
// CHECK-LABEL: tile.program @mixed
// CHECK:         tile.matvec_swiglu {{%.*}}, {{%.*}}, {{%.*}} to {{%.*}} rows(3, 4) norm({{%.*}} : memref<16xf32>) {norm_epsilon = 1.000000e-01 : f32, tile.note} : memref<8x16xf16>, memref<16xf32>, memref<8xf32>
tile.program @mixed device(1) target("host") workers(1) {
  %wg = tile.buffer @gate kind(weight) : memref<8x16xf16>
  %wu = tile.buffer @up kind(weight) : memref<8x16xf16>
  %x = tile.buffer @x kind(input) : memref<16xf32>
  %nw = tile.buffer @norm kind(weight) : memref<16xf32>
  %a = tile.buffer @act kind(scratch) : memref<8xf32>
  tile.task @one_row {
    tile.matvec_swiglu %wg, %wu, %x to %a rows(3, 4) norm(%nw : memref<16xf32>) {norm_epsilon = 0.1 : f32, tile.note} : memref<8x16xf16>, memref<16xf32>, memref<8xf32>
  }
}
