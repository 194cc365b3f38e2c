// The MLP block of mlp_block.mlir, tensor-parallel over two devices: each
// device holds half of the gate and up projections' rows and the matching
// half of the down projection's columns (tile.weight_slice = [dim, begin,
// end, extent] of the checkpoint tensor), computes a partial down projection, and
// the partials are summed by tile.all_reduce, which tile-partition lowers to
// tile.sends into the peer's buffers plus one sys-scope event per device.
// Device 0 adds the residual to its partial, so the sum is the block's
// output on both devices.
//
//   tilec examples/mlp_two_devices.mlir -o out -v
func.func @gpu0(
    %h: tensor<1x64xf32> {tile.input = "h"},
    %norm_w: tensor<64xbf16> {tile.weight = "mlp.norm.weight"},
    %gate_w: tensor<88x64xbf16> {tile.weight = "mlp.gate_proj.weight", tile.weight_slice = array<i64: 0, 0, 88, 176>},
    %up_w: tensor<88x64xbf16> {tile.weight = "mlp.up_proj.weight", tile.weight_slice = array<i64: 0, 0, 88, 176>},
    %down_w: tensor<64x88xbf16> {tile.weight = "mlp.down_proj.weight", tile.weight_slice = array<i64: 1, 0, 88, 176>})
    -> (tensor<1x64xf32> {tile.output = "out"}) attributes {tile.device = 0 : i64} {
  %n = tile.rmsnorm %h, %norm_w {epsilon = 1.0e-05 : f32}
      : tensor<1x64xf32>, tensor<64xbf16> -> tensor<1x64xf32>
  %gate = tile.linear %n, %gate_w : tensor<1x64xf32>, tensor<88x64xbf16> -> tensor<1x88xf32>
  %up = tile.linear %n, %up_w : tensor<1x64xf32>, tensor<88x64xbf16> -> tensor<1x88xf32>
  %act = tile.silu_mul %gate, %up : tensor<1x88xf32>
  %down = tile.linear %act, %down_w : tensor<1x88xf32>, tensor<64x88xbf16> -> tensor<1x64xf32>
  %part = tile.add %h, %down : tensor<1x64xf32>
  %out = tile.all_reduce sum %part devices [0, 1] : tensor<1x64xf32>
  return %out : tensor<1x64xf32>
}

func.func @gpu1(
    %h: tensor<1x64xf32> {tile.input = "h"},
    %norm_w: tensor<64xbf16> {tile.weight = "mlp.norm.weight"},
    %gate_w: tensor<88x64xbf16> {tile.weight = "mlp.gate_proj.weight", tile.weight_slice = array<i64: 0, 88, 176, 176>},
    %up_w: tensor<88x64xbf16> {tile.weight = "mlp.up_proj.weight", tile.weight_slice = array<i64: 0, 88, 176, 176>},
    %down_w: tensor<64x88xbf16> {tile.weight = "mlp.down_proj.weight", tile.weight_slice = array<i64: 1, 88, 176, 176>})
    -> (tensor<1x64xf32> {tile.output = "out"}) attributes {tile.device = 1 : i64} {
  %n = tile.rmsnorm %h, %norm_w {epsilon = 1.0e-05 : f32}
      : tensor<1x64xf32>, tensor<64xbf16> -> tensor<1x64xf32>
  %gate = tile.linear %n, %gate_w : tensor<1x64xf32>, tensor<88x64xbf16> -> tensor<1x88xf32>
  %up = tile.linear %n, %up_w : tensor<1x64xf32>, tensor<88x64xbf16> -> tensor<1x88xf32>
  %act = tile.silu_mul %gate, %up : tensor<1x88xf32>
  %down = tile.linear %act, %down_w : tensor<1x88xf32>, tensor<64x88xbf16> -> tensor<1x64xf32>
  %out = tile.all_reduce sum %down devices [0, 1] : tensor<1x64xf32>
  return %out : tensor<1x64xf32>
}
