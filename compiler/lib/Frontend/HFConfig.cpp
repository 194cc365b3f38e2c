//===- HFConfig.cpp - read and check a Hugging Face config.json -----------===//
//
// Accepts both spellings found in the wild: transformers 5.x writes
// `rope_parameters` (with `rope_theta` inside) and `dtype`; older checkpoints
// carry `rope_theta`/`rope_scaling` at the top level and `torch_dtype`.
//
//===----------------------------------------------------------------------===//
#include "tilec/Frontend/HFModel.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cmath>
#include <optional>
#include <string>

using namespace mlir;
using namespace mlir::tile;

namespace {
/// Reads fields of one JSON object, turning every problem into an error that
/// names the file and the field.
class Fields {
public:
  Fields(std::string file, const llvm::json::Object &object,
         std::string prefix = "")
      : file(std::move(file)), object(object), prefix(std::move(prefix)) {}

  llvm::Error error(llvm::StringRef field, const llvm::Twine &reason) const {
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        llvm::formatv("{0}: field '{1}{2}': {3}", file, prefix, field,
                      reason.str()));
  }
  bool has(llvm::StringRef field) const {
    const llvm::json::Value *v = object.get(field);
    return v && v->kind() != llvm::json::Value::Null;
  }
  llvm::Expected<int64_t> positive(llvm::StringRef field) const {
    if (!has(field))
      return error(field, "missing");
    std::optional<int64_t> v = object.getInteger(field);
    if (!v || *v <= 0)
      return error(field, "expected a positive integer");
    return *v;
  }
  llvm::Expected<int64_t> positiveOr(llvm::StringRef field,
                                     int64_t fallback) const {
    return has(field) ? positive(field) : fallback;
  }
  llvm::Expected<double> number(llvm::StringRef field, double fallback) const {
    if (!has(field))
      return fallback;
    std::optional<double> v = object.getNumber(field);
    if (!v || !(*v > 0))
      return error(field, "expected a positive number");
    // 1e400 parses as infinity: refuse it here, not at run time.
    if (!std::isfinite(*v))
      return error(field, "expected a finite number (it overflows a double)");
    return *v;
  }
  llvm::Expected<bool> flag(llvm::StringRef field, bool fallback) const {
    if (!has(field))
      return fallback;
    std::optional<bool> v = object.getBoolean(field);
    if (!v)
      return error(field, "expected true or false");
    return *v;
  }
  llvm::Expected<std::string> string(llvm::StringRef field,
                                     llvm::StringRef fallback) const {
    if (!has(field))
      return fallback.str();
    std::optional<llvm::StringRef> v = object.getString(field);
    if (!v)
      return error(field, "expected a string");
    return v->str();
  }
  const llvm::json::Object *objectField(llvm::StringRef field) const {
    return object.getObject(field);
  }
  const std::string &fileName() const { return file; }

private:
  std::string file;
  const llvm::json::Object &object;
  std::string prefix;
};

#define TRY(var, expr)                                                         \
  auto var##OrErr = (expr);                                                    \
  if (!var##OrErr)                                                             \
    return var##OrErr.takeError();                                             \
  auto var = *var##OrErr;

llvm::Expected<std::optional<Llama3RopeScaling>>
parseRopeScaling(const Fields &top, const llvm::json::Object &object,
                 llvm::StringRef where) {
  Fields rope(top.fileName(), object, (where + ".").str());
  std::string type = "default";
  for (llvm::StringRef key : {"rope_type", "type"})
    if (rope.has(key)) {
      TRY(value, rope.string(key, "default"));
      type = value;
      break;
    }
  if (type == "default")
    return std::nullopt;
  if (type != "llama3")
    return rope.error("rope_type", "'" + type +
                                       "' is not supported (tilec supports "
                                       "'default' and 'llama3')");
  // transformers requires every llama3 field.
  for (llvm::StringRef key :
       {"factor", "low_freq_factor", "high_freq_factor"})
    if (!rope.has(key))
      return rope.error(key, "missing (required by rope_type 'llama3')");
  TRY(factor, rope.number("factor", 0));
  TRY(low, rope.number("low_freq_factor", 0));
  TRY(high, rope.number("high_freq_factor", 0));
  TRY(original, rope.positive("original_max_position_embeddings"));
  if (!(high > low))
    return rope.error("high_freq_factor", "must exceed low_freq_factor");
  return Llama3RopeScaling{factor, low, high, original};
}
} // namespace

