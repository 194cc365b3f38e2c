//===- LoaderTest.cpp - every rejection of a bad table or manifest ----------===//
#include "TestUtil.h"

#include <cstring>

using namespace tilec::test;
using nlohmann::json;

namespace {

/// A valid two-worker artifact whose table and manifest tests then break.
ArtifactBuilder validArtifact() {
  ArtifactBuilder b(2);
  b.buffer("a", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {32});
  b.buffer("w", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_BF16, {8, 4}, "model.w");
  b.buffer("y", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {32});
  uint32_t e = b.event("a_done");
  b.task(0, makeTask(TILEC_TASK_ADD, "add0", {{0, "a"}, {1, "a"}, {2, "y"}}, {0, 16}, {}, {}, {e}));
  b.task(1, makeTask(TILEC_TASK_ADD, "add1", {{0, "a"}, {1, "y"}, {2, "y"}}, {0, 16}, {}, {e}));
  return b;
}

class LoaderTest : public ::testing::Test {
protected:
  void SetUp() override {
    table = validArtifact().table();
    manifest = validArtifact().manifest();
    std::memcpy(&header, table.data(), sizeof header);
    layout = tilec_table_layout_of(&header);
  }
  /// Writes the (edited) table and manifest; loads; returns the message.
  std::string loadBroken(tilec_status expected = TILEC_ERROR_BAD_ARTIFACT) {
    ArtifactBuilder::writeTable(dir.path(), table);
    ArtifactBuilder::writeManifest(dir.path(), manifest.dump());
    return loadError(dir.path(), expected);
  }
  void editHeader(void (*edit)(tilec_table_header &)) {
    edit(header);
    std::memcpy(table.data(), &header, sizeof header);
  }
  std::string tablePath() const { return dir.file("schedule.tbl"); }
  std::string manifestPath() const { return dir.file("manifest.json"); }

