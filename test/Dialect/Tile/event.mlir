// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// Events order work across workers, so only `gpu` and `sys` scopes are valid.
// CHECK-LABEL: tile.program @events
// CHECK-NEXT:    [[A:%.*]] = tile.event @a target(1) scope(gpu)
// CHECK-NEXT:    [[B:%.*]] = tile.event @b target(8) scope(sys)
// CHECK-NEXT:    tile.event @c target(132) scope(gpu) {tile.note}
// CHECK-NEXT:    tile.task @t waits([[A]], [[B]]) {
tile.program @events device(0) target("sm_90a") workers(1) {
  %a = tile.event @a target(1) scope(gpu)
  %b = tile.event @b target(8) scope(sys)
  %c = tile.event @c target(132) scope(gpu) {tile.note}
  tile.task @t waits(%a, %b) {
  }
}
