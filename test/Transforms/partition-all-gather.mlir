// RUN: tile-opt %s --tile-partition=workers=2 | FileCheck %s
// RUN: tile-opt %s --tile-partition=workers=2 --tile-plan-memory --tile-schedule --tile-hoist-sync --tile-verify-schedule | FileCheck %s --check-prefix=PLANNED

// A vocabulary-split head: each device's rows of the logits are a view of
// its slice of the gathered logits (written in place), sent into the same
// slice on the peer; the argmax reading the gathered logits waits for the
// peer's slice.

// CHECK-LABEL: tile.program @d0 device(0)
// CHECK:         [[PART:%.*]] = tile.buffer @linear kind(activation) in @logits at 0 : memref<32xf32>
// CHECK:         [[LOGITS:%.*]] = tile.buffer @logits kind(output) : memref<64xf32>
// CHECK:         [[ARRIVED:%.*]] = tile.event @all_gather_0_arrived target(1) scope(sys)
// CHECK:         tile.task @all_gather_0_to_1.t0 {
// CHECK-NEXT:      [[C0:%.*]] = arith.constant 0 : index
// CHECK-NEXT:      tile.send [[PART]] to @d1::@logits{{\[}}[[C0]]] signal @d1::@all_gather_0_arrived ordering(release) scope(sys) : memref<32xf32>
// CHECK:         tile.task @argmax.t0 {
// CHECK-NEXT:      tile.wait [[ARRIVED]] ordering(acquire) scope(sys)
// CHECK-NEXT:      tile.argmax_row [[LOGITS]]

// Device 1's slice starts 32 elements (128 bytes) in.
// CHECK-LABEL: tile.program @d1 device(1)
// CHECK:         tile.buffer @linear kind(activation) in @logits at 128 : memref<32xf32>
// CHECK:         [[C32:%.*]] = arith.constant 32 : index
// CHECK-NEXT:    tile.send {{%.*}} to @d0::@logits{{\[}}[[C32]]]

// Planned: a view at its parent's offset plus its own.
// PLANNED-LABEL: tile.program @d0
// PLANNED:         tile.buffer @linear kind(activation) offset([[AT:[0-9]+]]) in @logits at 0
// PLANNED:         tile.buffer @logits kind(output) offset([[AT]])
// PLANNED-LABEL: tile.program @d1
// PLANNED:         tile.buffer @logits kind(output) offset(
func.func @d0(%x: tensor<1x16xf32> {tile.input = "x"},
              %w: tensor<32x16xbf16> {tile.weight = "head.weight", tile.weight_slice = array<i64: 0, 0, 32, 64>})
    -> (tensor<1xi32> {tile.output = "next"}, tensor<1x64xf32> {tile.output = "logits"})
    attributes {tile.device = 0 : i64} {
  %part = tile.linear %x, %w : tensor<1x16xf32>, tensor<32x16xbf16> -> tensor<1x32xf32>
  %logits = tile.all_gather %part devices [0, 1] : tensor<1x32xf32> -> tensor<1x64xf32>
  %next = tile.argmax %logits : tensor<1x64xf32> -> tensor<1xi32>
  return %next, %logits : tensor<1xi32>, tensor<1x64xf32>
}
func.func @d1(%x: tensor<1x16xf32> {tile.input = "x"},
              %w: tensor<32x16xbf16> {tile.weight = "head.weight", tile.weight_slice = array<i64: 0, 32, 64, 64>})
    -> (tensor<1xi32> {tile.output = "next"}, tensor<1x64xf32> {tile.output = "logits"})
    attributes {tile.device = 1 : i64} {
  %part = tile.linear %x, %w : tensor<1x16xf32>, tensor<32x16xbf16> -> tensor<1x32xf32>
  %logits = tile.all_gather %part devices [0, 1] : tensor<1x32xf32> -> tensor<1x64xf32>
  %next = tile.argmax %logits : tensor<1x64xf32> -> tensor<1xi32>
  return %next, %logits : tensor<1xi32>, tensor<1x64xf32>
}
