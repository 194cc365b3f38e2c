//===- TileGraphOps.cpp - verifiers of graph-level ops ---------------------===//
//
// Activations are [tokens, features]; every message names the operand and the
// numbers that disagree, so a frontend bug is found from the message alone.
//
//===----------------------------------------------------------------------===//
#include "tile/Dialect/Tile/TileOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::tile;

namespace {
std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return s.empty() ? "scalar" : s;
}

/// Checks that `type` has rank `rank`; `what` describes the expected layout.
LogicalResult expectRank(Operation *op, StringRef name, RankedTensorType type,
                         int64_t rank, StringRef what) {
  if (type.getRank() == rank)
    return success();
  return op->emitOpError() << name << " must be rank " << rank << " " << what
                           << ", got rank " << type.getRank();
}

LogicalResult expectActivation(Operation *op, StringRef name,
                               RankedTensorType type) {
  return expectRank(op, name, type, 2, "[tokens, features]");
}

LogicalResult expectSameType(Operation *op, StringRef name, Type actual,
                             Type expected, StringRef expectedName) {
  if (actual == expected)
    return success();
  return op->emitOpError() << name << " type " << actual << " must equal "
                           << expectedName << " type " << expected;
}

/// positions must hold one entry per token row.
LogicalResult expectPositions(Operation *op, RankedTensorType positions,
                              int64_t rows, StringRef rowsOf) {
  if (failed(expectRank(op, "positions", positions, 1, "[tokens]")))
    return failure();
  if (positions.getDimSize(0) == rows)
    return success();
  return op->emitOpError() << "positions has " << positions.getDimSize(0)
                           << " entries but " << rowsOf << " has " << rows
                           << " rows";
}
/// A fused rmsnorm prologue: a [features] weight and its epsilon, together.
LogicalResult verifyNormPrologue(Operation *op, Value normWeight,
                                 std::optional<APFloat> epsilon,
                                 int64_t features) {
  if (!normWeight != !epsilon)
    return op->emitOpError("norm_epsilon must be set exactly when norm is");
  if (!normWeight)
    return success();
  auto type = cast<RankedTensorType>(normWeight.getType());
  if (failed(expectRank(op, "norm weight", type, 1, "[features]")))
    return failure();
  if (type.getDimSize(0) != features)
    return op->emitOpError() << "norm weight has " << type.getDimSize(0)
                             << " elements but x has " << features
                             << " features";
  if (!(epsilon->convertToFloat() > 0))
    return op->emitOpError("norm_epsilon must be positive");
  return success();
}

/// x [M, K] times an [N, K] weight gives [M, N].
LogicalResult verifyProjection(Operation *op, RankedTensorType x,
                               RankedTensorType weight,
                               RankedTensorType result) {
  if (failed(expectActivation(op, "x", x)) ||
      failed(expectRank(op, "weight", weight, 2, "[out, in]")))
    return failure();
  if (weight.getDimSize(1) != x.getDimSize(1))
    return op->emitOpError() << "weight is [out, in] = "
                             << shapeStr(weight.getShape()) << " but x has "
                             << x.getDimSize(1) << " features";
  SmallVector<int64_t> expected{x.getDimSize(0), weight.getDimSize(0)};
  if (result.getShape() != ArrayRef<int64_t>(expected))
    return op->emitOpError() << "result must be " << shapeStr(expected)
                             << " ([tokens, out]), got "
                             << shapeStr(result.getShape());
  return success();
}
} // namespace

LogicalResult mlir::tile::verifyWellSizedTensors(Operation *op) {
  constexpr int64_t kMaxElements = int64_t(1) << 40;
  auto check = [&](Type type, StringRef what, unsigned index) -> LogicalResult {
    auto tensor = dyn_cast<RankedTensorType>(type);
    if (!tensor || !tensor.hasStaticShape())
      return success(); // the operand's type constraint reports it
    int64_t elements = 1;
    for (int64_t dim : tensor.getShape())
      if (dim <= 0 || llvm::MulOverflow(elements, dim, elements) ||
          elements > kMaxElements)
        return op->emitOpError()
               << what << " #" << index << " " << type
               << " must have positive dimensions and at most 2^40 elements";
    return success();
  };
  for (auto [i, type] : llvm::enumerate(op->getOperandTypes()))
    if (failed(check(type, "operand", i)))
      return failure();
  for (auto [i, type] : llvm::enumerate(op->getResultTypes()))
    if (failed(check(type, "result", i)))
      return failure();
  return success();
}

LogicalResult EmbedOp::verify() {
  auto table = getTable().getType(), result = getResult().getType();
  auto ids = getIds().getType();
  if (failed(expectRank(*this, "table", table, 2, "[vocab, hidden]")) ||
      failed(expectRank(*this, "ids", ids, 1, "[tokens]")))
    return failure();
  SmallVector<int64_t> expected{ids.getDimSize(0), table.getDimSize(1)};
  if (result.getShape() != ArrayRef<int64_t>(expected))
    return emitOpError() << "result must be " << shapeStr(expected)
                         << " ([tokens, hidden]), got "
                         << shapeStr(result.getShape());
  return success(); // the row is converted to the activation dtype
}

