//===- FaultMessage.cpp - how every backend names a run-time fault ----------===//
#include "FaultMessage.h"

#include "Error.h"
#include "TaskContract.h"

namespace tilec::rt {

std::string workerLabel(const std::vector<std::string> &programNames, uint32_t program,
                        uint32_t workerInProgram) {
  return cat(programNames[program], "/", workerInProgram);
}

std::string taskLabel(const ScheduleTable &table, uint32_t task) {
  return cat("'", table.taskName(task), "' (#", task, ", ", taskKindName(table.task(task).kind),
             ")");
}

std::string eventLabel(const ScheduleTable &table, uint32_t event) {
  return cat("'", table.eventName(event), "' (#", event, ")");
}

std::string watchdogMessage(const ScheduleTable &table,
                            const std::vector<std::string> &programNames, const tilec_fault &fault,
                            const std::string &bound) {
  uint32_t target = table.event(fault.event).target;
  return cat("watchdog: worker ", workerLabel(programNames, fault.program, fault.worker),
             " waited more than ", bound, " in task ", taskLabel(table, fault.task), " for event ",
             eventLabel(table, fault.event), ": counter ", fault.value, ", expected ",
             uint64_t(target) * fault.epoch, " (target ", target, " x epoch ", fault.epoch,
             "); the schedule cannot make progress");
}

std::string tokenIdReason(int64_t id, uint64_t vocab) {
  return cat("token id ", id, " is outside [0, ", vocab, ")");
}

std::string positionReason(int64_t position, uint64_t capacity) {
  return cat("position ", position, " is outside the KV cache [0, ", capacity, ")");
}

std::string badIndexReason(const tilec_task &task, int64_t value) {
  // What the index is and which slot bounds it: the kind's descriptor.
  const tilec_task_kind_info *info =
      task.kind < TILEC_TASK_KIND_COUNT ? &tilec_task_kinds[task.kind] : nullptr;
  if (info && info->bad_index_bound >= 0) {
    auto bound = static_cast<uint64_t>(task.ip[info->bad_index_bound]);
    if (info->bad_index == TILEC_BAD_INDEX_TOKEN_ID)
      return tokenIdReason(value, bound);
    if (info->bad_index == TILEC_BAD_INDEX_POSITION)
      return positionReason(value, bound);
  }
  return cat("index ", value, " is out of range");
}

std::string taskFaultMessage(const ScheduleTable &table,
                             const std::vector<std::string> &programNames, const tilec_fault &fault,
                             int32_t position, const std::string &reason) {
  return cat("task ", taskLabel(table, fault.task), " on worker ",
             workerLabel(programNames, fault.program, fault.worker), " in epoch ", fault.epoch,
             " (position ", position, "): ", reason);
}

} // namespace tilec::rt
