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
  /// Indices [begin, end) of dimension `dim` of the checkpoint tensor `name`
  /// of shape `whole`: this device's shard. The whole tensor when it is all.
  Value shard(llvm::StringRef name, ArrayRef<int64_t> whole, int64_t dim,
              int64_t begin, int64_t end) {
    if (begin == 0 && end == whole[dim])
      return weight(name, whole);
    std::string key = llvm::formatv("{0}@{1}:{2}:{3}", name, dim, begin, end);
    auto [it, fresh] = weights.try_emplace(key, Value());
    if (fresh) {
      SmallVector<int64_t> shape(whole);
      shape[dim] = end - begin;
      it->second = body->addArgument(tensor(shape, weightType), loc);
      argAttrs.push_back(b.getDictionaryAttr(
          {b.getNamedAttr("tile.weight", b.getStringAttr(name)),
           b.getNamedAttr("tile.weight_slice",
                          b.getDenseI64ArrayAttr({dim, begin, end, whole[dim]}))}));
    }
    return it->second;
  }
  /// A projection computing rows [begin, end) of its `out` outputs (a
  /// column-parallel shard: q, k, v, gate, up, the LM head).
  Value rowShard(const llvm::Twine &name, Value x, const std::string &prefix,
                 int64_t out, int64_t in, int64_t begin, int64_t end,
                 bool bias, Type resultType = {}) {
    Value w = shard(prefix + ".weight", {out, in}, 0, begin, end);
    Value bv = bias ? shard(prefix + ".bias", {out}, 0, begin, end) : Value();
    return LinearOp::create(
        b, named(name),
        tensor({1, end - begin}, resultType ? resultType : actType), x, w, bv);
  }
  /// A projection reading inputs [begin, end) of its `in` (a row-parallel
  /// shard: o, down): a partial sum, with the bias on device 0 only.
  Value columnShard(const llvm::Twine &name, Value x, const std::string &prefix,
                    int64_t out, int64_t in, int64_t begin, int64_t end,
                    bool bias) {
    Value w = shard(prefix + ".weight", {out, in}, 1, begin, end);
    Value bv = bias && tpRank == 0 ? weight(prefix + ".bias", {out}) : Value();
    return LinearOp::create(b, named(name), act(out), x, w, bv);
  }
  /// The residual stream after a row-parallel projection: device 0 adds the
  /// residual to its partial, and the partials' sum is h + projection on
  /// every device.
  Value reduce(const llvm::Twine &name, Value h, Value partial) {
    if (tpSize == 1)
      return AddOp::create(b, named(name), h, partial);
    if (tpRank == 0)
      partial = AddOp::create(b, named(name), h, partial);
    return AllReduceOp::create(b, named(name + ".all_reduce"),
                               partial.getType(), ReduceKind::sum, partial,
                               group())
        .getResult();
  }
  /// The tensor-parallel group: devices tpFirst .. tpFirst + tpSize - 1.
  DenseI32ArrayAttr group() {
    SmallVector<int32_t> ids;
    for (int64_t d = tpFirst; d < tpFirst + tpSize; ++d)
      ids.push_back(d);
    return b.getDenseI32ArrayAttr(ids);
  }
  void function(StringRef name);
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
  int64_t device = 0, devices = 1;
  /// The tensor-parallel group this device's layers run in, and its rank
  /// there: every device (placement tensor-parallel), or devices 1..N-1
  /// (token-device).
  int64_t tpFirst = 0, tpSize = 1, tpRank = 0;
  const ModelConfig &c;
  const DecodeStepOptions &o;
  OpBuilder b;
  // Every op is named (`layers.0.q`) inside the config it comes from, so a
  // diagnostic on it names the file.
  Location loc = o.sourcePath.empty()
                     ? Location(UnknownLoc::get(ctx))
                     : Location(FileLineColLoc::get(ctx, o.sourcePath, 0, 0));
  OwningOpRef<ModuleOp> module;
  Block *body = nullptr;
  Type actType, weightType;
  Value position;
  SmallVector<Attribute> argAttrs;
  llvm::StringMap<Value> weights;
};

