//===- DecodeStep.cpp - one decode step of a Llama-family model ------------===//
//
// The graph mirrors transformers' LlamaForCausalLM forward for one token
// (Mistral is the same graph; Qwen2 adds q/k/v biases; Qwen3 adds per-head
// q/k RMSNorm before RoPE). Weights are function arguments named by their
// checkpoint tensor names, so the runtime binds safetensors by name.
//
//===----------------------------------------------------------------------===//
#include "tilec/Frontend/HFModel.h"

#include "tile/Dialect/Tile/TileOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Verifier.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;
using namespace mlir::tile;

namespace {
class DecodeStepBuilder {
public:
  DecodeStepBuilder(MLIRContext *ctx, const ModelConfig &config,
                    const DecodeStepOptions &options)
      : ctx(ctx), c(config), o(options), b(ctx) {}

  OwningOpRef<ModuleOp> build();

private:
  Type dtype(llvm::StringRef name) {
    if (name == "f32")
      return b.getF32Type();
    if (name == "f16")
      return b.getF16Type();
    return b.getBF16Type();
  }
  RankedTensorType tensor(ArrayRef<int64_t> shape, Type type) {
    return RankedTensorType::get(shape, type);
  }
  RankedTensorType act(int64_t features) {
    return tensor({1, features}, actType);
  }
  /// A new function argument with a role attribute.
  Value argument(RankedTensorType type, llvm::StringRef role,
                 llvm::StringRef name) {
    Value arg = body->addArgument(type, loc);
    argAttrs.push_back(b.getDictionaryAttr(
        b.getNamedAttr(role, b.getStringAttr(name))));
    return arg;
  }
  Value weight(llvm::StringRef name, ArrayRef<int64_t> shape) {
    auto [it, fresh] = weights.try_emplace(name, Value());
    if (fresh)
      it->second = argument(tensor(shape, weightType), "tile.weight", name);
    return it->second;
  }
  Location named(const llvm::Twine &name) {
    return NameLoc::get(b.getStringAttr(name.str()), loc);
  }
  Value linear(const llvm::Twine &name, Value x, const std::string &prefix,
               int64_t out, int64_t in, bool bias, Type resultType = {}) {
    Value w = weight(prefix + ".weight", {out, in});
    Value bv = bias ? weight(prefix + ".bias", {out}) : Value();
    return LinearOp::create(b, named(name),
                            tensor({1, out}, resultType ? resultType : actType),
                            x, w, bv);
  }
  Value rmsnorm(const llvm::Twine &name, Value x, const std::string &weightName,
                int64_t size) {
    return RMSNormOp::create(
        b, named(name), x.getType(), x, weight(weightName, {size}),
        b.getF32FloatAttr(c.rmsNormEps));
  }
  Value rope(const llvm::Twine &name, Value x) {
    Llama3ScalingAttr scaling;
    if (c.ropeScaling)
      scaling = Llama3ScalingAttr::get(
          ctx, APFloat(c.ropeScaling->factor),
          APFloat(c.ropeScaling->lowFreqFactor),
          APFloat(c.ropeScaling->highFreqFactor),
          c.ropeScaling->originalMaxPosition);
    return RopeOp::create(b, named(name), x.getType(), x, position,
                          b.getI64IntegerAttr(c.headDim),
                          b.getF32FloatAttr(c.ropeTheta), scaling);
  }
  Value layer(int64_t i, Value h);

