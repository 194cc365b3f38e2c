// RUN: tile-opt %s --tile-partition=workers=2 | FileCheck %s

// One function per device (tile.device); the k-th all_reduce of each is one
// collective. Each device gets a buffer per peer that only that peer's send
// writes, one sys-scope event counting the peers' sends, a send task per
// peer, and adds in the group's order (the same bits on every device), the
// first waiting for the arrivals.

// CHECK-LABEL: tile.program @d0 device(0)
// CHECK:         [[X:%.*]] = tile.buffer @x kind(input) : memref<64xf32>
// CHECK:         [[FROM1:%.*]] = tile.buffer @all_reduce_0_from_1 kind(activation) : memref<64xf32>
// CHECK:         [[FROM2:%.*]] = tile.buffer @all_reduce_0_from_2 kind(activation) : memref<64xf32>
// CHECK:         [[OUT:%.*]] = tile.buffer @out kind(output) : memref<64xf32>
// CHECK:         [[ARRIVED:%.*]] = tile.event @all_reduce_0_arrived target(2) scope(sys)
// CHECK:         tile.task @all_reduce_0_to_1.t0 {
// CHECK-NEXT:      [[C0:%.*]] = arith.constant 0 : index
// CHECK-NEXT:      tile.send [[X]] to @d1::@all_reduce_0_from_0{{\[}}[[C0]]] signal @d1::@all_reduce_0_arrived ordering(release) scope(sys) : memref<64xf32>
// CHECK:         tile.task @all_reduce_0_to_2.t0 {
// CHECK:           tile.send [[X]] to @d2::@all_reduce_0_from_0
// CHECK:         tile.task @all_reduce_0.t0 {
// CHECK-NEXT:      tile.wait [[ARRIVED]] ordering(acquire) scope(sys)
// CHECK-NEXT:      tile.ewise add [[X]], [[FROM1]] to [[OUT]] range(0, 64)
// CHECK:         tile.task @all_reduce_0.t1 {
// CHECK-NEXT:      tile.ewise add [[OUT]], [[FROM2]] to [[OUT]] range(0, 64)
func.func @d0(%x: tensor<1x64xf32> {tile.input = "x"}) -> (tensor<1x64xf32> {tile.output = "out"})
    attributes {tile.device = 0 : i64} {
  %s = tile.all_reduce sum %x devices [0, 1, 2] : tensor<1x64xf32>
  return %s : tensor<1x64xf32>
}

// Device 1 adds device 0's contribution first, then its own.
// CHECK-LABEL: tile.program @d1 device(1)
// CHECK:         [[X1:%.*]] = tile.buffer @x kind(input) : memref<64xf32>
// CHECK:         [[FROM0:%.*]] = tile.buffer @all_reduce_0_from_0 kind(activation) : memref<64xf32>
// CHECK:         tile.task @all_reduce_0.t0 {
// CHECK-NEXT:      tile.wait
// CHECK-NEXT:      tile.ewise add [[FROM0]], [[X1]] to
func.func @d1(%x: tensor<1x64xf32> {tile.input = "x"}) -> (tensor<1x64xf32> {tile.output = "out"})
    attributes {tile.device = 1 : i64} {
  %s = tile.all_reduce sum %x devices [0, 1, 2] : tensor<1x64xf32>
  return %s : tensor<1x64xf32>
}

// CHECK-LABEL: tile.program @d2 device(2)
func.func @d2(%x: tensor<1x64xf32> {tile.input = "x"}) -> (tensor<1x64xf32> {tile.output = "out"})
    attributes {tile.device = 2 : i64} {
  %s = tile.all_reduce sum %x devices [0, 1, 2] : tensor<1x64xf32>
  return %s : tensor<1x64xf32>
}
