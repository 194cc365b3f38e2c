//===- TileComputeOps.td - the work inside a task ----------*- tablegen -*-===//
//
// Each task body holds one of these ops: a tile of a graph op, reading and
// writing arena buffers (memrefs from tile.buffer) at static offsets. Each op
// is one task kind of the schedule table (runtime/include/tilec/
// schedule_table.h), which gives the exact arithmetic; the host backend runs
// that definition and the CUDA backend lowers the op to a device function.
// Activations are single-token vectors [features].
//
//===----------------------------------------------------------------------===//
#ifndef TILE_COMPUTE_OPS_TD
#define TILE_COMPUTE_OPS_TD

include "tile/Dialect/Tile/TileDialect.td"
include "tile/Dialect/Tile/TileAttrs.td"
include "tile/Dialect/Tile/TileInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tile_Buffer : MemRefOf<[BF16, F16, F32, I32, I8]>;
def Tile_FloatBuffer : MemRefOf<[BF16, F16, F32]>;
def Tile_Vector : MemRefRankOf<[BF16, F16, F32], [1]>;
def Tile_Matrix : MemRefRankOf<[BF16, F16, F32], [2]>;

class Tile_ComputeOp<string mnemonic, list<Trait> traits = []>
    : Op<Tile_Dialect, mnemonic, !listconcat(traits, [
        DeclareOpInterfaceMethods<Tile_TaskComputeOpInterface>])> {
  let hasVerifier = 1;
}

def Tile_EmbedRowOp : Tile_ComputeOp<"embed_row"> {
  let summary = "copies the embedding row of a token id (task kind EMBED)";
  let description = [{
    ```mlir
    tile.embed_row %table[%ids] to %h : memref<32000x64xbf16>, memref<1xi32>, memref<64xbf16>
    ```
  }];
  let arguments = (ins Arg<Tile_Matrix, "", [MemRead]>:$table,
                       Arg<MemRefRankOf<[I32], [1]>, "", [MemRead]>:$ids,
                       Arg<Tile_Vector, "", [MemWrite]>:$out);
  let assemblyFormat = [{
    $table `[` $ids `]` `to` $out attr-dict `:` type($table) `,` type($ids) `,` type($out)
  }];
}

