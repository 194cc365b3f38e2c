//===- CudaBackendTest.cpp - the cuda backend, with and without a GPU -------===//
//
// CudaBackendTest runs everywhere: what the backend refuses before it touches
// a GPU (targets, kernel.ptx, options), and the clear error on a machine
// without the NVIDIA driver. CudaGpuTest needs a GPU and skips without one:
// it runs Inputs/abi_probe.ptx, a hand-written kernel following
// tilec/kernel_abi.h, so the backend is checked apart from the compiler's
// kernel generator.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"
#include "tilec/kernel_abi.h"

#ifdef TILEC_RUNTIME_HAS_CUDA
#include "../../runtime/cuda/CudaTarget.h"
#endif

#include <dlfcn.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

using namespace tilec::test;

namespace {

[[maybe_unused]] std::string slurp(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

[[maybe_unused]] void writeText(const std::string &path, const std::string &text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

[[maybe_unused]] bool startsWith(const std::string &s, const std::string &prefix) {
  return s.rfind(prefix, 0) == 0;
}

tilec_options cudaOptions() {
  tilec_options o = defaultOptions();
  o.backend = TILEC_BACKEND_CUDA;
  return o;
}

/// Loads expecting a failure; returns the message.
std::string cudaLoadError(const std::string &dir, tilec_status expected,
                          const tilec_options &o = cudaOptions()) {
  tilec_model *m = nullptr;
  tilec_status s = tilec_model_load(dir.c_str(), &o, &m);
  EXPECT_EQ(s, expected) << tilec_last_error();
  EXPECT_EQ(m, nullptr);
  tilec_model_free(m);
  return tilec_last_error();
}

/// Sets an environment variable for one scope.
class ScopedEnv {
public:
  ScopedEnv(const char *name, const char *value) : name_(name) {
    if (const char *old = std::getenv(name))
      old_ = old;
    setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (old_.empty())
      unsetenv(name_);
    else
      setenv(name_, old_.c_str(), 1);
  }

private:
  const char *name_;
  std::string old_;
};

/// y = a + b on one worker: the smallest runnable artifact.
ArtifactBuilder addArtifact(const std::string &target) {
  ArtifactBuilder b;
  b.setTarget(target);
  b.buffer("a", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {8});
  b.buffer("b", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {8});
  b.buffer("y", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {8});
  b.task(0, makeTask(TILEC_TASK_ADD, "add", {{0, "a"}, {1, "b"}, {2, "y"}}, {0, 8}));
  return b;
}

#ifndef TILEC_RUNTIME_HAS_CUDA

TEST(CudaBackendTest, NotBuiltWithoutTheToolkit) {
  TempDir dir;
  addArtifact("sm_90a").write(dir.path());
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED),
            "backend 'cuda' is not built in this runtime yet; use the host backend");
}

#else

/// Whether this process could open the real driver (then the tests of a
/// machine without one do not apply).
bool driverPresent() {
  void *h = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
  if (h)
    dlclose(h);
  return h != nullptr;
}

// ---- before any GPU is touched ------------------------------------------------

TEST(CudaBackendTest, RefusesHostTargets) {
  TempDir dir;
  addArtifact("host").write(dir.path());
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED),
            dir.path() +
                ": program 'gpu0' has target 'host': the cuda backend runs CUDA targets only; "
                "compile with a CUDA --target (e.g. sm_90a), or use the host backend");
}

TEST(CudaBackendTest, NeedsKernelPtx) {
  TempDir dir;
  addArtifact("sm_90a").write(dir.path());
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_BAD_ARTIFACT),
            dir.path() + ": no kernel.ptx: compile with a CUDA --target (e.g. sm_90a) to run on "
                         "the cuda backend");
  writeText(dir.file("kernel.ptx"), "");
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_BAD_ARTIFACT),
            dir.file("kernel.ptx") + ": the file is empty");
  writeText(dir.file("kernel.ptx"), std::string("//\0x", 4));
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_BAD_ARTIFACT),
            dir.file("kernel.ptx") + ": not PTX text (it holds a NUL byte)");
  // The host backend needs no kernel.
  tilec_options host = defaultOptions();
  EXPECT_TRUE(load(dir.path(), &host));
}

