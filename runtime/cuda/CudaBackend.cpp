//===- CudaBackend.cpp - the persistent kernel on an NVIDIA GPU -------------===//
#include "CudaBackend.h"

#include "CudaTarget.h"
#include "Driver.h"

#include "../common/Error.h"
#include "../common/Files.h"
#include "../common/FaultMessage.h"

#include "tilec/kernel_abi.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>
#include <thread>

namespace tilec::rt::cuda {
namespace {

using Clock = std::chrono::steady_clock;

// The kernel's wait loop backs off with nanosleep up to 256 ns per spin, plus
// the poll's own ~250 ns, so wait_timeout_ms becomes wait_timeout_ms x 2000
// spins (an estimate, not measured: gpu-check's deadlock case shows how long
// the watchdog really takes).
constexpr uint64_t kSpinsPerMs = 2000;
// Offset of the fault block in the scalars block; the control block is at 0.
constexpr size_t kFaultOffset = 64;
// Smallest device allocation, so an empty arena still has an address.
constexpr uint64_t kMinAllocation = 256;
// The host's own bound on a launch, past the kernel's watchdog.
constexpr double kHostGraceSeconds = 30.0;

/// The scalars block as the host stages it: control, then fault at 64.
struct Scalars {
  tilec_control control;
  unsigned char pad[kFaultOffset - sizeof(tilec_control)];
  tilec_fault fault;
};
static_assert(offsetof(Scalars, fault) == kFaultOffset, "fault block offset");
static_assert(sizeof(tilec_control) == 32 && sizeof(tilec_fault) == 32 &&
                  sizeof(tilec_task_trace) == 32,
              "ABI record sizes");

/// Pinned host memory for the per-launch copies.
struct Staging {
  Scalars in;      // copied to the device before a launch
  tilec_fault out; // the fault block, copied back after it
};

bool verbose() {
  const char *v = std::getenv("TILEC_CUDA_VERBOSE");
  return v && *v && std::strcmp(v, "0") != 0;
}

/// An unsigned integer from the environment, if set; else nullopt.
std::optional<uint64_t> envUnsigned(const char *name, uint64_t lo, uint64_t hi) {
  const char *v = std::getenv(name);
  if (!v || !*v)
    return std::nullopt;
  char *end = nullptr;
  errno = 0;
  unsigned long long x = std::strtoull(v, &end, 10);
  if (*end != '\0' || errno != 0 || v[0] == '-' || x < lo || x > hi)
    fail(TILEC_ERROR_INVALID_ARGUMENT, "environment variable ", name, "='", v,
         "' is not an integer in [", lo, ", ", hi, "]");
  return x;
}

/// Multi-line driver logs folded into one line for an error message.
std::string oneLine(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += "; ";
    else if (c != '\r')
      out += c;
  }
  return out;
}

std::string readKernel(const std::string &dir, const std::string &file) {
  std::string path = dir + "/" + file;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec))
    fail(TILEC_ERROR_BAD_ARTIFACT, dir, ": no ", file,
         ": compile with a CUDA --target (e.g. sm_90a) to run on the cuda backend");
  std::string text = readTextFile(path);
  if (text.empty())
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": the file is empty");
  if (text.find('\0') != std::string::npos)
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": not PTX text (it holds a NUL byte)");
  return text;
}

/// The kernel is built for one table (kernel ABI 4): its first line names
/// the table's kernel_key, so a kernel.ptx from another compile is refused
/// instead of running task bodies specialized to other shapes.
void checkKernelKey(const std::string &path, const std::string &ptx, uint32_t key) {
  std::string first = ptx.substr(0, ptx.find('\n'));
  char expected[32];
  std::snprintf(expected, sizeof expected, "table key 0x%08x", key);
  if (first.find(expected) == std::string::npos)
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": its first line ('", first.substr(0, 120),
         "') does not name ", expected, ": the kernel was built for another schedule table; "
         "compile the artifact again");
}

/// Resolved cuda options: explicit fields first, then the environment.
struct CudaOptions {
  int device = 0;
  uint32_t stepsPerLaunch = 1;
  uint64_t waitBound = 0;
  uint32_t waitTimeoutMs = 0;
  bool weightRing = false;
  bool trace = false; // the kernel stamps every task (tilec_task_trace)
};

