//===- Manifest.cpp - manifest.json and the artifact directory -------------===//
#include "tilec/Target/Artifact.h"

#include "tile/Dialect/Tile/TileOps.h"
#include "tilec/kernel_abi.h"
#include "tilec/schedule_table.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
using namespace mlir::tile;

namespace {
/// Manifest format version; the runtime rejects others.
constexpr int64_t kManifestVersion = 1;

std::string dtypeName(Type type) {
  if (type.isF32())
    return "f32";
  if (type.isBF16())
    return "bf16";
  if (type.isF16())
    return "f16";
  if (type.isInteger(32))
    return "i32";
  return "i8";
}

llvm::json::Object bufferJson(BufferOp buffer) {
  MemRefType type = buffer.getResult().getType();
  llvm::json::Object object{
      {"name", buffer.getSymName()},
      {"kind", stringifyBufferKind(buffer.getKind())},
      {"offset", *buffer.getOffset()},
      {"bytes", buffer.getSizeInBytes()},
      {"dtype", dtypeName(type.getElementType())},
      {"shape", llvm::json::Array(type.getShape())},
  };
  if (buffer.getKind() == BufferKind::weight) {
    object["source"] = buffer.getSource().value_or(buffer.getSymName());
    object["layout"] = "row_major";
    if (std::optional<ArrayRef<int64_t>> slice = buffer.getSlice())
      object["slice"] = llvm::json::Array(*slice);
  }
  return object;
}

/// The element type most activation buffers use: the compile-time dtype.
std::string activationDtype(ModuleOp module) {
  llvm::StringMap<unsigned> counts;
  module.walk([&](BufferOp buffer) {
    if (buffer.getKind() == BufferKind::activation)
      ++counts[dtypeName(buffer.getResult().getType().getElementType())];
  });
  std::string best = "f32";
  unsigned most = 0;
  for (auto &[name, count] : counts)
    if (count > most || (count == most && name < best)) {
      best = name.str();
      most = count;
    }
  return best;
}

LogicalResult writeFile(ModuleOp module, StringRef path,
                        llvm::function_ref<void(llvm::raw_ostream &)> body) {
  std::string message;
  auto file = openOutputFile(path, &message);
  if (!file)
    return module.emitError() << message;
  body(file->os());
  file->keep();
  return success();
}
} // namespace

FailureOr<std::optional<TargetAttr>>
mlir::tile::cudaTarget(ModuleOp module) {
  std::optional<TargetAttr> target;
  for (auto program : module.getOps<ProgramOp>()) {
    if (program.getTarget() == "host")
      continue;
    TargetAttr description = program.getTargetDescription();
    if (target && target->getChip() != program.getTarget())
      return program.emitError()
             << "program @" << program.getSymName() << " targets '"
             << program.getTarget() << "' but another program targets '"
             << target->getChip() << "': one artifact holds one kernel module";
    if (target && *target != description)
      return program.emitError()
             << "program @" << program.getSymName() << " describes its "
             << "target as " << description << " but another program as "
             << *target << ": one artifact holds one kernel module";
    target = description;
  }
  return target;
}

LogicalResult mlir::tile::writeArtifact(ModuleOp module, StringRef directory,
                                        StringRef generator) {
  if (module.getOps<ProgramOp>().empty())
    return module.emitError("nothing to compile: the input has no graph "
                            "function and no tile.program");
  for (auto program : module.getOps<ProgramOp>())
    if (program.getOps<TaskOp>().empty())
      program.emitWarning() << "program @" << program.getSymName()
                            << " has no tasks: its kernel only synchronizes "
                               "steps";
  FailureOr<std::vector<uint8_t>> table = buildScheduleTable(module);
  if (failed(table))
    return failure();
  FailureOr<std::optional<TargetAttr>> target = cudaTarget(module);
  if (failed(target))
    return failure();
  std::optional<std::string> ptx;
  if (*target) {
    FailureOr<std::string> built = buildPersistentKernel(
        *table, **target, module.getLoc(), KernelLevel::PTX);
    if (failed(built))
      return failure();
    ptx = std::move(*built);
  }
  if (std::error_code ec = llvm::sys::fs::create_directories(directory))
    return module.emitError() << "cannot create artifact directory '"
                              << directory << "': " << ec.message();

  const auto *header =
      reinterpret_cast<const tilec_table_header *>(table->data());
  llvm::json::Array programs;
  for (auto program : module.getOps<ProgramOp>()) {
    llvm::json::Array buffers;
    for (auto buffer : program.getOps<BufferOp>())
      buffers.push_back(bufferJson(buffer));
    programs.push_back(llvm::json::Object{
        {"name", program.getSymName()},
        {"device", program.getDevice()},
        {"target", program.getTarget()},
        {"workers", program.getWorkers()},
        {"arena_bytes", program.getArenaBytes()},
        {"buffers", std::move(buffers)},
    });
  }
  llvm::json::Object manifest{
      {"format", "tilec-manifest"},
      {"version", kManifestVersion},
      {"generator", generator},
      {"table", "schedule.tbl"},
      {"table_checksum", static_cast<int64_t>(header->checksum)},
      {"activation_dtype", activationDtype(module)},
      {"programs", std::move(programs)},
  };
  if (ptx)
    manifest["kernel"] = llvm::json::Object{
        {"ptx", "kernel.ptx"},
        {"name", TILEC_KERNEL_NAME},
        {"abi", static_cast<int64_t>(TILEC_KERNEL_ABI_VERSION)},
        {"threads", TILEC_KERNEL_THREADS},
        {"chip", (*target)->getChip().str()},
    };

  auto path = [&](StringRef name) {
    SmallString<256> p(directory);
    llvm::sys::path::append(p, name);
    return std::string(p);
  };
  if (failed(writeFile(module, path("schedule.tbl"),
                       [&](llvm::raw_ostream &os) {
                         os.write(reinterpret_cast<const char *>(table->data()),
                                  table->size());
                       })) ||
      failed(writeFile(module, path("manifest.json"),
                       [&](llvm::raw_ostream &os) {
                         os << llvm::formatv(
                             "{0:2}", llvm::json::Value(std::move(manifest)));
                         os << "\n";
                       })) ||
      failed(writeFile(module, path("program.mlir"),
                       [&](llvm::raw_ostream &os) {
                         module.print(os);
                         os << "\n";
                       })))
    return failure();
  if (ptx && failed(writeFile(module, path("kernel.ptx"),
                              [&](llvm::raw_ostream &os) { os << *ptx; })))
    return failure();
  if (!ptx)
    llvm::sys::fs::remove(path("kernel.ptx")); // left by an earlier compile
  return success();
}
