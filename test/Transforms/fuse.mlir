// RUN: tile-opt %s --tile-fuse | FileCheck %s

//===----------------------------------------------------------------------===//
// Residual epilogue: add(linear(x, w), r) -> linear(x, w) residual(r)
//===----------------------------------------------------------------------===//

// The projection is the add's lhs.
// CHECK-LABEL: func.func @residual_lhs
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xbf16>, [[W:%.*]]: tensor<64x64xbf16>, [[R:%.*]]: tensor<1x64xbf16>)
// CHECK-NEXT:   [[Y:%.*]] = tile.linear [[X]], [[W]] residual([[R]] : tensor<1x64xbf16>) : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
// CHECK-NEXT:   return [[Y]]
func.func @residual_lhs(%x: tensor<1x64xbf16>, %w: tensor<64x64xbf16>, %r: tensor<1x64xbf16>) -> tensor<1x64xbf16> {
  %y = tile.linear %x, %w : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  %s = tile.add %y, %r : tensor<1x64xbf16>
  return %s : tensor<1x64xbf16>
}

// The projection is the add's rhs (the usual `h + attn(h)`); a bias is kept.
// CHECK-LABEL: func.func @residual_rhs_bias
// CHECK-SAME: ([[H:%.*]]: tensor<1x64xf32>, [[W:%.*]]: tensor<64x64xf32>, [[B:%.*]]: tensor<64xf32>)
// CHECK-NEXT:   [[Y:%.*]] = tile.linear [[H]], [[W]] bias [[B]] residual([[H]] : tensor<1x64xf32>) : tensor<1x64xf32>, tensor<64x64xf32>, tensor<64xf32> -> tensor<1x64xf32>
// CHECK-NEXT:   return [[Y]]
func.func @residual_rhs_bias(%h: tensor<1x64xf32>, %w: tensor<64x64xf32>, %b: tensor<64xf32>) -> tensor<1x64xf32> {
  %y = tile.linear %h, %w bias %b : tensor<1x64xf32>, tensor<64x64xf32>, tensor<64xf32> -> tensor<1x64xf32>
  %s = tile.add %h, %y : tensor<1x64xf32>
  return %s : tensor<1x64xf32>
}

// Both operands are projections: the lhs one takes the other as residual.
// CHECK-LABEL: func.func @residual_two_projections
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xbf16>, [[W1:%.*]]: tensor<64x64xbf16>, [[W2:%.*]]: tensor<64x64xbf16>)
// CHECK-NEXT:   [[B:%.*]] = tile.linear [[X]], [[W2]] : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
// CHECK-NEXT:   [[A:%.*]] = tile.linear [[X]], [[W1]] residual([[B]] : tensor<1x64xbf16>) : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
// CHECK-NEXT:   return [[A]]
func.func @residual_two_projections(%x: tensor<1x64xbf16>, %w1: tensor<64x64xbf16>, %w2: tensor<64x64xbf16>) -> tensor<1x64xbf16> {
  %a = tile.linear %x, %w1 : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  %b = tile.linear %x, %w2 : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  %s = tile.add %a, %b : tensor<1x64xbf16>
  return %s : tensor<1x64xbf16>
}

// Negative: the projection has a second use (it is returned), so the add
// stays.
// CHECK-LABEL: func.func @residual_two_uses
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xbf16>, [[W:%.*]]: tensor<64x64xbf16>, [[R:%.*]]: tensor<1x64xbf16>)
// CHECK-NEXT:   [[Y:%.*]] = tile.linear [[X]], [[W]] : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
// CHECK-NEXT:   [[S:%.*]] = tile.add [[Y]], [[R]] : tensor<1x64xbf16>
// CHECK-NEXT:   return [[S]], [[Y]]
func.func @residual_two_uses(%x: tensor<1x64xbf16>, %w: tensor<64x64xbf16>, %r: tensor<1x64xbf16>) -> (tensor<1x64xbf16>, tensor<1x64xbf16>) {
  %y = tile.linear %x, %w : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  %s = tile.add %y, %r : tensor<1x64xbf16>
  return %s, %y : tensor<1x64xbf16>, tensor<1x64xbf16>
}

