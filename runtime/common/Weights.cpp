//===- Weights.cpp - binding weights: safetensors, random, checks -----------===//
#include "Weights.h"

#include "Dtype.h"
#include "Error.h"
#include "Safetensors.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <thread>
#include <vector>

namespace tilec::rt {

size_t findBufferOrFail(const tilec_model &m, const char *address) {
  if (!address)
    fail(TILEC_ERROR_INVALID_ARGUMENT, "buffer address is NULL");
  long i = m.artifact.findBuffer(address);
  if (i >= 0)
    return static_cast<size_t>(i);
  std::string known;
  size_t shown = 0;
  for (const BufferRef &b : m.artifact.buffers) {
    if (shown++ == 8) {
      known += ", ...";
      break;
    }
    known += (known.empty() ? "" : ", ") + b.address;
  }
  fail(TILEC_ERROR_INVALID_ARGUMENT, "no buffer '", address, "' in ", m.artifact.dir,
       " (buffers: ", known, ")");
}

namespace {
/// NaN or infinity in a float tensor: how many, and the first one's index.
std::pair<uint64_t, uint64_t> nonFinite(const TensorView &t) {
  uint64_t count = 0, first = 0;
  auto scan = [&](auto isBad, size_t elementBytes) {
    uint64_t n = t.bytes / elementBytes;
    for (uint64_t i = 0; i < n; ++i)
      if (isBad(t.data + i * elementBytes) && count++ == 0)
        first = i;
  };
  // All ones in the exponent field is infinity or NaN, in every format.
  auto half = [](uint16_t mask) {
    return [mask](const unsigned char *p) {
      uint16_t v;
      std::memcpy(&v, p, 2);
      return (v & mask) == mask;
    };
  };
  switch (t.dtype) {
  case TILEC_DTYPE_F32:
    scan([](const unsigned char *p) {
      uint32_t v;
      std::memcpy(&v, p, 4);
      return (v & 0x7F800000u) == 0x7F800000u;
    }, 4);
    break;
  case TILEC_DTYPE_BF16: scan(half(0x7F80), 2); break;
  case TILEC_DTYPE_F16: scan(half(0x7C00), 2); break;
  default: break;
  }
  return {count, first};
}

} // namespace

/// Every check of one tensor against the buffer it would fill.
void checkTensor(const std::string &path, const BufferRef &ref, const TensorView &t,
                 bool allowNonFinite) {
  const BufferDesc &b = *ref.desc;
  if (b.slice.empty() && t.shape != b.shape)
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": tensor '", b.source, "' has shape ",
         shapeString(t.shape), " but buffer '", ref.address, "' expects ", shapeString(b.shape));
  if (!b.slice.empty() && t.shape != b.wholeShape())
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": tensor '", b.source, "' has shape ",
         shapeString(t.shape), " but buffer '", ref.address, "' holds indices [", b.slice[1],
         ", ", b.slice[2], ") of its dimension ", b.slice[0], " of extent ", b.slice[3], ", as ",
         shapeString(b.shape));
  bool convertible = isFloatDtype(t.dtype) && isFloatDtype(b.dtype);
  if (t.dtype != b.dtype && !convertible)
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": tensor '", b.source, "' has dtype ", t.dtypeName,
         ", which cannot be loaded into buffer '", ref.address, "' of dtype ", dtypeName(b.dtype),
         " (only F32, F16 and BF16 convert to each other)");
  if (allowNonFinite)
    return;
  auto [count, first] = nonFinite(t);
  if (count)
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": tensor '", b.source, "' (buffer '", ref.address,
         "') holds ", count, " NaN or infinite value", count == 1 ? "" : "s",
         " (the first at element ", first, "); refusing it (tilec_options."
         "allow_nonfinite_weights, tile-run --allow-nonfinite-weights, loads it anyway)");
}