namespace {
/// What llvm::json::parse would accept but a config must not have: nesting
/// deeper than 64 levels (its parser recurses: 200,000 levels overflow the
/// stack) and a key twice in one object (it keeps the last silently, so a
/// first `"hidden_size": 0` would go unseen). Keys compare as written
/// (escapes undecoded). Syntax errors are left to the parser.
std::optional<std::string> checkJsonShape(llvm::StringRef text) {
  constexpr size_t kMaxDepth = 64;
  struct Level {
    bool object, expectKey;
    llvm::StringSet<> keys;
  };
  llvm::SmallVector<Level, 8> levels;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '{' || c == '[') {
      if (levels.size() >= kMaxDepth)
        return "nested deeper than " + std::to_string(kMaxDepth) + " levels";
      levels.push_back({c == '{', c == '{', {}});
    } else if (c == '}' || c == ']') {
      if (!levels.empty())
        levels.pop_back();
    } else if (c == ':' && !levels.empty()) {
      levels.back().expectKey = false;
    } else if (c == ',' && !levels.empty()) {
      levels.back().expectKey = levels.back().object;
    } else if (c == '"') {
      size_t start = ++i;
      while (i < text.size() && text[i] != '"')
        i += text[i] == '\\' ? 2 : 1;
      if (i >= text.size())
        return std::nullopt; // unterminated: the parser says where
      llvm::StringRef key = text.slice(start, i);
      if (!levels.empty() && levels.back().expectKey &&
          !levels.back().keys.insert(key).second)
        return "key '" + key.str() + "' appears twice in one object";
    }
  }
  return std::nullopt;
}
} // namespace

