// A Llama-style MLP block at the graph level, as the frontend emits it:
// rmsnorm -> gate/up projections -> SwiGLU -> down projection + residual.
// Shapes are those of a tiny model (hidden 64, intermediate 176).
//
//   tilec examples/mlp_block.mlir -o out -v
func.func @mlp_block(%h: tensor<1x64xbf16>,
                     %norm_w: tensor<64xbf16>,
                     %gate_w: tensor<176x64xbf16>,
                     %up_w: tensor<176x64xbf16>,
                     %down_w: tensor<64x176xbf16>) -> tensor<1x64xbf16> {
  %n = tile.rmsnorm %h, %norm_w {epsilon = 1.0e-05 : f32}
      : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16>
  %gate = tile.linear %n, %gate_w : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %up = tile.linear %n, %up_w : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %act = tile.silu_mul %gate, %up : tensor<1x176xbf16>
  %down = tile.linear %act, %down_w : tensor<1x176xbf16>, tensor<64x176xbf16> -> tensor<1x64xbf16>
  %out = tile.add %h, %down : tensor<1x64xbf16>
  return %out : tensor<1x64xbf16>
}
