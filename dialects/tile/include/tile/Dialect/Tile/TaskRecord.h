//===- TaskRecord.h - a compute op's schedule-table record ------*- C++ -*-===//
//
// What TaskComputeOpInterface::encodeTask writes: one tilec_task of the
// schedule table (runtime/include/tilec/schedule_table.h), its slots set by
// the names task_kinds.h gives them (generated from TileTaskKinds.td), so an
// op's encoding sits next to its verifier and cannot drift from the layout
// the runtime and the kernel read.
//
//===----------------------------------------------------------------------===//
#ifndef TILE_DIALECT_TILE_TASKRECORD_H
#define TILE_DIALECT_TILE_TASKRECORD_H

#include "mlir/IR/Types.h"
#include "mlir/IR/Value.h"
#include "tilec/schedule_table.h"

namespace mlir::tile {

/// The tilec_dtype of an element type (TILEC_DTYPE_NONE if it has none).
tilec_dtype dtypeCode(Type type);

class TaskRecordWriter {
public:
  /// Starts `record` empty: kind NOP, no operands, zero parameters (the
  /// caller fills the header fields: program, worker, waits, ...).
  explicit TaskRecordWriter(tilec_task &record);

  void setKind(tilec_task_kind kind) { record.kind = kind; }
  /// Operand `slot` is `buffer` (a tile.buffer result): its arena offset,
  /// dtype, and TILEC_OPERAND_CONSTANT for a weight. A null value leaves
  /// the slot absent (an optional operand).
  void setOperand(unsigned slot, Value buffer);
  /// Operand `slot` is `buffer` of the program with index `program` in its
  /// module (TILEC_OPERAND_PEER): a send's destination.
  void setPeerOperand(unsigned slot, Value buffer, uint32_t program);
  void setInt(unsigned slot, int64_t value) { record.ip[slot] = value; }
  void setFloat(unsigned slot, double value) { record.fp[slot] = static_cast<float>(value); }

  /// Dimension `i` of a memref value's type.
  static int64_t dim(Value buffer, unsigned i);

private:
  tilec_task &record;
};

} // namespace mlir::tile

#endif // TILE_DIALECT_TILE_TASKRECORD_H
