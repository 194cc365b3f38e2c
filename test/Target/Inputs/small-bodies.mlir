// Task kinds the model frontends fuse away (elementwise add and SiLU-mul,
// a whole-vector rmsnorm) or keep only on request (a separate attention
// combine), as one bf16 program, for the kernel's PTX tests.
tile.program @gpu0 device(0) target("sm_90a") workers(1) {
  %a = tile.buffer @a kind(input) offset(0) : memref<256xbf16>
  %b = tile.buffer @b kind(input) offset(512) : memref<256xbf16>
  %w = tile.buffer @w kind(weight) offset(1024) source("norm.weight") : memref<256xbf16>
  %s = tile.buffer @s kind(activation) offset(1536) : memref<256xbf16>
  %m = tile.buffer @m kind(activation) offset(2048) : memref<256xbf16>
  %n = tile.buffer @n kind(activation) offset(2560) : memref<256xbf16>
  %part = tile.buffer @part kind(input) offset(3072) : memref<4x4x66xf32>
  %o = tile.buffer @o kind(output) offset(7424) : memref<256xbf16>
  tile.task @sum worker(0) order(0) {
    tile.ewise add %a, %b to %s range(0, 256) : memref<256xbf16>, memref<256xbf16>, memref<256xbf16>
  }
  tile.task @gate worker(0) order(1) {
    tile.ewise silu_mul %s, %b to %m range(0, 256) : memref<256xbf16>, memref<256xbf16>, memref<256xbf16>
  }
  tile.task @norm worker(0) order(2) {
    tile.rmsnorm_rows %m, %w to %n groups(0, 1) size(256) {epsilon = 1.0e-05 : f32}
        : memref<256xbf16>, memref<256xbf16>, memref<256xbf16>
  }
  tile.task @combine worker(0) order(3) {
    tile.attention_combine %part to %o heads(0, 4) : memref<4x4x66xf32>, memref<256xbf16>
  }
}
