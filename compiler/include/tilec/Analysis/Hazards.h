//===- Hazards.h - which tasks must be ordered -----------------*- C++ -*-===//
//
// Tasks touch arena bytes through their compute ops. Two tasks whose byte
// ranges overlap, one of them writing, must run in program order (the order
// of the tasks in their program's block). The scheduler turns these hazards
// into events; the schedule verifier proves each one is ordered.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_ANALYSIS_HAZARDS_H
#define TILEC_ANALYSIS_HAZARDS_H

#include "tile/Dialect/Tile/TileOps.h"

#include "llvm/ADT/DenseMap.h"

namespace mlir::tile {

/// Arena placement of a program's buffers: their planned offsets, or for
/// unplanned buffers a private range past every planned one.
class ArenaLayout {
public:
  explicit ArenaLayout(ProgramOp program);
  int64_t base(BufferOp buffer) const { return bases.lookup(buffer); }

private:
  llvm::DenseMap<Operation *, int64_t> bases;
};

/// A task's access to arena bytes [begin, end).
struct ArenaAccess {
  int64_t begin, end;
  bool write;
  BufferOp buffer;
};

/// Calls `fn` for every buffer access in `task`'s body: compute ops' own,
/// and the whole source buffers of tile.send and tile.copy_async (offsets
/// there are run-time values).
void forEachAccess(TaskOp task,
                   llvm::function_ref<void(const BufferAccess &)> fn);

/// The accesses of every compute op in `task`'s body, placed in the arena.
SmallVector<ArenaAccess> getArenaAccesses(TaskOp task,
                                          const ArenaLayout &layout);

/// Total bytes a task reads and writes: the scheduler's cost of a task.
int64_t getBytesMoved(ArrayRef<ArenaAccess> accesses);

enum class HazardKind { ReadAfterWrite, WriteAfterRead, WriteAfterWrite };

/// Task `later` must run after task `earlier` (indices into the task list).
struct Hazard {
  unsigned earlier, later;
  HazardKind kind;
  BufferOp earlierBuffer, laterBuffer; ///< the buffers whose bytes overlap
};

/// All hazards among `accesses[i]` (the accesses of task i, tasks in program
/// order), at most one per (earlier, later) pair, sorted by `later`.
SmallVector<Hazard> findHazards(ArrayRef<SmallVector<ArenaAccess>> accesses);

} // namespace mlir::tile

#endif // TILEC_ANALYSIS_HAZARDS_H
