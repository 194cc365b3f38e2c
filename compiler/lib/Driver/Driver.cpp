//===- Driver.cpp - the tilec compile pipeline -----------------------------===//
#include "tilec/Driver/Driver.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/Analysis/ScheduleStats.h"
#include "tilec/Frontend/HFModel.h"
#include "tilec/InitAllDialects.h"
#include "tilec/Target/Artifact.h"
#include "tilec/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <chrono>

using namespace mlir;

namespace tilec {
namespace {
constexpr const char *kGenerator = "tilec 0.1.0";
constexpr const char *kDefaultTarget = "sm_90a";
constexpr int64_t kDefaultHostWorkers = 8;

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

/// One line per scheduled program: what the schedule costs in tasks per
/// worker and chain length (tilec/Analysis/ScheduleStats.h).
void reportSchedules(ModuleOp module, const Progress &progress) {
  auto count = [](int64_t n, StringRef noun) {
    return llvm::formatv("{0} {1}{2}", n, noun, n == 1 ? "" : "s").str();
  };
  for (auto program : module.getOps<tile::ProgramOp>()) {
    FailureOr<tile::ScheduleStats> stats = tile::getScheduleStats(program);
    if (failed(stats))
      continue;
    progress(llvm::formatv(
        "  @{0}: {1} on {2} (at most {3} on one), {4}; chains of at most {5} "
        "and {6}",
        program.getSymName(), count(stats->tasks, "task"),
        count(stats->workersUsed, "worker"), stats->mostTasksOnAWorker,
        count(stats->events, "event"), count(stats->longestChain, "task"),
        count(stats->deepestChain, "cross-worker wait")));
  }
}

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

/// The config.json to import, if the input is a model rather than IR.
std::optional<std::string> modelConfigPath(const std::string &input) {
  if (llvm::sys::fs::is_directory(input)) {
    SmallString<256> path(input);
    llvm::sys::path::append(path, "config.json");
    return std::string(path);
  }
  if (llvm::StringRef(input).ends_with(".json"))
    return input;
  return std::nullopt;
}

std::string stem(const CompileOptions &options) {
  if (options.inputPath == "-")
    return "stdin";
  if (modelConfigPath(options.inputPath))
    return "decode_step";
  return llvm::sys::path::stem(options.inputPath).str();
}

/// Imports a Hugging Face model: its config becomes a decode-step graph.
OwningOpRef<ModuleOp> importModel(MLIRContext &context,
                                  const std::string &configPath,
                                  const CompileOptions &options) {
  llvm::Expected<tile::ModelConfig> config =
      tile::parseModelConfig(configPath);
  if (!config) {
    error() << llvm::toString(config.takeError()) << "\n";
    return nullptr;
  }
  tile::DecodeStepOptions decode;
  decode.maxSeqLen = options.maxSeqLen
                         ? options.maxSeqLen
                         : std::min<int64_t>(4096, config->maxPositions);
  decode.activationDtype = options.dtype;
  decode.weightDtype = options.weightDtype;
  decode.devices = options.devices;
  decode.placement = options.placement;
  decode.sourcePath = configPath;
  auto module = tile::buildDecodeStep(&context, *config, decode);
  if (!module) {
    error() << configPath << ": " << llvm::toString(module.takeError())
            << "\n";
    return nullptr;
  }
  return std::move(*module);
}

LogicalResult createOutputDir(const std::string &dir) {
  if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
    error() << "cannot create output directory '" << dir
            << "': " << ec.message() << "\n";
    return failure();
  }
  return success();
}

/// Prints what `write` writes to stdout, or with -o DIR writes it to
/// DIR/fileName (closed on return). Returns the path written ("" for stdout).
FailureOr<std::string>
writeOutput(const CompileOptions &options, llvm::StringRef fileName,
            llvm::function_ref<void(llvm::raw_ostream &)> write,
            const Progress &progress) {
  if (options.outputDir.empty()) {
    write(llvm::outs());
    return std::string();
  }
  if (failed(createOutputDir(options.outputDir)))
    return failure();
  SmallString<256> path(options.outputDir);
  llvm::sys::path::append(path, fileName);
  std::string message;
  auto file = openOutputFile(path, &message);
  if (!file) {
    error() << message << "\n";
    return failure();
  }
  write(file->os());
  file->keep();
  progress("wrote " + path);
  return std::string(path);
}

LogicalResult emitIR(ModuleOp module, const CompileOptions &options,
                     const Progress &progress) {
  std::string fileName =
      stem(options) + "." + stageNames()[static_cast<int>(options.emit)] +
      ".mlir";
  return writeOutput(
      options, fileName,
      [&](llvm::raw_ostream &os) {
        module.print(os);
        os << "\n";
      },
      progress);
}

/// Assembles kernel.ptx with ptxas (CUDA toolkit) into kernel.cubin and
/// prints its per-function registers, spills and shared memory.
LogicalResult reportPtxas(llvm::StringRef ptxPath, bool hasKernel) {
  if (!hasKernel) {
    error() << "--ptxas-info: the artifact has no kernel.ptx (its programs "
               "target the host)\n";
    return failure();
  }
  llvm::ErrorOr<std::string> ptxas =
      llvm::sys::findProgramByName("ptxas", {"/usr/local/cuda/bin"});
  if (!ptxas) {
    error() << "--ptxas-info: ptxas not found on PATH or in "
               "/usr/local/cuda/bin\n";
    return failure();
  }
  SmallString<256> cubin(ptxPath);
  llvm::sys::path::replace_extension(cubin, "cubin");
  SmallString<256> log;
  llvm::sys::fs::createTemporaryFile("tilec-ptxas", "log", log);
  std::string chip = "sm_90a";
  if (auto text = llvm::MemoryBuffer::getFile(ptxPath)) {
    llvm::SmallVector<llvm::StringRef> match;
    static const llvm::Regex target("\\.target (sm_[0-9]+a?)");
    if (target.match((*text)->getBuffer(), &match))
      chip = match[1].str();
  }
  llvm::SmallVector<llvm::StringRef> args{*ptxas, "-arch", chip, "-v",
                                          ptxPath, "-o", cubin};
  std::optional<llvm::StringRef> redirects[] = {std::nullopt, log, log};
  std::string message;
  int rc = llvm::sys::ExecuteAndWait(*ptxas, args, std::nullopt, redirects, 0,
                                     0, &message);
  auto output = llvm::MemoryBuffer::getFile(log);
  llvm::sys::fs::remove(log);
  if (rc != 0) {
    error() << "ptxas failed on " << ptxPath << ": "
            << (output ? (*output)->getBuffer() : llvm::StringRef(message))
            << "\n";
    return failure();
  }
  llvm::outs() << "ptxas -arch " << chip << " " << ptxPath << ":\n";
  if (output)
    for (llvm::StringRef line : llvm::split((*output)->getBuffer(), '\n'))
      if (line.contains("Function properties") || line.contains("spill") ||
          line.contains("Used"))
        llvm::outs() << "  " << line.trim() << "\n";
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
    partition.target =
        options.target.empty() ? kDefaultTarget : options.target;
    // One CTA per SM of the target (#tile.target's sms: 132 on sm_90a,
    // 108 on sm_80); the host has a few cores for its workers to share,
    // where fewer, larger tasks synchronize less.
    MLIRContext *context = pm.getContext();
    context->getOrLoadDialect<tile::TileDialect>(); // TargetAttr's storage
    partition.workers =
        options.workers != 0           ? options.workers
        : partition.target == "host" ? kDefaultHostWorkers
                                       : tile::TargetAttr::getKnown(
                                             context, partition.target)
                                             .getSms();
    partition.maxTaskBytes = options.maxTaskBytes;
    partition.kvChunk = options.kvChunk;
    partition.foldCombine = !options.separateCombine;
    partition.foldRopeAppend = !options.separateRopeAppend;
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
    // The kernel synchronizes through task headers: body waits and signals
    // move there first (verified there, encoded there).
    pm.addPass(tile::createHoistSyncPass());
    if (options.verifySchedule)
      pm.addPass(tile::createVerifySchedulePass());
    break;
  case Stage::Parsed:
  case Stage::Artifact:
    break;
  }
}

