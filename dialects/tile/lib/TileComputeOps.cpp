//===- TileComputeOps.cpp - verifiers and accesses of task compute ops -----===//
#include "tile/Dialect/Tile/TileOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace mlir::tile;

namespace {
int64_t elementBytes(Value buffer) {
  return llvm::divideCeil(
      cast<MemRefType>(buffer.getType()).getElementTypeBitWidth(), 8);
}
int64_t numElements(Value buffer) {
  return cast<MemRefType>(buffer.getType()).getNumElements();
}
int64_t dim(Value buffer, unsigned i) {
  return cast<MemRefType>(buffer.getType()).getDimSize(i);
}

/// Appends an access to elements [begin, end) of `buffer`.
void access(SmallVectorImpl<BufferAccess> &accesses, Value buffer,
            int64_t begin, int64_t end, bool write) {
  int64_t size = elementBytes(buffer);
  accesses.push_back({buffer, begin * size, end * size, write});
}
void accessAll(SmallVectorImpl<BufferAccess> &accesses, Value buffer,
               bool write) {
  access(accesses, buffer, 0, numElements(buffer), write);
}

/// Every compute op sits in a task and works on tile.buffer memrefs.
LogicalResult verifyPlacement(Operation *op) {
  if (!op->getParentOfType<TaskOp>())
    return op->emitOpError("must be inside a tile.task");
  for (Value operand : op->getOperands())
    if (isa<MemRefType>(operand.getType()) &&
        !operand.getDefiningOp<BufferOp>())
      return op->emitOpError("memref operands must be defined by tile.buffer");
  return success();
}

/// `[begin, end)` must be a non-empty part of `[0, limit)`.
LogicalResult verifyRange(Operation *op, StringRef what, int64_t begin,
                          int64_t end, int64_t limit) {
  if (0 <= begin && begin < end && end <= limit)
    return success();
  return op->emitOpError() << what << " [" << begin << ", " << end
                           << ") is not a non-empty part of [0, " << limit
                           << ")";
}

LogicalResult verifyElements(Operation *op, StringRef name, Value value,
                             int64_t expected, StringRef why) {
  if (numElements(value) == expected)
    return success();
  return op->emitOpError() << name << " has " << numElements(value)
                           << " elements, expected " << expected << " ("
                           << why << ")";
}

/// Shared checks of a matvec tile: weight [N, K], x [K], y [N], rows, norm.
LogicalResult verifyMatvecTile(Operation *op, Value weight, Value x, Value y,
                               int64_t rowBegin, int64_t rowEnd,
                               Value normWeight,
                               std::optional<APFloat> epsilon) {
  int64_t rows = dim(weight, 0), cols = dim(weight, 1);
  if (failed(verifyElements(op, "x", x, cols, "the weight's columns")) ||
      failed(verifyElements(op, "y", y, rows, "the weight's rows")) ||
      failed(verifyRange(op, "rows", rowBegin, rowEnd, rows)))
    return failure();
  if (!normWeight != !epsilon)
    return op->emitOpError("norm_epsilon must be set exactly when norm is");
  if (normWeight &&
      failed(verifyElements(op, "norm weight", normWeight, cols,
                            "the weight's columns")))
    return failure();
  if (epsilon && !(epsilon->convertToFloat() > 0))
    return op->emitOpError("norm_epsilon must be positive");
  return success();
}

void matvecAccesses(SmallVectorImpl<BufferAccess> &accesses, Value weight,
                    Value x, Value y, int64_t rowBegin, int64_t rowEnd,
                    Value normWeight) {
  int64_t cols = dim(weight, 1);
  access(accesses, weight, rowBegin * cols, rowEnd * cols, false);
  accessAll(accesses, x, false);
  if (normWeight)
    accessAll(accesses, normWeight, false);
  access(accesses, y, rowBegin, rowEnd, true);
}
/// The rotation of ROPE and a rotating KV_STORE (their slots agree):
/// theta, and the Llama 3 scaling's original max position and factors.
void encodeRotation(TaskRecordWriter &r, double theta,
                    Llama3ScalingAttr scaling) {
  static_assert(
      TILEC_ROPE_IP_original_max_position ==
          TILEC_KV_STORE_IP_original_max_position &&
      TILEC_ROPE_FP_theta == TILEC_KV_STORE_FP_theta &&
      TILEC_ROPE_FP_factor == TILEC_KV_STORE_FP_factor &&
      TILEC_ROPE_FP_low_freq_factor == TILEC_KV_STORE_FP_low_freq_factor &&
      TILEC_ROPE_FP_high_freq_factor == TILEC_KV_STORE_FP_high_freq_factor);
  r.setFloat(TILEC_ROPE_FP_theta, theta);
  if (!scaling)
    return;
  r.setInt(TILEC_ROPE_IP_original_max_position,
           scaling.getOriginalMaxPosition());
  r.setFloat(TILEC_ROPE_FP_factor, scaling.getFactor().convertToDouble());
  r.setFloat(TILEC_ROPE_FP_low_freq_factor,
             scaling.getLowFreqFactor().convertToDouble());
  r.setFloat(TILEC_ROPE_FP_high_freq_factor,
             scaling.getHighFreqFactor().convertToDouble());
}
} // namespace

