//===- Driver.h - the tilec compile pipeline --------------------*- C++ -*-===//
//
// Plain C++ interface (no MLIR types) so the command line front end can be
// built with exceptions for CLI11 while the compiler stays LLVM-style.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_DRIVER_DRIVER_H
#define TILEC_DRIVER_DRIVER_H

#include <cstdint>
#include <string>
#include <vector>

namespace tilec {

/// The stages `--emit` can stop after, in pipeline order.
enum class Stage {
  Parsed,      ///< the input as parsed and verified
  Fused,       ///< graph cleanups and fusion (tile-fuse)
  Partitioned, ///< graph functions turned into task programs (tile-partition)
  Planned,     ///< arena offsets assigned (tile-plan-memory)
  Scheduled,   ///< workers, orders and events assigned (tile-schedule)
  Verified,    ///< schedule proven free of deadlocks and races
  Artifact,    ///< schedule table + manifest + program.mlir in -o DIR
};

/// Names of the stages, in order, as the command line spells them.
const std::vector<std::string> &stageNames();

struct CompileOptions {
  std::string inputPath;     ///< .mlir file, "-" for stdin, a Hugging Face
                             ///< model directory or its config.json
  std::string outputDir;     ///< empty: print the emitted stage to stdout
  Stage emit = Stage::Artifact;
  std::string target;        ///< empty: sm_90a for new programs, existing
                             ///< programs keep theirs
  int64_t workers = 0;       ///< workers of partitioned programs; 0: the
                             ///< target's SMs (#tile.target), 8 for host
  int64_t maxTaskBytes = 1 << 20;
  int64_t kvChunk = 256;
  /// Keep attention's combine as tasks of its own (tile-partition
  /// fold-combine=false).
  bool separateCombine = false;
  /// Keep the query's rope and the key and value appends as three tasks
  /// (tile-partition fold-rope-append=false).
  bool separateRopeAppend = false;
  int64_t maxSeqLen = 0;     ///< KV cache capacity; 0: min(4096, the model's)
  std::string dtype = "bf16"; ///< activation dtype of models: bf16 or f32
  std::string weightDtype;    ///< weight dtype of models; "": the config's
  int64_t devices = 1;        ///< tensor-parallel devices of a model
  std::string placement = "tensor-parallel"; ///< or "token-device"
  std::string emitKernel;     ///< non-empty: print the persistent kernel at
                              ///< this level (kernelLevelNames()) instead
  /// Flags given on the command line that only shape a model import
  /// (--max-seq-len, --dtype, --weight-dtype, --devices) or a partition (--workers,
  /// --max-task-bytes, --kv-chunk): an input they cannot apply to is an
  /// error rather than a silently ignored flag.
  std::vector<std::string> modelFlags, partitionFlags;
  bool verifySchedule = true;
  bool ptxasInfo = false;     ///< assemble kernel.ptx and report resources
  bool verbose = false;
};

/// Levels --emit-kernel prints the persistent kernel at: "lowered" (LLVM +
/// NVVM dialects), "llvm" (optimized LLVM IR), "ptx".
const std::vector<std::string> &kernelLevelNames();

/// True if `target` is "host" or a CUDA architecture such as "sm_90a".
bool isValidTarget(const std::string &target);

/// Runs the pipeline. Diagnostics go to stderr as file:line:col messages.
/// Returns a process exit code (0 on success).
int compile(const CompileOptions &options);

} // namespace tilec

#endif // TILEC_DRIVER_DRIVER_H
