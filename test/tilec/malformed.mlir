// A parse error is reported at file:line:col and fails the run.
// RUN: not tilec %s 2>&1 | FileCheck %s
// CHECK: malformed.mlir:[[@LINE+2]]:21: error: use of undeclared SSA value name
func.func @f(%a: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %0 = tile.add %a, %missing : tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}
