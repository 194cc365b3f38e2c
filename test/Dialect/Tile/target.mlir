// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// A program may describe its target in full (#tile.target): SMs, shared
// memory per CTA, registers per thread, features. Without one, passes use
// the chip's known description (TargetAttr::getKnown).
// CHECK-LABEL: tile.program @small device(0) target("sm_90a") workers(8) attributes {tile.target = #tile.target<chip = "sm_90a", sms = 8, shared_bytes = 65536, max_registers = 128, features = ["bulk_copy"]>}
tile.program @small device(0) target("sm_90a") workers(8) attributes {
    tile.target = #tile.target<chip = "sm_90a", sms = 8, shared_bytes = 65536,
                               max_registers = 128, features = ["bulk_copy"]>} {
  tile.task @t {
    %s = tile.alloc_shared : memref<65536xi8, 3>
  }
}

// CHECK-LABEL: tile.program @host device(1) target("host") workers(1) attributes {tile.target = #tile.target<chip = "host", sms = 0, shared_bytes = 0, max_registers = 0, features = []>}
tile.program @host device(1) target("host") workers(1) attributes {
    tile.target = #tile.target<chip = "host", sms = 0, shared_bytes = 0,
                               max_registers = 0, features = []>} {
}
