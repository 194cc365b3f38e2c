//===- TileTypes.td - tile dialect types -------------------*- tablegen -*-===//
#ifndef TILE_TYPES_TD
#define TILE_TYPES_TD

include "tile/Dialect/Tile/TileDialect.td"
include "mlir/IR/AttrTypeBase.td"

class Tile_Type<string name, string typeMnemonic> : TypeDef<Tile_Dialect, name> {
  let mnemonic = typeMnemonic;
}

def Tile_EventType : Tile_Type<"Event", "event"> {
  let summary = "a monotonic event counter in global memory";
  let description = [{
    A 32-bit counter that producers increment (`tile.signal`, `tile.send`) and
    consumers compare against `target * epoch` (`tile.wait`). It is never
    reset, so repeated decode steps need no clearing. Lowered
    (`convert-tile-to-nvvm`), an event is `!llvm.struct<(ptr<1>, i32)>`: the
    counter's address and the count that completes the current step.
  }];
}

def Tile_TokenType : Tile_Type<"Token", "token"> {
  let summary = "completion of one asynchronous copy";
  let description = [{
    Produced by `tile.copy_async`, consumed by `tile.await`. Orders the reads of
    the copy's shared-memory destination after the copy has landed. Lowered,
    `!llvm.struct<(ptr<3>, i32)>`: the mbarrier and the phase parity the copy
    completes.
  }];
}

def Tile_BarrierType : Tile_Type<"Barrier", "barrier"> {
  let summary = "a shared-memory mbarrier";
  let description = [{
    A 64-bit `mbarrier` object in shared memory; bulk async copies complete on
    it with transaction counts (`mbarrier::complete_tx::bytes`). Lowered,
    `!llvm.ptr<3>`.
  }];
}

#endif // TILE_TYPES_TD
