//===- VerifySchedule.cpp - prove a schedule free of deadlocks and races ---===//
//
// The schedule is static, so symbolic execution of one step decides deadlock
// exactly: waits only block on counts, and counts only grow. The same run
// computes vector clocks (per worker: how many of its tasks are known to have
// finished), which decide whether each hazard between two tasks is ordered.
//
//===----------------------------------------------------------------------===//
#include "tilec/Transforms/Passes.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/Analysis/Hazards.h"

#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/Support/FormatVariadic.h"

namespace mlir::tile {
#define GEN_PASS_DEF_VERIFYSCHEDULEPASS
#include "tilec/Transforms/Passes.h.inc"
} // namespace mlir::tile

using namespace mlir;
using namespace mlir::tile;

namespace {
/// One step of a task, in execution order.
struct Step {
  enum Kind { Wait, Signal, Compute } kind;
  EventOp event; // for Wait and Signal
  /// Acquire (waits) or release (signals): a relaxed one counts towards
  /// the event's target but orders nothing.
  bool orders = true;
  /// The tile.send whose peer signal this is, if any.
  SendOp send = nullptr;
};

/// Per worker: how many of its tasks happen before a point (vector clock).
using Clock = SmallVector<uint32_t>;

void join(Clock &into, const Clock &other) {
  for (auto [a, b] : llvm::zip(into, other))
    a = std::max(a, b);
}

struct Worker {
  SmallVector<TaskOp> tasks;                // sorted by order
  SmallVector<SmallVector<Step>> steps;     // per task
  size_t task = 0, step = 0;                // progress
  Clock clock;                              // what happens before `step`
  bool done() const { return task == tasks.size(); }
};

/// " of @gpu1 (device 1)" for an op of a module with several programs
/// (devices), else "".
std::string deviceOf(Operation *op) {
  auto program = op->getParentOfType<ProgramOp>();
  if (llvm::range_size(
          program->getParentOfType<ModuleOp>().getOps<ProgramOp>()) < 2)
    return "";
  return llvm::formatv(" of @{0} (device {1})", program.getSymName(),
                       program.getDevice());
}

/// "task @t (worker 1, order 0)", with its program and device when there
/// are several.
std::string describe(TaskOp task) {
  return llvm::formatv("task @{0} (worker {1}, order {2}){3}",
                       task.getSymName(), *task.getWorker(), *task.getOrder(),
                       deviceOf(task));
}

/// "event @e", with its program and device when there are several.
std::string describe(EventOp event) {
  return ("event @" + event.getSymName() + deviceOf(event)).str();
}

/// The state of one verification run.
class ScheduleVerifier {
public:
  LogicalResult verify(ModuleOp module);

private:
  FailureOr<SmallVector<Step>> stepsOf(TaskOp task);
  LogicalResult checkRaces(ProgramOp program);

