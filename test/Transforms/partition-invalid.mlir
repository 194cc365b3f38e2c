// RUN: tile-opt %s -split-input-file --tile-partition -verify-diagnostics
// RUN: echo 'module {}' | not tile-opt --tile-partition=workers=0 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: echo 'module {}' | not tile-opt --tile-partition=max-task-bytes=0 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: echo 'module {}' | not tile-opt --tile-partition=kv-chunk=-8 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: echo 'module {}' | not tile-opt --tile-partition=workers=1025 2>&1 | FileCheck %s --check-prefix=OPTION

// OPTION: error: tile-partition: workers must be in [1, 1024], max-task-bytes and kv-chunk positive
// OPTION-NOT: see current operation

// Every case holds at least one tile op: tile-partition creates tile ops but
// does not declare the tile dialect as dependent, so on a module that never
// loads it (no tile op, no tile.* attribute) it crashes instead of reporting.

//===----------------------------------------------------------------------===//
// Arguments
//===----------------------------------------------------------------------===//

// expected-error @+1 {{argument #1 has no role: mark it with tile.weight, tile.kv_cache or tile.input}}
func.func @no_role(%x: tensor<1x64xbf16> {tile.input = "x"}, %w: tensor<64x64xbf16>) -> tensor<1x64xbf16> {
  %y = tile.linear %x, %w : tensor<1x64xbf16>, tensor<64x64xbf16> -> tensor<1x64xbf16>
  return %y : tensor<1x64xbf16>
}

// -----

// expected-error @+1 {{argument #0 must be a tensor}}
func.func @not_a_tensor(%x: memref<64xbf16> {tile.input = "x"}) {
  %p = tile.position : tensor<1xi32>
  return
}

// -----

// The cache is read by the attention directly as well as appended to.
// expected-error @+1 {{KV cache argument #1 must be used only by its tile.kv_append, which updates it in place}}
func.func @kv_cache_used_twice(%k: tensor<1x32xbf16> {tile.input = "k"},
                               %kc: tensor<16x32xbf16> {tile.kv_cache = "k_cache"},
                               %q: tensor<1x32xbf16> {tile.input = "q"}) -> tensor<1x32xbf16> {
  %pos = tile.position : tensor<1xi32>
  %kc1 = tile.kv_append %kc, %k, %pos : tensor<16x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<16x32xbf16>
  %o = tile.attention %q, %kc1, %kc, %pos {num_heads = 2 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64}
      : tensor<1x32xbf16>, tensor<16x32xbf16>, tensor<16x32xbf16>, tensor<1xi32> -> tensor<1x32xbf16>
  return %o : tensor<1x32xbf16>
}

// -----

// A cache that is never appended to.
// expected-error @+1 {{KV cache argument #0 must be used only by its tile.kv_append, which updates it in place}}
func.func @kv_cache_not_appended(%kc: tensor<16x32xbf16> {tile.kv_cache = "k_cache"},
                                 %q: tensor<1x32xbf16> {tile.input = "q"}) -> tensor<1x32xbf16> {
  %pos = tile.position : tensor<1xi32>
  %o = tile.attention %q, %kc, %kc, %pos {num_heads = 2 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64}
      : tensor<1x32xbf16>, tensor<16x32xbf16>, tensor<16x32xbf16>, tensor<1xi32> -> tensor<1x32xbf16>
  return %o : tensor<1x32xbf16>
}

// -----

// expected-error @+1 {{tile-partition compiles decode steps: one token per step, got 4 tokens}}
func.func @input_tokens(%x: tensor<4x64xbf16> {tile.input = "x"}) -> tensor<4x64xbf16> {
  %y = tile.add %x, %x : tensor<4x64xbf16>
  return %y : tensor<4x64xbf16>
}

// -----

func.func @result_tokens(%ids: tensor<2xi32> {tile.input = "ids"},
                         %emb: tensor<128x64xbf16> {tile.weight = "emb"}) -> tensor<2x64xbf16> {
  // expected-error @+1 {{tile-partition compiles decode steps: one token per step, got 2 tokens}}
  %h = tile.embed %emb[%ids] : tensor<128x64xbf16>, tensor<2xi32> -> tensor<2x64xbf16>
  return %h : tensor<2x64xbf16>
}

// -----

//===----------------------------------------------------------------------===//
// Results
//===----------------------------------------------------------------------===//

