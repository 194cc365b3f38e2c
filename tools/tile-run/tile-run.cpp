//===- tile-run.cpp - run a tilec artifact ----------------------------------===//
//
// Loads an artifact through the runtime's C ABI only (as any embedder would),
// binds weights and inputs, runs decode steps one at a time (to time each),
// prints the output buffers and the timings. --repeat runs the whole job
// again on the same loaded model (state reset, epochs continuing) and checks
// that every run gives the same bits.
//
//===----------------------------------------------------------------------===//
#include "tilec/runtime.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

struct ToolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string artifact, backend = "host", traceFile, logitsFile;
  std::vector<std::string> weights, inputs, outputs;
  std::vector<int32_t> promptIds, forceIds;
  std::string promptText, forceText;
  uint64_t randomSeed = 0, chaosSeed = 0;
  bool randomWeights = false;
  uint32_t chaosMaxDelayUs = 0, waitTimeoutMs = 0, steps = 1, printLimit = 16;
  uint64_t progressMinBytes = 256ull << 20; // checkpoints worth a progress line
  uint32_t stepsPerCall = 1, stepsPerLaunch = 0, repeat = 1, hostThreads = 0;
  bool weightRing = false;
  bool allowNonFinite = false;
  int32_t position = 0, cudaDevice = -1;
  bool quiet = false;
};

