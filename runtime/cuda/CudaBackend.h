//===- CudaBackend.h - the persistent kernel on an NVIDIA GPU ---------------===//
//
// Runs an artifact's kernel.ptx through the CUDA driver API, following the
// launch contract of tilec/kernel_abi.h. Per loaded model:
//
//   - the device's primary context (shared with any CUDA runtime user in the
//     process), made current only for the duration of each call;
//   - one non-blocking stream: every copy, memset and launch is ordered on it;
//   - one device copy of the table; per program a zeroed arena and a zeroed
//     array of num_events + 1 counters (the last is the step counter of the
//     kernel's grid barrier); one block holding the control block (offset 0)
//     and the fault block (offset 64).
//
// tilec_run(first, steps) becomes ceil(steps / steps_per_launch) launches per
// program (one step per launch by default). Before each launch the host
// writes the control block {epoch, position} and a zeroed fault block in one
// copy, and sets the step counter to workers x (epoch - 1), so a kernel that
// stopped early or skips the barrier after its last step cannot skew the next
// launch. After it, the fault block is read back: a fault becomes the same
// one-line message as on the host backend, and the caller brings the event
// counters to the end of the faulting step (writeCounters).
//
// Every wait inside the kernel is bounded (the watchdog); the host also
// bounds the launch (twice the watchdog per step plus 30 s) and, past that,
// reports the kernel as hung instead of blocking forever.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_CUDA_CUDABACKEND_H
#define TILEC_RUNTIME_CUDA_CUDABACKEND_H

#include "../common/Artifact.h"
#include "../common/Backend.h"

#include "tilec/runtime.h"

#include <memory>

namespace tilec::rt::cuda {

/// Checks the artifact and options for the cuda backend (everything that
/// needs no GPU first: targets, kernel.ptx, kernel ABI, options), then
/// opens the driver and loads the kernel. Throws Error. The artifact must
/// outlive the backend.
std::unique_ptr<Backend> makeCudaBackend(const Artifact &artifact, const tilec_options &options);

} // namespace tilec::rt::cuda

#endif
