//===- ScheduleStats.cpp - what a schedule costs, in tasks and edges ------===//
#include "tilec/Analysis/ScheduleStats.h"

#include "llvm/ADT/DenseMap.h"

#include <algorithm>
#include <deque>

using namespace mlir;
using namespace mlir::tile;

FailureOr<ScheduleStats> mlir::tile::getScheduleStats(ProgramOp program) {
  ScheduleStats stats;
  SmallVector<TaskOp> tasks(program.getOps<TaskOp>());
  stats.tasks = tasks.size();
  stats.events = llvm::range_size(program.getOps<EventOp>());

  // Each worker's tasks in its order, and who signals each event.
  llvm::DenseMap<int64_t, SmallVector<std::pair<int64_t, unsigned>>> lists;
  llvm::DenseMap<Value, SmallVector<unsigned>> signallers;
  for (auto [i, task] : llvm::enumerate(tasks)) {
    if (!task.getWorker() || !task.getOrder())
      return failure();
    lists[*task.getWorker()].push_back({*task.getOrder(), unsigned(i)});
    for (Value e : task.getSignals())
      signallers[e].push_back(i);
  }
  stats.workersUsed = lists.size();
  for (auto &[w, list] : lists)
    stats.mostTasksOnAWorker = std::max<int64_t>(stats.mostTasksOnAWorker, list.size());

  // Edges: a worker's next task, and event signaller -> waiter.
  unsigned n = tasks.size();
  SmallVector<SmallVector<unsigned>> succs(n);
  SmallVector<unsigned> preds(n, 0);
  auto edge = [&](unsigned from, unsigned to) {
    succs[from].push_back(to);
    ++preds[to];
  };
  for (auto &[w, list] : lists) {
    llvm::sort(list);
    for (size_t k = 1; k < list.size(); ++k)
      edge(list[k - 1].second, list[k].second);
  }
  for (auto [i, task] : llvm::enumerate(tasks))
    for (Value e : task.getWaits())
      for (unsigned s : signallers.lookup(e))
        edge(s, i);

  // Longest paths over a topological order, in tasks and in cross-worker
  // links (each the most over all chains); a verified schedule has no
  // cycle, an unverified one may: tasks on a cycle are left out.
  SmallVector<int64_t> length(n, 1), crossings(n, 0);
  std::deque<unsigned> ready;
  for (unsigned i = 0; i < n; ++i)
    if (preds[i] == 0)
      ready.push_back(i);
  while (!ready.empty()) {
    unsigned i = ready.front();
    ready.pop_front();
    stats.longestChain = std::max(stats.longestChain, length[i]);
    stats.deepestChain = std::max(stats.deepestChain, crossings[i]);
    for (unsigned s : succs[i]) {
      int64_t cross = *tasks[i].getWorker() != *tasks[s].getWorker();
      length[s] = std::max(length[s], length[i] + 1);
      crossings[s] = std::max(crossings[s], crossings[i] + cross);
      if (--preds[s] == 0)
        ready.push_back(s);
    }
  }
  return stats;
}
