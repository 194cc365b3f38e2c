//===- FaultMessage.h - how every backend names a run-time fault ------------===//
//
// A fault (watchdog or bad index) is reported in one line naming the worker
// ("gpu0/1"), the task ('name' (#index, kind)) and the event, with the
// counter seen against target x epoch. The host and CUDA backends both build
// their messages here, so a schedule bug reads the same on either.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_COMMON_FAULTMESSAGE_H
#define TILEC_RUNTIME_COMMON_FAULTMESSAGE_H

#include "ScheduleTable.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tilec::rt {

/// "gpu0/1": program name / worker index within the program.
std::string workerLabel(const std::vector<std::string> &programNames, uint32_t program,
                        uint32_t workerInProgram);
/// "'name' (#3, matvec)".
std::string taskLabel(const ScheduleTable &table, uint32_t task);
/// "'name' (#0)".
std::string eventLabel(const ScheduleTable &table, uint32_t event);

/// "watchdog: worker W waited more than BOUND in task T for event E: counter
/// C, expected X (target N x epoch K); the schedule cannot make progress".
/// `bound` says how the wait was bounded ("10000 ms").
std::string watchdogMessage(const ScheduleTable &table,
                            const std::vector<std::string> &programNames, const tilec_fault &fault,
                            const std::string &bound);

/// Why a bad index faulted: "token id 99 is outside [0, 64)".
std::string tokenIdReason(int64_t id, uint64_t vocab);
std::string positionReason(int64_t position, uint64_t capacity);
/// The reason for a TILEC_FAULT_BAD_INDEX of `task` (by its kind) with the
/// reported value, for backends whose kernels only report the value.
std::string badIndexReason(const tilec_task &task, int64_t value);

/// "task T on worker W in epoch K (position P): REASON".
std::string taskFaultMessage(const ScheduleTable &table,
                             const std::vector<std::string> &programNames, const tilec_fault &fault,
                             int32_t position, const std::string &reason);

} // namespace tilec::rt

#endif