  TempDir dir;
  std::vector<uint8_t> table;
  json manifest;
  tilec_table_header header;
  tilec_table_layout layout;
};

TEST_F(LoaderTest, ValidArtifactLoads) {
  validArtifact().write(dir.path());
  Model m = load(dir.path());
  ASSERT_TRUE(m);
  tilec_model_info info;
  ASSERT_EQ(tilec_model_get_info(m.get(), &info), TILEC_OK);
  EXPECT_EQ(info.num_programs, 1u);
  EXPECT_EQ(info.num_workers, 2u);
  EXPECT_EQ(info.num_tasks, 2u);
  EXPECT_EQ(info.num_events, 1u);
  EXPECT_EQ(info.num_buffers, 3u);
  EXPECT_STREQ(info.generator, "tilec runtime tests");
  EXPECT_STREQ(info.activation_dtype, "f32");
}

// ---- the table ------------------------------------------------------------------

TEST_F(LoaderTest, TruncatedTable) {
  table.resize(table.size() - 8);
  EXPECT_EQ(loadBroken(),
            tablePath() + ": truncated or padded: total_bytes differs from the file size");
  table.resize(20);
  EXPECT_EQ(loadBroken(), tablePath() + ": truncated: smaller than the table header");
}

TEST_F(LoaderTest, FlippedByteFailsTheChecksum) {
  table[layout.tasks + 3] ^= 0x40;
  EXPECT_EQ(loadBroken(), tablePath() + ": checksum mismatch: the table is corrupted");
}

TEST_F(LoaderTest, BadMagic) {
  editHeader([](tilec_table_header &h) { h.magic ^= 1; });
  EXPECT_EQ(loadBroken(), tablePath() + ": bad magic: not a tilec schedule table");
}

TEST_F(LoaderTest, TableVersionSkew) {
  editHeader([](tilec_table_header &h) { h.version = TILEC_TABLE_VERSION + 1; });
  EXPECT_EQ(loadBroken(),
            tablePath() + ": unsupported version: the table was written by another tilec "
                          "(table version 5, this runtime reads version 4)");
}

TEST_F(LoaderTest, WrongTaskRecordSize) {
  editHeader([](tilec_table_header &h) { h.task_bytes += 8; });
  EXPECT_EQ(loadBroken(), tablePath() + ": record sizes differ from this runtime's (header 64 "
                                        "and task " +
                              std::to_string(sizeof(tilec_task) + 8) +
                              " bytes; this runtime's are 64 and " +
                              std::to_string(sizeof(tilec_task)) + ")");
}

TEST_F(LoaderTest, EventIndexOutOfRange) {
  uint32_t bad = 99;
  std::memcpy(table.data() + layout.waits, &bad, 4);
  ArtifactBuilder::refreshChecksum(table); // so only the index check can fire
  EXPECT_EQ(loadBroken(), tablePath() + ": wait names an event out of range");
}

TEST_F(LoaderTest, UnknownTaskKind) {
  uint32_t kind = TILEC_TASK_KIND_COUNT;
  std::memcpy(table.data() + layout.tasks + offsetof(tilec_task, kind), &kind, 4);
  ArtifactBuilder::refreshChecksum(table);
  EXPECT_EQ(loadBroken(), tablePath() + ": unknown task kind");
}

TEST_F(LoaderTest, OperandPastTheArena) {
  ArtifactBuilder b;
  b.buffer("W", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_F32, {4, 8});
  b.buffer("x", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {8});
  b.buffer("y", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {16});
  // N = 16 rows of W, but W holds 4: W's rows run past the 256-byte arena.
  b.task(0, makeTask(TILEC_TASK_MATVEC, "mv", {{0, "W"}, {1, "x"}, {2, "y"}}, {16, 8, 0, 16}));
  b.write(dir.path());
  EXPECT_EQ(loadError(dir.path()),
            tablePath() + ": task 'mv' (#0, matvec): operand 0 (W): needs 512 bytes at offset "
                          "0, past the arena's 256");
}

TEST_F(LoaderTest, TaskParametersAreChecked) {
  ArtifactBuilder b;
  b.buffer("W", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_F32, {8, 8});
  b.buffer("x", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {8});
  b.buffer("y", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {8});
  b.task(0, makeTask(TILEC_TASK_MATVEC, "mv", {{0, "W"}, {1, "x"}, {2, "y"}}, {8, 8, 0, 9}));
  b.write(dir.path());
  EXPECT_EQ(loadError(dir.path()),
            tablePath() + ": task 'mv' (#0, matvec): row range [0, 9) is not within [0, 8)");
}

TEST_F(LoaderTest, RotatingKvStoreParametersAreChecked) {
  for (auto [headDim, theta, why] :
       {std::tuple{int64_t(6), 1e4f, "head_dim 6 must be even and divide D = 16"},
        std::tuple{int64_t(8), 0.0f, "fp0 (theta) = 0 must be > 0"}}) {
    ArtifactBuilder b;
    b.buffer("k", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {16});
    b.buffer("kc", TILEC_BUFFER_KV_CACHE, TILEC_DTYPE_F32, {4, 16});
    b.task(0, makeTask(TILEC_TASK_KV_STORE, "kv", {{0, "k"}, {1, "kc"}}, {4, 16, headDim, 0},
                       {theta}));
    b.write(dir.path());
    EXPECT_EQ(loadError(dir.path()), tablePath() + ": task 'kv' (#0, kv_store): " + why);
  }
}

TEST_F(LoaderTest, OperandDtypesAreChecked) {
  ArtifactBuilder b;
  b.buffer("logits", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {8});
  b.buffer("tok", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_BF16, {2});
  b.task(0, makeTask(TILEC_TASK_ARGMAX, "argmax", {{0, "logits"}, {1, "tok"}}, {8}));
  b.write(dir.path());
  EXPECT_EQ(loadError(dir.path()), tablePath() + ": task 'argmax' (#0, argmax): operand 1 "
                                                 "(out): dtype bf16, expected i32");
}

TEST_F(LoaderTest, MissingOperand) {
  ArtifactBuilder b;
  b.buffer("a", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {8});
  b.task(0, makeTask(TILEC_TASK_ADD, "add", {{0, "a"}, {2, "a"}}, {0, 8}));
  b.write(dir.path());
  EXPECT_EQ(loadError(dir.path()),
            tablePath() + ": task 'add' (#0, add): operand 1 (b) is missing");
}

TEST_F(LoaderTest, EventSignalledMoreThanItsTarget) {
  ArtifactBuilder b(2);
  uint32_t e = b.event("twice");
  b.task(0, makeTask(TILEC_TASK_NOP, "one", {}, {}, {}, {}, {e}));
  b.task(1, makeTask(TILEC_TASK_NOP, "two", {}, {}, {}, {}, {e}));
  b.write(dir.path());
  EXPECT_EQ(loadError(dir.path()),
            tablePath() + ": event 'twice' (#0) is signalled 2 times per step but its target "
                          "is 1: its counter would run ahead of later steps' waits");
}

// ---- the manifest ---------------------------------------------------------------

TEST_F(LoaderTest, MalformedManifestJson) {
  ArtifactBuilder::writeTable(dir.path(), table);
  ArtifactBuilder::writeManifest(dir.path(),
                                 "{\"format\": \"tilec-manifest\",\n \"version\": 1,,}");
  std::string msg = loadError(dir.path());
  EXPECT_EQ(
      msg.rfind(manifestPath() + ": malformed JSON at byte 44: parse error at line 2, column 15",
                0),
      0u)
      << msg;
  ArtifactBuilder::writeManifest(dir.path(), "{\"version\": 1e999}");
  EXPECT_EQ(loadError(dir.path()),
            manifestPath() + ": malformed JSON: number overflow parsing '1e999'");
  // A key twice (a first "version": 0 would be ignored) and hostile nesting
  // (200,000 levels would exhaust the stack of a recursive parser).
  ArtifactBuilder::writeManifest(dir.path(), "{\"version\": 0, \"format\": \"x\", \"version\": 1}");
  EXPECT_EQ(loadError(dir.path()),
            manifestPath() + ": malformed JSON: key 'version' appears twice in one object");
  ArtifactBuilder::writeManifest(dir.path(),
                                 std::string(200000, '[') + std::string(200000, ']'));
  EXPECT_EQ(loadError(dir.path()),
            manifestPath() + ": malformed JSON: nested deeper than 64 levels");
  ArtifactBuilder::writeManifest(dir.path(), "{\"a\": {\"k\": 1}, \"b\": {\"k\": 2}}");
  EXPECT_EQ(loadError(dir.path()).find("appears twice"), std::string::npos)
      << "the same key in two objects is fine";
}

TEST_F(LoaderTest, ManifestVersionSkew) {
  manifest["version"] = 2;
  EXPECT_EQ(loadBroken(), manifestPath() + ": version: manifest version 2 is not supported: "
                                           "this runtime reads version 1 (the artifact and "
                                           "runtime come from different tilec releases)");
}

TEST_F(LoaderTest, ManifestWrongFormat) {
  manifest["format"] = "onnx";
  EXPECT_EQ(loadBroken(), manifestPath() + ": format: 'onnx' is not 'tilec-manifest'");
}

TEST_F(LoaderTest, ManifestNotAnObject) {
  ArtifactBuilder::writeTable(dir.path(), table);
  ArtifactBuilder::writeManifest(dir.path(), "[1, 2]");
  EXPECT_EQ(loadError(dir.path()), manifestPath() + ": top level: expected an object");
}

TEST_F(LoaderTest, ManifestMissingField) {
  manifest["programs"][0].erase("arena_bytes");
  EXPECT_EQ(loadBroken(), manifestPath() + ": programs[0]: missing field 'arena_bytes'");
  manifest = validArtifact().manifest();
  manifest.erase("table_checksum");
  EXPECT_EQ(loadBroken(), manifestPath() + ": top level: missing field 'table_checksum'");
}

TEST_F(LoaderTest, ManifestWrongTypes) {
  manifest["programs"][0]["buffers"][1]["shape"] = "8x4";
  EXPECT_EQ(loadBroken(),
            manifestPath() + ": programs[0].buffers[1].shape: expected an array of integers");
  manifest = validArtifact().manifest();
  manifest["programs"][0]["buffers"][1]["shape"] = {8, 4.5};
  EXPECT_EQ(loadBroken(),
            manifestPath() + ": programs[0].buffers[1].shape: expected an array of integers");
  manifest = validArtifact().manifest();
  manifest["programs"][0]["workers"] = "2";
  EXPECT_EQ(loadBroken(),
            manifestPath() + ": programs[0].workers: expected a non-negative integer");
  manifest = validArtifact().manifest();
  manifest["programs"][0]["buffers"][0]["offset"] = -16;
  EXPECT_EQ(loadBroken(), manifestPath() +
                              ": programs[0].buffers[0].offset: expected a non-negative integer, "
                              "got -16");
  manifest = validArtifact().manifest();
  manifest["programs"] = json::object();
  EXPECT_EQ(loadBroken(), manifestPath() + ": programs: expected an array");
}

TEST_F(LoaderTest, ManifestTableChecksumMismatch) {
  manifest["table_checksum"] = header.checksum ^ 1u;
  std::string msg = loadBroken();
  EXPECT_EQ(msg.rfind(manifestPath() + ": table_checksum 0x", 0), 0u) << msg;
  EXPECT_NE(msg.find("differs from the table's checksum 0x"), std::string::npos) << msg;
  EXPECT_NE(msg.find("the manifest and the table come from different compilations"),
            std::string::npos)
      << msg;
}

TEST_F(LoaderTest, ManifestProgramDisagreesWithTable) {
  manifest["programs"][0]["workers"] = 3;
  EXPECT_EQ(loadBroken(), manifestPath() + ": programs[0] 'gpu0': workers 3, the table says 2 (" +
                              tablePath() +
                              "): the manifest and the table come from different compilations");
  manifest = validArtifact().manifest();
  manifest["programs"][0]["target"] = "sm_90a";
  EXPECT_NE(loadBroken().find("target 'sm_90a', the table says 'host'"), std::string::npos);
}

TEST_F(LoaderTest, ManifestBufferOutsideArena) {
  uint64_t arena = manifest["programs"][0]["arena_bytes"];
  manifest["programs"][0]["buffers"][2]["offset"] = arena - 64;
  EXPECT_EQ(loadBroken(), manifestPath() + ": programs[0].buffers[2]: buffer 'y' [" +
                              std::to_string(arena - 64) + ", " + std::to_string(arena + 64) +
                              ") lies outside the arena of " + std::to_string(arena) + " bytes");
}

TEST_F(LoaderTest, ManifestBufferMisaligned) {
  manifest["programs"][0]["buffers"][0]["offset"] = 8;
  EXPECT_EQ(loadBroken(),
            manifestPath() + ": programs[0].buffers[0].offset: 8 is not 16-byte aligned");
}

TEST_F(LoaderTest, ManifestBytesDisagreeWithShape) {
  manifest["programs"][0]["buffers"][1]["bytes"] = 32;
  EXPECT_EQ(loadBroken(), manifestPath() + ": programs[0].buffers[1].bytes: 32 differs from "
                                           "shape [8, 4] x bf16 = 64 bytes");
}

TEST_F(LoaderTest, ManifestUnknownDtypeAndKind) {
  manifest["programs"][0]["buffers"][1]["dtype"] = "f64";
  EXPECT_EQ(loadBroken(), manifestPath() + ": programs[0].buffers[1].dtype: unknown dtype 'f64' "
                                           "(expected f32, bf16, f16, i32 or i8)");
  manifest = validArtifact().manifest();
  manifest["programs"][0]["buffers"][1]["kind"] = "weights";
  EXPECT_EQ(loadBroken(), manifestPath() + ": programs[0].buffers[1].kind: unknown buffer kind "
                                           "'weights' (expected weight, kv_cache, activation, "
                                           "input, output or scratch)");
}

TEST_F(LoaderTest, ManifestDuplicateBufferAndUnsupportedLayout) {
  manifest["programs"][0]["buffers"][2]["name"] = "a";
  EXPECT_EQ(loadBroken(), manifestPath() + ": programs[0].buffers[2].name: duplicate buffer "
                                           "name 'a'");
  manifest = validArtifact().manifest();
  manifest["programs"][0]["buffers"][1]["layout"] = "tiled_64x64";
  EXPECT_EQ(loadBroken(), manifestPath() + ": programs[0].buffers[1].layout: unsupported layout "
                                           "'tiled_64x64' (expected row_major)");
}

TEST_F(LoaderTest, MissingFiles) {
  EXPECT_EQ(loadError(dir.path(), TILEC_ERROR_IO),
            "cannot open " + manifestPath() + ": No such file or directory");
  ArtifactBuilder::writeManifest(dir.path(), manifest.dump());
  EXPECT_EQ(loadError(dir.path(), TILEC_ERROR_IO),
            "cannot open " + tablePath() + ": No such file or directory");
  manifest["table"] = "../elsewhere.tbl";
  ArtifactBuilder::writeManifest(dir.path(), manifest.dump());
  EXPECT_EQ(loadError(dir.path()), manifestPath() + ": table: '../elsewhere.tbl' must be a "
                                                    "relative path inside the artifact directory");
}

// ---- options ----------------------------------------------------------------------

TEST_F(LoaderTest, CudaBackendNeedsACudaTarget) {
  validArtifact().write(dir.path());
  tilec_options o = defaultOptions();
  o.backend = TILEC_BACKEND_CUDA;
  tilec_model *m = nullptr;
  EXPECT_EQ(tilec_model_load(dir.path().c_str(), &o, &m), TILEC_ERROR_UNSUPPORTED);
#ifdef TILEC_RUNTIME_HAS_CUDA
  EXPECT_EQ(tilec_last_error(), dir.path() + ": program 'gpu0' has target 'host': the cuda "
                                             "backend runs CUDA targets only; compile with a "
                                             "CUDA --target (e.g. sm_90a), or use the host "
                                             "backend");
#else
  EXPECT_STREQ(tilec_last_error(),
               "backend 'cuda' is not built in this runtime yet; use the host backend");
#endif
  o = defaultOptions();
  o.backend = 7;
  EXPECT_EQ(tilec_model_load(dir.path().c_str(), &o, &m), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tilec_last_error(), "unknown backend 7");
  o = defaultOptions();
  o.struct_size = 8;
  EXPECT_EQ(tilec_model_load(dir.path().c_str(), &o, &m), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(m, nullptr);
  EXPECT_EQ(tilec_model_load(nullptr, nullptr, &m), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tilec_last_error(), "artifact_dir is NULL");
}

} // namespace