  SymbolTableCollection symbols;
  /// Worker index and position of every task, and the clock of its first
  /// compute op (what surely happened before it touches memory).
  llvm::DenseMap<Operation *, std::pair<unsigned, unsigned>> placement;
  llvm::DenseMap<Operation *, Clock> accessClock;
  /// What surely happened before each tile.send wrote its peer's buffer.
  llvm::DenseMap<Operation *, Clock> sendClocks;
  LogicalResult checkSends(ModuleOp module);
};

FailureOr<SmallVector<Step>> ScheduleVerifier::stepsOf(TaskOp task) {
  SmallVector<Step> steps;
  for (Value event : task.getWaits())
    steps.push_back({Step::Wait, event.getDefiningOp<EventOp>()});
  WalkResult result = task.getBody().walk([&](Operation *op) {
    // Counts are per op, so a sync op must run exactly once per task.
    if (isa<WaitOp, SignalOp, SendOp>(op) && op->getParentOp() != task) {
      op->emitOpError("inside nested control flow cannot be verified: the "
                      "schedule verifier needs every wait and signal directly "
                      "in the task body");
      return WalkResult::interrupt();
    }
    if (auto wait = dyn_cast<WaitOp>(op)) {
      steps.push_back({Step::Wait, wait.getEvent().getDefiningOp<EventOp>(),
                       wait.getOrdering() != MemoryOrdering::relaxed});
    } else if (auto signal = dyn_cast<SignalOp>(op)) {
      steps.push_back({Step::Signal,
                       signal.getEvent().getDefiningOp<EventOp>(),
                       signal.getOrdering() != MemoryOrdering::relaxed});
    } else if (auto send = dyn_cast<SendOp>(op)) {
      // Op verifiers guarantee the peer program and its event exist. The
      // send reads its source and writes the peer's buffer here.
      steps.push_back({Step::Compute, EventOp()});
      steps.push_back({Step::Signal, send.getPeerEvent(), true, send});
    } else if (isa<TaskComputeOpInterface>(op)) {
      steps.push_back({Step::Compute, EventOp()});
    }
    return WalkResult::advance();
  });
  if (result.wasInterrupted())
    return failure();
  for (Value event : task.getSignals())
    steps.push_back({Step::Signal, event.getDefiningOp<EventOp>()});
  return steps;
}

LogicalResult ScheduleVerifier::verify(ModuleOp module) {
  // Workers of all programs run together: sends signal peers' events.
  llvm::MapVector<std::pair<Operation *, int64_t>, Worker> workers;
  for (auto program : module.getOps<ProgramOp>()) {
    for (auto task : program.getOps<TaskOp>()) {
      if (!task.getWorker())
        return task.emitError()
               << "task @" << task.getSymName()
               << " is not scheduled (no worker and order): run "
                  "tile-schedule first";
      workers[{program, *task.getWorker()}].tasks.push_back(task);
    }
  }
  unsigned numWorkers = workers.size();
  for (auto [index, entry] : llvm::enumerate(workers)) {
    Worker &worker = entry.second;
    worker.clock.assign(numWorkers, 0);
    llvm::sort(worker.tasks, [](TaskOp a, TaskOp b) {
      return *a.getOrder() < *b.getOrder();
    });
    for (auto [position, task] : llvm::enumerate(worker.tasks)) {
      placement[task] = {static_cast<unsigned>(index),
                         static_cast<unsigned>(position)};
      FailureOr<SmallVector<Step>> steps = stepsOf(task);
      if (failed(steps))
        return failure();
      worker.steps.push_back(std::move(*steps));
    }
  }

  // Run every worker as far as it goes until nobody moves.
  llvm::DenseMap<Operation *, int64_t> counters;
  llvm::DenseMap<Operation *, Clock> eventClocks;
  for (bool progress = true; progress;) {
    progress = false;
    for (auto [index, entry] : llvm::enumerate(workers)) {
      Worker &worker = entry.second;
      while (!worker.done()) {
        auto &steps = worker.steps[worker.task];
        if (worker.step == steps.size()) {
          worker.clock[index] = ++worker.task; // the task is complete
          worker.step = 0;
          progress = true;
          continue;
        }
        Step step = steps[worker.step];
        if (step.kind == Step::Wait) {
          if (counters[step.event] < step.event.getTarget())
            break;
          auto it = eventClocks.find(step.event);
          if (step.orders && it != eventClocks.end())
            join(worker.clock, it->second);
        } else if (step.kind == Step::Signal) {
          ++counters[step.event];
          if (!step.orders) {
            ++worker.step;
            progress = true;
            continue;
          }
          if (step.send)
            sendClocks.try_emplace(step.send, worker.clock);
          // A signal releases its own task only if no compute op follows it.
          Clock released = worker.clock;
          if (llvm::none_of(ArrayRef(steps).drop_front(worker.step + 1),
                            [](Step s) { return s.kind == Step::Compute; }))
            released[index] = worker.task + 1;
          auto [it, fresh] = eventClocks.try_emplace(step.event, released);
          if (!fresh)
            join(it->second, released);
        } else {
          accessClock.try_emplace(worker.tasks[worker.task], worker.clock);
        }
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
        "{0} waits forever on {1}: it gets {2} of its {3} signals",
        describe(task), describe(event), counters[event], event.getTarget());
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
        event.emitError() << describe(event) << " is signaled "
                          << counters.lookup(event)
                          << " times per step but its target is "
                          << event.getTarget();
        ok = false;
      }
  if (!ok)
    return failure();
  for (auto program : module.getOps<ProgramOp>())
    if (failed(checkRaces(program)))
      ok = false;
  if (failed(checkSends(module)))
    ok = false;
  return success(ok);
}

/// A send writes a buffer of another program: every task of that program
/// touching the buffer must be ordered with the send, one way or the other
/// (the peer reads after waiting on the send's event, or finishes reading
/// before the sender sends).
LogicalResult ScheduleVerifier::checkSends(ModuleOp module) {
  bool ok = true;
  // The sends into each peer buffer, and the tasks touching it, found in one
  // pass per program (a tensor-parallel model has thousands of sends).
  llvm::MapVector<Value, SmallVector<SendOp>> sendsInto;
  module.walk([&](SendOp send) {
    sendsInto[send.getDestinationBuffer().getResult()].push_back(send);
  });
  llvm::DenseMap<Value, SmallVector<TaskOp>> touching;
  for (auto program : module.getOps<ProgramOp>())
    for (auto task : program.getOps<TaskOp>())
      forEachAccess(task, [&](const BufferAccess &a) {
        if (sendsInto.count(a.buffer)) {
          SmallVector<TaskOp> &tasks = touching[a.buffer];
          if (tasks.empty() || tasks.back() != task)
            tasks.push_back(task);
        }
      });
  for (auto &[buffer, sends] : sendsInto)
    for (SendOp send : sends) {
      auto sender = send->getParentOfType<TaskOp>();
      auto [senderWorker, senderPosition] = placement.lookup(sender);
      const Clock &atSend = sendClocks[send];
      for (TaskOp task : touching.lookup(buffer)) {
        auto [worker, position] = placement.lookup(task);
        bool sendFirst =
            accessClock.lookup(task)[senderWorker] > senderPosition;
        bool peerFirst = atSend[worker] > position;
        if (sendFirst || peerFirst)
          continue;
        send.emitError() << "send race on buffer " << send.getBuffer() << ": "
                         << describe(task)
                         << " touches it, but neither it nor the send of "
                         << describe(sender)
                         << " is ordered before the other (the peer must wait "
                            "on "
                         << send.getEvent() << " before reading)";
        ok = false;
      }
    }
  // Two sends writing the same bytes of a buffer (from one device or two)
  // must be ordered with each other, or what the peer reads depends on
  // which lands last.
  auto range = [](SendOp send) -> std::pair<int64_t, int64_t> {
    int64_t n = send.getSource().getType().getNumElements();
    if (std::optional<int64_t> at = send.getFlatDestinationOffset())
      return {*at, *at + n};
    return {0, INT64_MAX}; // not flat: may touch any of it
  };
  auto before = [&](SendOp a, SendOp b) {
    auto [worker, position] = placement.lookup(a->getParentOfType<TaskOp>());
    return accessClock.lookup(b->getParentOfType<TaskOp>())[worker] > position;
  };
  for (auto &[buffer, sends] : sendsInto)
    for (size_t i = 0; i < sends.size(); ++i)
      for (size_t j = i + 1; j < sends.size(); ++j) {
        auto [a0, a1] = range(sends[i]);
        auto [b0, b1] = range(sends[j]);
        if (a1 <= b0 || b1 <= a0 || before(sends[i], sends[j]) ||
            before(sends[j], sends[i]))
          continue;
        sends[j].emitError()
            << "send-send race on buffer " << sends[j].getBuffer() << ": "
            << describe(sends[j]->getParentOfType<TaskOp>()) << " and "
            << describe(sends[i]->getParentOfType<TaskOp>())
            << " both write elements [" << std::max(a0, b0) << ", "
            << std::min(a1, b1)
            << ") of it, and neither is ordered before the other";
        ok = false;
      }
  return success(ok);
}

LogicalResult ScheduleVerifier::checkRaces(ProgramOp program) {
  SmallVector<TaskOp> tasks = llvm::to_vector(program.getOps<TaskOp>());
  ArenaLayout layout(program);
  SmallVector<SmallVector<ArenaAccess>> accesses;
  for (TaskOp task : tasks)
    accesses.push_back(getArenaAccesses(task, layout));
  // One report per racing task, at most kMaxReports in all.
  constexpr unsigned kMaxReports = 16;
  unsigned races = 0;
  llvm::DenseSet<unsigned> reported;
  for (Hazard h : findHazards(accesses)) {
    TaskOp earlier = tasks[h.earlier], later = tasks[h.later];
    auto [worker, position] = placement.lookup(earlier);
    if (accessClock.lookup(later)[worker] > position)
      continue; // earlier has finished before later touches memory
    if (!reported.insert(h.later).second || ++races > kMaxReports)
      continue;
    std::string buffers =
        h.earlierBuffer == h.laterBuffer
            ? ("buffer @" + h.laterBuffer.getSymName()).str()
            : ("buffers @" + h.earlierBuffer.getSymName() + " and @" +
               h.laterBuffer.getSymName() + " (which share arena bytes)")
                  .str();
    auto diag = later.emitError();
    switch (h.kind) {
    case HazardKind::ReadAfterWrite:
      diag << "read-before-write race on " << buffers << ": "
           << describe(later) << " reads what " << describe(earlier)
           << " writes before it in program order";
      break;
    case HazardKind::WriteAfterRead:
      diag << "overwrite-before-read race on " << buffers << ": "
           << describe(later) << " overwrites what " << describe(earlier)
           << " reads before it in program order";
      break;
    case HazardKind::WriteAfterWrite:
      diag << "write-write race on " << buffers << ": " << describe(later)
           << " and " << describe(earlier)
           << " both write it, in this program order";
      break;
    }
    diag << ", but no event or worker order makes @" << earlier.getSymName()
         << " finish first";
    diag.attachNote(earlier.getLoc()) << "the earlier task";
  }
  if (races > kMaxReports)
    program.emitError() << races - kMaxReports
                        << " more racing tasks in program @"
                        << program.getSymName() << " not shown";
  return success(races == 0);
}

class VerifySchedule
    : public mlir::tile::impl::VerifySchedulePassBase<VerifySchedule> {
  void runOnOperation() override {
    if (failed(ScheduleVerifier().verify(getOperation())))
      signalPassFailure();
    markAllAnalysesPreserved();
  }
};
} // namespace