TEST(CudaBackendTest, ChecksTheKernelOfTheManifest) {
  TempDir dir;
  ArtifactBuilder b = addArtifact("sm_90a");
  b.write(dir.path());
  writeText(dir.file("kernel.ptx"), "// not reached\n");
  nlohmann::json manifest = b.manifest();
  const nlohmann::json kernel = {{"abi", TILEC_KERNEL_ABI_VERSION},
                                 {"chip", "sm_90a"},
                                 {"name", "tilec_persistent_kernel"},
                                 {"ptx", "kernel.ptx"},
                                 {"threads", 256}};
  auto error = [&](const char *field, nlohmann::json value, tilec_status status) {
    manifest["kernel"] = kernel;
    manifest["kernel"][field] = value;
    ArtifactBuilder::writeManifest(dir.path(), manifest.dump());
    return cudaLoadError(dir.path(), status);
  };
  std::string at = dir.path() + "/manifest.json: kernel.";
  const std::string abi = std::to_string(TILEC_KERNEL_ABI_VERSION);
  const std::string next = std::to_string(TILEC_KERNEL_ABI_VERSION + 1);
  EXPECT_EQ(error("abi", TILEC_KERNEL_ABI_VERSION + 1, TILEC_ERROR_BAD_ARTIFACT),
            at + "abi: " + next + " differs from this runtime's kernel ABI " + abi +
                ": the artifact and the runtime come from different tilec releases");
  EXPECT_EQ(error("abi", 0, TILEC_ERROR_BAD_ARTIFACT),
            at + "abi: must be a positive kernel ABI version");
  EXPECT_EQ(error("name", "main", TILEC_ERROR_BAD_ARTIFACT),
            at + "name: 'main' is not kernel ABI " + abi + "'s 'tilec_persistent_kernel'");
  EXPECT_EQ(error("threads", 128, TILEC_ERROR_BAD_ARTIFACT),
            at + "threads: 128 differs from kernel ABI " + abi + "'s 256 threads per block");
  EXPECT_EQ(error("chip", "gfx90a", TILEC_ERROR_BAD_ARTIFACT),
            at + "chip: 'gfx90a' is not a CUDA architecture (expected sm_<NN>[a|f], e.g. sm_90a)");
  EXPECT_EQ(error("ptx", "../k.ptx", TILEC_ERROR_BAD_ARTIFACT),
            at + "ptx: '../k.ptx' must be a relative path inside the artifact directory");
  EXPECT_EQ(error("ptx", "other.ptx", TILEC_ERROR_BAD_ARTIFACT),
            dir.path() + ": no other.ptx: compile with a CUDA --target (e.g. sm_90a) to run on "
                         "the cuda backend");
  // The host backend does not read the kernel, only checks the manifest's form.
  manifest["kernel"] = kernel;
  manifest["kernel"]["abi"] = 7;
  ArtifactBuilder::writeManifest(dir.path(), manifest.dump());
  tilec_options host = defaultOptions();
  EXPECT_TRUE(load(dir.path(), &host));
}

TEST(CudaBackendTest, RefusesHostOnlyOptions) {
  TempDir dir;
  addArtifact("sm_90a").write(dir.path());
  tilec_options o = cudaOptions();
  o.chaos_seed = 3;
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED, o),
            "chaos delays (tilec_options.chaos_seed, tile-run --chaos) are not supported on the "
            "cuda backend: kernel ABI " +
                std::to_string(TILEC_KERNEL_ABI_VERSION) + " has no delay hook; use the host backend");
  o = cudaOptions();
  o.host_threads = 2;
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_INVALID_ARGUMENT, o),
            "tilec_options.host_threads is 2: it sets the host backend's threads; the cuda "
            "backend runs one CTA per worker (leave it 0)");
}

