//===- tilec.cpp - the tilec command line ----------------------------------===//
#include "tilec/Driver/Driver.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <string>

/// Accepts integers >= 1, with a message a person can read.
static CLI::Validator positive() {
  return CLI::Validator(
      [](std::string &value) -> std::string {
        try {
          size_t used = 0;
          if (std::stoll(value, &used) >= 1 && used == value.size())
            return "";
        } catch (const std::exception &) {
        }
        return "expected a positive integer, got '" + value + "'";
      },
      "POSITIVE");
}

int main(int argc, char **argv) {
  CLI::App app{"tilec: ahead-of-time compiler of tile programs into persistent-kernel "
               "artifacts (PTX module + schedule table + manifest)",
               "tilec"};
  app.set_version_flag("--version", "tilec 0.1.0 (LLVM/MLIR 22)");

  tilec::CompileOptions options;
  auto *input = app.add_option(
      "input", options.inputPath,
      "What to compile: an .mlir file with graph-level or task-level tile IR "
      "('-' reads stdin), or a Hugging Face model directory (its "
      "config.json; weights are not needed to compile)");
  auto *config = app.add_option("--config", options.inputPath,
                                "A Hugging Face config.json to compile, "
                                "instead of an input");
  input->excludes(config);
  app.add_option("--max-seq-len", options.maxSeqLen,
                 "KV cache capacity of a compiled model, in tokens "
                 "(default: min(4096, max_position_embeddings))")
      ->check(positive());
  app.add_option("--dtype", options.dtype,
                 "Activation and KV cache dtype of a compiled model (weights "
                 "keep the checkpoint's); logits are always f32")
      ->check(CLI::IsMember({"bf16", "f32"}))
      ->capture_default_str();
  app.add_option("--weight-dtype", options.weightDtype,
                 "Weight dtype of a compiled model (default: the config's "
                 "dtype/torch_dtype); checkpoints in another float dtype are "
                 "converted when loaded")
      ->check(CLI::IsMember({"bf16", "f16", "f32"}));
  app.add_option("--devices", options.devices,
                 "Tensor-parallel devices of a compiled model: one program "
                 "per device (@device0, @device1, ...), each with 1/N of the "
                 "attention heads (KV heads split, or replicated when there "
                 "are fewer than N), of the MLP's intermediate rows and of "
                 "the vocabulary; partial sums all-reduced and logits "
                 "gathered by tile-level sends between the devices")
      ->check(CLI::Range(int64_t(1), int64_t(64)))
      ->capture_default_str();
  app.add_option("--placement", options.placement,
                 "What each device of a --devices model runs: tensor-parallel "
                 "(every device a share of every layer and of the LM head) or "
                 "token-device (device 0 embeds the token and runs the final "
                 "norm, the whole LM head and the token choice; devices "
                 "1..N-1 run the layers tensor-parallel; the hidden state "
                 "goes from device 0 to them and back from device 1 by sends)")
      ->check(CLI::IsMember({"tensor-parallel", "token-device"}))
      ->capture_default_str();
  app.add_option("-o,--output", options.outputDir,
                 "Output directory, created if missing: the artifact, or "
                 "<input-stem>.<stage>.mlir for an IR stage (decode_step.<stage>"
                 ".mlir for a model). Without it the stage is printed to stdout");

  std::string emit;
  app.add_option("--emit", emit,
                 "Stage to stop after and emit: parsed, fused (tile-fuse), "
                 "partitioned (tile-partition), planned (tile-plan-memory), "
                 "scheduled (tile-schedule), verified (deadlock and race "
                 "proof), or artifact (schedule.tbl + manifest.json + "
                 "program.mlir in -o DIR). IR stages print to stdout, or "
                 "write <input-stem>.<stage>.mlir into -o DIR. Default: "
                 "artifact with -o, verified without")
      ->check(CLI::IsMember(tilec::stageNames()));
  auto *emitKernel = app.add_option(
      "--emit-kernel", options.emitKernel,
      "Instead of an artifact, print the persistent kernel of the compiled "
      "input (a model or a program for a CUDA target) at a level: lowered "
      "(the device library specialized to the input's task bodies, in the "
      "LLVM and NVVM dialects), llvm (the optimized LLVM IR given to the "
      "NVPTX backend) or ptx (what the artifact holds as kernel.ptx). With "
      "-o DIR, writes DIR/kernel.{lowered.mlir,ll,ptx}");
  emitKernel->check(CLI::IsMember(tilec::kernelLevelNames()));
  app.add_option("--target", options.target,
                 "Target of the compiled programs: 'host' or a CUDA "
                 "architecture such as 'sm_90a' (the default for partitioned "
                 "programs). Task-level input programs must already have it")
      ->check([](const std::string &value) {
        return tilec::isValidTarget(value)
                   ? std::string()
                   : "expected 'host' or 'sm_<NN>[a]' (e.g. sm_90a), got '" +
                         value + "'";
      });
  app.add_option("--workers", options.workers,
                 "Workers of partitioned programs (default: one CTA per SM "
                 "of a CUDA target, 132 for sm_90a, 108 for sm_80; 8 for the "
                 "host target, whose workers share the CPU cores)")
      ->check(CLI::Range(int64_t(1), int64_t(1024)));
  app.add_option("--max-task-bytes", options.maxTaskBytes,
                 "Most weight bytes one projection task reads (tile size)")
      ->check(positive())
      ->capture_default_str();
  app.add_option("--kv-chunk", options.kvChunk,
                 "Cache positions per split-KV attention task")
      ->check(positive())
      ->capture_default_str();
  app.add_flag("--separate-attention-combine", options.separateCombine,
               "Keep each attention's combine (the merge of its split-KV "
               "partials) as tasks of its own, instead of the prologue of the "
               "projection that consumes it (for comparing schedules)");
  app.add_flag("--separate-rope-append", options.separateRopeAppend,
               "Rotate each attention's query and append its key and value "
               "rows as three tasks (rope_heads, two kv_store) instead of one "
               "tile.rope_append (for comparing schedules)");
  bool noVerifySchedule = false;
  app.add_flag("--no-verify-schedule", noVerifySchedule,
               "Skip the deadlock and race proof of the schedule (for testing "
               "the runtime's watchdog; never for production artifacts)");
  app.add_flag("--ptxas-info", options.ptxasInfo,
               "With an artifact for a CUDA target, or --emit-kernel=ptx -o "
               "DIR: assemble kernel.ptx with ptxas into kernel.cubin and print "
               "registers, spills and shared memory per function (needs the "
               "CUDA toolkit)");
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
  for (const char *flag :
       {"--max-seq-len", "--dtype", "--weight-dtype", "--devices", "--placement"})
    if (app.count(flag) != 0)
      options.modelFlags.push_back(flag);
  for (const char *flag : {"--workers", "--max-task-bytes", "--kv-chunk",
                           "--separate-attention-combine", "--separate-rope-append"})
    if (app.count(flag) != 0)
      options.partitionFlags.push_back(flag);
  if (options.inputPath.empty()) {
    fmt::print(stderr, "tilec: error: nothing to compile: give an input or "
                       "--config\n");
    fmt::print(stderr, "Run 'tilec --help' for usage.\n");
    return 2;
  }
  if (!options.emitKernel.empty() && !emit.empty()) {
    fmt::print(stderr, "tilec: error: --emit and --emit-kernel exclude each "
                       "other: --emit-kernel compiles the input to a verified "
                       "schedule, then prints its kernel\n");
    return 2;
  }
  if (!options.emitKernel.empty())
    emit = "verified";
  if (emit.empty())
    emit = options.outputDir.empty() ? "verified" : "artifact";
  const auto &names = tilec::stageNames();
  options.emit = static_cast<tilec::Stage>(
      std::find(names.begin(), names.end(), emit) - names.begin());
  return tilec::compile(options);
}
