//===- TileOps.h - tile dialect ops -----------------------------*- C++ -*-===//
#ifndef TILE_DIALECT_TILE_TILEOPS_H
#define TILE_DIALECT_TILE_TILEOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "tile/Dialect/Tile/TaskRecord.h"
#include "tile/Dialect/Tile/TileDialect.h"
#include "tile/Dialect/Tile/TileTypes.h"

namespace mlir::tile {
/// Shared memory of the CTA that runs a task.
struct SharedMemoryResource
    : public SideEffects::Resource::Base<SharedMemoryResource> {
  StringRef getName() final { return "<tile.shared>"; }
};
/// A byte range of a buffer that a task reads or writes.
struct BufferAccess {
  Value buffer;        ///< result of a tile.buffer
  int64_t begin, end;  ///< bytes from the buffer's start, end exclusive
  bool write;
};
/// Bytes of one element of a memref (sub-byte types round up).
int64_t elementBytes(MemRefType type);
/// Bytes of a static memref (0 if that overflows int64).
int64_t sizeInBytes(MemRefType type);
/// True if `op` is in device code: a function outside every tile.program
/// (where convert-tile-to-nvvm lowers the task-level ops).
bool isInDeviceCode(Operation *op);
/// True if `target` names a program target: "host" or "sm_<NN>[a]".
bool isValidTarget(StringRef target);
/// NN of a target "sm_<NN>[a]", or 0 for anything else ("host").
unsigned smVersion(StringRef target);
/// The attribute of a tile.program that describes its target in full.
inline constexpr llvm::StringLiteral kTargetDescriptionAttr = "tile.target";
} // namespace mlir::tile

#include "tile/Dialect/Tile/TileInterfaces.h.inc"

namespace mlir::tile {
/// Checks that every tensor operand and result of `op` has positive
/// dimensions and at most 2^40 elements.
LogicalResult verifyWellSizedTensors(Operation *op);
} // namespace mlir::tile

namespace mlir::OpTrait::tile {
template <typename ConcreteType>
class WellSizedTensors : public TraitBase<ConcreteType, WellSizedTensors> {
public:
  static LogicalResult verifyTrait(Operation *op) {
    return ::mlir::tile::verifyWellSizedTensors(op);
  }
};
} // namespace mlir::OpTrait::tile

#define GET_OP_CLASSES
#include "tile/Dialect/Tile/TileGraphOps.h.inc"

#define GET_OP_CLASSES
#include "tile/Dialect/Tile/TileComputeOps.h.inc"

#define GET_OP_CLASSES
#include "tile/Dialect/Tile/TileTaskOps.h.inc"

namespace mlir::tile {
/// The tile.buffer or tile.event named `name` in `program`, or null.
template <typename OpT>
OpT lookupNamed(ProgramOp program, StringRef name);
} // namespace mlir::tile

#endif // TILE_DIALECT_TILE_TILEOPS_H
