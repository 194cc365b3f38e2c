//===- TileInterfaces.td - tile op interfaces --------------*- tablegen -*-===//
#ifndef TILE_INTERFACES_TD
#define TILE_INTERFACES_TD

include "mlir/IR/OpBase.td"

def Tile_TaskComputeOpInterface : OpInterface<"TaskComputeOpInterface"> {
  let cppNamespace = "::mlir::tile";
  let description = [{
    The work of one task: a tile compute op reading and writing byte ranges
    of arena buffers. Memory planning, scheduling and the race check of the
    schedule verifier see tasks only through these accesses; the schedule
    table writer encodes each op as one task record through `encodeTask`,
    whose kinds and slots TileTaskKinds.td defines.
  }];
  let methods = [
    InterfaceMethod<[{
        Appends the byte ranges (relative to each buffer's start) that the op
        reads and writes. A range the op touches only in part at run time
        (e.g. a KV-cache row at the current position) is given whole.
      }], "void", "getAccesses",
      (ins "::llvm::SmallVectorImpl<::mlir::tile::BufferAccess> &":$accesses)>,
    InterfaceMethod<[{
        Writes the op's schedule-table record: its task kind, operands and
        parameters, by the slot names of task_kinds.h (buffers are planned:
        every operand has its arena offset).
      }], "void", "encodeTask",
      (ins "::mlir::tile::TaskRecordWriter &":$record)>,
  ];
}

#endif // TILE_INTERFACES_TD
