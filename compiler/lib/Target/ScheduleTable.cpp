//===- ScheduleTable.cpp - encode programs as the binary schedule table ----===//
#include "tilec/Target/Artifact.h"
#include "tilec/Target/DeviceBodies.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/schedule_table.h"

#include "llvm/ADT/DenseMap.h"

#include <cstring>

using namespace mlir;
using namespace mlir::tile;

namespace {
/// The one compute op of a task, or null for a task that only synchronizes.
FailureOr<Operation *> computeOpOf(TaskOp task) {
  Operation *compute = nullptr;
  for (Operation &op : task.getBody().front()) {
    if (op.hasTrait<OpTrait::ConstantLike>())
      continue;
    if (!isa<TaskComputeOpInterface>(op))
      return op.emitError() << "the schedule table holds one compute op per "
                               "task with its waits and signals in the task "
                               "header; '"
                            << op.getName() << "' cannot be encoded";
    if (compute)
      return op.emitError() << "task @" << task.getSymName()
                            << " has a second compute op; the schedule "
                               "table holds one per task";
    compute = &op;
  }
  if (auto send = dyn_cast_or_null<SendOp>(compute))
    if (!send.getFlatDestinationOffset())
      return send.emitError()
             << "the schedule table holds a send as one contiguous copy at a "
                "constant offset of its destination; this one's offsets are "
                "not constants or its range in "
             << send.getBuffer() << " is not contiguous";
  return compute;
}

template <typename T> void append(std::vector<uint8_t> &out, const T &value) {
  const auto *bytes = reinterpret_cast<const uint8_t *>(&value);
  out.insert(out.end(), bytes, bytes + sizeof(T));
}
void pad8(std::vector<uint8_t> &out) { out.resize(tilec_align8(out.size())); }
} // namespace

FailureOr<std::vector<uint8_t>> mlir::tile::buildScheduleTable(ModuleOp module) {
  std::vector<tilec_program> programs;
  std::vector<tilec_worker> workers;
  std::vector<tilec_task> tasks;
  std::vector<tilec_event> events;
  std::vector<uint32_t> waits, signals;
  std::string strings;
  auto addString = [&](StringRef s) {
    uint32_t offset = strings.size();
    strings.append(s.begin(), s.end());
    strings.push_back('\0');
    return offset;
  };

  addString(""); // offset 0: the empty name, so the section is never empty

  // Events first: tasks refer to them by index, also across programs.
  llvm::DenseMap<Operation *, uint32_t> eventIndex;
  for (auto [p, program] : llvm::enumerate(module.getOps<ProgramOp>()))
    for (auto event : program.getOps<EventOp>()) {
      eventIndex[event] = events.size();
      events.push_back({static_cast<uint32_t>(p),
                        static_cast<uint32_t>(event.getTarget()),
                        static_cast<uint32_t>(event.getScope()),
                        addString(event.getSymName())});
    }

  for (auto [p, program] : llvm::enumerate(module.getOps<ProgramOp>())) {
    tilec_program record{};
    record.device = program.getDevice();
    record.num_workers = program.getWorkers();
    record.first_worker = workers.size();
    if (program.getTarget().size() >= sizeof(record.target))
      return program.emitError("target name too long for the schedule table");
    std::memcpy(record.target, program.getTarget().data(),
                program.getTarget().size());
    for (auto buffer : program.getOps<BufferOp>())
      if (!buffer.getOffset())
        return buffer.emitError() << "buffer @" << buffer.getSymName()
                                  << " has no offset: run tile-plan-memory first";
    record.arena_bytes = program.getArenaBytes();
    programs.push_back(record);

    SmallVector<SmallVector<TaskOp>> lists(program.getWorkers());
    for (auto task : program.getOps<TaskOp>()) {
      if (!task.getWorker())
        return task.emitError() << "task @" << task.getSymName()
                                << " is not scheduled (no worker and order): "
                                   "run tile-schedule first";
      lists[*task.getWorker()].push_back(task);
    }
    for (auto [w, list] : llvm::enumerate(lists)) {
      llvm::sort(list, [](TaskOp a, TaskOp b) {
        return *a.getOrder() < *b.getOrder();
      });
      workers.push_back({static_cast<uint32_t>(p),
                         static_cast<uint32_t>(tasks.size()),
                         static_cast<uint32_t>(list.size()), 0});
      for (auto [order, task] : llvm::enumerate(list)) {
        FailureOr<Operation *> compute = computeOpOf(task);
        if (failed(compute))
          return failure();
        tilec_task r{};
        r.program = p;
        r.worker = w;
        r.order = order;
        r.name = addString(task.getSymName());
        r.first_wait = waits.size();
        for (Value e : task.getWaits())
          waits.push_back(eventIndex.lookup(e.getDefiningOp()));
        r.num_waits = waits.size() - r.first_wait;
        r.first_signal = signals.size();
        for (Value e : task.getSignals())
          signals.push_back(eventIndex.lookup(e.getDefiningOp()));
        r.num_signals = signals.size() - r.first_signal;
        TaskRecordWriter record(r); // a task without compute op stays NOP
        if (*compute)
          cast<TaskComputeOpInterface>(*compute).encodeTask(record);
        // A send's peer event is released after its copy, last.
        if (auto send = dyn_cast_or_null<SendOp>(*compute)) {
          signals.push_back(eventIndex.lookup(send.getPeerEvent()));
          ++r.num_signals;
        }
        tasks.push_back(r);
      }
    }
  }

  // Tasks of one kind and shape share a body of the artifact's kernel.
  std::vector<DeviceBody> bodies = assignDeviceBodies(tasks);

  tilec_table_header header{};
  header.kernel_key = kernelKey(bodies);
  header.magic = TILEC_TABLE_MAGIC;
  header.version = TILEC_TABLE_VERSION;
  header.header_bytes = sizeof(tilec_table_header);
  header.task_bytes = sizeof(tilec_task);
  header.num_programs = programs.size();
  header.num_workers = workers.size();
  header.num_tasks = tasks.size();
  header.num_events = events.size();
  header.num_waits = waits.size();
  header.num_signals = signals.size();
  header.strings_bytes = strings.size();

  std::vector<uint8_t> out;
  append(out, header);
  auto section = [&](const auto &items) {
    pad8(out);
    for (const auto &item : items)
      append(out, item);
  };
  section(programs);
  section(workers);
  section(tasks);
  section(events);
  section(waits);
  section(signals);
  pad8(out);
  out.insert(out.end(), strings.begin(), strings.end());
  pad8(out);

  auto *h = reinterpret_cast<tilec_table_header *>(out.data());
  h->total_bytes = out.size();
  h->checksum = tilec_fnv1a(out.data() + sizeof(tilec_table_header),
                            out.size() - sizeof(tilec_table_header));
  if (const char *problem = tilec_table_check(out.data(), out.size()))
    return module.emitError() << "internal error: the schedule table written "
                                 "fails its own check: "
                              << problem;
  return out;
}
