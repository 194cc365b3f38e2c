//===- CApiTest.cpp - the ABI from C, defaults and version ------------------===//
#include "TestUtil.h"

extern "C" int tilec_c_embedding_run(const char *dir, float y[4]);

using namespace tilec::test;

namespace {

TEST(CApiTest, UsableFromC) {
  TempDir dir;
  ArtifactBuilder b;
  b.buffer("x", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {4});
  b.buffer("y", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {4});
  b.task(0, makeTask(TILEC_TASK_ADD, "double", {{0, "x"}, {1, "x"}, {2, "y"}}, {0, 4}));
  b.write(dir.path());
  float y[4] = {};
  ASSERT_EQ(tilec_c_embedding_run(dir.path().c_str(), y), 0) << tilec_last_error();
  EXPECT_EQ(std::vector<float>(y, y + 4), (std::vector<float>{2, 4, 6, 8}));
  EXPECT_EQ(tilec_c_embedding_run(dir.file("absent").c_str(), y), TILEC_ERROR_IO);
}

TEST(CApiTest, DefaultsAndVersion) {
  tilec_options o;
  std::memset(&o, 0xFF, sizeof o);
  tilec_options_init(&o);
  EXPECT_EQ(o.struct_size, sizeof o);
  EXPECT_EQ(o.backend, uint32_t(TILEC_BACKEND_HOST));
  EXPECT_EQ(o.chaos_seed, 0u);
  EXPECT_EQ(o.wait_timeout_ms, 10000u);
  EXPECT_FALSE(o.trace);
  EXPECT_STREQ(tilec_version(), "tilec-runtime 0.1.0 (table version 4, manifest version 1)");
  EXPECT_STREQ(tilec_buffer_kind_name(TILEC_BUFFER_KV_CACHE), "kv_cache");
  EXPECT_STREQ(tilec_buffer_kind_name(99), "?");
  EXPECT_STREQ(tilec_dtype_name(TILEC_DTYPE_BF16), "bf16");
  EXPECT_EQ(tilec_buffer_count(nullptr), 0u);
  tilec_model_free(nullptr); // a no-op, like free()
}

} // namespace
