//===- TileGraphOps.td - graph-level ops on tensors --------*- tablegen -*-===//
//
// Whole model ops on tensors. Activations are 2-D `[tokens, features]`;
// weights use Hugging Face layouts (`linear` weights are `[out, in]`). The
// partition pass turns each of these into task-level tiles.
//
//===----------------------------------------------------------------------===//
#ifndef TILE_GRAPH_OPS_TD
#define TILE_GRAPH_OPS_TD

include "tile/Dialect/Tile/TileDialect.td"
include "tile/Dialect/Tile/TileAttrs.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// Float element types a model computes in.
def Tile_Float : AnyTypeOf<[BF16, F16, F32]>;
// Shapes are static: a decode step is compiled for fixed sizes.
def Tile_FloatTensor : StaticShapeTensorOf<[BF16, F16, F32]>;
def Tile_IdTensor : StaticShapeTensorOf<[I32]>;

// Every tensor of a graph op has positive dimensions and at most 2^40
// elements, so partitioning can divide by sizes and multiply them freely.
def Tile_WellSizedTensors : NativeOpTrait<"WellSizedTensors"> {
  let cppNamespace = "::mlir::OpTrait::tile";
}

class Tile_GraphOp<string mnemonic, list<Trait> traits = []>
    : Op<Tile_Dialect, mnemonic, !listconcat(traits, [Pure, Tile_WellSizedTensors])>;

// An op that exchanges data with other devices: never erased or merged,
// even when this device does not use its result (its peers do), and kept in
// order with the other collectives (the k-th of each device pair up).
class Tile_CollectiveOp<string mnemonic, list<Trait> traits = []>
    : Op<Tile_Dialect, mnemonic,
         !listconcat(traits, [MemoryEffects<[MemRead, MemWrite]>, Tile_WellSizedTensors])>;

