// RUN: tile-opt %s --tile-partition=workers=2 | FileCheck %s
// RUN: tile-opt %s --tile-partition=workers=2 --tile-plan-memory --tile-schedule --tile-hoist-sync --tile-verify-schedule | FileCheck %s --check-prefix=VERIFIED

// Devices with different roles: device 0 hands its x to devices 1 and 2,
// which each double it; the k-th send_to naming a device lands in that
// device's k-th recv_from naming the sender, whose readers wait for it.

// CHECK-LABEL: tile.program @d0 device(0)
// CHECK:         [[X:%.*]] = tile.buffer @x kind(input) : memref<64xf32>
// CHECK:         tile.task @transfer_to_1.t0 {
// CHECK-NEXT:      [[C0:%.*]] = arith.constant 0 : index
// CHECK-NEXT:      tile.send [[X]] to @d1::@transfer_0_from_0{{\[}}[[C0]]] signal @d1::@transfer_0_from_0_arrived ordering(release) scope(sys) : memref<64xf32>
// CHECK:         tile.task @transfer_to_2.t0 {
// CHECK:           tile.send [[X]] to @d2::@transfer_0_from_0
func.func @d0(%x: tensor<1x64xf32> {tile.input = "x"}) attributes {tile.device = 0 : i64} {
  tile.send_to %x devices [1, 2] : tensor<1x64xf32>
  return
}

// CHECK-LABEL: tile.program @d1 device(1)
// CHECK:         [[IN:%.*]] = tile.buffer @transfer_0_from_0 kind(activation) : memref<64xf32>
// CHECK:         [[ARRIVED:%.*]] = tile.event @transfer_0_from_0_arrived target(1) scope(sys)
// CHECK:         tile.task @add.t0 {
// CHECK-NEXT:      tile.wait [[ARRIVED]] ordering(acquire) scope(sys)
// CHECK-NEXT:      tile.ewise add [[IN]], [[IN]]
func.func @d1() -> (tensor<1x64xf32> {tile.output = "y"}) attributes {tile.device = 1 : i64} {
  %h = tile.recv_from 0 : tensor<1x64xf32>
  %y = tile.add %h, %h : tensor<1x64xf32>
  return %y : tensor<1x64xf32>
}

// CHECK-LABEL: tile.program @d2 device(2)
// CHECK:         tile.event @transfer_0_from_0_arrived target(1) scope(sys)
func.func @d2() -> (tensor<1x64xf32> {tile.output = "y"}) attributes {tile.device = 2 : i64} {
  %h = tile.recv_from 0 : tensor<1x64xf32>
  %y = tile.add %h, %h : tensor<1x64xf32>
  return %y : tensor<1x64xf32>
}

// The scheduled programs pass the deadlock and race proof.
// VERIFIED: tile.program @d0
// VERIFIED: tile.program @d1
// VERIFIED: tile.task @add.t0 worker({{[0-9]}}) order(0) waits(
