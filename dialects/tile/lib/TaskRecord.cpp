//===- TaskRecord.cpp - a compute op's schedule-table record
//---------------===//
#include "tile/Dialect/Tile/TaskRecord.h"

#include "tile/Dialect/Tile/TileOps.h"

#include "mlir/IR/BuiltinTypes.h"

using namespace mlir;
using namespace mlir::tile;

tilec_dtype mlir::tile::dtypeCode(Type type) {
  if (type.isF32())
    return TILEC_DTYPE_F32;
  if (type.isBF16())
    return TILEC_DTYPE_BF16;
  if (type.isF16())
    return TILEC_DTYPE_F16;
  if (type.isInteger(32))
    return TILEC_DTYPE_I32;
  if (type.isInteger(8))
    return TILEC_DTYPE_I8;
  return TILEC_DTYPE_NONE;
}

TaskRecordWriter::TaskRecordWriter(tilec_task &record) : record(record) {
  record.kind = TILEC_TASK_NOP;
  for (tilec_operand &op : record.op)
    op = {TILEC_NO_OPERAND, TILEC_DTYPE_NONE, 0};
  for (int64_t &v : record.ip)
    v = 0;
  for (float &v : record.fp)
    v = 0;
}

void TaskRecordWriter::setOperand(unsigned slot, Value buffer) {
  if (!buffer)
    return;
  auto def = buffer.getDefiningOp<BufferOp>();
  uint32_t flags =
      def.getKind() == BufferKind::weight ? TILEC_OPERAND_CONSTANT : 0;
  record.op[slot] = {
      static_cast<uint64_t>(*def.getOffset()),
      dtypeCode(cast<MemRefType>(buffer.getType()).getElementType()), flags};
}

void TaskRecordWriter::setPeerOperand(unsigned slot, Value buffer,
                                      uint32_t program) {
  setOperand(slot, buffer);
  record.op[slot].flags |=
      TILEC_OPERAND_PEER | (program << TILEC_OPERAND_PROGRAM_SHIFT);
}

int64_t TaskRecordWriter::dim(Value buffer, unsigned i) {
  return cast<MemRefType>(buffer.getType()).getDimSize(i);
}
