//===- Partition.cpp - graph-level functions to task-level programs --------===//
#include "tilec/Transforms/Passes.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/kernel_abi.h"
#include "tilec/Analysis/Hazards.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

namespace mlir::tile {
#define GEN_PASS_DEF_PARTITIONPASS
#include "tilec/Transforms/Passes.h.inc"
} // namespace mlir::tile

using namespace mlir;
using namespace mlir::tile;

namespace {
constexpr StringLiteral kWeightAttr = "tile.weight";
constexpr StringLiteral kWeightSliceAttr = "tile.weight_slice";
constexpr StringLiteral kKVCacheAttr = "tile.kv_cache";
constexpr StringLiteral kInputAttr = "tile.input";
constexpr StringLiteral kOutputAttr = "tile.output";
constexpr StringLiteral kFeedsAttr = "tile.feeds";
constexpr StringLiteral kDeviceAttr = "tile.device";

struct Options {
  int64_t workers, maxTaskBytes, kvChunk;
  bool foldCombine, foldRopeAppend;
  int64_t device;
  /// The program of each device of the module (for collectives).
  llvm::DenseMap<int64_t, StringAttr> programOf;
};

/// Builds one program from one graph function.
class ProgramBuilder {
public:
  ProgramBuilder(func::FuncOp func, ProgramOp program, Options options)
      : func(func), program(program), options(options),
        builder(func.getContext()) {}

  LogicalResult run();

private:
  // Buffers.
  FailureOr<Value> argumentBuffer(BlockArgument arg);
  Value newBuffer(Location loc, StringRef name, BufferKind kind,
                  MemRefType type, StringAttr source = {});
  FailureOr<MemRefType> activationType(Location loc, RankedTensorType type);
  FailureOr<Value> resultBuffer(Operation *op, Value result, StringRef stem);
  std::string uniqueName(StringRef stem);
  Value lookup(Value tensor) { return buffers.lookup(tensor); }

  // Tasks: a new task named after `stem` whose body the builder fills.
  void beginTask(Location loc, StringRef stem);
  /// Counts `count` more tasks for `op`, failing past the per-program limit.
  LogicalResult reserveTasks(Operation *op, int64_t count);
  int64_t rowsPerTask(int64_t rows, int64_t rowBytes) const;
  LogicalResult expectPositions(Operation *op, Value positions);

  LogicalResult partition(Operation *op);
  LogicalResult partitionEmbed(EmbedOp op);
  LogicalResult partitionRMSNorm(RMSNormOp op);
  LogicalResult partitionLinear(LinearOp op);
  SmallVector<LinearOp> siblingsOf(LinearOp op);
  LogicalResult partitionSwiglu(SwigluLinearOp op);
  LogicalResult partitionRope(RopeOp op);
  std::optional<std::pair<KVAppendOp, KVAppendOp>> appendsFoldedInto(RopeOp op);
  LogicalResult partitionKVAppend(KVAppendOp op);
  LogicalResult partitionAttention(AttentionOp op);
  LogicalResult partitionElementwise(Operation *op, ElementwiseKind kind);
  LogicalResult partitionArgmax(ArgmaxOp op);
  LogicalResult checkGroup(Operation *op, ArrayRef<int32_t> group);
  // Pieces of the collectives: names fixed on every device, so peers' sends
  // find them.
  FailureOr<Value> namedBuffer(Operation *op, StringRef name, MemRefType type);
  FailureOr<Value> arrivalEvent(Operation *op, StringRef name, int64_t target);
  void sendTask(Operation *op, StringRef stem, Value x, int64_t device,
                StringRef buffer, int64_t offset, StringRef event);
  LogicalResult partitionAllReduce(AllReduceOp op);
  LogicalResult partitionAllGather(AllGatherOp op);
  LogicalResult partitionSendTo(SendToOp op);
  LogicalResult partitionRecvFrom(RecvFromOp op);
  void waitForArrivals();

