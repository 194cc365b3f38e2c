//===- HoistSync.cpp - body waits and signals into task headers ------------===//
#include "tilec/Transforms/Passes.h"

#include "tile/Dialect/Tile/TileOps.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/SetVector.h"

namespace mlir::tile {
#define GEN_PASS_DEF_HOISTSYNCPASS
#include "tilec/Transforms/Passes.h.inc"
} // namespace mlir::tile

using namespace mlir;
using namespace mlir::tile;

namespace {
StringRef eventName(Value event) {
  return event.getDefiningOp<EventOp>().getSymName();
}

/// Moves `task`'s body waits and signals into its header, or reports on
/// the op why that would change what the task means.
LogicalResult hoist(TaskOp task) {
  SmallVector<WaitOp> waits;
  SmallVector<SignalOp> signals;
  for (Operation &op : task.getBody().front()) {
    if (auto wait = dyn_cast<WaitOp>(op)) {
      if (!signals.empty())
        return wait.emitOpError()
               << "waits on @" << eventName(wait.getEvent())
               << " after a signal of the same task: moving the wait into "
                  "the header could deadlock; split the task";
      waits.push_back(wait);
    } else if (auto signal = dyn_cast<SignalOp>(op)) {
      if (signal.getOrdering() == MemoryOrdering::acq_rel)
        return signal.emitOpError()
               << "acq_rel has no header equivalent (a header signal is a "
                  "release); use release";
      signals.push_back(signal);
    }
  }
  if (waits.empty() && signals.empty())
    return success();
  llvm::SetVector<Value> headerWaits(task.getWaits().begin(),
                                     task.getWaits().end());
  llvm::SetVector<Value> headerSignals(task.getSignals().begin(),
                                       task.getSignals().end());
  for (WaitOp wait : waits)
    headerWaits.insert(wait.getEvent()); // waiting twice is waiting once
  for (SignalOp signal : signals)
    if (!headerSignals.insert(signal.getEvent()))
      return signal.emitOpError()
             << "signals @" << eventName(signal.getEvent())
             << " a second time in one task: a header signals an event once";
  for (Value event : headerSignals)
    if (headerWaits.contains(event))
      return task.emitOpError()
             << "would wait on @" << eventName(event)
             << " that it signals itself";
  task.getWaitsMutable().assign(headerWaits.getArrayRef());
  task.getSignalsMutable().assign(headerSignals.getArrayRef());
  for (WaitOp wait : waits)
    wait.erase();
  for (SignalOp signal : signals)
    signal.erase();
  return success();
}

class HoistSync : public mlir::tile::impl::HoistSyncPassBase<HoistSync> {
  void runOnOperation() override {
    WalkResult result = getOperation().walk([](TaskOp task) {
      return failed(hoist(task)) ? WalkResult::interrupt()
                                 : WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};
} // namespace
