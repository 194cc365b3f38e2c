//===- ScheduleStats.h - what a schedule costs, in tasks and edges -*- C++ -*-===//
//
// A scheduled program's shape, for `tilec -v` and for comparing schedules:
// each task pays a fixed cost (its waits, prologue and signals) and each
// dependency between workers a signal's latency, so fewer tasks per worker
// and shorter chains of them are the compiler's levers on decode latency.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_ANALYSIS_SCHEDULESTATS_H
#define TILEC_ANALYSIS_SCHEDULESTATS_H

#include "tile/Dialect/Tile/TileOps.h"

namespace mlir::tile {

struct ScheduleStats {
  int64_t tasks = 0, events = 0;
  int64_t workersUsed = 0, mostTasksOnAWorker = 0;
  /// Chains of tasks where each runs after the previous one (the next task
  /// of its worker, or a task waiting on an event it signals): the longest
  /// in tasks, and the deepest in links that wait on another worker (each
  /// one a signal's latency on the way).
  int64_t longestChain = 0, deepestChain = 0;
};

/// The stats of a program whose tasks all have a worker and an order
/// (after tile-schedule); failure if one has not.
FailureOr<ScheduleStats> getScheduleStats(ProgramOp program);

} // namespace mlir::tile

#endif // TILEC_ANALYSIS_SCHEDULESTATS_H
