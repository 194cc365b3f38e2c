// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @position
func.func @position() -> tensor<1xi32> {
  // CHECK: [[P:%.*]] = tile.position : tensor<1xi32>
  // CHECK: return [[P]]
  %pos = tile.position : tensor<1xi32>
  return %pos : tensor<1xi32>
}

// The position feeds rope, kv_append and attention.
// CHECK-LABEL: func.func @position_users
// CHECK-SAME: ([[Q:%.*]]: tensor<1x64xbf16>, [[K:%.*]]: tensor<1x32xbf16>, [[KC:%.*]]: tensor<16x32xbf16>)
func.func @position_users(%q: tensor<1x64xbf16>, %k: tensor<1x32xbf16>, %kc: tensor<16x32xbf16>) -> tensor<1x64xbf16> {
  // CHECK: [[P:%.*]] = tile.position {tile.note} : tensor<1xi32>
  // CHECK: [[QR:%.*]] = tile.rope [[Q]], [[P]] {head_dim = 16 : i64, theta = 1.000000e+04 : f32}
  // CHECK: [[KC1:%.*]] = tile.kv_append [[KC]], [[K]], [[P]]
  // CHECK: tile.attention [[QR]], [[KC1]], [[KC1]], [[P]]
  %pos = tile.position {tile.note} : tensor<1xi32>
  %qr = tile.rope %q, %pos {head_dim = 16 : i64, theta = 1.0e+04 : f32} : tensor<1x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  %kc1 = tile.kv_append %kc, %k, %pos : tensor<16x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<16x32xbf16>
  %o = tile.attention %qr, %kc1, %kc1, %pos {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64}
      : tensor<1x64xbf16>, tensor<16x32xbf16>, tensor<16x32xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  return %o : tensor<1x64xbf16>
}