// Negative: a projection added to itself has two uses.
// CHECK-LABEL: func.func @residual_self
// CHECK:        [[Y:%.*]] = tile.linear
// CHECK-NEXT:   tile.add [[Y]], [[Y]]
func.func @residual_self(%x: tensor<1x64xbf16>, %w: tensor<64x64xbf16>) -> tensor<1x64xbf16> {
  %y = tile.linear %x, %w : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  %s = tile.add %y, %y : tensor<1x64xbf16>
  return %s : tensor<1x64xbf16>
}

// Negative: an existing residual is not doubled. The first add is fused;
// the second one adds to a projection that already has a residual and
// stays an add.
// CHECK-LABEL: func.func @residual_not_doubled
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xbf16>, [[W:%.*]]: tensor<64x64xbf16>, [[R1:%.*]]: tensor<1x64xbf16>, [[R2:%.*]]: tensor<1x64xbf16>)
// CHECK-NEXT:   [[Y:%.*]] = tile.linear [[X]], [[W]] residual([[R1]] : tensor<1x64xbf16>) : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
// CHECK-NEXT:   [[S:%.*]] = tile.add [[Y]], [[R2]] : tensor<1x64xbf16>
// CHECK-NEXT:   return [[S]]
func.func @residual_not_doubled(%x: tensor<1x64xbf16>, %w: tensor<64x64xbf16>, %r1: tensor<1x64xbf16>, %r2: tensor<1x64xbf16>) -> tensor<1x64xbf16> {
  %y = tile.linear %x, %w : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  %s1 = tile.add %y, %r1 : tensor<1x64xbf16>
  %s2 = tile.add %s1, %r2 : tensor<1x64xbf16>
  return %s2 : tensor<1x64xbf16>
}

// Negative: the same for a projection that came in with a residual.
// CHECK-LABEL: func.func @residual_given
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xbf16>, [[W:%.*]]: tensor<64x64xbf16>, [[R1:%.*]]: tensor<1x64xbf16>, [[R2:%.*]]: tensor<1x64xbf16>)
// CHECK-NEXT:   [[Y:%.*]] = tile.linear [[X]], [[W]] residual([[R1]] : tensor<1x64xbf16>)
// CHECK-NEXT:   [[S:%.*]] = tile.add [[R2]], [[Y]] : tensor<1x64xbf16>
// CHECK-NEXT:   return [[S]]
func.func @residual_given(%x: tensor<1x64xbf16>, %w: tensor<64x64xbf16>, %r1: tensor<1x64xbf16>, %r2: tensor<1x64xbf16>) -> tensor<1x64xbf16> {
  %y = tile.linear %x, %w residual(%r1 : tensor<1x64xbf16>) : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  %s = tile.add %r2, %y : tensor<1x64xbf16>
  return %s : tensor<1x64xbf16>
}

//===----------------------------------------------------------------------===//
// SwiGLU: silu_mul(linear(x, wg), linear(x, wu)) -> swiglu_linear(x, wg, wu)
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @swiglu
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xbf16>, [[G:%.*]]: tensor<176x64xbf16>, [[U:%.*]]: tensor<176x64xbf16>)
// CHECK-NEXT:   [[A:%.*]] = tile.swiglu_linear [[X]], [[G]], [[U]] : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
// CHECK-NEXT:   return [[A]]
func.func @swiglu(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>) -> tensor<1x176xbf16> {
  %g = tile.linear %x, %wg : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %u = tile.linear %x, %wu : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %a = tile.silu_mul %g, %u : tensor<1x176xbf16>
  return %a : tensor<1x176xbf16>
}

// The gate is silu_mul's first operand, whatever the IR order of the
// projections.
// CHECK-LABEL: func.func @swiglu_up_first
// CHECK-SAME: ([[X:%.*]]: tensor<1x64xbf16>, [[G:%.*]]: tensor<176x64xbf16>, [[U:%.*]]: tensor<176x64xbf16>)
// CHECK-NEXT:   [[A:%.*]] = tile.swiglu_linear [[X]], [[G]], [[U]] : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
// CHECK-NEXT:   return [[A]]
func.func @swiglu_up_first(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>) -> tensor<1x176xbf16> {
  %u = tile.linear %x, %wu : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %g = tile.linear %x, %wg : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %a = tile.silu_mul %g, %u : tensor<1x176xbf16>
  return %a : tensor<1x176xbf16>
}