TEST(CudaBackendTest, ChecksItsOptionsAndEnvironment) {
  TempDir dir;
  addArtifact("sm_90a").write(dir.path());
  tilec_options o = cudaOptions();
  o.cuda_device = -2;
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_INVALID_ARGUMENT, o),
            "tilec_options.cuda_device is -2: expected a device ordinal, or -1 for "
            "$TILEC_CUDA_DEVICE (default 0)");
  {
    ScopedEnv env("TILEC_CUDA_STEPS_PER_LAUNCH", "0");
    EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_INVALID_ARGUMENT),
              "environment variable TILEC_CUDA_STEPS_PER_LAUNCH='0' is not an integer in [1, "
              "4294967295]");
  }
  {
    ScopedEnv env("TILEC_CUDA_DEVICE", "gpu1");
    EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_INVALID_ARGUMENT),
              "environment variable TILEC_CUDA_DEVICE='gpu1' is not an integer in [0, "
              "2147483647]");
  }
  o = cudaOptions();
  o.cuda_weight_ring = 2;
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_INVALID_ARGUMENT, o),
            "tilec_options.cuda_weight_ring is 2: expected 1 (stream weights through the "
            "shared-memory ring) or 0 (for $TILEC_CUDA_WEIGHT_RING, default off)");
  {
    ScopedEnv env("TILEC_CUDA_WEIGHT_RING", "yes");
    EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_INVALID_ARGUMENT),
              "environment variable TILEC_CUDA_WEIGHT_RING='yes' is not an integer in [0, 1]");
  }
  // An explicit option wins over the environment, so a bad variable is not read.
  ScopedEnv env("TILEC_CUDA_STEPS_PER_LAUNCH", "-1");
  o = cudaOptions();
  o.cuda_steps_per_launch = 4;
  o.cuda_device = -3;
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_INVALID_ARGUMENT, o),
            "tilec_options.cuda_device is -3: expected a device ordinal, or -1 for "
            "$TILEC_CUDA_DEVICE (default 0)");
}

TEST(CudaBackendTest, OlderOptionsStructsGetTheNewDefaults) {
  TempDir dir;
  addArtifact("host").write(dir.path());
  // A caller built against the first header: its struct ends after `trace`,
  // and whatever follows in memory must not be read as cuda_device.
  tilec_options o = cudaOptions();
  o.cuda_device = -7;
  o.struct_size = TILEC_OPTIONS_SIZE_V1;
  EXPECT_TRUE(startsWith(cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED, o),
                         dir.path() + ": program 'gpu0' has target 'host'"));
  o.struct_size = sizeof o;
  EXPECT_TRUE(startsWith(cudaLoadError(dir.path(), TILEC_ERROR_INVALID_ARGUMENT, o),
                         "tilec_options.cuda_device is -7"));
  o.struct_size = TILEC_OPTIONS_SIZE_V1 - 8;
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_INVALID_ARGUMENT, o),
            "tilec_options.struct_size is 24, expected at least 32 (call tilec_options_init "
            "first)");
  // A caller built against the second header: its struct ends with
  // host_threads and padding; garbage there must not reach cuda_weight_ring.
  o = cudaOptions();
  o.reserved = 0xdeadbeef;
  o.cuda_weight_ring = 7;
  o.struct_size = TILEC_OPTIONS_SIZE_V2;
  EXPECT_TRUE(startsWith(cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED, o),
                         dir.path() + ": program 'gpu0' has target 'host'"));
  o.struct_size = sizeof o;
  EXPECT_TRUE(startsWith(cudaLoadError(dir.path(), TILEC_ERROR_INVALID_ARGUMENT, o),
                         "tilec_options.cuda_weight_ring is 7"));
}

// ---- a machine without the driver ---------------------------------------------

TEST(CudaBackendTest, WithoutTheDriverIsAClearError) {
  if (driverPresent())
    GTEST_SKIP() << "this machine has the NVIDIA driver";
  TempDir dir;
  addArtifact("sm_90a").write(dir.path());
  writeText(dir.file("kernel.ptx"), "// the driver is needed before this is read\n");
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED),
            "cuda backend: cannot load the CUDA driver library libcuda.so.1 (libcuda.so.1: "
            "cannot open shared object file: No such file or directory): this machine has no "
            "NVIDIA driver; use the host backend, or set TILEC_CUDA_DRIVER to the driver "
            "library's path");
  {
    ScopedEnv env("TILEC_CUDA_DRIVER", "/nonexistent/libcuda.so.1");
    EXPECT_TRUE(startsWith(cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED),
                           "cuda backend: cannot load the CUDA driver library "
                           "/nonexistent/libcuda.so.1 (/nonexistent/libcuda.so.1: cannot open"));
  }