CudaOptions resolveOptions(const tilec_options &o) {
  if (o.chaos_seed != 0)
    fail(TILEC_ERROR_UNSUPPORTED,
         "chaos delays (tilec_options.chaos_seed, tile-run --chaos) are not supported on the cuda "
         "backend: kernel ABI ",
         TILEC_KERNEL_ABI_VERSION, " has no delay hook; use the host backend");
  if (o.host_threads != 0)
    fail(TILEC_ERROR_INVALID_ARGUMENT, "tilec_options.host_threads is ", o.host_threads,
         ": it sets the host backend's threads; the cuda backend runs one CTA per worker "
         "(leave it 0)");
  CudaOptions r;
  if (o.cuda_device < -1)
    fail(TILEC_ERROR_INVALID_ARGUMENT, "tilec_options.cuda_device is ", o.cuda_device,
         ": expected a device ordinal, or -1 for $TILEC_CUDA_DEVICE (default 0)");
  if (o.cuda_device >= 0)
    r.device = o.cuda_device;
  else if (auto env = envUnsigned("TILEC_CUDA_DEVICE", 0, INT_MAX))
    r.device = static_cast<int>(*env);
  if (o.cuda_steps_per_launch != 0)
    r.stepsPerLaunch = o.cuda_steps_per_launch;
  else if (auto env = envUnsigned("TILEC_CUDA_STEPS_PER_LAUNCH", 1, UINT32_MAX))
    r.stepsPerLaunch = static_cast<uint32_t>(*env);
  if (o.cuda_weight_ring > 1)
    fail(TILEC_ERROR_INVALID_ARGUMENT, "tilec_options.cuda_weight_ring is ", o.cuda_weight_ring,
         ": expected 1 (stream weights through the shared-memory ring) or 0 (for "
         "$TILEC_CUDA_WEIGHT_RING, default off)");
  if (o.cuda_weight_ring == 1)
    r.weightRing = true;
  else if (auto env = envUnsigned("TILEC_CUDA_WEIGHT_RING", 0, 1))
    r.weightRing = *env == 1;
  r.trace = o.trace;
  r.waitTimeoutMs = o.wait_timeout_ms;
  r.waitBound = o.cuda_wait_bound != 0 ? o.cuda_wait_bound : uint64_t(o.wait_timeout_ms) * kSpinsPerMs;
  return r;
}

/// What the cuda backend refuses before it touches a GPU.
void checkArtifact(const Artifact &a) {
  const ScheduleTable &t = a.table;
  const auto &programs = a.manifest.programs;
  const KernelDesc &k = a.manifest.kernel;
  std::string at = a.dir + "/manifest.json: kernel.";
  if (k.present && k.abi != TILEC_KERNEL_ABI_VERSION)
    fail(TILEC_ERROR_BAD_ARTIFACT, at, "abi: ", k.abi, " differs from this runtime's kernel ABI ",
         TILEC_KERNEL_ABI_VERSION,
         ": the artifact and the runtime come from different tilec releases");
  if (!k.name.empty() && k.name != TILEC_KERNEL_NAME)
    fail(TILEC_ERROR_BAD_ARTIFACT, at, "name: '", k.name, "' is not kernel ABI ",
         TILEC_KERNEL_ABI_VERSION, "'s '", TILEC_KERNEL_NAME, "'");
  if (k.threads != 0 && k.threads != TILEC_KERNEL_THREADS)
    fail(TILEC_ERROR_BAD_ARTIFACT, at, "threads: ", k.threads, " differs from kernel ABI ",
         TILEC_KERNEL_ABI_VERSION, "'s ", TILEC_KERNEL_THREADS, " threads per block");
  if (!k.chip.empty() && !parseCudaTarget(k.chip))
    fail(TILEC_ERROR_BAD_ARTIFACT, at, "chip: '", k.chip,
         "' is not a CUDA architecture (expected sm_<NN>[a|f], e.g. sm_90a)");
  for (uint32_t p = 0; p < t.numPrograms(); ++p)
    if (!parseCudaTarget(t.target(p)))
      fail(TILEC_ERROR_UNSUPPORTED, a.dir, ": program '", programs[p].name, "' has target '",
           t.target(p),
           "': the cuda backend runs CUDA targets only; compile with a CUDA --target (e.g. "
           "sm_90a), or use the host backend");
}

class CudaBackend final : public Backend {
public:
  CudaBackend(const Artifact &artifact, const tilec_options &options);
  ~CudaBackend() override { release(); }
  CudaBackend(const CudaBackend &) = delete;
  CudaBackend &operator=(const CudaBackend &) = delete;

  void write(uint32_t program, uint64_t offset, const void *data, size_t bytes) override;
  void read(uint32_t program, uint64_t offset, void *data, size_t bytes) const override;
  RunResult run(const RunRequest &request, std::vector<TraceEvent> *trace) override;
  void readCounters(uint32_t *out) const override;
  void writeCounters(const uint32_t *in) override;

private:
  struct Program {
    CUdeviceptr arena = 0;
    uint32_t workers = 0;
  };

  /// Makes the context current for one call, and restores the caller's.
  class Scope {
  public:
    explicit Scope(const CudaBackend &b) : b_(b) {
      b.call(b.d_->cuCtxPushCurrent(b.context_), "cuCtxPushCurrent", "");
    }
    ~Scope() {
      CUcontext previous;
      b_.d_->cuCtxPopCurrent(&previous);
    }
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    const CudaBackend &b_;
  };

