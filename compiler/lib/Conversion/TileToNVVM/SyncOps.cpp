//===- SyncOps.cpp - tile.signal and tile.wait to PTX ---------------------===//
//
// An event lowers to {counter address, count}: tile.signal adds one to the
// counter, tile.wait spins until it reaches the count.
//
//===----------------------------------------------------------------------===//
#include "InlinePtx.h"
#include "tilec/Conversion/TileToNVVM.h"

#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::tile;

namespace {
/// tile.signal: `red.<ordering>.<scope>.global.add.u32 [counter], 1` (PTX
/// `red` has no acq_rel: that one is an `atom` into a scratch register).
struct SignalOpLowering : ConvertOpToLLVMPattern<SignalOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(SignalOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value counter =
        LLVM::ExtractValueOp::create(rewriter, loc, adaptor.getEvent(), 0);
    StringRef scope = ptxScope(op.getScope());
    std::string ptx =
        op.getOrdering() == MemoryOrdering::acq_rel
            ? llvm::formatv("{{ .reg .u32 old; atom.acq_rel.{0}.global.add."
                            "u32 old, [$0], 1; }",
                            scope)
                  .str()
            : llvm::formatv("red.{0}.{1}.global.add.u32 [$0], 1;",
                            stringifyMemoryOrdering(op.getOrdering()), scope)
                  .str();
    inlinePtx(rewriter, loc, Type(), counter, ptx, "l,~{memory}");
    rewriter.eraseOp(op);
    return success();
  }
};

/// LLVM's sync scope for a PTX scope (NVPTX: "" is the system).
StringRef syncScope(MemoryScope scope) {
  switch (scope) {
  case MemoryScope::cta:
    return "block";
  case MemoryScope::cluster:
    return "cluster";
  case MemoryScope::gpu:
    return "device";
  case MemoryScope::sys:
    return "";
  }
  return "";
}

/// tile.wait: poll the counter with an atomic load (`ld.acquire.gpu` and
/// friends; loads keep their ordering in LLVM 22), sleeping 32 ns after the
/// first miss and doubling up to 256 ns, until it reaches the count.
struct WaitOpLowering : ConvertOpToLLVMPattern<WaitOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(WaitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value event = adaptor.getEvent();
    Value counter = LLVM::ExtractValueOp::create(rewriter, loc, event, 0);
    Value count = LLVM::ExtractValueOp::create(rewriter, loc, event, 1);
    Type i32 = rewriter.getI32Type();
    auto ordering = op.getOrdering() == MemoryOrdering::acquire
                        ? LLVM::AtomicOrdering::acquire
                        : LLVM::AtomicOrdering::monotonic;
    StringRef scope = syncScope(op.getScope());
    Value firstSleep = arith::ConstantIntOp::create(rewriter, loc, i32, 32);
    scf::WhileOp::create(
        rewriter, loc, TypeRange{i32}, ValueRange{firstSleep},
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value seen =
              LLVM::LoadOp::create(b, l, i32, counter, /*alignment=*/4,
                                   /*isVolatile=*/false,
                                   /*isNonTemporal=*/false,
                                   /*isInvariant=*/false,
                                   /*isInvariantGroup=*/false, ordering, scope);
          Value reached = arith::CmpIOp::create(b, l, arith::CmpIPredicate::uge,
                                                seen, count);
          Value spin = arith::XOrIOp::create(
              b, l, reached, arith::ConstantIntOp::create(b, l, 1, 1));
          scf::ConditionOp::create(b, l, spin, args);
        },
        [&](OpBuilder &b, Location l, ValueRange args) {
          NVVM::NanosleepOp::create(b, l, args[0]);
          Value doubled = arith::ShLIOp::create(
              b, l, args[0], arith::ConstantIntOp::create(b, l, i32, 1));
          Value next = arith::MinUIOp::create(
              b, l, doubled, arith::ConstantIntOp::create(b, l, i32, 256));
          scf::YieldOp::create(b, l, next);
        });
    rewriter.eraseOp(op);
    return success();
  }
};
} // namespace

void mlir::tile::populateSyncOpPatterns(LLVMTypeConverter &converter,
                                        RewritePatternSet &patterns) {
  patterns.add<SignalOpLowering, WaitOpLowering>(converter);
}
