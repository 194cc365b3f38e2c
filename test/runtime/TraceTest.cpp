//===- TraceTest.cpp - the Chrome/Perfetto trace ----------------------------===//
#include "TestUtil.h"

#include <fstream>
#include <map>
#include <set>

using namespace tilec::test;
using nlohmann::json;

namespace {

ArtifactBuilder twoWorkers() {
  ArtifactBuilder b(2);
  b.buffer("a", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {8});
  b.buffer("y", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {8});
  uint32_t e = b.event("lo_done");
  b.task(0,
         makeTask(TILEC_TASK_ADD, "add_lo", {{0, "a"}, {1, "a"}, {2, "y"}}, {0, 4}, {}, {}, {e}));
  b.task(1, makeTask(TILEC_TASK_ADD, "add_hi", {{0, "a"}, {1, "y"}, {2, "y"}}, {4, 8}, {}, {e}));
  b.task(1, makeTask(TILEC_TASK_NOP, "tail", {}));
  return b;
}

TEST(TraceTest, OneCompleteEventPerExecutedTask) {
  TempDir dir;
  tilec_options o = defaultOptions();
  o.trace = true;
  Model m = buildAndLoad(twoWorkers(), dir, &o);
  ASSERT_TRUE(m);
  run(m.get(), 0, 2);
  run(m.get(), 2, 1);
  ASSERT_EQ(tilec_write_trace(m.get(), dir.file("trace.json").c_str()), TILEC_OK)
      << tilec_last_error();
  std::ifstream in(dir.file("trace.json"));
  json trace = json::parse(in); // throws, failing the test, if it is not JSON
  EXPECT_EQ(trace["displayTimeUnit"], "ns");
  std::map<std::string, int> perTask;
  std::set<uint32_t> epochs;
  int metadata = 0;
  for (const json &e : trace["traceEvents"]) {
    if (e["ph"] == "M") {
      ++metadata;
      continue;
    }
    ASSERT_EQ(e["ph"], "X");
    ++perTask[e["name"].get<std::string>()];
    epochs.insert(e["args"]["epoch"].get<uint32_t>());
    EXPECT_GE(e["ts"].get<double>(), 0.0);
    EXPECT_GE(e["dur"].get<double>(), 0.0);
    EXPECT_EQ(e["pid"], 0);
    std::string name = e["name"];
    EXPECT_EQ(e["tid"].get<int>(), name == "add_lo" ? 0 : 1);
    EXPECT_EQ(e["cat"], name == "tail" ? "nop" : "add");
    EXPECT_EQ(e["args"]["task"].get<int>(), name == "add_lo" ? 0 : name == "add_hi" ? 1 : 2);
  }
  EXPECT_EQ(metadata, 3); // one process, two threads
  EXPECT_EQ(perTask, (std::map<std::string, int>{{"add_lo", 3}, {"add_hi", 3}, {"tail", 3}}));
  EXPECT_EQ(epochs, (std::set<uint32_t>{1, 2, 3}));
}

TEST(TraceTest, NeedsTheTraceOption) {
  TempDir dir;
  Model m = buildAndLoad(twoWorkers(), dir);
  ASSERT_TRUE(m);
  EXPECT_EQ(tilec_write_trace(m.get(), dir.file("trace.json").c_str()),
            TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tilec_last_error(),
               "tracing is off: load the model with tilec_options.trace = true");
}

TEST(TraceTest, UnwritablePath) {
  TempDir dir;
  tilec_options o = defaultOptions();
  o.trace = true;
  Model m = buildAndLoad(twoWorkers(), dir, &o);
  ASSERT_TRUE(m);
  std::string path = dir.file("no/such/dir/trace.json");
  EXPECT_EQ(tilec_write_trace(m.get(), path.c_str()), TILEC_ERROR_IO);
  EXPECT_EQ(tilec_last_error(), "cannot write " + path + ": No such file or directory");
}

} // namespace
