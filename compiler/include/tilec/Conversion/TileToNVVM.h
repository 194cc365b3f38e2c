//===- TileToNVVM.h - tile task-level ops to NVVM/LLVM ----------*- C++ -*-===//
#ifndef TILEC_CONVERSION_TILETONVVM_H
#define TILEC_CONVERSION_TILETONVVM_H

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/IR/PatternMatch.h"

#include <cstdint>

namespace mlir::tile {
/// Where tile.alloc_shared places its allocations: one running offset into
/// the dynamic shared memory of the module being converted.
struct SharedMemoryPlan {
  int64_t bytes = 0;
};

/// !tile.event, !tile.barrier and !tile.token as LLVM types (memrefs are
/// the LLVMTypeConverter's).
void populateTileToNVVMTypeConversions(LLVMTypeConverter &converter);

/// One pattern per op; declared in the files that define them.
void populateSyncOpPatterns(LLVMTypeConverter &converter,
                            RewritePatternSet &patterns);
void populateSharedMemoryOpPatterns(LLVMTypeConverter &converter,
                                    RewritePatternSet &patterns,
                                    SharedMemoryPlan &plan);
void populateAsyncCopyOpPatterns(LLVMTypeConverter &converter,
                                 RewritePatternSet &patterns);

/// The name of the dynamic shared memory that tile.alloc_shared slices.
inline constexpr llvm::StringLiteral kDynamicSharedSymbol =
    "__tile_dynamic_shared";
/// The module attribute holding the bytes of it that allocations use.
inline constexpr llvm::StringLiteral kDynamicSharedBytesAttr =
    "tile.dynamic_shared_bytes";
} // namespace mlir::tile

#endif // TILEC_CONVERSION_TILETONVVM_H
