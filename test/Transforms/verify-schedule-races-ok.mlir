// RUN: tile-opt %s -tile-verify-schedule | FileCheck %s

// Correctly synchronized schedules with compute ops pass the race check,
// and the pass leaves the IR unchanged.

// The producer signals after writing; the consumer on another worker waits.
// CHECK-LABEL: tile.program @raw device(0) target("sm_90a") workers(2) {
// CHECK-NEXT:   [[X:%.*]] = tile.buffer @x kind(input) offset(0) : memref<64xf32>
// CHECK-NEXT:   [[H:%.*]] = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
// CHECK-NEXT:   [[Y:%.*]] = tile.buffer @y kind(output) offset(512) : memref<64xf32>
// CHECK-NEXT:   [[E_H_READY:%.*]] = tile.event @h_ready target(1) scope(gpu)
// CHECK-NEXT:   tile.task @produce worker(0) order(0) signals([[E_H_READY]]) {
// CHECK-NEXT:     tile.ewise add [[X]], [[X]] to [[H]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @consume worker(1) order(0) waits([[E_H_READY]]) {
// CHECK-NEXT:     tile.ewise add [[H]], [[H]] to [[Y]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:  }
tile.program @raw device(0) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  %e = tile.event @h_ready target(1) scope(gpu)
  tile.task @produce worker(0) order(0) signals(%e) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @consume worker(1) order(0) waits(%e) {
    tile.ewise add %h, %h to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// Fan-in: two row blocks on two workers write disjoint rows of @h (no race
// between them); the pick waits for both through one event of target 2.
// CHECK-LABEL: tile.program @fan_in device(1) target("sm_90a") workers(3) {
// CHECK-NEXT:   [[W:%.*]] = tile.buffer @w kind(weight) offset(0) : memref<64x64xf32>
// CHECK-NEXT:   [[X:%.*]] = tile.buffer @x kind(input) offset(16384) : memref<64xf32>
// CHECK-NEXT:   [[H:%.*]] = tile.buffer @h kind(activation) offset(16640) : memref<64xf32>
// CHECK-NEXT:   [[Y:%.*]] = tile.buffer @y kind(output) offset(16896) : memref<1xi32>
// CHECK-NEXT:   [[E_H_READY:%.*]] = tile.event @h_ready target(2) scope(gpu)
// CHECK-NEXT:   tile.task @rows_0 worker(0) order(0) signals([[E_H_READY]]) {
// CHECK-NEXT:     tile.matvec [[W]], [[X]] to [[H]] rows(0, 32) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @rows_1 worker(1) order(0) signals([[E_H_READY]]) {
// CHECK-NEXT:     tile.matvec [[W]], [[X]] to [[H]] rows(32, 64) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @pick worker(2) order(0) waits([[E_H_READY]]) {
// CHECK-NEXT:     tile.argmax_row [[H]] to [[Y]] : memref<64xf32>, memref<1xi32>
// CHECK-NEXT:   }
// CHECK-NEXT:  }
tile.program @fan_in device(1) target("sm_90a") workers(3) {
  %w = tile.buffer @w kind(weight) offset(0) : memref<64x64xf32>
  %x = tile.buffer @x kind(input) offset(16384) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(16640) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(16896) : memref<1xi32>
  %e = tile.event @h_ready target(2) scope(gpu)
  tile.task @rows_0 worker(0) order(0) signals(%e) {
    tile.matvec %w, %x to %h rows(0, 32) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @rows_1 worker(1) order(0) signals(%e) {
    tile.matvec %w, %x to %h rows(32, 64) : memref<64x64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @pick worker(2) order(0) waits(%e) {
    tile.argmax_row %h to %y : memref<64xf32>, memref<1xi32>
  }
}

// One worker: `order` alone orders a write, its read and the overwrite.
// Program order (the IR order of the tasks) defines what each task must
// see; a worker's `order` may differ from it where tasks are independent
// (@early touches other bytes).
// CHECK-LABEL: tile.program @same_worker device(2) target("sm_90a") workers(1) {
// CHECK-NEXT:   [[X:%.*]] = tile.buffer @x kind(input) offset(0) : memref<64xf32>
// CHECK-NEXT:   [[H:%.*]] = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
// CHECK-NEXT:   [[Y:%.*]] = tile.buffer @y kind(output) offset(512) : memref<64xf32>
// CHECK-NEXT:   [[Z:%.*]] = tile.buffer @z kind(output) offset(768) : memref<64xf32>
// CHECK-NEXT:   tile.task @produce worker(0) order(0) {
// CHECK-NEXT:     tile.ewise add [[X]], [[X]] to [[H]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @consume worker(0) order(1) {
// CHECK-NEXT:     tile.ewise add [[H]], [[H]] to [[Y]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @reuse worker(0) order(3) {
// CHECK-NEXT:     tile.ewise silu_mul [[X]], [[X]] to [[H]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @early worker(0) order(2) {
// CHECK-NEXT:     tile.ewise add [[X]], [[X]] to [[Z]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:  }
tile.program @same_worker device(2) target("sm_90a") workers(1) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  %z = tile.buffer @z kind(output) offset(768) : memref<64xf32>
  tile.task @produce worker(0) order(0) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @consume worker(0) order(1) {
    tile.ewise add %h, %h to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @reuse worker(0) order(3) {
    tile.ewise silu_mul %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @early worker(0) order(2) {
    tile.ewise add %x, %x to %z range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// Buffers @a and @b share arena bytes: the writer of @b waits until the
// reader of @a on the other worker is done.
// CHECK-LABEL: tile.program @shared_bytes device(3) target("sm_90a") workers(2) {
// CHECK-NEXT:   [[X:%.*]] = tile.buffer @x kind(input) offset(0) : memref<64xf32>
// CHECK-NEXT:   [[A:%.*]] = tile.buffer @a kind(activation) offset(256) : memref<64xf32>
// CHECK-NEXT:   [[B:%.*]] = tile.buffer @b kind(activation) offset(256) : memref<64xf32>
// CHECK-NEXT:   [[Y:%.*]] = tile.buffer @y kind(output) offset(512) : memref<64xf32>
// CHECK-NEXT:   [[Z:%.*]] = tile.buffer @z kind(output) offset(768) : memref<64xf32>
// CHECK-NEXT:   [[E_A_READY:%.*]] = tile.event @a_ready target(1) scope(gpu)
// CHECK-NEXT:   [[E_A_READ:%.*]] = tile.event @a_read target(1) scope(gpu)
// CHECK-NEXT:   tile.task @write_a worker(0) order(0) signals([[E_A_READY]]) {
// CHECK-NEXT:     tile.ewise add [[X]], [[X]] to [[A]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @read_a worker(1) order(0) waits([[E_A_READY]]) signals([[E_A_READ]]) {
// CHECK-NEXT:     tile.ewise add [[A]], [[A]] to [[Y]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @write_b worker(0) order(1) waits([[E_A_READ]]) {
// CHECK-NEXT:     tile.ewise add [[X]], [[X]] to [[B]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @read_b worker(0) order(2) {
// CHECK-NEXT:     tile.ewise add [[B]], [[B]] to [[Z]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:  }
tile.program @shared_bytes device(3) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %a = tile.buffer @a kind(activation) offset(256) : memref<64xf32>
  %b = tile.buffer @b kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  %z = tile.buffer @z kind(output) offset(768) : memref<64xf32>
  %a_ready = tile.event @a_ready target(1) scope(gpu)
  %a_read = tile.event @a_read target(1) scope(gpu)
  tile.task @write_a worker(0) order(0) signals(%a_ready) {
    tile.ewise add %x, %x to %a range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @read_a worker(1) order(0) waits(%a_ready) signals(%a_read) {
    tile.ewise add %a, %a to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @write_b worker(0) order(1) waits(%a_read) {
    tile.ewise add %x, %x to %b range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @read_b worker(0) order(2) {
    tile.ewise add %b, %b to %z range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// Happens-before is transitive: @last reads what @first wrote, ordered
// through @middle, which waited for @first before it signaled.
// CHECK-LABEL: tile.program @transitive device(4) target("sm_90a") workers(3) {
// CHECK-NEXT:   [[X:%.*]] = tile.buffer @x kind(input) offset(0) : memref<64xf32>
// CHECK-NEXT:   [[H:%.*]] = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
// CHECK-NEXT:   [[M:%.*]] = tile.buffer @m kind(activation) offset(512) : memref<64xf32>
// CHECK-NEXT:   [[Y:%.*]] = tile.buffer @y kind(output) offset(768) : memref<64xf32>
// CHECK-NEXT:   [[E_H_READY:%.*]] = tile.event @h_ready target(1) scope(gpu)
// CHECK-NEXT:   [[E_M_READY:%.*]] = tile.event @m_ready target(1) scope(gpu)
// CHECK-NEXT:   tile.task @first worker(0) order(0) signals([[E_H_READY]]) {
// CHECK-NEXT:     tile.ewise add [[X]], [[X]] to [[H]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @middle worker(1) order(0) waits([[E_H_READY]]) signals([[E_M_READY]]) {
// CHECK-NEXT:     tile.ewise add [[X]], [[X]] to [[M]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @last worker(2) order(0) waits([[E_M_READY]]) {
// CHECK-NEXT:     tile.ewise add [[H]], [[M]] to [[Y]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:  }
tile.program @transitive device(4) target("sm_90a") workers(3) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %m = tile.buffer @m kind(activation) offset(512) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(768) : memref<64xf32>
  %h_ready = tile.event @h_ready target(1) scope(gpu)
  %m_ready = tile.event @m_ready target(1) scope(gpu)
  tile.task @first worker(0) order(0) signals(%h_ready) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @middle worker(1) order(0) waits(%h_ready) signals(%m_ready) {
    tile.ewise add %x, %x to %m range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @last worker(2) order(0) waits(%m_ready) {
    tile.ewise add %h, %m to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// Body-level synchronization: the wait comes before the compute op and the
// signal after it.
// CHECK-LABEL: tile.program @in_body device(5) target("sm_90a") workers(2) {
// CHECK-NEXT:   [[X:%.*]] = tile.buffer @x kind(input) offset(0) : memref<64xf32>
// CHECK-NEXT:   [[H:%.*]] = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
// CHECK-NEXT:   [[Y:%.*]] = tile.buffer @y kind(output) offset(512) : memref<64xf32>
// CHECK-NEXT:   [[E_H_READY:%.*]] = tile.event @h_ready target(1) scope(gpu)
// CHECK-NEXT:   tile.task @produce worker(0) order(0) {
// CHECK-NEXT:     tile.ewise add [[X]], [[X]] to [[H]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:     tile.signal [[E_H_READY]] ordering(release) scope(gpu)
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @consume worker(1) order(0) {
// CHECK-NEXT:     tile.wait [[E_H_READY]] ordering(acquire) scope(gpu)
// CHECK-NEXT:     tile.ewise add [[H]], [[H]] to [[Y]] range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:  }
tile.program @in_body device(5) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %h = tile.buffer @h kind(activation) offset(256) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(512) : memref<64xf32>
  %e = tile.event @h_ready target(1) scope(gpu)
  tile.task @produce worker(0) order(0) {
    tile.ewise add %x, %x to %h range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
    tile.signal %e ordering(release) scope(gpu)
  }
  tile.task @consume worker(1) order(0) {
    tile.wait %e ordering(acquire) scope(gpu)
    tile.ewise add %h, %h to %y range(0, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// Readers need no order among themselves, and neither do writers of
// disjoint ranges.
// CHECK-LABEL: tile.program @no_conflict device(6) target("sm_90a") workers(2) {
// CHECK-NEXT:   [[X:%.*]] = tile.buffer @x kind(input) offset(0) : memref<64xf32>
// CHECK-NEXT:   [[Y:%.*]] = tile.buffer @y kind(output) offset(256) : memref<64xf32>
// CHECK-NEXT:   tile.task @lo worker(0) order(0) {
// CHECK-NEXT:     tile.ewise add [[X]], [[X]] to [[Y]] range(0, 32) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @hi worker(1) order(0) {
// CHECK-NEXT:     tile.ewise add [[X]], [[X]] to [[Y]] range(32, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:  }
tile.program @no_conflict device(6) target("sm_90a") workers(2) {
  %x = tile.buffer @x kind(input) offset(0) : memref<64xf32>
  %y = tile.buffer @y kind(output) offset(256) : memref<64xf32>
  tile.task @lo worker(0) order(0) {
    tile.ewise add %x, %x to %y range(0, 32) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
  tile.task @hi worker(1) order(0) {
    tile.ewise add %x, %x to %y range(32, 64) : memref<64xf32>, memref<64xf32>, memref<64xf32>
  }
}

// Split-KV attention: the four partials (2 KV heads x 2 chunks) write
// disjoint [chunk, head] slices of the scratch and only read the caches, so
// they need no order among themselves; the combine waits for all four.
// CHECK-LABEL: tile.program @attention device(7) target("sm_90a") workers(4) {
// CHECK-NEXT:   [[Q:%.*]] = tile.buffer @q kind(input) offset(0) : memref<64xbf16>
// CHECK-NEXT:   [[K_CACHE:%.*]] = tile.buffer @k_cache kind(kv_cache) offset(256) : memref<128x32xbf16>
// CHECK-NEXT:   [[V_CACHE:%.*]] = tile.buffer @v_cache kind(kv_cache) offset(8448) : memref<128x32xbf16>
// CHECK-NEXT:   [[PART:%.*]] = tile.buffer @part kind(scratch) offset(16640) : memref<2x4x18xf32>
// CHECK-NEXT:   [[O:%.*]] = tile.buffer @o kind(output) offset(17408) : memref<64xbf16>
// CHECK-NEXT:   [[E_PARTS:%.*]] = tile.event @parts target(4) scope(gpu)
// CHECK-NEXT:   tile.task @p00 worker(0) order(0) signals([[E_PARTS]]) {
// CHECK-NEXT:     tile.attention_partial [[Q]], [[K_CACHE]], [[V_CACHE]] to [[PART]] kv_head(0) chunk(0) {chunk_size = 64 : i64, head_dim = 16 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 2.500000e-01 : f32} : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @p01 worker(1) order(0) signals([[E_PARTS]]) {
// CHECK-NEXT:     tile.attention_partial [[Q]], [[K_CACHE]], [[V_CACHE]] to [[PART]] kv_head(0) chunk(1) {chunk_size = 64 : i64, head_dim = 16 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 2.500000e-01 : f32} : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @p10 worker(2) order(0) signals([[E_PARTS]]) {
// CHECK-NEXT:     tile.attention_partial [[Q]], [[K_CACHE]], [[V_CACHE]] to [[PART]] kv_head(1) chunk(0) {chunk_size = 64 : i64, head_dim = 16 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 2.500000e-01 : f32} : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @p11 worker(3) order(0) signals([[E_PARTS]]) {
// CHECK-NEXT:     tile.attention_partial [[Q]], [[K_CACHE]], [[V_CACHE]] to [[PART]] kv_head(1) chunk(1) {chunk_size = 64 : i64, head_dim = 16 : i64, num_heads = 4 : i64, num_kv_heads = 2 : i64, scale = 2.500000e-01 : f32} : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
// CHECK-NEXT:   }
// CHECK-NEXT:   tile.task @combine worker(0) order(1) waits([[E_PARTS]]) {
// CHECK-NEXT:     tile.attention_combine [[PART]] to [[O]] heads(0, 4) : memref<2x4x18xf32>, memref<64xbf16>
// CHECK-NEXT:   }
// CHECK-NEXT:  }
tile.program @attention device(7) target("sm_90a") workers(4) {
  %q = tile.buffer @q kind(input) offset(0) : memref<64xbf16>
  %kc = tile.buffer @k_cache kind(kv_cache) offset(256) : memref<128x32xbf16>
  %vc = tile.buffer @v_cache kind(kv_cache) offset(8448) : memref<128x32xbf16>
  %part = tile.buffer @part kind(scratch) offset(16640) : memref<2x4x18xf32>
  %o = tile.buffer @o kind(output) offset(17408) : memref<64xbf16>
  %e = tile.event @parts target(4) scope(gpu)
  tile.task @p00 worker(0) order(0) signals(%e) {
    tile.attention_partial %q, %kc, %vc to %part kv_head(0) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
  tile.task @p01 worker(1) order(0) signals(%e) {
    tile.attention_partial %q, %kc, %vc to %part kv_head(0) chunk(1)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
  tile.task @p10 worker(2) order(0) signals(%e) {
    tile.attention_partial %q, %kc, %vc to %part kv_head(1) chunk(0)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
  tile.task @p11 worker(3) order(0) signals(%e) {
    tile.attention_partial %q, %kc, %vc to %part kv_head(1) chunk(1)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
  }
  tile.task @combine worker(0) order(1) waits(%e) {
    tile.attention_combine %part to %o heads(0, 4) : memref<2x4x18xf32>, memref<64xbf16>
  }
}

// A combine reads only its own heads of every chunk: it waits for the
// partials of its KV head, not the other head's.
// CHECK-LABEL: tile.program @combine
tile.program @combine device(42) target("sm_90a") workers(2) {
  %q = tile.buffer @q kind(activation) offset(0) : memref<32xf32>
  %k = tile.buffer @k kind(kv_cache) offset(256) : memref<8x16xf32>
  %v = tile.buffer @v kind(kv_cache) offset(768) : memref<8x16xf32>
  %p = tile.buffer @p kind(scratch) offset(1280) : memref<2x4x10xf32>
  %o = tile.buffer @o kind(output) offset(1664) : memref<32xf32>
  %g0 = tile.event @g0 target(2) scope(gpu)
  %g1 = tile.event @g1 target(2) scope(gpu)
  tile.task @p00 worker(0) order(0) signals(%g0) {
    tile.attention_partial %q, %k, %v to %p kv_head(0) chunk(0) {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64, chunk_size = 4 : i64, scale = 0.35 : f32} : memref<32xf32>, memref<8x16xf32>, memref<2x4x10xf32>
  }
  tile.task @p01 worker(0) order(1) signals(%g0) {
    tile.attention_partial %q, %k, %v to %p kv_head(0) chunk(1) {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64, chunk_size = 4 : i64, scale = 0.35 : f32} : memref<32xf32>, memref<8x16xf32>, memref<2x4x10xf32>
  }
  tile.task @p10 worker(1) order(0) signals(%g1) {
    tile.attention_partial %q, %k, %v to %p kv_head(1) chunk(0) {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64, chunk_size = 4 : i64, scale = 0.35 : f32} : memref<32xf32>, memref<8x16xf32>, memref<2x4x10xf32>
  }
  tile.task @p11 worker(1) order(1) signals(%g1) {
    tile.attention_partial %q, %k, %v to %p kv_head(1) chunk(1) {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 8 : i64, chunk_size = 4 : i64, scale = 0.35 : f32} : memref<32xf32>, memref<8x16xf32>, memref<2x4x10xf32>
  }
  // CHECK: tile.task @c0 worker(1) order(2) waits(
  tile.task @c0 worker(1) order(2) waits(%g0) {
    tile.attention_combine %p to %o heads(0, 2) : memref<2x4x10xf32>, memref<32xf32>
  }
  tile.task @c1 worker(0) order(2) waits(%g1) {
    tile.attention_combine %p to %o heads(2, 4) : memref<2x4x10xf32>, memref<32xf32>
  }
}