Value DecodeStepBuilder::layer(int64_t i, Value h) {
  std::string p = llvm::formatv("model.layers.{0}", i).str();
  std::string l = llvm::formatv("layers.{0}", i).str();
  int64_t hidden = c.hiddenSize, D = c.headDim, qDim = c.numHeads * D,
          kvDim = c.numKVHeads * D;
  // This device's query heads, and the KV heads they read (one KV head on
  // several devices when there are fewer KV heads than devices).
  int64_t qHeads = c.numHeads / tpSize, q0 = tpRank * qHeads;
  int64_t kvHeads = c.numKVHeads % tpSize == 0 ? c.numKVHeads / tpSize : 1;
  int64_t kv0 = q0 / (c.numHeads / c.numKVHeads);
  int64_t inter = c.intermediateSize / tpSize, i0 = tpRank * inter;

  Value n = rmsnorm(l + ".input_norm", h, p + ".input_layernorm.weight", hidden);
  Value q = rowShard(l + ".q", n, p + ".self_attn.q_proj", qDim, hidden,
                     q0 * D, (q0 + qHeads) * D, c.qkvBias);
  Value k = rowShard(l + ".k", n, p + ".self_attn.k_proj", kvDim, hidden,
                     kv0 * D, (kv0 + kvHeads) * D, c.qkvBias);
  Value v = rowShard(l + ".v", n, p + ".self_attn.v_proj", kvDim, hidden,
                     kv0 * D, (kv0 + kvHeads) * D, c.qkvBias);
  if (c.qkNorm) {
    q = rmsnorm(l + ".q_norm", q, p + ".self_attn.q_norm.weight", D);
    k = rmsnorm(l + ".k_norm", k, p + ".self_attn.k_norm.weight", D);
  }
  q = rope(l + ".q_rope", q);
  k = rope(l + ".k_rope", k);
  auto cacheType = tensor({o.maxSeqLen, kvHeads * D}, actType);
  Value kCache = argument(cacheType, "tile.kv_cache", l + ".k_cache");
  Value vCache = argument(cacheType, "tile.kv_cache", l + ".v_cache");
  // Rotated keys are appended as emitted here; tile-fuse folds the rope
  // into the append.
  kCache = KVAppendOp::create(b, named(l + ".k_append"), cacheType, kCache, k,
                              position, /*rope=*/RopeAttr());
  vCache = KVAppendOp::create(b, named(l + ".v_append"), cacheType, vCache, v,
                              position, /*rope=*/RopeAttr());
  Value attn = AttentionOp::create(
      b, named(l + ".attention"), act(qHeads * D), q, kCache, vCache, position,
      qHeads, kvHeads, D, FloatAttr());
  Value projected =
      columnShard(l + ".o", attn, p + ".self_attn.o_proj", hidden, qDim,
                  q0 * D, (q0 + qHeads) * D, c.outputBias);
  h = reduce(l + ".attn_residual", h, projected);

  Value m = rmsnorm(l + ".post_attention_norm", h,
                    p + ".post_attention_layernorm.weight", hidden);
  Value gate = rowShard(l + ".gate", m, p + ".mlp.gate_proj",
                        c.intermediateSize, hidden, i0, i0 + inter, false);
  Value up = rowShard(l + ".up", m, p + ".mlp.up_proj", c.intermediateSize,
                      hidden, i0, i0 + inter, false);
  Value a = SiluMulOp::create(b, named(l + ".swiglu"), gate, up);
  Value down = columnShard(l + ".down", a, p + ".mlp.down_proj", hidden,
                           c.intermediateSize, i0, i0 + inter, false);
  return reduce(l + ".mlp_residual", h, down);
}

void DecodeStepBuilder::function(StringRef name) {
  b.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(b, loc, name, b.getFunctionType({}, {}));
  if (devices > 1)
    func->setAttr("tile.device", b.getI64IntegerAttr(device));
  body = func.addEntryBlock();
  argAttrs.clear();
  weights.clear();
  b.setInsertionPointToStart(body);
  bool tokenDevice = o.placement == "token-device";
  if (tokenDevice) {
    tpFirst = 1;
    tpSize = devices - 1;
    tpRank = device - 1;
  } else {
    tpFirst = 0;
    tpSize = devices;
    tpRank = device;
  }

  position = PositionOp::create(b, named("position"),
                                tensor({1}, b.getI32Type()));
  if (tokenDevice && device != 0) {
    // A layer device: the hidden state from device 0, the layers with the
    // other layer devices, the last hidden state back from device 1.
    Value h = RecvFromOp::create(b, named("embed.recv"), act(c.hiddenSize), 0);
    for (int64_t i = 0; i < c.numLayers; ++i)
      h = layer(i, h);
    if (device == 1)
      SendToOp::create(b, named("final.send"), h, b.getDenseI32ArrayAttr({0}));
    func::ReturnOp::create(b, loc, ValueRange{});
    func.setType(b.getFunctionType(body->getArgumentTypes(), {}));
    func.setAllArgAttrs(argAttrs);
    return;
  }
  Value token = argument(tensor({1}, b.getI32Type()), "tile.input", "token");
  Value embed = weight("model.embed_tokens.weight", {c.vocabSize, c.hiddenSize});
  Value h = EmbedOp::create(b, named("embed"), act(c.hiddenSize), embed, token);
  if (tokenDevice) {
    // The token device: embedding, final norm, LM head and token choice.
    SmallVector<int32_t> layerDevices;
    for (int64_t d = 1; d < devices; ++d)
      layerDevices.push_back(d);
    SendToOp::create(b, named("embed.send"), h,
                     b.getDenseI32ArrayAttr(layerDevices));
    h = RecvFromOp::create(b, named("final.recv"), act(c.hiddenSize), 1);
  } else {
    for (int64_t i = 0; i < c.numLayers; ++i)
      h = layer(i, h);
  }
  Value n = rmsnorm("final_norm", h, "model.norm.weight", c.hiddenSize);
  // The vocabulary split over the devices, the logits gathered on each.
  int64_t vocabShards = tokenDevice ? 1 : tpSize;
  int64_t vocab = c.vocabSize / vocabShards,
          v0 = tokenDevice ? 0 : tpRank * vocab;
  Value logits = rowShard(
      "lm_head", n, c.tieWordEmbeddings ? "model.embed_tokens" : "lm_head",
      c.vocabSize, c.hiddenSize, v0, v0 + vocab, false, b.getF32Type());
  if (vocabShards > 1)
    logits = AllGatherOp::create(b, named("lm_head.all_gather"),
                                 tensor({1, c.vocabSize}, b.getF32Type()),
                                 logits, group());
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
}

