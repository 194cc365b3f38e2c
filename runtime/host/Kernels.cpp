//===- Kernels.cpp - reference bodies of every task kind --------------------===//
#include "Kernels.h"

#include "../common/Dtype.h"
#include "../common/Error.h"
#include "../common/FaultMessage.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace tilec::rt::host {
namespace {

/// A task operand: where it starts in the arena and its storage dtype.
struct Operand {
  unsigned char *p;
  uint32_t dtype;

  unsigned char *at(uint64_t element) const { return p + element * dtypeSize(dtype); }
  void load(uint64_t first, uint64_t n, float *out) const { loadFloats(at(first), dtype, n, out); }
  void store(uint64_t first, uint64_t n, const float *in) const {
    storeFloats(in, n, dtype, at(first));
  }
  float get(uint64_t i) const {
    float v;
    load(i, 1, &v);
    return v;
  }
  int32_t i32(uint64_t i) const {
    int32_t v;
    std::memcpy(&v, at(i), 4);
    return v;
  }
};

struct Task {
  const tilec_task &t;
  unsigned char *const *arenas; // per program
  const tilec_control &control;
  KernelScratch &s;

  bool has(int i) const { return t.op[i].offset != TILEC_NO_OPERAND; }
  Operand op(int i) const {
    return {arenas[tilec_operand_program(&t, i)] + t.op[i].offset, t.op[i].dtype};
  }
  uint64_t ip(int i) const { return static_cast<uint64_t>(t.ip[i]); }
};

float *room(std::vector<float> &v, uint64_t n) {
  if (v.size() < n)
    v.resize(n);
  return v.data();
}

float dot(const float *a, const float *b, uint64_t n) {
  float acc = 0.0f;
  for (uint64_t i = 0; i < n; ++i)
    acc += a[i] * b[i];
  return acc;
}

float silu(float a) { return a / (1.0f + std::exp(-a)); }

/// y = x * (1 / sqrt(mean(x^2) + eps)) * w; y may be x. Computed as
/// PyTorch's reference RMSNorm does (x * rsqrt(...)) and shared by the
/// RMSNORM task and the matvec prologue, so a fused norm equals an unfused
/// one before storage rounding.
void rmsnormRow(const float *x, const float *w, uint64_t n, float eps, float *y) {
  float ss = 0.0f;
  for (uint64_t i = 0; i < n; ++i)
    ss += x[i] * x[i];
  float inv = 1.0f / std::sqrt(ss / static_cast<float>(n) + eps);
  for (uint64_t i = 0; i < n; ++i)
    y[i] = x[i] * inv * w[i];
}

KernelFault badIndex(int64_t value, std::string what) {
  return {TILEC_FAULT_BAD_INDEX, value, std::move(what)};
}

KernelFault embed(const Task &k) {
  uint64_t V = k.ip(TILEC_EMBED_IP_V), H = k.ip(TILEC_EMBED_IP_H);
  int32_t id = k.op(TILEC_EMBED_OP_ids).i32(0);
  if (id < 0 || static_cast<uint64_t>(id) >= V)
    return badIndex(id, tokenIdReason(id, V));
  Operand table = k.op(TILEC_EMBED_OP_table), out = k.op(TILEC_EMBED_OP_out);
  convertFloats(table.at(static_cast<uint64_t>(id) * H), table.dtype, out.p, out.dtype, H);
  return {};
}

KernelFault rmsnorm(const Task &k) {
  uint64_t G = k.ip(TILEC_RMSNORM_IP_G), g0 = k.ip(TILEC_RMSNORM_IP_g0),
           g1 = k.ip(TILEC_RMSNORM_IP_g1);
  float *w = room(k.s.a, G), *x = room(k.s.b, G);
  k.op(TILEC_RMSNORM_OP_w).load(0, G, w);
  for (uint64_t g = g0; g < g1; ++g) {
    k.op(TILEC_RMSNORM_OP_x).load(g * G, G, x);
    rmsnormRow(x, w, G, k.t.fp[TILEC_RMSNORM_FP_eps], x);
    k.op(TILEC_RMSNORM_OP_y).store(g * G, G, x);
  }
  return {};
}

/// Head h of attention partials [C, Hq, D + 2] (op `partials`) merged:
/// out[0:D] = sum_c exp(m_c - M) o_c / sum_c exp(m_c - M) l_c, M = max_c m_c
/// (zeros when no chunk saw a position). `part` holds C * (D + 2) floats.
void mergeHead(const Operand &partials, uint64_t Hq, uint64_t D, uint64_t C, uint64_t h,
               float *part, float *out) {
  for (uint64_t c = 0; c < C; ++c) // one row per chunk: [C, Hq, D+2]
    partials.load((c * Hq + h) * (D + 2), D + 2, part + c * (D + 2));
  float M = -std::numeric_limits<float>::infinity();
  for (uint64_t c = 0; c < C; ++c)
    M = std::max(M, part[c * (D + 2) + D]);
  std::fill(out, out + D, 0.0f);
  if (M == -std::numeric_limits<float>::infinity())
    return;
  float den = 0.0f;
  for (uint64_t c = 0; c < C; ++c) {
    const float *pc = part + c * (D + 2);
    float w = std::exp(pc[D] - M);
    den += w * pc[D + 1];
    for (uint64_t d = 0; d < D; ++d)
      out[d] += w * pc[d];
  }
  for (uint64_t d = 0; d < D; ++d)
    out[d] /= den;
}

/// x, normalized by the prologue when the task has a norm weight (op5), or
/// merged from attention partials (ip4 chunks > 0) and rounded to dtype ip7,
/// as an ATTN_COMBINE task would have stored it.
const float *matvecInput(const Task &k, uint64_t K) {
  float *x = room(k.s.a, K);
  if (k.t.kind == TILEC_TASK_MATVEC && k.ip(TILEC_MATVEC_IP_C) > 0) {
    uint64_t C = k.ip(TILEC_MATVEC_IP_C), H = k.ip(TILEC_MATVEC_IP_H), D = k.ip(TILEC_MATVEC_IP_D);
    uint32_t dtype = static_cast<uint32_t>(k.ip(TILEC_MATVEC_IP_x_dtype));
    float *part = room(k.s.b, C * (D + 2));
    for (uint64_t h = 0; h < H; ++h)
      mergeHead(k.op(TILEC_MATVEC_OP_x), H, D, C, h, part, x + h * D);
    for (uint64_t i = 0; i < K; ++i)
      x[i] = dtype == TILEC_DTYPE_BF16   ? bf16ToFloat(floatToBf16(x[i]))
             : dtype == TILEC_DTYPE_F16 ? f16ToFloat(floatToF16(x[i]))
                                         : x[i];
    return x;
  }
  k.op(TILEC_MATVEC_OP_x).load(0, K, x);
  if (k.has(TILEC_MATVEC_OP_norm)) {
    float *w = room(k.s.b, K);
    k.op(TILEC_MATVEC_OP_norm).load(0, K, w);
    rmsnormRow(x, w, K, k.t.fp[TILEC_MATVEC_FP_eps], x);
  }
  return x;
}

KernelFault matvec(const Task &k) {
  uint64_t K = k.ip(TILEC_MATVEC_IP_K), r0 = k.ip(TILEC_MATVEC_IP_r0),
           r1 = k.ip(TILEC_MATVEC_IP_r1);
  const float *x = matvecInput(k, K);
  float *row = room(k.s.c, K), *y = room(k.s.d, r1 - r0);
  for (uint64_t r = r0; r < r1; ++r) {
    k.op(TILEC_MATVEC_OP_W).load(r * K, K, row);
    float acc = dot(row, x, K);
    if (k.has(TILEC_MATVEC_OP_bias))
      acc += k.op(TILEC_MATVEC_OP_bias).get(r);
    if (k.has(TILEC_MATVEC_OP_residual))
      acc += k.op(TILEC_MATVEC_OP_residual).get(r);
    y[r - r0] = acc;
  }
  // Stored after all rows so y may alias x or the residual.
  k.op(TILEC_MATVEC_OP_y).store(r0, r1 - r0, y);
  return {};
}

KernelFault matvecSwiglu(const Task &k) {
  uint64_t K = k.ip(TILEC_MATVEC_SWIGLU_IP_K), r0 = k.ip(TILEC_MATVEC_SWIGLU_IP_r0),
           r1 = k.ip(TILEC_MATVEC_SWIGLU_IP_r1);
  const float *x = matvecInput(k, K);
  float *row = room(k.s.c, K), *y = room(k.s.d, r1 - r0);
  for (uint64_t r = r0; r < r1; ++r) {
    k.op(TILEC_MATVEC_SWIGLU_OP_Wg).load(r * K, K, row);
    float gate = dot(row, x, K);
    k.op(TILEC_MATVEC_SWIGLU_OP_Wu).load(r * K, K, row);
    float up = dot(row, x, K);
    y[r - r0] = silu(gate) * up;
  }
  k.op(TILEC_MATVEC_SWIGLU_OP_y).store(r0, r1 - r0, y);
  return {};
}

/// theta^(-2i/D), with Llama 3 frequency scaling when ip3 (the original
/// context length) is positive: long wavelengths are divided by `factor`,
/// short ones kept, the band between interpolated (transformers'
/// _compute_llama3_parameters).
float inverseFrequency(const tilec_task &t, uint64_t i, uint64_t D) {
  double f = 1.0 / std::pow(static_cast<double>(t.fp[TILEC_ROPE_FP_theta]),
                            static_cast<double>(2 * i) / static_cast<double>(D));
  if (t.ip[TILEC_ROPE_IP_original_max_position] > 0) {
    double old = static_cast<double>(t.ip[TILEC_ROPE_IP_original_max_position]),
           factor = t.fp[TILEC_ROPE_FP_factor], lo = t.fp[TILEC_ROPE_FP_low_freq_factor],
           hi = t.fp[TILEC_ROPE_FP_high_freq_factor];
    double wavelen = 2.0 * 3.14159265358979323846 / f;
    if (wavelen > old / lo) {
      f /= factor;
    } else if (wavelen >= old / hi) {
      double smooth = (old / wavelen - lo) / (hi - lo);
      f = (1.0 - smooth) * f / factor + smooth * f;
    }
  }
  return static_cast<float>(f);
}

/// Heads [h0, h1) of D elements of src rotated at the position, written to
/// dst from element dstBase on (ROPE, and a rotating KV_STORE).
void rotateHeads(const Task &k, uint64_t D, uint64_t h0, uint64_t h1, const Operand &src,
                 const Operand &dst, uint64_t dstBase) {
  uint64_t half = D / 2;
  float *cosv = room(k.s.a, half), *sinv = room(k.s.b, half), *x = room(k.s.c, D),
        *y = room(k.s.d, D);
  float pos = static_cast<float>(k.control.position);
  for (uint64_t i = 0; i < half; ++i) {
    // The angle is an fp32 product, as in transformers; cos/sin are then
    // evaluated in double and rounded, so they do not depend on the libm.
    float angle = pos * inverseFrequency(k.t, i, D);
    cosv[i] = static_cast<float>(std::cos(static_cast<double>(angle)));
    sinv[i] = static_cast<float>(std::sin(static_cast<double>(angle)));
  }
  for (uint64_t h = h0; h < h1; ++h) {
    src.load(h * D, D, x);
    for (uint64_t i = 0; i < half; ++i) {
      float x1 = x[i], x2 = x[i + half];
      y[i] = x1 * cosv[i] - x2 * sinv[i];
      y[i + half] = x2 * cosv[i] + x1 * sinv[i];
    }
    dst.store(dstBase + h * D, D, y);
  }
}

KernelFault rope(const Task &k) {
  rotateHeads(k, k.ip(TILEC_ROPE_IP_D), k.ip(TILEC_ROPE_IP_h0), k.ip(TILEC_ROPE_IP_h1),
              k.op(TILEC_ROPE_OP_x), k.op(TILEC_ROPE_OP_y), 0);
  return {};
}

KernelFault positionFault(int32_t pos, uint64_t S) {
  return badIndex(pos, positionReason(pos, S));
}

KernelFault kvStore(const Task &k) {
  uint64_t S = k.ip(TILEC_KV_STORE_IP_S), D = k.ip(TILEC_KV_STORE_IP_D);
  int32_t pos = k.control.position;
  if (pos < 0 || static_cast<uint64_t>(pos) >= S)
    return positionFault(pos, S);
  Operand src = k.op(TILEC_KV_STORE_OP_src), cache = k.op(TILEC_KV_STORE_OP_cache);
  uint64_t row = static_cast<uint64_t>(pos) * D, headDim = k.ip(TILEC_KV_STORE_IP_head_dim);
  if (headDim > 0)
    rotateHeads(k, headDim, 0, D / headDim, src, cache, row);
  else
    convertFloats(src.p, src.dtype, cache.at(row), cache.dtype, D);
  return {};
}

KernelFault ropeAppend(const Task &k) {
  uint64_t D = k.ip(TILEC_ROPE_APPEND_IP_D), S = k.ip(TILEC_ROPE_APPEND_IP_S),
           Dkv = k.ip(TILEC_ROPE_APPEND_IP_Dkv);
  int32_t pos = k.control.position;
  if (pos < 0 || static_cast<uint64_t>(pos) >= S)
    return positionFault(pos, S);
  uint64_t row = static_cast<uint64_t>(pos) * Dkv;
  rotateHeads(k, D, 0, k.ip(TILEC_ROPE_APPEND_IP_Hq), k.op(TILEC_ROPE_APPEND_OP_q),
              k.op(TILEC_ROPE_APPEND_OP_q_out), 0);
  rotateHeads(k, D, 0, Dkv / D, k.op(TILEC_ROPE_APPEND_OP_k), k.op(TILEC_ROPE_APPEND_OP_k_cache),
              row);
  Operand v = k.op(TILEC_ROPE_APPEND_OP_v), cache = k.op(TILEC_ROPE_APPEND_OP_v_cache);
  convertFloats(v.p, v.dtype, cache.at(row), cache.dtype, Dkv);
  return {};
}

KernelFault attnPartial(const Task &k) {
  uint64_t Hq = k.ip(TILEC_ATTN_PARTIAL_IP_Hq), Hkv = k.ip(TILEC_ATTN_PARTIAL_IP_Hkv),
           D = k.ip(TILEC_ATTN_PARTIAL_IP_D), S = k.ip(TILEC_ATTN_PARTIAL_IP_S),
           c = k.ip(TILEC_ATTN_PARTIAL_IP_c), g = k.ip(TILEC_ATTN_PARTIAL_IP_g),
           chunk = k.ip(TILEC_ATTN_PARTIAL_IP_chunk);
  int32_t pos = k.control.position;
  if (pos < 0 || static_cast<uint64_t>(pos) >= S)
    return positionFault(pos, S);
  uint64_t lo = c * chunk, hi = std::min((c + 1) * chunk, static_cast<uint64_t>(pos) + 1);
  hi = std::max(hi, lo); // an empty chunk past the position
  uint64_t group = Hq / Hkv, stride = Hkv * D;
  float *q = room(k.s.a, D), *kv = room(k.s.b, D), *o = room(k.s.c, D + 2),
        *scores = room(k.s.d, hi - lo);
  Operand partial = k.op(TILEC_ATTN_PARTIAL_OP_partial);
  for (uint64_t h = g * group; h < (g + 1) * group; ++h) {
    k.op(TILEC_ATTN_PARTIAL_OP_q).load(h * D, D, q);
    float m = -std::numeric_limits<float>::infinity();
    for (uint64_t t = lo; t < hi; ++t) {
      k.op(TILEC_ATTN_PARTIAL_OP_k).load(t * stride + g * D, D, kv);
      scores[t - lo] = k.t.fp[TILEC_ATTN_PARTIAL_FP_scale] * dot(q, kv, D);
      m = std::max(m, scores[t - lo]);
    }
    float l = 0.0f;
    std::fill(o, o + D, 0.0f);
    for (uint64_t t = lo; t < hi; ++t) {
      float p = std::exp(scores[t - lo] - m);
      l += p;
      k.op(TILEC_ATTN_PARTIAL_OP_v).load(t * stride + g * D, D, kv);
      for (uint64_t d = 0; d < D; ++d)
        o[d] += p * kv[d];
    }
    o[D] = m;
    o[D + 1] = l;
    partial.store((c * Hq + h) * (D + 2), D + 2, o); // chunk-major, as specified
  }
  return {};
}

KernelFault attnCombine(const Task &k) {
  uint64_t Hq = k.ip(TILEC_ATTN_COMBINE_IP_Hq), D = k.ip(TILEC_ATTN_COMBINE_IP_D),
           h0 = k.ip(TILEC_ATTN_COMBINE_IP_h0), h1 = k.ip(TILEC_ATTN_COMBINE_IP_h1),
           C = k.ip(TILEC_ATTN_COMBINE_IP_C);
  float *part = room(k.s.a, C * (D + 2)), *num = room(k.s.b, D);
  for (uint64_t h = h0; h < h1; ++h) {
    mergeHead(k.op(TILEC_ATTN_COMBINE_OP_partial), Hq, D, C, h, part, num);
    k.op(TILEC_ATTN_COMBINE_OP_out).store(h * D, D, num);
  }
  return {};
}

template <class F> KernelFault elementwise(const Task &k, F f) {
  uint64_t i0 = k.ip(TILEC_ADD_IP_i0), i1 = k.ip(TILEC_ADD_IP_i1), n = i1 - i0;
  float *a = room(k.s.a, n), *b = room(k.s.b, n);
  k.op(TILEC_ADD_OP_a).load(i0, n, a);
  k.op(TILEC_ADD_OP_b).load(i0, n, b);
  for (uint64_t i = 0; i < n; ++i)
    a[i] = f(a[i], b[i]);
  k.op(TILEC_ADD_OP_y).store(i0, n, a);
  return {};
}

/// The smallest index of the maximum; NaNs are skipped (all NaN gives 0).
KernelFault argmax(const Task &k) {
  uint64_t V = k.ip(TILEC_ARGMAX_IP_V);
  float *v = room(k.s.a, V);
  k.op(TILEC_ARGMAX_OP_logits).load(0, V, v);
  int32_t best = -1;
  for (uint64_t i = 0; i < V; ++i)
    if (!std::isnan(v[i]) && (best < 0 || v[i] > v[best]))
      best = static_cast<int32_t>(i);
  best = std::max(best, 0);
  std::memcpy(k.op(TILEC_ARGMAX_OP_out).p, &best, 4);
  return {};
}

/// The bytes of a send: into the peer's arena (the release that publishes
/// them is the task's signal, after this returns).
KernelFault send(const Task &k) {
  Operand src = k.op(TILEC_SEND_OP_src), dst = k.op(TILEC_SEND_OP_dst);
  std::memcpy(dst.at(k.ip(TILEC_SEND_IP_d0)), src.p, k.ip(TILEC_SEND_IP_n) * dtypeSize(src.dtype));
  return {};
}

} // namespace

