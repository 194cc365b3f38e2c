// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @all_reduce_sum_bf16
// CHECK-SAME: ([[X:%.*]]: tensor<1x4096xbf16>)
func.func @all_reduce_sum_bf16(%x: tensor<1x4096xbf16>) -> tensor<1x4096xbf16> {
  // CHECK: [[S:%.*]] = tile.all_reduce sum [[X]] devices [0, 1] : tensor<1x4096xbf16>
  // CHECK: return [[S]]
  %s = tile.all_reduce sum %x devices [0, 1] : tensor<1x4096xbf16>
  return %s : tensor<1x4096xbf16>
}

// Device ids need not be sorted or contiguous; their order is kept.
// CHECK-LABEL: func.func @all_reduce_max_f32
// CHECK-SAME: ([[X:%.*]]: tensor<4x32000xf32>)
func.func @all_reduce_max_f32(%x: tensor<4x32000xf32>) -> tensor<4x32000xf32> {
  // CHECK: [[M:%.*]] = tile.all_reduce max [[X]] devices [3, 0, 7, 2] : tensor<4x32000xf32>
  // CHECK: return [[M]]
  %m = tile.all_reduce max %x devices [3, 0, 7, 2] : tensor<4x32000xf32>
  return %m : tensor<4x32000xf32>
}

// CHECK-LABEL: func.func @all_reduce_sum_f16
// CHECK-SAME: ([[X:%.*]]: tensor<2x896xf16>)
func.func @all_reduce_sum_f16(%x: tensor<2x896xf16>) -> tensor<2x896xf16> {
  // CHECK: [[S:%.*]] = tile.all_reduce sum [[X]] devices [0, 1, 2, 3, 4, 5, 6, 7] : tensor<2x896xf16>
  // CHECK: return [[S]]
  %s = tile.all_reduce sum %x devices [0, 1, 2, 3, 4, 5, 6, 7] : tensor<2x896xf16>
  return %s : tensor<2x896xf16>
}

// CHECK-LABEL: func.func @all_gather
// CHECK-SAME: ([[X:%.*]]: tensor<1x16000xf32>)
func.func @all_gather(%x: tensor<1x16000xf32>) -> tensor<1x32000xf32> {
  // CHECK: [[G:%.*]] = tile.all_gather [[X]] devices [1, 0] : tensor<1x16000xf32> -> tensor<1x32000xf32>
  // CHECK: return [[G]]
  %g = tile.all_gather %x devices [1, 0] : tensor<1x16000xf32> -> tensor<1x32000xf32>
  return %g : tensor<1x32000xf32>
}

// A transfer between devices of different roles: one side hands x over, the
// other receives it (each in its own device's function).
// CHECK-LABEL: func.func @hand_over
// CHECK: tile.send_to {{%.*}} devices [1, 2] : tensor<1x64xbf16>
func.func @hand_over(%x: tensor<1x64xbf16>) {
  tile.send_to %x devices [1, 2] : tensor<1x64xbf16>
  return
}
// CHECK-LABEL: func.func @take_over
// CHECK: [[H:%.*]] = tile.recv_from 0 : tensor<1x64xbf16>
// CHECK: return [[H]]
func.func @take_over() -> tensor<1x64xbf16> {
  %h = tile.recv_from 0 : tensor<1x64xbf16>
  return %h : tensor<1x64xbf16>
}