LogicalResult RMSNormOp::verify() {
  auto x = getX().getType(), weight = getWeight().getType();
  if (failed(expectActivation(*this, "x", x)) ||
      failed(expectRank(*this, "weight", weight, 1, "[features]")))
    return failure();
  if (weight.getDimSize(0) == 0 || x.getDimSize(1) % weight.getDimSize(0))
    return emitOpError() << "weight has " << weight.getDimSize(0)
                         << " elements, which does not divide x's "
                         << x.getDimSize(1) << " features into groups";
  if (!(getEpsilon().convertToFloat() > 0))
    return emitOpError() << "epsilon must be positive";
  return expectSameType(*this, "result", getResult().getType(), x, "x");
}

LogicalResult LinearOp::verify() {
  auto x = getX().getType(), weight = getWeight().getType();
  if (failed(verifyProjection(*this, x, weight, getResult().getType())))
    return failure();
  if (auto bias = getBias()) {
    auto biasType = cast<RankedTensorType>(bias.getType());
    if (failed(expectRank(*this, "bias", biasType, 1, "[out]")))
      return failure();
    if (biasType.getDimSize(0) != weight.getDimSize(0))
      return emitOpError() << "bias has " << biasType.getDimSize(0)
                           << " elements but the weight has "
                           << weight.getDimSize(0) << " output rows";
    if (biasType.getElementType() != weight.getElementType())
      return emitOpError() << "bias element type " << biasType.getElementType()
                           << " must equal the weight's "
                           << weight.getElementType();
  }
  if (auto residual = getResidual())
    if (failed(expectSameType(*this, "residual", residual.getType(),
                              getResult().getType(), "result")))
      return failure();
  return verifyNormPrologue(*this, getNormWeight(), getNormEpsilon(),
                            x.getDimSize(1));
}

LogicalResult SwigluLinearOp::verify() {
  auto x = getX().getType(), gate = getGateWeight().getType();
  if (failed(verifyProjection(*this, x, gate, getResult().getType())))
    return failure();
  return verifyNormPrologue(*this, getNormWeight(), getNormEpsilon(),
                            x.getDimSize(1));
}

LogicalResult PositionOp::verify() {
  if (getResult().getType().getShape() != ArrayRef<int64_t>{1})
    return emitOpError() << "the position is one scalar: result must have "
                            "shape [1], got "
                         << shapeStr(getResult().getType().getShape());
  return success();
}

LogicalResult RopeOp::verify() {
  auto x = getX().getType();
  if (failed(expectActivation(*this, "x", x)))
    return failure();
  int64_t headDim = getHeadDim();
  if (headDim <= 0 || headDim % 2 != 0)
    return emitOpError() << "head_dim must be positive and even, got "
                         << headDim;
  if (x.getDimSize(1) % headDim != 0)
    return emitOpError() << "x has " << x.getDimSize(1)
                         << " features, not a multiple of head_dim "
                         << headDim;
  if (!(getTheta().convertToFloat() > 0))
    return emitOpError() << "theta must be positive";
  if (failed(expectPositions(*this, getPositions().getType(), x.getDimSize(0),
                             "x")))
    return failure();
  return expectSameType(*this, "result", getResult().getType(), x, "x");
}

LogicalResult KVAppendOp::verify() {
  auto cache = getCache().getType(), update = getUpdate().getType();
  if (failed(expectRank(*this, "cache", cache, 2,
                        "[max_seq_len, kv_heads * head_dim]")) ||
      failed(expectActivation(*this, "update", update)))
    return failure();
  if (update.getDimSize(1) != cache.getDimSize(1))
    return emitOpError() << "update has " << update.getDimSize(1)
                         << " features but the cache has "
                         << cache.getDimSize(1);
  if (update.getElementType() != cache.getElementType())
    return emitOpError() << "update element type " << update.getElementType()
                         << " must equal the cache's "
                         << cache.getElementType();
  if (update.getDimSize(0) > cache.getDimSize(0))
    return emitOpError() << "update has " << update.getDimSize(0)
                         << " rows but the cache holds only "
                         << cache.getDimSize(0);
  if (failed(expectPositions(*this, getPositions().getType(),
                             update.getDimSize(0), "update")))
    return failure();
  if (auto rope = getRopeAttr(); rope && cache.getDimSize(1) % rope.getHeadDim())
    return emitOpError() << "rope head_dim " << rope.getHeadDim()
                         << " does not divide the cache's "
                         << cache.getDimSize(1) << " features";
  return expectSameType(*this, "result", getResult().getType(), cache,
                        "cache");
}

