//===- Driver.cpp - the tilec compile pipeline -----------------------------===//
#include "tilec/Driver/Driver.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/InitAllDialects.h"
#include "tilec/Transforms/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace mlir;

namespace tilec {
namespace {
llvm::raw_ostream &error() {
  return llvm::WithColor::error(llvm::errs(), "tilec");
}

void progress(const CompileOptions &options, const llvm::Twine &message) {
  if (options.verbose)
    llvm::errs() << "tilec: " << message << "\n";
}

/// --target must agree with every program that names its own target.
LogicalResult checkTargets(ModuleOp module, const std::string &target) {
  if (target.empty())
    return success();
  bool ok = true;
  module.walk([&](tile::ProgramOp program) {
    if (program.getTarget() == target)
      return;
    program.emitError() << "program @" << program.getSymName()
                        << " targets '" << program.getTarget()
                        << "' but --target is '" << target << "'";
    ok = false;
  });
  return success(ok);
}

LogicalResult emit(ModuleOp module, const CompileOptions &options) {
  if (options.outputDir.empty()) {
    module.print(llvm::outs());
    llvm::outs() << "\n";
    return success();
  }
  if (std::error_code ec =
          llvm::sys::fs::create_directories(options.outputDir)) {
    error() << "cannot create output directory '" << options.outputDir
            << "': " << ec.message() << "\n";
    return failure();
  }
  StringRef stem = options.inputPath == "-"
                       ? StringRef("stdin")
                       : llvm::sys::path::stem(options.inputPath);
  SmallString<256> path(options.outputDir);
  llvm::sys::path::append(path, stem + "." +
                                    stageNames()[static_cast<int>(options.emit)] +
                                    ".mlir");
  std::string message;
  auto file = openOutputFile(path, &message);
  if (!file) {
    error() << message << "\n";
    return failure();
  }
  module.print(file->os());
  file->os() << "\n";
  file->keep();
  progress(options, "wrote " + path);
  return success();
}
} // namespace

const std::vector<std::string> &stageNames() {
  static const std::vector<std::string> names{"parsed", "verified"};
  return names;
}

bool isValidTarget(const std::string &target) {
  static const llvm::Regex re("^(host|sm_[0-9]+a?)$");
  return re.match(target);
}

int compile(const CompileOptions &options) {
  if (!options.target.empty() && !isValidTarget(options.target)) {
    error() << "invalid --target '" << options.target
            << "': expected 'host' or 'sm_<NN>[a]', e.g. sm_90a\n";
    return 1;
  }
  std::string message;
  std::unique_ptr<llvm::MemoryBuffer> input =
      openInputFile(options.inputPath, &message);
  if (!input) {
    error() << message << "\n";
    return 1;
  }

  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.allowUnregisteredDialects(false);
  context.printOpOnDiagnostic(false); // located messages only, no IR dumps
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  OwningOpRef<ModuleOp> module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;
  progress(options, "parsed and verified " + options.inputPath);
  if (failed(checkTargets(*module, options.target)))
    return 1;

  if (options.emit > Stage::Parsed) {
    PassManager pm(&context);
    pm.addPass(createCanonicalizerPass());
    if (options.verifySchedule && !module->getOps<tile::ProgramOp>().empty())
      pm.addPass(tile::createVerifySchedulePass());
    if (failed(pm.run(*module)))
      return 1;
    progress(options, options.verifySchedule
                          ? "pipeline done (schedule verified)"
                          : "pipeline done (schedule verification disabled)");
  }
  return failed(emit(*module, options)) ? 1 : 0;
}

} // namespace tilec