//===----------------------------------------------------------------------===//

LogicalResult EmbedRowOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  if (getIds().getType().getNumElements() != 1)
    return emitOpError("ids must hold one token id");
  return verifyElements(*this, "out", getOut(), dim(getTable(), 1),
                        "the table's row length");
}

void EmbedRowOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  accessAll(accesses, getTable(), false); // the row is known at run time only
  accessAll(accesses, getIds(), false);
  accessAll(accesses, getOut(), true);
}

void EmbedRowOp::encodeTask(TaskRecordWriter &r) {
  r.setKind(TILEC_TASK_EMBED);
  r.setOperand(TILEC_EMBED_OP_table, getTable());
  r.setOperand(TILEC_EMBED_OP_ids, getIds());
  r.setOperand(TILEC_EMBED_OP_out, getOut());
  r.setInt(TILEC_EMBED_IP_V, dim(getTable(), 0));
  r.setInt(TILEC_EMBED_IP_H, dim(getTable(), 1));
}

LogicalResult RMSNormRowsOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  int64_t size = getGroupSize(), n = numElements(getX());
  if (size <= 0 || n % size != 0)
    return emitOpError() << "group_size " << size
                         << " must be positive and divide x's " << n
                         << " elements";
  if (!(getEpsilon().convertToFloat() > 0))
    return emitOpError("epsilon must be positive");
  if (failed(verifyElements(*this, "weight", getWeight(), size,
                            "the group size")) ||
      failed(verifyElements(*this, "y", getY(), n, "like x")))
    return failure();
  return verifyRange(*this, "groups", getGroupBegin(), getGroupEnd(),
                     n / size);
}

void RMSNormRowsOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  int64_t begin = getGroupBegin() * getGroupSize(),
          end = getGroupEnd() * getGroupSize();
  access(accesses, getX(), begin, end, false);
  accessAll(accesses, getWeight(), false);
  access(accesses, getY(), begin, end, true);
}

void RMSNormRowsOp::encodeTask(TaskRecordWriter &r) {
  r.setKind(TILEC_TASK_RMSNORM);
  r.setOperand(TILEC_RMSNORM_OP_x, getX());
  r.setOperand(TILEC_RMSNORM_OP_w, getWeight());
  r.setOperand(TILEC_RMSNORM_OP_y, getY());
  r.setInt(TILEC_RMSNORM_IP_G, getGroupSize());
  r.setInt(TILEC_RMSNORM_IP_g0, getGroupBegin());
  r.setInt(TILEC_RMSNORM_IP_g1, getGroupEnd());
  r.setFloat(TILEC_RMSNORM_FP_eps, getEpsilon().convertToFloat());
}

