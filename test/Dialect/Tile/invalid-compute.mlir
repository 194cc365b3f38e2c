// RUN: tile-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// Placement: every compute op is in a task and works on tile.buffer memrefs
//===----------------------------------------------------------------------===//

func.func @outside_task(%l: memref<8xf32>, %o: memref<1xi32>) {
  // expected-error @+1 {{'tile.argmax_row' op must be inside a tile.task}}
  tile.argmax_row %l to %o : memref<8xf32>, memref<1xi32>
  return
}

// -----

// Directly in the program: the op's own check fires before the program's.
tile.program @p device(0) target("sm_90a") workers(1) {
  %a = tile.buffer @a kind(activation) : memref<8xf32>
  // expected-error @+1 {{'tile.ewise' op must be inside a tile.task}}
  tile.ewise add %a, %a to %a range(0, 8) : memref<8xf32>, memref<8xf32>, memref<8xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %l = tile.buffer @l kind(activation) : memref<8xf32>
  tile.task @t {
    %o = memref.alloc() : memref<1xi32>
    // expected-error @+1 {{'tile.argmax_row' op memref operands must be defined by tile.buffer}}
    tile.argmax_row %l to %o : memref<8xf32>, memref<1xi32>
  }
}

// -----

// A memref block argument of the task body is not a buffer either.
tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  tile.task @t {
  ^bb0(%x: memref<4xf32>):
    // expected-error @+1 {{'tile.matvec' op memref operands must be defined by tile.buffer}}
    tile.matvec %w, %x to %y rows(0, 8) : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.embed_row
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %t = tile.buffer @t kind(weight) : memref<32x16xbf16>
  %i = tile.buffer @i kind(input) : memref<2xi32>
  %h = tile.buffer @h kind(activation) : memref<16xbf16>
  tile.task @e {
    // expected-error @+1 {{'tile.embed_row' op ids must hold one token id}}
    tile.embed_row %t[%i] to %h : memref<32x16xbf16>, memref<2xi32>, memref<16xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %t = tile.buffer @t kind(weight) : memref<32x16xbf16>
  %i = tile.buffer @i kind(input) : memref<1xi32>
  %h = tile.buffer @h kind(activation) : memref<32xbf16>
  tile.task @e {
    // expected-error @+1 {{'tile.embed_row' op out has 32 elements, expected 16 (the table's row length)}}
    tile.embed_row %t[%i] to %h : memref<32x16xbf16>, memref<1xi32>, memref<32xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %t = tile.buffer @t kind(weight) : memref<32x16xbf16>
  %i = tile.buffer @i kind(input) : memref<1xi8>
  %h = tile.buffer @h kind(activation) : memref<16xbf16>
  tile.task @e {
    // expected-error @+1 {{'tile.embed_row' op operand #1 must be 1D memref of 32-bit signless integer values, but got 'memref<1xi8>'}}
    tile.embed_row %t[%i] to %h : memref<32x16xbf16>, memref<1xi8>, memref<16xbf16>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.rmsnorm_rows
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<64xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op group_size 0 must be positive and divide x's 64 elements}}
    tile.rmsnorm_rows %x, %w to %x groups(0, 1) size(0) {epsilon = 1.0e-05 : f32} : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<48xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op group_size 48 must be positive and divide x's 64 elements}}
    tile.rmsnorm_rows %x, %w to %x groups(0, 1) size(48) {epsilon = 1.0e-05 : f32} : memref<64xbf16>, memref<48xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<64xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op group_size -64 must be positive and divide x's 64 elements}}
    tile.rmsnorm_rows %x, %w to %x groups(0, 1) size(-64) {epsilon = 1.0e-05 : f32} : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<64xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op epsilon must be positive}}
    tile.rmsnorm_rows %x, %w to %x groups(0, 1) size(64) {epsilon = 0.0 : f32} : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<64xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op epsilon must be positive}}
    tile.rmsnorm_rows %x, %w to %x groups(0, 1) size(64) {epsilon = -1.0e-05 : f32} : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<64xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op weight has 64 elements, expected 16 (the group size)}}
    tile.rmsnorm_rows %x, %w to %x groups(0, 4) size(16) {epsilon = 1.0e-05 : f32} : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<64xbf16>
  %y = tile.buffer @y kind(activation) : memref<32xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op y has 32 elements, expected 64 (like x)}}
    tile.rmsnorm_rows %x, %w to %y groups(0, 1) size(64) {epsilon = 1.0e-05 : f32} : memref<64xbf16>, memref<64xbf16>, memref<32xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<16xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op groups [2, 5) is not a non-empty part of [0, 4)}}
    tile.rmsnorm_rows %x, %w to %x groups(2, 5) size(16) {epsilon = 1.0e-05 : f32} : memref<64xbf16>, memref<16xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<16xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op groups [3, 3) is not a non-empty part of [0, 4)}}
    tile.rmsnorm_rows %x, %w to %x groups(3, 3) size(16) {epsilon = 1.0e-05 : f32} : memref<64xbf16>, memref<16xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<16xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op groups [-1, 2) is not a non-empty part of [0, 4)}}
    tile.rmsnorm_rows %x, %w to %x groups(-1, 2) size(16) {epsilon = 1.0e-05 : f32} : memref<64xbf16>, memref<16xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %w = tile.buffer @w kind(weight) : memref<64xbf16>
  tile.task @n {
    // expected-error @+1 {{'tile.rmsnorm_rows' op requires attribute 'epsilon'}}
    "tile.rmsnorm_rows"(%x, %w, %x) <{group_begin = 0 : i64, group_end = 1 : i64, group_size = 64 : i64}> : (memref<64xbf16>, memref<64xbf16>, memref<64xbf16>) -> ()
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.matvec
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x64xbf16>
  %x = tile.buffer @x kind(scratch) : memref<2x4x18xf32>
  %y = tile.buffer @y kind(activation) : memref<8xbf16>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op x is attention partials (rank 3): x_type must say the merged x's element type}}
    tile.matvec %w, %x to %y rows(0, 8) : memref<8x64xbf16>, memref<2x4x18xf32>, memref<8xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x60xbf16>
  %x = tile.buffer @x kind(scratch) : memref<2x4x18xf32>
  %y = tile.buffer @y kind(activation) : memref<8xbf16>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op attention partials of 4 heads x 16 make 64 columns, but the weight has 60}}
    tile.matvec %w, %x to %y rows(0, 8) {x_type = bf16} : memref<8x60xbf16>, memref<2x4x18xf32>, memref<8xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x64xbf16>
  %x = tile.buffer @x kind(scratch) : memref<2x4x18xf32>
  %y = tile.buffer @y kind(activation) : memref<8xbf16>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op x_type must be f32, bf16 or f16, got 'i32'}}
    tile.matvec %w, %x to %y rows(0, 8) {x_type = i32} : memref<8x64xbf16>, memref<2x4x18xf32>, memref<8xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x64xbf16>
  %x = tile.buffer @x kind(scratch) : memref<2x4x18xf32>
  %n = tile.buffer @n kind(weight) : memref<64xbf16>
  %y = tile.buffer @y kind(activation) : memref<8xbf16>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op a norm prologue cannot follow attention partials}}
    tile.matvec %w, %x to %y rows(0, 8) norm(%n : memref<64xbf16>) {norm_epsilon = 1.0e-05 : f32, x_type = bf16} : memref<8x64xbf16>, memref<2x4x18xf32>, memref<8xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op x_type is only for attention partials (rank-3 x)}}
    tile.matvec %w, %x to %y rows(0, 8) {x_type = bf16} : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<8xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op x has 8 elements, expected 4 (the weight's columns)}}
    tile.matvec %w, %x to %y rows(0, 8) : memref<8x4xf32>, memref<8xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<4xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op y has 4 elements, expected 8 (the weight's rows)}}
    tile.matvec %w, %x to %y rows(0, 4) : memref<8x4xf32>, memref<4xf32>, memref<4xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op rows [4, 9) is not a non-empty part of [0, 8)}}
    tile.matvec %w, %x to %y rows(4, 9) : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op rows [5, 4) is not a non-empty part of [0, 8)}}
    tile.matvec %w, %x to %y rows(5, 4) : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  %n = tile.buffer @n kind(weight) : memref<4xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op norm_epsilon must be set exactly when norm is}}
    tile.matvec %w, %x to %y rows(0, 8) norm(%n : memref<4xf32>) : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op norm_epsilon must be set exactly when norm is}}
    tile.matvec %w, %x to %y rows(0, 8) {norm_epsilon = 1.0e-05 : f32} : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  %n = tile.buffer @n kind(weight) : memref<8xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op norm weight has 8 elements, expected 4 (the weight's columns)}}
    tile.matvec %w, %x to %y rows(0, 8) norm(%n : memref<8xf32>) {norm_epsilon = 1.0e-05 : f32} : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  %b = tile.buffer @b kind(weight) : memref<4xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op bias has 4 elements, expected 8 (the weight's rows)}}
    tile.matvec %w, %x to %y rows(0, 8) bias(%b : memref<4xf32>) : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  %r = tile.buffer @r kind(activation) : memref<16xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op residual has 16 elements, expected 8 (the weight's rows)}}
    tile.matvec %w, %x to %y rows(0, 8) residual(%r : memref<16xf32>) : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<32xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op operand #0 must be 2D memref of bfloat16 type or 16-bit float or 32-bit float values, but got 'memref<32xf32>'}}
    tile.matvec %w, %x to %y rows(0, 8) : memref<32xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op requires attribute 'row_begin'}}
    "tile.matvec"(%w, %x, %y) <{row_end = 8 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 0, 0, 0>}> : (memref<8x4xf32>, memref<4xf32>, memref<8xf32>) -> ()
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.matvec_swiglu
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %g = tile.buffer @g kind(weight) : memref<8x4xbf16>
  %u = tile.buffer @u kind(weight) : memref<8x4xbf16>
  %x = tile.buffer @x kind(activation) : memref<8xbf16>
  %y = tile.buffer @y kind(activation) : memref<8xbf16>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec_swiglu' op x has 8 elements, expected 4 (the weight's columns)}}
    tile.matvec_swiglu %g, %u, %x to %y rows(0, 8) : memref<8x4xbf16>, memref<8xbf16>, memref<8xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %g = tile.buffer @g kind(weight) : memref<8x4xbf16>
  %u = tile.buffer @u kind(weight) : memref<8x4xbf16>
  %x = tile.buffer @x kind(activation) : memref<4xbf16>
  %y = tile.buffer @y kind(activation) : memref<4xbf16>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec_swiglu' op y has 4 elements, expected 8 (the weight's rows)}}
    tile.matvec_swiglu %g, %u, %x to %y rows(0, 4) : memref<8x4xbf16>, memref<4xbf16>, memref<4xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %g = tile.buffer @g kind(weight) : memref<8x4xbf16>
  %u = tile.buffer @u kind(weight) : memref<8x4xbf16>
  %x = tile.buffer @x kind(activation) : memref<4xbf16>
  %y = tile.buffer @y kind(activation) : memref<8xbf16>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec_swiglu' op rows [0, 0) is not a non-empty part of [0, 8)}}
    tile.matvec_swiglu %g, %u, %x to %y rows(0, 0) : memref<8x4xbf16>, memref<4xbf16>, memref<8xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %g = tile.buffer @g kind(weight) : memref<8x4xbf16>
  %u = tile.buffer @u kind(weight) : memref<8x4xbf16>
  %x = tile.buffer @x kind(activation) : memref<4xbf16>
  %y = tile.buffer @y kind(activation) : memref<8xbf16>
  %n = tile.buffer @n kind(weight) : memref<4xbf16>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec_swiglu' op norm_epsilon must be set exactly when norm is}}
    tile.matvec_swiglu %g, %u, %x to %y rows(0, 8) norm(%n : memref<4xbf16>) : memref<8x4xbf16>, memref<4xbf16>, memref<8xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %g = tile.buffer @g kind(weight) : memref<8x4xbf16>
  %u = tile.buffer @u kind(weight) : memref<8x4xbf16>
  %x = tile.buffer @x kind(activation) : memref<4xbf16>
  %y = tile.buffer @y kind(activation) : memref<8xbf16>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec_swiglu' op norm_epsilon must be set exactly when norm is}}
    tile.matvec_swiglu %g, %u, %x to %y rows(0, 8) {norm_epsilon = 1.0e-05 : f32} : memref<8x4xbf16>, memref<4xbf16>, memref<8xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %g = tile.buffer @g kind(weight) : memref<8x4xbf16>
  %u = tile.buffer @u kind(weight) : memref<8x4xbf16>
  %x = tile.buffer @x kind(activation) : memref<4xbf16>
  %y = tile.buffer @y kind(activation) : memref<8xbf16>
  %n = tile.buffer @n kind(weight) : memref<3xbf16>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec_swiglu' op norm weight has 3 elements, expected 4 (the weight's columns)}}
    tile.matvec_swiglu %g, %u, %x to %y rows(0, 8) norm(%n : memref<3xbf16>) {norm_epsilon = 1.0e-05 : f32} : memref<8x4xbf16>, memref<4xbf16>, memref<8xbf16>
  }
}