// expected-error @+1 {{result #0 must be computed by an op that writes an output buffer, and returned once (arguments, KV cache updates and positions cannot be results)}}
func.func @argument_returned(%x: tensor<1x64xbf16> {tile.input = "x"}) -> tensor<1x64xbf16> {
  %p = tile.position : tensor<1xi32>
  return %x : tensor<1x64xbf16>
}

// -----

// expected-error @+1 {{result #1 must be computed by an op that writes an output buffer, and returned once (arguments, KV cache updates and positions cannot be results)}}
func.func @returned_twice(%x: tensor<1x64xbf16> {tile.input = "x"}) -> (tensor<1x64xbf16>, tensor<1x64xbf16>) {
  %y = tile.add %x, %x : tensor<1x64xbf16>
  return %y, %y : tensor<1x64xbf16>, tensor<1x64xbf16>
}

// -----

//===----------------------------------------------------------------------===//
// Positions and KV caches
//===----------------------------------------------------------------------===//

func.func @rope_positions_argument(%q: tensor<1x64xbf16> {tile.input = "q"},
                                   %pos: tensor<1xi32> {tile.input = "pos"}) -> tensor<1x64xbf16> {
  // expected-error @+1 {{tile-partition needs positions from tile.position (the run-time position of the control block)}}
  %r = tile.rope %q, %pos {head_dim = 16 : i64, theta = 1.0e+04 : f32} : tensor<1x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  return %r : tensor<1x64xbf16>
}

// -----

// Token ids are not positions either.
func.func @kv_append_positions(%ids: tensor<1xi32> {tile.input = "ids"},
                               %k: tensor<1x32xbf16> {tile.input = "k"},
                               %kc: tensor<16x32xbf16> {tile.kv_cache = "k_cache"}) {
  // expected-error @+1 {{tile-partition needs positions from tile.position (the run-time position of the control block)}}
  %kc1 = tile.kv_append %kc, %k, %ids : tensor<16x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<16x32xbf16>
  return
}

// -----

func.func @attention_positions(%q: tensor<1x32xbf16> {tile.input = "q"},
                               %k: tensor<1x32xbf16> {tile.input = "k"},
                               %kc: tensor<16x32xbf16> {tile.kv_cache = "k_cache"},
                               %pos: tensor<1xi32> {tile.input = "pos"}) -> tensor<1x32xbf16> {
  %p = tile.position : tensor<1xi32>
  %kc1 = tile.kv_append %kc, %k, %p : tensor<16x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<16x32xbf16>
  // expected-error @+1 {{tile-partition needs positions from tile.position (the run-time position of the control block)}}
  %o = tile.attention %q, %kc1, %kc1, %pos {num_heads = 2 : i64, num_kv_heads = 2 : i64, head_dim = 16 : i64}
      : tensor<1x32xbf16>, tensor<16x32xbf16>, tensor<16x32xbf16>, tensor<1xi32> -> tensor<1x32xbf16>
  return %o : tensor<1x32xbf16>
}

// -----

// A weight is not a KV cache: kv_append cannot update it in place.
func.func @kv_append_on_weight(%k: tensor<1x32xbf16> {tile.input = "k"},
                               %w: tensor<16x32xbf16> {tile.weight = "w"}) {
  %pos = tile.position : tensor<1xi32>
  // expected-error @+1 {{tile.kv_append must update a function argument marked tile.kv_cache}}
  %w1 = tile.kv_append %w, %k, %pos : tensor<16x32xbf16>, tensor<1x32xbf16>, tensor<1xi32> -> tensor<16x32xbf16>
  return
}

// -----

//===----------------------------------------------------------------------===//
// Ops tile-partition does not handle
//===----------------------------------------------------------------------===//

// A collective with a device no function compiles for.
func.func @all_reduce(%x: tensor<1x64xbf16> {tile.input = "x"}) -> tensor<1x64xbf16> {
  // expected-error @+1 {{all_reduce names device 1, which no function of the module (tile.device) compiles for}}
  %s = tile.all_reduce sum %x devices [0, 1] : tensor<1x64xbf16>
  return %s : tensor<1x64xbf16>
}

// -----

