//===- Driver.cpp - the CUDA driver API, loaded at run time -----------------===//
#include "Driver.h"

#include <dlfcn.h>

#include <cstdlib>
#include <memory>
#include <mutex>

namespace tilec::rt::cuda {
namespace {

#define TILEC_CUDA_STRINGIFY2(x) #x
#define TILEC_CUDA_STRINGIFY(x) TILEC_CUDA_STRINGIFY2(x)

/// Names of the codes a driver that cannot describe itself (a stub, a
/// driver that failed to initialize) is likely to return.
const char *knownName(CUresult r) {
  switch (r) {
  case CUDA_ERROR_NOT_INITIALIZED:
    return "CUDA_ERROR_NOT_INITIALIZED: the driver is not initialized";
  case CUDA_ERROR_STUB_LIBRARY:
    return "CUDA_ERROR_STUB_LIBRARY: the loaded libcuda is the toolkit's stub, not a driver";
  case CUDA_ERROR_NO_DEVICE:
    return "CUDA_ERROR_NO_DEVICE: no CUDA-capable device is detected";
  case CUDA_ERROR_SYSTEM_DRIVER_MISMATCH:
    return "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH: the driver library and kernel module differ";
  default:
    return nullptr;
  }
}

void closeLibrary(void *handle) {
  if (handle)
    dlclose(handle);
}

} // namespace

std::string Driver::describe(CUresult result) const {
  const char *name = nullptr, *text = nullptr;
  if (cuGetErrorName && cuGetErrorName(result, &name) != CUDA_SUCCESS)
    name = nullptr;
  if (cuGetErrorString && cuGetErrorString(result, &text) != CUDA_SUCCESS)
    text = nullptr;
  if (name && text)
    return cat(name, ": ", text);
  if (const char *known = knownName(result))
    return known;
  return cat("CUresult ", static_cast<int>(result));
}

void Driver::check(CUresult result, const char *call, const std::string &context,
                   tilec_status status) const {
  if (result == CUDA_SUCCESS)
    return;
  fail(status, "cuda backend: ", call, " failed: ", describe(result),
       context.empty() ? "" : "; ", context);
}

const Driver &loadDriver() {
  static std::mutex mutex;
  static const Driver *loaded = nullptr; // kept for the life of the process
  std::lock_guard<std::mutex> lock(mutex);
  if (loaded)
    return *loaded;

  auto d = std::make_unique<Driver>();
  const char *env = std::getenv("TILEC_CUDA_DRIVER");
  d->library = env && *env ? env : "libcuda.so.1";
  dlerror();
  std::unique_ptr<void, void (*)(void *)> handle(dlopen(d->library.c_str(), RTLD_NOW | RTLD_LOCAL),
                                                  &closeLibrary);
  if (!handle) {
    const char *why = dlerror();
    fail(TILEC_ERROR_UNSUPPORTED, "cuda backend: cannot load the CUDA driver library ", d->library,
         " (", why ? why : "unknown reason",
         "): this machine has no NVIDIA driver; use the host backend, or set TILEC_CUDA_DRIVER "
         "to the driver library's path");
  }
#define TILEC_CUDA_RESOLVE(name)                                                                 \
  d->name = reinterpret_cast<decltype(d->name)>(dlsym(handle.get(), TILEC_CUDA_STRINGIFY(name)));  \
  if (!d->name)                                                                                  \
    fail(TILEC_ERROR_UNSUPPORTED, "cuda backend: the CUDA driver library ", d->library,          \
         " has no entry point ", TILEC_CUDA_STRINGIFY(name), " (", #name,                         \
         "): the driver is older than this runtime needs (CUDA ", CUDA_VERSION / 1000, ".",       \
         CUDA_VERSION % 1000 / 10, ")");
  TILEC_CUDA_DRIVER_FUNCTIONS(TILEC_CUDA_RESOLVE)
#undef TILEC_CUDA_RESOLVE

  d->check(d->cuInit(0), "cuInit", "no usable GPU or driver on this machine; use the host backend",
           TILEC_ERROR_UNSUPPORTED);
  d->check(d->cuDriverGetVersion(&d->version), "cuDriverGetVersion", "",
           TILEC_ERROR_UNSUPPORTED);
  d->handle = handle.release();
  loaded = d.release();
  return *loaded;
}

} // namespace tilec::rt::cuda
