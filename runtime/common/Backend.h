//===- Backend.h - what the C ABI needs from an execution backend -----------===//
//
// A backend owns the arenas and event counters of a loaded artifact and runs
// steps. The host backend keeps them in process memory; the CUDA backend
// keeps them on the device, which is why buffers are only reached through
// write/read and never through a pointer.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_COMMON_BACKEND_H
#define TILEC_RUNTIME_COMMON_BACKEND_H

#include "tilec/schedule_table.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tilec::rt {

/// One executed task, for the Chrome trace.
struct TraceEvent {
  uint32_t program, worker, task, epoch;
  double startUs, durationUs; // since the model was loaded (cuda: since the first traced task)
  double waitUs = -1;         // cuda: of durationUs, the time its waits took; -1: not known
};

struct RunRequest {
  int32_t firstPosition;
  uint32_t steps;
  uint64_t epochBase; // epoch of the first step is epochBase + 1
};

struct RunResult {
  uint32_t stepsCompleted = 0; // steps that ran to their end without a fault
  tilec_fault fault{};         // code TILEC_FAULT_NONE when all steps ran
  std::string message;         // one line describing the fault
};

class Backend {
public:
  virtual ~Backend() = default;
  virtual void write(uint32_t program, uint64_t offset, const void *data, size_t bytes) = 0;
  virtual void read(uint32_t program, uint64_t offset, void *data, size_t bytes) const = 0;
  /// Runs steps; appends executed tasks to trace if it is not null.
  virtual RunResult run(const RunRequest &request, std::vector<TraceEvent> *trace) = 0;
  virtual void readCounters(uint32_t *out) const = 0;
  virtual void writeCounters(const uint32_t *in) = 0;
};

} // namespace tilec::rt

#endif
