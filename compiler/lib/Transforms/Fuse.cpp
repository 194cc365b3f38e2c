//===- Fuse.cpp - fuse epilogues and prologues into projections ------------===//
#include "tilec/Transforms/Passes.h"

#include "tile/Dialect/Tile/TileOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tile {
#define GEN_PASS_DEF_FUSEPASS
#include "tilec/Transforms/Passes.h.inc"
} // namespace mlir::tile

using namespace mlir;
using namespace mlir::tile;

namespace {
/// add(linear(x, w), r) -> linear(x, w) residual(r).
struct FuseResidual : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (auto [projected, other] :
         {std::pair{add.getLhs(), add.getRhs()},
          std::pair{add.getRhs(), add.getLhs()}}) {
      auto linear = projected.getDefiningOp<LinearOp>();
      if (!linear || !linear->hasOneUse() || linear.getResidual())
        continue;
      rewriter.replaceOpWithNewOp<LinearOp>(
          add, add.getType(), linear.getX(), linear.getWeight(),
          linear.getBias(), linear.getNormWeight(), other,
          linear.getNormEpsilonAttr());
      rewriter.eraseOp(linear);
      return success();
    }
    return failure();
  }
};

/// silu_mul(linear(x, wg), linear(x, wu)) -> swiglu_linear(x, wg, wu).
struct FuseSwiglu : OpRewritePattern<SiluMulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(SiluMulOp op,
                                PatternRewriter &rewriter) const override {
    auto gate = op.getGate().getDefiningOp<LinearOp>();
    auto up = op.getUp().getDefiningOp<LinearOp>();
    auto plain = [](LinearOp l) {
      return l && l->hasOneUse() && !l.getBias() && !l.getResidual();
    };
    if (!plain(gate) || !plain(up) || gate == up ||
        gate.getX() != up.getX() ||
        gate.getWeight().getType() != up.getWeight().getType() ||
        gate.getNormWeight() != up.getNormWeight() ||
        gate.getNormEpsilonAttr() != up.getNormEpsilonAttr())
      return failure();
    rewriter.replaceOpWithNewOp<SwigluLinearOp>(
        op, op.getType(), gate.getX(), gate.getWeight(), up.getWeight(),
        gate.getNormWeight(), gate.getNormEpsilonAttr());
    rewriter.eraseOp(gate);
    rewriter.eraseOp(up);
    return success();
  }
};

/// projection(rmsnorm(h, w)) -> projection(h) norm(w).
template <typename ProjectionOp>
struct FuseNormPrologue : OpRewritePattern<ProjectionOp> {
  using OpRewritePattern<ProjectionOp>::OpRewritePattern;
  LogicalResult matchAndRewrite(ProjectionOp op,
                                PatternRewriter &rewriter) const override {
    auto norm = op.getX().template getDefiningOp<RMSNormOp>();
    if (!norm || op.getNormWeight() ||
        norm.getWeight().getType().getDimSize(0) !=
            norm.getX().getType().getDimSize(1)) // per-head norms stay
      return failure();
    rewriter.modifyOpInPlace(op, [&] {
      op.getXMutable().assign(norm.getX());
      op.getNormWeightMutable().assign(norm.getWeight());
      op.setNormEpsilonAttr(norm.getEpsilonAttr());
    });
    return success();
  }
};

/// kv_append(c, rope(k, p), p) -> kv_append(c, k, p) {rope}: the key row is
/// rotated on its way into the cache, one task (and one dependency level of
/// the decode step) instead of two.
struct FuseRopeIntoAppend : OpRewritePattern<KVAppendOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(KVAppendOp op,
                                PatternRewriter &rewriter) const override {
    auto rope = op.getUpdate().getDefiningOp<RopeOp>();
    if (!rope || !rope->hasOneUse() || op.getRopeAttr() ||
        rope.getPositions() != op.getPositions())
      return failure();
    auto attr = RopeAttr::get(
        getContext(), rope.getHeadDim(),
        APFloat(double(rope.getTheta().convertToFloat())),
        rope.getScalingAttr());
    rewriter.modifyOpInPlace(op, [&] {
      op.getUpdateMutable().assign(rope.getX());
      op.setRopeAttr(attr);
    });
    rewriter.eraseOp(rope);
    return success();
  }
};

class Fuse : public mlir::tile::impl::FusePassBase<Fuse> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseResidual, FuseSwiglu, FuseNormPrologue<LinearOp>,
                 FuseNormPrologue<SwigluLinearOp>, FuseRopeIntoAppend>(
        &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace
