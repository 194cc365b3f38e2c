// RUN: tile-opt %s -split-input-file -verify-diagnostics

//===----------------------------------------------------------------------===//
// tile.program
//===----------------------------------------------------------------------===//

// expected-error @+1 {{device id must be in [0, 65535], got -1}}
tile.program @p device(-1) target("sm_90a") workers(1) {
}

// -----

// expected-error @+1 {{workers must be in [1, 1024], got 0}}
tile.program @p device(0) target("sm_90a") workers(0) {
}

// -----

// expected-error @+1 {{workers must be in [1, 1024], got 1025}}
tile.program @p device(0) target("sm_90a") workers(1025) {
}

// -----

// expected-error @+1 {{target 'sm90' is neither 'host' nor 'sm_<NN>[a]'}}
tile.program @p device(0) target("sm90") workers(1) {
}

// -----

tile.program @a device(3) target("sm_90a") workers(1) {
}
// expected-error @+1 {{device 3 is already used by program @a}}
tile.program @b device(3) target("host") workers(1) {
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %c = arith.constant 0 : index
  // expected-error @+1 {{'arith.addi' op cannot appear directly in a tile.program: only tile.buffer, tile.event, tile.task and constants can}}
  %d = arith.addi %c, %c : index
}

// -----

tile.program @p device(0) target("sm_90a") workers(2) {
  tile.task @a worker(1) order(0) {
  }
  // expected-error @+1 {{is at worker 1, order 0 like task @a}}
  tile.task @b worker(1) order(0) {
  }
}

// -----

// Buffers, events and tasks share one namespace per program; the program's
// symbol table reports a clash before the program's own check does.
tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-note @+1 {{see existing symbol definition here}}
  %x = tile.buffer @x kind(weight) : memref<4xf32>
  // expected-error @+1 {{redefinition of symbol named 'x'}}
  %e = tile.event @x target(1) scope(gpu)
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-note @+1 {{see existing symbol definition here}}
  %e = tile.event @x target(1) scope(gpu)
  // expected-error @+1 {{redefinition of symbol named 'x'}}
  tile.task @x {
  }
}

// -----

func.func @f() {
  // expected-error @+1 {{'tile.program' op expects parent op 'builtin.module'}}
  tile.program @p device(0) target("sm_90a") workers(1) {
  }
  return
}

// -----

//===----------------------------------------------------------------------===//
// tile.buffer
//===----------------------------------------------------------------------===//

// expected-error @+1 {{'tile.buffer' op expects parent op 'tile.program'}}
%w = tile.buffer @w kind(weight) : memref<4xf32>

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'kind' [weight, kv_cache, activation, input, output, scratch]}}
  %w = tile.buffer @w kind(weights) : memref<4xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{result #0 must be memref of bfloat16 type or 16-bit float or 32-bit float or 32-bit signless integer or 8-bit signless integer values, but got 'memref<4xf64>'}}
  %w = tile.buffer @w kind(weight) : memref<4xf64>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{buffer must have a static shape}}
  %w = tile.buffer @w kind(scratch) : memref<?x4xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{buffer must have the identity (row-major) layout}}
  %w = tile.buffer @w kind(weight) : memref<4x4xf32, strided<[8, 1]>>
}

// -----