  MLIRContext *ctx;
  const ModelConfig &c;
  const DecodeStepOptions &o;
  OpBuilder b;
  // Every op is named (`layers.0.q`) inside the config it comes from, so a
  // diagnostic on it names the file.
  Location loc = o.sourcePath.empty()
                     ? Location(UnknownLoc::get(ctx))
                     : Location(FileLineColLoc::get(ctx, o.sourcePath, 0, 0));
  Block *body = nullptr;
  Type actType, weightType;
  Value position;
  SmallVector<Attribute> argAttrs;
  llvm::StringMap<Value> weights;
};

Value DecodeStepBuilder::layer(int64_t i, Value h) {
  std::string p = llvm::formatv("model.layers.{0}", i).str();
  std::string l = llvm::formatv("layers.{0}", i).str();
  int64_t hidden = c.hiddenSize, qDim = c.numHeads * c.headDim,
          kvDim = c.numKVHeads * c.headDim;

  Value n = rmsnorm(l + ".input_norm", h, p + ".input_layernorm.weight", hidden);
  Value q = linear(l + ".q", n, p + ".self_attn.q_proj", qDim, hidden, c.qkvBias);
  Value k = linear(l + ".k", n, p + ".self_attn.k_proj", kvDim, hidden, c.qkvBias);
  Value v = linear(l + ".v", n, p + ".self_attn.v_proj", kvDim, hidden, c.qkvBias);
  if (c.qkNorm) {
    q = rmsnorm(l + ".q_norm", q, p + ".self_attn.q_norm.weight", c.headDim);
    k = rmsnorm(l + ".k_norm", k, p + ".self_attn.k_norm.weight", c.headDim);
  }
  q = rope(l + ".q_rope", q);
  k = rope(l + ".k_rope", k);
  auto cacheType = tensor({o.maxSeqLen, kvDim}, actType);
  Value kCache = argument(cacheType, "tile.kv_cache", l + ".k_cache");
  Value vCache = argument(cacheType, "tile.kv_cache", l + ".v_cache");
  // Rotated keys are appended as emitted here; tile-fuse folds the rope
  // into the append.
  kCache = KVAppendOp::create(b, named(l + ".k_append"), cacheType, kCache, k,
                              position, /*rope=*/RopeAttr());
  vCache = KVAppendOp::create(b, named(l + ".v_append"), cacheType, vCache, v,
                              position, /*rope=*/RopeAttr());
  Value attn = AttentionOp::create(
      b, named(l + ".attention"), act(qDim), q, kCache, vCache, position,
      c.numHeads, c.numKVHeads, c.headDim, FloatAttr());
  Value projected = linear(l + ".o", attn, p + ".self_attn.o_proj", hidden,
                           qDim, c.outputBias);
  h = AddOp::create(b, named(l + ".attn_residual"), h, projected);

  Value m = rmsnorm(l + ".post_attention_norm", h,
                    p + ".post_attention_layernorm.weight", hidden);
  Value gate = linear(l + ".gate", m, p + ".mlp.gate_proj", c.intermediateSize,
                      hidden, false);
  Value up = linear(l + ".up", m, p + ".mlp.up_proj", c.intermediateSize,
                    hidden, false);
  Value a = SiluMulOp::create(b, named(l + ".swiglu"), gate, up);
  Value down = linear(l + ".down", a, p + ".mlp.down_proj", hidden,
                      c.intermediateSize, false);
  return AddOp::create(b, named(l + ".mlp_residual"), h, down);
}

OwningOpRef<ModuleOp> DecodeStepBuilder::build() {
  actType = dtype(o.activationDtype);
  weightType = dtype(o.weightDtype.empty() ? c.weightDtype : o.weightDtype);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(b, loc, "decode_step",
                                   b.getFunctionType({}, {}));
  body = func.addEntryBlock();
  b.setInsertionPointToStart(body);

  Value token = argument(tensor({1}, b.getI32Type()), "tile.input", "token");
  position = PositionOp::create(b, named("position"),
                                tensor({1}, b.getI32Type()));
  Value embed = weight("model.embed_tokens.weight", {c.vocabSize, c.hiddenSize});
  Value h = EmbedOp::create(b, named("embed"), act(c.hiddenSize), embed, token);
  for (int64_t i = 0; i < c.numLayers; ++i)
    h = layer(i, h);
  Value n = rmsnorm("final_norm", h, "model.norm.weight", c.hiddenSize);
  Value logits =
      c.tieWordEmbeddings
          ? LinearOp::create(b, named("lm_head"),
                             tensor({1, c.vocabSize}, b.getF32Type()), n, embed)
                .getResult()
          : linear("lm_head", n, "lm_head", c.vocabSize, c.hiddenSize, false,
                   b.getF32Type());
  Value next = ArgmaxOp::create(b, named("argmax"),
                                tensor({1}, b.getI32Type()), logits);
  func::ReturnOp::create(b, loc, ValueRange{next, logits});

  func.setType(b.getFunctionType(body->getArgumentTypes(),
                                 {next.getType(), logits.getType()}));
  func.setAllArgAttrs(argAttrs);
  func.setResultAttr(0, "tile.output", b.getStringAttr("next_token"));
  // The greedy token is the next step's input: written into `token`.
  func.setResultAttr(0, "tile.feeds", b.getStringAttr("token"));
  func.setResultAttr(1, "tile.output", b.getStringAttr("logits"));
  return module;
}
} // namespace

llvm::Expected<OwningOpRef<ModuleOp>>
mlir::tile::buildDecodeStep(MLIRContext *context, const ModelConfig &config,
                            const DecodeStepOptions &options) {
  auto fail = [](const llvm::Twine &message) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   message.str());
  };
  if (options.maxSeqLen < 1)
    return fail("--max-seq-len must be positive");
  if (options.maxSeqLen > config.maxPositions)
    return fail(llvm::formatv("--max-seq-len {0} exceeds the model's "
                              "max_position_embeddings {1}",
                              options.maxSeqLen, config.maxPositions));
  if (config.slidingWindow && *config.slidingWindow < options.maxSeqLen)
    return fail(llvm::formatv(
        "sliding_window {0} is smaller than --max-seq-len {1} (the KV cache "
        "length): sliding-window attention is not supported; use --max-seq-len "
        "{0} or less",
        *config.slidingWindow, options.maxSeqLen));
  if (!options.weightDtype.empty() && options.weightDtype != "bf16" &&
      options.weightDtype != "f16" && options.weightDtype != "f32")
    return fail("--weight-dtype must be bf16, f16 or f32, got '" +
                options.weightDtype + "'");
  if (options.activationDtype != "bf16" && options.activationDtype != "f32")
    return fail("--dtype must be bf16 or f32, got '" + options.activationDtype +
                "'");
  context->getOrLoadDialect<TileDialect>();
  context->getOrLoadDialect<func::FuncDialect>();
  OwningOpRef<ModuleOp> module =
      DecodeStepBuilder(context, config, options).build();
  if (failed(mlir::verify(*module)))
    return fail("internal error: the decode step graph fails verification");
  return module;
}
