//===- FuzzTest.cpp - mutated artifacts never crash or hang the runtime -----===//
//
// Deterministic mutation fuzzing of the loader and, when a mutant still
// loads, of a run: bit flips in the table (mostly with the checksum refreshed
// so the deeper checks are reached) and character edits in the manifest. The
// only acceptable outcomes are a clean load and run, or an error status; the
// ASan/UBSan build turns any out-of-bounds access into a failure. A table
// mutant may drop a dependency, a real race in that mutant, so ThreadSanitizer
// runs exclude MutatedTablesAreRejectedOrRunCleanly (as they exclude
// ScheduleTest.ChaosExposesAMissingDependency).
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <cstring>

using namespace tilec::test;

namespace {

/// Two workers running one token through embed, RoPE, KV store, split-KV
/// attention, a matvec and argmax: most task kinds, events in both directions.
ArtifactBuilder everyKind() {
  const int64_t V = 8, H = 16, S = 4;
  const tilec_dtype bf = TILEC_DTYPE_BF16;
  ArtifactBuilder b(2);
  b.buffer("table", TILEC_BUFFER_WEIGHT, bf, {V, H}, "embed.weight");
  b.buffer("ids", TILEC_BUFFER_INPUT, TILEC_DTYPE_I32, {1});
  b.buffer("x", TILEC_BUFFER_ACTIVATION, bf, {H});
  b.buffer("kc", TILEC_BUFFER_KV_CACHE, bf, {S, H});
  b.buffer("partial", TILEC_BUFFER_SCRATCH, TILEC_DTYPE_F32, {2, 2, 10});
  b.buffer("o", TILEC_BUFFER_ACTIVATION, bf, {H});
  b.buffer("W", TILEC_BUFFER_WEIGHT, bf, {V, H}, "lm_head.weight");
  b.buffer("nw", TILEC_BUFFER_WEIGHT, bf, {H}, "norm.weight");
  b.buffer("logits", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {V});
  b.buffer("tok", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_I32, {1});
  uint32_t xReady = b.event("x_ready"), kvReady = b.event("kv_ready"),
           partReady = b.event("part_ready", 2), oReady = b.event("o_ready");
  b.task(0, makeTask(TILEC_TASK_EMBED, "embed", {{0, "table"}, {1, "ids"}, {2, "x"}}, {V, H}));
  b.task(0, makeTask(TILEC_TASK_ROPE, "rope", {{0, "x"}, {1, "x"}}, {8, 0, 2, 16}, {1e4f, 4, 1, 4},
                     {}, {xReady}));
  b.task(1, makeTask(TILEC_TASK_KV_STORE, "kv", {{0, "x"}, {1, "kc"}}, {S, H}, {}, {xReady},
                     {kvReady}));
  for (int64_t c = 0; c < 2; ++c)
    b.task(uint32_t(c), makeTask(TILEC_TASK_ATTN_PARTIAL, "partial",
                                 {{0, "x"}, {1, "kc"}, {2, "kc"}, {3, "partial"}},
                                 {2, 1, 8, S, c, 0, 2, 2}, {0.3f}, {kvReady}, {partReady}));
  b.task(1, makeTask(TILEC_TASK_ATTN_COMBINE, "combine", {{0, "partial"}, {1, "o"}},
                     {2, 0, 8, 0, 0, 2, 0, 2}, {}, {partReady}, {oReady}));
  b.task(0, makeTask(TILEC_TASK_MATVEC, "lm_head", {{0, "W"}, {1, "o"}, {2, "logits"}, {5, "nw"}},
                     {V, H, 0, V}, {1e-5f}, {oReady}));
  b.task(0, makeTask(TILEC_TASK_ARGMAX, "argmax", {{0, "logits"}, {1, "tok"}}, {V}));
  return b;
}

tilec_options fastWatchdog() {
  tilec_options o = defaultOptions();
  o.wait_timeout_ms = 10;
  return o;
}

/// Loads dir; if that works, runs two steps. Returns whether it loaded.
bool loadAndRun(const std::string &dir, const std::string &what) {
  tilec_options o = fastWatchdog();
  tilec_model *raw = nullptr;
  tilec_status s = tilec_model_load(dir.c_str(), &o, &raw);
  Model m(raw);
  if (s != TILEC_OK) {
    EXPECT_TRUE(s == TILEC_ERROR_BAD_ARTIFACT || s == TILEC_ERROR_IO)
        << what << ": " << s << " " << tilec_last_error();
    EXPECT_NE(std::string(tilec_last_error()), "") << what;
    return false;
  }
  tilec_fill_random(m.get(), 0, nullptr, 1);
  int32_t id = 3;
  tilec_set_buffer(m.get(), "ids", &id, 4); // the mutant may have renamed it
  s = tilec_run(m.get(), 0, 2);
  EXPECT_TRUE(s == TILEC_OK || s == TILEC_ERROR_FAULT || s == TILEC_ERROR_INVALID_ARGUMENT)
      << what << ": " << tilec_last_error();
  return true;
}

TEST(FuzzTest, TheUnmutatedArtifactRuns) {
  TempDir dir;
  Model m = buildAndLoad(everyKind(), dir);
  ASSERT_TRUE(m);
  ASSERT_EQ(tilec_fill_random(m.get(), 0, nullptr, 1), TILEC_OK);
  setInts(m.get(), "ids", {3});
  run(m.get(), 0, 3);
}

TEST(FuzzTest, MutatedTablesAreRejectedOrRunCleanly) {
  TempDir dir;
  ArtifactBuilder b = everyKind();
  const std::vector<uint8_t> good = b.table();
  nlohmann::json manifest = b.manifest();
  std::mt19937 rng(2024);
  int loaded = 0, rejected = 0;
  for (int i = 0; i < 300; ++i) {
    std::vector<uint8_t> t = good;
    for (int flips = 1 + int(rng() % 3); flips > 0; --flips)
      t[rng() % t.size()] ^= uint8_t(1u << (rng() % 8));
    if (rng() % 8 != 0)
      ArtifactBuilder::refreshChecksum(t);
    tilec_table_header h;
    std::memcpy(&h, t.data(), sizeof h);
    manifest["table_checksum"] = h.checksum; // let the table's own checks decide
    ArtifactBuilder::writeTable(dir.path(), t);
    ArtifactBuilder::writeManifest(dir.path(), manifest.dump());
    (loadAndRun(dir.path(), "table mutant " + std::to_string(i)) ? loaded : rejected)++;
  }
  EXPECT_GT(loaded, 0);
  EXPECT_GT(rejected, 0);
}

TEST(FuzzTest, MutatedManifestsAreRejectedOrRunCleanly) {
  TempDir dir;
  ArtifactBuilder b = everyKind();
  ArtifactBuilder::writeTable(dir.path(), b.table());
  const std::string good = b.manifest().dump(1);
  const std::string alphabet = "{}[]:,\"0123456789-.eE abcdefghijklmnopqrstuvwxyz/_";
  std::mt19937 rng(7);
  int loaded = 0, rejected = 0;
  for (int i = 0; i < 300; ++i) {
    std::string text = good;
    for (int edits = 1 + int(rng() % 3); edits > 0; --edits) {
      size_t pos = rng() % text.size();
      switch (rng() % 3) {
      case 0:
        text[pos] = alphabet[rng() % alphabet.size()];
        break;
      case 1:
        text.erase(pos, 1);
        break;
      default:
        text.insert(pos, 1, alphabet[rng() % alphabet.size()]);
        break;
      }
    }
    ArtifactBuilder::writeManifest(dir.path(), text);
    (loadAndRun(dir.path(), "manifest mutant " + std::to_string(i)) ? loaded : rejected)++;
  }
  EXPECT_GT(loaded, 0);
  EXPECT_GT(rejected, 0);
}

TEST(FuzzTest, MutatedSafetensorsAreRejectedOrLoadWhole) {
  TempDir dir;
  Model m = buildAndLoad(everyKind(), dir);
  ASSERT_TRUE(m);
  const std::vector<uint8_t> good =
      safetensorsBytes({{"embed.weight", bf16Tensor({8, 16}, randomFloats(128, 1))},
                        {"lm_head.weight", tensor<float>("F32", {8, 16}, randomFloats(128, 2))},
                        {"norm.weight", bf16Tensor({16}, randomFloats(16, 3))}});
  uint64_t headerEnd = 0;
  std::memcpy(&headerEnd, good.data(), 8);
  headerEnd += 8;
  std::mt19937 rng(11);
  int loaded = 0, rejected = 0;
  for (int i = 0; i < 300; ++i) {
    std::vector<uint8_t> bytes = good;
    for (int flips = 1 + int(rng() % 3); flips > 0; --flips)
      bytes[rng() % headerEnd] ^= uint8_t(1u << (rng() % 8)); // the header is the parser's
    if (rng() % 4 == 0)
      bytes.resize(rng() % bytes.size());
    writeFile(dir.file("w.safetensors"), bytes);
    ASSERT_EQ(tilec_fill_random(m.get(), 0, nullptr, uint64_t(i)), TILEC_OK);
    std::vector<std::vector<uint8_t>> before;
    for (const char *name : {"table", "W", "nw"})
      before.push_back(getBytes(m.get(), name));
    tilec_status s = tilec_load_safetensors(m.get(), dir.file("w.safetensors").c_str(), 0, nullptr);
    if (s == TILEC_OK) {
      ++loaded;
      continue;
    }
    ++rejected;
    EXPECT_EQ(s, TILEC_ERROR_BAD_ARTIFACT) << i << ": " << tilec_last_error();
    std::vector<std::vector<uint8_t>> after;
    for (const char *name : {"table", "W", "nw"})
      after.push_back(getBytes(m.get(), name));
    EXPECT_EQ(after, before) << "mutant " << i << " was half loaded: " << tilec_last_error();
  }
  EXPECT_GT(loaded, 0);
  EXPECT_GT(rejected, 0);
}

} // namespace
