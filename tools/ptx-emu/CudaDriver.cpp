//===- CudaDriver.cpp - the driver API entry points of the emulator -----===//
//
// libtilec-ptx-emu.so exports the CUDA driver API functions tilec's runtime
// calls (runtime/cuda/Driver.h lists them), under the same versioned symbol
// names libcuda has (cuda.h's macros name them), so TILEC_CUDA_DRIVER=
// path/to/libtilec-ptx-emu.so runs the cuda backend on a machine with no
// GPU. One device: compute capability 9.0, TILEC_PTX_EMU_SMS multiprocessors
// (default 132). Work is synchronous: a launch runs to completion inside
// cuLaunchKernel; a kernel fault becomes a sticky error returned by the
// next stream query, synchronize or copy, and its details are in
// cuGetErrorString's text and on stderr.
//
//===----------------------------------------------------------------------===//
#include "Machine.h"
#include "Ptx.h"

#include <cuda.h>

#include <algorithm>
#include <cstdint>
#include <vector>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

namespace {

struct EmuModule {
  std::unique_ptr<ptxemu::Module> module;
};
struct EmuFunction {
  EmuModule *module;
  int32_t index;
  int maxDynamicShared = 48 * 1024;
};

struct State {
  std::mutex mutex;
  ptxemu::Memory memory;
  CUresult sticky = CUDA_SUCCESS;
  std::string stickyText;
  int sms = 132;
  bool verbose = false;
  bool racecheck = false;  // TILEC_PTX_EMU_RACECHECK=1
  std::string profilePath; // TILEC_PTX_EMU_PROFILE: where the table goes at exit
  ptxemu::Profile profile;
  uint64_t launches = 0;
};

State &state();

/// TILEC_PTX_EMU_PROFILE's table: per function, what one call costs a thread.
void writeProfile() {
  State &s = state();
  FILE *out = s.profilePath == "-" ? stderr : std::fopen(s.profilePath.c_str(), "w");
  if (!out) {
    std::fprintf(stderr, "ptx-emu: cannot write the profile to %s\n", s.profilePath.c_str());
    return;
  }
  std::fprintf(out,
               "# ptx-emu profile: %llu launches; per call of a function by one thread "
               "(inclusive of its callees): instructions; global-load round trips in PTX "
               "order (mean, max: an upper bound, ptxas may overlap more; ordered loads, the "
               "waits' polls, not counted); load-chain depth "
               "(mean, max: a lower bound, dependent loads); bytes loaded from global "
               "memory\n",
               (unsigned long long)s.launches);
  std::fprintf(out, "%-28s %12s %11s %10s %6s %10s %6s %11s\n", "function", "thread-calls",
               "instr/call", "trips/call", "max", "chain/call", "max", "bytes/call");
  for (const auto &[name, p] : s.profile.functions) {
    double n = double(std::max<uint64_t>(p.calls, 1));
    std::fprintf(out, "%-28s %12llu %11.1f %10.2f %6llu %10.2f %6llu %11.1f\n", name.c_str(),
                 (unsigned long long)p.calls, double(p.instructions) / n,
                 double(p.roundTrips) / n, (unsigned long long)p.maxRoundTrips,
                 double(p.chain) / n, (unsigned long long)p.maxChain,
                 double(p.globalBytes) / n);
  }
  // Where the round trips are spent: the 40 PTX lines most waited at.
  std::vector<std::pair<uint64_t, std::pair<std::string, uint32_t>>> sites;
  uint64_t total = 0;
  for (const auto &[where, count] : s.profile.waits) {
    sites.push_back({count, where});
    total += count;
  }
  std::sort(sites.begin(), sites.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
  std::fprintf(out, "\n# round trips by where threads waited (PTX line of the reading instruction), "
                    "of %llu in all\n%-32s %8s %14s %7s\n",
               (unsigned long long)total, "function", "line", "round trips", "share");
  for (size_t i = 0; i < sites.size() && i < 40; ++i)
    std::fprintf(out, "%-32s %8u %14llu %6.2f%%\n", sites[i].second.first.c_str(),
                 sites[i].second.second, (unsigned long long)sites[i].first,
                 100.0 * double(sites[i].first) / double(std::max<uint64_t>(total, 1)));
  // Each task's own cost: body functions by their first argument, the
  // task's record in the schedule table (tools/bench/perf_model.py reads it).
  std::fprintf(out, "\n# per task: body functions by first argument (the task's table record); "
                    "the last launch's first argument (the table): %#llx\n",
               (unsigned long long)s.profile.launchArgument);
  std::fprintf(out, "%-28s %18s %12s %10s %11s\n",
               "function", "argument", "thread-calls", "trips/call", "bytes/call");
  for (const auto &[key, a] : s.profile.byArgument) {
    double n = double(std::max<uint64_t>(a.calls, 1));
    std::fprintf(out, "%-28s %#18llx %12llu %10.2f %11.1f\n", key.first.c_str(),
                 (unsigned long long)key.second, (unsigned long long)a.calls,
                 double(a.roundTrips) / n, double(a.globalBytes) / n);
  }
  if (out != stderr)
    std::fclose(out);
}

State &state() {
  static State *s = [] {
    auto *st = new State(); // never destroyed: the runtime may call in at exit
    if (const char *env = std::getenv("TILEC_PTX_EMU_SMS"))
      st->sms = std::max(1, std::atoi(env));
    if (const char *env = std::getenv("TILEC_PTX_EMU_VERBOSE"))
      st->verbose = *env && *env != '0';
    if (const char *env = std::getenv("TILEC_PTX_EMU_RACECHECK"))
      st->racecheck = *env && *env != '0';
    if (const char *env = std::getenv("TILEC_PTX_EMU_PROFILE"); env && *env) {
      st->profilePath = env;
      std::atexit(writeProfile);
    }
    return st;
  }();
  return *s;
}

// A handle nobody dereferences: the emulator has one context and one stream.
CUcontext theContext() { return reinterpret_cast<CUcontext>(uintptr_t(0x1)); }

/// The codes the emulator returns: name and text, as libcuda gives them.
struct ErrorInfo {
  CUresult code;
  const char *name, *text;
};
constexpr ErrorInfo kErrors[] = {
    {CUDA_SUCCESS, "CUDA_SUCCESS", "no error"},
    {CUDA_ERROR_INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {CUDA_ERROR_OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {CUDA_ERROR_INVALID_DEVICE, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
    {CUDA_ERROR_INVALID_PTX, "CUDA_ERROR_INVALID_PTX", "a PTX JIT compilation failed"},
    {CUDA_ERROR_INVALID_HANDLE, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
    {CUDA_ERROR_NOT_FOUND, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
    {CUDA_ERROR_NOT_READY, "CUDA_ERROR_NOT_READY", "device not ready"},
    {CUDA_ERROR_ILLEGAL_ADDRESS, "CUDA_ERROR_ILLEGAL_ADDRESS",
     "an illegal memory access was encountered"},
    {CUDA_ERROR_MISALIGNED_ADDRESS, "CUDA_ERROR_MISALIGNED_ADDRESS", "misaligned address"},
    {CUDA_ERROR_ILLEGAL_INSTRUCTION, "CUDA_ERROR_ILLEGAL_INSTRUCTION",
     "an illegal instruction was encountered"},
    {CUDA_ERROR_LAUNCH_FAILED, "CUDA_ERROR_LAUNCH_FAILED", "unspecified launch failure"},
    {CUDA_ERROR_NOT_SUPPORTED, "CUDA_ERROR_NOT_SUPPORTED", "operation not supported"},
    {CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES, "CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES",
     "too many resources requested for launch"},
};
const ErrorInfo *errorInfo(CUresult r) {
  for (const ErrorInfo &e : kErrors)
    if (e.code == r)
      return &e;
  return nullptr;
}

/// Host copies and memsets check device ranges the way a kernel's accesses are.
CUresult checkRange(CUdeviceptr p, size_t bytes) {
  State &s = state();
  if (s.sticky != CUDA_SUCCESS)
    return s.sticky;
  if (bytes && !s.memory.contains(p, bytes))
    return CUDA_ERROR_INVALID_VALUE;
  return CUDA_SUCCESS;
}

} // namespace

extern "C" {

CUresult CUDAAPI cuInit(unsigned int) { return CUDA_SUCCESS; }
CUresult CUDAAPI cuDriverGetVersion(int *v) {
  if (!v) return CUDA_ERROR_INVALID_VALUE;
  *v = CUDA_VERSION;
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuGetErrorName(CUresult r, const char **name) {
  const ErrorInfo *e = errorInfo(r);
  if (!name || !e) return CUDA_ERROR_INVALID_VALUE;
  *name = e->name;
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuGetErrorString(CUresult r, const char **text) {
  State &s = state();
  const ErrorInfo *e = errorInfo(r);
  if (!text || !e) return CUDA_ERROR_INVALID_VALUE;
  const char *t = e->text;
  // The sticky fault's own words travel with its code.
  if (r == s.sticky && !s.stickyText.empty()) {
    static thread_local std::string joined;
    joined = std::string(t) + " (ptx-emu: " + s.stickyText + ")";
    *text = joined.c_str();
  } else {
    *text = t;
  }
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuDeviceGetCount(int *n) {
  if (!n) return CUDA_ERROR_INVALID_VALUE;
  *n = 1;
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuDeviceGet(CUdevice *d, int ordinal) {
  if (!d) return CUDA_ERROR_INVALID_VALUE;
  if (ordinal != 0) return CUDA_ERROR_INVALID_DEVICE;
  *d = 0;
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuDeviceGetName(char *name, int len, CUdevice d) {
  if (!name || len <= 0) return CUDA_ERROR_INVALID_VALUE;
  if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
  std::snprintf(name, size_t(len), "tilec PTX emulator (sm_90a, %d SMs)", state().sms);
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuDeviceGetAttribute(int *v, CUdevice_attribute a, CUdevice d) {
  if (!v) return CUDA_ERROR_INVALID_VALUE;
  if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
  switch (a) {
  case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR: *v = 9; break;
  case CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR: *v = 0; break;
  case CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT: *v = state().sms; break;
  case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN: *v = 227 * 1024; break;
  case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK: *v = 48 * 1024; break;
  case CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *v = 1024; break;
  case CU_DEVICE_ATTRIBUTE_WARP_SIZE: *v = 32; break;
  case CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR: *v = 228 * 1024; break;
  default: return CUDA_ERROR_NOT_SUPPORTED;
  }
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuDevicePrimaryCtxRetain(CUcontext *c, CUdevice d) {
  if (!c) return CUDA_ERROR_INVALID_VALUE;
  if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
  *c = theContext();
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuDevicePrimaryCtxRelease(CUdevice d) {
  if (d != 0) return CUDA_ERROR_INVALID_DEVICE;
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuCtxPushCurrent(CUcontext) { return CUDA_SUCCESS; }
CUresult CUDAAPI cuCtxPopCurrent(CUcontext *c) {
  if (c) *c = theContext();
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuStreamCreate(CUstream *s, unsigned int) {
  if (!s) return CUDA_ERROR_INVALID_VALUE;
  *s = reinterpret_cast<CUstream>(uintptr_t(0x2));
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuStreamDestroy(CUstream) { return CUDA_SUCCESS; }
CUresult CUDAAPI cuStreamQuery(CUstream) { return state().sticky; }
CUresult CUDAAPI cuStreamSynchronize(CUstream) { return state().sticky; }

CUresult CUDAAPI cuModuleLoadDataEx(CUmodule *out, const void *image, unsigned int n,
                                    CUjit_option *options, void **values) {
  if (!out || !image) return CUDA_ERROR_INVALID_VALUE;
  auto m = std::make_unique<EmuModule>();
  try {
    m->module = ptxemu::parsePtx(static_cast<const char *>(image));
  } catch (const ptxemu::PtxError &e) {
    char *log = nullptr;
    size_t size = 0;
    for (unsigned i = 0; i < n; ++i) {
      if (options[i] == CU_JIT_ERROR_LOG_BUFFER) log = static_cast<char *>(values[i]);
      if (options[i] == CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES) size = uintptr_t(values[i]);
    }
    if (log && size)
      std::snprintf(log, size, "ptx-emu: %s", e.what());
    else
      std::fprintf(stderr, "ptx-emu: cannot load the PTX: %s\n", e.what());
    return CUDA_ERROR_INVALID_PTX;
  }
  *out = reinterpret_cast<CUmodule>(m.release());
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuModuleUnload(CUmodule m) {
  delete reinterpret_cast<EmuModule *>(m); // its functions leak with it: handles are tiny
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuModuleGetFunction(CUfunction *f, CUmodule m, const char *name) {
  if (!f || !m || !name) return CUDA_ERROR_INVALID_VALUE;
  auto *em = reinterpret_cast<EmuModule *>(m);
  auto it = em->module->functionIndex.find(name);
  if (it == em->module->functionIndex.end() || !em->module->functions[it->second].entry)
    return CUDA_ERROR_NOT_FOUND;
  *f = reinterpret_cast<CUfunction>(new EmuFunction{em, it->second});
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuFuncGetAttribute(int *v, CUfunction_attribute a, CUfunction f) {
  if (!v || !f) return CUDA_ERROR_INVALID_VALUE;
  auto *ef = reinterpret_cast<EmuFunction *>(f);
  const ptxemu::Function &fn = ef->module->module->functions[size_t(ef->index)];
  switch (a) {
  case CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK: *v = fn.maxNtid ? int(fn.maxNtid) : 1024; break;
  case CU_FUNC_ATTRIBUTE_NUM_REGS: *v = 0; break; // not modelled
  case CU_FUNC_ATTRIBUTE_LOCAL_SIZE_BYTES: *v = 0; break;
  case CU_FUNC_ATTRIBUTE_SHARED_SIZE_BYTES: *v = int(ef->module->module->staticShared); break;
  case CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES: *v = ef->maxDynamicShared; break;
  default: return CUDA_ERROR_NOT_SUPPORTED;
  }
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuFuncSetAttribute(CUfunction f, CUfunction_attribute a, int v) {
  if (!f) return CUDA_ERROR_INVALID_VALUE;
  if (a != CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES) return CUDA_ERROR_NOT_SUPPORTED;
  if (v < 0 || v > 227 * 1024) return CUDA_ERROR_INVALID_VALUE;
  reinterpret_cast<EmuFunction *>(f)->maxDynamicShared = v;
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuOccupancyMaxActiveBlocksPerMultiprocessor(int *n, CUfunction f, int, size_t) {
  if (!n || !f) return CUDA_ERROR_INVALID_VALUE;
  auto *ef = reinterpret_cast<EmuFunction *>(f);
  const ptxemu::Function &fn = ef->module->module->functions[size_t(ef->index)];
  *n = fn.minCtasPerSm ? int(fn.minCtasPerSm) : 1;
  return CUDA_SUCCESS;
}

CUresult CUDAAPI cuMemAlloc(CUdeviceptr *p, size_t bytes) {
  if (!p) return CUDA_ERROR_INVALID_VALUE;
  std::lock_guard<std::mutex> lock(state().mutex);
  uint64_t a = state().memory.allocate(bytes);
  if (!a) return CUDA_ERROR_OUT_OF_MEMORY;
  *p = a;
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuMemFree(CUdeviceptr p) {
  std::lock_guard<std::mutex> lock(state().mutex);
  return state().memory.release(p) ? CUDA_SUCCESS : CUDA_ERROR_INVALID_VALUE;
}
CUresult CUDAAPI cuMemsetD8Async(CUdeviceptr p, unsigned char v, size_t n, CUstream) {
  if (CUresult r = checkRange(p, n)) return r;
  std::memset(reinterpret_cast<void *>(p), v, n);
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuMemsetD32Async(CUdeviceptr p, unsigned int v, size_t n, CUstream) {
  if (p % 4) return CUDA_ERROR_INVALID_VALUE;
  if (CUresult r = checkRange(p, 4 * n)) return r;
  auto *w = reinterpret_cast<uint32_t *>(p);
  for (size_t i = 0; i < n; ++i) w[i] = v;
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuMemcpyHtoDAsync(CUdeviceptr dst, const void *src, size_t n, CUstream) {
  if (CUresult r = checkRange(dst, n)) return r;
  if (n) std::memcpy(reinterpret_cast<void *>(dst), src, n);
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuMemcpyDtoHAsync(void *dst, CUdeviceptr src, size_t n, CUstream) {
  if (CUresult r = checkRange(src, n)) return r;
  if (n) std::memcpy(dst, reinterpret_cast<const void *>(src), n);
  return CUDA_SUCCESS;
}
CUresult CUDAAPI cuMemHostAlloc(void **p, size_t bytes, unsigned int) {
  if (!p) return CUDA_ERROR_INVALID_VALUE;
  *p = std::calloc(1, std::max<size_t>(bytes, 1));
  return *p ? CUDA_SUCCESS : CUDA_ERROR_OUT_OF_MEMORY;
}
CUresult CUDAAPI cuMemFreeHost(void *p) {
  std::free(p);
  return CUDA_SUCCESS;
}

CUresult CUDAAPI cuLaunchKernel(CUfunction f, unsigned gx, unsigned gy, unsigned gz, unsigned bx,
                                unsigned by, unsigned bz, unsigned sharedBytes, CUstream,
                                void **params, void **extra) {
  State &s = state();
  if (s.sticky != CUDA_SUCCESS) return s.sticky;
  if (!f || gy != 1 || gz != 1 || by != 1 || bz != 1 || extra || (!params && gx))
    return CUDA_ERROR_INVALID_VALUE; // the emulator runs 1-D grids with kernelParams
  auto *ef = reinterpret_cast<EmuFunction *>(f);
  const ptxemu::Module &m = *ef->module->module;
  const ptxemu::Function &fn = m.functions[size_t(ef->index)];
  if (bx == 0 || (fn.maxNtid && bx > fn.maxNtid) || bx > 1024)
    return CUDA_ERROR_INVALID_VALUE;
  if (int(sharedBytes) > ef->maxDynamicShared)
    return CUDA_ERROR_INVALID_VALUE;
  if (gx > unsigned(s.sms) * (fn.minCtasPerSm ? fn.minCtasPerSm : 1))
    std::fprintf(stderr, "ptx-emu: note: %u blocks exceed what %d SMs keep resident\n", gx, s.sms);
  ptxemu::LaunchConfig cfg;
  cfg.grid = gx;
  cfg.block = bx;
  cfg.dynamicShared = sharedBytes;
  cfg.numSms = unsigned(s.sms);
  cfg.racecheck = s.racecheck;
  ++s.launches;
  if (!s.profilePath.empty() && !fn.paramSlots.empty() && params && params[0])
    std::memcpy(&s.profile.launchArgument, params[0], sizeof s.profile.launchArgument);
  ptxemu::LaunchResult r = ptxemu::runGrid(m, fn, cfg, params, s.memory,
                                           s.profilePath.empty() ? nullptr : &s.profile);
  if (s.verbose)
    std::fprintf(stderr, "ptx-emu: %s: %u blocks x %u threads, %llu instructions\n",
                 fn.name.c_str(), gx, bx, (unsigned long long)r.instructions);
  using Code = ptxemu::LaunchResult::Code;
  switch (r.code) {
  case Code::Ok: return CUDA_SUCCESS;
  case Code::IllegalAddress: s.sticky = CUDA_ERROR_ILLEGAL_ADDRESS; break;
  case Code::Misaligned: s.sticky = CUDA_ERROR_MISALIGNED_ADDRESS; break;
  case Code::IllegalInstruction: s.sticky = CUDA_ERROR_ILLEGAL_INSTRUCTION; break;
  case Code::Deadlock: case Code::Race: s.sticky = CUDA_ERROR_LAUNCH_FAILED; break;
  }
  s.stickyText = r.message;
  std::fprintf(stderr, "ptx-emu: %s\n", r.message.c_str());
  return CUDA_SUCCESS; // like a real launch: the fault shows at the next synchronization
}

} // extern "C"
