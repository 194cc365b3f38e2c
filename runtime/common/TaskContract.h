//===- TaskContract.h - what each task kind reads and writes ----------------===//
//
// tilec_table_check() proves every operand *starts* inside its arena; the
// kernels also need every operand to *end* inside it, and parameters that
// make sense (r0 <= r1 <= N, Hq a multiple of Hkv, ...). This file derives,
// from a task's kind and integer parameters, the dtype class and element
// count of every operand slot, so the loader can reject a bad task with a
// precise message and the kernels can index without bounds checks.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_COMMON_TASKCONTRACT_H
#define TILEC_RUNTIME_COMMON_TASKCONTRACT_H

#include "tilec/schedule_table.h"

#include <functional>
#include <string>
#include <string_view>

namespace tilec::rt {

/// "nop", "embed", "rmsnorm", "matvec", ... ("?" if unknown).
const char *taskKindName(uint32_t kind);

/// Checks the task's parameters and its operands' dtypes, alignment and
/// extents against the arena each lies in (`programs`, indexed by program:
/// the task's own, or a peer's for a peer operand, whose index
/// tilec_table_check has bounded). Returns "" if the task is sound, else the
/// reason, e.g. "operand 0 (W): needs 4096 bytes at offset 256, past the
/// arena's 2048". Unused slots are ignored.
std::string checkTaskContract(const tilec_task &task, const tilec_program *programs);

/// Where an operand at `offset` may end: the end of the buffer there, named
/// in the message only if the operand does not fit.
struct OperandLimit {
  uint64_t end;
  std::string_view buffer;
};
/// Checks the task's operand extents against the buffers they start at
/// (limitAt(offset) for each operand): "" if every operand fits.
std::string checkOperandExtents(
    const tilec_task &task,
    const std::function<OperandLimit(int operand, uint64_t offset)> &limitAt);

} // namespace tilec::rt

#endif