tilec_load_report copyPlanned(tilec_model &m, const std::vector<PlannedCopy> &plan,
                              tilec_progress_fn progress, void *user) {
  uint64_t total = 0, done = 0;
  for (const PlannedCopy &c : plan)
    total += m.artifact.buffers[c.buffer].desc->bytes;
  tilec_load_report report{};
  std::vector<unsigned char> converted, sliced;
  for (const PlannedCopy &c : plan) {
    const BufferRef &ref = m.artifact.buffers[c.buffer];
    const BufferDesc &b = *ref.desc;
    const void *bytes = c.tensor->data;
    if (!b.slice.empty()) {
      // Each run of the slice, from its place in the whole tensor.
      BufferDesc::Runs r = b.runs();
      uint64_t size = dtypeSize(c.tensor->dtype);
      sliced.resize(r.outer * r.run * size);
      for (uint64_t o = 0; o < r.outer; ++o)
        std::memcpy(sliced.data() + o * r.run * size,
                    c.tensor->data + (o * r.stride + r.skip) * size, r.run * size);
      bytes = sliced.data();
    }
    if (c.tensor->dtype != b.dtype) {
      converted.resize(b.bytes);
      convertFloats(bytes, c.tensor->dtype, converted.data(), b.dtype, b.elements());
      bytes = converted.data();
      ++report.converted;
    }
    m.backend->write(ref.program, b.offset, bytes, b.bytes);
    m.isSet[c.buffer] = true;
    ++report.loaded;
    done += b.bytes;
    if (progress)
      progress(user, done, total);
  }
  report.unset = unsetWeightCount(m);
  return report;
}

tilec_load_report loadSafetensors(tilec_model &m, const std::string &path, uint32_t flags) {
  SafetensorsFile file = SafetensorsFile::open(path);
  const auto &buffers = m.artifact.buffers;

  std::vector<PlannedCopy> plan;
  std::vector<size_t> missing;
  size_t withSource = 0;
  for (size_t i = 0; i < buffers.size(); ++i) {
    const BufferDesc &b = *buffers[i].desc;
    if (b.source.empty())
      continue;
    ++withSource;
    if (const TensorView *t = file.find(b.source)) {
      checkTensor(path, buffers[i], *t, m.options.allow_nonfinite_weights != 0);
      if ((flags & TILEC_LOAD_FRESH_ONLY) && m.isSet[i])
        fail(TILEC_ERROR_BAD_ARTIFACT, path, ": tensor '", b.source, "' (buffer '",
             buffers[i].address, "') was already loaded from another file; each weight "
             "must come from one file");
      plan.push_back({i, t});
    } else {
      missing.push_back(i);
    }
  }
  if ((flags & TILEC_LOAD_REQUIRE_ALL) && !missing.empty()) {
    const BufferRef &first = buffers[missing.front()];
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": tensor '", first.desc->source, "' (buffer '",
         first.address, "') is missing from the file; ", missing.size(), " of ", withSource,
         " weights are missing");
  }
  if (plan.empty() && withSource > 0)
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": none of the file's ", file.size(),
         " tensors is a weight of this model (it expects e.g. '",
         buffers[missing.front()].desc->source, "')");

  // Everything is checked: from here on nothing can fail half-way.
  return copyPlanned(m, plan, nullptr, nullptr);
}

