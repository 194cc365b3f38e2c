//===- HFModel.h - Hugging Face configs to graph-level IR -------*- C++ -*-===//
//
// Reads a Hugging Face `config.json` of a Llama-family causal LM and emits
// the graph-level IR of one decode step. Only the config is needed (shapes);
// weights are bound at run time by their checkpoint names.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_FRONTEND_HFMODEL_H
#define TILEC_FRONTEND_HFMODEL_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>

namespace mlir::tile {

/// The architectures the frontend understands.
enum class ModelFamily { Llama, Mistral, Qwen2, Qwen3 };

struct Llama3RopeScaling {
  double factor, lowFreqFactor, highFreqFactor;
  int64_t originalMaxPosition;
};

/// What tilec needs of a config.json, with Hugging Face's defaults applied.
struct ModelConfig {
  std::string architecture;
  ModelFamily family;
  int64_t hiddenSize, intermediateSize, numLayers, numHeads, numKVHeads,
      headDim, vocabSize, maxPositions;
  double rmsNormEps, ropeTheta;
  std::optional<Llama3RopeScaling> ropeScaling;
  std::optional<int64_t> slidingWindow;
  bool tieWordEmbeddings, qkvBias, outputBias, qkNorm;
  std::string weightDtype; ///< "bf16", "f16" or "f32"
};

/// Parses and checks `path`. Errors name the file and the field.
llvm::Expected<ModelConfig> parseModelConfig(llvm::StringRef path);

struct DecodeStepOptions {
  int64_t maxSeqLen = 4096;         ///< KV cache capacity
  std::string activationDtype = "bf16"; ///< "bf16" or "f32"
  std::string weightDtype;              ///< "": the config's; else bf16/f16/f32
  std::string sourcePath; ///< the config.json: ops are located in it
  /// Tensor-parallel devices: 1 emits @decode_step; N > 1 emits @device0 ..
  /// @device<N-1> (tile.device), each with its share of the heads and the
  /// MLP's rows, partial sums reduced by tile.all_reduce and the
  /// vocabulary-split logits gathered by tile.all_gather.
  int64_t devices = 1;
  /// "tensor-parallel": every device runs every layer's share; or
  /// "token-device": device 0 embeds the token, runs the final norm, the LM
  /// head and the token choice, and devices 1..N-1 run the layers
  /// tensor-parallel, the hidden state passed by tile.send_to/recv_from.
  std::string placement = "tensor-parallel";
};

/// Emits `func.func @decode_step` (graph level): token id in, greedy next
/// token id and fp32 logits out, a KV cache argument per layer and K/V; with
/// `devices` > 1 one such function per device.
llvm::Expected<OwningOpRef<ModuleOp>>
buildDecodeStep(MLIRContext *context, const ModelConfig &config,
                const DecodeStepOptions &options);

} // namespace mlir::tile

#endif // TILEC_FRONTEND_HFMODEL_H
