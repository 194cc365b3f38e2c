// RUN: tile-opt %s --tile-plan-memory | FileCheck %s
// RUN: tile-opt %s --tile-plan-memory=alignment=64 | FileCheck %s --check-prefix=ALIGN64
// RUN: not tile-opt %s --tile-plan-memory=alignment=100 2>&1 | FileCheck %s --check-prefix=BADALIGN
// RUN: not tile-opt %s --tile-plan-memory=alignment=8 2>&1 | FileCheck %s --check-prefix=BADALIGN

// BADALIGN: error: tile-plan-memory: alignment must be a power of two of at least 16

// Persistent buffers (weights, KV caches, inputs, outputs) get space of their
// own in program order, each at the next multiple of the alignment.
// CHECK-LABEL: tile.program @persistent
// CHECK-NEXT:    tile.buffer @w kind(weight) offset(0) : memref<25xf32>
// CHECK-NEXT:    tile.buffer @kc kind(kv_cache) offset(256) : memref<4x8xbf16>
// CHECK-NEXT:    tile.buffer @in kind(input) offset(512) : memref<300xbf16>
// CHECK-NEXT:    tile.buffer @out kind(output) offset(1280) : memref<1xi32>
// CHECK-NEXT:    tile.buffer @w2 kind(weight) offset(1536) source("w2.weight") : memref<64xf32>
// ALIGN64-LABEL: tile.program @persistent
// ALIGN64-NEXT:    tile.buffer @w kind(weight) offset(0) : memref<25xf32>
// ALIGN64-NEXT:    tile.buffer @kc kind(kv_cache) offset(128) : memref<4x8xbf16>
// ALIGN64-NEXT:    tile.buffer @in kind(input) offset(192) : memref<300xbf16>
// ALIGN64-NEXT:    tile.buffer @out kind(output) offset(832) : memref<1xi32>
// ALIGN64-NEXT:    tile.buffer @w2 kind(weight) offset(896) source("w2.weight") : memref<64xf32>
tile.program @persistent device(0) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<25xf32>
  %kc = tile.buffer @kc kind(kv_cache) : memref<4x8xbf16>
  %in = tile.buffer @in kind(input) : memref<300xbf16>
  %out = tile.buffer @out kind(output) : memref<1xi32>
  %w2 = tile.buffer @w2 kind(weight) source("w2.weight") : memref<64xf32>
}

