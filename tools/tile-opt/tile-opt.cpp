//===- tile-opt.cpp - mlir-opt with the tile dialect and tilec passes ------===//
#include "tilec/InitAllDialects.h"
#include "tilec/InitAllPasses.h"

#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  tilec::registerAllDialects(registry);
  tilec::registerAllPasses();
  // Upstream cleanups used around tilec passes in tests.
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "tile-opt: the tile dialect and tilec passes\n", registry));
}
