// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @tasks
// CHECK:         [[E:%.*]] = tile.event @e target(2) scope(gpu)
// CHECK-NEXT:    [[F:%.*]] = tile.event @f target(1) scope(sys)
tile.program @tasks device(0) target("sm_90a") workers(4) {
  %e = tile.event @e target(2) scope(gpu)
  %f = tile.event @f target(1) scope(sys)

  // Unscheduled: no worker and order.
  // CHECK-NEXT:    tile.task @plain {
  // CHECK-NEXT:    }
  tile.task @plain {
  }
  // CHECK-NEXT:    tile.task @sig signals([[E]]) {
  tile.task @sig signals(%e) {
  }
  // CHECK:         tile.task @first worker(0) order(0) signals([[E]]) {
  tile.task @first worker(0) order(0) signals(%e) {
  }
  // CHECK:         tile.task @last worker(3) order(7) waits([[E]]) {
  tile.task @last worker(3) order(7) waits(%e) {
  }
  // CHECK:         tile.task @both worker(1) order(0) waits([[E]], [[F]]) attributes {tile.note} {
  tile.task @both worker(1) order(0) waits(%e, %f) attributes {tile.note} {
  }
  // CHECK:         tile.task @fan worker(2) order(0) signals([[E]], [[F]]) {
  tile.task @fan worker(2) order(0) signals(%e, %f) {
  }
}

// A body with ops, including a loop; the task ends without a terminator.
// CHECK-LABEL: tile.program @body
// CHECK:         [[S:%.*]] = tile.buffer @s kind(scratch) : memref<4xf32>
// CHECK-NEXT:    tile.task @loop worker(0) order(0) {
// CHECK:           scf.for [[I:%.*]] = {{.*}} {
// CHECK-NEXT:        memref.store {{%.*}}, [[S]]{{\[}}[[I]]{{\]}} : memref<4xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:    }
tile.program @body device(1) target("host") workers(1) {
  %s = tile.buffer @s kind(scratch) : memref<4xf32>
  tile.task @loop worker(0) order(0) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %c4 = arith.constant 4 : index
    %zero = arith.constant 0.0 : f32
    scf.for %i = %c0 to %c4 step %c1 {
      memref.store %zero, %s[%i] : memref<4xf32>
    }
  }
}