/// FNV-1a (32 bit) continued over more bytes: a digest of a run's outputs.
uint32_t fnv1a(uint32_t h, const void *data, size_t size) {
  const unsigned char *p = static_cast<const unsigned char *>(data);
  for (size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}
constexpr uint32_t kFnvBasis = 2166136261u;

using ModelPtr = std::unique_ptr<tilec_model, decltype(&tilec_model_free)>;

void check(tilec_status status) {
  if (status != TILEC_OK)
    throw ToolError(tilec_last_error());
}

tilec_buffer_info bufferInfo(const tilec_model *m, const std::string &address) {
  size_t index;
  check(tilec_buffer_find(m, address.c_str(), &index));
  tilec_buffer_info info;
  check(tilec_buffer_get_info(m, index, &info));
  return info;
}

std::string shapeOf(const tilec_buffer_info &b) {
  std::string s = "[";
  for (uint32_t i = 0; i < b.rank; ++i)
    s += fmt::format("{}{}", i ? ", " : "", b.shape[i]);
  return s + "]";
}

uint64_t elementsOf(const tilec_buffer_info &b) {
  uint64_t n = 1;
  for (uint32_t i = 0; i < b.rank; ++i)
    n *= static_cast<uint64_t>(b.shape[i]);
  return n;
}

/// "NAME=VALUE" → {NAME, VALUE}.
std::pair<std::string, std::string> splitAssignment(const std::string &arg, const char *flag) {
  size_t eq = arg.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ToolError(fmt::format("{} '{}': expected NAME=VALUE", flag, arg));
  return {arg.substr(0, eq), arg.substr(eq + 1)};
}

std::vector<unsigned char> readFile(const std::string &path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ToolError(fmt::format("cannot read {}: it is a directory", path));
  // A FIFO would block the open (or never end): regular files only.
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    throw ToolError(fmt::format("cannot read {}: not a regular file", path));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw ToolError(fmt::format("cannot open {}: {}", path, std::strerror(errno)));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Comma-separated numbers converted to the buffer's dtype.
std::vector<unsigned char> parseValues(const std::string &name, const std::string &text,
                                       const tilec_buffer_info &b) {
  std::vector<std::string> items;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    items.push_back(text.substr(start, comma - start));
    if (comma == std::string::npos)
      break;
    start = comma + 1;
  }
  if (items.size() != elementsOf(b))
    throw ToolError(fmt::format("--input {}: {} values given, but buffer '{}' ({} {}) has {} "
                                "elements",
                                name, items.size(), b.address, tilec_dtype_name(b.dtype),
                                shapeOf(b), elementsOf(b)));
  std::vector<unsigned char> bytes(b.bytes);
  std::vector<float> floats;
  for (size_t i = 0; i < items.size(); ++i) {
    const char *s = items[i].c_str();
    char *end = nullptr;
    errno = 0;
    bool isInt = b.dtype == TILEC_DTYPE_I32 || b.dtype == TILEC_DTYPE_I8;
    long long iv = isInt ? std::strtoll(s, &end, 10) : 0;
    double fv = isInt ? 0 : std::strtod(s, &end);
    if (end == s || *end != '\0' || errno == ERANGE)
      throw ToolError(fmt::format("--input {}: value {} '{}' is not a{} number", name, i, items[i],
                                  isInt ? "n integer" : ""));
    if (b.dtype == TILEC_DTYPE_I32) {
      if (iv < std::numeric_limits<int32_t>::min() || iv > std::numeric_limits<int32_t>::max())
        throw ToolError(fmt::format("--input {}: value {} is out of the i32 range", name, iv));
      int32_t v = static_cast<int32_t>(iv);
      std::memcpy(bytes.data() + 4 * i, &v, 4);
    } else if (b.dtype == TILEC_DTYPE_I8) {
      if (iv < -128 || iv > 127)
        throw ToolError(fmt::format("--input {}: value {} is out of the i8 range", name, iv));
      bytes[i] = static_cast<unsigned char>(static_cast<int8_t>(iv));
    } else {
      floats.push_back(static_cast<float>(fv));
    }
  }
  if (!floats.empty())
    check(
        tilec_convert_floats(floats.data(), TILEC_DTYPE_F32, bytes.data(), b.dtype, floats.size()));
  return bytes;
}

void setInputs(tilec_model *m, const Options &o) {
  for (const std::string &arg : o.inputs) {
    auto [name, value] = splitAssignment(arg, "--input");
    tilec_buffer_info b = bufferInfo(m, name);
    std::vector<unsigned char> bytes;
    if (!value.empty() && value[0] == '@') {
      bytes = readFile(value.substr(1));
      if (bytes.size() != b.bytes)
        throw ToolError(fmt::format("--input {}: {} holds {} bytes, but buffer '{}' ({} {}) "
                                    "holds {}",
                                    name, value.substr(1), bytes.size(), b.address,
                                    tilec_dtype_name(b.dtype), shapeOf(b), b.bytes));
    } else {
      bytes = parseValues(name, value, b);
    }
    check(tilec_set_buffer(m, name.c_str(), bytes.data(), bytes.size()));
  }
}

/// Progress on stderr for checkpoints big enough to take a while.
/// Progress on stderr, every 10%, for checkpoints of at least `*minBytes`.
void printProgress(void *minBytes, uint64_t done, uint64_t total) {
  if (total < *static_cast<uint64_t *>(minBytes))
    return;
  static int last = -1;
  int percent = total ? static_cast<int>(100 * done / total) : 100;
  if (percent / 10 == last / 10 && done != total)
    return;
  last = percent;
  bool giga = total >= 1000000000;
  double unit = giga ? 1e9 : 1e6;
  fmt::print(stderr, "loading weights: {:3d}% ({:.2f} of {:.2f} {}){}", percent, done / unit,
             total / unit, giga ? "GB" : "MB", done == total ? "\n" : "\r");
}

bool isDirectory(const std::string &path) {
  std::error_code ec;
  return std::filesystem::is_directory(path, ec);
}

void bindWeights(tilec_model *m, const Options &o) {
  if (o.randomWeights) {
    check(tilec_fill_random(m, 0, nullptr, o.randomSeed));
    if (!o.quiet)
      fmt::print("random weights (seed {})\n", o.randomSeed);
  }
  // A model directory (model.safetensors or a sharded index) holds every
  // weight; so must a single file; several files are shards checked together.
  uint32_t flags = o.randomWeights         ? 0 // checkpoints override random values
                   : o.weights.size() == 1 ? TILEC_LOAD_REQUIRE_ALL
                                           : TILEC_LOAD_FRESH_ONLY;
  for (const std::string &path : o.weights) {
    if (isDirectory(path)) {
      tilec_load_report r;
      uint64_t minBytes = o.progressMinBytes;
      check(tilec_load_checkpoint(m, path.c_str(), printProgress, &minBytes, &r));
      if (!o.quiet)
        fmt::print("loaded {} weights from {} ({} converted)\n", r.loaded, path, r.converted);
      continue;
    }
    tilec_load_report r;
    check(tilec_load_safetensors(m, path.c_str(), flags, &r));
    if (!o.quiet)
      fmt::print("loaded {} weights from {} ({} converted), {} unset\n", r.loaded, path,
                 r.converted, r.unset);
  }
  check(tilec_require_weights(m));
}

/// Calls fn(info, bytes) for every output buffer, in buffer order.
template <class Fn> void forEachOutput(const tilec_model *m, Fn fn) {
  for (size_t i = 0, n = tilec_buffer_count(m); i < n; ++i) {
    tilec_buffer_info b;
    check(tilec_buffer_get_info(m, i, &b));
    if (b.kind != TILEC_BUFFER_OUTPUT)
      continue;
    std::vector<unsigned char> bytes(b.bytes);
    check(tilec_get_buffer(m, b.address, bytes.data(), bytes.size()));
    fn(b, bytes);
  }
}

void printOutputs(const tilec_model *m, const Options &o) {
  forEachOutput(m, [&](const tilec_buffer_info &b, const std::vector<unsigned char> &bytes) {
    uint64_t count = elementsOf(b);
    std::vector<double> values(count);
    if (b.dtype == TILEC_DTYPE_I32 || b.dtype == TILEC_DTYPE_I8) {
      for (uint64_t j = 0; j < count; ++j) {
        int32_t v = 0;
        if (b.dtype == TILEC_DTYPE_I32)
          std::memcpy(&v, bytes.data() + 4 * j, 4);
        else
          v = static_cast<int8_t>(bytes[j]);
        values[j] = v;
      }
    } else {
      std::vector<float> f(count);
      check(tilec_convert_floats(bytes.data(), b.dtype, f.data(), TILEC_DTYPE_F32, count));
      values.assign(f.begin(), f.end());
    }
    double sum = 0;
    for (double v : values)
      sum += v;
    std::string shown;
    for (uint64_t j = 0; j < count && j < o.printLimit; ++j)
      shown += fmt::format("{}{:.6g}", j ? ", " : "", values[j]);
    if (count > o.printLimit)
      shown += fmt::format("{}... ({} more)", o.printLimit ? ", " : "", count - o.printLimit);
    fmt::print("{} {} {}: [{}] sum={:.9g}\n", b.address, tilec_dtype_name(b.dtype), shapeOf(b),
               shown, sum);
  });
}

void writeOutputs(const tilec_model *m, const Options &o) {
  for (const std::string &arg : o.outputs) {
    auto [name, path] = splitAssignment(arg, "--output");
    tilec_buffer_info b = bufferInfo(m, name);
    std::vector<unsigned char> bytes(b.bytes);
    check(tilec_get_buffer(m, name.c_str(), bytes.data(), bytes.size()));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char *>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    if (!out)
      throw ToolError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
}

/// The addresses of the buffers named `name` in each program that has one,
/// in program order: "name" in a one-program artifact, "device0/name",
/// "device1/name", ... in a tensor-parallel one (each device holds the
/// model's inputs and outputs).
std::vector<std::string> buffersNamed(const tilec_model *m, const char *name) {
  std::vector<std::string> found;
  for (size_t i = 0, n = tilec_buffer_count(m); i < n; ++i) {
    tilec_buffer_info b;
    check(tilec_buffer_get_info(m, i, &b));
    if (std::strcmp(b.name, name) == 0)
      found.push_back(b.address);
  }
  return found;
}

/// The buffer a decode loop needs (its first program's), with a message
/// saying why if it is missing.
tilec_buffer_info decodeBuffer(const tilec_model *m, const char *name, tilec_dtype dtype) {
  std::vector<std::string> addresses = buffersNamed(m, name);
  size_t index;
  if (addresses.empty() || tilec_buffer_find(m, addresses.front().c_str(), &index) != TILEC_OK)
    throw ToolError(fmt::format("--prompt-ids needs an artifact compiled from a model, with "
                                "buffers 'token' and 'logits'; this one has no '{}'",
                                name));
  tilec_buffer_info b;
  check(tilec_buffer_get_info(m, index, &b));
  if (dtype != TILEC_DTYPE_NONE && b.dtype != dtype)
    throw ToolError(fmt::format("buffer '{}' has dtype {}, expected {}", name,
                                tilec_dtype_name(b.dtype), tilec_dtype_name(dtype)));
  return b;
}

/// Greedy decoding: the prompt is fed one token per step (prefill by repeated
/// decode), then each step's argmax is the next step's token, unless
/// --force-ids gives the tokens to feed (teacher forcing). Returns the digest
/// of the generated ids and their logits; prints and writes files only when
/// `report` (the last of --repeat runs).
uint32_t runDecode(tilec_model *m, const Options &o, bool report) {
  decodeBuffer(m, "token", TILEC_DTYPE_I32);
  // Every device of a tensor-parallel model decodes the same token; the
  // first device's outputs are read (all devices hold the same).
  std::vector<std::string> tokens = buffersNamed(m, "token");
  // Models write the greedy token back into `token` (tile.feeds); an
  // artifact with a separate `next_token` output has it there.
  bool separateNext = !buffersNamed(m, "next_token").empty();
  tilec_buffer_info nextInfo = decodeBuffer(m, separateNext ? "next_token" : "token", TILEC_DTYPE_I32);
  const std::string nextName = nextInfo.address;
  tilec_buffer_info logits = decodeBuffer(m, "logits", TILEC_DTYPE_F32);
  const std::string logitsName = logits.address;
  std::ofstream logitsOut;
  if (report && !o.logitsFile.empty()) {
    logitsOut.open(o.logitsFile, std::ios::binary | std::ios::trunc);
    if (!logitsOut)
      throw ToolError(fmt::format("cannot write {}: {}", o.logitsFile, std::strerror(errno)));
  }
  // Step 1 decodes the last prompt token; each later step feeds one forced
  // id: steps - 1 of them, or steps (a reference run's generated ids, whose
  // last one is never fed). More means a mistake in the caller's ids.
  if (!o.forceIds.empty() && (o.forceIds.size() + 1 < o.steps || o.forceIds.size() > o.steps))
    throw ToolError(fmt::format("--force-ids gives {} tokens; {} generated steps use {} (or "
                                "take {}, the last unused)",
                                o.forceIds.size(), o.steps, o.steps - 1, o.steps));
  // Checked before the first step, so no work is lost to a late fault.
  if (o.position != 0)
    throw ToolError(fmt::format("--position {} with --prompt-ids: a new run's KV cache is empty, "
                                "so decoding starts at position 0",
                                o.position));
  uint64_t vocab = logits.bytes / 4;
  for (const auto &[flag, ids] : {std::pair<const char *, const std::vector<int32_t> &>{
                                      "--prompt-ids", o.promptIds},
                                  {"--force-ids", o.forceIds}})
    for (int32_t id : ids)
      if (uint64_t(id) >= vocab)
        throw ToolError(fmt::format("{}: {} is outside the vocabulary [0, {})", flag, id, vocab));
  uint64_t positions = o.promptIds.size() + o.steps - 1;
  for (size_t i = 0, n = tilec_buffer_count(m); i < n; ++i) {
    tilec_buffer_info b;
    check(tilec_buffer_get_info(m, i, &b));
    if (b.kind == TILEC_BUFFER_KV_CACHE && b.rank >= 1 && uint64_t(b.shape[0]) < positions)
      throw ToolError(fmt::format("{} prompt tokens + {} generated need {} positions, but the KV "
                                  "cache '{}' holds {}: recompile with a larger --max-seq-len",
                                  o.promptIds.size(), o.steps, positions, b.address,
                                  b.shape[0]));
  }
  std::vector<int32_t> generated;
  std::vector<double> tokenMs;
  uint32_t digest = kFnvBasis;
  std::vector<float> row(logits.bytes / 4);
  int32_t token = o.promptIds.front();
  size_t total = o.promptIds.size() + o.steps - 1;
  for (size_t step = 0; step < total; ++step) {
    int64_t position = int64_t(o.position) + int64_t(step);
    if (position > std::numeric_limits<int32_t>::max())
      throw ToolError("--position plus the tokens exceeds the 32-bit position");
    for (const std::string &address : tokens)
      check(tilec_set_buffer(m, address.c_str(), &token, sizeof token));
    auto start = std::chrono::steady_clock::now();
    check(tilec_run(m, static_cast<int32_t>(position), 1));
    tokenMs.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
    int32_t next;
    check(tilec_get_buffer(m, nextName.c_str(), &next, sizeof next));
    if (step + 1 < o.promptIds.size()) {
      token = o.promptIds[step + 1];
      continue;
    }
    generated.push_back(next);
    digest = fnv1a(digest, &next, sizeof next);
    check(tilec_get_buffer(m, logitsName.c_str(), row.data(), logits.bytes));
    if (o.repeat > 1 || logitsOut)
      digest = fnv1a(digest, row.data(), logits.bytes);
    if (report && !std::all_of(row.begin(), row.end(), [](float v) { return std::isfinite(v); }))
      fmt::print(stderr, "tile-run: warning: the logits of generated token {} are not all finite "
                         "(check the weights); its id is not meaningful\n",
                 generated.size() - 1);
    if (logitsOut)
      logitsOut.write(reinterpret_cast<const char *>(row.data()),
                      static_cast<std::streamsize>(logits.bytes));
    size_t index = generated.size() - 1;
    token = o.forceIds.empty() ? next : o.forceIds[index];
  }
  if (!report)
    return digest;
  if (!o.traceFile.empty())
    check(tilec_write_trace(m, o.traceFile.c_str()));
  std::string ids;
  for (int32_t id : generated)
    ids += fmt::format("{}{}", ids.empty() ? "" : ",", id);
  fmt::print("generated: {}\n", ids);
  if (o.quiet)
    return digest;
  double prefill = 0, decode = 0;
  for (size_t i = 0; i < tokenMs.size(); ++i) {
    bool isPrompt = i + 1 < o.promptIds.size();
    (isPrompt ? prefill : decode) += tokenMs[i];
    fmt::print("{} {} (position {}): {:.3f} ms\n", isPrompt ? "prompt token" : "token",
               isPrompt ? i : i + 1 - o.promptIds.size(), int64_t(o.position) + int64_t(i),
               tokenMs[i]);
  }
  fmt::print("tile-run: {} prompt tokens in {:.3f} ms, {} generated in {:.3f} ms ({:.3f} "
             "ms/token) on the {} backend\n",
             o.promptIds.size(), prefill, generated.size(), decode, decode / generated.size(),
             o.backend);
  return digest;
}

/// Digest of every output buffer, in buffer order.
uint32_t outputDigest(const tilec_model *m) {
  uint32_t digest = kFnvBasis;
  forEachOutput(m, [&](const tilec_buffer_info &, const std::vector<unsigned char> &bytes) {
    digest = fnv1a(digest, bytes.data(), bytes.size());
  });
  return digest;
}

/// --steps steps, --steps-per-call per tilec_run call, each call timed.
/// Returns the digest of the outputs; prints and writes only when `report`.
uint32_t runSteps(tilec_model *m, const Options &o, bool report) {
  if (int64_t(o.position) + o.steps - 1 > std::numeric_limits<int32_t>::max())
    throw ToolError("--position + --steps exceeds the 32-bit position");
  struct Call {
    uint32_t first, count;
    double ms;
  };
  std::vector<Call> calls;
  std::string failure;
  for (uint32_t i = 0; i < o.steps && failure.empty();) {
    uint32_t n = std::min(o.stepsPerCall, o.steps - i);
    auto start = std::chrono::steady_clock::now();
    if (tilec_run(m, o.position + static_cast<int32_t>(i), n) != TILEC_OK)
      failure = tilec_last_error();
    calls.push_back({i, n,
                     std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() -
                                                               start)
                         .count()});
    i += n;
  }
  // A trace is most useful when a step failed: write it either way.
  if (report && !o.traceFile.empty())
    check(tilec_write_trace(m, o.traceFile.c_str()));
  if (!failure.empty())
    throw ToolError(failure);
  uint32_t digest = outputDigest(m);
  if (!report)
    return digest;

  printOutputs(m, o);
  writeOutputs(m, o);
  if (o.quiet)
    return digest;
  double total = 0;
  for (const Call &c : calls) {
    int64_t p = int64_t(o.position) + c.first;
    if (c.count == 1)
      fmt::print("step {} (position {}): {:.3f} ms\n", c.first, p, c.ms);
    else
      fmt::print("steps {}-{} (positions {}-{}): {:.3f} ms\n", c.first, c.first + c.count - 1, p,
                 p + c.count - 1, c.ms);
    total += c.ms;
  }
  tilec_model_info info;
  check(tilec_model_get_info(m, &info));
  fmt::print("tile-run: {} step{} in {:.3f} ms ({:.3f} ms/step) on the {} backend: {} "
             "program{}, {} workers, {} tasks\n",
             o.steps, o.steps == 1 ? "" : "s", total, total / o.steps, o.backend, info.num_programs,
             info.num_programs == 1 ? "" : "s", info.num_workers, info.num_tasks);
  return digest;
}

/// Before a repeated run: every buffer but the weights back to zeros, as
/// after loading (the inputs are set again afterwards).
void resetState(tilec_model *m) {
  for (size_t i = 0, n = tilec_buffer_count(m); i < n; ++i) {
    tilec_buffer_info b;
    check(tilec_buffer_get_info(m, i, &b));
    if (b.kind == TILEC_BUFFER_WEIGHT)
      continue;
    std::vector<unsigned char> zeros(b.bytes);
    check(tilec_set_buffer(m, b.address, zeros.data(), zeros.size()));
  }
}

int run(const Options &o) {
  // Files written after the run must be writable before it starts.
  std::vector<std::string> writes{o.traceFile, o.logitsFile};
  for (const std::string &arg : o.outputs)
    writes.push_back(splitAssignment(arg, "--output").second);
  for (const std::string &path : writes)
    if (!path.empty() && !std::ofstream(path, std::ios::binary | std::ios::app))
      throw ToolError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));

  tilec_options opts;
  tilec_options_init(&opts);
  opts.backend = o.backend == "cuda" ? TILEC_BACKEND_CUDA : TILEC_BACKEND_HOST;
  opts.chaos_seed = o.chaosSeed;
  opts.chaos_max_delay_us = o.chaosMaxDelayUs;
  opts.wait_timeout_ms = o.waitTimeoutMs;
  opts.trace = !o.traceFile.empty();
  if (o.backend != "cuda" && (o.cudaDevice != -1 || o.stepsPerLaunch != 0 || o.weightRing))
    throw ToolError(
        "--cuda-device, --steps-per-launch and --weight-ring apply to --backend cuda only");
  if (o.backend == "cuda" && o.hostThreads != 0)
    throw ToolError("--host-threads applies to --backend host only");
  opts.host_threads = o.hostThreads;
  if (!o.promptIds.empty())
    for (const std::string &arg : o.inputs)
      if (std::string target = splitAssignment(arg, "--input").first;
          target == "token" ||
          (target.size() > 6 && target.compare(target.size() - 6, 6, "/token") == 0))
        throw ToolError("--input token=... conflicts with --prompt-ids, which sets the token "
                        "of every step");
  opts.cuda_device = o.cudaDevice;
  opts.cuda_steps_per_launch = o.stepsPerLaunch;
  opts.cuda_weight_ring = o.weightRing ? 1 : 0;
  opts.allow_nonfinite_weights = o.allowNonFinite ? 1 : 0;
  tilec_model *raw = nullptr;
  check(tilec_model_load(o.artifact.c_str(), &opts, &raw));
  ModelPtr model(raw, &tilec_model_free);
  tilec_model *m = model.get();

  bindWeights(m, o);
  std::vector<uint32_t> digests;
  for (uint32_t r = 0; r < o.repeat; ++r) {
    if (r > 0)
      resetState(m);
    setInputs(m, o);
    bool last = r + 1 == o.repeat;
    digests.push_back(o.promptIds.empty() ? runSteps(m, o, last) : runDecode(m, o, last));
  }
  if (o.repeat == 1)
    return 0;
  std::vector<uint32_t> distinct;
  size_t firstOther = 0;
  for (size_t r = 0; r < digests.size(); ++r)
    if (std::find(distinct.begin(), distinct.end(), digests[r]) == distinct.end()) {
      distinct.push_back(digests[r]);
      if (distinct.size() == 2)
        firstOther = r;
    }
  if (distinct.size() > 1)
    throw ToolError(fmt::format("{} repeated runs gave {} different outputs: run 0 fnv1a "
                                "0x{:08x}, run {} fnv1a 0x{:08x}",
                                o.repeat, distinct.size(), digests[0], firstOther,
                                digests[firstOther]));
  fmt::print("tile-run: {} repeated runs on the {} backend gave identical outputs (fnv1a "
             "0x{:08x})\n",
             o.repeat, o.backend, digests[0]);
  return 0;
}

} // namespace

