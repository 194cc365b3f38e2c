//===- TileDialect.cpp - dialect, types and attributes ---------------------===//
#include "tile/Dialect/Tile/TileDialect.h"
#include "tile/Dialect/Tile/TileOps.h"
#include "tile/Dialect/Tile/TileTypes.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::tile;

#include "tile/Dialect/Tile/TileDialect.cpp.inc"
#include "tile/Dialect/Tile/TileEnums.cpp.inc"
#include "tile/Dialect/Tile/TileInterfaces.cpp.inc"

#define GET_TYPEDEF_CLASSES
#include "tile/Dialect/Tile/TileTypes.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "tile/Dialect/Tile/TileAttrs.cpp.inc"

void TileDialect::initialize() {
  addTypes<
#define GET_TYPEDEF_LIST
#include "tile/Dialect/Tile/TileTypes.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "tile/Dialect/Tile/TileAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "tile/Dialect/Tile/TileGraphOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "tile/Dialect/Tile/TileTaskOps.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "tile/Dialect/Tile/TileComputeOps.cpp.inc"
      >();
}

LogicalResult
Llama3ScalingAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                          APFloat factor, APFloat lowFreqFactor,
                          APFloat highFreqFactor, int64_t originalMaxPosition) {
  if (!(factor.convertToDouble() > 0))
    return emitError() << "llama3 scaling factor must be positive";
  double low = lowFreqFactor.convertToDouble();
  if (!(low > 0) || !(highFreqFactor.convertToDouble() > low))
    return emitError() << "llama3 scaling needs 0 < low_freq_factor < "
                          "high_freq_factor";
  if (originalMaxPosition <= 0)
    return emitError() << "llama3 scaling original_max_position must be "
                          "positive, got "
                       << originalMaxPosition;
  return success();
}

LogicalResult RopeAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                               int64_t headDim, APFloat theta,
                               Llama3ScalingAttr) {
  if (headDim <= 0 || headDim % 2 != 0)
    return emitError() << "rope head_dim must be positive and even, got "
                       << headDim;
  if (!(theta.convertToDouble() > 0))
    return emitError() << "rope theta must be positive";
  return success();
}