#ifdef TILEC_TEST_CUDA_STUB
  // The toolkit's stub library loads but cannot initialize: cuInit's error.
  {
    ScopedEnv env("TILEC_CUDA_DRIVER", TILEC_TEST_CUDA_STUB);
    EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED),
              "cuda backend: cuInit failed: CUDA_ERROR_STUB_LIBRARY: the loaded libcuda is the "
              "toolkit's stub, not a driver; no usable GPU or driver on this machine; use the "
              "host backend");
  }
#endif
  // The failure is not remembered, and the host backend is unaffected.
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED).rfind("cuda backend: cannot load", 0),
            0u);
  tilec_options host = defaultOptions();
  Model m = load(dir.path(), &host);
  ASSERT_TRUE(m);
  setFloats(m.get(), "a", {1, 2, 3, 4, 5, 6, 7, 8});
  setFloats(m.get(), "b", {1, 1, 1, 1, 1, 1, 1, 1});
  run(m.get(), 0);
  EXPECT_EQ(getFloats(m.get(), "y"), (std::vector<float>{2, 3, 4, 5, 6, 7, 8, 9}));
}

// ---- which devices a target runs on -------------------------------------------

TEST(CudaBackendTest, TargetsAndComputeCapabilities) {
  using tilec::rt::cuda::CudaTarget;
  using tilec::rt::cuda::parseCudaTarget;
  using tilec::rt::cuda::requirement;
  using tilec::rt::cuda::runsOn;
  auto t = parseCudaTarget("sm_90a");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->major, 9);
  EXPECT_EQ(t->minor, 0);
  EXPECT_TRUE(t->kind == CudaTarget::Kind::ArchSpecific);
  EXPECT_TRUE(runsOn(*t, 9, 0));
  EXPECT_FALSE(runsOn(*t, 10, 0));
  EXPECT_FALSE(runsOn(*t, 8, 9));
  EXPECT_EQ(requirement(*t), "compute capability 9.0 exactly");

  t = parseCudaTarget("sm_80");
  ASSERT_TRUE(t);
  EXPECT_TRUE(runsOn(*t, 8, 0) && runsOn(*t, 8, 6) && runsOn(*t, 9, 0) && runsOn(*t, 12, 0));
  EXPECT_FALSE(runsOn(*t, 7, 5));
  EXPECT_EQ(requirement(*t), "compute capability 8.0 or newer");

  t = parseCudaTarget("sm_100f");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->major, 10);
  EXPECT_TRUE(runsOn(*t, 10, 0) && runsOn(*t, 10, 3));
  EXPECT_FALSE(runsOn(*t, 12, 0) || runsOn(*t, 9, 0));
  EXPECT_EQ(requirement(*t), "compute capability 10.x, 10.0 or newer");

  t = parseCudaTarget("sm_121a");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->major, 12);
  EXPECT_EQ(t->minor, 1);

  for (const char *bad : {"host", "sm_9", "sm_", "sm_90b", "compute_90", "sm_1000", "sm_09",
                          "SM_90", "sm_9x0", "sm_90aa"})
    EXPECT_FALSE(parseCudaTarget(bad)) << bad;
}

// ---- on a GPU: the probe kernel -----------------------------------------------

/// The probe kernel's PTX: $TILEC_TEST_PROBE_PTX (binaries carried to a GPU
/// machine, where the source tree lies elsewhere), else the source tree's.
/// PTX for an ArtifactBuilder table: its first line names the table's kernel
/// key (kernel ABI 4 and later), which is 0 in every table the builder writes.
std::string keyed(const std::string &ptx) {
  return "// tilec test kernel, table key 0x00000000\n" + ptx;
}

std::string probePtx() {
  const char *env = std::getenv("TILEC_TEST_PROBE_PTX");
  std::string text = slurp(env && *env ? env : TILEC_TEST_PROBE_PTX);
  EXPECT_FALSE(text.empty()) << "cannot read the probe kernel (set TILEC_TEST_PROBE_PTX)";
  return keyed(text);
}