  void init(const std::string &ptxPath, const std::string &ptx);
  void loadModule(const std::string &ptx);
  void release() noexcept;
  /// Checks a call made after loading; a failure leaves the model unusable.
  void call(CUresult result, const char *name, const std::string &context) const;
  void requireUsable() const;
  /// Names `bytes` at `offset` of a program's arena, for error messages.
  std::string arenaRange(uint32_t program, uint64_t offset, size_t bytes) const;
  void synchronize(double limitSeconds, const std::string &what);
  /// One launch of every program of the table (TILEC_KERNEL_ALL_PROGRAMS).
  tilec_fault launch(uint32_t firstEpoch, int32_t position, uint32_t steps);
  /// Appends the traced tasks of the last launch (steps from firstEpoch) to
  /// `trace`.
  void collectTrace(uint32_t firstEpoch, uint32_t steps, std::vector<TraceEvent> &trace);
  std::string describe(const tilec_fault &fault, int32_t position) const;

  const Artifact &artifact_;
  const ScheduleTable &table_;
  std::vector<std::string> programNames_;
  CudaOptions options_;
  size_t sharedBytes_ = TILEC_KERNEL_SHARED_BYTES; ///< dynamic shared memory per launch
  const Driver *d_ = nullptr;
  CUdevice device_ = 0;
  CUcontext context_ = nullptr;
  bool retained_ = false;
  bool loaded_ = false; // init() finished: later CUDA failures make the model unusable
  CUstream stream_ = nullptr;
  CUmodule module_ = nullptr;
  CUfunction kernel_ = nullptr;
  CUdeviceptr tableCopy_ = 0, scalars_ = 0;
  CUdeviceptr counters_ = 0; ///< num_events + 1 counters of the whole table
  CUdeviceptr peers_ = 0;    ///< every program's arena base (kernel_abi.h)
  CUdeviceptr traceRecords_ = 0;          ///< stepsPerLaunch x tasks tilec_task_trace
  std::vector<tilec_task_trace> traceHost_; ///< one launch's records, copied back
  uint64_t traceBase_ = 0;                ///< %globaltimer of the first traced task
  Staging *staging_ = nullptr;
  std::vector<Program> programs_;
  mutable std::string unusable_; // why the model can no longer run, if it cannot
  bool hung_ = false;            // a kernel may still be running: free nothing
};

CudaBackend::CudaBackend(const Artifact &artifact, const tilec_options &options)
    : artifact_(artifact), table_(artifact.table) {
  options_ = resolveOptions(options);
  checkArtifact(artifact);
  for (const ProgramDesc &p : artifact.manifest.programs)
    programNames_.push_back(p.name);
  std::string ptx = readKernel(artifact.dir, artifact.manifest.kernel.ptx);
  try {
    init(artifact.dir + "/" + artifact.manifest.kernel.ptx, ptx);
  } catch (...) {
    release();
    throw;
  }
}

