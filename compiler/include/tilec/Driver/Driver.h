//===- Driver.h - the tilec compile pipeline --------------------*- C++ -*-===//
//
// Plain C++ interface (no MLIR types) so the command line front end can be
// built with exceptions for CLI11 while the compiler stays LLVM-style.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_DRIVER_DRIVER_H
#define TILEC_DRIVER_DRIVER_H

#include <string>
#include <vector>

namespace tilec {

/// The stages `--emit` can stop after, in pipeline order.
enum class Stage {
  Parsed,   ///< the input as parsed and verified
  Verified, ///< after the pipeline: graph cleanups, schedule verification
};

/// Names of the stages, in order, as the command line spells them.
const std::vector<std::string> &stageNames();

struct CompileOptions {
  std::string inputPath;     ///< .mlir file, or "-" for stdin
  std::string outputDir;     ///< empty: print the emitted stage to stdout
  Stage emit = Stage::Verified;
  std::string target;        ///< empty: keep the programs' own targets
  bool verifySchedule = true;
  bool verbose = false;
};

/// True if `target` is "host" or a CUDA architecture such as "sm_90a".
bool isValidTarget(const std::string &target);

/// Runs the pipeline. Diagnostics go to stderr as file:line:col messages.
/// Returns a process exit code (0 on success).
int compile(const CompileOptions &options);

} // namespace tilec

#endif // TILEC_DRIVER_DRIVER_H
