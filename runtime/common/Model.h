//===- Model.h - the object behind the C ABI's tilec_model handle -----------===//
#ifndef TILEC_RUNTIME_COMMON_MODEL_H
#define TILEC_RUNTIME_COMMON_MODEL_H

#include "Artifact.h"
#include "Backend.h"

#include "tilec/runtime.h"

#include <chrono>
#include <memory>
#include <vector>

struct tilec_model {
  tilec::rt::Artifact artifact;
  tilec_options options{};
  std::unique_ptr<tilec::rt::Backend> backend;
  std::vector<bool> isSet; // per buffer in artifact.buffers
  uint64_t stepsRun = 0;
  tilec_fault lastFault{};
  std::vector<tilec::rt::TraceEvent> trace;
  std::chrono::steady_clock::time_point origin; // time zero of the trace
};

#endif
