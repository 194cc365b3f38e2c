//===- Driver.h - the CUDA driver API, loaded at run time -------------------===//
//
// The runtime does not link libcuda: it opens libcuda.so.1 with dlopen the
// first time a model asks for the cuda backend. Every program that embeds the
// runtime (tile-run, the tests, a host application) therefore starts, and runs
// the host backend, on machines without the NVIDIA driver; there, asking for
// the cuda backend is one clear error instead of a loader failure at start-up.
// cuda.h gives the types and prototypes at build time; each entry point is
// looked up under the versioned name cuda.h maps it to (cuMemAlloc ->
// cuMemAlloc_v2), exactly the symbol a link against libcuda would bind.
//
// TILEC_CUDA_DRIVER names another driver library (a path) for tests and odd
// installations.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_CUDA_DRIVER_H
#define TILEC_RUNTIME_CUDA_DRIVER_H

#include "../common/Error.h"

#include <cuda.h>

#include <string>

namespace tilec::rt::cuda {

// Every driver function the backend calls. The names expand through cuda.h's
// macros, so a member `cuMemAlloc` is really `cuMemAlloc_v2`, typed as such.
#define TILEC_CUDA_DRIVER_FUNCTIONS(X)                                                           \
  X(cuInit)                                                                                      \
  X(cuDriverGetVersion)                                                                          \
  X(cuGetErrorName)                                                                              \
  X(cuGetErrorString)                                                                            \
  X(cuDeviceGetCount)                                                                            \
  X(cuDeviceGet)                                                                                 \
  X(cuDeviceGetName)                                                                             \
  X(cuDeviceGetAttribute)                                                                        \
  X(cuDevicePrimaryCtxRetain)                                                                    \
  X(cuDevicePrimaryCtxRelease)                                                                   \
  X(cuCtxPushCurrent)                                                                            \
  X(cuCtxPopCurrent)                                                                             \
  X(cuStreamCreate)                                                                              \
  X(cuStreamDestroy)                                                                             \
  X(cuStreamQuery)                                                                               \
  X(cuStreamSynchronize)                                                                         \
  X(cuModuleLoadDataEx)                                                                          \
  X(cuModuleUnload)                                                                              \
  X(cuModuleGetFunction)                                                                         \
  X(cuFuncGetAttribute)                                                                          \
  X(cuFuncSetAttribute)                                                                          \
  X(cuOccupancyMaxActiveBlocksPerMultiprocessor)                                                 \
  X(cuMemAlloc)                                                                                  \
  X(cuMemFree)                                                                                   \
  X(cuMemsetD8Async)                                                                             \
  X(cuMemsetD32Async)                                                                            \
  X(cuMemcpyHtoDAsync)                                                                           \
  X(cuMemcpyDtoHAsync)                                                                           \
  X(cuMemHostAlloc)                                                                              \
  X(cuMemFreeHost)                                                                               \
  X(cuLaunchKernel)

struct Driver {
#define TILEC_CUDA_DRIVER_MEMBER(name) decltype(&::name) name = nullptr;
  TILEC_CUDA_DRIVER_FUNCTIONS(TILEC_CUDA_DRIVER_MEMBER)
#undef TILEC_CUDA_DRIVER_MEMBER

  void *handle = nullptr;
  std::string library; // what was opened: "libcuda.so.1" or $TILEC_CUDA_DRIVER
  int version = 0;     // cuDriverGetVersion: 13000 for CUDA 13.0

  /// "CUDA_ERROR_OUT_OF_MEMORY: out of memory" (the code alone if the driver
  /// cannot name it).
  std::string describe(CUresult result) const;
  /// Throws Error(status, "cuda backend: CALL failed: NAME: TEXT[; context]")
  /// unless result is CUDA_SUCCESS.
  void check(CUresult result, const char *call, const std::string &context = "",
             tilec_status status = TILEC_ERROR_INTERNAL) const;
};

/// Opens the driver library and runs cuInit(0) on first use; later calls
/// return the same driver. A failure (no library, missing entry point,
/// cuInit error) is Error(TILEC_ERROR_UNSUPPORTED) and is retried on the next
/// call, so it is never cached.
const Driver &loadDriver();

} // namespace tilec::rt::cuda

#endif