LogicalResult AttentionOp::verify() {
  auto q = getQuery().getType(), k = getKeyCache().getType();
  if (failed(expectActivation(*this, "query", q)) ||
      failed(expectRank(*this, "key cache", k, 2,
                        "[max_seq_len, kv_heads * head_dim]")))
    return failure();
  if (getValueCache().getType() != k)
    return emitOpError() << "key and value caches must have the same type, got "
                         << k << " and " << getValueCache().getType();
  int64_t heads = getNumHeads(), kvHeads = getNumKvHeads(),
          headDim = getHeadDim();
  if (heads <= 0 || kvHeads <= 0 || headDim <= 0)
    return emitOpError()
           << "num_heads, num_kv_heads and head_dim must be positive";
  int64_t qFeatures, kvFeatures;
  if (llvm::MulOverflow(heads, headDim, qFeatures) ||
      llvm::MulOverflow(kvHeads, headDim, kvFeatures))
    return emitOpError() << "num_heads * head_dim overflows";
  if (heads % kvHeads != 0)
    return emitOpError() << "num_heads " << heads
                         << " is not a multiple of num_kv_heads " << kvHeads;
  if (q.getDimSize(1) != qFeatures)
    return emitOpError() << "query has " << q.getDimSize(1)
                         << " features, expected num_heads * head_dim = "
                         << qFeatures;
  if (k.getDimSize(1) != kvFeatures)
    return emitOpError() << "key cache has " << k.getDimSize(1)
                         << " features, expected num_kv_heads * head_dim = "
                         << kvFeatures;
  // The KV cache holds activations: same dtype as the query and the result.
  if (k.getElementType() != q.getElementType() ||
      getResult().getType().getElementType() != q.getElementType())
    return emitOpError() << "query, caches and result must share one element "
                            "type, got "
                         << q.getElementType() << ", " << k.getElementType()
                         << " and " << getResult().getType().getElementType();
  if (auto scale = getScale(); scale && !(scale->convertToFloat() > 0))
    return emitOpError() << "scale must be positive";
  if (failed(expectPositions(*this, getPositions().getType(), q.getDimSize(0),
                             "query")))
    return failure();
  if (getResult().getType().getShape() != q.getShape())
    return emitOpError() << "result must be " << shapeStr(q.getShape())
                         << " like the query, got "
                         << shapeStr(getResult().getType().getShape());
  return success();
}

LogicalResult ArgmaxOp::verify() {
  auto logits = getLogits().getType();
  if (failed(expectActivation(*this, "logits", logits)))
    return failure();
  if (getResult().getType().getShape() !=
      ArrayRef<int64_t>{logits.getDimSize(0)})
    return emitOpError() << "result must be " << logits.getDimSize(0)
                         << " (one id per token), got "
                         << shapeStr(getResult().getType().getShape());
  return success();
}

/// A collective's device group: at least two distinct, non-negative ids.
static LogicalResult verifyDeviceGroup(Operation *op, ArrayRef<int32_t> devices) {
  if (devices.size() < 2)
    return op->emitOpError() << "needs at least 2 devices, got "
                             << devices.size();
  llvm::SmallSet<int32_t, 8> seen;
  for (int32_t device : devices) {
    if (device < 0)
      return op->emitOpError() << "device id " << device << " is negative";
    if (!seen.insert(device).second)
      return op->emitOpError() << "device " << device << " appears twice";
  }
  return success();
}

LogicalResult AllReduceOp::verify() {
  return verifyDeviceGroup(*this, getDevices());
}

LogicalResult SendToOp::verify() {
  llvm::SmallSet<int32_t, 8> seen;
  if (getDevices().empty())
    return emitOpError("needs at least one receiving device");
  for (int32_t device : getDevices()) {
    if (device < 0)
      return emitOpError() << "device id " << device << " is negative";
    if (!seen.insert(device).second)
      return emitOpError() << "device " << device << " appears twice";
  }
  return success();
}

LogicalResult RecvFromOp::verify() {
  if (int64_t device = getDeviceAttr().getInt(); device < 0)
    return emitOpError() << "device id " << device << " is negative";
  return success();
}

LogicalResult AllGatherOp::verify() {
  if (failed(verifyDeviceGroup(*this, getDevices())))
    return failure();
  auto x = cast<RankedTensorType>(getX().getType());
  auto result = cast<RankedTensorType>(getResult().getType());
  int64_t n = getDevices().size();
  if (x.getRank() != 2 || x.getDimSize(0) != 1 || result.getRank() != 2 ||
      result.getDimSize(0) != 1)
    return emitOpError() << "gathers one token row: x and the result must be "
                            "[1, S] and [1, n * S], got "
                         << x << " and " << result;
  if (x.getElementType() != result.getElementType() ||
      result.getDimSize(1) != n * x.getDimSize(1))
    return emitOpError() << "result " << result << " must be x's " << n
                         << " devices x " << x.getDimSize(1)
                         << " elements of " << x.getElementType();
  return success();
}

#define GET_OP_CLASSES
#include "tile/Dialect/Tile/TileGraphOps.cpp.inc"
