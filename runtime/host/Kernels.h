//===- Kernels.h - reference bodies of every task kind ----------------------===//
//
// Plain C++ implementations of the task kinds exactly as schedule_table.h
// specifies them: operands are read from storage into fp32, all arithmetic
// and accumulation is fp32 in a fixed sequential order (so results do not
// depend on threads or timing), and results are rounded to the storage dtype
// once, to nearest even. The loader has checked every operand's extent and
// dtype (TaskContract), so kernels index without bounds checks; the only
// run-time checks are on data: token ids and positions.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_HOST_KERNELS_H
#define TILEC_RUNTIME_HOST_KERNELS_H

#include "tilec/schedule_table.h"

#include <string>
#include <vector>

namespace tilec::rt::host {

/// Per-worker temporaries, reused across tasks so kernels do not allocate.
struct KernelScratch {
  std::vector<float> a, b, c, d, e;
};

struct KernelFault {
  tilec_fault_code code = TILEC_FAULT_NONE;
  int64_t value = 0; // the bad token id or position
  std::string what;  // "token id 70000 is outside [0, 32000)"
};

/// Runs one task on the arenas of all programs (indexed by program: its
/// own, and a peer's for a send's destination). A bad token id or position
/// is reported and nothing is written.
KernelFault runKernel(const tilec_task &task, unsigned char *const *arenas,
                      const tilec_control &control, KernelScratch &scratch);

} // namespace tilec::rt::host

#endif
