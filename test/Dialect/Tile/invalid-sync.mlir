// RUN: tile-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// tile.wait
//===----------------------------------------------------------------------===//

// Outside a task and outside every function (device code is a function).
%e = builtin.unrealized_conversion_cast to !tile.event
// expected-error @+1 {{'tile.wait' op must be inside a tile.task or a device function}}
tile.wait %e ordering(acquire) scope(gpu)

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @t {
    // expected-error @+1 {{ordering 'release' is not valid here: use 'acquire' or 'relaxed' for a wait}}
    tile.wait %e ordering(release) scope(gpu)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @t {
    // expected-error @+1 {{ordering 'acq_rel' is not valid here: use 'acquire' or 'relaxed' for a wait}}
    tile.wait %e ordering(acq_rel) scope(gpu)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(sys)
  tile.task @t {
    // expected-error @+1 {{scope 'gpu' is narrower than the scope 'sys' of event @e}}
    tile.wait %e ordering(acquire) scope(gpu)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @t {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    scf.for %i = %c0 to %c1 step %c1 {
      // expected-error @+1 {{scope 'cta' is narrower than the scope 'gpu' of event @e}}
      tile.wait %e ordering(acquire) scope(cta)
    }
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @t {
    // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'ordering' [relaxed, acquire, release, acq_rel]}}
    tile.wait %e ordering(seq_cst) scope(gpu)
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.signal
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  // expected-error @+1 {{'tile.signal' op must be inside a tile.task}}
  tile.signal %e ordering(release) scope(gpu)
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @t {
    // expected-error @+1 {{ordering 'acquire' is not valid here: use 'release', 'acq_rel' or 'relaxed' for a signal}}
    tile.signal %e ordering(acquire) scope(gpu)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @t {
    // expected-error @+1 {{scope 'cluster' is narrower than the scope 'gpu' of event @e}}
    tile.signal %e ordering(release) scope(cluster)
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(sys)
  tile.task @t {
    // expected-error @+1 {{scope 'gpu' is narrower than the scope 'sys' of event @e}}
    tile.signal %e ordering(release) scope(gpu)
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.send: the op itself
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
  }
}
func.func @f(%x: memref<4xf32>, %i: index) {
  // expected-error @+1 {{'tile.send' op must be inside a tile.task}}
  tile.send %x to @p::@x[%i] signal @p::@e ordering(release) scope(sys) : memref<4xf32>
  return
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{crosses devices: scope must be 'sys', got 'gpu'}}
    tile.send %x to @q::@x[%c0] signal @q::@e ordering(release) scope(gpu) : memref<4xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{ordering 'relaxed' is not valid here: use 'release' or 'acq_rel' for a send}}
    tile.send %x to @q::@x[%c0] signal @q::@e ordering(relaxed) scope(sys) : memref<4xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{ordering 'acquire' is not valid here: use 'release' or 'acq_rel' for a send}}
    tile.send %x to @q::@x[%c0] signal @q::@e ordering(acquire) scope(sys) : memref<4xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{reference @x must name a peer program and a symbol in it, as @peer::@name}}
    tile.send %x to @x[%c0] signal @q::@e ordering(release) scope(sys) : memref<4xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{reference @q::@t::@e must name a peer program and a symbol in it, as @peer::@name}}
    tile.send %x to @q::@x[%c0] signal @q::@t::@e ordering(release) scope(sys) : memref<4xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{buffer @q::@x and event @r::@e must be on the same peer program}}
    tile.send %x to @q::@x[%c0] signal @r::@e ordering(release) scope(sys) : memref<4xf32>
  }
}

// -----

//===----------------------------------------------------------------------===//
// tile.send: the peer's symbols
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{no program @q in this module for the destination}}
    tile.send %x to @q::@x[%c0] signal @q::@e ordering(release) scope(sys) : memref<4xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  %e = tile.event @e target(1) scope(sys)
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{targets its own program @p: a send must cross devices}}
    tile.send %x to @p::@x[%c0] signal @p::@e ordering(release) scope(sys) : memref<4xf32>
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{program @q has no buffer @t}}
    tile.send %x to @q::@t[%c0] signal @q::@e ordering(release) scope(sys) : memref<4xf32>
  }
}
tile.program @q device(1) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(sys)
  tile.task @t {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{expected 2 offsets for the rank-2 destination, got 1}}
    tile.send %x to @q::@in[%c0] signal @q::@e ordering(release) scope(sys) : memref<4xf32>
  }
}
tile.program @q device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<4x4xf32>
  %e = tile.event @e target(1) scope(sys)
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{source rank 1 differs from the destination's 2}}
    tile.send %x to @q::@in[%c0, %c0] signal @q::@e ordering(release) scope(sys) : memref<4xf32>
  }
}
tile.program @q device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<4x4xf32>
  %e = tile.event @e target(1) scope(sys)
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xbf16>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{source element type 'bf16' differs from the destination's 'f32'}}
    tile.send %x to @q::@in[%c0] signal @q::@e ordering(release) scope(sys) : memref<4xbf16>
  }
}
tile.program @q device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<16xf32>
  %e = tile.event @e target(1) scope(sys)
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<2x32xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{source dim 1 (32) exceeds the destination's (16)}}
    tile.send %x to @q::@in[%c0, %c0] signal @q::@e ordering(release) scope(sys) : memref<2x32xf32>
  }
}
tile.program @q device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<4x16xf32>
  %e = tile.event @e target(1) scope(sys)
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{program @q has no event @in}}
    tile.send %x to @q::@in[%c0] signal @q::@in ordering(release) scope(sys) : memref<4xf32>
  }
}
tile.program @q device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<4xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(activation) : memref<4xf32>
  tile.task @t {
    %c0 = arith.constant 0 : index
    // expected-error @+1 {{peer event @q::@e must have scope 'sys', got 'gpu'}}
    tile.send %x to @q::@in[%c0] signal @q::@e ordering(release) scope(sys) : memref<4xf32>
  }
}
tile.program @q device(1) target("sm_90a") workers(1) {
  %in = tile.buffer @in kind(activation) : memref<4xf32>
  %e = tile.event @e target(1) scope(gpu)
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  tile.task @t worker(0) order(0) {
    %c0 = arith.constant 0 : index
    %c1 = arith.constant 1 : index
    %r = scf.for %i = %c0 to %c1 step %c1 iter_args(%x = %e) -> (!tile.event) {
      // expected-error @+1 {{'tile.wait' op event operand must be defined by tile.event}}
      tile.wait %x ordering(acquire) scope(gpu)
      scf.yield %x : !tile.event
    }
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  tile.task @t worker(0) order(0) {
    %c0 = arith.constant 0 : index
    %s = tile.alloc_shared : memref<16xf32, 3>
    // expected-error @+1 {{'tile.send' op source must be in global memory (no memory space)}}
    tile.send %s to @q::@b[%c0] signal @q::@e ordering(release) scope(sys) : memref<16xf32, 3>
  }
}
