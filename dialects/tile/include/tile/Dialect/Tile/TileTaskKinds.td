//===- TileTaskKinds.td - task kinds of the schedule table -*- tablegen -*-===//
//
// The one definition of every task kind: its code in the schedule table, its
// name, its operand and parameter slots, which integer slots name the tile a
// task computes, and the device library body that runs it. `tile-tblgen
// -gen-task-kinds` turns these records into runtime/include/tilec/
// task_kinds.h (the enum, named slot indices and a descriptor table), which
// the table writer (compiler/lib/Target/ScheduleTable.cpp), the kernel
// builder (DeviceBodies.cpp), the runtime's contract checks
// (runtime/common/TaskContract.cpp) and the host bodies
// (runtime/host/Kernels.cpp) all read. The compute ops of
// TileComputeOps.td name the kinds they encode to (`taskKinds`).
//
// A header generated into the source tree, not the build tree, because the
// runtime builds alone on machines without LLVM; test/tilec/task-kinds.test
// fails when it is out of date (`ninja -C build update-task-kinds` rewrites
// it).
//
//===----------------------------------------------------------------------===//
#ifndef TILE_TASK_KINDS_TD
#define TILE_TASK_KINDS_TD

include "tile/Dialect/Tile/TileTaskKindBase.td"

//===----------------------------------------------------------------------===//
// The kinds
//===----------------------------------------------------------------------===//

def NopKind : TaskKind<0, "nop"> {
  let description = "Does nothing but wait and signal.";
}

def EmbedKind : TaskKind<1, "embed"> {
  let description = [{
    out[0:H] = table[ids[0], 0:H]. An id outside [0, V) is a run-time error.
  }];
  let operands = [TaskOperand<"table", TaskFloat, "[V, H]">,
                  TaskOperand<"ids", TaskI32, "[1]">,
                  TaskOperand<"out", TaskFloat, "[H]">];
  let ints = [TaskParam<"V", "rows of the table">, TaskParam<"H", "columns">];
  let deviceBody = "body_embed";
  let badIndex = "token_id";
  let badIndexBound = "V";
}

def RMSNormKind : TaskKind<2, "rmsnorm"> {
  let description = [{
    For groups g in [g0, g1) of G elements:
    y[g] = x[g] / sqrt(mean(x[g]^2) + eps) * w[0:G].
  }];
  let operands = [TaskOperand<"x", TaskFloat, "[g1 * G]">,
                  TaskOperand<"w", TaskFloat, "[G]">,
                  TaskOperand<"y", TaskFloat, "[g1 * G]">];
  let ints = [TaskParam<"G", "group size">, TaskParam<"g0", "first group">,
              TaskParam<"g1", "end of the groups">];
  let floats = [TaskParam<"eps", "epsilon">];
  let tileInts = ["g0", "g1"];
  let deviceBody = "body_rmsnorm";
}

def MatvecKind : TaskKind<3, "matvec"> {
  let description = [{
    For rows r in [r0, r1): y[r] = dot(W[r, :], n(x)) + bias[r] + residual[r],
    n = rmsnorm with weight `norm` and eps if present, else identity (the
    norm is recomputed by every task: the prologue fusion). With C > 0, x is
    instead attention partials [C, H, D + 2] f32 (as attn_partial writes
    them; K = H * D) and the x multiplied is their merge, as attn_combine
    computes it, rounded to dtype x_dtype: the combine folded into the
    projection (no norm then).
  }];
  let operands = [TaskOperand<"W", TaskFloat, "[N, K]">,
                  TaskOperand<"x", TaskFloat, "[K], or f32 [C, H, D + 2] partials">,
                  TaskOperand<"y", TaskFloat, "[N]">,
                  OptionalTaskOperand<"bias", TaskFloat, "[N]">,
                  OptionalTaskOperand<"residual", TaskFloat, "[N]">,
                  OptionalTaskOperand<"norm", TaskFloat, "norm weight [K]">];
  let ints = [TaskParam<"N", "rows">, TaskParam<"K", "columns">,
              TaskParam<"r0", "first row">, TaskParam<"r1", "end of the rows">,
              TaskParam<"C", "chunks of attention partials (0: x is a vector)">,
              TaskParam<"H", "heads of the partials">,
              TaskParam<"D", "head_dim of the partials">,
              TaskParam<"x_dtype", "tilec_dtype the merged x is rounded to">];
  let floats = [TaskParam<"eps", "the norm's epsilon">];
  let tileInts = ["r0", "r1"];
  // With K a constant, LLVM reshaped the two-row loop of K = 2048 and kept
  // 9 of its 16 loads in flight (Llama-3.2-1B's projections).
  let dynamicInts = ["K"];
  let deviceBody = "body_matvec";
}