def Tile_RMSNormRowsOp : Tile_ComputeOp<"rmsnorm_rows"> {
  let summary = "RMS-normalizes groups of a vector (task kind RMSNORM)";
  let description = [{
    Normalizes groups `[group_begin, group_end)` of `group_size` elements each
    (the whole vector for a layer norm, one head for Qwen3's q/k norm).

    ```mlir
    tile.rmsnorm_rows %x, %w to %y groups(0, 1) size(64) {epsilon = 1.0e-05 : f32}
        : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
    ```
  }];
  let arguments = (ins Arg<Tile_Vector, "", [MemRead]>:$x,
                       Arg<Tile_Vector, "", [MemRead]>:$weight,
                       Arg<Tile_Vector, "", [MemWrite]>:$y,
                       Tile_I64Attr:$group_begin, Tile_I64Attr:$group_end,
                       Tile_I64Attr:$group_size, F32Attr:$epsilon);
  let assemblyFormat = [{
    $x `,` $weight `to` $y `groups` `(` $group_begin `,` $group_end `)`
    `size` `(` $group_size `)` attr-dict `:` type($x) `,` type($weight) `,` type($y)
  }];
}

def Tile_MatvecOp : Tile_ComputeOp<"matvec", [AttrSizedOperandSegments]> {
  let summary = "rows of a matrix-vector product with fused prologue and epilogue (task kind MATVEC)";
  let description = [{
    `y[r] = dot(weight[r, :], n(x)) (+ bias[r]) (+ residual[r])` for rows
    `[row_begin, row_end)`; `n` is rmsnorm with `norm` weight and
    `norm_epsilon` when present (recomputed by every tile), else identity.

    `x` may instead be a split-KV attention's partials (`[chunks, heads,
    head_dim + 2]` f32, see `tile.attention_partial`) with `x_type`: every
    tile then merges them first, as `tile.attention_combine` would, into
    the `heads * head_dim` columns of x rounded to `x_type` (the projection
    after attention takes the combine as its prologue, one task level less).
    The x the tile computes with is staged in shared memory as f32.

    ```mlir
    tile.matvec %w, %x to %y rows(0, 32) residual(%h : memref<64xbf16>)
        : memref<64x176xbf16>, memref<176xbf16>, memref<64xbf16>
    tile.matvec %wo, %part to %y rows(0, 32) {x_type = bf16}
        : memref<64x64xbf16>, memref<2x4x18xf32>, memref<64xbf16>
    ```
  }];
  let arguments = (ins Arg<Tile_Matrix, "", [MemRead]>:$weight,
                       Arg<AnyTypeOf<[Tile_Vector, MemRefRankOf<[F32], [3]>]>, "", [MemRead]>:$x,
                       Arg<Tile_Vector, "", [MemWrite]>:$y,
                       Arg<Optional<Tile_Vector>, "", [MemRead]>:$bias,
                       Arg<Optional<Tile_Vector>, "", [MemRead]>:$residual,
                       Arg<Optional<Tile_Vector>, "", [MemRead]>:$norm_weight,
                       Tile_I64Attr:$row_begin, Tile_I64Attr:$row_end,
                       OptionalAttr<F32Attr>:$norm_epsilon,
                       OptionalAttr<TypeAttr>:$x_type);
  let assemblyFormat = [{
    $weight `,` $x `to` $y `rows` `(` $row_begin `,` $row_end `)`
    (`bias` `(` $bias^ `:` type($bias) `)`)?
    (`residual` `(` $residual^ `:` type($residual) `)`)?
    (`norm` `(` $norm_weight^ `:` type($norm_weight) `)`)?
    attr-dict `:` type($weight) `,` type($x) `,` type($y)
  }];
}

def Tile_MatvecSwigluOp : Tile_ComputeOp<"matvec_swiglu", [
    AllTypesMatch<["gate_weight", "up_weight"]>]> {
  let summary = "rows of the fused gate/up projections with SwiGLU (task kind MATVEC_SWIGLU)";
  let description = [{
    `y[r] = silu(dot(gate[r], n(x))) * dot(up[r], n(x))` for rows
    `[row_begin, row_end)`; `n` as in `tile.matvec`.

    ```mlir
    tile.matvec_swiglu %wg, %wu, %x to %a rows(0, 88) norm(%nw : memref<64xbf16>) {norm_epsilon = 1.0e-05 : f32}
        : memref<176x64xbf16>, memref<64xbf16>, memref<176xbf16>
    ```
  }];
  let arguments = (ins Arg<Tile_Matrix, "", [MemRead]>:$gate_weight,
                       Arg<Tile_Matrix, "", [MemRead]>:$up_weight,
                       Arg<Tile_Vector, "", [MemRead]>:$x,
                       Arg<Tile_Vector, "", [MemWrite]>:$y,
                       Arg<Optional<Tile_Vector>, "", [MemRead]>:$norm_weight,
                       Tile_I64Attr:$row_begin, Tile_I64Attr:$row_end,
                       OptionalAttr<F32Attr>:$norm_epsilon);
  let assemblyFormat = [{
    $gate_weight `,` $up_weight `,` $x `to` $y `rows` `(` $row_begin `,` $row_end `)`
    (`norm` `(` $norm_weight^ `:` type($norm_weight) `)`)?
    attr-dict `:` type($gate_weight) `,` type($x) `,` type($y)
  }];
}

def Tile_RopeHeadsOp : Tile_ComputeOp<"rope_heads"> {
  let summary = "rotary embedding of a range of heads at the current position (task kind ROPE)";
  let description = [{
    Reads the position from the control block. `x` and `y` may be the same
    buffer (in place).

    ```mlir
    tile.rope_heads %q to %q_rot heads(0, 4) {head_dim = 16 : i64, theta = 1.0e+04 : f32}
        : memref<64xbf16>, memref<64xbf16>
    ```
  }];
  let arguments = (ins Arg<Tile_Vector, "", [MemRead]>:$x,
                       Arg<Tile_Vector, "", [MemWrite]>:$y,
                       Tile_I64Attr:$head_begin, Tile_I64Attr:$head_end,
                       Tile_I64Attr:$head_dim, F32Attr:$theta,
                       OptionalAttr<Tile_Llama3ScalingAttr>:$scaling);
  let assemblyFormat = [{
    $x `to` $y `heads` `(` $head_begin `,` $head_end `)` attr-dict `:` type($x) `,` type($y)
  }];
}

def Tile_KVStoreOp : Tile_ComputeOp<"kv_store"> {
  let summary = "writes a key or value row into the cache at the current position (task kind KV_STORE)";
  let description = [{
    `cache[position, :] = source`; with `rope`, each head of the row rotated
    at the position first (rotate-half, as `tile.rope_heads`), so a key
    reaches the cache in one task. Lowers to 16-byte `ld.global.v4` /
    `st.global.v4` words where dtypes and alignment allow.

    ```mlir
    tile.kv_store %k to %k_cache : memref<32xbf16>, memref<128x32xbf16>
    tile.kv_store %k to %k_cache {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>}
        : memref<32xbf16>, memref<128x32xbf16>
    ```
  }];
  let arguments = (ins Arg<Tile_Vector, "", [MemRead]>:$source,
                       Arg<Tile_Matrix, "", [MemWrite]>:$cache,
                       OptionalAttr<Tile_RopeAttr>:$rope);
  let assemblyFormat = "$source `to` $cache attr-dict `:` type($source) `,` type($cache)";
}

def Tile_RopeAppendOp : Tile_ComputeOp<"rope_append", [
    AllTypesMatch<["key", "value"]>, AllTypesMatch<["key_cache", "value_cache"]>]> {
  let summary = "rotates the query and appends the key and value rows at the current position (task kind ROPE_APPEND)";
  let description = [{
    What `tile.rope_heads` over every query head and two `tile.kv_store`s
    (the key's with `rope`) do, as one task: `query_out` is `query` with
    each `head_dim`-wide head rotated at the position, `key_cache[position]`
    is `key` rotated the same way, `value_cache[position]` is `value`.
    `query_out` may be `query` (in place). tile-partition emits it for a
    decode step's attention inputs unless `fold-rope-append=false`. Runs the
    device library's `@body_rope_append` (16-byte `ld.global.v4` /
    `st.global.v4` words where dtypes and alignment allow, as kv_store).

    ```mlir
    tile.rope_append %q to %q_rot, %k to %kc, %v to %vc
        {rope = #tile.rope<head_dim = 16, theta = 1.0e+04>}
        : memref<64xbf16>, memref<64xbf16>, memref<32xbf16>, memref<128x32xbf16>
    ```
  }];
  let arguments = (ins Arg<Tile_Vector, "", [MemRead]>:$query,
                       Arg<Tile_Vector, "", [MemWrite]>:$query_out,
                       Arg<Tile_Vector, "", [MemRead]>:$key,
                       Arg<Tile_Matrix, "", [MemWrite]>:$key_cache,
                       Arg<Tile_Vector, "", [MemRead]>:$value,
                       Arg<Tile_Matrix, "", [MemWrite]>:$value_cache,
                       Tile_RopeAttr:$rope);
  let assemblyFormat = [{
    $query `to` $query_out `,` $key `to` $key_cache `,` $value `to` $value_cache attr-dict
    `:` type($query) `,` type($query_out) `,` type($key) `,` type($key_cache)
  }];
}

def Tile_AttentionPartialOp : Tile_ComputeOp<"attention_partial", [
    AllTypesMatch<["key_cache", "value_cache"]>]> {
  let summary = "split-KV decode attention of one KV head over one chunk (task kind ATTN_PARTIAL)";
  let description = [{
    For the query heads of KV head `kv_head` and cache positions
    `[chunk * chunk_size, min((chunk + 1) * chunk_size, position + 1))`,
    writes the unnormalized output, the running max and the sum of
    exponentials to `partial[chunk, head, :]` (fp32, `[chunks, heads,
    head_dim + 2]`); `tile.attention_combine` merges the chunks.

    ```mlir
    tile.attention_partial %q, %kc, %vc to %part kv_head(0) chunk(1)
        {num_heads = 4 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64, chunk_size = 64 : i64, scale = 0.25 : f32}
        : memref<64xbf16>, memref<128x32xbf16>, memref<2x4x18xf32>
    ```
  }];
  let arguments = (ins Arg<Tile_Vector, "", [MemRead]>:$query,
                       Arg<Tile_Matrix, "", [MemRead]>:$key_cache,
                       Arg<Tile_Matrix, "", [MemRead]>:$value_cache,
                       Arg<MemRefRankOf<[F32], [3]>, "", [MemWrite]>:$partial,
                       Tile_I64Attr:$kv_head, Tile_I64Attr:$chunk,
                       Tile_I64Attr:$num_heads, Tile_I64Attr:$num_kv_heads,
                       Tile_I64Attr:$head_dim, Tile_I64Attr:$chunk_size,
                       F32Attr:$scale);
  let assemblyFormat = [{
    $query `,` $key_cache `,` $value_cache `to` $partial `kv_head` `(` $kv_head `)`
    `chunk` `(` $chunk `)` attr-dict `:` type($query) `,` type($key_cache) `,` type($partial)
  }];
  let extraClassDeclaration = [{
    int64_t getHeadsPerGroup() { return getNumHeads() / getNumKvHeads(); }
  }];
}

def Tile_AttentionCombineOp : Tile_ComputeOp<"attention_combine"> {
  let summary = "merges the split-KV partials of a range of heads (task kind ATTN_COMBINE)";
  let description = [{
    ```mlir
    tile.attention_combine %part to %o heads(0, 2) : memref<2x4x18xf32>, memref<64xbf16>
    ```
  }];
  let arguments = (ins Arg<MemRefRankOf<[F32], [3]>, "", [MemRead]>:$partial,
                       Arg<Tile_Vector, "", [MemWrite]>:$out,
                       Tile_I64Attr:$head_begin, Tile_I64Attr:$head_end);
  let assemblyFormat = [{
    $partial `to` $out `heads` `(` $head_begin `,` $head_end `)` attr-dict `:` type($partial) `,` type($out)
  }];
}

def Tile_ElementwiseOp : Tile_ComputeOp<"ewise"> {
  let summary = "an elementwise op over a range of a vector (task kinds ADD, SILU_MUL)";
  let description = [{
    `y[i] = lhs[i] + rhs[i]` or `silu(lhs[i]) * rhs[i]` for `i` in
    `[begin, end)`.

    ```mlir
    tile.ewise add %a, %b to %y range(0, 64) : memref<64xbf16>, memref<64xbf16>, memref<64xbf16>
    ```
  }];
  let arguments = (ins Tile_ElementwiseKindAttr:$kind,
                       Arg<Tile_Vector, "", [MemRead]>:$lhs,
                       Arg<Tile_Vector, "", [MemRead]>:$rhs,
                       Arg<Tile_Vector, "", [MemWrite]>:$y,
                       Tile_I64Attr:$begin, Tile_I64Attr:$end);
  let assemblyFormat = [{
    $kind $lhs `,` $rhs `to` $y `range` `(` $begin `,` $end `)` attr-dict
    `:` type($lhs) `,` type($rhs) `,` type($y)
  }];
}

def Tile_ArgmaxRowOp : Tile_ComputeOp<"argmax_row"> {
  let summary = "index of the largest logit, smallest index on ties (task kind ARGMAX)";
  let description = [{
    ```mlir
    tile.argmax_row %logits to %next : memref<32000xf32>, memref<1xi32>
    ```
  }];
  let arguments = (ins Arg<Tile_Vector, "", [MemRead]>:$logits,
                       Arg<MemRefRankOf<[I32], [1]>, "", [MemWrite]>:$out);
  let assemblyFormat = "$logits `to` $out attr-dict `:` type($logits) `,` type($out)";
}

#endif // TILE_COMPUTE_OPS_TD
