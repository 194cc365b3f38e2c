//===- tilec.cpp - the tilec command line ----------------------------------===//
#include "tilec/Driver/Driver.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>

int main(int argc, char **argv) {
  CLI::App app{"tilec: ahead-of-time compiler of tile programs into persistent-kernel "
               "artifacts (PTX module + schedule table + manifest)",
               "tilec"};
  app.set_version_flag("--version", "tilec 0.1.0 (LLVM/MLIR 22)");

  tilec::CompileOptions options;
  app.add_option("input", options.inputPath,
                 "Input .mlir file with graph-level or task-level tile IR "
                 "('-' reads stdin)")
      ->required();
  app.add_option("-o,--output", options.outputDir,
                 "Directory to write the emitted stage into, as "
                 "<input-stem>.<stage>.mlir; created if missing. Without it the "
                 "stage is printed to stdout");

  std::string emit = "verified";
  app.add_option("--emit", emit,
                 "Stage to stop after and emit: 'parsed' (input as parsed and "
                 "verified) or 'verified' (after the pipeline: canonicalization "
                 "and, for task-level programs, schedule verification)")
      ->check(CLI::IsMember(tilec::stageNames()))
      ->capture_default_str();
  app.add_option("--target", options.target,
                 "Target every tile.program must have: 'host' or a CUDA "
                 "architecture such as 'sm_90a'. Without it, programs keep "
                 "their own targets")
      ->check([](const std::string &value) {
        return tilec::isValidTarget(value)
                   ? std::string()
                   : "expected 'host' or 'sm_<NN>[a]' (e.g. sm_90a), got '" +
                         value + "'";
      });
  bool noVerifySchedule = false;
  app.add_flag("--no-verify-schedule", noVerifySchedule,
               "Skip the deadlock check of task-level schedules (for testing "
               "the runtime's watchdog; never for production artifacts)");
  app.add_flag("-v,--verbose", options.verbose,
               "Print progress for each pipeline step to stderr");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (e.get_exit_code() != 0) {
      fmt::print(stderr, "tilec: error: {}\n", e.what());
      fmt::print(stderr, "Run 'tilec --help' for usage.\n");
      return 2;
    }
    return app.exit(e);
  }
  options.verifySchedule = !noVerifySchedule;
  const auto &names = tilec::stageNames();
  options.emit = static_cast<tilec::Stage>(
      std::find(names.begin(), names.end(), emit) - names.begin());
  return tilec::compile(options);
}
