//===- Passes.h - tilec passes ----------------------------------*- C++ -*-===//
#ifndef TILEC_TRANSFORMS_PASSES_H
#define TILEC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "tile/Dialect/Tile/TileDialect.h"

namespace mlir::tile {
#define GEN_PASS_DECL
#include "tilec/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "tilec/Transforms/Passes.h.inc"
} // namespace mlir::tile

#endif // TILEC_TRANSFORMS_PASSES_H