// Slices: [dim, begin, end, extent] of a weight's source tensor, as long as
// the buffer's dimension.
tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{a slice needs a weight buffer with a source}}
  %w = tile.buffer @w kind(activation) slice [0, 0, 4, 8] : memref<4x4xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{slice must be [dim, begin, end, extent], got 2 values}}
  %w = tile.buffer @w kind(weight) source("w") slice [0, 4] : memref<4x4xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{slice dim 2 is not a dimension of 'memref<4x4xf32>'}}
  %w = tile.buffer @w kind(weight) source("w") slice [2, 0, 4, 8] : memref<4x4xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{slice [4, 12) of dim 1 must lie within its 16 indices and hold the buffer's 4}}
  %w = tile.buffer @w kind(weight) source("w") slice [1, 4, 12, 16] : memref<4x4xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{slice [4, 8) of dim 1 must lie within its 6 indices and hold the buffer's 4}}
  %w = tile.buffer @w kind(weight) source("w") slice [1, 4, 8, 6] : memref<4x4xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{buffer lives in global memory: expected no memory space, got 3}}
  %w = tile.buffer @w kind(activation) : memref<4xf32, 3>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{buffer lives in global memory: expected no memory space, got #gpu.address_space<global>}}
  %w = tile.buffer @w kind(activation) : memref<4xf32, #gpu.address_space<global>>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{offset 8 must be a non-negative multiple of 16 bytes}}
  %w = tile.buffer @w kind(weight) offset(8) : memref<4xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{offset -16 must be a non-negative multiple of 16 bytes}}
  %w = tile.buffer @w kind(weight) offset(-16) : memref<4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// tile.event
//===----------------------------------------------------------------------===//

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{target must be in [1, 2^24], got 0}}
  %e = tile.event @e target(0) scope(gpu)
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{scope 'cta' cannot order work across workers: use 'gpu' or 'sys'}}
  %e = tile.event @e target(1) scope(cta)
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{scope 'cluster' cannot order work across workers: use 'gpu' or 'sys'}}
  %e = tile.event @e target(1) scope(cluster)
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'scope' [cta, cluster, gpu, sys]}}
  %e = tile.event @e target(1) scope(device)
}

// -----

//===----------------------------------------------------------------------===//
// tile.task
//===----------------------------------------------------------------------===//

func.func @f() {
  // expected-error @+1 {{'tile.task' op expects parent op 'tile.program'}}
  tile.task @t {
  }
  return
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{'worker' and 'order' must be set together}}
  tile.task @t worker(0) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{'worker' and 'order' must be set together}}
  tile.task @t order(0) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(2) {
  // expected-error @+1 {{worker 2 is out of range for program @p with 2 workers}}
  tile.task @t worker(2) order(0) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(2) {
  // expected-error @+1 {{worker -1 is out of range for program @p with 2 workers}}
  tile.task @t worker(-1) order(0) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{order must be non-negative, got -1}}
  tile.task @t worker(0) order(-1) {
  }
}

// -----

// An event that is not a tile.event result, here a block argument.
tile.program @p device(0) target("sm_90a") workers(1) {
^bb0(%e: !tile.event):
  // expected-error @+1 {{waits operand is not defined by tile.event}}
  tile.task @t waits(%e) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
^bb0(%e: !tile.event):
  // expected-error @+1 {{signals operand is not defined by tile.event}}
  tile.task @t signals(%e) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  // expected-error @+1 {{event @e appears twice in waits}}
  tile.task @t waits(%e, %e) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(2) scope(gpu)
  // expected-error @+1 {{event @e appears twice in signals}}
  tile.task @t signals(%e, %e) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %e = tile.event @e target(1) scope(gpu)
  %f = tile.event @f target(1) scope(sys)
  // expected-error @+1 {{waits on event @f that it signals itself}}
  tile.task @t waits(%e, %f) signals(%f) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<4xf32>
  // expected-error @+2 {{use of value '%w' expects different type than prior uses: '!tile.event' vs 'memref<4xf32>'}}
  // expected-note @-2 {{prior use here}}
  tile.task @t waits(%w) {
  }
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{'tile.buffer' op buffer is larger than 2^48 bytes}}
  %b = tile.buffer @b kind(activation) : memref<4611686018427387904xf32>
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{'tile.buffer' op offset 9223372036854775792 is beyond the 2^48-byte arena limit}}
  %b = tile.buffer @b kind(activation) offset(9223372036854775792) : memref<4xf32>
}

// -----

// expected-error @+1 {{'tile.program' op device id must be in [0, 65535], got 70000}}
tile.program @p device(70000) target("sm_90a") workers(1) {
}

// -----

tile.program @p device(0) target("sm_90a") workers(1) {
  // expected-error @+1 {{'tile.event' op target must be in [1, 2^24], got 4294967296}}
  %e = tile.event @e target(4294967296) scope(gpu)
}