namespace {

uint64_t mix(uint64_t z) { // splitmix64's finalizer: a strong 64-bit hash
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

void fillOne(tilec_model &m, size_t index, uint64_t seed) {
  const BufferRef &ref = m.artifact.buffers[index];
  const BufferDesc &b = *ref.desc;
  // Values are a function of the checkpoint tensor and the element's index
  // in it, so the shards of a tensor-parallel artifact hold exactly what the
  // one-device artifact's whole tensor holds.
  std::string fullName = b.source.empty()
                             ? m.artifact.manifest.programs[ref.program].name + "/" + b.name
                             : b.source;
  uint64_t key = mix(seed ^ mix(tilec_fnv1a(fullName.data(), fullName.size())));
  std::vector<int64_t> whole = b.wholeShape();
  BufferDesc::Runs runs = b.runs();
  bool sliced = !b.slice.empty(); // else an element's index is its own
  bool matrix = whole.size() >= 2;
  float center = matrix ? 0.0f : 1.0f;
  float halfWidth =
      matrix ? 1.0f / std::sqrt(static_cast<float>(whole.back())) : 0.1f * std::sqrt(3.0f);
  uint64_t n = b.elements();
  std::vector<unsigned char> bytes(b.bytes);
  // Element i depends only on (key, i): threads fill disjoint ranges and the
  // bytes are the same for any thread count. (A Llama-3.1-8B shape is 7.5 G
  // elements: one thread takes about a minute.)
  auto fill = [&](uint64_t begin, uint64_t end) {
    constexpr uint64_t kBlock = 1 << 16;
    std::vector<float> values(std::min(kBlock, end - begin));
    for (uint64_t at = begin; at < end; at += kBlock) {
      uint64_t count = std::min(kBlock, end - at);
      for (uint64_t i = 0; i < count; ++i) {
        uint64_t index = sliced ? runs.wholeIndex(at + i) : at + i;
        uint64_t h = mix(key + (index + 1) * 0x9E3779B97F4A7C15ull);
        float u = static_cast<float>(h >> 40) * (1.0f / 16777216.0f); // [0, 1), 24 bits
        values[i] = center + (2.0f * u - 1.0f) * halfWidth;
      }
      storeFloats(values.data(), count, b.dtype, bytes.data() + at * dtypeSize(b.dtype));
    }
  };
  uint64_t threads = std::max(1u, std::min(16u, std::thread::hardware_concurrency()));
  if (n < (uint64_t(1) << 22))
    threads = 1;
  std::vector<std::thread> pool;
  uint64_t per = (n + threads - 1) / threads;
  for (uint64_t t = 1; t < threads; ++t)
    pool.emplace_back(fill, std::min(n, t * per), std::min(n, (t + 1) * per));
  fill(0, std::min(n, per));
  for (std::thread &t : pool)
    t.join();
  m.backend->write(ref.program, b.offset, bytes.data(), b.bytes);
  m.isSet[index] = true;
}

} // namespace

void fillRandom(tilec_model &m, uint32_t kindMask, const char *address, uint64_t seed) {
  if (address) {
    size_t i = findBufferOrFail(m, address);
    const BufferDesc &b = *m.artifact.buffers[i].desc;
    if (!isFloatDtype(b.dtype))
      fail(TILEC_ERROR_INVALID_ARGUMENT, "buffer '", address, "' has dtype ", dtypeName(b.dtype),
           ": random fill is for floating-point buffers");
    fillOne(m, i, seed);
    return;
  }
  if (kindMask == 0)
    kindMask = TILEC_KIND_BIT(TILEC_BUFFER_WEIGHT);
  for (size_t i = 0; i < m.artifact.buffers.size(); ++i) {
    const BufferDesc &b = *m.artifact.buffers[i].desc;
    if ((kindMask & TILEC_KIND_BIT(b.kind)) && isFloatDtype(b.dtype))
      fillOne(m, i, seed);
  }
}

uint32_t unsetWeightCount(const tilec_model &m) {
  uint32_t n = 0;
  for (size_t i = 0; i < m.artifact.buffers.size(); ++i)
    n += m.artifact.buffers[i].desc->kind == TILEC_BUFFER_WEIGHT && !m.isSet[i];
  return n;
}

void requireWeights(const tilec_model &m) {
  std::string list;
  uint32_t count = unsetWeightCount(m), shown = 0;
  if (count == 0)
    return;
  for (size_t i = 0; i < m.artifact.buffers.size() && shown < 3; ++i) {
    const BufferRef &ref = m.artifact.buffers[i];
    if (ref.desc->kind != TILEC_BUFFER_WEIGHT || m.isSet[i])
      continue;
    list += cat(shown++ ? ", " : "", "'", ref.address, "'",
                ref.desc->source.empty() ? "" : cat(" (tensor '", ref.desc->source, "')"));
  }
  fail(TILEC_ERROR_INVALID_ARGUMENT, count, " weight buffer", count == 1 ? " is" : "s are",
       " unset: ", list, count > shown ? ", ..." : "",
       "; load a checkpoint that has them, set them, or fill them with random values");
}

} // namespace tilec::rt
