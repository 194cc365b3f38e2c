//===- TileRunTest.cpp - the tile-run command line --------------------------===//
#include "TestUtil.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>
#include <sys/wait.h>

using namespace tilec::test;

namespace {

struct Result {
  int exitCode;
  std::string out, err;
};

std::string slurp(const std::string &path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class TileRunTest : public ::testing::Test {
protected:
  void SetUp() override {
    // y = W x, tok = argmax(y); W has a checkpoint name.
    ArtifactBuilder b;
    b.buffer("W", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_BF16, {4, 4}, "model.W");
    b.buffer("x", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {4});
    b.buffer("y", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {4});
    b.buffer("tok", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_I32, {1});
    b.task(0, makeTask(TILEC_TASK_MATVEC, "mv", {{0, "W"}, {1, "x"}, {2, "y"}}, {4, 4, 0, 4}));
    b.task(0, makeTask(TILEC_TASK_ARGMAX, "argmax", {{0, "y"}, {1, "tok"}}, {4}));
    b.write(dir.path());
  }
  Result tileRun(const std::string &args) {
    std::string cmd = std::string(TILE_RUN_PATH) + " " + args + " > " + dir.file("out") + " 2> " +
                      dir.file("err");
    int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(dir.file("out")),
            slurp(dir.file("err"))};
  }
  bool has(const std::string &text, const std::string &part) {
    return text.find(part) != std::string::npos;
  }
  TempDir dir;
};

TEST_F(TileRunTest, RunsStepsAndPrintsOutputsAndTimes) {
  Result r = tileRun(dir.path() +
                     " --random-weights 1 --input x=1,2,3,4 --steps 2 --position 5 "
                     "--output y=" +
                     dir.file("y.bin") + " --trace " + dir.file("trace.json") + " --chaos 3");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(has(r.out, "random weights (seed 1)")) << r.out;
  EXPECT_TRUE(has(r.out, "y f32 [4]: [")) << r.out;
  EXPECT_TRUE(has(r.out, "tok i32 [1]: [")) << r.out;
  EXPECT_TRUE(has(r.out, "step 0 (position 5): ")) << r.out;
  EXPECT_TRUE(has(r.out, "step 1 (position 6): ")) << r.out;
  EXPECT_TRUE(has(r.out, "tile-run: 2 steps in ")) << r.out;
  EXPECT_TRUE(has(r.out, "on the host backend: 1 program, 1 workers, 2 tasks")) << r.out;
  EXPECT_EQ(slurp(dir.file("y.bin")).size(), 16u);
  nlohmann::json trace = nlohmann::json::parse(slurp(dir.file("trace.json")));
  EXPECT_EQ(trace["traceEvents"].size(), 2u + 4u); // process + thread names, 2 tasks x 2 steps
}

TEST_F(TileRunTest, QuietPrintsOnlyOutputs) {
  Result r = tileRun(dir.path() + " --random-weights 1 --input x=1,2,3,4 --quiet --print-limit 2");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_FALSE(has(r.out, "step 0")) << r.out;
  EXPECT_TRUE(has(r.out, ", ... (2 more)] sum=")) << r.out;
}

TEST_F(TileRunTest, StepsPerCallAndRepeatedRuns) {
  Result r = tileRun(dir.path() + " --random-weights 1 --input x=1,2,3,4 --steps 3 --position 5 "
                                  "--steps-per-call 2 --repeat 4 --output y=" +
                     dir.file("y.bin"));
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(has(r.out, "steps 0-1 (positions 5-6): ")) << r.out;
  EXPECT_TRUE(has(r.out, "step 2 (position 7): ")) << r.out;
  EXPECT_TRUE(has(r.out, "tile-run: 3 steps in ")) << r.out;
  EXPECT_TRUE(has(r.out, "tile-run: 4 repeated runs on the host backend gave identical outputs "
                         "(fnv1a 0x"))
      << r.out;
  // Outputs are printed once, for the last run.
  EXPECT_EQ(r.out.find("y f32 [4]"), r.out.rfind("y f32 [4]")) << r.out;
  EXPECT_EQ(slurp(dir.file("y.bin")).size(), 16u);
  // Chaos changes the timing, never the bits.
  r = tileRun(dir.path() + " --random-weights 1 --input x=1,2,3,4 --repeat 5 --chaos 2 -q");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(has(r.out, "tile-run: 5 repeated runs on the host backend gave identical outputs"))
      << r.out;
  r = tileRun(dir.path() + " --random-weights 1 --steps-per-call 2 --prompt-ids 1");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_TRUE(has(r.err, "--prompt-ids excludes --steps-per-call")) << r.err;
}

TEST_F(TileRunTest, LoadsSafetensorsWeights) {
  // One F32 tensor "model.W" [4, 4] = identity: y = x, tok = 3.
  std::string header = R"({"model.W":{"dtype":"F32","shape":[4,4],"data_offsets":[0,64]}})";
  header.append((8 - header.size() % 8) % 8, ' ');
  std::string file(8, '\0');
  uint64_t n = header.size();
  std::memcpy(file.data(), &n, 8);
  file += header;
  for (int i = 0; i < 16; ++i) {
    float v = i % 5 == 0 ? 1.0f : 0.0f;
    file.append(reinterpret_cast<const char *>(&v), 4);
  }
  std::ofstream(dir.file("w.safetensors"), std::ios::binary) << file;
  Result r = tileRun(dir.path() + " --weights " + dir.file("w.safetensors") +
                     " --input x=1,2,3,4 --input x=@" + dir.file("w.safetensors") + ".none");
  EXPECT_EQ(r.exitCode, 1);
  r = tileRun(dir.path() + " --weights " + dir.file("w.safetensors") + " --input x=1,-2,3.5,-4");
  ASSERT_EQ(r.exitCode, 0) << r.err;
  EXPECT_TRUE(
      has(r.out, "loaded 1 weights from " + dir.file("w.safetensors") + " (1 converted), 0 unset"))
      << r.out;
  EXPECT_TRUE(has(r.out, "y f32 [4]: [1, -2, 3.5, -4] sum=-1.5")) << r.out;
  EXPECT_TRUE(has(r.out, "tok i32 [1]: [2] sum=2")) << r.out;
}

TEST_F(TileRunTest, ErrorsAreOneLineAndNonZero) {
  struct Case {
    std::string args, message;
  } cases[] = {
      {dir.path() + " --input x=1,2,3,4",
       "tile-run: error: 1 weight buffer is unset: 'W' (tensor 'model.W'); load a checkpoint "
       "that has them, set them, or fill them with random values\n"},
      {dir.path() + " --random-weights 1 --input x=1,2",
       "tile-run: error: --input x: 2 values given, but buffer 'x' (f32 [4]) has 4 elements\n"},
      {dir.path() + " --random-weights 1 --input x=1,a,3,4",
       "tile-run: error: --input x: value 1 'a' is not a number\n"},
      {dir.path() + " --random-weights 1 --input x=@" + dir.file("manifest.json"),
       "tile-run: error: --input x: " + dir.file("manifest.json") + " holds "},
      {dir.path() + " --random-weights 1 --input q=1",
       "tile-run: error: no buffer 'q' in " + dir.path() + " (buffers: W, x, y, tok)\n"},
#ifdef TILEC_RUNTIME_HAS_CUDA
      {dir.path() + " --backend cuda",
       "tile-run: error: " + dir.path() +
           ": program 'gpu0' has target 'host': the cuda backend runs CUDA targets only; "
           "compile with a CUDA --target (e.g. sm_90a), or use the host backend\n"},
#else
      {dir.path() + " --backend cuda",
       "tile-run: error: backend 'cuda' is not built in this runtime yet; use the host "
       "backend\n"},
#endif
      {dir.file("absent"), "tile-run: error: cannot open " + dir.file("absent") +
                               "/manifest.json: No such file or directory\n"},
  };
  for (const Case &c : cases) {
    Result r = tileRun(c.args);
    EXPECT_EQ(r.exitCode, 1) << c.args;
    EXPECT_EQ(r.err.rfind(c.message, 0), 0u) << c.args << "\n" << r.err;
  }
  Result r = tileRun("");
  EXPECT_EQ(r.exitCode, 2);
  EXPECT_TRUE(has(r.err, "tile-run: error: artifact is required")) << r.err;
}

// A FIFO given as a file blocked the open forever (nothing writes to it);
// a negative seed wrapped to 2^64 - 1.
TEST_F(TileRunTest, NoHangOnFifosNoWrappedSeeds) {
  std::string fifo = dir.file("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
  Result r = tileRun(dir.path() + " --weights " + fifo);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err, "tile-run: error: cannot read " + fifo + ": not a regular file\n");
  r = tileRun(dir.path() + " --random-weights 1 --input x=@" + fifo);
  EXPECT_EQ(r.exitCode, 1);
  EXPECT_EQ(r.err, "tile-run: error: cannot read " + fifo + ": not a regular file\n");
  r = tileRun(dir.path() + " --random-weights -1");
  EXPECT_NE(r.exitCode, 0);
  EXPECT_TRUE(has(r.err, "--random-weights")) << r.err;
}

TEST_F(TileRunTest, HelpDocumentsEveryFlag) {
  Result r = tileRun("--help");
  ASSERT_EQ(r.exitCode, 0);
  for (const char *flag : {"--backend", "--weights", "--random-weights", "--input", "--position",
                           "--steps", "--chaos", "--chaos-max-delay-us", "--wait-timeout-ms",
                           "--trace", "--output", "--print-limit", "--quiet", "--cuda-device",
                           "--steps-per-launch", "--steps-per-call", "--repeat", "--host-threads"})
    EXPECT_TRUE(has(r.out, flag)) << flag;
}

} // namespace