func.func @not_member(%x: tensor<1x64xbf16> {tile.input = "x"}) -> tensor<1x64xbf16> attributes {tile.device = 2 : i64} {
  // expected-error @+1 {{device 2 is not in the all_reduce's devices}}
  %s = tile.all_reduce sum %x devices [0, 1] : tensor<1x64xbf16>
  return %s : tensor<1x64xbf16>
}

// -----

func.func @max(%x: tensor<1x64xbf16> {tile.input = "x"}) -> tensor<1x64xbf16> attributes {tile.device = 0 : i64} {
  // expected-error @+1 {{tile-partition lowers all_reduce sum only, got max}}
  %s = tile.all_reduce max %x devices [0, 1] : tensor<1x64xbf16>
  return %s : tensor<1x64xbf16>
}

// -----

func.func @unsupported(%x: tensor<1x64xf32> {tile.input = "x"}) -> tensor<1x64xf32> {
  // expected-error @+1 {{tile-partition cannot partition 'arith.addf'}}
  %y = arith.addf %x, %x : tensor<1x64xf32>
  return %y : tensor<1x64xf32>
}

// -----

// A declaration has no body to partition.
// expected-error @+1 {{tile-partition needs a single-block function}}
func.func private @declaration(tensor<1x64xbf16>) -> tensor<1x64xbf16> attributes {tile.unused}

// -----

func.func @ids_from_position(%emb: tensor<128x64xbf16> {tile.weight = "emb"}) -> tensor<1x64xbf16> {
  %pos = tile.position : tensor<1xi32>
  // expected-error @+1 {{tile-partition: operand #1 comes from tile.position, which only feeds the positions operand of tile.rope, tile.kv_append and tile.attention}}
  %h = tile.embed %emb[%pos] : tensor<128x64xbf16>, tensor<1xi32> -> tensor<1x64xbf16>
  return %h : tensor<1x64xbf16>
}

// -----

// expected-error @+1 {{KV cache argument #0 must be used only by its tile.kv_append, which updates it in place}}
func.func @cache_as_update(%k: tensor<1x32xf32> {tile.kv_cache = "k"}, %c: tensor<16x32xf32> {tile.kv_cache = "c"}) -> tensor<1x32xf32> {
  %pos = tile.position : tensor<1xi32>
  %c1 = tile.kv_append %c, %k, %pos : tensor<16x32xf32>, tensor<1x32xf32>, tensor<1xi32> -> tensor<16x32xf32>
  %y = tile.add %k, %k : tensor<1x32xf32>
  return %y : tensor<1x32xf32>
}

// -----

// expected-error @+1 {{result #0 must be computed by an op that writes an output buffer, and returned once (arguments, KV cache updates and positions cannot be results)}}
func.func @cache_update_returned(%k: tensor<1x32xf32> {tile.input = "k"}, %c: tensor<16x32xf32> {tile.kv_cache = "c"}) -> tensor<16x32xf32> {
  %pos = tile.position : tensor<1xi32>
  %c1 = tile.kv_append %c, %k, %pos : tensor<16x32xf32>, tensor<1x32xf32>, tensor<1xi32> -> tensor<16x32xf32>
  return %c1 : tensor<16x32xf32>
}

// -----

// expected-error @+1 {{tile-partition compiles one function per device: with 2 functions, each needs a tile.device = <id>}}
func.func @one(%x: tensor<1x8xf32> {tile.input = "x"}) -> tensor<1x8xf32> {
  %y = tile.add %x, %x : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
func.func @two(%x: tensor<1x8xf32> {tile.input = "x"}) -> tensor<1x8xf32> {
  %y = tile.add %x, %x : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}


// -----

func.func @feeds_unknown(%x: tensor<1x8xf32> {tile.input = "x"}) -> (tensor<1x8xf32> {tile.feeds = "missing"}) {
  // expected-error @+1 {{a result with tile.feeds = "missing" must feed a tile.input of its own type 'memref<8xf32>'}}
  %y = tile.add %x, %x : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// -----

func.func @first(%x: tensor<1x8xf32> {tile.input = "x"}) -> tensor<1x8xf32> attributes {tile.device = 1 : i64} {
  %y = tile.add %x, %x : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
// expected-error @+1 {{device 1 is negative or has two functions}}
func.func @second(%x: tensor<1x8xf32> {tile.input = "x"}) -> tensor<1x8xf32> attributes {tile.device = 1 : i64} {
  %y = tile.add %x, %x : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}