// Negative: gate and up project different activations.
// CHECK-LABEL: func.func @swiglu_different_x
// CHECK-NOT:    tile.swiglu_linear
// CHECK:        [[G:%.*]] = tile.linear
// CHECK-NEXT:   [[U:%.*]] = tile.linear
// CHECK-NEXT:   tile.silu_mul [[G]], [[U]]
func.func @swiglu_different_x(%x: tensor<1x64xbf16>, %x2: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>) -> tensor<1x176xbf16> {
  %g = tile.linear %x, %wg : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %u = tile.linear %x2, %wu : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %a = tile.silu_mul %g, %u : tensor<1x176xbf16>
  return %a : tensor<1x176xbf16>
}

// Negative: a projection with a bias is not plain.
// CHECK-LABEL: func.func @swiglu_bias
// CHECK-NOT:    tile.swiglu_linear
// CHECK:        [[G:%.*]] = tile.linear {{%.*}}, {{%.*}} bias
// CHECK-NEXT:   [[U:%.*]] = tile.linear
// CHECK-NEXT:   tile.silu_mul [[G]], [[U]]
func.func @swiglu_bias(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>, %b: tensor<176xbf16>) -> tensor<1x176xbf16> {
  %g = tile.linear %x, %wg bias %b : tensor<1x64xbf16>, tensor<176x64xbf16>, tensor<176xbf16> -> tensor<1x176xbf16>
  %u = tile.linear %x, %wu : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %a = tile.silu_mul %g, %u : tensor<1x176xbf16>
  return %a : tensor<1x176xbf16>
}

// Negative: the up projection is used twice.
// CHECK-LABEL: func.func @swiglu_up_two_uses
// CHECK-NOT:    tile.swiglu_linear
// CHECK:        tile.silu_mul
func.func @swiglu_up_two_uses(%x: tensor<1x64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>) -> (tensor<1x176xbf16>, tensor<1x176xbf16>) {
  %g = tile.linear %x, %wg : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %u = tile.linear %x, %wu : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  %a = tile.silu_mul %g, %u : tensor<1x176xbf16>
  return %a, %u : tensor<1x176xbf16>, tensor<1x176xbf16>
}

// Negative: gate and up weights of different types.
// CHECK-LABEL: func.func @swiglu_weight_types
// CHECK-NOT:    tile.swiglu_linear
// CHECK:        tile.silu_mul
func.func @swiglu_weight_types(%x: tensor<1x64xf32>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xf16>) -> tensor<1x176xf32> {
  %g = tile.linear %x, %wg : tensor<1x64xf32>, tensor<176x64xbf16> -> tensor<1x176xf32>
  %u = tile.linear %x, %wu : tensor<1x64xf32>, tensor<176x64xf16> -> tensor<1x176xf32>
  %a = tile.silu_mul %g, %u : tensor<1x176xf32>
  return %a : tensor<1x176xf32>
}

//===----------------------------------------------------------------------===//
// Norm prologue: projection(rmsnorm(h, w)) -> projection(h) norm(w)
//===----------------------------------------------------------------------===//

// The norm's epsilon moves to the projection, also the default one.
// CHECK-LABEL: func.func @norm_into_linear
// CHECK-SAME: ([[H:%.*]]: tensor<1x64xbf16>, [[N:%.*]]: tensor<64xbf16>, [[W:%.*]]: tensor<32x64xbf16>)
// CHECK-NOT:    tile.rmsnorm
// CHECK:        [[Y:%.*]] = tile.linear [[H]], [[W]] norm([[N]] : tensor<64xbf16>) {norm_epsilon = 9.99999997E-7 : f32} : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
// CHECK-NEXT:   return [[Y]]
func.func @norm_into_linear(%h: tensor<1x64xbf16>, %nw: tensor<64xbf16>, %w: tensor<32x64xbf16>) -> tensor<1x32xbf16> {
  %n = tile.rmsnorm %h, %nw : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16>
  %y = tile.linear %n, %w : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return %y : tensor<1x32xbf16>
}