void CudaBackend::init(const std::string &ptxPath, const std::string &ptx) {
  d_ = &loadDriver();
  checkKernelKey(ptxPath, ptx, table_.header().kernel_key);
  const Driver &d = *d_;
  const auto unsupported = TILEC_ERROR_UNSUPPORTED;

  int count = 0;
  d.check(d.cuDeviceGetCount(&count), "cuDeviceGetCount", "", unsupported);
  if (options_.device >= count)
    fail(unsupported, "cuda backend: device ", options_.device, " does not exist: this machine has ",
         count, " CUDA device", count == 1 ? "" : "s",
         " (set tilec_options.cuda_device or TILEC_CUDA_DEVICE)");
  d.check(d.cuDeviceGet(&device_, options_.device), "cuDeviceGet", "", unsupported);
  char nameBuffer[256] = {};
  d.check(d.cuDeviceGetName(nameBuffer, sizeof nameBuffer - 1, device_), "cuDeviceGetName", "",
          unsupported);
  std::string deviceName = nameBuffer;
  int major = 0, minor = 0, sms = 0;
  d.check(d.cuDeviceGetAttribute(&major, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device_),
          "cuDeviceGetAttribute", "compute capability", unsupported);
  d.check(d.cuDeviceGetAttribute(&minor, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device_),
          "cuDeviceGetAttribute", "compute capability", unsupported);
  d.check(d.cuDeviceGetAttribute(&sms, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, device_),
          "cuDeviceGetAttribute", "multiprocessor count", unsupported);
  std::string device = cat("device ", options_.device, " (", deviceName, ")");
  auto checkTarget = [&](const std::string &what, const std::string &target) {
    CudaTarget t = *parseCudaTarget(target);
    if (!runsOn(t, major, minor))
      fail(unsupported, "cuda backend: ", what, " targets ", target, ", which needs ",
           requirement(t), ", but ", device, " has compute capability ", major, ".", minor,
           ": compile with --target sm_", major, minor, major >= 9 ? "a" : "");
  };
  for (uint32_t p = 0; p < table_.numPrograms(); ++p)
    checkTarget(cat("program '", programNames_[p], "'"), table_.target(p));
  if (!artifact_.manifest.kernel.chip.empty())
    checkTarget(artifact_.manifest.kernel.ptx, artifact_.manifest.kernel.chip);

  d.check(d.cuDevicePrimaryCtxRetain(&context_, device_), "cuDevicePrimaryCtxRetain", device,
          unsupported);
  retained_ = true;
  Scope scope(*this);
  d.check(d.cuStreamCreate(&stream_, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
  loadModule(ptx);

  std::string kernelFile = artifact_.dir + "/" + artifact_.manifest.kernel.ptx;
  CUresult r = d.cuModuleGetFunction(&kernel_, module_, TILEC_KERNEL_NAME);
  if (r == CUDA_ERROR_NOT_FOUND)
    fail(TILEC_ERROR_BAD_ARTIFACT, kernelFile, ": no kernel named '", TILEC_KERNEL_NAME,
         "' (cuModuleGetFunction: ", d.describe(r), "): it was not written for kernel ABI ",
         TILEC_KERNEL_ABI_VERSION);
  d.check(r, "cuModuleGetFunction", kernelFile);
  int maxThreads = 0, registers = 0, localBytes = 0;
  d.check(d.cuFuncGetAttribute(&maxThreads, CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK, kernel_),
          "cuFuncGetAttribute", "max threads per block");
  d.check(d.cuFuncGetAttribute(&registers, CU_FUNC_ATTRIBUTE_NUM_REGS, kernel_),
          "cuFuncGetAttribute", "registers");
  d.check(d.cuFuncGetAttribute(&localBytes, CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES, kernel_),
          "cuFuncGetAttribute", "local memory");
  if (maxThreads < TILEC_KERNEL_THREADS)
    fail(TILEC_ERROR_BAD_ARTIFACT, kernelFile, ": kernel '", TILEC_KERNEL_NAME, "' allows ",
         maxThreads, " threads per block on ", device, " (", registers,
         " registers per thread), but kernel ABI ", TILEC_KERNEL_ABI_VERSION, " launches ",
         TILEC_KERNEL_THREADS);
  if (options_.weightRing) {
    // The ring's bulk copies and mbarrier transactions exist from sm_90 on;
    // a kernel built for an older chip has the ring folded away.
    const KernelDesc &k = artifact_.manifest.kernel;
    std::optional<CudaTarget> chip = k.chip.empty() ? std::nullopt : parseCudaTarget(k.chip);
    if (major < 9 || !chip || chip->major < 9)
      fail(unsupported, "cuda backend: the weight ring (tilec_options.cuda_weight_ring, "
           "tile-run --weight-ring) needs sm_90 or newer, but ", kernelFile, " is built for '",
           k.chip.empty() ? "an unknown chip" : k.chip, "' and ", device,
           " has compute capability ", major, ".", minor);
  }
  sharedBytes_ = options_.weightRing ? TILEC_KERNEL_RING_SHARED_BYTES : TILEC_KERNEL_SHARED_BYTES;
  int sharedOptIn = 0;
  d.check(d.cuDeviceGetAttribute(&sharedOptIn, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN,
                                 device_),
          "cuDeviceGetAttribute", "shared memory per block", unsupported);
  if (sharedBytes_ > size_t(sharedOptIn))
    fail(unsupported, "cuda backend: the kernel needs ", sharedBytes_,
         " bytes of dynamic shared memory per CTA",
         options_.weightRing ? " with the weight ring (tile-run --weight-ring)" : "", ", but ",
         device, " allows ", sharedOptIn);
  if (sharedBytes_ > 48 * 1024)
    d.check(d.cuFuncSetAttribute(kernel_, CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                                 static_cast<int>(sharedBytes_)),
            "cuFuncSetAttribute", cat(sharedBytes_, " bytes of dynamic shared memory"),
            unsupported);
  int perSm = 0;
  d.check(d.cuOccupancyMaxActiveBlocksPerMultiprocessor(&perSm, kernel_, TILEC_KERNEL_THREADS,
                                                        sharedBytes_),
          "cuOccupancyMaxActiveBlocksPerMultiprocessor");
  uint64_t resident = uint64_t(perSm) * uint64_t(sms);
  // Every worker of a persistent kernel must be resident at once: a CTA
  // waiting for one that never gets an SM would spin until the watchdog.
  // All programs run in one launch (their devices emulated on this GPU).
  uint32_t workers = table_.numWorkers();
  if (workers > resident) {
    std::string who =
        table_.numPrograms() == 1
            ? cat("program '", programNames_[0], "' has ", workers, " workers")
            : cat("the ", table_.numPrograms(), " programs (devices, run together on this GPU) "
                  "have ", workers, " workers");
    fail(unsupported, "cuda backend: ", who, ", but only ", resident, " CTAs of its kernel (",
         perSm, " per SM x ", sms, " SMs) can be resident at once on ", device,
         ": the persistent kernel needs all of them; compile with ",
         table_.numPrograms() == 1 ? cat("--workers ", resident)
                                   : cat("--workers ", resident / table_.numPrograms()),
         " or fewer",
         options_.weightRing ? " (the weight ring's shared memory leaves room for one CTA "
                               "per SM)"
                             : "");
  }

  // Device memory: the table, the scalars block, per program arena and counters.
  uint32_t numEvents = table_.numEvents();
  d.check(d.cuMemAlloc(&tableCopy_, table_.size()), "cuMemAlloc",
          cat("the ", table_.size(), "-byte schedule table"));
  d.check(d.cuMemcpyHtoDAsync(tableCopy_, table_.data(), table_.size(), stream_),
          "cuMemcpyHtoDAsync", "the schedule table");
  d.check(d.cuMemAlloc(&scalars_, sizeof(Scalars)), "cuMemAlloc", "the control and fault blocks");
  d.check(d.cuMemsetD8Async(scalars_, 0, sizeof(Scalars), stream_), "cuMemsetD8Async",
          "the control and fault blocks");
  if (options_.trace) {
    // 32 bytes per task per step of a launch, on the device and the host.
    constexpr uint64_t kMaxTraceRecords = uint64_t(1) << 25; // 1 GiB
    uint64_t records = uint64_t(options_.stepsPerLaunch) * table_.numTasks();
    if (records > kMaxTraceRecords)
      fail(TILEC_ERROR_INVALID_ARGUMENT, "tracing ", options_.stepsPerLaunch,
           " steps per launch of ", table_.numTasks(), " tasks needs ", records,
           " trace records (32 bytes each), more than ", kMaxTraceRecords,
           ": trace with fewer steps per launch");
    d.check(d.cuMemAlloc(&traceRecords_, std::max<uint64_t>(records, 1) * sizeof(tilec_task_trace)),
            "cuMemAlloc", cat("the trace records of ", options_.stepsPerLaunch, " steps x ",
                              table_.numTasks(), " tasks"));
    traceHost_.resize(records);
  }
  std::vector<uint64_t> bases;
  for (uint32_t p = 0; p < table_.numPrograms(); ++p) {
    Program prog;
    prog.workers = table_.program(p).num_workers;
    programs_.push_back(prog);
    Program &slot = programs_.back();
    uint64_t bytes = table_.program(p).arena_bytes;
    std::string arena = cat("the ", bytes, "-byte arena of program '", programNames_[p], "'");
    d.check(d.cuMemAlloc(&slot.arena, std::max(bytes, kMinAllocation)), "cuMemAlloc", arena);
    d.check(d.cuMemsetD8Async(slot.arena, 0, bytes, stream_), "cuMemsetD8Async", arena);
    bases.push_back(slot.arena);
  }
  std::string counters = cat("the ", numEvents + 1, " event counters");
  d.check(d.cuMemAlloc(&counters_, 4 * (uint64_t(numEvents) + 1)), "cuMemAlloc", counters);
  d.check(d.cuMemsetD8Async(counters_, 0, 4 * (uint64_t(numEvents) + 1), stream_),
          "cuMemsetD8Async", counters);
  d.check(d.cuMemAlloc(&peers_, 8 * bases.size()), "cuMemAlloc", "the peer table");
  d.check(d.cuMemcpyHtoDAsync(peers_, bases.data(), 8 * bases.size(), stream_),
          "cuMemcpyHtoDAsync", "the peer table");
  // The copy reads `bases` (pageable): finish it before they go.
  d.check(d.cuStreamSynchronize(stream_), "cuStreamSynchronize", "the peer table");
  void *pinned = nullptr;
  d.check(d.cuMemHostAlloc(&pinned, sizeof(Staging), 0), "cuMemHostAlloc", "the staging block");
  staging_ = static_cast<Staging *>(pinned);
  std::memset(staging_, 0, sizeof(Staging));
  d.check(d.cuStreamSynchronize(stream_), "cuStreamSynchronize", "after loading");
  loaded_ = true;

  if (verbose()) {
    std::string workers;
    for (uint32_t p = 0; p < table_.numPrograms(); ++p)
      workers += cat(p ? ", " : "", programNames_[p], " ", programs_[p].workers);
    std::fprintf(stderr,
                 "tilec cuda: %s, compute capability %d.%d, %d SMs, driver %d.%d (%s); kernel: "
                 "%d registers, %d local bytes, %d CTAs/SM resident; workers: %s; %u step(s) "
                 "per launch; wait bound %llu spins\n",
                 device.c_str(), major, minor, sms, d.version / 1000, d.version % 1000 / 10,
                 d.library.c_str(), registers, localBytes, perSm, workers.c_str(),
                 options_.stepsPerLaunch, static_cast<unsigned long long>(options_.waitBound));
  }
}

void CudaBackend::loadModule(const std::string &ptx) {
  const Driver &d = *d_;
  std::string errorLog(1 << 14, '\0'), infoLog(1 << 14, '\0');
  CUjit_option keys[] = {CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES,
                         CU_JIT_INFO_LOG_BUFFER, CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES,
                         CU_JIT_LOG_VERBOSE};
  void *values[] = {errorLog.data(), reinterpret_cast<void *>(uintptr_t(errorLog.size() - 1)),
                    infoLog.data(), reinterpret_cast<void *>(uintptr_t(infoLog.size() - 1)),
                    reinterpret_cast<void *>(uintptr_t(1))};
  CUresult r = d.cuModuleLoadDataEx(&module_, ptx.c_str(), sizeof keys / sizeof keys[0], keys,
                                    values);
  errorLog.resize(std::strlen(errorLog.c_str()));
  infoLog.resize(std::strlen(infoLog.c_str()));
  std::string file = artifact_.dir + "/" + artifact_.manifest.kernel.ptx;
  if (r != CUDA_SUCCESS) {
    module_ = nullptr;
    tilec_status status = r == CUDA_ERROR_OUT_OF_MEMORY ? TILEC_ERROR_INTERNAL
                          : r == CUDA_ERROR_UNSUPPORTED_PTX_VERSION ? TILEC_ERROR_UNSUPPORTED
                                                                    : TILEC_ERROR_BAD_ARTIFACT;
    fail(status, file, ": the CUDA driver (", d.version / 1000, ".", d.version % 1000 / 10,
         ") cannot load it: cuModuleLoadDataEx failed: ", d.describe(r),
         errorLog.empty() ? "" : ": ", oneLine(errorLog));
  }
  if (verbose() && !infoLog.empty())
    std::fprintf(stderr, "tilec cuda: JIT of %s: %s\n", file.c_str(), oneLine(infoLog).c_str());
}

void CudaBackend::release() noexcept {
  if (!d_)
    return;
  const Driver &d = *d_;
  // A kernel that outlived its watchdog may still be running: freeing its
  // memory would wait for it (forever) or pull memory from under it.
  if (hung_ || !context_)
    return;
  if (d.cuCtxPushCurrent(context_) == CUDA_SUCCESS) {
    if (stream_)
      d.cuStreamSynchronize(stream_);
    if (staging_)
      d.cuMemFreeHost(staging_);
    for (const Program &p : programs_)
      if (p.arena)
        d.cuMemFree(p.arena);
    if (counters_)
      d.cuMemFree(counters_);
    if (peers_)
      d.cuMemFree(peers_);
    if (scalars_)
      d.cuMemFree(scalars_);
    if (traceRecords_)
      d.cuMemFree(traceRecords_);
    if (tableCopy_)
      d.cuMemFree(tableCopy_);
    if (module_)
      d.cuModuleUnload(module_);
    if (stream_)
      d.cuStreamDestroy(stream_);
    CUcontext previous;
    d.cuCtxPopCurrent(&previous);
  }
  if (retained_)
    d.cuDevicePrimaryCtxRelease(device_);
  staging_ = nullptr;
  programs_.clear();
  scalars_ = tableCopy_ = 0;
  module_ = nullptr;
  stream_ = nullptr;
  retained_ = false;
}

void CudaBackend::call(CUresult result, const char *name, const std::string &context) const {
  if (result == CUDA_SUCCESS)
    return;
  std::string message = cat("cuda backend: ", name, " failed: ", d_->describe(result),
                            context.empty() ? "" : "; ", context);
  if (loaded_ && unusable_.empty())
    unusable_ = message;
  fail(TILEC_ERROR_INTERNAL, message);
}

void CudaBackend::requireUsable() const {
  if (!unusable_.empty())
    fail(TILEC_ERROR_INTERNAL,
         "cuda backend: the model is unusable after an earlier CUDA error (", unusable_,
         "); a CUDA context that faulted cannot be reused: end the process");
}

std::string CudaBackend::arenaRange(uint32_t program, uint64_t offset, size_t bytes) const {
  return cat(bytes, " bytes at offset ", offset, " of the arena of program '",
             programNames_[program], "'");
}

void CudaBackend::write(uint32_t program, uint64_t offset, const void *data, size_t bytes) {
  requireUsable();
  if (bytes == 0)
    return;
  Scope scope(*this);
  std::string what = arenaRange(program, offset, bytes);
  call(d_->cuMemcpyHtoDAsync(programs_[program].arena + offset, data, bytes, stream_),
       "cuMemcpyHtoDAsync", what);
  call(d_->cuStreamSynchronize(stream_), "cuStreamSynchronize", what);
}

void CudaBackend::read(uint32_t program, uint64_t offset, void *data, size_t bytes) const {
  requireUsable();
  if (bytes == 0)
    return;
  Scope scope(*this);
  std::string what = arenaRange(program, offset, bytes);
  call(d_->cuMemcpyDtoHAsync(data, programs_[program].arena + offset, bytes, stream_),
       "cuMemcpyDtoHAsync", what);
  call(d_->cuStreamSynchronize(stream_), "cuStreamSynchronize", what);
}

void CudaBackend::readCounters(uint32_t *out) const {
  requireUsable();
  uint32_t n = table_.numEvents();
  if (n == 0)
    return;
  Scope scope(*this);
  call(d_->cuMemcpyDtoHAsync(out, counters_, 4 * uint64_t(n), stream_), "cuMemcpyDtoHAsync",
       "event counters");
  call(d_->cuStreamSynchronize(stream_), "cuStreamSynchronize", "event counters");
}

void CudaBackend::writeCounters(const uint32_t *in) {
  requireUsable();
  uint32_t n = table_.numEvents();
  if (n == 0)
    return;
  Scope scope(*this);
  call(d_->cuMemcpyHtoDAsync(counters_, in, 4 * uint64_t(n), stream_), "cuMemcpyHtoDAsync",
       "event counters");
  call(d_->cuStreamSynchronize(stream_), "cuStreamSynchronize", "event counters");
}

void CudaBackend::synchronize(double limitSeconds, const std::string &what) {
  Clock::time_point start = Clock::now();
  while (true) {
    CUresult r = d_->cuStreamQuery(stream_);
    if (r == CUDA_SUCCESS)
      return;
    if (r != CUDA_ERROR_NOT_READY)
      call(r, "cuStreamQuery", what);
    double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    if (elapsed > limitSeconds) {
      hung_ = true;
      unusable_ = cat("cuda backend: ", what, " did not finish within ", limitSeconds,
                      " s although every wait in the kernel is bounded (", options_.waitBound,
                      " spins): the kernel's watchdog failed and the GPU is still running it");
      fail(TILEC_ERROR_INTERNAL, unusable_, "; end the process");
    }
    // Spin first (a decode step takes microseconds to milliseconds), then
    // poll without burning a core.
    if (elapsed < 0.02)
      std::this_thread::yield();
    else
      std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
}

tilec_fault CudaBackend::launch(uint32_t firstEpoch, int32_t position, uint32_t steps) {
  const Driver &d = *d_;
  uint32_t workers = table_.numWorkers();
  std::string what = cat("the launch of ",
                         table_.numPrograms() == 1
                             ? cat("program '", programNames_[0], "'")
                             : cat("the ", table_.numPrograms(), " programs"),
                         " (epochs ", firstEpoch, " to ", uint64_t(firstEpoch) + steps - 1, ")");
  std::memset(staging_, 0, sizeof(Staging));
  staging_->in.control.epoch = firstEpoch;
  staging_->in.control.position = position;
  staging_->in.control.weight_ring = options_.weightRing ? 1 : 0;
  staging_->in.control.trace = traceRecords_;
  if (traceRecords_)
    call(d.cuMemsetD8Async(traceRecords_, 0,
                           uint64_t(steps) * table_.numTasks() * sizeof(tilec_task_trace), stream_),
         "cuMemsetD8Async", cat("trace records for ", what));
  call(d.cuMemcpyHtoDAsync(scalars_, &staging_->in, sizeof(Scalars), stream_), "cuMemcpyHtoDAsync",
       cat("control and fault blocks for ", what));
  call(d.cuMemsetD32Async(counters_ + 4 * uint64_t(table_.numEvents()), workers * (firstEpoch - 1),
                          1, stream_),
       "cuMemsetD32Async", cat("step counter for ", what));
  // kernelParams: pointers to each parameter, in tilec/kernel_abi.h's order.
  CUdeviceptr table = tableCopy_, arena = programs_[0].arena, counters = counters_,
              control = scalars_, fault = scalars_ + kFaultOffset, peers = peers_;
  uint32_t programIndex = TILEC_KERNEL_ALL_PROGRAMS, epoch = firstEpoch, stepCount = steps;
  uint64_t waitBound = options_.waitBound;
  void *params[] = {&table,        &arena, &counters,  &control,   &fault,
                    &programIndex, &epoch, &stepCount, &waitBound, &peers};
  static_assert(sizeof params / sizeof params[0] == 10, "kernel_abi.h has 10 parameters");
  call(d.cuLaunchKernel(kernel_, workers, 1, 1, TILEC_KERNEL_THREADS, 1, 1,
                        static_cast<unsigned>(sharedBytes_), stream_, params, nullptr),
       "cuLaunchKernel",
       cat(what, ": ", workers, " CTAs x ", TILEC_KERNEL_THREADS, " threads"));
  call(d.cuMemcpyDtoHAsync(&staging_->out, fault, sizeof(tilec_fault), stream_),
       "cuMemcpyDtoHAsync", cat("fault block after ", what));
  double boundMs = std::max(double(options_.waitTimeoutMs), double(options_.waitBound) / kSpinsPerMs);
  synchronize(kHostGraceSeconds + 2.0 * boundMs / 1000.0 * (double(steps) + 1.0), what);
  return staging_->out;
}

std::string CudaBackend::describe(const tilec_fault &f, int32_t position) const {
  if (f.program >= programs_.size())
    return cat("cuda backend: the kernel reported a fault of program ", f.program, " (code ",
               f.code, "), but the table has ", programs_.size(),
               ": kernel.ptx and the schedule table disagree");
  uint32_t workers = programs_[f.program].workers;
  bool taskOk = f.task < table_.numTasks() && table_.task(f.task).program == f.program &&
                f.worker < workers;
  std::string bound =
      cat(options_.waitBound, " spins (about ", options_.waitBound / kSpinsPerMs, " ms)");
  if (f.code == TILEC_FAULT_WAIT_TIMEOUT && taskOk && f.event < table_.numEvents())
    return watchdogMessage(table_, programNames_, f, bound);
  // The step counter sits after the events: the grid barrier between steps.
  if (f.code == TILEC_FAULT_WAIT_TIMEOUT && f.event == table_.numEvents() && f.worker < workers)
    return cat("watchdog: worker ", workerLabel(programNames_, f.program, f.worker),
               " waited more than ", bound, " at the step barrier of epoch ", f.epoch,
               ": step counter ", f.value, ", expected ",
               uint64_t(table_.numWorkers()) * f.epoch, " (", table_.numWorkers(),
               " workers x epoch ", f.epoch, "); a worker ",
               programs_.size() == 1 ? cat("of program '", programNames_[0], "'")
                                     : std::string("of one of the programs"),
               " did not finish its step");
  // A weight-ring copy that never completed (the chunk's index as value).
  if (f.code == TILEC_FAULT_WAIT_TIMEOUT && taskOk && f.event == UINT32_MAX)
    return cat("watchdog: worker ", workerLabel(programNames_, f.program, f.worker),
               " waited more than ", bound, " in task ", taskLabel(table_, f.task),
               " for weight-ring chunk ", f.value, " of epoch ", f.epoch,
               ": its bulk copy into shared memory did not complete");
  if (f.code == TILEC_FAULT_BAD_INDEX && taskOk)
    return taskFaultMessage(table_, programNames_, f, position,
                            badIndexReason(table_.task(f.task), f.value));
  return cat("cuda backend: the kernel reported a malformed fault (code ", f.code, ", program '",
             programNames_[f.program], "', worker ", f.worker, ", task ", f.task, ", event ",
             f.event, ", epoch ", f.epoch, ", value ", f.value,
             "): kernel.ptx and the schedule table disagree");
}

void CudaBackend::collectTrace(uint32_t firstEpoch, uint32_t steps,
                               std::vector<TraceEvent> &trace) {
  const Driver &d = *d_;
  size_t tasks = table_.numTasks();
  call(d.cuMemcpyDtoHAsync(traceHost_.data(), traceRecords_,
                           steps * tasks * sizeof(tilec_task_trace), stream_),
       "cuMemcpyDtoHAsync", "the trace records");
  synchronize(kHostGraceSeconds, "copying the trace records back");
  auto traced = [&](size_t record) {
    const tilec_task_trace &r = traceHost_[record];
    // Not run: a fault ended the launch.
    return r.begin != 0;
  };
  // The time base: the earliest stamp of the first traced launch (CTAs
  // start at slightly different times).
  if (traceBase_ == 0)
    for (size_t k = 0; k < steps * tasks; ++k)
      if (traced(k) && (traceBase_ == 0 || traceHost_[k].begin < traceBase_))
        traceBase_ = traceHost_[k].begin;
  // %globaltimer counts ns since 1970: subtract as integers, then convert
  // (a double holds such values only to 256 ns).
  auto us = [](uint64_t later, uint64_t earlier) {
    return double(int64_t(later - earlier)) / 1000.0;
  };
  for (uint32_t s = 0; s < steps; ++s)
    for (size_t i = 0; i < tasks; ++i) {
      if (!traced(s * tasks + i))
        continue;
      const tilec_task_trace &r = traceHost_[s * tasks + i];
      TraceEvent e;
      e.program = table_.task(static_cast<uint32_t>(i)).program;
      e.worker = table_.task(static_cast<uint32_t>(i)).worker;
      e.task = static_cast<uint32_t>(i);
      e.epoch = firstEpoch + s;
      e.startUs = us(r.begin, traceBase_);
      e.durationUs = us(r.end, r.begin);
      e.waitUs = us(r.ready, r.begin);
      trace.push_back(e);
    }
}

RunResult CudaBackend::run(const RunRequest &request, std::vector<TraceEvent> *trace) {
  requireUsable();
  // The grid barrier waits for workers x epoch on a 32-bit counter.
  uint64_t lastEpoch = request.epochBase + request.steps;
  if (uint64_t(table_.numWorkers()) * lastEpoch > UINT32_MAX)
    fail(TILEC_ERROR_INVALID_ARGUMENT, "epoch ", lastEpoch,
         " would overflow the 32-bit step counter (", table_.numWorkers(),
         " workers x epoch): load the model again");
  Scope scope(*this);
  RunResult result;
  for (uint32_t done = 0; done < request.steps;) {
    uint32_t n = std::min(options_.stepsPerLaunch, request.steps - done);
    uint32_t firstEpoch = static_cast<uint32_t>(request.epochBase + 1 + done);
    int32_t position = request.firstPosition + static_cast<int32_t>(done);
    tilec_fault f = launch(firstEpoch, position, n);
    if (trace && traceRecords_)
      collectTrace(firstEpoch, n, *trace);
    if (f.code != TILEC_FAULT_NONE) {
      // Trust the kernel's epoch only inside this launch.
      uint32_t offset =
          f.epoch >= firstEpoch && f.epoch - firstEpoch < n ? f.epoch - firstEpoch : 0;
      f.epoch = firstEpoch + offset;
      result.stepsCompleted = done + offset;
      result.fault = f;
      result.message = describe(f, position + static_cast<int32_t>(offset));
      return result;
    }
    done += n;
  }
  result.stepsCompleted = request.steps;
  return result;
}

} // namespace

std::unique_ptr<Backend> makeCudaBackend(const Artifact &artifact, const tilec_options &options) {
  return std::make_unique<CudaBackend>(artifact, options);
}

} // namespace tilec::rt::cuda