/// --emit-kernel, checked before anything is compiled.
LogicalResult checkEmitKernel(const CompileOptions &options) {
  const std::vector<std::string> &names = kernelLevelNames();
  if (std::find(names.begin(), names.end(), options.emitKernel) == names.end()) {
    error() << "invalid --emit-kernel '" << options.emitKernel
            << "': expected lowered, llvm or ptx\n";
    return failure();
  }
  if (options.target == "host") {
    error() << "--emit-kernel needs a CUDA --target (e.g. sm_90a): the host "
               "target runs tasks on CPU threads and has no kernel\n";
    return failure();
  }
  if (options.ptxasInfo && (options.emitKernel != "ptx" || options.outputDir.empty())) {
    error() << "--ptxas-info with --emit-kernel needs --emit-kernel=ptx and "
               "-o DIR (ptxas assembles DIR/kernel.ptx)\n";
    return failure();
  }
  return success();
}

/// --emit-kernel: the persistent kernel of the compiled (verified) input,
/// built for its schedule table as an artifact's kernel.ptx is.
int emitKernel(ModuleOp module, const CompileOptions &options,
               const Progress &progress) {
  const std::vector<std::string> &names = kernelLevelNames();
  size_t index = std::find(names.begin(), names.end(), options.emitKernel) -
                 names.begin();
  static const tile::KernelLevel levels[] = {
      tile::KernelLevel::Lowered, tile::KernelLevel::LLVMIR,
      tile::KernelLevel::PTX};
  static const char *extensions[] = {".lowered.mlir", ".ll", ".ptx"};
  FailureOr<std::optional<tile::TargetAttr>> target = tile::cudaTarget(module);
  if (failed(target))
    return 1;
  if (!*target) {
    error() << options.inputPath
            << ": --emit-kernel needs programs for a CUDA target; these run "
               "on the host target, which has no kernel\n";
    return 1;
  }
  FailureOr<std::vector<uint8_t>> table = tile::buildScheduleTable(module);
  if (failed(table))
    return 1;
  FailureOr<std::string> text = tile::buildPersistentKernel(
      *table, **target, module.getLoc(), levels[index]);
  if (failed(text))
    return 1;
  progress("built the persistent kernel for " + (*target)->getChip().str() +
           " (" + options.emitKernel + ")");
  FailureOr<std::string> path = writeOutput(
      options, std::string("kernel") + extensions[index],
      [&](llvm::raw_ostream &os) { os << *text; }, progress);
  if (failed(path))
    return 1;
  if (options.ptxasInfo && failed(reportPtxas(*path, /*hasKernel=*/true)))
    return 1;
  return 0;
}
} // namespace

