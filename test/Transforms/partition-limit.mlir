// RUN: tile-opt %s --tile-partition="max-task-bytes=1" -verify-diagnostics
// A program is capped at a million tasks: one-row tiles of a 2^20-row
// weight would exceed it.
func.func @too_many_tasks(%x: tensor<1x64xf32> {tile.input = "x"}, %w: tensor<1048576x64xf32> {tile.weight = "w"}) -> tensor<1x1048576xf32> {
  // expected-error @+1 {{tile-partition: this op would bring the program to 1048576 tasks, beyond the limit of 1000000; raise --max-task-bytes or --kv-chunk}}
  %y = tile.linear %x, %w : tensor<1x64xf32>, tensor<1048576x64xf32> -> tensor<1x1048576xf32>
  return %y : tensor<1x1048576xf32>
}
