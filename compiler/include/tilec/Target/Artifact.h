//===- Artifact.h - write the schedule table and manifest ------*- C++ -*-===//
//
// An artifact directory holds what the runtime loads: `schedule.tbl` (the
// binary table of runtime/include/tilec/schedule_table.h), `manifest.json`
// (buffers, weights, inputs, outputs) and `program.mlir` (the scheduled task
// IR, for people and tools).
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_TARGET_ARTIFACT_H
#define TILEC_TARGET_ARTIFACT_H

#include "tile/Dialect/Tile/TileTypes.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir::tile {

/// Encodes the scheduled, memory-planned programs of `module` as a schedule
/// table. Fails with a diagnostic on the offending op if the module is not
/// ready (unscheduled task, unplanned buffer, a body the table cannot hold).
FailureOr<std::vector<uint8_t>> buildScheduleTable(ModuleOp module);

/// How far buildPersistentKernel takes the device library.
enum class KernelLevel {
  Lowered, ///< the gpu.module in the LLVM and NVVM dialects (MLIR text)
  LLVMIR,  ///< the O3-optimized LLVM IR handed to the NVPTX backend
  PTX,     ///< the PTX module the runtime loads
};

/// The persistent kernel (tilec/kernel_abi.h) of a schedule `table` (as
/// buildScheduleTable writes it) for a CUDA `target` (its chip, such as
/// "sm_90a", and features: bulk copies, L2 prefetch), as text
/// at `level`: the device library in device/*.mlir with one body per device
/// body of the table (tilec/Target/DeviceBodies.h), its layout constants
/// taken from tilec/schedule_table.h, lowered through NVVM and LLVM's NVPTX
/// backend. Errors are reported at `loc`.
FailureOr<std::string> buildPersistentKernel(llvm::ArrayRef<uint8_t> table,
                                             TargetAttr target, Location loc,
                                             KernelLevel level);

/// The CUDA target (ProgramOp::getTargetDescription) the artifact's kernel
/// is built for, if any program targets one; programs on CUDA must agree
/// (else an error on a program).
FailureOr<std::optional<TargetAttr>> cudaTarget(ModuleOp module);

/// Writes schedule.tbl, manifest.json and program.mlir into `directory`
/// (created if needed), and kernel.ptx when the programs target CUDA.
/// `generator` is recorded in the manifest.
LogicalResult writeArtifact(ModuleOp module, llvm::StringRef directory,
                            llvm::StringRef generator);

} // namespace mlir::tile

#endif // TILEC_TARGET_ARTIFACT_H
