//===- ScheduleTable.h - a checked, read-only schedule table ----------------===//
//
// Reads a table file whole, runs tilec_table_check() on it, then the checks
// that need the task kinds (TaskContract) and one the header leaves to the
// reader: no event may be signalled more than `target` times per step, since
// a counter running ahead would let later epochs' waits pass early (a silent
// race, which no watchdog would catch; too few signals are a deadlock, which
// the watchdog reports at run time). Every error is prefixed with the path.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_COMMON_SCHEDULETABLE_H
#define TILEC_RUNTIME_COMMON_SCHEDULETABLE_H

#include "tilec/schedule_table.h"

#include <string>
#include <vector>

namespace tilec::rt {

class ScheduleTable {
public:
  ScheduleTable() = default;
  ScheduleTable(ScheduleTable &&) = default;
  ScheduleTable &operator=(ScheduleTable &&) = default;
  ScheduleTable(const ScheduleTable &) = delete; // views point into storage_

  /// Reads and checks `path`; throws Error naming the path on any problem.
  static ScheduleTable read(const std::string &path);

  const tilec_table_header &header() const { return *header_; }
  /// The whole table as read (header_.total_bytes bytes), e.g. to copy it to a
  /// device.
  const void *data() const { return header_; }
  size_t size() const { return static_cast<size_t>(header_->total_bytes); }
  const tilec_program &program(uint32_t i) const { return programs_[i]; }
  const tilec_worker &worker(uint32_t i) const { return workers_[i]; }
  const tilec_task &task(uint32_t i) const { return tasks_[i]; }
  const tilec_event &event(uint32_t i) const { return events_[i]; }
  uint32_t waitEvent(uint32_t i) const { return waits_[i]; }
  uint32_t signalEvent(uint32_t i) const { return signals_[i]; }
  const char *taskName(uint32_t task) const { return string(tasks_[task].name); }
  const char *eventName(uint32_t event) const { return string(events_[event].name); }
  /// The program's target ("host", "sm_90a").
  std::string target(uint32_t program) const;

  uint32_t numPrograms() const { return header_->num_programs; }
  uint32_t numWorkers() const { return header_->num_workers; }
  uint32_t numTasks() const { return header_->num_tasks; }
  uint32_t numEvents() const { return header_->num_events; }

private:
  const char *string(uint32_t offset) const { return strings_ + offset; }
  void checkTasks(const std::string &path) const;
  void checkSignalCounts(const std::string &path) const;

  std::vector<uint64_t> storage_; // 8-byte aligned, as the section casts need
  const tilec_table_header *header_ = nullptr;
  const tilec_program *programs_ = nullptr;
  const tilec_worker *workers_ = nullptr;
  const tilec_task *tasks_ = nullptr;
  const tilec_event *events_ = nullptr;
  const uint32_t *waits_ = nullptr;
  const uint32_t *signals_ = nullptr;
  const char *strings_ = nullptr;
};

} // namespace tilec::rt

#endif
