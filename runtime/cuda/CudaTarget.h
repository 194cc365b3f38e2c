//===- CudaTarget.h - which devices a program's target runs on --------------===//
//
// A program's target is a CUDA architecture: "sm_90" (PTX JIT-compiles for
// that compute capability or any newer one), "sm_90a" (architecture-specific
// features such as wgmma and setmaxnreg: exactly compute capability 9.0) or
// "sm_100f" (family-specific: compute capability 10.x from 10.0 up). Kept
// free of the driver so the rules are unit-tested on machines with no GPU.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_CUDA_CUDATARGET_H
#define TILEC_RUNTIME_CUDA_CUDATARGET_H

#include <optional>
#include <string>

namespace tilec::rt::cuda {

struct CudaTarget {
  enum class Kind { Portable, ArchSpecific, FamilySpecific };
  int major = 0, minor = 0;
  Kind kind = Kind::Portable;
};

/// "sm_90a" -> {9, 0, ArchSpecific}; "sm_120" -> {12, 0, Portable}; nullopt
/// for anything else ("host", "sm_9", "compute_90").
std::optional<CudaTarget> parseCudaTarget(const std::string &target);

/// Whether code for `target` runs on a device of compute capability
/// major.minor.
bool runsOn(const CudaTarget &target, int major, int minor);

/// What the target needs, for messages: "compute capability 9.0 exactly",
/// "compute capability 8.0 or newer", "compute capability 10.x, 10.0 or newer".
std::string requirement(const CudaTarget &target);

} // namespace tilec::rt::cuda

#endif