LogicalResult MatvecOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  auto x = cast<MemRefType>(getX().getType());
  if (x.getRank() == 3) {
    // x is attention partials [chunks, heads, head_dim + 2], merged first.
    if (!getXType())
      return emitOpError("x is attention partials (rank 3): x_type must say "
                         "the merged x's element type");
    if (!isa<Float32Type, BFloat16Type, Float16Type>(*getXType()))
      return emitOpError() << "x_type must be f32, bf16 or f16, got "
                           << *getXType();
    if (getNormWeight() || getNormEpsilon())
      return emitOpError("a norm prologue cannot follow attention partials");
    int64_t columns = x.getDimSize(1) * (x.getDimSize(2) - 2);
    if (x.getDimSize(0) < 1 || x.getDimSize(1) < 1)
      return emitOpError("attention partials need at least one chunk and head");
    if (x.getDimSize(2) < 3 || columns != dim(getWeight(), 1))
      return emitOpError() << "attention partials of " << x.getDimSize(1)
                           << " heads x " << x.getDimSize(2) - 2
                           << " make " << columns << " columns, but the weight has "
                           << dim(getWeight(), 1);
    if (failed(verifyElements(*this, "y", getY(), dim(getWeight(), 0),
                              "the weight's rows")) ||
        failed(verifyRange(*this, "rows", getRowBegin(), getRowEnd(),
                           dim(getWeight(), 0))))
      return failure();
  } else if (getXType()) {
    return emitOpError("x_type is only for attention partials (rank-3 x)");
  } else if (failed(verifyMatvecTile(*this, getWeight(), getX(), getY(),
                                     getRowBegin(), getRowEnd(),
                                     getNormWeight(), getNormEpsilon()))) {
    return failure();
  }
  int64_t rows = dim(getWeight(), 0);
  if (getBias() && failed(verifyElements(*this, "bias", getBias(), rows,
                                         "the weight's rows")))
    return failure();
  if (getResidual() &&
      failed(verifyElements(*this, "residual", getResidual(), rows,
                            "the weight's rows")))
    return failure();
  return success();
}

void MatvecOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  matvecAccesses(accesses, getWeight(), getX(), getY(), getRowBegin(),
                 getRowEnd(), getNormWeight());
  for (Value epilogue : {getBias(), getResidual()})
    if (epilogue)
      access(accesses, epilogue, getRowBegin(), getRowEnd(), false);
}

void MatvecOp::encodeTask(TaskRecordWriter &r) {
  r.setKind(TILEC_TASK_MATVEC);
  r.setOperand(TILEC_MATVEC_OP_W, getWeight());
  r.setOperand(TILEC_MATVEC_OP_x, getX());
  r.setOperand(TILEC_MATVEC_OP_y, getY());
  r.setOperand(TILEC_MATVEC_OP_bias, getBias());
  r.setOperand(TILEC_MATVEC_OP_residual, getResidual());
  r.setOperand(TILEC_MATVEC_OP_norm, getNormWeight());
  r.setInt(TILEC_MATVEC_IP_N, dim(getWeight(), 0));
  r.setInt(TILEC_MATVEC_IP_K, dim(getWeight(), 1));
  r.setInt(TILEC_MATVEC_IP_r0, getRowBegin());
  r.setInt(TILEC_MATVEC_IP_r1, getRowEnd());
  if (auto epsilon = getNormEpsilon())
    r.setFloat(TILEC_MATVEC_FP_eps, epsilon->convertToFloat());
  if (auto xType = getXType()) {
    // x is attention partials [C, H, D + 2], merged first.
    r.setInt(TILEC_MATVEC_IP_C, dim(getX(), 0));
    r.setInt(TILEC_MATVEC_IP_H, dim(getX(), 1));
    r.setInt(TILEC_MATVEC_IP_D, dim(getX(), 2) - 2);
    r.setInt(TILEC_MATVEC_IP_x_dtype, dtypeCode(*xType));
  }
}

LogicalResult MatvecSwigluOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  return verifyMatvecTile(*this, getGateWeight(), getX(), getY(),
                          getRowBegin(), getRowEnd(), getNormWeight(),
                          getNormEpsilon());
}

void MatvecSwigluOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  matvecAccesses(accesses, getGateWeight(), getX(), getY(), getRowBegin(),
                 getRowEnd(), getNormWeight());
  int64_t cols = dim(getUpWeight(), 1);
  access(accesses, getUpWeight(), getRowBegin() * cols, getRowEnd() * cols,
         false);
}

void MatvecSwigluOp::encodeTask(TaskRecordWriter &r) {
  r.setKind(TILEC_TASK_MATVEC_SWIGLU);
  r.setOperand(TILEC_MATVEC_SWIGLU_OP_Wg, getGateWeight());
  r.setOperand(TILEC_MATVEC_SWIGLU_OP_x, getX());
  r.setOperand(TILEC_MATVEC_SWIGLU_OP_y, getY());
  r.setOperand(TILEC_MATVEC_SWIGLU_OP_Wu, getUpWeight());
  r.setOperand(TILEC_MATVEC_SWIGLU_OP_norm, getNormWeight());
  r.setInt(TILEC_MATVEC_SWIGLU_IP_N, dim(getGateWeight(), 0));
  r.setInt(TILEC_MATVEC_SWIGLU_IP_K, dim(getGateWeight(), 1));
  r.setInt(TILEC_MATVEC_SWIGLU_IP_r0, getRowBegin());
  r.setInt(TILEC_MATVEC_SWIGLU_IP_r1, getRowEnd());
  if (auto epsilon = getNormEpsilon())
    r.setFloat(TILEC_MATVEC_SWIGLU_FP_eps, epsilon->convertToFloat());
}

LogicalResult RopeHeadsOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  int64_t headDim = getHeadDim(), n = numElements(getX());
  if (headDim <= 0 || headDim % 2 != 0 || n % headDim != 0)
    return emitOpError() << "head_dim " << headDim
                         << " must be positive, even and divide x's " << n
                         << " elements";
  if (!(getTheta().convertToFloat() > 0))
    return emitOpError("theta must be positive");
  if (failed(verifyElements(*this, "y", getY(), n, "like x")))
    return failure();
  return verifyRange(*this, "heads", getHeadBegin(), getHeadEnd(),
                     n / headDim);
}

void RopeHeadsOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  int64_t begin = getHeadBegin() * getHeadDim(),
          end = getHeadEnd() * getHeadDim();
  access(accesses, getX(), begin, end, false);
  access(accesses, getY(), begin, end, true);
}

void RopeHeadsOp::encodeTask(TaskRecordWriter &r) {
  r.setKind(TILEC_TASK_ROPE);
  r.setOperand(TILEC_ROPE_OP_x, getX());
  r.setOperand(TILEC_ROPE_OP_y, getY());
  r.setInt(TILEC_ROPE_IP_D, getHeadDim());
  r.setInt(TILEC_ROPE_IP_h0, getHeadBegin());
  r.setInt(TILEC_ROPE_IP_h1, getHeadEnd());
  encodeRotation(r, getTheta().convertToDouble(), getScalingAttr());
}

LogicalResult KVStoreOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  if (getSource().getType().getElementType() !=
      getCache().getType().getElementType())
    return emitOpError("source and cache must have the same element type");
  if (auto rope = getRopeAttr(); rope && dim(getCache(), 1) % rope.getHeadDim())
    return emitOpError() << "rope head_dim " << rope.getHeadDim()
                         << " does not divide the cache's row length "
                         << dim(getCache(), 1);
  return verifyElements(*this, "source", getSource(), dim(getCache(), 1),
                        "the cache's row length");
}

void KVStoreOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  accessAll(accesses, getSource(), false);
  accessAll(accesses, getCache(), true); // the row is the run-time position
}

void KVStoreOp::encodeTask(TaskRecordWriter &r) {
  r.setKind(TILEC_TASK_KV_STORE);
  r.setOperand(TILEC_KV_STORE_OP_src, getSource());
  r.setOperand(TILEC_KV_STORE_OP_cache, getCache());
  r.setInt(TILEC_KV_STORE_IP_S, dim(getCache(), 0));
  r.setInt(TILEC_KV_STORE_IP_D, dim(getCache(), 1));
  if (auto rope = getRopeAttr()) {
    r.setInt(TILEC_KV_STORE_IP_head_dim, rope.getHeadDim());
    encodeRotation(r, rope.getTheta().convertToDouble(), rope.getScaling());
  }
}

