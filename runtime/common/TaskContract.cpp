//===- TaskContract.cpp - what each task kind reads and writes --------------===//
#include "TaskContract.h"

#include "Dtype.h"
#include "Error.h"
#include "tilec/kernel_abi.h"

#include <cmath>

namespace tilec::rt {

const char *taskKindName(uint32_t kind) {
  static const char *const names[TILEC_TASK_KIND_COUNT] = {
      "nop",      "embed",        "rmsnorm",      "matvec", "matvec_swiglu", "rope",
      "kv_store", "attn_partial", "attn_combine", "add",    "silu_mul",      "argmax"};
  return kind < TILEC_TASK_KIND_COUNT ? names[kind] : "?";
}

namespace {

enum class Class { Unused, Float, F32, I32 };

struct Slot {
  const char *name = nullptr;
  Class cls = Class::Unused;
  bool optional = false;
  uint64_t elements = 0;
};

struct Reject {
  std::string why;
};

/// Integer parameter ip[i] as a count/index in [min, 2^40]: bounded so that
/// products of three of them cannot overflow uint64 before the extent check.
uint64_t param(const tilec_task &t, int i, const char *name, int64_t min) {
  int64_t v = t.ip[i];
  if (v < min || v > (int64_t(1) << 40))
    throw Reject{cat("ip", i, " (", name, ") = ", v, " is out of range (must be >= ", min, ")")};
  return static_cast<uint64_t>(v);
}

uint64_t product(uint64_t a, uint64_t b, uint64_t c = 1) {
  uint64_t ab, abc;
  if (!mulChecked(a, b, &ab) || !mulChecked(ab, c, &abc))
    throw Reject{"operand size overflows 64 bits"};
  return abc;
}

void require(bool ok, const std::string &why) {
  if (!ok)
    throw Reject{why};
}

void finiteParam(const tilec_task &t, int i, const char *name) {
  require(std::isfinite(t.fp[i]), cat("fp", i, " (", name, ") is not finite"));
}

/// The rotation parameters shared by ROPE and a rotating KV_STORE: ip3
/// original_max_position (0: no Llama 3 scaling), fp0 theta, fp1..fp3 the
/// scaling's factor, low and high frequency factors.
void ropeParams(const tilec_task &t) {
  param(t, 3, "original_max_position", 0);
  require(std::isfinite(t.fp[0]) && t.fp[0] > 0.0f,
          cat("fp0 (theta) = ", t.fp[0], " must be > 0"));
  if (t.ip[3] > 0) {
    require(std::isfinite(t.fp[1]) && t.fp[1] > 0, "fp1 (factor) must be > 0");
    require(std::isfinite(t.fp[2]) && t.fp[2] > 0, "fp2 (low_freq_factor) must be > 0");
    require(std::isfinite(t.fp[3]) && t.fp[3] > t.fp[2],
            "fp3 (high_freq_factor) must be > fp2 (low_freq_factor)");
  }
}

/// Fills the slots of the task's kind and checks its parameters.
void describe(const tilec_task &t, Slot s[TILEC_TASK_OPERANDS]) {
  auto slot = [&](int i, const char *name, Class cls, uint64_t elements, bool optional = false) {
    s[i].name = name;
    s[i].cls = cls;
    s[i].elements = elements;
    s[i].optional = optional;
  };
  switch (t.kind) {
  case TILEC_TASK_NOP:
    return;
  case TILEC_TASK_EMBED: {
    uint64_t V = param(t, 0, "V", 1), H = param(t, 1, "H", 1);
    slot(0, "table", Class::Float, product(V, H));
    slot(1, "ids", Class::I32, 1);
    slot(2, "out", Class::Float, H);
    return;
  }
  case TILEC_TASK_RMSNORM: {
    uint64_t G = param(t, 0, "group size", 1), g0 = param(t, 1, "g0", 0), g1 = param(t, 2, "g1", 0);
    require(g0 <= g1, cat("group range [", g0, ", ", g1, ") is reversed"));
    finiteParam(t, 0, "eps");
    slot(0, "x", Class::Float, product(g1, G));
    slot(1, "w", Class::Float, G);
    slot(2, "y", Class::Float, product(g1, G));
    return;
  }
  case TILEC_TASK_MATVEC:
  case TILEC_TASK_MATVEC_SWIGLU: {
    uint64_t N = param(t, 0, "N", 1), K = param(t, 1, "K", 1), r0 = param(t, 2, "r0", 0),
             r1 = param(t, 3, "r1", 0);
    require(r0 <= r1 && r1 <= N, cat("row range [", r0, ", ", r1, ") is not within [0, ", N, ")"));
    finiteParam(t, 0, "eps");
    bool swiglu = t.kind == TILEC_TASK_MATVEC_SWIGLU;
    slot(0, swiglu ? "Wg" : "W", Class::Float, product(N, K));
    if (!swiglu && t.ip[4] != 0) {
      // x is attention partials, merged in the prologue.
      uint64_t C = param(t, 4, "C (partial chunks)", 1), H = param(t, 5, "H", 1),
               D = param(t, 6, "D", 1);
      require(product(H, D) == K, cat("H x D = ", H, " x ", D, " is not K = ", K));
      require(H <= TILEC_KERNEL_COMBINE_HEADS,
              cat("H = ", H, " heads of partials exceed the kernel's ", TILEC_KERNEL_COMBINE_HEADS));
      require(K <= TILEC_KERNEL_SHARED_BYTES / sizeof(float),
              cat("K = ", K, " merged columns do not fit the kernel's staging memory (",
                  TILEC_KERNEL_SHARED_BYTES / sizeof(float), ")"));
      require(t.ip[7] == TILEC_DTYPE_F32 || t.ip[7] == TILEC_DTYPE_BF16 ||
                  t.ip[7] == TILEC_DTYPE_F16,
              cat("ip7 (merged x dtype) = ", t.ip[7], " is not a float dtype"));
      require(t.op[5].offset == TILEC_NO_OPERAND,
              "a norm weight (op5) cannot follow attention partials");
      // The kernel reads them as pairs of floats.
      require(t.op[1].offset % 8 == 0,
              cat("attention partials (op1) at offset ", t.op[1].offset, " are not 8-byte aligned"));
      slot(1, "attention partials", Class::F32, product(C, H, D + 2));
    } else {
      slot(1, "x", Class::Float, K);
    }
    slot(2, "y", Class::Float, N);
    if (swiglu) {
      slot(3, "Wu", Class::Float, product(N, K));
    } else {
      slot(3, "bias", Class::Float, N, /*optional=*/true);
      slot(4, "residual", Class::Float, N, /*optional=*/true);
    }
    slot(5, "norm weight", Class::Float, K, /*optional=*/true);
    return;
  }
  case TILEC_TASK_ROPE: {
    uint64_t D = param(t, 0, "head_dim", 2), h0 = param(t, 1, "h0", 0), h1 = param(t, 2, "h1", 0);
    require(D % 2 == 0, cat("head_dim ", D, " is odd"));
    require(h0 <= h1, cat("head range [", h0, ", ", h1, ") is reversed"));
    ropeParams(t);
    slot(0, "x", Class::Float, product(h1, D));
    slot(1, "y", Class::Float, product(h1, D));
    return;
  }
  case TILEC_TASK_KV_STORE: {
    uint64_t S = param(t, 0, "S", 1), D = param(t, 1, "D", 1),
             H = param(t, 2, "head_dim (0: no rotation)", 0);
    if (H > 0) {
      require(H % 2 == 0 && D % H == 0,
              cat("head_dim ", H, " must be even and divide D = ", D));
      ropeParams(t);
    }
    slot(0, "src", Class::Float, D);
    slot(1, "cache", Class::Float, product(S, D));
    return;
  }
  case TILEC_TASK_ATTN_PARTIAL: {
    uint64_t Hq = param(t, 0, "Hq", 1), Hkv = param(t, 1, "Hkv", 1), D = param(t, 2, "D", 1),
             S = param(t, 3, "S", 1), c = param(t, 4, "c", 0), g = param(t, 5, "g", 0),
             chunk = param(t, 6, "chunk size", 1), C = param(t, 7, "C", 1);
    require(Hq % Hkv == 0, cat("Hq ", Hq, " is not a multiple of Hkv ", Hkv));
    require(c < C, cat("chunk ", c, " is not below C = ", C));
    require(g < Hkv, cat("KV head ", g, " is not below Hkv = ", Hkv));
    require(product(C, chunk) >= S,
            cat("C x chunk size = ", C, " x ", chunk, " does not cover S = ", S, " positions"));
    finiteParam(t, 0, "scale");
    slot(0, "q", Class::Float, product(Hq, D));
    slot(1, "k cache", Class::Float, product(S, Hkv, D));
    slot(2, "v cache", Class::Float, product(S, Hkv, D));
    slot(3, "partial", Class::F32, product(Hq, C, D + 2));
    return;
  }
  case TILEC_TASK_ATTN_COMBINE: {
    uint64_t Hq = param(t, 0, "Hq", 1), D = param(t, 2, "D", 1), h0 = param(t, 4, "h0", 0),
             h1 = param(t, 5, "h1", 0), C = param(t, 7, "C", 1);
    require(h0 <= h1 && h1 <= Hq,
            cat("head range [", h0, ", ", h1, ") is not within [0, ", Hq, ")"));
    slot(0, "partial", Class::F32, product(Hq, C, D + 2));
    slot(1, "out", Class::Float, product(Hq, D));
    return;
  }
  case TILEC_TASK_ADD:
  case TILEC_TASK_SILU_MUL: {
    uint64_t i0 = param(t, 0, "i0", 0), i1 = param(t, 1, "i1", 0);
    require(i0 <= i1, cat("element range [", i0, ", ", i1, ") is reversed"));
    slot(0, "a", Class::Float, i1);
    slot(1, "b", Class::Float, i1);
    slot(2, "y", Class::Float, i1);
    return;
  }
  case TILEC_TASK_ARGMAX: {
    uint64_t V = param(t, 0, "V", 1);
    slot(0, "logits", Class::Float, V);
    slot(1, "out", Class::I32, 1);
    return;
  }
  default:
    throw Reject{cat("unknown task kind ", t.kind)};
  }
}

void checkOperand(const tilec_task &t, int i, const Slot &s, uint64_t arenaBytes) {
  const tilec_operand &op = t.op[i];
  std::string what = cat("operand ", i, " (", s.name, ")");
  if (op.offset == TILEC_NO_OPERAND) {
    require(s.optional, what + " is missing");
    return;
  }
  bool dtypeOk = s.cls == Class::Float ? isFloatDtype(op.dtype)
                 : s.cls == Class::F32 ? op.dtype == TILEC_DTYPE_F32
                                       : op.dtype == TILEC_DTYPE_I32;
  const char *expected = s.cls == Class::Float ? "f32, bf16 or f16"
                         : s.cls == Class::F32 ? "f32"
                                               : "i32";
  require(dtypeOk, cat(what, ": dtype ", dtypeName(op.dtype), ", expected ", expected));
  uint64_t size = dtypeSize(op.dtype);
  require(op.offset % size == 0,
          cat(what, ": offset ", op.offset, " is not a multiple of its element size ", size));
  uint64_t bytes = product(s.elements, size), end;
  require(addChecked(op.offset, bytes, &end) && end <= arenaBytes,
          cat(what, ": needs ", bytes, " bytes at offset ", op.offset, ", past the arena's ",
              arenaBytes));
}

} // namespace

std::string checkTaskContract(const tilec_task &task, uint64_t arenaBytes) {
  try {
    Slot slots[TILEC_TASK_OPERANDS];
    describe(task, slots);
    for (int i = 0; i < TILEC_TASK_OPERANDS; ++i)
      if (slots[i].cls != Class::Unused)
        checkOperand(task, i, slots[i], arenaBytes);
    return "";
  } catch (const Reject &r) {
    return r.why;
  }
}

} // namespace tilec::rt