/// Why this process cannot run the cuda backend ("" if it can).
const std::string &noGpuReason() {
  static const std::string reason = [] {
    TempDir dir;
    ArtifactBuilder b = addArtifact("sm_90");
    b.write(dir.path());
    writeText(dir.file("kernel.ptx"), probePtx());
    tilec_options o = cudaOptions();
    tilec_model *m = nullptr;
    tilec_status s = tilec_model_load(dir.path().c_str(), &o, &m);
    tilec_model_free(m);
    std::string message = tilec_last_error();
    bool noDevice = s == TILEC_ERROR_UNSUPPORTED &&
                    (startsWith(message, "cuda backend: cannot load the CUDA driver") ||
                     startsWith(message, "cuda backend: cuInit failed") ||
                     message.find("does not exist: this machine has 0") != std::string::npos);
    return noDevice ? message : std::string();
  }();
  return reason;
}

class CudaGpuTest : public ::testing::Test {
protected:
  void SetUp() override {
    // Where a device is promised (the PTX emulator's CTest run), none is a failure.
    const char *required = std::getenv("TILEC_TEST_REQUIRE_CUDA");
    if (!noGpuReason().empty() && required && *required == '1')
      FAIL() << "TILEC_TEST_REQUIRE_CUDA=1 but the cuda backend has no device: " << noGpuReason();
    if (!noGpuReason().empty())
      GTEST_SKIP() << "no GPU: " << noGpuReason();
  }
  /// Writes b with target sm_90 and the probe kernel, loads it on `backend`.
  Model loadOn(ArtifactBuilder b, tilec_backend backend, tilec_options o = defaultOptions()) {
    b.setTarget("sm_90");
    b.write(dir.path());
    writeText(dir.file("kernel.ptx"), probePtx());
    o.backend = backend;
    return load(dir.path(), &o);
  }
  std::vector<uint32_t> counters(const tilec_model *m, size_t n) {
    std::vector<uint32_t> c(n);
    EXPECT_EQ(tilec_event_counters(m, c.data(), n), TILEC_OK) << tilec_last_error();
    return c;
  }
  TempDir dir;
};

/// Two workers add row halves and signal `h_ready` (target 2); worker 0
/// waits for it and adds again: y = (a + b) + a.
ArtifactBuilder twoWorkers() {
  ArtifactBuilder b(2);
  b.buffer("a", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {64});
  b.buffer("b", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {64});
  b.buffer("h", TILEC_BUFFER_ACTIVATION, TILEC_DTYPE_F32, {64});
  b.buffer("y", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {64});
  uint32_t ready = b.event("h_ready", 2);
  b.task(0, makeTask(TILEC_TASK_ADD, "h_lo", {{0, "a"}, {1, "b"}, {2, "h"}}, {0, 32}, {}, {},
                     {ready}));
  b.task(1, makeTask(TILEC_TASK_ADD, "h_hi", {{0, "a"}, {1, "b"}, {2, "h"}}, {32, 64}, {}, {},
                     {ready}));
  b.task(0, makeTask(TILEC_TASK_ADD, "y", {{0, "h"}, {1, "a"}, {2, "y"}}, {0, 64}, {}, {ready}));
  return b;
}

TEST_F(CudaGpuTest, RunsWorkersAndEventsLikeTheHost) {
  std::vector<float> a = randomFloats(64, 1), b = randomFloats(64, 2);
  std::vector<std::vector<float>> results;
  for (tilec_backend backend : {TILEC_BACKEND_HOST, TILEC_BACKEND_CUDA}) {
    Model m = loadOn(twoWorkers(), backend);
    ASSERT_TRUE(m);
    setFloats(m.get(), "a", a);
    setFloats(m.get(), "b", b);
    run(m.get(), 0, 3);
    EXPECT_EQ(counters(m.get(), 1), std::vector<uint32_t>{6});
    results.push_back(getFloats(m.get(), "y"));
    EXPECT_EQ(getFloats(m.get(), "a"), a); // inputs read back unchanged
  }
  EXPECT_EQ(results[0], results[1]); // f32 adds: the same bits
}

