//===- ScheduleTable.cpp - encode programs as the binary schedule table ----===//
#include "tilec/Target/Artifact.h"
#include "tilec/Target/DeviceBodies.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/schedule_table.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cstring>

using namespace mlir;
using namespace mlir::tile;

namespace {
uint32_t dtypeCode(Type type) {
  if (type.isF32())
    return TILEC_DTYPE_F32;
  if (type.isBF16())
    return TILEC_DTYPE_BF16;
  if (type.isF16())
    return TILEC_DTYPE_F16;
  if (type.isInteger(32))
    return TILEC_DTYPE_I32;
  if (type.isInteger(8))
    return TILEC_DTYPE_I8;
  return TILEC_DTYPE_NONE;
}

/// Fills the kind, operands and parameters of one task record.
class TaskEncoder {
public:
  explicit TaskEncoder(tilec_task &record) : r(record) {
    for (tilec_operand &op : r.op)
      op = {TILEC_NO_OPERAND, TILEC_DTYPE_NONE, 0};
  }

  void encode(Operation *op) {
    llvm::TypeSwitch<Operation *>(op)
        .Case<EmbedRowOp>([&](EmbedRowOp op) {
          kind(TILEC_TASK_EMBED, {op.getTable(), op.getIds(), op.getOut()});
          ints({dim(op.getTable(), 0), dim(op.getTable(), 1)});
        })
        .Case<RMSNormRowsOp>([&](RMSNormRowsOp op) {
          kind(TILEC_TASK_RMSNORM, {op.getX(), op.getWeight(), op.getY()});
          ints({op.getGroupSize(), op.getGroupBegin(), op.getGroupEnd()});
          r.fp[0] = op.getEpsilon().convertToFloat();
        })
        .Case<MatvecOp>([&](MatvecOp op) {
          kind(TILEC_TASK_MATVEC, {op.getWeight(), op.getX(), op.getY(),
                                   op.getBias(), op.getResidual(),
                                   op.getNormWeight()});
          matvecParams(op.getWeight(), op.getRowBegin(), op.getRowEnd(),
                       op.getNormEpsilon());
          if (auto xType = op.getXType()) {
            // x is attention partials [C, H, D + 2], merged first.
            r.ip[4] = dim(op.getX(), 0);
            r.ip[5] = dim(op.getX(), 1);
            r.ip[6] = dim(op.getX(), 2) - 2;
            r.ip[7] = dtypeCode(*xType);
          }
        })
        .Case<MatvecSwigluOp>([&](MatvecSwigluOp op) {
          kind(TILEC_TASK_MATVEC_SWIGLU,
               {op.getGateWeight(), op.getX(), op.getY(), op.getUpWeight(),
                Value(), op.getNormWeight()});
          matvecParams(op.getGateWeight(), op.getRowBegin(), op.getRowEnd(),
                       op.getNormEpsilon());
        })
        .Case<RopeHeadsOp>([&](RopeHeadsOp op) {
          kind(TILEC_TASK_ROPE, {op.getX(), op.getY()});
          ints({op.getHeadDim(), op.getHeadBegin(), op.getHeadEnd(),
                ropeParams(op.getTheta().convertToFloat(),
                           op.getScalingAttr())});
        })
        .Case<KVStoreOp>([&](KVStoreOp op) {
          kind(TILEC_TASK_KV_STORE, {op.getSource(), op.getCache()});
          int64_t headDim = 0, originalMax = 0;
          if (auto rope = op.getRopeAttr()) {
            headDim = rope.getHeadDim();
            originalMax = ropeParams(rope.getTheta().convertToDouble(),
                                     rope.getScaling());
          }
          ints({dim(op.getCache(), 0), dim(op.getCache(), 1), headDim,
                originalMax});
        })
        .Case<AttentionPartialOp>([&](AttentionPartialOp op) {
          kind(TILEC_TASK_ATTN_PARTIAL, {op.getQuery(), op.getKeyCache(),
                                         op.getValueCache(), op.getPartial()});
          ints({op.getNumHeads(), op.getNumKvHeads(), op.getHeadDim(),
                dim(op.getKeyCache(), 0), op.getChunk(), op.getKvHead(),
                op.getChunkSize(), dim(op.getPartial(), 0)});
          r.fp[0] = op.getScale().convertToFloat();
        })
        .Case<AttentionCombineOp>([&](AttentionCombineOp op) {
          kind(TILEC_TASK_ATTN_COMBINE, {op.getPartial(), op.getOut()});
          ints({dim(op.getPartial(), 1), 0, dim(op.getPartial(), 2) - 2, 0,
                op.getHeadBegin(), op.getHeadEnd(), 0,
                dim(op.getPartial(), 0)});
        })
        .Case<ElementwiseOp>([&](ElementwiseOp op) {
          kind(op.getKind() == ElementwiseKind::add ? TILEC_TASK_ADD
                                                    : TILEC_TASK_SILU_MUL,
               {op.getLhs(), op.getRhs(), op.getY()});
          ints({op.getBegin(), op.getEnd()});
        })
        .Case<ArgmaxRowOp>([&](ArgmaxRowOp op) {
          kind(TILEC_TASK_ARGMAX, {op.getLogits(), op.getOut()});
          ints({dim(op.getLogits(), 0)});
        });
  }

private:
  static int64_t dim(Value buffer, unsigned i) {
    return cast<MemRefType>(buffer.getType()).getDimSize(i);
  }
  void kind(tilec_task_kind k, std::initializer_list<Value> operands) {
    r.kind = k;
    unsigned i = 0;
    for (Value v : operands) {
      if (v) {
        auto buffer = v.getDefiningOp<BufferOp>();
        uint32_t flags = buffer.getKind() == BufferKind::weight
                             ? TILEC_OPERAND_CONSTANT
                             : 0;
        r.op[i] = {static_cast<uint64_t>(*buffer.getOffset()),
                   dtypeCode(cast<MemRefType>(v.getType()).getElementType()),
                   flags};
      }
      ++i;
    }
  }
  void ints(std::initializer_list<int64_t> values) {
    unsigned i = 0;
    for (int64_t v : values)
      r.ip[i++] = v;
  }
  /// The rotation's floats of ROPE and a rotating KV_STORE: fp0 theta, fp1..3
  /// the Llama 3 scaling's factors; returns ip3, its original max position
  /// (0: no scaling).
  int64_t ropeParams(double theta, Llama3ScalingAttr scaling) {
    r.fp[0] = theta;
    if (!scaling)
      return 0;
    r.fp[1] = scaling.getFactor().convertToDouble();
    r.fp[2] = scaling.getLowFreqFactor().convertToDouble();
    r.fp[3] = scaling.getHighFreqFactor().convertToDouble();
    return scaling.getOriginalMaxPosition();
  }
  void matvecParams(Value weight, int64_t begin, int64_t end,
                    std::optional<APFloat> epsilon) {
    ints({dim(weight, 0), dim(weight, 1), begin, end});
    if (epsilon)
      r.fp[0] = epsilon->convertToFloat();
  }
  tilec_task &r;
};

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
        TaskEncoder encoder(r);
        if (*compute)
          encoder.encode(*compute);
        else
          r.kind = TILEC_TASK_NOP;
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
