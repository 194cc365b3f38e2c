// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: func.func @rope_bf16
// CHECK-SAME: ([[X:%.*]]: tensor<1x4096xbf16>, [[POS:%.*]]: tensor<1xi32>)
func.func @rope_bf16(%x: tensor<1x4096xbf16>, %pos: tensor<1xi32>) -> tensor<1x4096xbf16> {
  // CHECK: [[R:%.*]] = tile.rope [[X]], [[POS]] {head_dim = 128 : i64, theta = 5.000000e+05 : f32} : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  // CHECK: return [[R]]
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32} : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
  return %r : tensor<1x4096xbf16>
}

// Llama 3.1 frequency scaling on a multi-token prefill.
// CHECK-LABEL: func.func @rope_llama3_scaling_f32
// CHECK-SAME: ([[X:%.*]]: tensor<6x1024xf32>, [[POS:%.*]]: tensor<6xi32>)
func.func @rope_llama3_scaling_f32(%x: tensor<6x1024xf32>, %pos: tensor<6xi32>) -> tensor<6x1024xf32> {
  // CHECK: [[R:%.*]] = tile.rope [[X]], [[POS]]
  // CHECK-SAME: head_dim = 128 : i64
  // CHECK-SAME: scaling = #tile.llama3_scaling<factor = 8.000000e+00, low_freq_factor = 1.000000e+00, high_freq_factor = 4.000000e+00, original_max_position = 8192>
  // CHECK-SAME: theta = 5.000000e+05 : f32
  // CHECK-SAME: : tensor<6x1024xf32>, tensor<6xi32> -> tensor<6x1024xf32>
  // CHECK: return [[R]]
  %r = tile.rope %x, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32,
      scaling = #tile.llama3_scaling<factor = 8.0, low_freq_factor = 1.0,
                                     high_freq_factor = 4.0, original_max_position = 8192>}
      : tensor<6x1024xf32>, tensor<6xi32> -> tensor<6x1024xf32>
  return %r : tensor<6x1024xf32>
}

// Non-integral scaling parameters survive the round trip.
// CHECK-LABEL: func.func @rope_llama3_scaling_f16
// CHECK-SAME: ([[X:%.*]]: tensor<2x64xf16>, [[POS:%.*]]: tensor<2xi32>)
func.func @rope_llama3_scaling_f16(%x: tensor<2x64xf16>, %pos: tensor<2xi32>) -> tensor<2x64xf16> {
  // CHECK: [[R:%.*]] = tile.rope [[X]], [[POS]]
  // CHECK-SAME: head_dim = 64 : i64
  // CHECK-SAME: scaling = #tile.llama3_scaling<factor = 3.200000e+01, low_freq_factor = 2.500000e-01, high_freq_factor = 1.500000e+00, original_max_position = 4096>
  // CHECK-SAME: theta = 1.000000e+04 : f32
  // CHECK-SAME: : tensor<2x64xf16>, tensor<2xi32> -> tensor<2x64xf16>
  // CHECK: return [[R]]
  %r = tile.rope %x, %pos {head_dim = 64 : i64, theta = 1.0e+04 : f32,
      scaling = #tile.llama3_scaling<factor = 32.0, low_freq_factor = 0.25,
                                     high_freq_factor = 1.5, original_max_position = 4096>}
      : tensor<2x64xf16>, tensor<2xi32> -> tensor<2x64xf16>
  return %r : tensor<2x64xf16>
}
