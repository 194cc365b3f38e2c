//===- HostBackend.h - arenas and counters in process memory ----------------===//
#ifndef TILEC_RUNTIME_HOST_HOSTBACKEND_H
#define TILEC_RUNTIME_HOST_HOSTBACKEND_H

#include "../common/Artifact.h"
#include "../common/Backend.h"

#include "tilec/runtime.h"

#include <chrono>
#include <memory>

namespace tilec::rt::host {

/// One zeroed, 64-byte aligned arena per program and one counter per event.
/// The artifact must outlive the backend.
std::unique_ptr<Backend> makeHostBackend(const Artifact &artifact, const tilec_options &options,
                                         std::chrono::steady_clock::time_point origin);

} // namespace tilec::rt::host

#endif