  func::FuncOp func;
  ProgramOp program;
  Options options;
  OpBuilder builder;
  Operation *lastBuffer = nullptr; // buffers precede events and tasks
  llvm::DenseMap<Value, Value> buffers; // tensor value -> memref buffer
  llvm::DenseMap<Value, StringAttr> outputs; // returned value -> name
  llvm::DenseMap<Value, StringAttr> feeds;   // returned value -> input it feeds
  llvm::StringMap<Value> inputs;             // input name -> its buffer
  llvm::StringSet<> names;
  llvm::StringMap<unsigned> taskCounts;
  int64_t numTasks = 0;
  int64_t numAllReduces = 0; // collectives lowered so far, named by count
  int64_t numAllGathers = 0;
  /// Buffers peers send into (gathered results, received tensors) and the
  /// event their data arrives on: tasks reading them wait for it.
  llvm::DenseMap<Value, Value> arrivals;
  /// Transfers so far, per peer device: sent to it, received from it.
  llvm::DenseMap<int64_t, int64_t> sentTo, receivedFrom;
  llvm::DenseSet<Operation *> partitioned; // projections split with a sibling,
                                           // appends folded into a rope_append
  // An attention result whose combine the consuming projection takes as its
  // prologue: the partials buffer, and the element type x would have had.
  llvm::DenseMap<Value, std::pair<Value, Type>> combinedX;
};

std::string ProgramBuilder::uniqueName(StringRef stem) {
  std::string name = stem.str();
  for (unsigned i = 1; !names.insert(name).second; ++i)
    name = (stem + "_" + Twine(i)).str();
  return name;
}

Value ProgramBuilder::newBuffer(Location loc, StringRef name, BufferKind kind,
                                MemRefType type, StringAttr source) {
  OpBuilder::InsertionGuard guard(builder);
  if (lastBuffer)
    builder.setInsertionPointAfter(lastBuffer);
  else
    builder.setInsertionPointToStart(&program.getBody().front());
  auto buffer = BufferOp::create(builder, loc, type, uniqueName(name), kind,
                                 IntegerAttr(), source,
                                 DenseI64ArrayAttr(), FlatSymbolRefAttr(),
                                 IntegerAttr());
  lastBuffer = buffer;
  return buffer.getResult();
}

/// Activations are [1, features] tensors; tasks see them as vectors.
FailureOr<MemRefType> ProgramBuilder::activationType(Location loc,
                                                     RankedTensorType type) {
  ArrayRef<int64_t> shape = type.getShape();
  if (shape.size() == 2 && shape[0] != 1)
    return emitError(loc) << "tile-partition compiles decode steps: one token "
                             "per step, got "
                          << shape[0] << " tokens";
  return MemRefType::get({shape.back()}, type.getElementType());
}

FailureOr<Value> ProgramBuilder::argumentBuffer(BlockArgument arg) {
  Location loc = func.getLoc();
  auto type = dyn_cast<RankedTensorType>(arg.getType());
  unsigned i = arg.getArgNumber();
  if (!type)
    return func.emitError() << "argument #" << i << " must be a tensor";
  if (auto name = func.getArgAttrOfType<StringAttr>(i, kWeightAttr)) {
    Value buffer =
        newBuffer(loc, name.getValue(), BufferKind::weight,
                  MemRefType::get(type.getShape(), type.getElementType()),
                  name);
    // A shard of the checkpoint tensor (tensor parallelism).
    if (auto slice =
            func.getArgAttrOfType<DenseI64ArrayAttr>(i, kWeightSliceAttr)) {
      auto op = buffer.getDefiningOp<BufferOp>();
      op.setSliceAttr(slice);
      if (failed(op.verify()))
        return failure();
    }
    return buffer;
  }
  if (auto name = func.getArgAttrOfType<StringAttr>(i, kKVCacheAttr)) {
    if (!arg.hasOneUse() || !isa<KVAppendOp>(*arg.getUsers().begin()) ||
        arg.getUses().begin()->getOperandNumber() != 0)
      return func.emitError()
             << "KV cache argument #" << i
             << " must be used only by its tile.kv_append, which updates it "
                "in place";
    return newBuffer(loc, name.getValue(), BufferKind::kv_cache,
                     MemRefType::get(type.getShape(), type.getElementType()));
  }
  if (auto name = func.getArgAttrOfType<StringAttr>(i, kInputAttr)) {
    FailureOr<MemRefType> memref = activationType(loc, type);
    if (failed(memref))
      return failure();
    Value buffer = newBuffer(loc, name.getValue(), BufferKind::input, *memref);
    inputs[name.getValue()] = buffer;
    return buffer;
  }
  return func.emitError() << "argument #" << i
                          << " has no role: mark it with tile.weight, "
                             "tile.kv_cache or tile.input";
}

FailureOr<Value> ProgramBuilder::resultBuffer(Operation *op, Value result,
                                              StringRef stem) {
  FailureOr<MemRefType> type =
      activationType(op->getLoc(), cast<RankedTensorType>(result.getType()));
  if (failed(type))
    return failure();
  Value buffer;
  if (StringAttr input = feeds.lookup(result)) {
    // Written into the input it feeds: the next step reads it there, so a
    // launch of many steps runs autoregressively on the device.
    buffer = inputs.lookup(input.getValue());
    if (!buffer || buffer.getType() != *type)
      return op->emitError() << "a result with tile.feeds = \"" << input.getValue()
                             << "\" must feed a tile.input of its own type "
                             << *type;
  } else if (StringAttr output = outputs.lookup(result))
    buffer = newBuffer(op->getLoc(), output.getValue(), BufferKind::output,
                       *type);
  else
    buffer = newBuffer(op->getLoc(), stem, BufferKind::activation, *type);
  buffers[result] = buffer;
  return buffer;
}

LogicalResult ProgramBuilder::reserveTasks(Operation *op, int64_t count) {
  constexpr int64_t kMaxTasks = 1000000;
  if (numTasks + count <= kMaxTasks) {
    numTasks += count;
    return success();
  }
  std::string what = "this op";
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    what = ("'" + name.getName().getValue() + "'").str();
  return op->emitError() << "tile-partition: " << what
                         << " would bring the program to "
                         << numTasks + count << " tasks, beyond the limit of "
                         << kMaxTasks
                         << "; raise --max-task-bytes or --kv-chunk";
}

void ProgramBuilder::beginTask(Location loc, StringRef stem) {
  builder.setInsertionPointToEnd(&program.getBody().front());
  unsigned index = taskCounts[stem]++;
  auto task = TaskOp::create(builder, loc, uniqueName((stem + ".t" + Twine(index)).str()),
                             IntegerAttr(), IntegerAttr(), ValueRange(),
                             ValueRange());
  builder.setInsertionPointToStart(&task.getBody().emplaceBlock());
}

/// Rows per task: spread over every worker, at most max-task-bytes each;
/// when that cap makes more tasks than workers, as many tasks as a multiple
/// of the workers, so each gets about the same share (14336 SwiGLU rows of
/// 16 KiB in 1 MiB tasks are 224 tasks: 92 workers with two, 40 with one;
/// aiming at 264, 261 tasks of 55 rows: 129 workers with two, 3 with one).
int64_t ProgramBuilder::rowsPerTask(int64_t rows, int64_t rowBytes) const {
  int64_t cap = std::max<int64_t>(1, options.maxTaskBytes / rowBytes);
  int64_t tasks = llvm::divideCeil(rows, cap);
  if (tasks > options.workers)
    tasks = llvm::divideCeil(tasks, options.workers) * options.workers;
  else
    tasks = std::min(rows, options.workers);
  return std::max<int64_t>(1, llvm::divideCeil(rows, tasks));
}

LogicalResult ProgramBuilder::expectPositions(Operation *op, Value positions) {
  if (positions.getDefiningOp<PositionOp>())
    return success();
  return op->emitError("tile-partition needs positions from tile.position "
                       "(the run-time position of the control block)");
}

/// Bytes of one row of a [rows, cols] weight.
int64_t rowBytes(RankedTensorType weight) {
  return weight.getDimSize(1) *
         llvm::divideCeil(weight.getElementTypeBitWidth(), 8);
}

/// Name stem of an op's result buffer: its NameLoc if the frontend gave one.
std::string stemOf(Operation *op) {
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    return name.getName().str();
  return op->getName().stripDialect().str();
}

LogicalResult ProgramBuilder::partitionEmbed(EmbedOp op) {
  FailureOr<Value> out = resultBuffer(op, op.getResult(), stemOf(op));
  if (failed(out))
    return failure();
  beginTask(op.getLoc(), stemOf(op));
  EmbedRowOp::create(builder, op.getLoc(), lookup(op.getTable()),
                     lookup(op.getIds()), *out);
  return success();
}

LogicalResult ProgramBuilder::partitionRMSNorm(RMSNormOp op) {
  FailureOr<Value> out = resultBuffer(op, op.getResult(), stemOf(op));
  if (failed(out))
    return failure();
  int64_t features = op.getX().getType().getDimSize(1);
  int64_t group = op.getWeight().getType().getDimSize(0);
  beginTask(op.getLoc(), stemOf(op));
  RMSNormRowsOp::create(builder, op.getLoc(), lookup(op.getX()),
                        lookup(op.getWeight()), *out, 0, features / group,
                        group, op.getEpsilon());
  return success();
}

/// The projections after `op` in its block that can be split together with
/// it: same x, same norm prologue, same row length and weight type, and
/// every operand already has its buffer (so their tasks may come first).
SmallVector<LinearOp> ProgramBuilder::siblingsOf(LinearOp op) {
  SmallVector<LinearOp> group{op};
  auto ready = [&](Value v) { return !v || lookup(v); };
  for (Operation *next = op->getNextNode(); next; next = next->getNextNode()) {
    auto s = dyn_cast<LinearOp>(next);
    if (!s || partitioned.contains(s) || s.getX() != op.getX() ||
        s.getNormWeight() != op.getNormWeight() ||
        s.getNormEpsilonAttr() != op.getNormEpsilonAttr() ||
        s.getWeight().getType().getDimSize(1) !=
            op.getWeight().getType().getDimSize(1) ||
        s.getWeight().getType().getElementType() !=
            op.getWeight().getType().getElementType() ||
        !ready(s.getWeight()) || !ready(s.getBias()) ||
        !ready(s.getResidual()))
      continue;
    group.push_back(s);
  }
  return group;
}

/// A projection, with its siblings (q, k and v read the same normalized x):
/// row blocks of the weights stacked, so a worker gets one block covering
/// its rows of each (a block across two weights is a task for each part)
/// instead of a task of each. A task's fixed cost (waits, x staging and
/// norm, signals) is then paid once per block, not once per projection.
LogicalResult ProgramBuilder::partitionLinear(LinearOp op) {
  if (partitioned.contains(op))
    return success();
  SmallVector<LinearOp> group = siblingsOf(op);
  SmallVector<Value> outs;
  int64_t total = 0;
  for (LinearOp s : group) {
    FailureOr<Value> out = resultBuffer(s, s.getResult(), stemOf(s));
    if (failed(out))
      return failure();
    outs.push_back(*out);
    total += s.getWeight().getType().getDimSize(0);
    partitioned.insert(s);
  }
  int64_t step = rowsPerTask(total, rowBytes(op.getWeight().getType()));
  // x (the siblings share it), or the attention partials whose combine the
  // projection folds in.
  Value x = lookup(op.getX());
  TypeAttr xType;
  if (auto it = combinedX.find(op.getX()); it != combinedX.end()) {
    x = it->second.first;
    xType = TypeAttr::get(it->second.second);
  }
  // Block [b, b + step) of the stacked rows; member i holds rows
  // [base, base + rows) of the stack.
  int64_t base = 0;
  for (auto [s, out] : llvm::zip(group, outs)) {
    int64_t rows = s.getWeight().getType().getDimSize(0);
    int64_t firstBlock = base / step * step;
    SmallVector<std::pair<int64_t, int64_t>> ranges;
    for (int64_t b = firstBlock; b < base + rows; b += step)
      ranges.push_back({std::max(b, base) - base,
                        std::min(b + step, base + rows) - base});
    if (failed(reserveTasks(s, ranges.size())))
      return failure();
    for (auto [r0, r1] : ranges) {
      beginTask(s.getLoc(), stemOf(s));
      MatvecOp::create(builder, s.getLoc(), lookup(s.getWeight()), x, out,
                       lookup(s.getBias()), lookup(s.getResidual()),
                       lookup(s.getNormWeight()), r0, r1,
                       s.getNormEpsilonAttr(), xType);
    }
    base += rows;
  }
  return success();
}

LogicalResult ProgramBuilder::partitionSwiglu(SwigluLinearOp op) {
  FailureOr<Value> out = resultBuffer(op, op.getResult(), stemOf(op));
  if (failed(out))
    return failure();
  auto weight = op.getGateWeight().getType();
  int64_t rows = weight.getDimSize(0);
  int64_t step = rowsPerTask(rows, 2 * rowBytes(weight));
  if (failed(reserveTasks(op, llvm::divideCeil(rows, step))))
    return failure();
  for (int64_t r = 0; r < rows; r += step) {
    beginTask(op.getLoc(), stemOf(op));
    MatvecSwigluOp::create(builder, op.getLoc(), lookup(op.getGateWeight()),
                           lookup(op.getUpWeight()), lookup(op.getX()), *out,
                           lookup(op.getNormWeight()), r,
                           std::min(r + step, rows), op.getNormEpsilonAttr());
  }
  return success();
}

/// The key and value appends a query rotation can carry out in one
/// tile.rope_append task: the rope's only user is an attention whose caches
/// come from two appends at the same positions, the key's rotated exactly
/// as the query (tile-fuse put the key's rope there), the value's not, both
/// into cache arguments, their rows already computed.
std::optional<std::pair<KVAppendOp, KVAppendOp>>
ProgramBuilder::appendsFoldedInto(RopeOp op) {
  if (!options.foldRopeAppend || !op->hasOneUse())
    return std::nullopt;
  auto attention = dyn_cast<AttentionOp>(*op->getUsers().begin());
  if (!attention || attention.getQuery() != op.getResult())
    return std::nullopt;
  auto key = attention.getKeyCache().getDefiningOp<KVAppendOp>();
  auto value = attention.getValueCache().getDefiningOp<KVAppendOp>();
  auto rotation = RopeAttr::get(op.getContext(), op.getHeadDim(),
                                APFloat(double(op.getTheta().convertToFloat())),
                                op.getScalingAttr());
  auto isCache = [&](KVAppendOp append) {
    Value cache = lookup(append.getCache());
    auto def = cache ? cache.getDefiningOp<BufferOp>() : BufferOp();
    return def && def.getKind() == BufferKind::kv_cache &&
           lookup(append.getUpdate()) && append->hasOneUse() &&
           append.getPositions() == op.getPositions();
  };
  if (!key || !value || key.getRopeAttr() != rotation || value.getRopeAttr() ||
      !isCache(key) || !isCache(value))
    return std::nullopt;
  return std::make_pair(key, value);
}

LogicalResult ProgramBuilder::partitionRope(RopeOp op) {
  if (failed(expectPositions(op, op.getPositions())))
    return failure();
  FailureOr<Value> out = resultBuffer(op, op.getResult(), stemOf(op));
  if (failed(out))
    return failure();
  int64_t heads = op.getX().getType().getDimSize(1) / op.getHeadDim();
  if (auto appends = appendsFoldedInto(op)) {
    auto [key, value] = *appends;
    Value keyCache = lookup(key.getCache()),
          valueCache = lookup(value.getCache());
    buffers[key.getResult()] = keyCache; // updated in place
    buffers[value.getResult()] = valueCache;
    partitioned.insert(key);
    partitioned.insert(value);
    beginTask(op.getLoc(), stemOf(op));
    RopeAppendOp::create(
        builder, op.getLoc(), lookup(op.getX()), *out, lookup(key.getUpdate()),
        keyCache, lookup(value.getUpdate()), valueCache, key.getRopeAttr());
    return success();
  }
  beginTask(op.getLoc(), stemOf(op));
  RopeHeadsOp::create(builder, op.getLoc(), lookup(op.getX()), *out, 0, heads,
                      op.getHeadDim(), op.getTheta(), op.getScalingAttr());
  return success();
}

LogicalResult ProgramBuilder::partitionKVAppend(KVAppendOp op) {
  if (partitioned.contains(op))
    return success(); // by the query's rope_append
  if (failed(expectPositions(op, op.getPositions())))
    return failure();
  Value cache = lookup(op.getCache());
  auto cacheOp = cache ? cache.getDefiningOp<BufferOp>() : BufferOp();
  if (!cacheOp || cacheOp.getKind() != BufferKind::kv_cache)
    return op.emitError("tile.kv_append must update a function argument "
                        "marked tile.kv_cache");
  buffers[op.getResult()] = cache; // updated in place
  beginTask(op.getLoc(), stemOf(op));
  KVStoreOp::create(builder, op.getLoc(), lookup(op.getUpdate()), cache,
                    op.getRopeAttr());
  return success();
}

/// Whether `attention`'s combine can be the prologue of the projection that
/// consumes it: its only use is a projection's x, without a norm prologue
/// (which would need the merged x before the tile's rows); the merged x fits
/// the kernel's staging memory and its heads its statistics; and there are
/// few chunks, since every tile of the projection re-reads all partials.
static bool foldsCombine(AttentionOp attention, int64_t chunks) {
  if (!attention->hasOneUse())
    return false;
  OpOperand &use = *attention->getUses().begin();
  auto linear = dyn_cast<LinearOp>(use.getOwner());
  int64_t columns = attention.getNumHeads() * attention.getHeadDim();
  return linear && use.getOperandNumber() == 0 && !linear.getNormWeight() &&
         columns <= int64_t(TILEC_KERNEL_SHARED_BYTES / sizeof(float)) &&
         attention.getNumHeads() <= TILEC_KERNEL_COMBINE_HEADS &&
         chunks <= TILEC_KERNEL_COMBINE_CHUNKS;
}

LogicalResult ProgramBuilder::partitionAttention(AttentionOp op) {
  if (failed(expectPositions(op, op.getPositions())))
    return failure();
  int64_t heads = op.getNumHeads(), kvHeads = op.getNumKvHeads(),
          headDim = op.getHeadDim();
  int64_t seqLen = op.getKeyCache().getType().getDimSize(0);
  int64_t chunkSize = std::min(options.kvChunk, seqLen);
  int64_t chunks = llvm::divideCeil(seqLen, chunkSize);
  bool fold = options.foldCombine && foldsCombine(op, chunks);
  FailureOr<Value> out =
      fold ? FailureOr<Value>(Value()) : resultBuffer(op, op.getResult(), stemOf(op));
  if (failed(out))
    return failure();
  float scale = op.getScale() ? op.getScale()->convertToFloat()
                              : 1.0f / std::sqrt(float(headDim));
  if (failed(reserveTasks(op, kvHeads * chunks + (fold ? 0 : kvHeads))))
    return failure();
  Value partial = newBuffer(
      op.getLoc(), stemOf(op) + ".partial", BufferKind::scratch,
      MemRefType::get({chunks, heads, headDim + 2}, builder.getF32Type()));
  for (int64_t g = 0; g < kvHeads; ++g)
    for (int64_t c = 0; c < chunks; ++c) {
      beginTask(op.getLoc(), stemOf(op) + ".partial");
      AttentionPartialOp::create(
          builder, op.getLoc(), lookup(op.getQuery()), lookup(op.getKeyCache()),
          lookup(op.getValueCache()), partial, g, c, heads, kvHeads, headDim,
          chunkSize, APFloat(scale));
    }
  if (fold) {
    combinedX[op.getResult()] = {partial, op.getType().getElementType()};
    return success();
  }
  int64_t group = heads / kvHeads;
  for (int64_t g = 0; g < kvHeads; ++g) {
    beginTask(op.getLoc(), stemOf(op));
    AttentionCombineOp::create(builder, op.getLoc(), partial, *out, g * group,
                               (g + 1) * group);
  }
  return success();
}

LogicalResult ProgramBuilder::partitionElementwise(Operation *op,
                                                   ElementwiseKind kind) {
  FailureOr<Value> out = resultBuffer(op, op->getResult(0), stemOf(op));
  if (failed(out))
    return failure();
  int64_t n = cast<MemRefType>(out->getType()).getNumElements();
  int64_t step = std::max<int64_t>(256, llvm::divideCeil(n, options.workers));
  if (failed(reserveTasks(op, llvm::divideCeil(n, step))))
    return failure();
  for (int64_t i = 0; i < n; i += step) {
    beginTask(op->getLoc(), stemOf(op));
    ElementwiseOp::create(builder, op->getLoc(), kind,
                          lookup(op->getOperand(0)), lookup(op->getOperand(1)),
                          *out, i, std::min(i + step, n));
  }
  return success();
}

LogicalResult ProgramBuilder::partitionArgmax(ArgmaxOp op) {
  FailureOr<Value> out = resultBuffer(op, op.getResult(), stemOf(op));
  if (failed(out))
    return failure();
  beginTask(op.getLoc(), stemOf(op));
  ArgmaxRowOp::create(builder, op.getLoc(), lookup(op.getLogits()), *out);
  return success();
}

/// This device is in the collective's group, and every device of it has a
/// function in the module.
LogicalResult ProgramBuilder::checkGroup(Operation *op,
                                         ArrayRef<int32_t> group) {
  StringRef name = op->getName().stripDialect();
  if (!llvm::is_contained(group, options.device))
    return op->emitError() << "device " << options.device << " is not in the "
                           << name << "'s devices";
  for (int32_t device : group)
    if (!options.programOf.count(device))
      return op->emitError() << name << " names device " << device
                             << ", which no function of the module "
                                "(tile.device) compiles for";
  return success();
}

/// An activation buffer named exactly `name` (a peer's send names it).
FailureOr<Value> ProgramBuilder::namedBuffer(Operation *op, StringRef name,
                                             MemRefType type) {
  Value buffer = newBuffer(op->getLoc(), name, BufferKind::activation, type);
  if (buffer.getDefiningOp<BufferOp>().getSymName() != name)
    return op->emitError() << "buffer name @" << name << " is taken";
  return buffer;
}

/// The sys-scope event `name` counting `target` peers' sends per step.
FailureOr<Value> ProgramBuilder::arrivalEvent(Operation *op, StringRef name,
                                              int64_t target) {
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointAfter(lastBuffer);
  if (!names.insert(name).second)
    return op->emitError() << "event name @" << name << " is taken";
  return EventOp::create(builder, op->getLoc(),
                         EventType::get(builder.getContext()), name, target,
                         MemoryScope::sys)
      .getResult();
}

/// A task sending x to element `offset` of `device`'s `buffer`, signalling
/// its `event`.
void ProgramBuilder::sendTask(Operation *op, StringRef stem, Value x,
                              int64_t device, StringRef buffer, int64_t offset,
                              StringRef event) {
  StringAttr peer = options.programOf.lookup(device);
  auto ref = [&](StringRef leaf) {
    return SymbolRefAttr::get(
        peer, FlatSymbolRefAttr::get(builder.getStringAttr(leaf)));
  };
  beginTask(op->getLoc(), stem);
  Value at = arith::ConstantIndexOp::create(builder, op->getLoc(), offset);
  SendOp::create(builder, op->getLoc(), x, ref(buffer), ValueRange{at},
                 ref(event), MemoryOrdering::release, MemoryScope::sys);
}

/// The k-th all_reduce of every device program of its group is one
/// collective: each device sends its x into a buffer of every peer
/// (`all_reduce_<k>_from_<device>`, written only by that send) and signals
/// the peer's `all_reduce_<k>_arrived` (sys scope, one signal per peer);
/// then each adds the group's contributions in the group's order, so every
/// device holds the same bits. The first add waits for the arrivals.
LogicalResult ProgramBuilder::partitionAllReduce(AllReduceOp op) {
  if (op.getKind() != ReduceKind::sum)
    return op.emitError() << "tile-partition lowers all_reduce sum only, got "
                          << stringifyReduceKind(op.getKind());
  ArrayRef<int32_t> group = op.getDevices();
  if (failed(checkGroup(op, group)))
    return failure();
  std::string stem = ("all_reduce_" + Twine(numAllReduces++)).str();
  Value x = lookup(op.getX());
  auto type = cast<MemRefType>(x.getType());
  // Peers' contributions, by device.
  llvm::DenseMap<int64_t, Value> from;
  for (int32_t device : group) {
    if (device == options.device)
      continue;
    FailureOr<Value> buffer =
        namedBuffer(op, (stem + "_from_" + Twine(device)).str(), type);
    if (failed(buffer))
      return failure();
    from[device] = *buffer;
  }
  FailureOr<Value> arrived =
      arrivalEvent(op, stem + "_arrived", group.size() - 1);
  if (failed(arrived) || failed(reserveTasks(op, 2 * (group.size() - 1))))
    return failure();
  for (int32_t device : group)
    if (device != options.device)
      sendTask(op, (stem + "_to_" + Twine(device)).str(), x, device,
               (stem + "_from_" + Twine(options.device)).str(), 0,
               stem + "_arrived");
  FailureOr<Value> out = resultBuffer(op, op.getResult(), stem);
  if (failed(out))
    return failure();
  auto contribution = [&](int32_t device) {
    return device == options.device ? x : from.lookup(device);
  };
  int64_t n = type.getNumElements();
  for (size_t i = 1; i < group.size(); ++i) {
    beginTask(op.getLoc(), stem);
    if (i == 1)
      WaitOp::create(builder, op.getLoc(), *arrived, MemoryOrdering::acquire,
                     MemoryScope::sys);
    Value lhs = i == 1 ? contribution(group[0]) : *out;
    ElementwiseOp::create(builder, op.getLoc(), ElementwiseKind::add, lhs,
                          contribution(group[i]), *out, 0, n);
  }
  return success();
}

/// The k-th all_gather of every device program of its group is one
/// collective: x's buffer becomes a view of this device's slice of the
/// result (the op computing x writes there), x is sent into the same slice
/// of every peer's result (named alike on every device), and each task
/// reading the result waits for `all_gather_<k>_arrived` (waitForArrivals).
LogicalResult ProgramBuilder::partitionAllGather(AllGatherOp op) {
  ArrayRef<int32_t> group = op.getDevices();
  if (failed(checkGroup(op, group)))
    return failure();
  std::string stem = ("all_gather_" + Twine(numAllGathers++)).str();
  Value x = lookup(op.getX());
  auto slice = x.getDefiningOp<BufferOp>();
  if (slice.getKind() != BufferKind::activation || slice.getParent())
    return op.emitError() << "all_gather's x must be computed by an op of "
                             "this function (an activation buffer), so that "
                             "it can write its slice of the result in place";
  FailureOr<Value> out = resultBuffer(op, op.getResult(), stem);
  if (failed(out))
    return failure();
  auto gathered = out->getDefiningOp<BufferOp>();
  int64_t position = llvm::find(group, options.device) - group.begin();
  int64_t elements = slice.getResult().getType().getNumElements();
  slice.setParentAttr(FlatSymbolRefAttr::get(gathered.getSymNameAttr()));
  slice.setParentOffset(position * slice.getSizeInBytes());
  if (failed(slice.verify()))
    return failure();
  FailureOr<Value> arrived =
      arrivalEvent(op, stem + "_arrived", group.size() - 1);
  if (failed(arrived) || failed(reserveTasks(op, group.size() - 1)))
    return failure();
  arrivals[*out] = *arrived;
  for (int32_t device : group)
    if (device != options.device)
      sendTask(op, (stem + "_to_" + Twine(device)).str(), x, device,
               gathered.getSymName(), position * elements, stem + "_arrived");
  return success();
}

/// The k-th send_to naming a device lands in that device's
/// `transfer_<k>_from_<this device>` (its k-th recv_from naming this
/// device), with its `..._arrived` event.
LogicalResult ProgramBuilder::partitionSendTo(SendToOp op) {
  Value x = lookup(op.getX());
  for (int32_t device : op.getDevices()) {
    if (device == options.device)
      return op.emitError() << "device " << device
                            << " sends to itself: a transfer crosses devices";
    if (!options.programOf.count(device))
      return op.emitError() << "send_to names device " << device
                            << ", which no function of the module "
                               "(tile.device) compiles for";
    std::string name = ("transfer_" + Twine(sentTo[device]++) + "_from_" +
                        Twine(options.device))
                           .str();
    if (failed(reserveTasks(op, 1)))
      return failure();
    sendTask(op, ("transfer_to_" + Twine(device)).str(), x, device, name, 0,
             name + "_arrived");
  }
  return success();
}

LogicalResult ProgramBuilder::partitionRecvFrom(RecvFromOp op) {
  int64_t from = op.getDeviceAttr().getInt();
  if (from == options.device || !options.programOf.count(from))
    return op.emitError() << "recv_from names device " << from
                          << ", which is this device or has no function "
                             "(tile.device) in the module";
  if (outputs.count(op.getResult()))
    return op.emitError("a received tensor cannot be a result: pass it "
                        "through an op first");
  FailureOr<MemRefType> type = activationType(
      op.getLoc(), cast<RankedTensorType>(op.getResult().getType()));
  if (failed(type))
    return failure();
  std::string name =
      ("transfer_" + Twine(receivedFrom[from]++) + "_from_" + Twine(from))
          .str();
  FailureOr<Value> buffer = namedBuffer(op, name, *type);
  if (failed(buffer))
    return failure();
  FailureOr<Value> arrived = arrivalEvent(op, name + "_arrived", 1);
  if (failed(arrived))
    return failure();
  arrivals[*buffer] = *arrived;
  buffers[op.getResult()] = *buffer;
  return success();
}

/// Tasks reading a buffer peers send into wait for the data first.
void ProgramBuilder::waitForArrivals() {
  for (auto task : program.getOps<TaskOp>()) {
    SmallVector<Value> events;
    forEachAccess(task, [&](const BufferAccess &a) {
      if (Value event = arrivals.lookup(a.buffer);
          event && !a.write && !llvm::is_contained(events, event))
        events.push_back(event);
    });
    builder.setInsertionPointToStart(&task.getBody().front());
    for (Value event : events)
      WaitOp::create(builder, task.getLoc(), event, MemoryOrdering::acquire,
                     MemoryScope::sys);
  }
}

LogicalResult ProgramBuilder::partition(Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case<EmbedOp>([&](auto op) { return partitionEmbed(op); })
      .Case<RMSNormOp>([&](auto op) { return partitionRMSNorm(op); })
      .Case<LinearOp>([&](auto op) { return partitionLinear(op); })
      .Case<SwigluLinearOp>([&](auto op) { return partitionSwiglu(op); })
      .Case<RopeOp>([&](auto op) { return partitionRope(op); })
      .Case<KVAppendOp>([&](auto op) { return partitionKVAppend(op); })
      .Case<AttentionOp>([&](auto op) { return partitionAttention(op); })
      .Case<AddOp>([&](Operation *op) {
        return partitionElementwise(op, ElementwiseKind::add);
      })
      .Case<SiluMulOp>([&](Operation *op) {
        return partitionElementwise(op, ElementwiseKind::silu_mul);
      })
      .Case<ArgmaxOp>([&](auto op) { return partitionArgmax(op); })
      .Case<PositionOp, func::ReturnOp>([](auto) { return success(); })
      .Case<AllReduceOp>([&](auto op) { return partitionAllReduce(op); })
      .Case<AllGatherOp>([&](auto op) { return partitionAllGather(op); })
      .Case<SendToOp>([&](auto op) { return partitionSendTo(op); })
      .Case<RecvFromOp>([&](auto op) { return partitionRecvFrom(op); })
      .Default([](Operation *op) {
        return op->emitError() << "tile-partition cannot partition '"
                               << op->getName() << "'";
      });
}

/// True if `use` is the positions operand of an op that reads positions.
bool isPositionsOperand(OpOperand &use) {
  Operation *user = use.getOwner();
  if (auto rope = dyn_cast<RopeOp>(user))
    return &use == &rope.getPositionsMutable();
  if (auto append = dyn_cast<KVAppendOp>(user))
    return &use == &append.getPositionsMutable();
  if (auto attention = dyn_cast<AttentionOp>(user))
    return &use == &attention.getPositionsMutable();
  return false;
}

LogicalResult ProgramBuilder::run() {
  if (!func.getBody().hasOneBlock())
    return func.emitError("tile-partition needs a single-block function");
  Block &body = func.getBody().front();
  auto ret = cast<func::ReturnOp>(body.getTerminator());
  for (auto [i, value] : llvm::enumerate(ret.getOperands())) {
    auto name = func.getResultAttrOfType<StringAttr>(i, kOutputAttr);
    if (!name)
      name = builder.getStringAttr("output" + Twine(i));
    Operation *def = value.getDefiningOp();
    if (!def || isa<KVAppendOp, PositionOp>(def) ||
        !outputs.try_emplace(value, name).second)
      return func.emitError()
             << "result #" << i
             << " must be computed by an op that writes an output buffer, "
                "and returned once (arguments, KV cache updates and "
                "positions cannot be results)";
  }
  for (auto [i, value] : llvm::enumerate(ret.getOperands()))
    if (auto input = func.getResultAttrOfType<StringAttr>(i, kFeedsAttr))
      feeds[value] = input;
  WalkResult positions = body.walk([&](PositionOp position) {
    for (OpOperand &use : position->getUses())
      if (!isPositionsOperand(use)) {
        use.getOwner()->emitError()
            << "tile-partition: operand #" << use.getOperandNumber()
            << " comes from tile.position, which only feeds the positions "
               "operand of tile.rope, tile.kv_append and tile.attention";
        return WalkResult::interrupt();
      }
    return WalkResult::advance();
  });
  if (positions.wasInterrupted())
    return failure();
  for (BlockArgument arg : body.getArguments()) {
    FailureOr<Value> buffer = argumentBuffer(arg);
    if (failed(buffer))
      return failure();
    buffers[arg] = *buffer;
  }
  for (Operation &op : body)
    if (failed(partition(&op)))
      return failure();
  waitForArrivals();
  return success();
}

class Partition : public mlir::tile::impl::PartitionPassBase<Partition> {
public:
  using PartitionPassBase::PartitionPassBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (workers < 1 || workers > 1024 || maxTaskBytes < 1 || kvChunk < 1) {
      // At the location only: no dump of the module under the message.
      mlir::emitError(module.getLoc(),
                      "tile-partition: workers must be in [1, 1024], "
                      "max-task-bytes and kv-chunk positive");
      return signalPassFailure();
    }
    auto funcs = llvm::to_vector(module.getOps<func::FuncOp>());
    // One function per device: with several, each names its device.
    llvm::DenseMap<int64_t, StringAttr> programOf;
    for (auto func : funcs) {
      int64_t id = device;
      if (auto attr = func->getAttrOfType<IntegerAttr>(kDeviceAttr))
        id = attr.getInt();
      else if (funcs.size() > 1) {
        func.emitError() << "tile-partition compiles one function per device: "
                            "with "
                         << funcs.size()
                         << " functions, each needs a tile.device = <id>";
        return signalPassFailure();
      }
      if (id < 0 || !programOf.try_emplace(id, func.getSymNameAttr()).second) {
        func.emitError() << "device " << id
                         << " is negative or has two functions";
        return signalPassFailure();
      }
    }
    for (auto func : funcs) {
      int64_t id = device;
      if (auto attr = func->getAttrOfType<IntegerAttr>(kDeviceAttr))
        id = attr.getInt();
      OpBuilder builder(func);
      auto program = ProgramOp::create(builder, func.getLoc(), func.getSymName(),
                                       id, target, workers);
      program.getBody().emplaceBlock();
      ProgramBuilder programBuilder(func, program,
                                    {workers, maxTaskBytes, kvChunk,
                                     foldCombine, foldRopeAppend, id,
                                     programOf});
      if (failed(programBuilder.run()))
        return signalPassFailure();
      func.erase();
    }
  }
};
} // namespace