const std::vector<std::string> &kernelLevelNames() {
  static const std::vector<std::string> names{"lowered", "llvm", "ptx"};
  return names;
}

const std::vector<std::string> &stageNames() {
  static const std::vector<std::string> names{
      "parsed", "fused", "partitioned", "planned", "scheduled", "verified",
      "artifact"};
  return names;
}

bool isValidTarget(const std::string &target) {
  return tile::isValidTarget(target);
}

int compile(const CompileOptions &options) {
  if (!options.target.empty() && !isValidTarget(options.target)) {
    error() << "invalid --target '" << options.target
            << "': expected 'host' or 'sm_<NN>[a]', e.g. sm_90a\n";
    return 1;
  }
  if (options.ptxasInfo && options.emitKernel.empty() &&
      options.emit != Stage::Artifact) {
    error() << "--ptxas-info assembles an artifact's kernel.ptx: it needs "
               "--emit=artifact (the default with -o), or --emit-kernel=ptx\n";
    return 1;
  }
  if (options.emit == Stage::Artifact && options.outputDir.empty()) {
    error() << "--emit=artifact writes a directory: give it with -o DIR\n";
    return 1;
  }
  Progress progress(options.verbose);
  if (!options.emitKernel.empty() && failed(checkEmitKernel(options)))
    return 1;
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry);
  context.allowUnregisteredDialects(false);
  context.printOpOnDiagnostic(false); // located messages only, no IR dumps
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  OwningOpRef<ModuleOp> module;
  if (std::optional<std::string> config = modelConfigPath(options.inputPath)) {
    module = importModel(context, *config, options);
    if (!module)
      return 1;
    progress("imported " + *config);
  } else {
    // A FIFO or device would block the open or never end (stat does not).
    llvm::sys::fs::file_status status;
    if (options.inputPath != "-" &&
        !llvm::sys::fs::status(options.inputPath, status) &&
        status.type() != llvm::sys::fs::file_type::regular_file) {
      error() << "cannot read " << options.inputPath
              << ": not a regular file\n";
      return 1;
    }
    std::string message;
    std::unique_ptr<llvm::MemoryBuffer> input =
        openInputFile(options.inputPath, &message);
    if (!input) {
      error() << message << "\n";
      return 1;
    }
    llvm::StringRef text = input->getBuffer();
    if (llvm::StringRef(options.inputPath).ends_with(".safetensors")) {
      error() << options.inputPath
              << " is a weights file: compile the model directory or its "
                 "config.json, and give the weights to tile-run\n";
      return 1;
    }
    if (text.contains('\0')) {
      error() << options.inputPath
              << " is not a text file (it holds NUL bytes): expected MLIR, "
                 "a model directory or a config.json\n";
      return 1;
    }
    if (!options.modelFlags.empty()) {
      error() << options.modelFlags.front()
              << " applies to Hugging Face models (a directory or a "
                 "config.json); "
              << options.inputPath << " is MLIR\n";
      return 1;
    }
    sourceMgr.AddNewSourceBuffer(std::move(input), SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
    if (!module)
      return 1;
    progress("parsed and verified " + options.inputPath);
  }
  if (!options.partitionFlags.empty() &&
      module->getOps<func::FuncOp>().empty()) {
    error() << options.partitionFlags.front()
            << " shapes how tilec partitions a graph function, and "
            << options.inputPath
            << " has none (its tile.program ops are already partitioned)\n";
    return 1;
  }
  if (failed(checkTargets(*module, options.target)))
    return 1;
  if (options.emit > Stage::Parsed && module->getBody()->empty()) {
    error() << options.inputPath
            << ": nothing to compile: the input has no graph function and no "
               "tile.program\n";
    return 1;
  }

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
    if (stage == Stage::Scheduled && options.verbose)
      reportSchedules(*module, progress);
  }

  if (!options.emitKernel.empty())
    return emitKernel(*module, options, progress);
  if (options.emit != Stage::Artifact)
    return failed(emitIR(*module, options, progress)) ? 1 : 0;
  if (failed(createOutputDir(options.outputDir)))
    return 1;
  if (!llvm::sys::fs::is_directory(options.outputDir)) {
    error() << "cannot write the artifact into '" << options.outputDir
            << "': it is not a directory\n";
    return 1;
  }
  if (failed(tile::writeArtifact(*module, options.outputDir, kGenerator)))
    return 1;
  SmallString<256> ptxPath(options.outputDir);
  llvm::sys::path::append(ptxPath, "kernel.ptx");
  bool hasKernel = llvm::sys::fs::exists(ptxPath);
  progress("wrote " + options.outputDir +
           (hasKernel ? "/{schedule.tbl,manifest.json,program.mlir,kernel.ptx}"
                      : "/{schedule.tbl,manifest.json,program.mlir}"));
  if (options.ptxasInfo && failed(reportPtxas(ptxPath, hasKernel)))
    return 1;
  return 0;
}

} // namespace tilec
