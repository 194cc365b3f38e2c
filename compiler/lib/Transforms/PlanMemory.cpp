//===- PlanMemory.cpp - arena offsets from buffer lifetimes ----------------===//
#include "tilec/Transforms/Passes.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/Analysis/Hazards.h"

#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::tile {
#define GEN_PASS_DEF_PLANMEMORYPASS
#include "tilec/Transforms/Passes.h.inc"
} // namespace mlir::tile

using namespace mlir;
using namespace mlir::tile;

namespace {
bool isPersistent(BufferKind kind) {
  return kind != BufferKind::activation && kind != BufferKind::scratch;
}

/// A transient buffer to place: live over tasks [first, last].
struct Interval {
  BufferOp buffer;
  int64_t size, first, last, offset = -1;
};

class PlanMemory : public mlir::tile::impl::PlanMemoryPassBase<PlanMemory> {
public:
  using PlanMemoryPassBase::PlanMemoryPassBase;
  void runOnOperation() override {
    if (alignment < 16 || (alignment & (alignment - 1))) {
      mlir::emitError(getOperation().getLoc(),
                      "tile-plan-memory: alignment must be a power of two "
                      "of at least 16");
      return signalPassFailure();
    }
    for (auto program : getOperation().getOps<ProgramOp>())
      plan(program);
  }

private:
  int64_t align(int64_t x) const { return llvm::alignTo(x, alignment); }
  void plan(ProgramOp program);
};

void PlanMemory::plan(ProgramOp program) {
  Builder builder(program.getContext());
  // Space already taken by planned buffers stays as it is.
  int64_t end = align(program.getPlannedArenaEnd());

  // Lifetimes of transient buffers, in task program order.
  llvm::DenseMap<Operation *, std::pair<int64_t, int64_t>> live;
  int64_t index = 0;
  // A view's accesses keep its parent alive: they are the parent's bytes.
  auto root = [&](BufferOp buffer) -> Operation * {
    if (std::optional<StringRef> parent = buffer.getParent())
      return lookupNamed<BufferOp>(program, *parent);
    return buffer;
  };
  for (auto task : program.getOps<TaskOp>()) {
    forEachAccess(task, [&](const BufferAccess &a) {
      auto [it, fresh] = live.try_emplace(
          root(a.buffer.getDefiningOp<BufferOp>()), index, index);
      it->second.second = index;
    });
    ++index;
  }

  // A buffer a peer sends into is written by tasks this program does not
  // list: it cannot share space on the strength of its own tasks' lifetimes.
  llvm::DenseSet<Operation *> sentInto;
  auto module = program->getParentOfType<ModuleOp>();
  module.walk([&](SendOp send) {
    if (send.getBuffer().getRootReference() == program.getSymNameAttr())
      if (BufferOp dest = send.getDestinationBuffer())
        sentInto.insert(dest);
  });

  SmallVector<Interval> transient;
  for (auto buffer : program.getOps<BufferOp>()) {
    if (buffer.getOffset() || buffer.getParent())
      continue; // views follow their parents, below
    if (isPersistent(buffer.getKind()) || sentInto.contains(buffer)) {
      buffer.setOffset(end);
      end = align(end + buffer.getSizeInBytes());
      continue;
    }
    // A buffer no task touches is kept alive throughout: it costs space but
    // can never be clobbered.
    auto range = live.lookup(buffer);
    if (!live.count(buffer))
      range = {0, std::max<int64_t>(index - 1, 0)};
    transient.push_back(
        {buffer, align(buffer.getSizeInBytes()), range.first, range.second});
  }

  // First fit, largest first: the lowest offset overlapping no placed buffer
  // that is alive at the same time.
  SmallVector<Interval *> order;
  for (Interval &interval : transient)
    order.push_back(&interval);
  llvm::stable_sort(order, [](Interval *a, Interval *b) {
    return a->size > b->size;
  });
  SmallVector<Interval *> placed;
  for (Interval *current : order) {
    SmallVector<std::pair<int64_t, int64_t>> busy;
    for (Interval *other : placed)
      if (other->first <= current->last && current->first <= other->last)
        busy.push_back({other->offset, other->offset + other->size});
    llvm::sort(busy);
    int64_t offset = end;
    for (auto [b, e] : busy) {
      if (offset + current->size <= b)
        break;
      offset = std::max(offset, e);
    }
    current->offset = offset;
    placed.push_back(current);
  }
  for (Interval &interval : transient)
    interval.buffer.setOffset(interval.offset);
  for (auto buffer : program.getOps<BufferOp>())
    if (std::optional<StringRef> parent = buffer.getParent();
        parent && !buffer.getOffset())
      buffer.setOffset(*lookupNamed<BufferOp>(program, *parent).getOffset() +
                       *buffer.getParentOffset());
}
} // namespace
