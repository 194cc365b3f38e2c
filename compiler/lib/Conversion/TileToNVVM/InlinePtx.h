//===- InlinePtx.h - inline PTX for the tile-to-NVVM patterns ---*- C++ -*-===//
//
// Synchronization is written as inline PTX, not LLVM atomics: LLVM 22's
// NVPTX backend drops the ordering and scope of atomicrmw (TOOLCHAIN.md).
// The strings match what the device library and the PTX emulator use.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_CONVERSION_TILETONVVM_INLINEPTX_H
#define TILEC_CONVERSION_TILETONVVM_INLINEPTX_H

#include "tile/Dialect/Tile/TileOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/IR/Builders.h"

namespace mlir::tile {
/// Inline PTX with side effects and a memory clobber; its one result (or
/// none when `result` is null).
inline Value inlinePtx(OpBuilder &builder, Location loc, Type result,
                       ValueRange operands, StringRef ptx,
                       StringRef constraints) {
  auto op = LLVM::InlineAsmOp::create(
      builder, loc, result ? TypeRange(result) : TypeRange(), operands, ptx,
      constraints, /*has_side_effects=*/true, /*is_align_stack=*/false,
      LLVM::tailcallkind::TailCallKind::None, LLVM::AsmDialectAttr(),
      ArrayAttr());
  return result ? op.getResult(0) : Value();
}

/// Whether this thread is thread (0, 0, 0) of its CTA: the one that issues
/// what the CTA runs together (mbarrier init, bulk copies).
inline Value isFirstThread(OpBuilder &builder, Location loc) {
  Type i32 = builder.getI32Type();
  Value zero = arith::ConstantIntOp::create(builder, loc, i32, 0);
  Value x = NVVM::ThreadIdXOp::create(builder, loc, i32);
  Value y = NVVM::ThreadIdYOp::create(builder, loc, i32);
  Value z = NVVM::ThreadIdZOp::create(builder, loc, i32);
  Value xy = arith::OrIOp::create(builder, loc, x, y);
  Value xyz = arith::OrIOp::create(builder, loc, xy, z);
  return arith::CmpIOp::create(builder, loc, arith::CmpIPredicate::eq, xyz,
                               zero);
}

/// The PTX scope qualifier: cta, cluster, gpu, sys.
inline StringRef ptxScope(MemoryScope scope) {
  return stringifyMemoryScope(scope);
}
} // namespace mlir::tile

#endif // TILEC_CONVERSION_TILETONVVM_INLINEPTX_H
