//===- HostRun.h - one tilec_run on CPU threads -----------------------------===//
//
// The workers of every program run on min(workers, cores) threads created
// for the call, worker i on thread i % threads. A thread takes turns among
// its workers, each walking its task list once per step: chaos delay, waits
// (acquire loads, never blocking: a worker whose wait is unmet yields its
// turn; the watchdog bounds each wait), the reference kernel, signals
// (release). A thread backs off only when none of its workers can move, so a
// schedule that is deadlock-free stays so however workers share threads.
// Then all threads meet at the step barrier, whose last arrival advances the
// control block. Under chaos the default is one thread per worker (true
// concurrency, delays that do not add up); with fewer threads, chaos also
// starts each round of turns at a random worker and runs one task per turn.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_HOST_HOSTRUN_H
#define TILEC_RUNTIME_HOST_HOSTRUN_H

#include "../common/Backend.h"
#include "../common/ScheduleTable.h"

#include "tilec/runtime.h"

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

namespace tilec::rt::host {

/// What a run reads from the backend that owns the memory.
struct HostRunContext {
  const ScheduleTable &table;
  const std::vector<std::string> &programNames;
  const std::vector<unsigned char *> &arenas; // per program
  std::atomic<uint32_t> *counters;            // per event
  const tilec_options &options;
  std::chrono::steady_clock::time_point origin; // trace time zero
};

/// Runs the request; faults come back in the result, not as exceptions.
/// Throws Error(INTERNAL) only when threads cannot be started or a worker
/// hit an internal failure (out of memory).
RunResult runOnHost(const HostRunContext &context, const RunRequest &request,
                    std::vector<TraceEvent> *trace);

} // namespace tilec::rt::host

#endif
