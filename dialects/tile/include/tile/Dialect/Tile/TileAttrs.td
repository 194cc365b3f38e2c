//===- TileAttrs.td - tile dialect enums and attributes ----*- tablegen -*-===//
#ifndef TILE_ATTRS_TD
#define TILE_ATTRS_TD

include "tile/Dialect/Tile/TileDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

//===----------------------------------------------------------------------===//
// Enums. Spelled as PTX spells them so a reader maps them one to one. They are
// integer-backed enum attributes, printed as bare keywords: `scope(gpu)`.
//===----------------------------------------------------------------------===//

def Tile_MemoryOrderingAttr : I32EnumAttr<"MemoryOrdering",
    "memory ordering of a synchronizing op (PTX .relaxed/.acquire/.release/.acq_rel)", [
      I32EnumAttrCase<"relaxed", 0>, I32EnumAttrCase<"acquire", 1>,
      I32EnumAttrCase<"release", 2>, I32EnumAttrCase<"acq_rel", 3>]> {
  let cppNamespace = "::mlir::tile";
}

// Ordered from narrowest to widest: verifiers compare scopes numerically.
def Tile_MemoryScopeAttr : I32EnumAttr<"MemoryScope",
    "memory scope of a synchronizing op (PTX .cta/.cluster/.gpu/.sys)", [
      I32EnumAttrCase<"cta", 0>, I32EnumAttrCase<"cluster", 1>,
      I32EnumAttrCase<"gpu", 2>, I32EnumAttrCase<"sys", 3>]> {
  let cppNamespace = "::mlir::tile";
}

def Tile_BufferKindAttr : I32EnumAttr<"BufferKind", "what a buffer holds and how long it lives", [
      I32EnumAttrCase<"weight", 0>, I32EnumAttrCase<"kv_cache", 1>,
      I32EnumAttrCase<"activation", 2>, I32EnumAttrCase<"input", 3>,
      I32EnumAttrCase<"output", 4>, I32EnumAttrCase<"scratch", 5>]> {
  let cppNamespace = "::mlir::tile";
}

def Tile_ReduceKindAttr : I32EnumAttr<"ReduceKind", "reduction of an all-reduce", [
      I32EnumAttrCase<"sum", 0>, I32EnumAttrCase<"max", 1>]> {
  let cppNamespace = "::mlir::tile";
}

def Tile_ElementwiseKindAttr : I32EnumAttr<"ElementwiseKind",
    "elementwise operation of a tile.ewise task", [
      I32EnumAttrCase<"add", 0>, I32EnumAttrCase<"silu_mul", 1>]> {
  let cppNamespace = "::mlir::tile";
}

//===----------------------------------------------------------------------===//
// Attributes
//===----------------------------------------------------------------------===//

// An i64 attribute read back as a *signed* int64_t (upstream I64Attr returns
// uint64_t), so verifiers can reject negative sizes and ids.
def Tile_I64Attr : TypedSignlessIntegerAttrBase<I64, "int64_t",
                                                "64-bit signless integer attribute"> {
  let convertFromStorage = "$_self.getValue().getSExtValue()";
}

// A double-precision float printed in MLIR's round-trippable float syntax.
def Tile_F64Param : APFloatParameter<"a 64-bit float"> {
  let parser = [{ [&]() -> ::mlir::FailureOr<::llvm::APFloat> {
      double value;
      if ($_parser.parseFloat(value))
        return ::mlir::failure();
      return ::llvm::APFloat(value);
    }() }];
  let printer = "$_printer.printFloat($_self)";
}

def Tile_Llama3ScalingAttr : AttrDef<Tile_Dialect, "Llama3Scaling"> {
  let mnemonic = "llama3_scaling";
  let summary = "Llama 3 RoPE frequency scaling (`rope_type = \"llama3\"`)";
  let description = [{
    The frequency-dependent RoPE scaling of Llama 3.1: wavelengths longer than
    `original_max_position / low_freq_factor` are divided by `factor`, those
    shorter than `original_max_position / high_freq_factor` are kept, and the
    band between is interpolated smoothly.

    ```mlir
    #tile.llama3_scaling<factor = 8.0, low_freq_factor = 1.0,
                         high_freq_factor = 4.0, original_max_position = 8192>
    ```
  }];
  let parameters = (ins Tile_F64Param:$factor, Tile_F64Param:$low_freq_factor,
                        Tile_F64Param:$high_freq_factor, "int64_t":$original_max_position);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Tile_RopeAttr : AttrDef<Tile_Dialect, "Rope"> {
  let mnemonic = "rope";
  let summary = "the rotary embedding a KV cache append applies to its row";
  let description = [{
    The rotation of `tile.rope` (rotate-half, per `head_dim`-wide head,
    angles `position * theta^(-2i/head_dim)`, optional Llama 3 `scaling`),
    carried by `tile.kv_append` / `tile.kv_store` so that a key row is
    rotated on its way into the cache, in one task instead of two.

    ```mlir
    #tile.rope<head_dim = 64, theta = 5.0e+05>
    ```
  }];
  let parameters = (ins "int64_t":$head_dim, Tile_F64Param:$theta,
                        OptionalParameter<"Llama3ScalingAttr">:$scaling);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Tile_TargetAttr : AttrDef<Tile_Dialect, "Target"> {
  let mnemonic = "target";
  let summary = "what the compiler may assume of a program's device";
  let description = [{
    The device a `tile.program` runs on, as the passes see it: `sms`
    streaming multiprocessors (the default worker count: one CTA per SM),
    `shared_bytes` of shared memory one CTA may use, `max_registers` per
    thread, and `features`: `"bulk_copy"` (`cp.async.bulk` with mbarrier
    transaction counts: the weight ring), `"l2_prefetch"`
    (`cp.async.bulk.prefetch.L2`). A program's description is
    `TargetAttr::getKnown(its target)` unless it carries one as the
    `tile.target` attribute (same chip). `host` has no SMs, shared memory or
    features.

    ```mlir
    #tile.target<chip = "sm_90a", sms = 132, shared_bytes = 232448,
                 max_registers = 255, features = ["bulk_copy", "l2_prefetch"]>
    ```
  }];
  let parameters = (ins StringRefParameter<"a target: sm_<NN>[a] or host">:$chip,
                        "int64_t":$sms, "int64_t":$shared_bytes,
                        "int64_t":$max_registers, "ArrayAttr":$features);
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The description of a chip: H100 (sm_90, sm_90a), A100 (sm_80),
    /// others by their architecture's limits, `host`.
    static TargetAttr getKnown(::mlir::MLIRContext *context, ::llvm::StringRef chip);
    bool hasFeature(::llvm::StringRef feature);
  }];
}

#endif // TILE_ATTRS_TD
