//===- TileTypes.h - tile dialect types and attributes ----------*- C++ -*-===//
#ifndef TILE_DIALECT_TILE_TILETYPES_H
#define TILE_DIALECT_TILE_TILETYPES_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectImplementation.h"

#include "tile/Dialect/Tile/TileEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "tile/Dialect/Tile/TileTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "tile/Dialect/Tile/TileAttrs.h.inc"

namespace mlir::tile {
/// True if `scope` is at least as wide as `other` (cta < cluster < gpu < sys).
inline bool covers(MemoryScope scope, MemoryScope other) {
  return static_cast<uint32_t>(scope) >= static_cast<uint32_t>(other);
}
} // namespace mlir::tile

#endif // TILE_DIALECT_TILE_TILETYPES_H