/// Integers >= `min`, with a message a person can read.
CLI::Validator atLeast(long long min) {
  return CLI::Validator(
      [min](std::string &value) -> std::string {
        try {
          size_t used = 0;
          if (std::stoll(value, &used) >= min && used == value.size())
            return "";
        } catch (const std::exception &) {
        }
        return fmt::format("expected an integer >= {}, got '{}'", min, value);
      },
      min == 0 ? "NONNEGATIVE" : "POSITIVE");
}

/// Comma-separated token ids: no empty list, no empty entry, all in i32.
std::vector<int32_t> parseIds(const std::string &flag, const std::string &text) {
  std::vector<int32_t> ids;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? comma : comma - start);
    char *end = nullptr;
    errno = 0;
    long long v = std::strtoll(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || errno == ERANGE || v < 0 ||
        v > std::numeric_limits<int32_t>::max())
      throw ToolError(fmt::format("{}: '{}' is not a token id (a non-negative integer)", flag,
                                  item));
    ids.push_back(static_cast<int32_t>(v));
    if (comma == std::string::npos)
      return ids;
    start = comma + 1;
  }
}

int main(int argc, char **argv) {
  CLI::App app{"tile-run: run a tilec artifact (manifest.json + schedule table, and kernel.ptx "
               "for the cuda backend) on the host or cuda backend: bind weights and inputs, run "
               "decode steps, print outputs and timings",
               "tile-run"};
  app.set_version_flag("--version", "tile-run 0.1.0 (tilec runtime)");
  Options o;
  app.add_option("artifact", o.artifact,
                 "Artifact directory written by tilec (holds "
                 "manifest.json and the schedule table)")
      ->required()
      ->type_name("DIR");
  app.add_option("--backend", o.backend,
                 "Backend that runs the steps: 'host' (CPU threads running the reference task "
                 "bodies) or 'cuda' (the artifact's persistent kernel, kernel.ptx, on an NVIDIA "
                 "GPU; needs a CUDA --target and the NVIDIA driver)")
      ->check(CLI::IsMember({"host", "cuda"}))
      ->capture_default_str();
  app.add_option("--weights", o.weights,
                 "Checkpoint to load weights from, matched by the manifest's 'source' "
                 "names: a safetensors file, or a Hugging Face model directory "
                 "(model.safetensors or model.safetensors.index.json with its shards); "
                 "repeat for loose shard files")
      ->allow_extra_args(false)
      ->type_name("FILE");
  app.add_option("--progress-min-bytes", o.progressMinBytes,
                 "Report checkpoint loading progress on stderr (every 10%) for "
                 "checkpoints of at least this many bytes")
      ->capture_default_str()
      ->type_name("BYTES");
  app.add_option("--random-weights", o.randomSeed,
                 "Fill every weight with deterministic pseudo-random values from SEED "
                 "(checkpoints given with --weights still override)")
      ->check(CLI::NonNegativeNumber) // "-1" would wrap to 2^64 - 1 silently
      ->type_name("SEED");
  app.add_option("--input", o.inputs,
                 "Set a buffer before the first step: NAME=v1,v2,... (one value per element, "
                 "converted to the buffer's dtype) or NAME=@file.bin (raw bytes, exactly the "
                 "buffer's size); repeatable. NAME is 'name', or 'program/name' with "
                 "several programs. Inputs not set hold zeros")
      ->allow_extra_args(false)
      ->type_name("NAME=VALUES");
  app.add_option("--position", o.position, "Position of the token the first step decodes")
      ->check(atLeast(0))
      ->capture_default_str()
      ->type_name("P");
  app.add_option("--steps", o.steps,
                 "Number of decode steps, run and timed one at a time (with --prompt-ids: "
                 "tokens to generate)")
      ->check(atLeast(1))
      ->capture_default_str()
      ->type_name("N");
  auto *prompt = app.add_option(
      "--prompt-ids", o.promptText,
      "Decode a prompt: token ids fed one per step from --position (prefill by "
      "repeated decode), then --steps tokens generated greedily (each step's "
      "next_token is the next step's token). Prints the generated ids and the time "
      "per token. Needs an artifact compiled from a model; a new run starts at "
      "position 0 (the KV cache is empty)")
      ->type_name("IDS");
  app.add_option("--force-ids", o.forceText,
                 "With --prompt-ids: feed these tokens after the prompt instead of the "
                 "model's own choices (teacher forcing, to compare logits step by step): "
                 "--steps - 1 of them, or --steps (a reference run's generated ids; the "
                 "last is not fed)")
      ->needs(prompt)
      ->type_name("IDS");
  app.add_option("--logits-out", o.logitsFile,
                 "With --prompt-ids: write the f32 logits of every generated token to FILE, "
                 "one row after another")
      ->needs(prompt)
      ->type_name("FILE");
  app.add_option("--chaos", o.chaosSeed,
                 "Sleep a random time before every task (per-worker generator seeded from "
                 "SEED) to expose missing dependencies as wrong results; 0 is off (host "
                 "backend only)")
      ->type_name("SEED");
  app.add_option("--chaos-max-delay-us", o.chaosMaxDelayUs,
                 "Largest chaos delay in microseconds (0: the runtime's default, 200)")
      ->type_name("US");
  app.add_option("--wait-timeout-ms", o.waitTimeoutMs,
                 "Watchdog bound of every wait in milliseconds; a wait past it stops the run "
                 "with an error naming the stuck worker, task and event (0: the runtime's "
                 "default, 10000)")
      ->type_name("MS");
  app.add_option("--host-threads", o.hostThreads,
                 "With the host backend: threads the workers take turns on (0: one per CPU "
                 "core, at most one per worker; one per worker under --chaos); any count "
                 "gives the same results")
      ->capture_default_str()
      ->type_name("N");
  app.add_option("--cuda-device", o.cudaDevice,
                 "With --backend cuda: the device ordinal (-1: $TILEC_CUDA_DEVICE, else 0)")
      ->check(CLI::Range(-1, std::numeric_limits<int32_t>::max()))
      ->capture_default_str()
      ->type_name("N");
  app.add_option("--steps-per-launch", o.stepsPerLaunch,
                 "With --backend cuda: most steps one kernel launch runs (0: "
                 "$TILEC_CUDA_STEPS_PER_LAUNCH, else 1); takes effect with --steps-per-call")
      ->capture_default_str()
      ->type_name("N");
  app.add_flag("--allow-nonfinite-weights", o.allowNonFinite,
               "Load checkpoint tensors that hold NaN or infinity (refused by default: the "
               "error names the tensor, the count and the first index)");
  app.add_flag("--weight-ring", o.weightRing,
               "With --backend cuda: stream matvec weights through the kernel's shared-memory "
               "ring (bulk async copies on mbarriers, sm_90 and newer; else "
               "$TILEC_CUDA_WEIGHT_RING, default off)");
  auto *perCall = app.add_option("--steps-per-call", o.stepsPerCall,
                                 "Steps per tilec_run call (each call is timed as a whole), "
                                 "so a backend can run several in one go")
                      ->check(atLeast(1))
                      ->capture_default_str()
                      ->type_name("N");
  perCall->excludes(prompt);
  app.add_option("--repeat", o.repeat,
                 "Run the whole job N times on the one loaded model (every non-weight buffer "
                 "reset to zeros and the inputs set again before each run; event epochs "
                 "continue) and fail unless every run gives the same output bits; prints the "
                 "digest. Outputs, files and timings are those of the last run")
      ->check(atLeast(1))
      ->capture_default_str()
      ->type_name("N");
  app.add_option("--trace", o.traceFile,
                 "Write a Chrome/Perfetto trace (JSON) of every executed task to FILE "
                 "(open it in ui.perfetto.dev or chrome://tracing; on the cuda backend each "
                 "task also records its wait; tools/bench/trace_summary.py sums it up)")
      ->type_name("FILE");
  app.add_option("--output", o.outputs,
                 "After the last step, write a buffer's raw bytes: NAME=FILE.bin; repeatable")
      ->allow_extra_args(false)
      ->type_name("NAME=FILE");
  app.add_option("--print-limit", o.printLimit,
                 "Values printed per output buffer (the sum covers all of them)")
      ->capture_default_str()
      ->type_name("N");
  app.add_flag("-q,--quiet", o.quiet,
               "Print only the output buffers: no load report, step times or summary");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    if (e.get_exit_code() != 0) {
      fmt::print(stderr, "tile-run: error: {}\n", e.what());
      fmt::print(stderr, "Run 'tile-run --help' for usage.\n");
      return 2;
    }
    return app.exit(e);
  }
  o.randomWeights = app.count("--random-weights") > 0;
  try {
    if (app.count("--prompt-ids"))
      o.promptIds = parseIds("--prompt-ids", o.promptText);
    if (app.count("--force-ids"))
      o.forceIds = parseIds("--force-ids", o.forceText);
    return run(o);
  } catch (const std::exception &e) {
    fmt::print(stderr, "tile-run: error: {}\n", e.what());
    return 1;
  }
}
