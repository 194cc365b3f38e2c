//===- InitAllPasses.h - every tilec pass -----------------------*- C++ -*-===//
#ifndef TILEC_INITALLPASSES_H
#define TILEC_INITALLPASSES_H

#include "tilec/Conversion/Passes.h"
#include "tilec/Transforms/Passes.h"

namespace tilec {
/// Registers all tilec passes with the global pass registry (for tile-opt).
inline void registerAllPasses() {
  mlir::tile::registerTilePasses();
  mlir::tile::registerTileConversionPasses();
}
} // namespace tilec

#endif // TILEC_INITALLPASSES_H
