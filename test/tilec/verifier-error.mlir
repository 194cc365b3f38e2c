// An op verifier error is located at the op.
// RUN: not tilec %s 2>&1 | FileCheck %s
// CHECK: verifier-error.mlir:[[@LINE+3]]:8: error: 'tile.linear' op weight is [out, in] = 16x4 but x has 8 features
// CHECK-NOT: see current operation
func.func @f(%x: tensor<1x8xf32>, %w: tensor<16x4xf32>) -> tensor<1x16xf32> {
  %0 = tile.linear %x, %w : tensor<1x8xf32>, tensor<16x4xf32> -> tensor<1x16xf32>
  return %0 : tensor<1x16xf32>
}