def MatvecSwigluKind : TaskKind<4, "matvec_swiglu"> {
  let description = [{
    For rows r in [r0, r1): y[r] = silu(dot(Wg[r], n(x))) * dot(Wu[r], n(x)),
    n as in matvec.
  }];
  let operands = [TaskOperand<"Wg", TaskFloat, "gate [N, K]">,
                  TaskOperand<"x", TaskFloat, "[K]">,
                  TaskOperand<"y", TaskFloat, "[N]">,
                  TaskOperand<"Wu", TaskFloat, "up [N, K]">,
                  NoTaskOperand,
                  OptionalTaskOperand<"norm", TaskFloat, "norm weight [K]">];
  let ints = [TaskParam<"N", "rows">, TaskParam<"K", "columns">,
              TaskParam<"r0", "first row">, TaskParam<"r1", "end of the rows">];
  let floats = [TaskParam<"eps", "the norm's epsilon">];
  let tileInts = ["r0", "r1"];
  let dynamicInts = ["K"];
  let deviceBody = "body_matvec_swiglu";
}

def RopeKind : TaskKind<5, "rope"> {
  let description = [{
    Rotate-half RoPE of heads [h0, h1) at the position:
    inv_freq[i] = theta^(-2i/D), i < D/2; with Llama 3 scaling when
    original_max_position > 0.
  }];
  let operands = [TaskOperand<"x", TaskFloat, "[h1 * D]">,
                  TaskOperand<"y", TaskFloat, "[h1 * D], may be x">];
  let ints = [TaskParam<"D", "head_dim">, TaskParam<"h0", "first head">,
              TaskParam<"h1", "end of the heads">,
              TaskParam<"original_max_position", "Llama 3 scaling (0: none)">];
  let floats = [TaskParam<"theta", "base">, TaskParam<"factor", "Llama 3 factor">,
                TaskParam<"low_freq_factor", "Llama 3">,
                TaskParam<"high_freq_factor", "Llama 3">];
  let tileInts = ["h0", "h1"];
  let deviceBody = "body_rope";
  let deviceArgument = "pos";
}

def KVStoreKind : TaskKind<6, "kv_store"> {
  let description = [{
    cache[pos, 0:D] = src[0:D]; pos >= S is a run-time error. With head_dim
    > 0, each head of src is rotated first, exactly as rope.
  }];
  let operands = [TaskOperand<"src", TaskFloat, "[D]">,
                  TaskOperand<"cache", TaskFloat, "[S, D]">];
  let ints = [TaskParam<"S", "cache rows">, TaskParam<"D", "row length">,
              TaskParam<"head_dim", "rotated heads' width (0: no rotation)">,
              TaskParam<"original_max_position", "Llama 3 scaling (0: none)">];
  let floats = [TaskParam<"theta", "base">, TaskParam<"factor", "Llama 3 factor">,
                TaskParam<"low_freq_factor", "Llama 3">,
                TaskParam<"high_freq_factor", "Llama 3">];
  let deviceBody = "body_kv_store";
  let deviceArgument = "pos";
  let badIndex = "position";
  let badIndexBound = "S";
}

def AttnPartialKind : TaskKind<7, "attn_partial"> {
  let description = [{
    Split-KV decode attention, one KV head g, one chunk c of `chunk`
    positions: for each query head h of group g (h / (Hq/Hkv) == g), over
    positions t in [c*chunk, min((c+1)*chunk, pos+1)):
      s_t = scale * dot(q[h], k[t, g]);  m = max s_t;  l = sum exp(s_t - m);
      o = sum exp(s_t - m) * v[t, g]
    written as partial[c, h, 0:D] = o, partial[c, h, D] = m,
    partial[c, h, D+1] = l (fp32; an empty range gives m=-inf, l=0, o=0).
    Chunk-major, so the heads of one task are contiguous.
  }];
  let operands = [TaskOperand<"q", TaskFloat, "[Hq * D]">,
                  TaskOperand<"k", TaskFloat, "key cache [S, Hkv * D]">,
                  TaskOperand<"v", TaskFloat, "value cache [S, Hkv * D]">,
                  TaskOperand<"partial", TaskF32, "[C, Hq, D + 2]">];
  let ints = [TaskParam<"Hq", "query heads">, TaskParam<"Hkv", "KV heads">,
              TaskParam<"D", "head_dim">, TaskParam<"S", "cache rows">,
              TaskParam<"c", "chunk">, TaskParam<"g", "KV head">,
              TaskParam<"chunk", "chunk size">, TaskParam<"C", "chunks">];
  let floats = [TaskParam<"scale", "score scale">];
  let tileInts = ["c", "g"];
  let deviceBody = "body_attn_partial";
  let deviceArgument = "pos";
  let badIndex = "position";
  let badIndexBound = "S";
}