OwningOpRef<ModuleOp> DecodeStepBuilder::build() {
  actType = dtype(o.activationDtype);
  weightType = dtype(o.weightDtype.empty() ? c.weightDtype : o.weightDtype);
  module = ModuleOp::create(loc);
  devices = o.devices;
  if (devices == 1) {
    function("decode_step");
  } else {
    for (device = 0; device < devices; ++device)
      function(("device" + llvm::Twine(device)).str());
  }
  return std::move(module);
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
  if (options.devices < 1 || options.devices > 64)
    return fail(llvm::formatv("--devices must be in [1, 64], got {0}",
                              options.devices));
  bool tokenDevice = options.placement == "token-device";
  if (!tokenDevice && options.placement != "tensor-parallel")
    return fail("--placement must be tensor-parallel or token-device, got '" +
                options.placement + "'");
  if (tokenDevice && options.devices < 2)
    return fail(llvm::formatv(
        "--placement token-device needs --devices 2 or more (device 0 for the "
        "tokens, the others for the layers), got {0}",
        options.devices));
  // The devices the layers are split over.
  if (int64_t n = options.devices - (tokenDevice ? 1 : 0); n > 1) {
    auto split = [&](int64_t count, llvm::StringRef what) -> llvm::Error {
      if (count % n == 0)
        return llvm::Error::success();
      std::string devicesText =
          tokenDevice ? llvm::formatv("--devices {0} --placement token-device: "
                                      "its {1} layer devices",
                                      options.devices, n)
                            .str()
                      : llvm::formatv("--devices {0}", n).str();
      return fail(llvm::formatv("{0} do{1} not divide {2} {3}: "
                                "tensor parallelism gives each device an "
                                "equal share",
                                devicesText, tokenDevice ? "" : "es", what,
                                count));
    };
    if (auto e = split(config.numHeads, "num_attention_heads"))
      return std::move(e);
    if (auto e = split(config.intermediateSize, "intermediate_size"))
      return std::move(e);
    if (!tokenDevice)
      if (auto e = split(config.vocabSize, "vocab_size"))
        return std::move(e);
    // Each device's logits are a 16-byte aligned slice of the gathered ones.
    if (!tokenDevice && config.vocabSize % n == 0 &&
        (config.vocabSize / n) % 4 != 0)
      return fail(llvm::formatv(
          "--devices {0}: each device's {1} of vocab_size {2} is not a "
          "multiple of 4 (its logits must start 16-byte aligned in the "
          "gathered logits)",
          n, config.vocabSize / n, config.vocabSize));
    if (config.numKVHeads % n != 0 && n % config.numKVHeads != 0)
      return fail(llvm::formatv(
          "--devices {0} and num_key_value_heads {1}: one must divide the "
          "other (KV heads split over the devices, or each KV head "
          "replicated on {0} / {1} devices)",
          n, config.numKVHeads));
  }
  context->getOrLoadDialect<TileDialect>();
  context->getOrLoadDialect<func::FuncDialect>();
  OwningOpRef<ModuleOp> module =
      DecodeStepBuilder(context, config, options).build();
  if (failed(mlir::verify(*module)))
    return fail("internal error: the decode step graph fails verification");
  return module;
}