KernelFault runKernel(const tilec_task &task, unsigned char *const *arenas,
                      const tilec_control &control, KernelScratch &scratch) {
  Task k{task, arenas, control, scratch};
  switch (task.kind) {
  case TILEC_TASK_NOP:
    return {};
  case TILEC_TASK_EMBED:
    return embed(k);
  case TILEC_TASK_RMSNORM:
    return rmsnorm(k);
  case TILEC_TASK_MATVEC:
    return matvec(k);
  case TILEC_TASK_MATVEC_SWIGLU:
    return matvecSwiglu(k);
  case TILEC_TASK_ROPE:
    return rope(k);
  case TILEC_TASK_KV_STORE:
    return kvStore(k);
  case TILEC_TASK_ATTN_PARTIAL:
    return attnPartial(k);
  case TILEC_TASK_ATTN_COMBINE:
    return attnCombine(k);
  case TILEC_TASK_ADD:
    return elementwise(k, [](float a, float b) { return a + b; });
  case TILEC_TASK_SILU_MUL:
    return elementwise(k, [](float a, float b) { return silu(a) * b; });
  case TILEC_TASK_ROPE_APPEND:
    return ropeAppend(k);
  case TILEC_TASK_ARGMAX:
    return argmax(k);
  case TILEC_TASK_SEND:
    return send(k);
  default:
    return {}; // unknown kinds are rejected at load
  }
}

} // namespace tilec::rt::host
