//===- Schedule.cpp - list scheduling of tasks onto workers ----------------===//
#include "tilec/Transforms/Passes.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/Analysis/Hazards.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringSet.h"

#include <map>
#include <queue>

namespace mlir::tile {
#define GEN_PASS_DEF_SCHEDULEPASS
#include "tilec/Transforms/Passes.h.inc"
} // namespace mlir::tile

using namespace mlir;
using namespace mlir::tile;

namespace {
class Schedule : public mlir::tile::impl::SchedulePassBase<Schedule> {
public:
  using SchedulePassBase::SchedulePassBase;
  void runOnOperation() override {
    for (auto program : getOperation().getOps<ProgramOp>())
      if (failed(schedule(program)))
        return signalPassFailure();
  }

private:
  LogicalResult schedule(ProgramOp program);
};

LogicalResult Schedule::schedule(ProgramOp program) {
  SmallVector<TaskOp> tasks = llvm::to_vector(program.getOps<TaskOp>());
  unsigned scheduled = llvm::count_if(
      tasks, [](TaskOp task) { return task.getWorker().has_value(); });
  if (scheduled == tasks.size())
    return success();
  if (scheduled != 0)
    return program.emitError()
           << "program @" << program.getSymName()
           << " is partially scheduled: tile-schedule places all tasks";
  for (TaskOp task : tasks)
    if (!task.getWaits().empty() || !task.getSignals().empty())
      return task.emitError() << "task @" << task.getSymName()
                              << " already has waits or signals: "
                                 "tile-schedule derives all of them";
  for (auto buffer : program.getOps<BufferOp>())
    if (!buffer.getOffset())
      return buffer.emitError() << "buffer @" << buffer.getSymName()
                                << " has no offset: run tile-plan-memory first";

  // Dependences and costs.
  ArenaLayout layout(program);
  SmallVector<SmallVector<ArenaAccess>> accesses;
  SmallVector<int64_t> cost;
  for (TaskOp task : tasks) {
    accesses.push_back(getArenaAccesses(task, layout));
    cost.push_back(std::max<int64_t>(1, getBytesMoved(accesses.back())));
  }
  unsigned n = tasks.size();
  SmallVector<SmallVector<unsigned>> preds(n), succs(n);
  for (const Hazard &h : findHazards(accesses)) {
    preds[h.later].push_back(h.earlier);
    succs[h.earlier].push_back(h.later);
  }

  // Upward rank: the longest cost path from a task to the end.
  SmallVector<int64_t> rank(n);
  for (unsigned i = n; i-- > 0;) {
    int64_t below = 0;
    for (unsigned s : succs[i])
      below = std::max(below, rank[s] + syncCost);
    rank[i] = cost[i] + below;
  }
  // Sends go first among the ready tasks: their consumers are on other
  // devices (no successor here gives them rank), and a peer's task that
  // waits for them may be what this device's next tasks wait for. A task
  // waiting on a send's arrival reads the same data the send does, so it
  // becomes ready with it and is listed after it on any one worker.
  int64_t top = n ? *llvm::max_element(rank) : 0;
  for (unsigned i = 0; i < n; ++i)
    if (!tasks[i].getBody().getOps<SendOp>().empty())
      rank[i] = top + 1;

  // List scheduling: highest rank first, onto the worker that starts it
  // first (ties: lowest task index, lowest worker).
  int64_t workers = program.getWorkers();
  SmallVector<int64_t> workerFree(workers, 0), finish(n, 0);
  SmallVector<int64_t> worker(n, -1);
  SmallVector<SmallVector<unsigned>> lists(workers);
  SmallVector<unsigned> missing(n);
  auto byRank = [&](unsigned a, unsigned b) {
    return rank[a] != rank[b] ? rank[a] < rank[b] : a > b;
  };
  std::priority_queue<unsigned, std::vector<unsigned>, decltype(byRank)> ready(
      byRank);
  for (unsigned i = 0; i < n; ++i)
    if ((missing[i] = preds[i].size()) == 0)
      ready.push(i);
  SmallVector<unsigned> scheduleOrder; // a topological order of the result
  llvm::DenseMap<int64_t, int64_t> onWorker; // worker -> latest pred finish
  while (!ready.empty()) {
    unsigned task = ready.top();
    ready.pop();
    // A producer costs syncCost unless it ran on the candidate worker:
    // start(w) = max(free[w], max over preds p of finish[p] + sync unless
    // worker[p] == w). O(preds + workers) per task.
    // The two latest per-worker finishes (on different workers) give, for
    // any w, the latest finish of the preds not on w.
    onWorker.clear();
    for (unsigned p : preds[task]) {
      int64_t &local = onWorker[worker[p]];
      local = std::max(local, finish[p]);
    }
    std::pair<int64_t, int64_t> first{-1, -1}, second{-1, -1}; // finish, worker
    for (auto [w, latest] : onWorker) {
      if (latest > first.first) {
        second = first;
        first = {latest, w};
      } else if (latest > second.first) {
        second = {latest, w};
      }
    }
    auto startOn = [&](int64_t w) {
      int64_t elsewhere = first.second != w ? first.first : second.first;
      int64_t start = workerFree[w];
      if (elsewhere >= 0)
        start = std::max(start, elsewhere + syncCost);
      if (auto it = onWorker.find(w); it != onWorker.end())
        start = std::max(start, it->second);
      return start;
    };
    int64_t bestWorker = 0, bestStart = INT64_MAX;
    for (int64_t w = 0; w < workers; ++w) {
      int64_t start = startOn(w);
      if (start < bestStart) {
        bestStart = start;
        bestWorker = w;
      }
    }
    worker[task] = bestWorker;
    finish[task] = bestStart + cost[task];
    workerFree[bestWorker] = finish[task];
    lists[bestWorker].push_back(task);
    scheduleOrder.push_back(task);
    for (unsigned s : succs[task])
      if (--missing[s] == 0)
        ready.push(s);
  }

  SmallVector<unsigned> position(n);
  for (int64_t w = 0; w < workers; ++w)
    for (auto [order, task] : llvm::enumerate(lists[w])) {
      tasks[task].setWorker(w);
      tasks[task].setOrder(order);
      position[task] = order;
    }

  // Events. Vector clocks (per worker: how many of its tasks surely
  // finished) drop every producer that another producer already implies: a
  // hazard with a task three hops back (typically a write after read from
  // arena reuse) is ordered through the chain in between. The producers
  // left, latest first, form the task's event. Producers on the task's own
  // worker stay in the set, though program order covers them, so that
  // tasks on different workers with the same producers share one event
  // (one signal per producer, not one per consuming worker); a task whose
  // producers all ran on its own worker needs no event at all.
  using Clock = SmallVector<uint32_t>;
  SmallVector<Clock> after(n); // clock once the task has finished
  SmallVector<SmallVector<unsigned>> needed(n);
  for (unsigned task : scheduleOrder) {
    int64_t w = worker[task];
    SmallVector<unsigned> producers(preds[task]);
    llvm::sort(producers, [&](unsigned a, unsigned b) {
      return finish[a] != finish[b] ? finish[a] > finish[b] : a > b;
    });
    Clock implied(workers, 0);
    for (unsigned p : producers) {
      if (implied[worker[p]] > position[p])
        continue; // ordered before p' already needed
      needed[task].push_back(p);
      for (auto [mine, theirs] : llvm::zip(implied, after[p]))
        mine = std::max(mine, theirs);
    }
    if (llvm::all_of(needed[task], [&](unsigned p) { return worker[p] == w; }))
      needed[task].clear(); // program order covers them
    Clock clock = std::move(implied);
    if (position[task] > 0)
      for (auto [mine, theirs] :
           llvm::zip(clock, after[lists[w][position[task] - 1]]))
        mine = std::max(mine, theirs);
    clock[w] = position[task] + 1;
    after[task] = std::move(clock);
  }
  llvm::StringSet<> names;
  for (Operation &op : program.getBody().front())
    if (auto name = op.getAttrOfType<StringAttr>(
            mlir::SymbolTable::getSymbolAttrName()))
      names.insert(name.getValue());
  OpBuilder eventBuilder(program.getContext());
  eventBuilder.setInsertionPoint(tasks.front());
  std::map<SmallVector<unsigned>, Value> events;
  llvm::DenseMap<unsigned, SmallVector<Value>> signals;
  for (unsigned i = 0; i < n; ++i) {
    if (needed[i].empty())
      continue;
    SmallVector<unsigned> producers(needed[i]);
    llvm::sort(producers);
    auto [it, fresh] = events.try_emplace(producers, Value());
    if (fresh) {
      std::string stem = ("ev." + tasks[i].getSymName()).str(), name = stem;
      for (unsigned k = 1; !names.insert(name).second; ++k)
        name = stem + "_" + std::to_string(k);
      it->second = EventOp::create(eventBuilder, tasks[i].getLoc(),
                                   EventType::get(program.getContext()), name,
                                   static_cast<int64_t>(producers.size()),
                                   MemoryScope::gpu);
      for (unsigned p : producers)
        signals[p].push_back(it->second);
    }
    tasks[i].getWaitsMutable().assign(it->second);
  }
  for (auto &[task, values] : signals)
    tasks[task].getSignalsMutable().assign(values);
  return success();
}
} // namespace
