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

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringRef chip, int64_t sms,
                                 int64_t sharedBytes, int64_t maxRegisters,
                                 ArrayAttr features) {
  if (!isValidTarget(chip))
    return emitError() << "chip '" << chip << "' is not 'host' or sm_<NN>[a]";
  if (sms < 0 || sharedBytes < 0 || maxRegisters < 0)
    return emitError() << "sms, shared_bytes and max_registers must be >= 0";
  for (Attribute feature : features) {
    auto name = dyn_cast<StringAttr>(feature);
    if (!name || (name.getValue() != "bulk_copy" &&
                  name.getValue() != "l2_prefetch"))
      return emitError() << "unknown feature " << feature
                         << ": expected \"bulk_copy\" or \"l2_prefetch\"";
  }
  return success();
}

TargetAttr TargetAttr::getKnown(MLIRContext *context, StringRef chip) {
  Builder b(context);
  if (chip == "host")
    return get(context, chip, 0, 0, 0, b.getArrayAttr({}));
  if (smVersion(chip) >= 90) // H100 SXM: 132 SMs, 227 KiB per CTA, bulk copies
    return get(context, chip, 132, 232448, 255,
               b.getStrArrayAttr({"bulk_copy", "l2_prefetch"}));
  // A100 (sm_80) and the other pre-Hopper chips the kernel runs on:
  // 163 KiB per CTA, no bulk copies.
  return get(context, chip, 108, 166912, 255, b.getArrayAttr({}));
}

bool TargetAttr::hasFeature(StringRef feature) {
  return llvm::any_of(getFeatures(), [&](Attribute a) {
    return cast<StringAttr>(a).getValue() == feature;
  });
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