TEST_F(CudaGpuTest, RepeatedRunsGiveIdenticalBits) {
  Model m = loadOn(twoWorkers(), TILEC_BACKEND_CUDA);
  ASSERT_TRUE(m);
  setFloats(m.get(), "a", randomFloats(64, 3));
  setFloats(m.get(), "b", randomFloats(64, 4));
  run(m.get(), 0);
  std::vector<uint8_t> first = getBytes(m.get(), "y");
  for (int i = 0; i < 100; ++i) {
    setFloats(m.get(), "h", std::vector<float>(64, 0.0f));
    setFloats(m.get(), "y", std::vector<float>(64, 0.0f));
    run(m.get(), i + 1);
    ASSERT_EQ(getBytes(m.get(), "y"), first) << "run " << i + 1;
  }
  tilec_model_info info;
  ASSERT_EQ(tilec_model_get_info(m.get(), &info), TILEC_OK);
  EXPECT_EQ(info.steps_run, 101u);
  EXPECT_EQ(counters(m.get(), 1), std::vector<uint32_t>{202});
}

/// kv_store of src into cache[position] on one worker.
ArtifactBuilder kvStore(int64_t capacity) {
  ArtifactBuilder b;
  b.buffer("src", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {4});
  b.buffer("cache", TILEC_BUFFER_KV_CACHE, TILEC_DTYPE_F32, {capacity, 4});
  uint32_t stored = b.event("stored");
  b.task(0, makeTask(TILEC_TASK_KV_STORE, "store", {{0, "src"}, {1, "cache"}}, {capacity, 4}, {},
                     {}, {stored}));
  return b;
}

TEST_F(CudaGpuTest, StepsPerLaunchAdvanceEpochsAndPositions) {
  for (uint32_t perLaunch : {1u, 2u, 4u, 16u}) {
    tilec_options o = defaultOptions();
    o.cuda_steps_per_launch = perLaunch;
    Model m = loadOn(kvStore(8), TILEC_BACKEND_CUDA, o);
    ASSERT_TRUE(m);
    setFloats(m.get(), "src", {1, 2, 3, 4});
    run(m.get(), 2, 5); // positions 2..6
    run(m.get(), 7, 1); // epochs continue across calls
    std::vector<float> cache = getFloats(m.get(), "cache");
    for (int row = 0; row < 8; ++row)
      for (int i = 0; i < 4; ++i)
        EXPECT_EQ(cache[row * 4 + i], row >= 2 ? float(i + 1) : 0.0f)
            << "row " << row << ", " << perLaunch << " steps per launch";
    EXPECT_EQ(counters(m.get(), 1), std::vector<uint32_t>{6});
  }
}

TEST_F(CudaGpuTest, WatchdogFaultsNameTheWaitAndCountersRecover) {
  ArtifactBuilder b(2);
  b.buffer("x", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {4});
  uint32_t never = b.event("never");
  b.task(0, makeTask(TILEC_TASK_NOP, "stuck", {}, {}, {}, {never}));
  b.task(1, makeTask(TILEC_TASK_NOP, "idle", {}));
  tilec_options o = defaultOptions();
  o.wait_timeout_ms = 50;
  Model m = loadOn(b, TILEC_BACKEND_CUDA, o);
  ASSERT_TRUE(m);
  ASSERT_EQ(tilec_run(m.get(), 0, 1), TILEC_ERROR_FAULT);
  EXPECT_STREQ(tilec_last_error(),
               "watchdog: worker gpu0/0 waited more than 100000 spins (about 50 ms) in task "
               "'stuck' (#0, nop) for event 'never' (#0): counter 0, expected 1 (target 1 x "
               "epoch 1); the schedule cannot make progress");
  tilec_fault f;
  ASSERT_EQ(tilec_model_fault(m.get(), &f), TILEC_OK);
  EXPECT_EQ(f.code, uint32_t(TILEC_FAULT_WAIT_TIMEOUT));
  EXPECT_EQ(f.worker, 0u);
  EXPECT_EQ(f.task, 0u);
  EXPECT_EQ(f.event, 0u);
  EXPECT_EQ(f.epoch, 1u);
  // Brought to the end of epoch 1: the next step waits for 2, sees 1.
  EXPECT_EQ(counters(m.get(), 1), std::vector<uint32_t>{1});
  ASSERT_EQ(tilec_run(m.get(), 1, 3), TILEC_ERROR_FAULT);
  EXPECT_TRUE(startsWith(tilec_last_error(),
                         "watchdog: worker gpu0/0 waited more than 100000 spins (about 50 ms) in "
                         "task 'stuck' (#0, nop) for event 'never' (#0): counter 1, expected 2 "
                         "(target 1 x epoch 2)"))
      << tilec_last_error();
  tilec_model_info info;
  ASSERT_EQ(tilec_model_get_info(m.get(), &info), TILEC_OK);
  EXPECT_EQ(info.steps_run, 2u);
  // The model still reads and writes after faults.
  setFloats(m.get(), "x", {1, 2, 3, 4});
  EXPECT_EQ(getFloats(m.get(), "x"), (std::vector<float>{1, 2, 3, 4}));
}