def AttnCombineKind : TaskKind<8, "attn_combine"> {
  let description = [{
    out[h] = sum_c exp(m_c - M) o_c / sum_c exp(m_c - M) l_c for heads
    h in [h0, h1), M = max_c m_c (a head whose chunks are all empty gets
    zeros). Slots where attn_partial has them.
  }];
  let operands = [TaskOperand<"partial", TaskF32, "[C, Hq, D + 2]">,
                  TaskOperand<"out", TaskFloat, "[Hq * D]">];
  let ints = [TaskParam<"Hq", "query heads">, NoTaskParam,
              TaskParam<"D", "head_dim">, NoTaskParam,
              TaskParam<"h0", "first head">, TaskParam<"h1", "end of the heads">,
              NoTaskParam, TaskParam<"C", "chunks">];
  let tileInts = ["h0", "h1"];
  let deviceBody = "body_attn_combine";
}

class ElementwiseKind<int ccode, string cname, string formula> : TaskKind<ccode, cname> {
  let description = formula # ", i in [i0, i1).";
  let operands = [TaskOperand<"a", TaskFloat, "[i1]">,
                  TaskOperand<"b", TaskFloat, "[i1]">,
                  TaskOperand<"y", TaskFloat, "[i1]">];
  let ints = [TaskParam<"i0", "first element">, TaskParam<"i1", "end of the elements">];
  let tileInts = ["i0", "i1"];
  let deviceBody = "body_ewise";
  let deviceArgument = "silu";
}
def AddKind : ElementwiseKind<9, "add", "y[i] = a[i] + b[i]">;
def SiluMulKind : ElementwiseKind<10, "silu_mul", "y[i] = silu(a[i]) * b[i]">;

def ArgmaxKind : TaskKind<11, "argmax"> {
  let description = "out[0] = the smallest i with logits[i] maximal.";
  let operands = [TaskOperand<"logits", TaskFloat, "[V]">,
                  TaskOperand<"out", TaskI32, "[1]">];
  let ints = [TaskParam<"V", "logits">];
  let deviceBody = "body_argmax";
}

def RopeAppendKind : TaskKind<12, "rope_append"> {
  let description = [{
    The step's query rotation and KV append in one task: q_out = the query's
    Hq heads rotated as rope does, k_cache[pos] = k with its heads rotated
    the same way, v_cache[pos] = v (as kv_store); pos >= S is a run-time
    error. Rotation slots where rope has them.
  }];
  let operands = [TaskOperand<"q", TaskFloat, "[Hq * D]">,
                  TaskOperand<"q_out", TaskFloat, "[Hq * D], may be q">,
                  TaskOperand<"k", TaskFloat, "[Dkv]">,
                  TaskOperand<"k_cache", TaskFloat, "[S, Dkv]">,
                  TaskOperand<"v", TaskFloat, "[Dkv]">,
                  TaskOperand<"v_cache", TaskFloat, "[S, Dkv]">];
  let ints = [TaskParam<"D", "head_dim">, TaskParam<"Hq", "query heads">,
              TaskParam<"S", "cache rows">,
              TaskParam<"original_max_position", "Llama 3 scaling (0: none)">,
              TaskParam<"Dkv", "cache row length (KV heads x D)">];
  let floats = [TaskParam<"theta", "base">, TaskParam<"factor", "Llama 3 factor">,
                TaskParam<"low_freq_factor", "Llama 3">,
                TaskParam<"high_freq_factor", "Llama 3">];
  let deviceBody = "body_rope_append";
  let deviceArgument = "pos";
  let badIndex = "position";
  let badIndexBound = "S";
}

def SendKind : TaskKind<13, "send"> {
  let description = [{
    dst[d0 : d0 + n] = src[0 : n], dst in the arena of the peer program its
    operand names (a tile.send). src and dst have one dtype; the task's
    signal slice ends with the peer's event (sys scope), released after the
    copy.
  }];
  let operands = [TaskOperand<"src", TaskAny, "[n]">,
                  PeerTaskOperand<"dst", TaskAny, "[d0 + n], a peer's">];
  let ints = [TaskParam<"n", "elements">,
              TaskParam<"d0", "first element of dst">];
  let deviceBody = "body_send";
}

#endif // TILE_TASK_KINDS_TD
