//===- SharedMemoryOps.cpp - tile.alloc_shared, tile.mbarrier_init --------===//
//
// Shared memory of device code: tile.alloc_shared slices the dynamic shared
// memory (static .shared arrays stop at 48 KiB), tile.mbarrier_init gets an
// 8-byte static slot of its own.
//
//===----------------------------------------------------------------------===//
#include "InlinePtx.h"
#include "tilec/Conversion/TileToNVVM.h"

#include "mlir/Conversion/LLVMCommon/MemRefBuilder.h"
#include "mlir/Conversion/LLVMCommon/Pattern.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"

using namespace mlir;
using namespace mlir::tile;

namespace {
constexpr unsigned kSharedSpace = 3;

/// The symbol table whose globals `op`'s code reads: the enclosing
/// gpu.module, else the module.
Operation *globalsTable(Operation *op) {
  Operation *table = SymbolTable::getNearestSymbolTable(op->getParentOp());
  while (table && !isa<ModuleOp>(table) &&
         table->getName().getStringRef() != "gpu.module")
    table = SymbolTable::getNearestSymbolTable(table->getParentOp());
  return table;
}

/// A global in shared memory, at the top of globalsTable(user), named
/// `name` or a fresh variant.
LLVM::GlobalOp sharedGlobal(ConversionPatternRewriter &rewriter,
                            Operation *user, StringRef name, Type type,
                            uint64_t alignment, LLVM::Linkage linkage) {
  Operation *table = globalsTable(user);
  std::string unique = name.str();
  for (unsigned n = 0; SymbolTable::lookupSymbolIn(table, unique); ++n)
    unique = (name + "_" + Twine(n)).str();
  OpBuilder::InsertionGuard guard(rewriter);
  rewriter.setInsertionPointToStart(&table->getRegion(0).front());
  return LLVM::GlobalOp::create(rewriter, user->getLoc(), type,
                                /*isConstant=*/false, linkage, unique,
                                Attribute(), alignment, kSharedSpace);
}

/// The address of `global` at the current insertion point.
Value addressOf(ConversionPatternRewriter &rewriter, Location loc,
                LLVM::GlobalOp global) {
  return LLVM::AddressOfOp::create(rewriter, loc, global);
}

/// tile.alloc_shared: `@__tile_dynamic_shared + offset`, offsets 128-byte
/// aligned and never reused within the module (conservative: lifetimes are
/// not tracked).
struct AllocSharedOpLowering : ConvertOpToLLVMPattern<AllocSharedOp> {
  AllocSharedOpLowering(LLVMTypeConverter &converter, SharedMemoryPlan &plan)
      : ConvertOpToLLVMPattern(converter), plan(plan) {}

  LogicalResult
  matchAndRewrite(AllocSharedOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MemRefType type = op.getResult().getType();
    if (!isConvertibleAndHasIdentityMaps(type))
      return rewriter.notifyMatchFailure(op, "needs an identity layout");
    // Looked up where sharedGlobal creates it: one per module.
    auto base = dyn_cast_or_null<LLVM::GlobalOp>(
        SymbolTable::lookupSymbolIn(globalsTable(op), kDynamicSharedSymbol));
    if (!base)
      base = sharedGlobal(rewriter, op, kDynamicSharedSymbol,
                          LLVM::LLVMArrayType::get(rewriter.getI8Type(), 0),
                          128, LLVM::Linkage::External);
    int64_t offset = llvm::alignTo(plan.bytes, 128);
    int64_t bytes = sizeInBytes(type);
    plan.bytes = offset + bytes;
    Value start = addressOf(rewriter, loc, base);
    Value ptr = LLVM::GEPOp::create(
        rewriter, loc, start.getType(), rewriter.getI8Type(), start,
        ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(offset)});
    Value descriptor = MemRefDescriptor::fromStaticShape(
        rewriter, loc, *getTypeConverter(), type, ptr);
    rewriter.replaceOp(op, descriptor);
    return success();
  }

  SharedMemoryPlan &plan;
};

/// tile.mbarrier_init: thread 0 initializes its slot and fences it for the
/// async proxy; `barrier.sync 0` (not the .aligned bar.sync: see
/// compiler/lib/Target/device/README.md) publishes it to the CTA.
struct MBarrierInitOpLowering : ConvertOpToLLVMPattern<MBarrierInitOp> {
  using ConvertOpToLLVMPattern::ConvertOpToLLVMPattern;

  LogicalResult
  matchAndRewrite(MBarrierInitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    LLVM::GlobalOp slot =
        sharedGlobal(rewriter, op, "__tile_mbarrier", rewriter.getI64Type(), 8,
                     LLVM::Linkage::Internal);
    Value bar = addressOf(rewriter, loc, slot);
    Value count = arith::ConstantIntOp::create(
        rewriter, loc, rewriter.getI32Type(), op.getCount());
    scf::IfOp::create(
        rewriter, loc, isFirstThread(rewriter, loc),
        [&](OpBuilder &b, Location l) {
          inlinePtx(b, l, Type(), ValueRange{bar, count},
                    "mbarrier.init.shared::cta.b64 [$0], $1;", "l,r,~{memory}");
          inlinePtx(b, l, Type(), ValueRange{},
                    "fence.mbarrier_init.release.cluster;", "~{memory}");
          scf::YieldOp::create(b, l);
        });
    inlinePtx(rewriter, loc, Type(), ValueRange{}, "barrier.sync 0;",
              "~{memory}");
    rewriter.replaceOp(op, bar);
    return success();
  }
};
} // namespace

void mlir::tile::populateSharedMemoryOpPatterns(LLVMTypeConverter &converter,
                                                RewritePatternSet &patterns,
                                                SharedMemoryPlan &plan) {
  patterns.add<AllocSharedOpLowering>(converter, plan);
  patterns.add<MBarrierInitOpLowering>(converter);
}
