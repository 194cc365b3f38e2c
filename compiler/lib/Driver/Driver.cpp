//===- Driver.cpp - the tilec compile pipeline -----------------------------===//
#include "tilec/Driver/Driver.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/InitAllDialects.h"
#include "tilec/Target/Artifact.h"
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

#include <chrono>

using namespace mlir;

namespace tilec {
namespace {
constexpr const char *kGenerator = "tilec 0.1.0";
constexpr const char *kDefaultTarget = "sm_90a";

llvm::raw_ostream &error() {
  return llvm::WithColor::error(llvm::errs(), "tilec");
}

/// Prints progress lines with elapsed time when --verbose.
class Progress {
public:
  explicit Progress(bool enabled) : enabled(enabled) {}
  void operator()(const llvm::Twine &message) const {
    if (!enabled)
      return;
    double ms = std::chrono::duration<double, std::milli>(
                    std::chrono::steady_clock::now() - start)
                    .count();
    llvm::errs() << llvm::format("tilec: [%8.1f ms] ", ms) << message << "\n";
  }

private:
  bool enabled;
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
};

/// --target must agree with every program that already exists.
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

std::string stem(const CompileOptions &options) {
  return options.inputPath == "-"
             ? std::string("stdin")
             : llvm::sys::path::stem(options.inputPath).str();
}

LogicalResult emitIR(ModuleOp module, const CompileOptions &options,
                     const Progress &progress) {
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
  SmallString<256> path(options.outputDir);
  llvm::sys::path::append(
      path, stem(options) + "." +
                stageNames()[static_cast<int>(options.emit)] + ".mlir");
  std::string message;
  auto file = openOutputFile(path, &message);
  if (!file) {
    error() << message << "\n";
    return failure();
  }
  module.print(file->os());
  file->os() << "\n";
  file->keep();
  progress("wrote " + path);
  return success();
}

/// The passes that take the program from one stage to the next.
void addPasses(PassManager &pm, Stage stage, const CompileOptions &options) {
  switch (stage) {
  case Stage::Fused:
    pm.addPass(createCanonicalizerPass());
    pm.addPass(tile::createFusePass());
    break;
  case Stage::Partitioned: {
    tile::PartitionPassOptions partition;
    partition.workers = options.workers;
    partition.target =
        options.target.empty() ? kDefaultTarget : options.target;
    partition.maxTaskBytes = options.maxTaskBytes;
    partition.kvChunk = options.kvChunk;
    pm.addPass(tile::createPartitionPass(partition));
    break;
  }
  case Stage::Planned:
    pm.addPass(tile::createPlanMemoryPass());
    break;
  case Stage::Scheduled:
    pm.addPass(tile::createSchedulePass());
    break;
  case Stage::Verified:
    if (options.verifySchedule)
      pm.addPass(tile::createVerifySchedulePass());
    break;
  case Stage::Parsed:
  case Stage::Artifact:
    break;
  }
}
} // namespace

const std::vector<std::string> &stageNames() {
  static const std::vector<std::string> names{
      "parsed", "fused", "partitioned", "planned", "scheduled", "verified",
      "artifact"};
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
  if (options.emit == Stage::Artifact && options.outputDir.empty()) {
    error() << "--emit=artifact writes a directory: give it with -o DIR\n";
    return 1;
  }
  Progress progress(options.verbose);
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
  progress("parsed and verified " + options.inputPath);
  if (failed(checkTargets(*module, options.target)))
    return 1;

  for (int s = static_cast<int>(Stage::Fused);
       s <= static_cast<int>(options.emit) && s < static_cast<int>(Stage::Artifact);
       ++s) {
    auto stage = static_cast<Stage>(s);
    if (stage == Stage::Verified && !options.verifySchedule) {
      progress("schedule verification disabled (--no-verify-schedule)");
      continue;
    }
    PassManager pm(&context);
    addPasses(pm, stage, options);
    if (failed(pm.run(*module)))
      return 1;
    progress(stageNames()[s] == "verified" ? "verified: no deadlock, no race"
                                            : stageNames()[s]);
  }

  if (options.emit != Stage::Artifact)
    return failed(emitIR(*module, options, progress)) ? 1 : 0;
  if (failed(tile::writeArtifact(*module, options.outputDir, kGenerator)))
    return 1;
  progress("wrote " + options.outputDir +
           "/{schedule.tbl,manifest.json,program.mlir}");
  return 0;
}

} // namespace tilec
