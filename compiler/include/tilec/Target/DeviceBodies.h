//===- DeviceBodies.h - which specialized body each task runs ---*- C++ -*-===//
//
// The persistent kernel of an artifact is built for its schedule table. Tasks
// of one kind whose shape parameters agree (dtypes, which operands exist,
// sizes, epsilons; not which rows, heads or chunk a tile covers) share one
// device body: a copy of the device library's body for that kind in which
// every table slot the tasks agree on is a constant. The table records each
// task's body index (tilec_task.body) and a key over the bodies
// (tilec_table_header.kernel_key) that the kernel's PTX repeats.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_TARGET_DEVICEBODIES_H
#define TILEC_TARGET_DEVICEBODIES_H

#include "tilec/schedule_table.h"

#include "mlir/IR/Operation.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mlir::tile {

/// How the device library runs a tilec_task_kind (its descriptor in
/// task_kinds.h: body, argument, tile and dynamic slots), or nullptr for an
/// unknown kind.
const tilec_task_kind_info *deviceKind(uint32_t kind);

/// One specialized body: what every task running it shares.
struct DeviceBody {
  uint32_t kind = TILEC_TASK_NOP;
  uint32_t tasks = 0;  ///< tasks of the table that run it
  tilec_task shape{};  ///< the first task's record: the fixed slots' values
  uint32_t fixedIp = 0; ///< bit j: every task has shape.ip[j] (and the kind
                        ///< lets it be a constant)
  uint32_t fixedFp = 0; ///< bit j: every task has shape.fp[j] (bit-equal)
  // Operands: dtype, presence and flags are always shared (part of the key).

  bool hasOperand(unsigned k) const {
    return shape.op[k].offset != TILEC_NO_OPERAND;
  }
};

/// Groups the tasks of `tasks` (a table's records) into bodies and writes
/// each record's `body`; returns the bodies in order of first use.
std::vector<DeviceBody> assignDeviceBodies(llvm::MutableArrayRef<tilec_task> tasks);

/// The bodies of a table whose `body` fields are written (the kernel
/// builder's view); nullopt with `error` set if a record is inconsistent.
std::optional<std::vector<DeviceBody>>
deviceBodiesOf(llvm::ArrayRef<tilec_task> tasks, std::string &error);

/// FNV-1a over the bodies' kinds, operands and fixed slots.
uint32_t kernelKey(llvm::ArrayRef<DeviceBody> bodies);

/// Specializes the device library in `deviceModule` (a gpu.module) to
/// `bodies`: case i of its `@run_task` switch calls the library body of
/// bodies[i]; each such call, and every library function it reaches that
/// reads the task's record, gets a copy of its own (suffix "_b<i>")
/// in which the reads of slots the body fixes (`@ip`, `@fp`, `@dtype`,
/// `@has`, `@constant_operand`, the kind) are constants. Functions nothing
/// calls any more (the generic bodies, bodies of unused kinds) are erased.
LogicalResult specializeDeviceBodies(Operation *deviceModule,
                                     llvm::ArrayRef<DeviceBody> bodies);

} // namespace mlir::tile

#endif // TILEC_TARGET_DEVICEBODIES_H
