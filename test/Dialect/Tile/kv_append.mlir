// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @kv_append_bf16
// CHECK-SAME: ([[CACHE:%.*]]: tensor<512x1024xbf16>, [[K:%.*]]: tensor<1x1024xbf16>, [[POS:%.*]]: tensor<1xi32>)
func.func @kv_append_bf16(%cache: tensor<512x1024xbf16>, %k: tensor<1x1024xbf16>, %pos: tensor<1xi32>) -> tensor<512x1024xbf16> {
  // CHECK: [[C:%.*]] = tile.kv_append [[CACHE]], [[K]], [[POS]] : tensor<512x1024xbf16>, tensor<1x1024xbf16>, tensor<1xi32> -> tensor<512x1024xbf16>
  // CHECK: return [[C]]
  %c = tile.kv_append %cache, %k, %pos : tensor<512x1024xbf16>, tensor<1x1024xbf16>, tensor<1xi32> -> tensor<512x1024xbf16>
  return %c : tensor<512x1024xbf16>
}

// Prefill writes several rows; appends chain through the returned cache.
// CHECK-LABEL: func.func @kv_append_chain_f32
// CHECK-SAME: ([[CACHE:%.*]]: tensor<64x128xf32>, [[K:%.*]]: tensor<8x128xf32>, [[POS:%.*]]: tensor<8xi32>, [[K2:%.*]]: tensor<1x128xf32>, [[POS2:%.*]]: tensor<1xi32>)
func.func @kv_append_chain_f32(%cache: tensor<64x128xf32>, %k: tensor<8x128xf32>, %pos: tensor<8xi32>,
                               %k2: tensor<1x128xf32>, %pos2: tensor<1xi32>) -> tensor<64x128xf32> {
  // CHECK: [[C1:%.*]] = tile.kv_append [[CACHE]], [[K]], [[POS]] : tensor<64x128xf32>, tensor<8x128xf32>, tensor<8xi32> -> tensor<64x128xf32>
  // CHECK: [[C2:%.*]] = tile.kv_append [[C1]], [[K2]], [[POS2]] : tensor<64x128xf32>, tensor<1x128xf32>, tensor<1xi32> -> tensor<64x128xf32>
  // CHECK: return [[C2]]
  %c1 = tile.kv_append %cache, %k, %pos : tensor<64x128xf32>, tensor<8x128xf32>, tensor<8xi32> -> tensor<64x128xf32>
  %c2 = tile.kv_append %c1, %k2, %pos2 : tensor<64x128xf32>, tensor<1x128xf32>, tensor<1xi32> -> tensor<64x128xf32>
  return %c2 : tensor<64x128xf32>
}

// The update may fill the whole cache.
// CHECK-LABEL: func.func @kv_append_full_f16
// CHECK-SAME: ([[CACHE:%.*]]: tensor<4x32xf16>, [[V:%.*]]: tensor<4x32xf16>, [[POS:%.*]]: tensor<4xi32>)
func.func @kv_append_full_f16(%cache: tensor<4x32xf16>, %v: tensor<4x32xf16>, %pos: tensor<4xi32>) -> tensor<4x32xf16> {
  // CHECK: [[C:%.*]] = tile.kv_append [[CACHE]], [[V]], [[POS]] : tensor<4x32xf16>, tensor<4x32xf16>, tensor<4xi32> -> tensor<4x32xf16>
  // CHECK: return [[C]]
  %c = tile.kv_append %cache, %v, %pos : tensor<4x32xf16>, tensor<4x32xf16>, tensor<4xi32> -> tensor<4x32xf16>
  return %c : tensor<4x32xf16>
}

// A rotating append (what tile-fuse makes of kv_append(rope(k))): the rope
// attribute round-trips, with and without Llama 3 scaling.
// CHECK-LABEL: func.func @kv_append_rope
// CHECK: tile.kv_append {{.*}} {rope = #tile.rope<head_dim = 64, theta = 5.000000e+05>}
// CHECK: tile.kv_append {{.*}} {rope = #tile.rope<head_dim = 128, theta = 5.000000e+05, scaling = <factor = 8.000000e+00, low_freq_factor = 1.000000e+00, high_freq_factor = 4.000000e+00, original_max_position = 8192>>}
func.func @kv_append_rope(%cache: tensor<512x1024xbf16>, %k: tensor<1x1024xbf16>, %pos: tensor<1xi32>) -> (tensor<512x1024xbf16>, tensor<512x1024xbf16>) {
  %c = tile.kv_append %cache, %k, %pos {rope = #tile.rope<head_dim = 64, theta = 5.0e+05>} : tensor<512x1024xbf16>, tensor<1x1024xbf16>, tensor<1xi32> -> tensor<512x1024xbf16>
  %d = tile.kv_append %cache, %k, %pos {rope = #tile.rope<head_dim = 128, theta = 5.0e+05, scaling = #tile.llama3_scaling<factor = 8.0, low_freq_factor = 1.0, high_freq_factor = 4.0, original_max_position = 8192>>} : tensor<512x1024xbf16>, tensor<1x1024xbf16>, tensor<1xi32> -> tensor<512x1024xbf16>
  return %c, %d : tensor<512x1024xbf16>, tensor<512x1024xbf16>
}
