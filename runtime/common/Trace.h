//===- Trace.h - Chrome/Perfetto trace of executed tasks --------------------===//
#ifndef TILEC_RUNTIME_COMMON_TRACE_H
#define TILEC_RUNTIME_COMMON_TRACE_H

#include "Model.h"

#include <string>

namespace tilec::rt {

/// Writes {"traceEvents": [...], "displayTimeUnit": "ns"}: an "M" event
/// naming every program (pid) and worker (tid), then one "X" event per task
/// executed since load, categorised by task kind.
void writeTrace(const tilec_model &model, const std::string &path);

} // namespace tilec::rt

#endif