LogicalResult RopeAppendOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  if (getKey().getType().getElementType() !=
      getKeyCache().getType().getElementType())
    return emitOpError("key and caches must have the same element type");
  int64_t headDim = getRope().getHeadDim(), row = dim(getKeyCache(), 1);
  if (row % headDim)
    return emitOpError() << "rope head_dim " << headDim
                         << " does not divide the caches' row length " << row;
  if (numElements(getQuery()) % headDim)
    return emitOpError() << "rope head_dim " << headDim
                         << " does not divide the query's "
                         << numElements(getQuery()) << " elements";
  if (failed(verifyElements(*this, "query_out", getQueryOut(),
                            numElements(getQuery()), "the query's size")))
    return failure();
  return verifyElements(*this, "key", getKey(), row, "the caches' row length");
}

void RopeAppendOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  accessAll(accesses, getQuery(), false);
  accessAll(accesses, getKey(), false);
  accessAll(accesses, getValue(), false);
  accessAll(accesses, getQueryOut(), true);
  accessAll(accesses, getKeyCache(), true); // the row is the run-time position
  accessAll(accesses, getValueCache(), true);
}

void RopeAppendOp::encodeTask(TaskRecordWriter &r) {
  r.setKind(TILEC_TASK_ROPE_APPEND);
  r.setOperand(TILEC_ROPE_APPEND_OP_q, getQuery());
  r.setOperand(TILEC_ROPE_APPEND_OP_q_out, getQueryOut());
  r.setOperand(TILEC_ROPE_APPEND_OP_k, getKey());
  r.setOperand(TILEC_ROPE_APPEND_OP_k_cache, getKeyCache());
  r.setOperand(TILEC_ROPE_APPEND_OP_v, getValue());
  r.setOperand(TILEC_ROPE_APPEND_OP_v_cache, getValueCache());
  RopeAttr rope = getRope();
  r.setInt(TILEC_ROPE_APPEND_IP_D, rope.getHeadDim());
  r.setInt(TILEC_ROPE_APPEND_IP_Hq,
           numElements(getQuery()) / rope.getHeadDim());
  r.setInt(TILEC_ROPE_APPEND_IP_S, dim(getKeyCache(), 0));
  r.setInt(TILEC_ROPE_APPEND_IP_Dkv, dim(getKeyCache(), 1));
  static_assert(TILEC_ROPE_APPEND_IP_original_max_position ==
                        TILEC_ROPE_IP_original_max_position &&
                    TILEC_ROPE_APPEND_FP_theta == TILEC_ROPE_FP_theta &&
                    TILEC_ROPE_APPEND_FP_factor == TILEC_ROPE_FP_factor &&
                    TILEC_ROPE_APPEND_FP_low_freq_factor ==
                        TILEC_ROPE_FP_low_freq_factor &&
                    TILEC_ROPE_APPEND_FP_high_freq_factor ==
                        TILEC_ROPE_FP_high_freq_factor,
                "the device's @rope_params reads every rotating kind's slots "
                "at rope's places");
  encodeRotation(r, rope.getTheta().convertToDouble(), rope.getScaling());
}

