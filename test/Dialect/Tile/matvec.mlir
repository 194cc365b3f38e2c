// RUN: tile-opt %s | tile-opt | FileCheck %s
// RUN: tile-opt %s --mlir-print-op-generic | tile-opt | FileCheck %s

// CHECK-LABEL: tile.program @matvec
// CHECK:         [[W:%.*]] = tile.buffer @w kind(weight) source("proj.weight") : memref<64x176xbf16>
// CHECK-NEXT:    [[X:%.*]] = tile.buffer @x kind(activation) : memref<176xbf16>
// CHECK-NEXT:    [[Y:%.*]] = tile.buffer @y kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[B:%.*]] = tile.buffer @b kind(weight) source("proj.bias") slice [0, 64, 128, 128] : memref<64xbf16>
// CHECK-NEXT:    [[R:%.*]] = tile.buffer @r kind(activation) : memref<64xbf16>
// CHECK-NEXT:    [[N:%.*]] = tile.buffer @n kind(weight) : memref<176xbf16>
tile.program @matvec device(0) target("sm_90a") workers(4) {
  %w = tile.buffer @w kind(weight) source("proj.weight") : memref<64x176xbf16>
  %x = tile.buffer @x kind(activation) : memref<176xbf16>
  %y = tile.buffer @y kind(activation) : memref<64xbf16>
  %b = tile.buffer @b kind(weight) source("proj.bias") slice [0, 64, 128, 128] : memref<64xbf16>
  %r = tile.buffer @r kind(activation) : memref<64xbf16>
  %n = tile.buffer @n kind(weight) : memref<176xbf16>

  // No prologue and no epilogue.
  // CHECK:         tile.task @plain {
  // CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(0, 32) : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  // CHECK-NEXT:    }
  tile.task @plain {
    tile.matvec %w, %x to %y rows(0, 32) : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  }
  // CHECK-NEXT:    tile.task @bias {
  // CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(32, 64) bias([[B]] : memref<64xbf16>) : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  // CHECK-NEXT:    }
  tile.task @bias {
    tile.matvec %w, %x to %y rows(32, 64) bias(%b : memref<64xbf16>) : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  }
  // CHECK-NEXT:    tile.task @residual {
  // CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(0, 1) residual([[R]] : memref<64xbf16>) : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  // CHECK-NEXT:    }
  tile.task @residual {
    tile.matvec %w, %x to %y rows(0, 1) residual(%r : memref<64xbf16>) : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  }
  // CHECK-NEXT:    tile.task @norm {
  // CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(63, 64) norm([[N]] : memref<176xbf16>) {norm_epsilon = 9.99999974E-6 : f32} : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  // CHECK-NEXT:    }
  tile.task @norm {
    tile.matvec %w, %x to %y rows(63, 64) norm(%n : memref<176xbf16>) {norm_epsilon = 1.0e-05 : f32} : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  }
  // All three optional operands at once; the printer keeps the order
  // bias, residual, norm.
  // CHECK-NEXT:    tile.task @all worker(2) order(1) {
  // CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(0, 64) bias([[B]] : memref<64xbf16>) residual([[R]] : memref<64xbf16>) norm([[N]] : memref<176xbf16>) {norm_epsilon = 9.99999997E-7 : f32} : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  // CHECK-NEXT:    }
  tile.task @all worker(2) order(1) {
    tile.matvec %w, %x to %y rows(0, 64) bias(%b : memref<64xbf16>) residual(%r : memref<64xbf16>) norm(%n : memref<176xbf16>) {norm_epsilon = 1.0e-06 : f32} : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  }
  // The residual may be the output itself (in-place residual add).
  // CHECK-NEXT:    tile.task @in_place {
  // CHECK-NEXT:      tile.matvec [[W]], [[X]] to [[Y]] rows(16, 48) residual([[Y]] : memref<64xbf16>) : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  // CHECK-NEXT:    }
  tile.task @in_place {
    tile.matvec %w, %x to %y rows(16, 48) residual(%y : memref<64xbf16>) : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
  }
}

// Wider activations and output than the weights (fp32 logits).
// CHECK-LABEL: tile.program @logits
// CHECK:         tile.matvec {{%.*}}, {{%.*}} to {{%.*}} rows(0, 128) norm({{%.*}} : memref<64xf16>) {norm_epsilon = 9.99999974E-6 : f32} : memref<128x64xf16>, memref<64xf32>, memref<128xf32>
tile.program @logits device(1) target("host") workers(1) {
  %w = tile.buffer @lm_head kind(weight) : memref<128x64xf16>
  %x = tile.buffer @h kind(activation) : memref<64xf32>
  %n = tile.buffer @final_norm kind(weight) : memref<64xf16>
  %y = tile.buffer @logits kind(output) : memref<128xf32>
  tile.task @project worker(0) order(0) {
    tile.matvec %w, %x to %y rows(0, 128) norm(%n : memref<64xf16>) {norm_epsilon = 1.0e-05 : f32} : memref<128x64xf16>, memref<64xf32>, memref<128xf32>
  }
}

// The projection after attention takes the attention's partials (2 chunks x
// 4 heads x (16 + 2)) as x and merges them first, into 64 columns of bf16.
// CHECK-LABEL: tile.program @after_attention
// CHECK:         tile.matvec {{%.*}}, {{%.*}} to {{%.*}} rows(0, 32) residual({{%.*}} : memref<64xbf16>) {x_type = bf16} : memref<64x64xbf16>, memref<2x4x18xf32>, memref<64xbf16>
tile.program @after_attention device(2) target("sm_90a") workers(1) {
  %w = tile.buffer @o_proj kind(weight) : memref<64x64xbf16>
  %part = tile.buffer @attn.partial kind(scratch) : memref<2x4x18xf32>
  %h = tile.buffer @h kind(activation) : memref<64xbf16>
  %y = tile.buffer @y kind(activation) : memref<64xbf16>
  tile.task @o worker(0) order(0) {
    tile.matvec %w, %part to %y rows(0, 32) residual(%h : memref<64xbf16>) {x_type = bf16} : memref<64x64xbf16>, memref<2x4x18xf32>, memref<64xbf16>
  }
}
