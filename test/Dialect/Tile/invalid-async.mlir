// RUN: tile-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// tile.alloc_shared
//===----------------------------------------------------------------------===//

// Outside a task and outside every function (device code is a function).
// expected-error @+1 {{'tile.alloc_shared' op must be inside a tile.task or a device function}}
%s = tile.alloc_shared : memref<16xf32, 3>

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  tile.task @t {
    // expected-error @+1 {{result must be in shared memory (address space 3)}}
    %s = tile.alloc_shared : memref<16xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  tile.task @t {
    // expected-error @+1 {{result must be in shared memory (address space 3)}}
    %s = tile.alloc_shared : memref<16xf32, #gpu.address_space<private>>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  tile.task @t {
    // expected-error @+1 {{allocates 232449 bytes, more than the 232448 bytes of shared memory of one CTA on sm_90a}}
    %s = tile.alloc_shared : memref<232449xi8, 3>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  tile.task @t {
    // expected-error @+1 {{allocates 262144 bytes, more than the 232448 bytes of shared memory of one CTA on sm_90a}}
    %s = tile.alloc_shared : memref<2x128x512xbf16, #gpu.address_space<workgroup>>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  tile.task @t {
    // expected-error @+1 {{result #0 must be statically shaped memref of any type values, but got 'memref<?xf32, 3>'}}
    %s = tile.alloc_shared : memref<?xf32, 3>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.mbarrier_init
//===----------------------------------------------------------------------===//

// expected-error @+1 {{'tile.mbarrier_init' op must be inside a tile.task or a device function}}
%b = tile.mbarrier_init count(1)

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  tile.task @t {
    // expected-error @+1 {{count must be in [1, 2^20 - 1], got 0}}
    %b = tile.mbarrier_init count(0)
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.copy_async
//===----------------------------------------------------------------------===//

%w, %s, %b, %i = builtin.unrealized_conversion_cast to memref<64xf32>, memref<16xf32, 3>, !tile.barrier, index
// expected-error @+1 {{'tile.copy_async' op must be inside a tile.task or a device function}}
%t = tile.copy_async %w[%i] to %s barrier(%b) : memref<64xf32>, memref<16xf32, 3>

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %src = tile.alloc_shared : memref<64xf32, 3>
    %dst = tile.alloc_shared : memref<16xf32, 3>
    // expected-error @+1 {{source must be in global memory (no memory space, or 1)}}
    %t = tile.copy_async %src[%c0] to %dst barrier(%b) : memref<64xf32, 3>, memref<16xf32, 3>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64xf32>
  %x = tile.buffer @x kind(scratch) : memref<16xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    // expected-error @+1 {{destination must be in shared memory (address space 3)}}
    %t = tile.copy_async %w[%c0] to %x barrier(%b) : memref<64xf32>, memref<16xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64xbf16>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16xf16, 3>
    // expected-error @+1 {{element types differ: source 'bf16', destination 'f16'}}
    %t = tile.copy_async %w[%c0] to %s barrier(%b) : memref<64xbf16>, memref<16xf16, 3>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64x64xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16x64xf32, 3>
    // expected-error @+1 {{expected 2 offsets for the rank-2 source, got 1}}
    %t = tile.copy_async %w[%c0] to %s barrier(%b) : memref<64x64xf32>, memref<16x64xf32, 3>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64x64xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<64xf32, 3>
    // expected-error @+1 {{destination rank 1 differs from the source's 2}}
    %t = tile.copy_async %w[%c0, %c0] to %s barrier(%b) : memref<64x64xf32>, memref<64xf32, 3>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64x64xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16x128xf32, 3>
    // expected-error @+1 {{destination dim 1 (128) exceeds the source's (64)}}
    %t = tile.copy_async %w[%c0, %c0] to %s barrier(%b) : memref<64x64xf32>, memref<16x128xf32, 3>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64xbf16>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<3xbf16, 3>
    // expected-error @+1 {{copies 6 bytes; cp.async.bulk needs a multiple of 16}}
    %t = tile.copy_async %w[%c0] to %s barrier(%b) : memref<64xbf16>, memref<3xbf16, 3>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64xf32>
  %e = tile.event @e target(1) scope(gpu)
  tile.task @t {
    %c0 = arith.constant 0 : index
    %s = tile.alloc_shared : memref<16xf32, 3>
    // expected-error @+2 {{use of value '%e' expects different type than prior uses: '!tile.barrier' vs '!tile.event'}}
    // expected-note @-5 {{prior use here}}
    %t = tile.copy_async %w[%c0] to %s barrier(%e) : memref<64xf32>, memref<16xf32, 3>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.await
//===----------------------------------------------------------------------===//

%t = builtin.unrealized_conversion_cast to !tile.token
// expected-error @+1 {{'tile.await' op must be inside a tile.task or a device function}}
tile.await %t ordering(acquire) scope(cta)

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16xf32, 3>
    %t = tile.copy_async %w[%c0] to %s barrier(%b) : memref<64xf32>, memref<16xf32, 3>
    // expected-error @+1 {{ordering 'release' is not valid here: use 'acquire' or 'relaxed' for an await}}
    tile.await %t ordering(release) scope(cta)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16xf32, 3>
    %t = tile.copy_async %w[%c0] to %s barrier(%b) : memref<64xf32>, memref<16xf32, 3>
    // expected-error @+1 {{ordering 'acq_rel' is not valid here: use 'acquire' or 'relaxed' for an await}}
    tile.await %t ordering(acq_rel) scope(cta)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16xf32, 3>
    %t = tile.copy_async %w[%c0] to %s barrier(%b) : memref<64xf32>, memref<16xf32, 3>
    // expected-error @+1 {{scope 'gpu' is not valid for an mbarrier: use 'cta' or 'cluster'}}
    tile.await %t ordering(acquire) scope(gpu)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16xf32, 3>
    %t = tile.copy_async %w[%c0] to %s barrier(%b) : memref<64xf32>, memref<16xf32, 3>
    // expected-error @+1 {{scope 'sys' is not valid for an mbarrier: use 'cta' or 'cluster'}}
    tile.await %t ordering(relaxed) scope(sys)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %h = tile.buffer @h kind(activation) : memref<64xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<16xf32, 3>
    // expected-error @+1 {{'tile.copy_async' op source must be a weight buffer: async copies run ahead of the task's waits, so only data no task writes may be copied}}
    %t = tile.copy_async %h[%c0] to %s barrier(%b) : memref<64xf32>, memref<16xf32, 3>
  }
}

// -----

// The limit is the target's: 163 KiB on sm_80, or what tile.target says.
tile.program @p device(0) target("sm_80") workers(1) {
  tile.task @t {
    // expected-error @+1 {{allocates 166913 bytes, more than the 166912 bytes of shared memory of one CTA on sm_80}}
    %s = tile.alloc_shared : memref<166913xi8, 3>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) attributes {
    tile.target = #tile.target<chip = "sm_90a", sms = 8, shared_bytes = 1024, max_registers = 255, features = []>} {
  tile.task @t {
    // expected-error @+1 {{allocates 2048 bytes, more than the 1024 bytes of shared memory of one CTA on sm_90a}}
    %s = tile.alloc_shared : memref<2048xi8, 3>
  }
}

// -----

// expected-error @+1 {{'tile.program' op 'tile.target' describes sm_80, not the program's target sm_90a}}
tile.program @p device(0) target("sm_90a") workers(1) attributes {
    tile.target = #tile.target<chip = "sm_80", sms = 108, shared_bytes = 166912, max_registers = 255, features = []>} {
}

// -----

// expected-error @+1 {{'tile.program' op 'tile.target' must be a #tile.target}}
tile.program @p device(0) target("sm_90a") workers(1) attributes {tile.target = "sm_90a"} {
}

// -----

// expected-error @+2 {{unknown feature "tma": expected "bulk_copy" or "l2_prefetch"}}
tile.program @p device(0) target("sm_90a") workers(1) attributes {
    tile.target = #tile.target<chip = "sm_90a", sms = 1, shared_bytes = 0, max_registers = 255, features = ["tma"]>} {
}

// -----

// expected-error @+2 {{chip 'gfx90a' is not 'host' or sm_<NN>[a]}}
tile.program @p device(0) target("sm_90a") workers(1) attributes {
    tile.target = #tile.target<chip = "gfx90a", sms = 1, shared_bytes = 0, max_registers = 255, features = []>} {
}

// -----

// expected-error @+2 {{sms, shared_bytes and max_registers must be >= 0}}
tile.program @p device(0) target("sm_90a") workers(1) attributes {
    tile.target = #tile.target<chip = "sm_90a", sms = -1, shared_bytes = 0, max_registers = 255, features = []>} {
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  tile.task @t {
    // expected-error @+1 {{count must be in [1, 2^20 - 1], got 1048576}}
    %b = tile.mbarrier_init count(1048576)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x64xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %c2 = arith.constant 2 : i32
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<2x64xf32, 3>
    // expected-error @+1 {{phase is a parity, 0 or 1, got 2}}
    %t = tile.copy_async %w[%c0, %c0] to %s barrier(%b) phase(%c2) : memref<8x64xf32>, memref<2x64xf32, 3>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<8x64xbf16>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<2x4xbf16, 3>
    // expected-error @+1 {{copies rows of 8 bytes from wider source rows; each row is a cp.async.bulk and needs a multiple of 16}}
    %t = tile.copy_async %w[%c0, %c0] to %s barrier(%b) : memref<8x64xbf16>, memref<2x4xbf16, 3>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<2x8x64xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    %b = tile.mbarrier_init count(1)
    %s = tile.alloc_shared : memref<1x2x32xf32, 3>
    // expected-error @+1 {{rank-3 tile narrower than its source: only rank-2 tiles may be copied row by row}}
    %t = tile.copy_async %w[%c0, %c0, %c0] to %s barrier(%b) : memref<2x8x64xf32>, memref<1x2x32xf32, 3>
  }
}

// -----

// Device code: the send of a task names peer programs, so it has none.
func.func @f(%x: memref<4xf32>, %i: index) {
  // expected-error @+1 {{'tile.send' op must be inside a tile.task}}
  tile.send %x to @p::@x[%i] signal @p::@e ordering(release) scope(sys) : memref<4xf32>
  return
}
