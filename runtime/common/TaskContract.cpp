//===- TaskContract.cpp - what each task kind reads and writes --------------===//
#include "TaskContract.h"

#include "Dtype.h"
#include "Error.h"
#include "tilec/kernel_abi.h"

#include <cmath>

namespace tilec::rt {

const char *taskKindName(uint32_t kind) {
  return kind < TILEC_TASK_KIND_COUNT ? tilec_task_kinds[kind].name : "?";
}

namespace {

/// An operand slot of a task: its name, class and optionality from the kind's
/// descriptor (task_kinds.h), its extent from the task's parameters.
struct Slot {
  const char *name = nullptr;
  uint8_t cls = TILEC_OPERAND_UNUSED;
  bool optional = false;
  bool peer = false;
  uint64_t elements = 0;
};

struct Reject {
  std::string why;
};

/// Integer parameter ip[i] as a count/index in [min, 2^40]: bounded so that
/// products of three of them cannot overflow uint64 before the extent check.
uint64_t param(const tilec_task &t, int i, int64_t min) {
  int64_t v = t.ip[i];
  if (v < min || v > (int64_t(1) << 40))
    throw Reject{cat("ip", i, " (", tilec_task_kinds[t.kind].ip[i], ") = ", v,
                     " is out of range (must be >= ", min, ")")};
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

void finiteParam(const tilec_task &t, int i) {
  require(std::isfinite(t.fp[i]),
          cat("fp", i, " (", tilec_task_kinds[t.kind].fp[i], ") is not finite"));
}

// ROPE and a rotating KV_STORE share the rotation's slots.
static_assert(TILEC_ROPE_IP_original_max_position == TILEC_KV_STORE_IP_original_max_position &&
              TILEC_ROPE_FP_theta == TILEC_KV_STORE_FP_theta &&
              TILEC_ROPE_FP_factor == TILEC_KV_STORE_FP_factor &&
              TILEC_ROPE_FP_low_freq_factor == TILEC_KV_STORE_FP_low_freq_factor &&
              TILEC_ROPE_FP_high_freq_factor == TILEC_KV_STORE_FP_high_freq_factor);

/// The rotation parameters of ROPE and a rotating KV_STORE: theta > 0, and
/// with Llama 3 scaling (original_max_position > 0) positive factors.
void ropeParams(const tilec_task &t) {
  param(t, TILEC_ROPE_IP_original_max_position, 0);
  float theta = t.fp[TILEC_ROPE_FP_theta], factor = t.fp[TILEC_ROPE_FP_factor],
        low = t.fp[TILEC_ROPE_FP_low_freq_factor], high = t.fp[TILEC_ROPE_FP_high_freq_factor];
  require(std::isfinite(theta) && theta > 0.0f, cat("fp0 (theta) = ", theta, " must be > 0"));
  if (t.ip[TILEC_ROPE_IP_original_max_position] > 0) {
    require(std::isfinite(factor) && factor > 0, "fp1 (factor) must be > 0");
    require(std::isfinite(low) && low > 0, "fp2 (low_freq_factor) must be > 0");
    require(std::isfinite(high) && high > low,
            "fp3 (high_freq_factor) must be > fp2 (low_freq_factor)");
  }
}

/// Checks the task's parameters and gives the extent of each operand slot
/// its kind uses (names, classes and optionality come from its descriptor).
void describe(const tilec_task &t, Slot s[TILEC_TASK_OPERANDS]) {
  if (t.kind >= TILEC_TASK_KIND_COUNT)
    throw Reject{cat("unknown task kind ", t.kind)};
  const tilec_task_kind_info &info = tilec_task_kinds[t.kind];
  for (int i = 0; i < TILEC_TASK_OPERANDS; ++i) {
    s[i].name = info.op[i].name;
    s[i].cls = info.op[i].name ? info.op[i].cls : uint8_t(TILEC_OPERAND_UNUSED);
    s[i].optional = info.op[i].optional;
    s[i].peer = info.op[i].peer;
  }
  auto extent = [&](int i, uint64_t elements) { s[i].elements = elements; };
  switch (t.kind) {
  case TILEC_TASK_NOP:
    return;
  case TILEC_TASK_EMBED: {
    uint64_t V = param(t, TILEC_EMBED_IP_V, 1), H = param(t, TILEC_EMBED_IP_H, 1);
    extent(TILEC_EMBED_OP_table, product(V, H));
    extent(TILEC_EMBED_OP_ids, 1);
    extent(TILEC_EMBED_OP_out, H);
    return;
  }
  case TILEC_TASK_RMSNORM: {
    uint64_t G = param(t, TILEC_RMSNORM_IP_G, 1), g0 = param(t, TILEC_RMSNORM_IP_g0, 0),
             g1 = param(t, TILEC_RMSNORM_IP_g1, 0);
    require(g0 <= g1, cat("group range [", g0, ", ", g1, ") is reversed"));
    finiteParam(t, TILEC_RMSNORM_FP_eps);
    extent(TILEC_RMSNORM_OP_x, product(g1, G));
    extent(TILEC_RMSNORM_OP_w, G);
    extent(TILEC_RMSNORM_OP_y, product(g1, G));
    return;
  }
  case TILEC_TASK_MATVEC:
  case TILEC_TASK_MATVEC_SWIGLU: {
    static_assert(TILEC_MATVEC_IP_N == TILEC_MATVEC_SWIGLU_IP_N &&
                      TILEC_MATVEC_IP_K == TILEC_MATVEC_SWIGLU_IP_K &&
                      TILEC_MATVEC_IP_r0 == TILEC_MATVEC_SWIGLU_IP_r0 &&
                      TILEC_MATVEC_IP_r1 == TILEC_MATVEC_SWIGLU_IP_r1 &&
                      TILEC_MATVEC_FP_eps == TILEC_MATVEC_SWIGLU_FP_eps &&
                      TILEC_MATVEC_OP_W == TILEC_MATVEC_SWIGLU_OP_Wg &&
                      TILEC_MATVEC_OP_x == TILEC_MATVEC_SWIGLU_OP_x &&
                      TILEC_MATVEC_OP_y == TILEC_MATVEC_SWIGLU_OP_y &&
                      TILEC_MATVEC_OP_norm == TILEC_MATVEC_SWIGLU_OP_norm,
                  "matvec and matvec_swiglu share their common slots");
    uint64_t N = param(t, TILEC_MATVEC_IP_N, 1), K = param(t, TILEC_MATVEC_IP_K, 1),
             r0 = param(t, TILEC_MATVEC_IP_r0, 0), r1 = param(t, TILEC_MATVEC_IP_r1, 0);
    require(r0 <= r1 && r1 <= N, cat("row range [", r0, ", ", r1, ") is not within [0, ", N, ")"));
    finiteParam(t, TILEC_MATVEC_FP_eps);
    bool swiglu = t.kind == TILEC_TASK_MATVEC_SWIGLU;
    extent(TILEC_MATVEC_OP_W, product(N, K));
    if (!swiglu && t.ip[TILEC_MATVEC_IP_C] != 0) {
      // x is attention partials, merged in the prologue.
      uint64_t C = param(t, TILEC_MATVEC_IP_C, 1), H = param(t, TILEC_MATVEC_IP_H, 1),
               D = param(t, TILEC_MATVEC_IP_D, 1);
      require(product(H, D) == K, cat("H x D = ", H, " x ", D, " is not K = ", K));
      require(H <= TILEC_KERNEL_COMBINE_HEADS,
              cat("H = ", H, " heads of partials exceed the kernel's ", TILEC_KERNEL_COMBINE_HEADS));
      require(K <= TILEC_KERNEL_SHARED_BYTES / sizeof(float),
              cat("K = ", K, " merged columns do not fit the kernel's staging memory (",
                  TILEC_KERNEL_SHARED_BYTES / sizeof(float), ")"));
      int64_t xType = t.ip[TILEC_MATVEC_IP_x_dtype];
      require(xType == TILEC_DTYPE_F32 || xType == TILEC_DTYPE_BF16 || xType == TILEC_DTYPE_F16,
              cat("ip7 (x_dtype) = ", xType, " is not a float dtype"));
      require(t.op[TILEC_MATVEC_OP_norm].offset == TILEC_NO_OPERAND,
              "a norm weight (op5) cannot follow attention partials");
      // The kernel reads them as pairs of floats.
      require(t.op[TILEC_MATVEC_OP_x].offset % 8 == 0,
              cat("attention partials (op1) at offset ", t.op[TILEC_MATVEC_OP_x].offset,
                  " are not 8-byte aligned"));
      s[TILEC_MATVEC_OP_x].name = "attention partials";
      s[TILEC_MATVEC_OP_x].cls = TILEC_OPERAND_F32;
      extent(TILEC_MATVEC_OP_x, product(C, H, D + 2));
    } else {
      extent(TILEC_MATVEC_OP_x, K);
    }
    extent(TILEC_MATVEC_OP_y, N);
    if (swiglu) {
      extent(TILEC_MATVEC_SWIGLU_OP_Wu, product(N, K));
    } else {
      extent(TILEC_MATVEC_OP_bias, N);
      extent(TILEC_MATVEC_OP_residual, N);
    }
    extent(TILEC_MATVEC_OP_norm, K);
    return;
  }
  case TILEC_TASK_ROPE: {
    uint64_t D = param(t, TILEC_ROPE_IP_D, 2), h0 = param(t, TILEC_ROPE_IP_h0, 0),
             h1 = param(t, TILEC_ROPE_IP_h1, 0);
    require(D % 2 == 0, cat("head_dim ", D, " is odd"));
    require(h0 <= h1, cat("head range [", h0, ", ", h1, ") is reversed"));
    ropeParams(t);
    extent(TILEC_ROPE_OP_x, product(h1, D));
    extent(TILEC_ROPE_OP_y, product(h1, D));
    return;
  }
  case TILEC_TASK_KV_STORE: {
    uint64_t S = param(t, TILEC_KV_STORE_IP_S, 1), D = param(t, TILEC_KV_STORE_IP_D, 1),
             H = param(t, TILEC_KV_STORE_IP_head_dim, 0);
    if (H > 0) {
      require(H % 2 == 0 && D % H == 0,
              cat("head_dim ", H, " must be even and divide D = ", D));
      ropeParams(t);
    }
    extent(TILEC_KV_STORE_OP_src, D);
    extent(TILEC_KV_STORE_OP_cache, product(S, D));
    return;
  }
  case TILEC_TASK_ROPE_APPEND: {
    static_assert(TILEC_ROPE_APPEND_IP_original_max_position ==
                      TILEC_ROPE_IP_original_max_position &&
                  TILEC_ROPE_APPEND_FP_theta == TILEC_ROPE_FP_theta &&
                  TILEC_ROPE_APPEND_FP_high_freq_factor == TILEC_ROPE_FP_high_freq_factor);
    uint64_t D = param(t, TILEC_ROPE_APPEND_IP_D, 2), Hq = param(t, TILEC_ROPE_APPEND_IP_Hq, 1),
             S = param(t, TILEC_ROPE_APPEND_IP_S, 1), Dkv = param(t, TILEC_ROPE_APPEND_IP_Dkv, 1);
    require(D % 2 == 0 && Dkv % D == 0,
            cat("head_dim ", D, " must be even and divide Dkv = ", Dkv));
    ropeParams(t);
    extent(TILEC_ROPE_APPEND_OP_q, product(Hq, D));
    extent(TILEC_ROPE_APPEND_OP_q_out, product(Hq, D));
    extent(TILEC_ROPE_APPEND_OP_k, Dkv);
    extent(TILEC_ROPE_APPEND_OP_k_cache, product(S, Dkv));
    extent(TILEC_ROPE_APPEND_OP_v, Dkv);
    extent(TILEC_ROPE_APPEND_OP_v_cache, product(S, Dkv));
    return;
  }
  case TILEC_TASK_ATTN_PARTIAL: {
    uint64_t Hq = param(t, TILEC_ATTN_PARTIAL_IP_Hq, 1),
             Hkv = param(t, TILEC_ATTN_PARTIAL_IP_Hkv, 1), D = param(t, TILEC_ATTN_PARTIAL_IP_D, 1),
             S = param(t, TILEC_ATTN_PARTIAL_IP_S, 1), c = param(t, TILEC_ATTN_PARTIAL_IP_c, 0),
             g = param(t, TILEC_ATTN_PARTIAL_IP_g, 0),
             chunk = param(t, TILEC_ATTN_PARTIAL_IP_chunk, 1),
             C = param(t, TILEC_ATTN_PARTIAL_IP_C, 1);
    require(Hq % Hkv == 0, cat("Hq ", Hq, " is not a multiple of Hkv ", Hkv));
    require(c < C, cat("chunk ", c, " is not below C = ", C));
    require(g < Hkv, cat("KV head ", g, " is not below Hkv = ", Hkv));
    require(product(C, chunk) >= S,
            cat("C x chunk size = ", C, " x ", chunk, " does not cover S = ", S, " positions"));
    finiteParam(t, TILEC_ATTN_PARTIAL_FP_scale);
    extent(TILEC_ATTN_PARTIAL_OP_q, product(Hq, D));
    extent(TILEC_ATTN_PARTIAL_OP_k, product(S, Hkv, D));
    extent(TILEC_ATTN_PARTIAL_OP_v, product(S, Hkv, D));
    extent(TILEC_ATTN_PARTIAL_OP_partial, product(Hq, C, D + 2));
    return;
  }
  case TILEC_TASK_ATTN_COMBINE: {
    uint64_t Hq = param(t, TILEC_ATTN_COMBINE_IP_Hq, 1), D = param(t, TILEC_ATTN_COMBINE_IP_D, 1),
             h0 = param(t, TILEC_ATTN_COMBINE_IP_h0, 0), h1 = param(t, TILEC_ATTN_COMBINE_IP_h1, 0),
             C = param(t, TILEC_ATTN_COMBINE_IP_C, 1);
    require(h0 <= h1 && h1 <= Hq,
            cat("head range [", h0, ", ", h1, ") is not within [0, ", Hq, ")"));
    extent(TILEC_ATTN_COMBINE_OP_partial, product(Hq, C, D + 2));
    extent(TILEC_ATTN_COMBINE_OP_out, product(Hq, D));
    return;
  }
  case TILEC_TASK_ADD:
  case TILEC_TASK_SILU_MUL: {
    static_assert(TILEC_ADD_IP_i0 == TILEC_SILU_MUL_IP_i0 &&
                  TILEC_ADD_IP_i1 == TILEC_SILU_MUL_IP_i1 &&
                  TILEC_ADD_OP_a == TILEC_SILU_MUL_OP_a && TILEC_ADD_OP_b == TILEC_SILU_MUL_OP_b &&
                  TILEC_ADD_OP_y == TILEC_SILU_MUL_OP_y);
    uint64_t i0 = param(t, TILEC_ADD_IP_i0, 0), i1 = param(t, TILEC_ADD_IP_i1, 0);
    require(i0 <= i1, cat("element range [", i0, ", ", i1, ") is reversed"));
    extent(TILEC_ADD_OP_a, i1);
    extent(TILEC_ADD_OP_b, i1);
    extent(TILEC_ADD_OP_y, i1);
    return;
  }
  case TILEC_TASK_SEND: {
    uint64_t n = param(t, TILEC_SEND_IP_n, 1), d0 = param(t, TILEC_SEND_IP_d0, 0);
    require(t.op[TILEC_SEND_OP_src].dtype == t.op[TILEC_SEND_OP_dst].dtype,
            cat("src is ", dtypeName(t.op[TILEC_SEND_OP_src].dtype), " but dst is ",
                dtypeName(t.op[TILEC_SEND_OP_dst].dtype), ": a send copies bytes"));
    extent(TILEC_SEND_OP_src, n);
    extent(TILEC_SEND_OP_dst, d0 + n);
    return;
  }
  case TILEC_TASK_ARGMAX: {
    uint64_t V = param(t, TILEC_ARGMAX_IP_V, 1);
    extent(TILEC_ARGMAX_OP_logits, V);
    extent(TILEC_ARGMAX_OP_out, 1);
    return;
  }
  default:
    throw Reject{cat("task kind ", t.kind, " (", info.name, ") has no contract")};
  }
}

void checkOperand(const tilec_task &t, int i, const Slot &s, const tilec_program *programs) {
  const tilec_operand &op = t.op[i];
  std::string what = cat("operand ", i, " (", s.name, ")");
  if (op.offset == TILEC_NO_OPERAND) {
    require(s.optional, what + " is missing");
    return;
  }
  bool peer = op.flags & TILEC_OPERAND_PEER;
  require(peer == s.peer, cat(what, peer ? ": lies in a peer program's arena, which this slot "
                                           "may not"
                                         : ": must lie in a peer program's arena"));
  uint64_t arenaBytes = programs[tilec_operand_program(&t, i)].arena_bytes;
  bool dtypeOk = s.cls == TILEC_OPERAND_FLOAT ? isFloatDtype(op.dtype)
                 : s.cls == TILEC_OPERAND_F32 ? op.dtype == TILEC_DTYPE_F32
                 : s.cls == TILEC_OPERAND_I32 ? op.dtype == TILEC_DTYPE_I32
                                              : dtypeSize(op.dtype) > 0;
  const char *expected = s.cls == TILEC_OPERAND_FLOAT ? "f32, bf16 or f16"
                         : s.cls == TILEC_OPERAND_F32 ? "f32"
                         : s.cls == TILEC_OPERAND_I32 ? "i32"
                                                      : "any dtype";
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

std::string checkOperandExtents(
    const tilec_task &task,
    const std::function<OperandLimit(int operand, uint64_t offset)> &limitAt) {
  try {
    Slot slots[TILEC_TASK_OPERANDS];
    describe(task, slots);
    for (int i = 0; i < TILEC_TASK_OPERANDS; ++i) {
      const tilec_operand &op = task.op[i];
      if (slots[i].cls == TILEC_OPERAND_UNUSED || op.offset == TILEC_NO_OPERAND)
        continue;
      OperandLimit limit = limitAt(i, op.offset);
      uint64_t bytes = product(slots[i].elements, dtypeSize(op.dtype)), end;
      require(addChecked(op.offset, bytes, &end) && end <= limit.end,
              cat("operand ", i, " (", slots[i].name, "): needs ", bytes, " bytes at offset ",
                  op.offset, ", past the end of buffer '", limit.buffer, "' (",
                  limit.end - op.offset, " bytes)"));
    }
    return "";
  } catch (const Reject &r) {
    return r.why;
  }
}

std::string checkTaskContract(const tilec_task &task, const tilec_program *programs) {
  try {
    Slot slots[TILEC_TASK_OPERANDS];
    describe(task, slots);
    for (int i = 0; i < TILEC_TASK_OPERANDS; ++i)
      if (slots[i].cls != TILEC_OPERAND_UNUSED)
        checkOperand(task, i, slots[i], programs);
    return "";
  } catch (const Reject &r) {
    return r.why;
  }
}

} // namespace tilec::rt
