// A Llama-style MLP block at the graph level, as a frontend emits it:
// rmsnorm -> gate/up projections -> SwiGLU -> down projection + residual.
// Shapes are those of a tiny model (hidden 64, intermediate 176). Arguments
// carry their role: checkpoint weights by tensor name, or step inputs.
//
//   tilec examples/mlp_block.mlir -o out -v
func.func @mlp_block(
    %h: tensor<1x64xf32> {tile.input = "h"},
    %norm_w: tensor<64xbf16> {tile.weight = "mlp.norm.weight"},
    %gate_w: tensor<176x64xbf16> {tile.weight = "mlp.gate_proj.weight"},
    %up_w: tensor<176x64xbf16> {tile.weight = "mlp.up_proj.weight"},
    %down_w: tensor<64x176xbf16> {tile.weight = "mlp.down_proj.weight"})
    -> (tensor<1x64xf32> {tile.output = "out"}) {
  %n = tile.rmsnorm %h, %norm_w {epsilon = 1.0e-05 : f32}
      : tensor<1x64xf32>, tensor<64xbf16> -> tensor<1x64xf32>
  %gate = tile.linear %n, %gate_w : tensor<1x64xf32>, tensor<176x64xbf16> -> tensor<1x176xf32>
  %up = tile.linear %n, %up_w : tensor<1x64xf32>, tensor<176x64xbf16> -> tensor<1x176xf32>
  %act = tile.silu_mul %gate, %up : tensor<1x176xf32>
  %down = tile.linear %act, %down_w : tensor<1x176xf32>, tensor<64x176xbf16> -> tensor<1x64xf32>
  %out = tile.add %h, %down : tensor<1x64xf32>
  return %out : tensor<1x64xf32>
}
