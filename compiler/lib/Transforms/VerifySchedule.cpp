//===- VerifySchedule.cpp - prove a schedule deadlock-free -----------------===//
//
// Symbolic execution of one step: the schedule is static, so running every
// worker's sync sequence against event counters decides deadlock exactly
// (waits only block on counts, and counts only grow).
//
//===----------------------------------------------------------------------===//
#include "tilec/Transforms/Passes.h"

#include "tile/Dialect/Tile/TileOps.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::tile {
#define GEN_PASS_DEF_VERIFYSCHEDULEPASS
#include "tilec/Transforms/Passes.h.inc"
} // namespace mlir::tile

using namespace mlir;
using namespace mlir::tile;

namespace {
/// One synchronization step of a task, in execution order.
struct SyncStep {
  EventOp event;
  bool isWait;
};

struct Worker {
  SmallVector<TaskOp> tasks;                   // sorted by order
  SmallVector<SmallVector<SyncStep>> steps;    // per task
  size_t task = 0, step = 0;                   // progress
  bool done() const { return task == tasks.size(); }
};

std::string describe(TaskOp task) {
  return llvm::formatv("task @{0} (worker {1}, order {2})", task.getSymName(),
                       *task.getWorker(), *task.getOrder())
      .str();
}

class VerifySchedule
    : public mlir::tile::impl::VerifySchedulePassBase<VerifySchedule> {
public:
  void runOnOperation() override {
    if (failed(verify(getOperation())))
      signalPassFailure();
    markAllAnalysesPreserved();
  }

private:
  FailureOr<SmallVector<SyncStep>> syncSteps(TaskOp task,
                                             SymbolTableCollection &symbols);
  LogicalResult verify(ModuleOp module);
};

FailureOr<SmallVector<SyncStep>>
VerifySchedule::syncSteps(TaskOp task, SymbolTableCollection &symbols) {
  SmallVector<SyncStep> steps;
  for (Value event : task.getWaits())
    steps.push_back({event.getDefiningOp<EventOp>(), true});
  WalkResult result = task.getBody().walk([&](Operation *op) {
    // Counts are per op, so a sync op must run exactly once per task.
    if (isa<WaitOp, SignalOp, SendOp>(op) && op->getParentOp() != task) {
      op->emitOpError("inside nested control flow cannot be verified: the "
                      "schedule verifier needs every wait and signal directly "
                      "in the task body");
      return WalkResult::interrupt();
    }
    if (auto wait = dyn_cast<WaitOp>(op)) {
      steps.push_back({wait.getEvent().getDefiningOp<EventOp>(), true});
    } else if (auto signal = dyn_cast<SignalOp>(op)) {
      steps.push_back({signal.getEvent().getDefiningOp<EventOp>(), false});
    } else if (auto send = dyn_cast<SendOp>(op)) {
      auto module = task->getParentOfType<ModuleOp>();
      auto peer = symbols.lookupSymbolIn<ProgramOp>(
          module, send.getEvent().getRootReference());
      steps.push_back(
          {lookupNamed<EventOp>(peer, send.getEvent().getLeafReference()),
           false});
    }
    // Op verifiers guarantee every event resolves to a tile.event.
    assert(steps.empty() || steps.back().event);
    return WalkResult::advance();
  });
  if (result.wasInterrupted())
    return failure();
  for (Value event : task.getSignals())
    steps.push_back({event.getDefiningOp<EventOp>(), false});
  return steps;
}

LogicalResult VerifySchedule::verify(ModuleOp module) {
  SymbolTableCollection symbols;
  // Workers of all programs run together: sends signal peers' events.
  llvm::MapVector<std::pair<Operation *, int64_t>, Worker> workers;
  for (auto program : module.getOps<ProgramOp>()) {
    for (auto task : program.getOps<TaskOp>()) {
      if (!task.getWorker())
        return task.emitError()
               << "task @" << task.getSymName()
               << " is not scheduled (no worker and order): run "
                  "--tile-schedule first";
      workers[{program, *task.getWorker()}].tasks.push_back(task);
    }
  }
  for (auto &[key, worker] : workers) {
    llvm::sort(worker.tasks, [](TaskOp a, TaskOp b) {
      return *a.getOrder() < *b.getOrder();
    });
    for (TaskOp task : worker.tasks) {
      FailureOr<SmallVector<SyncStep>> steps = syncSteps(task, symbols);
      if (failed(steps))
        return failure();
      worker.steps.push_back(std::move(*steps));
    }
  }

  // Run every worker as far as it goes until nobody moves.
  llvm::DenseMap<Operation *, int64_t> counters;
  for (bool progress = true; progress;) {
    progress = false;
    for (auto &[key, worker] : workers) {
      while (!worker.done()) {
        auto &steps = worker.steps[worker.task];
        if (worker.step == steps.size()) {
          ++worker.task;
          worker.step = 0;
          progress = true;
          continue;
        }
        SyncStep step = steps[worker.step];
        if (step.isWait && counters[step.event] < step.event.getTarget())
          break;
        if (!step.isWait)
          ++counters[step.event];
        ++worker.step;
        progress = true;
      }
    }
  }

  // Report every stuck worker under one error.
  std::optional<InFlightDiagnostic> deadlock;
  for (auto &[key, worker] : workers) {
    if (worker.done())
      continue;
    TaskOp task = worker.tasks[worker.task];
    EventOp event = worker.steps[worker.task][worker.step].event;
    std::string what = llvm::formatv(
        "{0} waits forever on event @{1}: it gets {2} of its {3} signals",
        describe(task), event.getSymName(), counters[event],
        event.getTarget());
    if (!deadlock)
      deadlock.emplace(task.emitError() << "deadlock: " << what);
    else
      deadlock->attachNote(task.getLoc()) << "also stuck: " << what;
  }
  if (deadlock)
    return failure();

  // Every worker finished, so counters hold the signals of one whole step.
  bool ok = true;
  for (auto program : module.getOps<ProgramOp>())
    for (auto event : program.getOps<EventOp>())
      if (counters.lookup(event) != event.getTarget()) {
        event.emitError() << "event @" << event.getSymName() << " is signaled "
                          << counters.lookup(event)
                          << " times per step but its target is "
                          << event.getTarget();
        ok = false;
      }
  return success(ok);
}
} // namespace