LogicalResult AttentionPartialOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  int64_t heads = getNumHeads(), kvHeads = getNumKvHeads(),
          headDim = getHeadDim(), chunkSize = getChunkSize();
  if (heads <= 0 || kvHeads <= 0 || headDim <= 0 || chunkSize <= 0 ||
      heads % kvHeads != 0)
    return emitOpError("needs positive num_heads, num_kv_heads, head_dim and "
                       "chunk_size, num_heads a multiple of num_kv_heads");
  if (getKeyCache().getType().getElementType() !=
      getQuery().getType().getElementType())
    return emitOpError("query and caches must have the same element type");
  int64_t seqLen = dim(getKeyCache(), 0);
  int64_t chunks = llvm::divideCeil(seqLen, chunkSize);
  if (failed(verifyElements(*this, "query", getQuery(), heads * headDim,
                            "num_heads * head_dim")) ||
      failed(verifyElements(*this, "key cache", getKeyCache(),
                            seqLen * kvHeads * headDim,
                            "max_seq_len * num_kv_heads * head_dim")))
    return failure();
  ArrayRef<int64_t> partial = getPartial().getType().getShape();
  SmallVector<int64_t> expected{chunks, heads, headDim + 2};
  if (partial != ArrayRef<int64_t>(expected))
    return emitOpError() << "partial must be [chunks, num_heads, head_dim + 2] "
                            "= ["
                         << chunks << ", " << heads << ", " << headDim + 2
                         << "]";
  if (!(getScale().convertToFloat() > 0))
    return emitOpError("scale must be positive");
  if (failed(verifyRange(*this, "kv_head", getKvHead(), getKvHead() + 1,
                         kvHeads)))
    return failure();
  return verifyRange(*this, "chunk", getChunk(), getChunk() + 1, chunks);
}

void AttentionPartialOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  int64_t group = getHeadsPerGroup(), headDim = getHeadDim();
  int64_t firstHead = getKvHead() * group;
  access(accesses, getQuery(), firstHead * headDim,
         (firstHead + group) * headDim, false);
  int64_t seqLen = dim(getKeyCache(), 0), rowLen = dim(getKeyCache(), 1);
  int64_t rowBegin = getChunk() * getChunkSize(),
          rowEnd = std::min(rowBegin + getChunkSize(), seqLen);
  for (Value cache : {getKeyCache(), getValueCache()})
    access(accesses, cache, rowBegin * rowLen, rowEnd * rowLen, false);
  int64_t stride = headDim + 2, base = getChunk() * getNumHeads();
  access(accesses, getPartial(), (base + firstHead) * stride,
         (base + firstHead + group) * stride, true);
}

void AttentionPartialOp::encodeTask(TaskRecordWriter &r) {
  r.setKind(TILEC_TASK_ATTN_PARTIAL);
  r.setOperand(TILEC_ATTN_PARTIAL_OP_q, getQuery());
  r.setOperand(TILEC_ATTN_PARTIAL_OP_k, getKeyCache());
  r.setOperand(TILEC_ATTN_PARTIAL_OP_v, getValueCache());
  r.setOperand(TILEC_ATTN_PARTIAL_OP_partial, getPartial());
  r.setInt(TILEC_ATTN_PARTIAL_IP_Hq, getNumHeads());
  r.setInt(TILEC_ATTN_PARTIAL_IP_Hkv, getNumKvHeads());
  r.setInt(TILEC_ATTN_PARTIAL_IP_D, getHeadDim());
  r.setInt(TILEC_ATTN_PARTIAL_IP_S, dim(getKeyCache(), 0));
  r.setInt(TILEC_ATTN_PARTIAL_IP_c, getChunk());
  r.setInt(TILEC_ATTN_PARTIAL_IP_g, getKvHead());
  r.setInt(TILEC_ATTN_PARTIAL_IP_chunk, getChunkSize());
  r.setInt(TILEC_ATTN_PARTIAL_IP_C, dim(getPartial(), 0));
  r.setFloat(TILEC_ATTN_PARTIAL_FP_scale, getScale().convertToFloat());
}

LogicalResult AttentionCombineOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  ArrayRef<int64_t> partial = getPartial().getType().getShape();
  int64_t heads = partial[1], headDim = partial[2] - 2;
  if (headDim <= 0)
    return emitOpError("partial's last dimension must be head_dim + 2 > 2");
  if (failed(verifyElements(*this, "out", getOut(), heads * headDim,
                            "num_heads * head_dim")))
    return failure();
  return verifyRange(*this, "heads", getHeadBegin(), getHeadEnd(), heads);
}

void AttentionCombineOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  ArrayRef<int64_t> partial = getPartial().getType().getShape();
  int64_t stride = partial[2]; // head_dim + 2
  for (int64_t chunk = 0; chunk < partial[0]; ++chunk)
    access(accesses, getPartial(), (chunk * partial[1] + getHeadBegin()) * stride,
           (chunk * partial[1] + getHeadEnd()) * stride, false);
  int64_t headDim = partial[2] - 2;
  access(accesses, getOut(), getHeadBegin() * headDim,
         getHeadEnd() * headDim, true);
}

void AttentionCombineOp::encodeTask(TaskRecordWriter &r) {
  r.setKind(TILEC_TASK_ATTN_COMBINE);
  r.setOperand(TILEC_ATTN_COMBINE_OP_partial, getPartial());
  r.setOperand(TILEC_ATTN_COMBINE_OP_out, getOut());
  r.setInt(TILEC_ATTN_COMBINE_IP_Hq, dim(getPartial(), 1));
  r.setInt(TILEC_ATTN_COMBINE_IP_D, dim(getPartial(), 2) - 2);
  r.setInt(TILEC_ATTN_COMBINE_IP_h0, getHeadBegin());
  r.setInt(TILEC_ATTN_COMBINE_IP_h1, getHeadEnd());
  r.setInt(TILEC_ATTN_COMBINE_IP_C, dim(getPartial(), 0));
}

LogicalResult ElementwiseOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  int64_t n = numElements(getY());
  if (numElements(getLhs()) != n || numElements(getRhs()) != n)
    return emitOpError() << "lhs, rhs and y must have the same number of "
                            "elements, got "
                         << numElements(getLhs()) << ", "
                         << numElements(getRhs()) << " and " << n;
  return verifyRange(*this, "range", getBegin(), getEnd(), n);
}

void ElementwiseOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  access(accesses, getLhs(), getBegin(), getEnd(), false);
  access(accesses, getRhs(), getBegin(), getEnd(), false);
  access(accesses, getY(), getBegin(), getEnd(), true);
}

void ElementwiseOp::encodeTask(TaskRecordWriter &r) {
  static_assert(TILEC_ADD_OP_a == TILEC_SILU_MUL_OP_a &&
                TILEC_ADD_OP_b == TILEC_SILU_MUL_OP_b &&
                TILEC_ADD_OP_y == TILEC_SILU_MUL_OP_y &&
                TILEC_ADD_IP_i0 == TILEC_SILU_MUL_IP_i0 &&
                TILEC_ADD_IP_i1 == TILEC_SILU_MUL_IP_i1);
  r.setKind(getKind() == ElementwiseKind::add ? TILEC_TASK_ADD
                                              : TILEC_TASK_SILU_MUL);
  r.setOperand(TILEC_ADD_OP_a, getLhs());
  r.setOperand(TILEC_ADD_OP_b, getRhs());
  r.setOperand(TILEC_ADD_OP_y, getY());
  r.setInt(TILEC_ADD_IP_i0, getBegin());
  r.setInt(TILEC_ADD_IP_i1, getEnd());
}

LogicalResult ArgmaxRowOp::verify() {
  if (failed(verifyPlacement(*this)))
    return failure();
  if (getOut().getType().getNumElements() != 1)
    return emitOpError("out must hold one token id");
  if (numElements(getLogits()) == 0)
    return emitOpError("logits must not be empty");
  return success();
}

void ArgmaxRowOp::getAccesses(SmallVectorImpl<BufferAccess> &accesses) {
  accessAll(accesses, getLogits(), false);
  accessAll(accesses, getOut(), true);
}

void ArgmaxRowOp::encodeTask(TaskRecordWriter &r) {
  r.setKind(TILEC_TASK_ARGMAX);
  r.setOperand(TILEC_ARGMAX_OP_logits, getLogits());
  r.setOperand(TILEC_ARGMAX_OP_out, getOut());
  r.setInt(TILEC_ARGMAX_IP_V, dim(getLogits(), 0));
}

#define GET_OP_CLASSES
#include "tile/Dialect/Tile/TileComputeOps.cpp.inc"