// A chain x -> a -> b -> c -> y. Transient buffers live from the first to
// the last task that touches them: a over t0..t1, b over t1..t2, c over
// t2..t3. a and c never live at the same time and share space; b overlaps
// both and gets its own. They all come after the persistent x and y.
// CHECK-LABEL: tile.program @chain
// CHECK-NEXT:    tile.buffer @x kind(input) offset(0) : memref<64xf32>
// CHECK-NEXT:    tile.buffer @a kind(activation) offset([[AC:512]]) : memref<64xf32>
// CHECK-NEXT:    tile.buffer @b kind(activation) offset(768) : memref<64xf32>
// CHECK-NEXT:    tile.buffer @c kind(scratch) offset([[AC]]) : memref<64xf32>
// CHECK-NEXT:    tile.buffer @y kind(output) offset(256) : memref<64xf32>
tile.program @chain device(1) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) : memref<64xf32>
  %a = tile.buffer @a kind(activation) : memref<64xf32>
  %b = tile.buffer @b kind(activation) : memref<64xf32>
  %c = tile.buffer @c kind(scratch) : memref<64xf32>
  %y = tile.buffer @y kind(output) : memref<64xf32>
  tile.task @t0 {
    tile.ewise add %x, %x to %a range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @t1 {
    tile.ewise add %a, %a to %b range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @t2 {
    tile.ewise add %b, %b to %c range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @t3 {
    tile.ewise add %c, %c to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// Largest first, first fit. The 1024-byte @big (t2..t3) goes first, at the
// start of the transient space; @a (t0..t1) fits there too, since their
// lives do not overlap. @b (t1..t2) overlaps both and goes above @big.
// @idle is touched by no task, so it lives throughout and shares with
// nobody. Sizes round up to the alignment (16 or 100 bytes take 256). With
// alignment 64, @idle (128 bytes) outranks @a and @b (64 bytes) and is
// placed before them.
// CHECK-LABEL: tile.program @largest_first
// CHECK-NEXT:    tile.buffer @x kind(input) offset(0) : memref<4xf32>
// CHECK-NEXT:    tile.buffer @w kind(weight) offset(256) : memref<256x4xf32>
// CHECK-NEXT:    tile.buffer @a kind(activation) offset(4352) : memref<4xf32>
// CHECK-NEXT:    tile.buffer @b kind(activation) offset(5376) : memref<4xf32>
// CHECK-NEXT:    tile.buffer @big kind(scratch) offset(4352) : memref<256xf32>
// CHECK-NEXT:    tile.buffer @idle kind(scratch) offset(5632) : memref<25xf32>
// ALIGN64-LABEL: tile.program @largest_first
// ALIGN64-NEXT:    tile.buffer @x kind(input) offset(0) : memref<4xf32>
// ALIGN64-NEXT:    tile.buffer @w kind(weight) offset(64) : memref<256x4xf32>
// ALIGN64-NEXT:    tile.buffer @a kind(activation) offset(4160) : memref<4xf32>
// ALIGN64-NEXT:    tile.buffer @b kind(activation) offset(5312) : memref<4xf32>
// ALIGN64-NEXT:    tile.buffer @big kind(scratch) offset(4160) : memref<256xf32>
// ALIGN64-NEXT:    tile.buffer @idle kind(scratch) offset(5184) : memref<25xf32>
tile.program @largest_first device(2) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) : memref<4xf32>
  %w = tile.buffer @w kind(weight) : memref<256x4xf32>
  %a = tile.buffer @a kind(activation) : memref<4xf32>
  %b = tile.buffer @b kind(activation) : memref<4xf32>
  %big = tile.buffer @big kind(scratch) : memref<256xf32>
  %idle = tile.buffer @idle kind(scratch) : memref<25xf32>
  tile.task @t0 {
    tile.ewise add %x, %x to %a range(0, 4) : memref<4xf32>, memref<4xf32>, memref<4xf32>
  }
  tile.task @t1 {
    tile.ewise add %a, %a to %b range(0, 4) : memref<4xf32>, memref<4xf32>, memref<4xf32>
  }
  tile.task @t2 {
    tile.matvec %w, %b to %big rows(0, 256) : memref<256x4xf32>, memref<4xf32>, memref<256xf32>
  }
  tile.task @t3 {
    tile.ewise add %big, %big to %big range(64, 128) : memref<256xf32>, memref<256xf32>, memref<256xf32>
  }
}

// Buffers that already have an offset keep it, and new space starts after
// the highest planned byte (here 2048 + 512 = 2560).
// CHECK-LABEL: tile.program @preset
// CHECK-NEXT:    tile.buffer @w kind(weight) offset(2560) : memref<64xf32>
// CHECK-NEXT:    tile.buffer @fixed kind(weight) offset(2048) : memref<128xf32>
// CHECK-NEXT:    tile.buffer @early kind(activation) offset(16) : memref<4xf32>
// CHECK-NEXT:    tile.buffer @t kind(activation) offset(2816) : memref<4xf32>
tile.program @preset device(3) target("sm_90a") workers(1) {
  %w = tile.buffer @w kind(weight) : memref<64xf32>
  %fixed = tile.buffer @fixed kind(weight) offset(2048) : memref<128xf32>
  %early = tile.buffer @early kind(activation) offset(16) : memref<4xf32>
  %t = tile.buffer @t kind(activation) : memref<4xf32>
}