// One norm feeding q, k and v is folded into all three and disappears.
// CHECK-LABEL: func.func @norm_into_qkv
// CHECK-SAME: ([[H:%.*]]: tensor<1x64xbf16>, [[N:%.*]]: tensor<64xbf16>, [[WQ:%.*]]: tensor<64x64xbf16>, [[WK:%.*]]: tensor<32x64xbf16>, [[WV:%.*]]: tensor<32x64xbf16>)
// CHECK-NOT:    tile.rmsnorm
// CHECK:        tile.linear [[H]], [[WQ]] norm([[N]] : tensor<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32}
// CHECK-NEXT:   tile.linear [[H]], [[WK]] norm([[N]] : tensor<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32}
// CHECK-NEXT:   tile.linear [[H]], [[WV]] norm([[N]] : tensor<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32}
// CHECK-NEXT:   return
func.func @norm_into_qkv(%h: tensor<1x64xbf16>, %nw: tensor<64xbf16>, %wq: tensor<64x64xbf16>, %wk: tensor<32x64xbf16>, %wv: tensor<32x64xbf16>)
    -> (tensor<1x64xbf16>, tensor<1x32xbf16>, tensor<1x32xbf16>) {
  %n = tile.rmsnorm %h, %nw {epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16>
  %q = tile.linear %n, %wq : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  %k = tile.linear %n, %wk : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  %v = tile.linear %n, %wv : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return %q, %k, %v : tensor<1x64xbf16>, tensor<1x32xbf16>, tensor<1x32xbf16>
}

// A norm with another user stays for that user.
// CHECK-LABEL: func.func @norm_kept_for_other_user
// CHECK-SAME: ([[H:%.*]]: tensor<1x64xbf16>, [[N:%.*]]: tensor<64xbf16>, [[W:%.*]]: tensor<32x64xbf16>)
// CHECK-NEXT:   [[NORM:%.*]] = tile.rmsnorm [[H]], [[N]]
// CHECK-NEXT:   [[Y:%.*]] = tile.linear [[H]], [[W]] norm([[N]] : tensor<64xbf16>)
// CHECK-NEXT:   return [[Y]], [[NORM]]
func.func @norm_kept_for_other_user(%h: tensor<1x64xbf16>, %nw: tensor<64xbf16>, %w: tensor<32x64xbf16>) -> (tensor<1x32xbf16>, tensor<1x64xbf16>) {
  %n = tile.rmsnorm %h, %nw {epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16>
  %y = tile.linear %n, %w : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return %y, %n : tensor<1x32xbf16>, tensor<1x64xbf16>
}

// Negative: a projection that already has a norm keeps its own.
// CHECK-LABEL: func.func @norm_already_set
// CHECK-SAME: ([[H:%.*]]: tensor<1x64xbf16>, [[N1:%.*]]: tensor<64xbf16>, [[N2:%.*]]: tensor<64xbf16>, [[W:%.*]]: tensor<32x64xbf16>)
// CHECK-NEXT:   [[NORM:%.*]] = tile.rmsnorm [[H]], [[N1]]
// CHECK-NEXT:   tile.linear [[NORM]], [[W]] norm([[N2]] : tensor<64xbf16>) {norm_epsilon = 1.000000e-01 : f32}
func.func @norm_already_set(%h: tensor<1x64xbf16>, %n1: tensor<64xbf16>, %n2: tensor<64xbf16>, %w: tensor<32x64xbf16>) -> tensor<1x32xbf16> {
  %n = tile.rmsnorm %h, %n1 : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16>
  %y = tile.linear %n, %w norm(%n2 : tensor<64xbf16>) {norm_epsilon = 0.1 : f32} : tensor<1x64xbf16>, tensor<32x64xbf16> -> tensor<1x32xbf16>
  return %y : tensor<1x32xbf16>
}

// Into a swiglu_linear that came in fused.
// CHECK-LABEL: func.func @norm_into_swiglu
// CHECK-SAME: ([[H:%.*]]: tensor<1x64xbf16>, [[N:%.*]]: tensor<64xbf16>, [[G:%.*]]: tensor<176x64xbf16>, [[U:%.*]]: tensor<176x64xbf16>)
// CHECK-NEXT:   [[A:%.*]] = tile.swiglu_linear [[H]], [[G]], [[U]] norm([[N]] : tensor<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32} : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
// CHECK-NEXT:   return [[A]]
func.func @norm_into_swiglu(%h: tensor<1x64xbf16>, %nw: tensor<64xbf16>, %wg: tensor<176x64xbf16>, %wu: tensor<176x64xbf16>) -> tensor<1x176xbf16> {
  %n = tile.rmsnorm %h, %nw {epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16>
  %a = tile.swiglu_linear %n, %wg, %wu : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
  return %a : tensor<1x176xbf16>
}

//===----------------------------------------------------------------------===//
// All together: a Llama MLP block becomes two projections
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @mlp_block
// CHECK-SAME: ([[H:%.*]]: tensor<1x64xf32>, [[N:%.*]]: tensor<64xbf16>, [[G:%.*]]: tensor<176x64xbf16>, [[U:%.*]]: tensor<176x64xbf16>, [[D:%.*]]: tensor<64x176xbf16>)
// CHECK-NEXT:   [[A:%.*]] = tile.swiglu_linear [[H]], [[G]], [[U]] norm([[N]] : tensor<64xbf16>) {norm_epsilon = 9.99999974E-6 : f32} : tensor<1x64xf32>, tensor<176x64xbf16> -> tensor<1x176xf32>
// CHECK-NEXT:   [[O:%.*]] = tile.linear [[A]], [[D]] residual([[H]] : tensor<1x64xf32>) : tensor<1x176xf32>, tensor<64x176xbf16> -> tensor<1x64xf32>
// CHECK-NEXT:   return [[O]]
func.func @mlp_block(%h: tensor<1x64xf32>, %norm_w: tensor<64xbf16>, %gate_w: tensor<176x64xbf16>, %up_w: tensor<176x64xbf16>, %down_w: tensor<64x176xbf16>) -> tensor<1x64xf32> {
  %n = tile.rmsnorm %h, %norm_w {epsilon = 1.0e-05 : f32} : tensor<1x64xf32>, tensor<64xbf16> -> tensor<1x64xf32>
  %gate = tile.linear %n, %gate_w : tensor<1x64xf32>, tensor<176x64xbf16> -> tensor<1x176xf32>
  %up = tile.linear %n, %up_w : tensor<1x64xf32>, tensor<176x64xbf16> -> tensor<1x176xf32>
  %act = tile.silu_mul %gate, %up : tensor<1x176xf32>
  %down = tile.linear %act, %down_w : tensor<1x176xf32>, tensor<64x176xbf16> -> tensor<1x64xf32>
  %out = tile.add %h, %down : tensor<1x64xf32>
  return %out : tensor<1x64xf32>
}

// Attention output projection: norm prologue and residual on one linear.
// CHECK-LABEL: func.func @norm_and_residual
// CHECK-SAME: ([[H:%.*]]: tensor<1x64xbf16>, [[N:%.*]]: tensor<64xbf16>, [[W:%.*]]: tensor<64x64xbf16>)
// CHECK-NEXT:   [[O:%.*]] = tile.linear [[H]], [[W]] norm([[N]] : tensor<64xbf16>) residual([[H]] : tensor<1x64xbf16>) {norm_epsilon = 9.99999974E-6 : f32} : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
// CHECK-NEXT:   return [[O]]
func.func @norm_and_residual(%h: tensor<1x64xbf16>, %nw: tensor<64xbf16>, %w: tensor<64x64xbf16>) -> tensor<1x64xbf16> {
  %n = tile.rmsnorm %h, %nw {epsilon = 1.0e-05 : f32} : tensor<1x64xbf16>, tensor<64xbf16> -> tensor<1x64xbf16>
  %y = tile.linear %n, %w : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  %r = tile.add %h, %y : tensor<1x64xbf16>
  return %r : tensor<1x64xbf16>
}

//===----------------------------------------------------------------------===//
// Rope into the cache append: kv_append(c, rope(k, p), p) -> kv_append(c, k, p) {rope}
//===----------------------------------------------------------------------===//

// CHECK-LABEL: func.func @rope_into_append
// CHECK-SAME: ([[C:%.*]]: tensor<32x64xbf16>, [[K:%.*]]: tensor<1x64xbf16>, [[P:%.*]]: tensor<1xi32>)
// CHECK-NEXT:   [[A:%.*]] = tile.kv_append [[C]], [[K]], [[P]] {rope = #tile.rope<head_dim = 16, theta = 5.000000e+05, scaling = <factor = 8.000000e+00, low_freq_factor = 1.000000e+00, high_freq_factor = 4.000000e+00, original_max_position = 8192>>}
// CHECK-NEXT:   return [[A]]
func.func @rope_into_append(%c: tensor<32x64xbf16>, %k: tensor<1x64xbf16>, %p: tensor<1xi32>) -> tensor<32x64xbf16> {
  %r = tile.rope %k, %p {head_dim = 16 : i64, theta = 5.0e+05 : f32,
      scaling = #tile.llama3_scaling<factor = 8.0, low_freq_factor = 1.0, high_freq_factor = 4.0, original_max_position = 8192>}
      : tensor<1x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  %a = tile.kv_append %c, %r, %p : tensor<32x64xbf16>, tensor<1x64xbf16>, tensor<1xi32> -> tensor<32x64xbf16>
  return %a : tensor<32x64xbf16>
}

// Negative: the rotated key is also returned, so the rope stays.
// CHECK-LABEL: func.func @rope_two_uses
// CHECK:        [[R:%.*]] = tile.rope
// CHECK-NEXT:   tile.kv_append {{%.*}}, [[R]], {{%[^ ]*}} :
func.func @rope_two_uses(%c: tensor<32x64xbf16>, %k: tensor<1x64xbf16>, %p: tensor<1xi32>) -> (tensor<32x64xbf16>, tensor<1x64xbf16>) {
  %r = tile.rope %k, %p {head_dim = 16 : i64, theta = 1.0e+04 : f32} : tensor<1x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  %a = tile.kv_append %c, %r, %p : tensor<32x64xbf16>, tensor<1x64xbf16>, tensor<1xi32> -> tensor<32x64xbf16>
  return %a, %r : tensor<32x64xbf16>, tensor<1x64xbf16>
}

// Negative: rotated at other positions than it is stored at.
// CHECK-LABEL: func.func @rope_other_positions
// CHECK:        [[R:%.*]] = tile.rope
// CHECK-NEXT:   tile.kv_append {{%.*}}, [[R]], {{%[^ ]*}} :
func.func @rope_other_positions(%c: tensor<32x64xbf16>, %k: tensor<1x64xbf16>, %p: tensor<1xi32>, %q: tensor<1xi32>) -> tensor<32x64xbf16> {
  %r = tile.rope %k, %p {head_dim = 16 : i64, theta = 1.0e+04 : f32} : tensor<1x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  %a = tile.kv_append %c, %r, %q : tensor<32x64xbf16>, tensor<1x64xbf16>, tensor<1xi32> -> tensor<32x64xbf16>
  return %a : tensor<32x64xbf16>
}

// Negative: an append that already rotates is left alone (folding a second
// rope into it would rotate the key once instead of twice).
// CHECK-LABEL: func.func @rope_into_rotating_append
// CHECK:        [[R:%.*]] = tile.rope
// CHECK-NEXT:   tile.kv_append {{%.*}}, [[R]], {{%[^ ]*}} {rope = #tile.rope<head_dim = 16, theta = 1.000000e+04>}
func.func @rope_into_rotating_append(%c: tensor<32x64xbf16>, %k: tensor<1x64xbf16>, %p: tensor<1xi32>) -> tensor<32x64xbf16> {
  %r = tile.rope %k, %p {head_dim = 16 : i64, theta = 1.0e+04 : f32} : tensor<1x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  %a = tile.kv_append %c, %r, %p {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>} : tensor<32x64xbf16>, tensor<1x64xbf16>, tensor<1xi32> -> tensor<32x64xbf16>
  return %a : tensor<32x64xbf16>
}