// -----

// The custom form names one weight type; the generic form can disagree.
tile.program @p device(0) target("sm_90a") workers(1) {
  %g = tile.buffer @g kind(weight) : memref<8x4xf32>
  %u = tile.buffer @u kind(weight) : memref<8x4xbf16>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec_swiglu' op failed to verify that all of {gate_weight, up_weight} have same type}}
    "tile.matvec_swiglu"(%g, %u, %x, %y) <{row_begin = 0 : i64, row_end = 8 : i64, operandSegmentSizes = array<i32: 1, 1, 1, 1, 0>}> : (memref<8x4xf32>, memref<8x4xbf16>, memref<4xf32>, memref<8xf32>) -> ()
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.rope_heads
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  tile.task @r {
    // expected-error @+1 {{'tile.rope_heads' op head_dim 15 must be positive, even and divide x's 64 elements}}
    tile.rope_heads %x to %x heads(0, 4) {head_dim = 15 : i64, theta = 1.0e+04 : f32} : memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  tile.task @r {
    // expected-error @+1 {{'tile.rope_heads' op head_dim 0 must be positive, even and divide x's 64 elements}}
    tile.rope_heads %x to %x heads(0, 4) {head_dim = 0 : i64, theta = 1.0e+04 : f32} : memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  tile.task @r {
    // expected-error @+1 {{'tile.rope_heads' op head_dim 24 must be positive, even and divide x's 64 elements}}
    tile.rope_heads %x to %x heads(0, 2) {head_dim = 24 : i64, theta = 1.0e+04 : f32} : memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  tile.task @r {
    // expected-error @+1 {{'tile.rope_heads' op theta must be positive}}
    tile.rope_heads %x to %x heads(0, 4) {head_dim = 16 : i64, theta = 0.0 : f32} : memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  %y = tile.buffer @y kind(activation) : memref<48xbf16>
  tile.task @r {
    // expected-error @+1 {{'tile.rope_heads' op y has 48 elements, expected 64 (like x)}}
    tile.rope_heads %x to %y heads(0, 4) {head_dim = 16 : i64, theta = 1.0e+04 : f32} : memref<64xbf16>, memref<48xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  tile.task @r {
    // expected-error @+1 {{'tile.rope_heads' op heads [0, 5) is not a non-empty part of [0, 4)}}
    tile.rope_heads %x to %x heads(0, 5) {head_dim = 16 : i64, theta = 1.0e+04 : f32} : memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  tile.task @r {
    // expected-error @+1 {{'tile.rope_heads' op attribute 'head_dim' failed to satisfy constraint: 64-bit signless integer attribute}}
    "tile.rope_heads"(%x, %x) <{head_begin = 0 : i64, head_end = 4 : i64, head_dim = 16 : i32, theta = 1.0e+04 : f32}> : (memref<64xbf16>, memref<64xbf16>) -> ()
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<64xbf16>
  tile.task @r {
    // expected-error @+1 {{llama3 scaling factor must be positive}}
    tile.rope_heads %x to %x heads(0, 4) {head_dim = 16 : i64, theta = 1.0e+04 : f32, scaling = #tile.llama3_scaling<factor = -1.0, low_freq_factor = 1.0, high_freq_factor = 4.0, original_max_position = 8192>} : memref<64xbf16>, memref<64xbf16>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.rope_append
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %k = tile.buffer @k kind(activation) : memref<32xf32>
  %c = tile.buffer @c kind(kv_cache) : memref<128x32xbf16>
  tile.task @s {
    // expected-error @+1 {{'tile.rope_append' op key and caches must have the same element type}}
    tile.rope_append %q to %q, %k to %c, %k to %c {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>} : memref<64xbf16>, memref<64xbf16>, memref<32xf32>, memref<128x32xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<48xbf16>
  %k = tile.buffer @k kind(activation) : memref<36xbf16>
  %c = tile.buffer @c kind(kv_cache) : memref<128x36xbf16>
  tile.task @s {
    // expected-error @+1 {{'tile.rope_append' op rope head_dim 16 does not divide the caches' row length 36}}
    tile.rope_append %q to %q, %k to %c, %k to %c {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>} : memref<48xbf16>, memref<48xbf16>, memref<36xbf16>, memref<128x36xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<40xbf16>
  %k = tile.buffer @k kind(activation) : memref<32xbf16>
  %c = tile.buffer @c kind(kv_cache) : memref<128x32xbf16>
  tile.task @s {
    // expected-error @+1 {{'tile.rope_append' op rope head_dim 16 does not divide the query's 40 elements}}
    tile.rope_append %q to %q, %k to %c, %k to %c {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>} : memref<40xbf16>, memref<40xbf16>, memref<32xbf16>, memref<128x32xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %qr = tile.buffer @qr kind(activation) : memref<32xbf16>
  %k = tile.buffer @k kind(activation) : memref<32xbf16>
  %c = tile.buffer @c kind(kv_cache) : memref<128x32xbf16>
  tile.task @s {
    // expected-error @+1 {{'tile.rope_append' op query_out has 32 elements, expected 64 (the query's size)}}
    tile.rope_append %q to %qr, %k to %c, %k to %c {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>} : memref<64xbf16>, memref<32xbf16>, memref<32xbf16>, memref<128x32xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %k = tile.buffer @k kind(activation) : memref<16xbf16>
  %c = tile.buffer @c kind(kv_cache) : memref<128x32xbf16>
  tile.task @s {
    // expected-error @+1 {{'tile.rope_append' op key has 16 elements, expected 32 (the caches' row length)}}
    tile.rope_append %q to %q, %k to %c, %k to %c {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>} : memref<64xbf16>, memref<64xbf16>, memref<16xbf16>, memref<128x32xbf16>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.kv_store
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %k = tile.buffer @k kind(activation) : memref<32xf32>
  %c = tile.buffer @c kind(kv_cache) : memref<128x32xbf16>
  tile.task @s {
    // expected-error @+1 {{'tile.kv_store' op source and cache must have the same element type}}
    tile.kv_store %k to %c : memref<32xf32>, memref<128x32xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %k = tile.buffer @k kind(activation) : memref<36xbf16>
  %c = tile.buffer @c kind(kv_cache) : memref<128x36xbf16>
  tile.task @s {
    // expected-error @+1 {{'tile.kv_store' op rope head_dim 16 does not divide the cache's row length 36}}
    tile.kv_store %k to %c {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>} : memref<36xbf16>, memref<128x36xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %k = tile.buffer @k kind(activation) : memref<16xbf16>
  %c = tile.buffer @c kind(kv_cache) : memref<128x32xbf16>
  tile.task @s {
    // expected-error @+1 {{'tile.kv_store' op source has 16 elements, expected 32 (the cache's row length)}}
    tile.kv_store %k to %c : memref<16xbf16>, memref<128x32xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %k = tile.buffer @k kind(activation) : memref<32xbf16>
  %c = tile.buffer @c kind(kv_cache) : memref<4096xbf16>
  tile.task @s {
    // expected-error @+1 {{'tile.kv_store' op operand #1 must be 2D memref of bfloat16 type or 16-bit float or 32-bit float values, but got 'memref<4096xbf16>'}}
    tile.kv_store %k to %c : memref<32xbf16>, memref<4096xbf16>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.attention_partial
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op needs positive num_heads, num_kv_heads, head_dim and chunk_size, num_heads a multiple of num_kv_heads}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 3 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op needs positive num_heads, num_kv_heads, head_dim and chunk_size, num_heads a multiple of num_kv_heads}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 0 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op needs positive num_heads, num_kv_heads, head_dim and chunk_size, num_heads a multiple of num_kv_heads}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 0 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xf32>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op query and caches must have the same element type}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xf32>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<32xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op query has 32 elements, expected 64 (num_heads * head_dim)}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<32xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// -----

// The cache holds 128 rows of 64 features, but 2 KV heads of dim 16 need 32.
tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x64xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x64xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op key cache has 8192 elements, expected 4096 (max_seq_len * num_kv_heads * head_dim)}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x64xbf16>, memref<2x4x18xf32>
  }
}

// -----

// 128 positions in chunks of 32 make 4 chunks, not 2.
tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op partial must be [chunks, num_heads, head_dim + 2] = [4, 4, 18]}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 32 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// -----

// A partial without room for the running max and sum.
tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x16xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op partial must be [chunks, num_heads, head_dim + 2] = [2, 4, 18]}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x16xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op scale must be positive}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = -0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op kv_head [2, 3) is not a non-empty part of [0, 2)}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(2) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op kv_head [-1, 0) is not a non-empty part of [0, 2)}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(-1) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op chunk [2, 3) is not a non-empty part of [0, 2)}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(1) chunk(2)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op failed to verify that all of {key_cache, value_cache} have same type}}
    "tile.attention_partial"(%q, %kc, %vc, %p) <{kv_head = 0 : i64, chunk = 0 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}> : (memref<64xbf16>, memref<128x32xbf16>, memref<128x32xf16>, memref<2x4x18xf32>) -> ()
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %q = tile.buffer @q kind(activation) : memref<64xbf16>
  %kc = tile.buffer @kc kind(kv_cache) : memref<128x32xbf16>
  %vc = tile.buffer @vc kind(kv_cache) : memref<128x32xbf16>
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xbf16>
  tile.task @a {
    // expected-error @+1 {{'tile.attention_partial' op operand #3 must be 3D memref of 32-bit float values, but got 'memref<2x4x18xbf16>'}}
    tile.attention_partial %q, %kc, %vc to %p kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xbf16>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.attention_combine
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %p = tile.buffer @p kind(scratch) : memref<2x4x2xf32>
  %o = tile.buffer @o kind(activation) : memref<4xbf16>
  tile.task @c {
    // expected-error @+1 {{'tile.attention_combine' op partial's last dimension must be head_dim + 2 > 2}}
    tile.attention_combine %p to %o heads(0, 4) : memref<2x4x2xf32>, memref<4xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  %o = tile.buffer @o kind(activation) : memref<32xbf16>
  tile.task @c {
    // expected-error @+1 {{'tile.attention_combine' op out has 32 elements, expected 64 (num_heads * head_dim)}}
    tile.attention_combine %p to %o heads(0, 2) : memref<2x4x18xf32>, memref<32xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %p = tile.buffer @p kind(scratch) : memref<2x4x18xf32>
  %o = tile.buffer @o kind(activation) : memref<64xbf16>
  tile.task @c {
    // expected-error @+1 {{'tile.attention_combine' op heads [2, 6) is not a non-empty part of [0, 4)}}
    tile.attention_combine %p to %o heads(2, 6) : memref<2x4x18xf32>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %p = tile.buffer @p kind(scratch) : memref<1x2x6xbf16>
  %o = tile.buffer @o kind(activation) : memref<8xf32>
  tile.task @c {
    // expected-error @+1 {{'tile.attention_combine' op operand #0 must be 3D memref of 32-bit float values, but got 'memref<1x2x6xbf16>'}}
    tile.attention_combine %p to %o heads(0, 2) : memref<1x2x6xbf16>, memref<8xf32>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.ewise
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %a = tile.buffer @a kind(activation) : memref<64xbf16>
  %b = tile.buffer @b kind(activation) : memref<32xbf16>
  %y = tile.buffer @y kind(activation) : memref<64xbf16>
  tile.task @e {
    // expected-error @+1 {{'tile.ewise' op lhs, rhs and y must have the same number of elements, got 64, 32 and 64}}
    tile.ewise add %a, %b to %y range(0, 32) : memref<64xbf16>, memref<32xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %a = tile.buffer @a kind(activation) : memref<64xbf16>
  %y = tile.buffer @y kind(activation) : memref<128xbf16>
  tile.task @e {
    // expected-error @+1 {{'tile.ewise' op lhs, rhs and y must have the same number of elements, got 64, 64 and 128}}
    tile.ewise silu_mul %a, %a to %y range(0, 64) : memref<64xbf16>, memref<64xbf16>, memref<128xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %a = tile.buffer @a kind(activation) : memref<64xbf16>
  tile.task @e {
    // expected-error @+1 {{'tile.ewise' op range [32, 65) is not a non-empty part of [0, 64)}}
    tile.ewise add %a, %a to %a range(32, 65) : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %a = tile.buffer @a kind(activation) : memref<4xi32>
  %b = tile.buffer @b kind(activation) : memref<4xf32>
  tile.task @e {
    // expected-error @+1 {{'tile.ewise' op operand #0 must be 1D memref of bfloat16 type or 16-bit float or 32-bit float values, but got 'memref<4xi32>'}}
    tile.ewise add %a, %b to %b range(0, 4) : memref<4xi32>, memref<4xf32>, memref<4xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %a = tile.buffer @a kind(activation) : memref<4xf32>
  tile.task @e {
    // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [add, silu_mul]}}
    tile.ewise mul %a, %a to %a range(0, 4) : memref<4xf32>, memref<4xf32>, memref<4xf32>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.argmax_row
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %l = tile.buffer @l kind(activation) : memref<128xf32>
  %o = tile.buffer @o kind(output) : memref<2xi32>
  tile.task @a {
    // expected-error @+1 {{'tile.argmax_row' op out must hold one token id}}
    tile.argmax_row %l to %o : memref<128xf32>, memref<2xi32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %l = tile.buffer @l kind(activation) : memref<128xf32>
  %o = tile.buffer @o kind(output) : memref<1xf32>
  tile.task @a {
    // expected-error @+1 {{'tile.argmax_row' op operand #1 must be 1D memref of 32-bit signless integer values, but got 'memref<1xf32>'}}
    tile.argmax_row %l to %o : memref<128xf32>, memref<1xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  %n = tile.buffer @n kind(weight) : memref<4xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec' op norm_epsilon must be positive}}
    tile.matvec %w, %x to %y rows(0, 8) norm(%n : memref<4xf32>) {norm_epsilon = 0.0 : f32} : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %wg = tile.buffer @wg kind(weight) : memref<8x4xf32>
  %wu = tile.buffer @wu kind(weight) : memref<8x4xf32>
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %y = tile.buffer @y kind(activation) : memref<8xf32>
  %n = tile.buffer @n kind(weight) : memref<4xf32>
  tile.task @t {
    // expected-error @+1 {{'tile.matvec_swiglu' op norm_epsilon must be positive}}
    tile.matvec_swiglu %wg, %wu, %x to %y rows(0, 8) norm(%n : memref<4xf32>) {norm_epsilon = -1.0 : f32} : memref<8x4xf32>, memref<4xf32>, memref<8xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %l = tile.buffer @l kind(activation) : memref<0xf32>
  %o = tile.buffer @o kind(output) : memref<1xi32>
  tile.task @t {
    // expected-error @+1 {{'tile.argmax_row' op logits must not be empty}}
    tile.argmax_row %l to %o : memref<0xf32>, memref<1xi32>
  }
}