llvm::Expected<ModelConfig> mlir::tile::parseModelConfig(llvm::StringRef path) {
  // A FIFO or device would block the open or never end (stat does not).
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status) &&
      status.type() != llvm::sys::fs::file_type::regular_file)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot read '%s': not a regular file",
                                   path.str().c_str());
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!file)
    return llvm::createStringError(file.getError(), "cannot read '%s': %s",
                                   path.str().c_str(),
                                   file.getError().message().c_str());
  if (std::optional<std::string> why = checkJsonShape((*file)->getBuffer()))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: not valid JSON here: %s",
                                   path.str().c_str(), why->c_str());
  llvm::Expected<llvm::json::Value> json =
      llvm::json::parse((*file)->getBuffer());
  if (!json)
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(), "%s: not valid JSON: %s",
        path.str().c_str(), llvm::toString(json.takeError()).c_str());
  const llvm::json::Object *object = json->getAsObject();
  if (!object)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%s: expected a JSON object",
                                   path.str().c_str());
  Fields f(path.str(), *object);
  ModelConfig c;

  // Architecture: `architectures[0]`, else `model_type`.
  if (f.has("architectures")) {
    const llvm::json::Array *archs = object->getArray("architectures");
    if (!archs || archs->empty() ||
        llvm::any_of(*archs, [](const llvm::json::Value &v) {
          return !v.getAsString();
        }))
      return f.error("architectures", "expected a non-empty array of strings");
  }
  if (const llvm::json::Array *archs = object->getArray("architectures");
      archs && !archs->empty() && (*archs)[0].getAsString())
    c.architecture = archs->front().getAsString()->str();
  else if (auto type = object->getString("model_type"))
    c.architecture = type->str();
  else
    return f.error("architectures", "missing (and no model_type)");
  std::optional<ModelFamily> family =
      llvm::StringSwitch<std::optional<ModelFamily>>(c.architecture)
          .Cases({"LlamaForCausalLM", "llama"}, ModelFamily::Llama)
          .Cases({"MistralForCausalLM", "mistral"}, ModelFamily::Mistral)
          .Cases({"Qwen2ForCausalLM", "qwen2"}, ModelFamily::Qwen2)
          .Cases({"Qwen3ForCausalLM", "qwen3"}, ModelFamily::Qwen3)
          .Default(std::nullopt);
  if (!family)
    return f.error("architectures",
                   "'" + c.architecture +
                       "' is not supported (tilec supports LlamaForCausalLM, "
                       "MistralForCausalLM, Qwen2ForCausalLM, "
                       "Qwen3ForCausalLM)");
  c.family = *family;

  TRY(hidden, f.positive("hidden_size"));
  TRY(inter, f.positive("intermediate_size"));
  TRY(layers, f.positive("num_hidden_layers"));
  TRY(heads, f.positive("num_attention_heads"));
  TRY(kvHeads, f.positiveOr("num_key_value_heads", heads));
  TRY(vocab, f.positive("vocab_size"));
  // transformers' defaults differ by family.
  int64_t defaultMaxPositions = *family == ModelFamily::Llama     ? 2048
                                : *family == ModelFamily::Mistral ? 131072
                                                                  : 32768;
  TRY(maxPositions,
      f.positiveOr("max_position_embeddings", defaultMaxPositions));
  // Bounds that keep every tensor of the graph far from overflow.
  constexpr int64_t kMaxWidth = int64_t(1) << 20, kMaxLayers = 1024;
  for (auto [field, value] :
       {std::pair<llvm::StringRef, int64_t>{"hidden_size", hidden},
        {"intermediate_size", inter}, {"vocab_size", vocab},
        {"num_attention_heads", heads}})
    if (value > kMaxWidth)
      return f.error(field, llvm::formatv("{0} is larger than tilec supports "
                                          "(2^20)", value));
  if (layers > kMaxLayers)
    return f.error("num_hidden_layers",
                   llvm::formatv("{0} is larger than tilec supports (1024)",
                                 layers));
  if (heads % kvHeads != 0)
    return f.error("num_key_value_heads",
                   llvm::formatv("{0} does not divide num_attention_heads {1}",
                                 kvHeads, heads));
  int64_t defaultHeadDim = hidden / heads;
  if (!f.has("head_dim") && hidden % heads != 0)
    return f.error("head_dim", "missing, and hidden_size is not a multiple "
                               "of num_attention_heads");
  TRY(headDim, f.positiveOr("head_dim", defaultHeadDim));
  if (headDim % 2 != 0)
    return f.error("head_dim", "must be even for RoPE");
  if (heads * headDim > kMaxWidth || headDim > kMaxWidth)
    return f.error("head_dim", "num_attention_heads * head_dim is larger "
                               "than tilec supports (2^20)");
  c.hiddenSize = hidden;
  c.intermediateSize = inter;
  c.numLayers = layers;
  c.numHeads = heads;
  c.numKVHeads = kvHeads;
  c.headDim = headDim;
  c.vocabSize = vocab;
  c.maxPositions = maxPositions;
  TRY(eps, f.number("rms_norm_eps", 1e-6));
  c.rmsNormEps = eps;

  TRY(act, f.string("hidden_act", "silu"));
  if (act != "silu")
    return f.error("hidden_act", "'" + act + "' is not supported (tilec "
                                             "supports 'silu')");
  TRY(mlpBias, f.flag("mlp_bias", false));
  if (mlpBias)
    return f.error("mlp_bias", "true is not supported");
  TRY(tp, f.positiveOr("pretraining_tp", 1));
  if (tp != 1)
    return f.error("pretraining_tp", "values other than 1 are not supported");

  // RoPE: transformers 5.x nests it in rope_parameters.
  c.ropeTheta = 10000.0;
  if (const llvm::json::Object *params = f.objectField("rope_parameters")) {
    Fields p(path.str(), *params, "rope_parameters.");
    TRY(theta, p.number("rope_theta", 10000.0));
    c.ropeTheta = theta;
    TRY(scaling, parseRopeScaling(f, *params, "rope_parameters"));
    c.ropeScaling = scaling;
  } else {
    TRY(theta, f.number("rope_theta", 10000.0));
    c.ropeTheta = theta;
    if (const llvm::json::Object *scaling = f.objectField("rope_scaling")) {
      TRY(s, parseRopeScaling(f, *scaling, "rope_scaling"));
      c.ropeScaling = s;
    } else if (f.has("rope_scaling")) {
      return f.error("rope_scaling", "expected an object or null");
    }
  }

  TRY(tie, f.flag("tie_word_embeddings", false));
  c.tieWordEmbeddings = tie;
  TRY(attentionBias, f.flag("attention_bias", false));
  // Qwen2 always has q/k/v biases; Mistral never has biases; Llama and
  // Qwen3 follow attention_bias (o_proj included).
  bool biased = attentionBias && c.family != ModelFamily::Mistral;
  c.qkvBias = c.family == ModelFamily::Qwen2 || biased;
  c.outputBias = c.family != ModelFamily::Qwen2 && biased;
  c.qkNorm = c.family == ModelFamily::Qwen3;

  // Sliding windows: Mistral always, Qwen2/3 when use_sliding_window.
  TRY(useWindow, f.flag("use_sliding_window",
                        c.family == ModelFamily::Mistral));
  // MistralConfig's default window is 4096 when the key is absent; an
  // explicit null turns it off.
  if (useWindow && f.has("sliding_window")) {
    TRY(window, f.positive("sliding_window"));
    c.slidingWindow = window;
  } else if (c.family == ModelFamily::Mistral && !object->get("sliding_window")) {
    c.slidingWindow = 4096;
  }

  std::string dtypeField = f.has("dtype") ? "dtype" : "torch_dtype";
  TRY(dtype, f.string(dtypeField, "bfloat16"));
  std::optional<std::string> weightDtype =
      llvm::StringSwitch<std::optional<std::string>>(dtype)
          .Case("bfloat16", "bf16")
          .Case("float16", "f16")
          .Case("float32", "f32")
          .Default(std::nullopt);
  if (!weightDtype)
    return f.error(dtypeField, "'" + dtype +
                                   "' is not supported (tilec supports "
                                   "bfloat16, float16, float32)");
  c.weightDtype = *weightDtype;
  return c;
}
