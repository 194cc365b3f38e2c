//===- ConvertTileToNVVM.cpp - the convert-tile-to-nvvm pass --------------===//
//
// Lowers the task-level ops of device code (functions outside every
// tile.program); the patterns live beside this file, one per op.
//
//===----------------------------------------------------------------------===//
#include "tilec/Conversion/Passes.h"
#include "tilec/Conversion/TileToNVVM.h"

#include "tile/Dialect/Tile/TileOps.h"

#include "mlir/Conversion/GPUCommon/GPUCommonPass.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tile {
#define GEN_PASS_DEF_CONVERTTILETONVVMPASS
#include "tilec/Conversion/Passes.h.inc"
} // namespace mlir::tile

using namespace mlir;
using namespace mlir::tile;

void mlir::tile::populateTileToNVVMTypeConversions(
    LLVMTypeConverter &converter) {
  MLIRContext *context = &converter.getContext();
  auto global = LLVM::LLVMPointerType::get(context, 1);
  auto shared = LLVM::LLVMPointerType::get(context, 3);
  auto i32 = IntegerType::get(context, 32);
  // Memrefs may name their space as #gpu.address_space<...>.
  populateGpuMemorySpaceAttributeConversions(
      converter, [](gpu::AddressSpace space) -> unsigned {
        switch (space) {
        case gpu::AddressSpace::Global:
          return 1;
        case gpu::AddressSpace::Workgroup:
          return 3;
        case gpu::AddressSpace::Private:
          return 5;
        }
        return 0;
      });
  converter.addConversion([=](EventType) {
    return LLVM::LLVMStructType::getLiteral(context, {global, i32});
  });
  converter.addConversion([=](BarrierType) { return shared; });
  converter.addConversion([=](TokenType) {
    return LLVM::LLVMStructType::getLiteral(context, {shared, i32});
  });
}

namespace {
bool hasTileType(TypeRange types) {
  return llvm::any_of(
      types, [](Type t) { return isa<EventType, BarrierType, TokenType>(t); });
}

struct ConvertTileToNVVMPass
    : tile::impl::ConvertTileToNVVMPassBase<ConvertTileToNVVMPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *context = &getContext();
    LLVMTypeConverter converter(context);
    populateTileToNVVMTypeConversions(converter);

    SharedMemoryPlan plan;
    RewritePatternSet patterns(context);
    populateSyncOpPatterns(converter, patterns);
    populateSharedMemoryOpPatterns(converter, patterns, plan);
    populateAsyncCopyOpPatterns(converter, patterns);
    // Signatures change only where they carry tile types: memrefs keep their
    // type for the memref lowering that follows.
    TypeConverter signatures;
    signatures.addConversion([](Type type) { return type; });
    signatures.addConversion([&](Type type) -> std::optional<Type> {
      if (hasTileType(type))
        return converter.convertType(type);
      return std::nullopt;
    });
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   signatures);
    populateCallOpTypeConversionPattern(patterns, signatures);
    populateReturnOpTypeConversionPattern(patterns, signatures);

    ConversionTarget target(*context);
    target.markUnknownOpDynamicallyLegal([](Operation *) { return true; });
    // A program's ops become its schedule table, not code.
    target.addDynamicallyLegalOp<WaitOp, SignalOp, AllocSharedOp,
                                 MBarrierInitOp, CopyAsyncOp, AwaitOp>(
        [](Operation *op) { return !isInDeviceCode(op); });
    target.addDynamicallyLegalOp<func::FuncOp>([](func::FuncOp f) {
      return !hasTileType(f.getArgumentTypes()) &&
             !hasTileType(f.getResultTypes());
    });
    target.addDynamicallyLegalOp<func::CallOp, func::ReturnOp>(
        [](Operation *op) {
          return !hasTileType(op->getOperandTypes()) &&
                 !hasTileType(op->getResultTypes());
        });
    if (failed(applyPartialConversion(module, target, std::move(patterns))))
      return signalPassFailure();

    // Casts into and out of tile types (the device library's way in, the
    // conversion's way out) cancel now: no tile type outlives this pass in
    // device code, so later passes need not know the dialect.
    DenseSet<UnrealizedConversionCastOp> casts;
    module.walk([&](UnrealizedConversionCastOp cast) {
      if (hasTileType(cast.getOperandTypes()) ||
          hasTileType(cast.getResultTypes()))
        casts.insert(cast);
    });
    SmallVector<UnrealizedConversionCastOp> left;
    reconcileUnrealizedCasts(casts, &left);
    for (UnrealizedConversionCastOp cast : left)
      if (isInDeviceCode(cast)) {
        cast.emitOpError("leaves a tile type in device code that no pattern "
                         "consumed");
        return signalPassFailure();
      }

    // The launch's dynamic shared memory: on the symbol table that holds it.
    if (plan.bytes == 0)
      return;
    module.walk([&](LLVM::GlobalOp global) {
      if (global.getSymName() == kDynamicSharedSymbol)
        global->getParentOp()->setAttr(
            kDynamicSharedBytesAttr,
            IntegerAttr::get(IntegerType::get(context, 64), plan.bytes));
    });
  }
};
} // namespace