TEST_F(CudaGpuTest, BadIndicesFaultWithTheHostsMessages) {
  ArtifactBuilder b;
  b.buffer("table", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_F32, {8, 4});
  b.buffer("ids", TILEC_BUFFER_INPUT, TILEC_DTYPE_I32, {1});
  b.buffer("x", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {4});
  b.task(0, makeTask(TILEC_TASK_EMBED, "embed", {{0, "table"}, {1, "ids"}, {2, "x"}}, {8, 4}));
  std::vector<std::string> messages;
  for (tilec_backend backend : {TILEC_BACKEND_HOST, TILEC_BACKEND_CUDA}) {
    Model m = loadOn(b, backend);
    ASSERT_TRUE(m);
    ASSERT_EQ(tilec_fill_random(m.get(), 0, nullptr, 1), TILEC_OK);
    setInts(m.get(), "ids", {99});
    ASSERT_EQ(tilec_run(m.get(), 5, 1), TILEC_ERROR_FAULT);
    messages.push_back(tilec_last_error());
    setInts(m.get(), "ids", {3});
    run(m.get(), 6);
    std::vector<float> table = getFloats(m.get(), "table");
    EXPECT_EQ(getFloats(m.get(), "x"), std::vector<float>(table.begin() + 12, table.begin() + 16));
  }
  EXPECT_EQ(messages[0], "task 'embed' (#0, embed) on worker gpu0/0 in epoch 1 (position 5): "
                         "token id 99 is outside [0, 8)");
  EXPECT_EQ(messages[1], messages[0]);
}

TEST_F(CudaGpuTest, AFaultInsideAMultiStepLaunchCountsTheStepsBeforeIt) {
  tilec_options o = defaultOptions();
  o.cuda_steps_per_launch = 8;
  Model m = loadOn(kvStore(4), TILEC_BACKEND_CUDA, o);
  ASSERT_TRUE(m);
  setFloats(m.get(), "src", {1, 2, 3, 4});
  ASSERT_EQ(tilec_run(m.get(), 2, 4), TILEC_ERROR_FAULT); // positions 2, 3, then 4: bad
  EXPECT_STREQ(tilec_last_error(), "task 'store' (#0, kv_store) on worker gpu0/0 in epoch 3 "
                                   "(position 4): position 4 is outside the KV cache [0, 4)");
  tilec_model_info info;
  ASSERT_EQ(tilec_model_get_info(m.get(), &info), TILEC_OK);
  EXPECT_EQ(info.steps_run, 3u);
  EXPECT_EQ(counters(m.get(), 1), std::vector<uint32_t>{3});
  run(m.get(), 0, 2); // epochs 4 and 5 run normally
  EXPECT_EQ(counters(m.get(), 1), std::vector<uint32_t>{5});
}