def Tile_EmbedOp : Tile_GraphOp<"embed"> {
  let summary = "gathers embedding rows for token ids";
  let description = [{
    `result[t, :] = table[ids[t], :]`, converted to the result's element
    type (the activation dtype). The table is `[vocab, hidden]`.

    ```mlir
    %h = tile.embed %table[%ids] : tensor<32000x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$table, Tile_IdTensor:$ids);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = [{
    $table `[` $ids `]` attr-dict `:` type($table) `,` type($ids) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tile_RMSNormOp : Tile_GraphOp<"rmsnorm"> {
  let summary = "root-mean-square normalization over the features or per head";
  let description = [{
    `result = x / sqrt(mean(x^2) + epsilon) * weight`, computed in fp32 over
    each group of `weight`'s size: the whole feature vector for a layer norm,
    one head (`head_dim` elements) for Qwen3's q/k norm.

    ```mlir
    %n = tile.rmsnorm %x, %w {epsilon = 1.0e-05 : f32} : tensor<1x4096xbf16>, tensor<4096xbf16> -> tensor<1x4096xbf16>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$x, Tile_FloatTensor:$weight,
                       DefaultValuedAttr<F32Attr, "1.0e-6">:$epsilon);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = [{
    $x `,` $weight attr-dict `:` type($x) `,` type($weight) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tile_LinearOp : Tile_GraphOp<"linear", [AttrSizedOperandSegments]> {
  let summary = "matrix product with an [out, in] weight, optional bias, fused norm and residual";
  let description = [{
    `result[t, n] = sum_k n(x)[t, k] * weight[n, k] (+ bias[n]) (+ residual[t, n])`,
    accumulated in fp32. The result may be wider than the inputs (e.g. fp32
    logits). The frontend emits plain projections; `tile-fuse` adds
    - `norm(w)` with `norm_epsilon`: `n(x) = rmsnorm(x, w)`, computed in the
      prologue of every tile instead of in a separate task;
    - `residual(r)`: the residual connection, added in the epilogue.

    ```mlir
    %y = tile.linear %x, %w : tensor<1x4096xbf16>, tensor<1024x4096xbf16> -> tensor<1x1024xbf16>
    %q = tile.linear %x, %wq bias %bq : tensor<1x896xbf16>, tensor<896x896xbf16>, tensor<896xbf16> -> tensor<1x896xbf16>
    %o = tile.linear %h, %wo norm(%nw : tensor<64xbf16>) residual(%h : tensor<1x64xbf16>) {norm_epsilon = 1.0e-05 : f32}
        : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$x, Tile_FloatTensor:$weight,
                       Optional<Tile_FloatTensor>:$bias,
                       Optional<Tile_FloatTensor>:$norm_weight,
                       Optional<Tile_FloatTensor>:$residual,
                       OptionalAttr<F32Attr>:$norm_epsilon);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = [{
    $x `,` $weight (`bias` $bias^)?
    (`norm` `(` $norm_weight^ `:` type($norm_weight) `)`)?
    (`residual` `(` $residual^ `:` type($residual) `)`)?
    attr-dict `:` type($x) `,` type($weight) (`,` type($bias)^)? `->` type($result)
  }];
  let hasVerifier = 1;
  let builders = [
    OpBuilder<(ins "::mlir::Type":$result, "::mlir::Value":$x, "::mlir::Value":$weight,
                   CArg<"::mlir::Value", "{}">:$bias), [{
      build($_builder, $_state, result, x, weight, bias, ::mlir::Value(),
            ::mlir::Value(), ::mlir::FloatAttr());
    }]>];
}

def Tile_SwigluLinearOp : Tile_GraphOp<"swiglu_linear", [
    AllTypesMatch<["gate_weight", "up_weight"]>]> {
  let summary = "fused gate/up projections with the SwiGLU activation";
  let description = [{
    `result = silu(n(x) . gate^T) * (n(x) . up^T)`: the two projections of a
    Llama MLP and their `silu_mul`, fused by `tile-fuse` so one tile reads
    matching rows of both weights. `norm` as in `tile.linear`.

    ```mlir
    %a = tile.swiglu_linear %x, %wg, %wu : tensor<1x64xbf16>, tensor<176x64xbf16> -> tensor<1x176xbf16>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$x, Tile_FloatTensor:$gate_weight,
                       Tile_FloatTensor:$up_weight,
                       Optional<Tile_FloatTensor>:$norm_weight,
                       OptionalAttr<F32Attr>:$norm_epsilon);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = [{
    $x `,` $gate_weight `,` $up_weight
    (`norm` `(` $norm_weight^ `:` type($norm_weight) `)`)?
    attr-dict `:` type($x) `,` type($gate_weight) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tile_PositionOp : Tile_GraphOp<"position"> {
  let summary = "the position of the token this step decodes";
  let description = [{
    Reads the run-time position from the control block (`tilec_control`
    `position`); it advances by one per decode step. Consumed by `tile.rope`,
    `tile.kv_append` and `tile.attention`.

    ```mlir
    %pos = tile.position : tensor<1xi32>
    ```
  }];
  let results = (outs Tile_IdTensor:$result);
  let assemblyFormat = "attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tile_RopeOp : Tile_GraphOp<"rope"> {
  let summary = "rotary position embedding, per head, rotate-half convention";
  let description = [{
    Rotates each `head_dim`-wide head of `x` by angles `position * inv_freq`,
    `inv_freq[i] = theta^(-2i/head_dim)`, in the rotate-half layout used by
    Hugging Face Llama. `scaling` optionally applies Llama 3 frequency scaling.

    ```mlir
    %r = tile.rope %q, %pos {head_dim = 128 : i64, theta = 5.0e+05 : f32}
        : tensor<1x4096xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$x, Tile_IdTensor:$positions,
                       Tile_I64Attr:$head_dim, F32Attr:$theta,
                       OptionalAttr<Tile_Llama3ScalingAttr>:$scaling);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = [{
    $x `,` $positions attr-dict `:` type($x) `,` type($positions) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tile_KVAppendOp : Tile_GraphOp<"kv_append"> {
  let summary = "writes new key or value rows into a KV cache at given positions";
  let description = [{
    Returns the cache with `cache[positions[t], :] = new[t, :]`. The cache is
    `[max_seq_len, kv_heads * head_dim]`; it becomes a persistent buffer.
    With `rope`, each row is first rotated as `tile.rope` would at its
    position (`tile-fuse` folds `kv_append(c, rope(k, p), p)` into this).

    ```mlir
    %k1 = tile.kv_append %k0, %k, %pos : tensor<512x1024xbf16>, tensor<1x1024xbf16>, tensor<1xi32> -> tensor<512x1024xbf16>
    %k2 = tile.kv_append %k0, %k, %pos {rope = #tile.rope<head_dim = 64, theta = 5.0e+05>}
        : tensor<512x1024xbf16>, tensor<1x1024xbf16>, tensor<1xi32> -> tensor<512x1024xbf16>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$cache, Tile_FloatTensor:$update,
                       Tile_IdTensor:$positions,
                       OptionalAttr<Tile_RopeAttr>:$rope);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = [{
    $cache `,` $update `,` $positions attr-dict `:` type($cache) `,` type($update)
    `,` type($positions) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tile_AttentionOp : Tile_GraphOp<"attention"> {
  let summary = "causal scaled-dot-product attention over a KV cache, with GQA";
  let description = [{
    For each query row `t` and head `h`, attends to cache rows
    `0 .. positions[t]` of KV head `h / (num_heads / num_kv_heads)`.
    `scale` defaults to `1/sqrt(head_dim)`. Softmax in fp32.

    ```mlir
    %o = tile.attention %q, %kc, %vc, %pos {num_heads = 32 : i64, num_kv_heads = 8 : i64, head_dim = 128 : i64}
        : tensor<1x4096xbf16>, tensor<512x1024xbf16>, tensor<512x1024xbf16>, tensor<1xi32> -> tensor<1x4096xbf16>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$query, Tile_FloatTensor:$key_cache,
                       Tile_FloatTensor:$value_cache, Tile_IdTensor:$positions,
                       Tile_I64Attr:$num_heads, Tile_I64Attr:$num_kv_heads, Tile_I64Attr:$head_dim,
                       OptionalAttr<F32Attr>:$scale);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = [{
    $query `,` $key_cache `,` $value_cache `,` $positions attr-dict `:` type($query) `,`
    type($key_cache) `,` type($value_cache) `,` type($positions) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Tile_SiluMulOp : Tile_GraphOp<"silu_mul", [SameOperandsAndResultType]> {
  let summary = "SwiGLU gate: silu(gate) * up";
  let description = [{
    ```mlir
    %a = tile.silu_mul %gate, %up : tensor<1x14336xbf16>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$gate, Tile_FloatTensor:$up);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = "$gate `,` $up attr-dict `:` type($result)";
}

def Tile_AddOp : Tile_GraphOp<"add", [SameOperandsAndResultType, Commutative]> {
  let summary = "elementwise sum (residual connections)";
  let description = [{
    ```mlir
    %h2 = tile.add %h, %attn : tensor<1x4096xbf16>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$lhs, Tile_FloatTensor:$rhs);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($result)";
}

def Tile_ArgmaxOp : Tile_GraphOp<"argmax"> {
  let summary = "index of the largest value in each row (greedy decoding)";
  let description = [{
    Ties resolve to the smallest index, as in `torch.argmax`.

    ```mlir
    %next = tile.argmax %logits : tensor<1x32000xf32> -> tensor<1xi32>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$logits);
  let results = (outs Tile_IdTensor:$result);
  let assemblyFormat = "$logits attr-dict `:` type($logits) `->` type($result)";
  let hasVerifier = 1;
}

def Tile_AllReduceOp : Tile_CollectiveOp<"all_reduce", [SameOperandsAndResultType]> {
  let summary = "reduces a tensor across a group of devices";
  let description = [{
    Every device in `devices` contributes its `x` and receives the reduction.
    `tile-partition` lowers `sum` (one function per device, the k-th
    all_reduce of each being one collective) to a `tile.send` of x into a
    buffer of every peer plus a sys-scope signal there, and adds of the
    contributions in the group's order, so every device holds the same bits
    (test/Transforms/partition-all-reduce.mlir).

    ```mlir
    %s = tile.all_reduce sum %x devices [0, 1] : tensor<1x4096xbf16>
    ```
  }];
  let arguments = (ins Tile_ReduceKindAttr:$kind, Tile_FloatTensor:$x,
                       DenseI32ArrayAttr:$devices);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = "$kind $x `devices` $devices attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Tile_AllGatherOp : Tile_CollectiveOp<"all_gather"> {
  let summary = "concatenates a tensor's last dimension across a group of devices";
  let description = [{
    Every device in `devices` contributes its `x` [1, S] and receives all of
    them, concatenated in the group's order: [1, n * S]. `tile-partition`
    (one function per device, the k-th all_gather of each being one
    collective) makes x's buffer a view of its own slice of the result, so
    the op computing x writes it in place, sends x into that slice of every
    peer's result with a sys-scope signal there, and has every task reading
    the result wait for the peers' slices
    (test/Transforms/partition-all-gather.mlir). A vocabulary-split LM head
    gathers its logits this way.

    ```mlir
    %logits = tile.all_gather %part devices [0, 1] : tensor<1x16000xf32> -> tensor<1x32000xf32>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$x, DenseI32ArrayAttr:$devices);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = "$x `devices` $devices attr-dict `:` type($x) `->` type($result)";
  let hasVerifier = 1;
}

def Tile_SendToOp : Tile_CollectiveOp<"send_to"> {
  let summary = "hands a tensor to other devices (one device's side of a transfer)";
  let description = [{
    This device's `x` becomes the result of the matching `tile.recv_from` on
    each device of `devices`: in the function of each of those devices, the
    k-th `tile.recv_from` naming this device receives this function's k-th
    `tile.send_to` naming it. For heterogeneous programs, where devices do
    different work (one device embeds tokens and picks the next one while
    the others run the layers). `tile-partition` lowers the pair to a
    `tile.send` into a buffer of the receiver that only it writes, with a
    sys-scope arrival event the receiver's readers wait on
    (test/Transforms/partition-transfer.mlir).

    ```mlir
    tile.send_to %h devices [1, 2] : tensor<1x2048xbf16>
    ```
  }];
  let arguments = (ins Tile_FloatTensor:$x, DenseI32ArrayAttr:$devices);
  let assemblyFormat = "$x `devices` $devices attr-dict `:` type($x)";
  let hasVerifier = 1;
}

def Tile_RecvFromOp : Tile_CollectiveOp<"recv_from"> {
  let summary = "receives a tensor another device hands over (see tile.send_to)";
  let description = [{
    The k-th `tile.recv_from` of a function naming device `device` receives
    that device's k-th `tile.send_to` naming this function's device; the
    types must agree.

    ```mlir
    %h = tile.recv_from 0 : tensor<1x2048xbf16>
    ```
  }];
  let arguments = (ins I32Attr:$device);
  let results = (outs Tile_FloatTensor:$result);
  let assemblyFormat = "$device attr-dict `:` type($result)";
  let hasVerifier = 1;
}

#endif // TILE_GRAPH_OPS_TD
