//===- AsyncCopyOps.cpp - tile.copy_async and tile.await to PTX -----------===//
//
// A bulk copy completes on an mbarrier: the issuing thread announces the
// bytes (arrive.expect_tx), the copies complete them, and a waiter polls
// the phase's parity. A token is {barrier, parity}.
//
//===----------------------------------------------------------------------===//
#include "InlinePtx.h"
#include "tilec/Conversion/TileToNVVM.h"

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::tile;

namespace {
/// Whether the tile's rows are one contiguous run of the source: every dim
/// after the first spans the source's whole dim.
bool isContiguousTile(MemRefType source, MemRefType dest) {
  return llvm::equal(source.getShape().drop_front(),
                     dest.getShape().drop_front());
}

/// tile.copy_async, run by the whole CTA: thread 0 announces the tile's bytes
/// (`mbarrier.arrive.expect_tx`), then issues one `cp.async.bulk` for a
/// contiguous tile, or one per row of a 2-D tile narrower than its source
/// (one arrival covers them all); every thread gets the token.
struct CopyAsyncOpLowering : ConvertOpToLLVMPattern<CopyAsyncOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(CopyAsyncOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MemRefType sourceType = op.getSource().getType();
    MemRefType destType = op.getDest().getType();
    if (!isConvertibleAndHasIdentityMaps(sourceType) ||
        !isConvertibleAndHasIdentityMaps(destType))
      return rewriter.notifyMatchFailure(op, "needs identity layouts");
    // The verifier allows only rank-2 tiles to be non-contiguous.
    bool contiguous = isContiguousTile(sourceType, destType);
    Type i32 = rewriter.getI32Type();
    int64_t totalBytes = sizeInBytes(destType);
    Value bar = adaptor.getBarrier();
    Value total = arith::ConstantIntOp::create(rewriter, loc, i32, totalBytes);
    Value first = isFirstThread(rewriter, loc);
    auto issue = scf::IfOp::create(rewriter, loc, first, /*withElse=*/false);
    OpBuilder::InsertionGuard guard(rewriter);
    rewriter.setInsertionPointToStart(issue.thenBlock());
    inlinePtx(rewriter, loc, Type(), ValueRange{bar, total},
              "mbarrier.arrive.expect_tx.shared::cta.b64 _, [$0], $1;",
              "l,r,~{memory}");

    // The source as a global address (a memref without a memory space is a
    // generic pointer to global memory).
    auto globalPtr = LLVM::LLVMPointerType::get(rewriter.getContext(), 1);
    auto toGlobal = [&](Value ptr) -> Value {
      if (ptr.getType() == globalPtr)
        return ptr;
      return LLVM::AddrSpaceCastOp::create(rewriter, loc, globalPtr, ptr);
    };
    auto bulkCopy = [&](OpBuilder &b, Value dst, Value src, Value bytes) {
      inlinePtx(b, loc, Type(), ValueRange{dst, src, bytes, bar},
                "cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::"
                "bytes [$0], [$1], $2, [$3];",
                "l,l,r,l,~{memory}");
    };
    Value zero = createIndexAttrConstant(rewriter, loc, getIndexType(), 0);
    SmallVector<Value> destOrigin(destType.getRank(), zero);
    Value dst = getStridedElementPtr(rewriter, loc, destType, adaptor.getDest(),
                                     destOrigin);
    Value src = toGlobal(getStridedElementPtr(
        rewriter, loc, sourceType, adaptor.getSource(), adaptor.getOffsets()));
    if (contiguous) {
      bulkCopy(rewriter, dst, src, total);
    } else {
      // Row r: destination row r, source row offsets[0] + r.
      int64_t rowBytes = elementBytes(destType) * destType.getDimSize(1);
      int64_t sourceRowBytes =
          elementBytes(sourceType) * sourceType.getDimSize(1);
      Value rowBytesValue =
          arith::ConstantIntOp::create(rewriter, loc, i32, rowBytes);
      Type i8 = rewriter.getI8Type();
      for (int64_t r = 0; r < destType.getDimSize(0); ++r) {
        Value d = LLVM::GEPOp::create(
            rewriter, loc, dst.getType(), i8, dst,
            ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(r * rowBytes)});
        Value s = LLVM::GEPOp::create(
            rewriter, loc, src.getType(), i8, src,
            ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(r * sourceRowBytes)});
        bulkCopy(rewriter, d, s, rowBytesValue);
      }
    }
    rewriter.setInsertionPointAfter(issue);

    Value parity = adaptor.getPhase()
                       ? adaptor.getPhase()
                       : arith::ConstantIntOp::create(rewriter, loc, i32, 0);
    Type tokenType = getTypeConverter()->convertType(op.getToken().getType());
    Value token = LLVM::PoisonOp::create(rewriter, loc, tokenType);
    token = LLVM::InsertValueOp::create(rewriter, loc, token, bar,
                                        ArrayRef<int64_t>{0});
    token = LLVM::InsertValueOp::create(rewriter, loc, token, parity,
                                        ArrayRef<int64_t>{1});
    rewriter.replaceOp(op, token);
    return success();
  }
};

/// tile.await: poll `mbarrier.try_wait.parity` (which itself suspends the
/// thread for a while) until the copy's phase has completed.
struct AwaitOpLowering : ConvertOpToLLVMPattern<AwaitOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(AwaitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value bar =
        LLVM::ExtractValueOp::create(rewriter, loc, adaptor.getToken(), 0);
    Value parity =
        LLVM::ExtractValueOp::create(rewriter, loc, adaptor.getToken(), 1);
    // acquire at cta scope is the instruction's default (and what PTX 8.0
    // has); others are spelled out.
    std::string semantics =
        op.getOrdering() == MemoryOrdering::acquire &&
                op.getScope() == MemoryScope::cta
            ? ""
            : llvm::formatv(".{0}.{1}",
                            stringifyMemoryOrdering(op.getOrdering()),
                            ptxScope(op.getScope()))
                  .str();
    std::string ptx = llvm::formatv(
        "{{ .reg .pred p; mbarrier.try_wait.parity{0}.shared::cta.b64 p, [$1], "
        "$2; selp.u32 $0, 1, 0, p; }",
        semantics);
    Type i32 = rewriter.getI32Type();
    scf::WhileOp::create(
        rewriter, loc, TypeRange{}, ValueRange{},
        [&](OpBuilder &b, Location l, ValueRange) {
          Value done = inlinePtx(b, l, i32, ValueRange{bar, parity}, ptx,
                                 "=r,l,r,~{memory}");
          Value pending =
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, done,
                                    arith::ConstantIntOp::create(b, l, i32, 0));
          scf::ConditionOp::create(b, l, pending, ValueRange{});
        },
        [&](OpBuilder &b, Location l, ValueRange) {
          scf::YieldOp::create(b, l);
        });
    rewriter.eraseOp(op);
    return success();
  }
};
} // namespace

void mlir::tile::populateAsyncCopyOpPatterns(LLVMTypeConverter &converter,
                                             RewritePatternSet &patterns) {
  patterns.add<CopyAsyncOpLowering, AwaitOpLowering>(converter);
}
