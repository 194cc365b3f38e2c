//===- Hazards.cpp - which tasks must be ordered ---------------------------===//
#include "tilec/Analysis/Hazards.h"

#include <map>

using namespace mlir;
using namespace mlir::tile;

ArenaLayout::ArenaLayout(ProgramOp program) {
  int64_t end = program.getPlannedArenaEnd();
  for (auto buffer : program.getOps<BufferOp>()) {
    if (auto offset = buffer.getOffset()) {
      bases[buffer] = *offset;
    } else {
      bases[buffer] = end;
      end += buffer.getSizeInBytes();
    }
  }
}

void mlir::tile::forEachAccess(
    TaskOp task, llvm::function_ref<void(const BufferAccess &)> fn) {
  auto whole = [&](Value value) {
    if (auto buffer = value.getDefiningOp<BufferOp>())
      fn({value, 0, buffer.getSizeInBytes(), false});
  };
  task.getBody().walk([&](Operation *op) {
    if (auto compute = dyn_cast<TaskComputeOpInterface>(op)) {
      SmallVector<BufferAccess> accesses;
      compute.getAccesses(accesses);
      for (const BufferAccess &a : accesses)
        fn(a);
    } else if (auto copy = dyn_cast<CopyAsyncOp>(op)) {
      whole(copy.getSource());
    }
  });
}

SmallVector<ArenaAccess> mlir::tile::getArenaAccesses(TaskOp task,
                                                      const ArenaLayout &layout) {
  SmallVector<ArenaAccess> result;
  forEachAccess(task, [&](const BufferAccess &a) {
    auto buffer = a.buffer.getDefiningOp<BufferOp>();
    int64_t base = layout.base(buffer);
    result.push_back({base + a.begin, base + a.end, a.write, buffer});
  });
  return result;
}

int64_t mlir::tile::getBytesMoved(ArrayRef<ArenaAccess> accesses) {
  int64_t bytes = 0;
  for (const ArenaAccess &a : accesses)
    bytes += a.end - a.begin;
  return bytes;
}

namespace {
/// Who last wrote a byte range, and who read it since.
struct Segment {
  int64_t end;
  int64_t writer = -1;
  BufferOp writerBuffer;
  SmallVector<std::pair<unsigned, BufferOp>, 4> readers;
};

/// Non-overlapping segments keyed by start; bytes never touched have none.
class SegmentMap {
public:
  /// Makes segments start at `begin` and `end` and cover [begin, end).
  void cover(int64_t begin, int64_t end) {
    split(begin);
    split(end);
    int64_t at = begin;
    auto it = map.lower_bound(begin);
    while (at < end) {
      if (it == map.end() || it->first > at) {
        int64_t gapEnd = it == map.end() ? end : std::min(end, it->first);
        it = map.emplace_hint(it, at, Segment{gapEnd});
      }
      at = it->second.end;
      ++it;
    }
  }
  /// Segments inside [begin, end) after cover(begin, end).
  template <typename Fn> void forEach(int64_t begin, int64_t end, Fn fn) {
    for (auto it = map.lower_bound(begin); it != map.end() && it->first < end;
         ++it)
      fn(it->second);
  }
  /// Segments overlapping [begin, end), without splitting.
  template <typename Fn> void forEachOverlap(int64_t begin, int64_t end, Fn fn) {
    auto it = map.upper_bound(begin);
    if (it != map.begin() && std::prev(it)->second.end > begin)
      --it;
    for (; it != map.end() && it->first < end; ++it)
      fn(it->second);
  }

private:
  void split(int64_t at) {
    auto it = map.upper_bound(at);
    if (it == map.begin())
      return;
    --it;
    if (it->first < at && at < it->second.end) {
      Segment tail = it->second;
      it->second.end = at;
      map.emplace(at, std::move(tail));
    }
  }
  std::map<int64_t, Segment> map;
};
} // namespace

SmallVector<Hazard>
mlir::tile::findHazards(ArrayRef<SmallVector<ArenaAccess>> accesses) {
  SmallVector<Hazard> hazards;
  SegmentMap segments;
  for (unsigned task = 0; task < accesses.size(); ++task) {
    // Against the state before this task, so a task never depends on itself.
    llvm::DenseMap<unsigned, unsigned> seen; // earlier task -> hazard index
    auto record = [&](unsigned earlier, HazardKind kind, BufferOp earlierBuf,
                      BufferOp laterBuf) {
      if (seen.try_emplace(earlier, hazards.size()).second)
        hazards.push_back({earlier, task, kind, earlierBuf, laterBuf});
    };
    for (const ArenaAccess &a : accesses[task])
      segments.forEachOverlap(a.begin, a.end, [&](Segment &s) {
        if (s.writer >= 0)
          record(s.writer, a.write ? HazardKind::WriteAfterWrite
                                   : HazardKind::ReadAfterWrite,
                 s.writerBuffer, a.buffer);
        if (a.write)
          for (auto [reader, buffer] : s.readers)
            record(reader, HazardKind::WriteAfterRead, buffer, a.buffer);
      });
    // Reads first: the task's own writes then supersede its reads.
    for (bool writes : {false, true})
      for (const ArenaAccess &a : accesses[task]) {
        if (a.write != writes || a.begin == a.end)
          continue;
        segments.cover(a.begin, a.end);
        segments.forEach(a.begin, a.end, [&](Segment &s) {
          if (writes) {
            s.writer = task;
            s.writerBuffer = a.buffer;
            s.readers.clear();
          } else if (s.readers.empty() || s.readers.back().first != task) {
            s.readers.push_back({task, a.buffer});
          }
        });
      }
  }
  return hazards;
}
