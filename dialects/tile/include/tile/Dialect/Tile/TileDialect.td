//===- TileDialect.td - the tile dialect -------------------*- tablegen -*-===//
#ifndef TILE_DIALECT_TD
#define TILE_DIALECT_TD

include "mlir/IR/OpBase.td"

def Tile_Dialect : Dialect {
  let name = "tile";
  let cppNamespace = "::mlir::tile";
  let summary = "Tile microtasks, events, async copies and sends for persistent kernels";
  let description = [{
    The `tile` dialect describes one LLM decode step at two levels.

    *Graph level*: whole ops on tensors (`tile.embed`, `tile.rmsnorm`,
    `tile.linear`, `tile.rope`, `tile.kv_append`, `tile.attention`,
    `tile.silu_mul`, `tile.add`, `tile.argmax`, `tile.all_reduce`). Activations
    are 2-D tensors `[tokens, features]`; weights use Hugging Face layouts.

    *Task level*: one `tile.program` per device holds the arena `tile.buffer`s,
    the monotonic `tile.event` counters and the `tile.task`s that a persistent
    kernel runs, one worker (CTA) each. Synchronization is explicit: every
    synchronizing op (`tile.wait`, `tile.signal`, `tile.send`, `tile.await`)
    carries its memory ordering and scope as enum attributes, and each op's
    description names the PTX it lowers to.
  }];
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
}

#endif // TILE_DIALECT_TD
