//===- ScheduleTest.cpp - workers, events, chaos, watchdog, multi-step ------===//
#include "TestUtil.h"

using namespace tilec::test;

namespace {

constexpr int kChaosSeeds = 20;

/// A small decoder-like step (embed, norm+SwiGLU, down projection with
/// residual, norm, LM head, argmax) with its row slices spread over
/// `workers` workers and events for every cross-task dependency. Tasks are
/// appended in one topological order, so each worker's list is one too.
ArtifactBuilder decoderStep(uint32_t workers) {
  const int64_t V = 16, H = 32, F = 48;
  const tilec_dtype bf = TILEC_DTYPE_BF16;
  ArtifactBuilder b(workers);
  b.buffer("table", TILEC_BUFFER_WEIGHT, bf, {V, H});
  b.buffer("ids", TILEC_BUFFER_INPUT, TILEC_DTYPE_I32, {1});
  b.buffer("x", TILEC_BUFFER_ACTIVATION, bf, {H});
  b.buffer("nw1", TILEC_BUFFER_WEIGHT, bf, {H});
  b.buffer("Wg", TILEC_BUFFER_WEIGHT, bf, {F, H});
  b.buffer("Wu", TILEC_BUFFER_WEIGHT, bf, {F, H});
  b.buffer("h", TILEC_BUFFER_ACTIVATION, bf, {F});
  b.buffer("Wd", TILEC_BUFFER_WEIGHT, bf, {H, F});
  b.buffer("y", TILEC_BUFFER_ACTIVATION, bf, {H});
  b.buffer("nw2", TILEC_BUFFER_WEIGHT, bf, {H});
  b.buffer("z", TILEC_BUFFER_ACTIVATION, bf, {H});
  b.buffer("Wlm", TILEC_BUFFER_WEIGHT, bf, {V, H});
  b.buffer("logits", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {V});
  b.buffer("tok", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_I32, {1});
  uint32_t xReady = b.event("x_ready"), hReady = b.event("h_ready", 3),
           yReady = b.event("y_ready", 2), zReady = b.event("z_ready"),
           logitsReady = b.event("logits_ready", 2);
  auto w = [&](uint32_t i) { return i % workers; };
  b.task(0, makeTask(TILEC_TASK_EMBED, "embed", {{0, "table"}, {1, "ids"}, {2, "x"}}, {V, H}, {},
                     {}, {xReady}));
  for (int64_t i = 0; i < 3; ++i)
    b.task(w(i), makeTask(TILEC_TASK_MATVEC_SWIGLU, "mlp_up" + std::to_string(i),
                          {{0, "Wg"}, {1, "x"}, {2, "h"}, {3, "Wu"}, {5, "nw1"}},
                          {F, H, 16 * i, 16 * (i + 1)}, {1e-5f}, {xReady}, {hReady}));
  for (int64_t i = 0; i < 2; ++i)
    b.task(w(i + 1), makeTask(TILEC_TASK_MATVEC, "mlp_down" + std::to_string(i),
                              {{0, "Wd"}, {1, "h"}, {2, "y"}, {4, "x"}},
                              {H, F, 16 * i, 16 * (i + 1)}, {}, {hReady}, {yReady}));
  b.task(w(workers - 1),
         makeTask(TILEC_TASK_RMSNORM, "final_norm", {{0, "y"}, {1, "nw2"}, {2, "z"}}, {H, 0, 1},
                  {1e-5f}, {yReady}, {zReady}));
  for (int64_t i = 0; i < 2; ++i)
    b.task(w(i), makeTask(TILEC_TASK_MATVEC, "lm_head" + std::to_string(i),
                          {{0, "Wlm"}, {1, "z"}, {2, "logits"}}, {V, H, 8 * i, 8 * (i + 1)}, {},
                          {zReady}, {logitsReady}));
  b.task(0, makeTask(TILEC_TASK_ARGMAX, "argmax", {{0, "logits"}, {1, "tok"}}, {V}, {},
                     {logitsReady}));
  return b;
}

/// The bytes of every buffer a decoder step writes, after two steps.
std::vector<std::vector<uint8_t>> runDecoder(uint32_t workers, uint64_t chaosSeed,
                                             uint32_t hostThreads = 0) {
  TempDir dir;
  tilec_options o = defaultOptions();
  o.host_threads = hostThreads;
  o.chaos_seed = chaosSeed;
  o.chaos_max_delay_us = 300;
  Model m = buildAndLoad(decoderStep(workers), dir, &o);
  if (!m)
    return {};
  EXPECT_EQ(tilec_fill_random(m.get(), 0, nullptr, 5), TILEC_OK);
  setInts(m.get(), "ids", {3});
  run(m.get(), 0, 2);
  std::vector<std::vector<uint8_t>> out;
  for (const char *name : {"x", "h", "y", "z", "logits", "tok"})
    out.push_back(getBytes(m.get(), name));
  return out;
}

TEST(ScheduleTest, WorkersAndChaosGiveTheSequentialBits) {
  std::vector<std::vector<uint8_t>> sequential = runDecoder(1, 0);
  ASSERT_FALSE(sequential.empty());
  // The logits are not all equal (a degenerate step would prove nothing).
  EXPECT_NE(sequential[4], std::vector<uint8_t>(sequential[4].size(), 0));
  for (uint32_t workers : {2u, 3u}) {
    EXPECT_EQ(runDecoder(workers, 0), sequential) << workers << " workers, no chaos";
    for (uint64_t seed = 1; seed <= kChaosSeeds; ++seed)
      EXPECT_EQ(runDecoder(workers, seed), sequential) << workers << " workers, chaos " << seed;
  }
}

TEST(ScheduleTest, WorkersSharingThreadsGiveTheSequentialBits) {
  // Three workers that wait on each other, taking turns on one or two
  // threads: a thread whose worker is blocked must run its other workers.
  std::vector<std::vector<uint8_t>> sequential = runDecoder(1, 0);
  ASSERT_FALSE(sequential.empty());
  for (uint32_t threads : {1u, 2u}) {
    EXPECT_EQ(runDecoder(3, 0, threads), sequential) << threads << " threads";
    for (uint64_t seed = 1; seed <= kChaosSeeds; ++seed)
      EXPECT_EQ(runDecoder(3, seed, threads), sequential) << threads << " threads, chaos " << seed;
  }
}

/// Worker 0 computes y = a + b after six other tasks; worker 1 computes
/// z = y + c at once. With the event, z is always right; without it, under
/// chaos worker 1's one delay is almost always shorter than worker 0's seven.
/// (A deliberate data race: ThreadSanitizer runs exclude this test.)
ArtifactBuilder producerConsumer(bool withEvent) {
  ArtifactBuilder b(2);
  for (const char *name : {"a", "b", "c"})
    b.buffer(name, TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {4});
  b.buffer("y", TILEC_BUFFER_ACTIVATION, TILEC_DTYPE_F32, {4});
  b.buffer("z", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {4});
  uint32_t yReady = b.event("y_ready");
  for (int i = 0; i < 6; ++i)
    b.task(0, makeTask(TILEC_TASK_NOP, "busy" + std::to_string(i), {}));
  std::vector<uint32_t> signal, wait;
  if (withEvent)
    signal = wait = {yReady};
  b.task(0, makeTask(TILEC_TASK_ADD, "producer", {{0, "a"}, {1, "b"}, {2, "y"}}, {0, 4}, {}, {},
                     signal));
  b.task(1, makeTask(TILEC_TASK_ADD, "consumer", {{0, "y"}, {1, "c"}, {2, "z"}}, {0, 4}, {}, wait));
  return b;
}

int wrongResults(bool withEvent, uint32_t hostThreads) {
  int wrong = 0;
  for (uint64_t seed = 1; seed <= kChaosSeeds; ++seed) {
    TempDir dir;
    tilec_options o = defaultOptions();
    o.chaos_seed = seed;
    o.chaos_max_delay_us = 2000;
    o.host_threads = hostThreads;
    Model m = buildAndLoad(producerConsumer(withEvent), dir, &o);
    if (!m)
      return -1;
    setFloats(m.get(), "a", {1, 2, 3, 4});
    setFloats(m.get(), "b", {10, 20, 30, 40});
    setFloats(m.get(), "c", {100, 200, 300, 400});
    run(m.get(), 0);
    wrong += getFloats(m.get(), "z") != std::vector<float>{111, 222, 333, 444};
  }
  return wrong;
}

TEST(ScheduleTest, ChaosExposesAMissingDependency) {
  // With a thread per worker (the default under chaos), and with both
  // workers taking turns on one thread: chaos then varies whose turn is
  // first and runs one task per turn.
  for (uint32_t threads : {0u, 1u}) {
    EXPECT_GE(wrongResults(/*withEvent=*/false, threads), 1) << threads << " threads";
    EXPECT_EQ(wrongResults(/*withEvent=*/true, threads), 0) << threads << " threads";
  }
}

TEST(ScheduleTest, WatchdogNamesTheStuckWorkerTaskAndEvent) {
  TempDir dir;
  ArtifactBuilder b(1);
  uint32_t never = b.event("never_signalled");
  b.task(0, makeTask(TILEC_TASK_NOP, "first", {}));
  b.task(0, makeTask(TILEC_TASK_NOP, "stuck", {}, {}, {}, {never}));
  tilec_options o = defaultOptions();
  o.wait_timeout_ms = 50;
  Model m = buildAndLoad(b, dir, &o);
  ASSERT_TRUE(m);
  ASSERT_EQ(tilec_run(m.get(), 0, 3), TILEC_ERROR_FAULT);
  EXPECT_STREQ(tilec_last_error(),
               "watchdog: worker gpu0/0 waited more than 50 ms in task 'stuck' (#1, nop) for "
               "event 'never_signalled' (#0): counter 0, expected 1 (target 1 x epoch 1); the "
               "schedule cannot make progress");
  tilec_fault f;
  ASSERT_EQ(tilec_model_fault(m.get(), &f), TILEC_OK);
  EXPECT_EQ(f.code, TILEC_FAULT_WAIT_TIMEOUT);
  EXPECT_EQ(f.program, 0u);
  EXPECT_EQ(f.worker, 0u);
  EXPECT_EQ(f.task, 1u);
  EXPECT_EQ(f.event, 0u);
  EXPECT_EQ(f.epoch, 1u);
  EXPECT_EQ(f.value, 0);
  // The faulting step counts; the next run waits in epoch 2 and faults again.
  ASSERT_EQ(tilec_run(m.get(), 0, 1), TILEC_ERROR_FAULT);
  EXPECT_NE(std::string(tilec_last_error()).find("counter 1, expected 2 (target 1 x epoch 2)"),
            std::string::npos)
      << tilec_last_error();
}

/// The watchdog's message for a cycle: each of two workers waits for the
/// other's signal before giving its own.
std::string deadlockMessage(uint32_t hostThreads) {
  TempDir dir;
  ArtifactBuilder b(2);
  uint32_t fromA = b.event("from_a"), fromB = b.event("from_b");
  b.task(0, makeTask(TILEC_TASK_NOP, "task_a", {}, {}, {}, {fromB}, {fromA}));
  b.task(1, makeTask(TILEC_TASK_NOP, "task_b", {}, {}, {}, {fromA}, {fromB}));
  tilec_options o = defaultOptions();
  o.wait_timeout_ms = 50;
  o.host_threads = hostThreads;
  Model m = buildAndLoad(b, dir, &o);
  if (!m)
    return "cannot load";
  EXPECT_EQ(tilec_run(m.get(), 0, 1), TILEC_ERROR_FAULT);
  return tilec_last_error();
}

TEST(ScheduleTest, WatchdogBreaksADeadlockCycleAndReportsEveryBlockedWorker) {
  // With one thread per worker, and with both taking turns on one thread
  // (which never blocks in a wait, so the watchdog still sees both).
  for (uint32_t threads : {2u, 1u}) {
    std::string msg = deadlockMessage(threads);
    EXPECT_EQ(msg.rfind("watchdog: worker gpu0/", 0), 0u) << msg;
    for (const char *part : {"task 'task_a' (#0, nop)", "event 'from_b' (#1)",
                             "task 'task_b' (#1, nop)", "event 'from_a' (#0)", "also blocked"})
      EXPECT_NE(msg.find(part), std::string::npos) << part << " in: " << msg << " (" << threads
                                                   << " threads)";
  }
}

/// Two workers, a KV cache and a state carried from step to step (the value
/// written to the V cache is the state, updated with the attention output),
/// so every step's result depends on the position and on all earlier steps.
ArtifactBuilder statefulAttention() {
  const int64_t H = 2, D = 8, S = 8, chunk = 4, C = 2;
  const tilec_dtype f32 = TILEC_DTYPE_F32;
  ArtifactBuilder b(2);
  b.buffer("kin", TILEC_BUFFER_INPUT, f32, {H * D});
  b.buffer("q", TILEC_BUFFER_INPUT, f32, {H * D});
  b.buffer("state", TILEC_BUFFER_ACTIVATION, f32, {H * D});
  b.buffer("krot", TILEC_BUFFER_ACTIVATION, f32, {H * D});
  b.buffer("qrot", TILEC_BUFFER_ACTIVATION, f32, {H * D});
  b.buffer("kc", TILEC_BUFFER_KV_CACHE, f32, {S, H * D});
  b.buffer("vc", TILEC_BUFFER_KV_CACHE, f32, {S, H * D});
  b.buffer("partial", TILEC_BUFFER_SCRATCH, f32, {H, C, D + 2});
  b.buffer("o", TILEC_BUFFER_OUTPUT, f32, {H * D});
  uint32_t kvReady = b.event("kv_ready", 2), partReady = b.event("part_ready", 2);
  b.task(0, makeTask(TILEC_TASK_ROPE, "rope_k", {{0, "kin"}, {1, "krot"}}, {D, 0, H, 0}, {1e4f}));
  b.task(0, makeTask(TILEC_TASK_KV_STORE, "store_k", {{0, "krot"}, {1, "kc"}}, {S, H * D}, {}, {},
                     {kvReady}));
  b.task(1, makeTask(TILEC_TASK_ROPE, "rope_q", {{0, "q"}, {1, "qrot"}}, {D, 0, H, 0}, {1e4f}));
  b.task(1, makeTask(TILEC_TASK_KV_STORE, "store_v", {{0, "state"}, {1, "vc"}}, {S, H * D}, {}, {},
                     {kvReady}));
  for (int64_t c = 0; c < C; ++c)
    for (int64_t g = 0; g < H; ++g)
      b.task(uint32_t(c),
             makeTask(TILEC_TASK_ATTN_PARTIAL, "partial",
                      {{0, "qrot"}, {1, "kc"}, {2, "vc"}, {3, "partial"}},
                      {H, H, D, S, c, g, chunk, C}, {0.35f}, {kvReady},
                      g == H - 1 ? std::vector<uint32_t>{partReady} : std::vector<uint32_t>{}));
  b.task(0, makeTask(TILEC_TASK_ATTN_COMBINE, "combine", {{0, "partial"}, {1, "o"}},
                     {H, 0, D, 0, 0, H, 0, C}, {}, {partReady}));
  b.task(0, makeTask(TILEC_TASK_ADD, "update", {{0, "state"}, {1, "o"}, {2, "state"}}, {0, H * D}));
  return b;
}

struct Snapshot {
  std::vector<uint32_t> counters;
  std::vector<std::vector<uint8_t>> buffers;
  uint64_t stepsRun;
  bool operator==(const Snapshot &o) const {
    return counters == o.counters && buffers == o.buffers && stepsRun == o.stepsRun;
  }
};

Snapshot runStateful(std::vector<std::pair<int32_t, uint32_t>> calls, uint64_t chaosSeed) {
  TempDir dir;
  tilec_options o = defaultOptions();
  o.chaos_seed = chaosSeed;
  Model m = buildAndLoad(statefulAttention(), dir, &o);
  if (!m)
    return {};
  setFloats(m.get(), "kin", randomFloats(16, 30));
  setFloats(m.get(), "q", randomFloats(16, 31));
  setFloats(m.get(), "state", randomFloats(16, 32));
  for (auto [position, steps] : calls)
    run(m.get(), position, steps);
  Snapshot s;
  s.counters.resize(2);
  EXPECT_EQ(tilec_event_counters(m.get(), s.counters.data(), 2), TILEC_OK);
  for (const char *name : {"state", "kc", "vc", "o"})
    s.buffers.push_back(getBytes(m.get(), name));
  tilec_model_info info;
  EXPECT_EQ(tilec_model_get_info(m.get(), &info), TILEC_OK);
  s.stepsRun = info.steps_run;
  return s;
}

TEST(ScheduleTest, EpochsAndCountersContinueAcrossRunCalls) {
  Snapshot once = runStateful({{0, 3}}, 0);
  EXPECT_EQ(once.counters, (std::vector<uint32_t>{6, 6})); // target 2 x 3 epochs
  EXPECT_EQ(once.stepsRun, 3u);
  EXPECT_TRUE(runStateful({{0, 1}, {1, 2}}, 0) == once);
  EXPECT_TRUE(runStateful({{0, 1}, {1, 1}, {2, 1}}, 7) == once);
  // Positions 0..2 were written to the caches, 3.. are untouched.
  const std::vector<uint8_t> &kc = once.buffers[1];
  EXPECT_NE(std::vector<uint8_t>(kc.begin() + 2 * 64, kc.begin() + 3 * 64),
            std::vector<uint8_t>(64, 0));
  EXPECT_EQ(std::vector<uint8_t>(kc.begin() + 3 * 64, kc.end()),
            std::vector<uint8_t>(kc.size() - 3 * 64, 0));
}

TEST(ScheduleTest, RunArgumentsAreChecked) {
  TempDir dir;
  ArtifactBuilder b;
  b.task(0, makeTask(TILEC_TASK_NOP, "nop", {}));
  Model m = buildAndLoad(b, dir);
  ASSERT_TRUE(m);
  EXPECT_EQ(tilec_run(m.get(), -1, 1), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tilec_last_error(), "first_position -1 is negative");
  EXPECT_EQ(tilec_run(m.get(), INT32_MAX, 2), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tilec_run(m.get(), 0, 0), TILEC_OK);
  EXPECT_EQ(tilec_run(nullptr, 0, 1), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tilec_last_error(), "model is NULL");
}

} // namespace
