// RUN: tile-opt %s -split-input-file --tile-schedule -verify-diagnostics

// Scheduling needs arena offsets to find the hazards.
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  // expected-error @+1 {{buffer @y has no offset: run tile-plan-memory first}}
  %y = tile.buffer @y kind(activation) : memref<64xf32>
  tile.task @t {
    tile.ewise add %x, %x to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// Also a buffer that no task touches.
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  // expected-error @+1 {{buffer @idle has no offset: run tile-plan-memory first}}
  %idle = tile.buffer @idle kind(scratch) : memref<64xf32>
  tile.task @t {
    tile.ewise add %x, %x to %x range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// expected-error @+1 {{program @p is partially scheduled: tile-schedule places all tasks}}
tile.program @p device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  tile.task @a worker(0) order(0) {
    tile.ewise add %x, %x to %x range(0, 32) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @b {
    tile.ewise add %x, %x to %x range(32, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// -----

// The partial schedule is reported before missing offsets.
// expected-error @+1 {{program @q is partially scheduled: tile-schedule places all tasks}}
tile.program @q device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) : memref<64xf32>
  tile.task @a {
  }
  tile.task @b worker(1) order(0) {
  }
}

// -----

// Events are derived from the hazards: pre-existing ones would be half kept.
tile.program @p device(0) target("sm_90a") workers(2) {
  %w = tile.buffer @w kind(weight) offset(0) : memref<64x64xf32>
  %x = tile.buffer @x kind(input) offset(16384) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(16640) : memref<64xf32>
  %e = tile.event @e target(1) scope(gpu)
  // expected-error @+1 {{task @produce already has waits or signals: tile-schedule derives all of them}}
  tile.task @produce signals(%e) {
    tile.matvec %w, %x to %h rows(0, 64) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
}