TEST_F(CudaGpuTest, ProgramsRunOnOneDeviceWithTheirOwnArenas) {
  ArtifactBuilder b;
  uint32_t p1 = b.addProgram("gpu1", 2, 1);
  for (uint32_t p : {0u, p1}) {
    b.buffer("a", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {8}, "", p);
    b.buffer("y", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {8}, "", p);
    uint32_t done = b.event("done", 1, p);
    b.task(0, makeTask(TILEC_TASK_ADD, "double", {{0, "a"}, {1, "a"}, {2, "y"}}, {0, 8}, {}, {},
                       {done}),
           p);
  }
  b.task(1, makeTask(TILEC_TASK_ADD, "again", {{0, "y"}, {1, "a"}, {2, "y"}}, {0, 8}, {}, {1}),
         p1);
  Model m = loadOn(b, TILEC_BACKEND_CUDA);
  ASSERT_TRUE(m);
  setFloats(m.get(), "gpu0/a", {1, 2, 3, 4, 5, 6, 7, 8});
  setFloats(m.get(), "gpu1/a", {1, 1, 1, 1, 1, 1, 1, 1});
  run(m.get(), 0, 2);
  EXPECT_EQ(getFloats(m.get(), "gpu0/y"), (std::vector<float>{2, 4, 6, 8, 10, 12, 14, 16}));
  EXPECT_EQ(getFloats(m.get(), "gpu1/y"), std::vector<float>(8, 3.0f));
  EXPECT_EQ(counters(m.get(), 2), (std::vector<uint32_t>{2, 2}));
}

TEST_F(CudaGpuTest, LoadErrorsNameTheDeviceAndTheKernel) {
  ArtifactBuilder b = addArtifact("sm_90");
  // A target for another architecture.
  b.setTarget("sm_75a");
  b.write(dir.path());
  writeText(dir.file("kernel.ptx"), probePtx());
  std::string message = cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED);
  EXPECT_TRUE(startsWith(message, "cuda backend: program 'gpu0' targets sm_75a, which needs "
                                  "compute capability 7.5 exactly, but device 0 ("))
      << message;
  // A device that does not exist.
  b.setTarget("sm_90");
  b.write(dir.path());
  tilec_options o = cudaOptions();
  o.cuda_device = 999;
  message = cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED, o);
  EXPECT_TRUE(startsWith(message, "cuda backend: device 999 does not exist: this machine has "))
      << message;
  // PTX the driver rejects: its JIT log is in the message.
  writeText(dir.file("kernel.ptx"), keyed(".version 8.0\n.target sm_90\n.address_size 64\n"
                                          ".visible .entry tilec_persistent_kernel() { bogus; }\n"));
  message = cudaLoadError(dir.path(), TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_TRUE(startsWith(message, dir.file("kernel.ptx") + ": the CUDA driver (")) << message;
  EXPECT_NE(message.find("cuModuleLoadDataEx failed: CUDA_ERROR_INVALID_PTX"), std::string::npos)
      << message;
  EXPECT_NE(message.find("bogus"), std::string::npos) << message;
  // PTX without the kernel.
  writeText(dir.file("kernel.ptx"), keyed(".version 8.0\n.target sm_90\n.address_size 64\n"
                                          ".visible .entry other() { ret; }\n"));
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_BAD_ARTIFACT),
            dir.file("kernel.ptx") +
                ": no kernel named 'tilec_persistent_kernel' (cuModuleGetFunction: "
                "CUDA_ERROR_NOT_FOUND: named symbol not found): it was not written for kernel "
                "ABI " +
                std::to_string(TILEC_KERNEL_ABI_VERSION));
  // A kernel built for another schedule table (its key differs).
  b.write(dir.path());
  writeText(dir.file("kernel.ptx"), "// tilec persistent kernel, kernel ABI 5, table key "
                                    "0x1234abcd\n" + probePtx());
  EXPECT_EQ(cudaLoadError(dir.path(), TILEC_ERROR_BAD_ARTIFACT),
            dir.file("kernel.ptx") +
                ": its first line ('// tilec persistent kernel, kernel ABI 5, table key "
                "0x1234abcd') does not name table key 0x00000000: the kernel was built for "
                "another schedule table; compile the artifact again");
  // More workers than can be resident at once.
  ArtifactBuilder wide(100000);
  wide.setTarget("sm_90");
  wide.write(dir.path());
  writeText(dir.file("kernel.ptx"), probePtx());
  message = cudaLoadError(dir.path(), TILEC_ERROR_UNSUPPORTED);
  EXPECT_TRUE(startsWith(message, "cuda backend: program 'gpu0' has 100000 workers, but only "))
      << message;
  EXPECT_NE(message.find("compile with --workers "), std::string::npos) << message;
}

#endif // TILEC_RUNTIME_HAS_CUDA

} // namespace
