//===- ScheduleTable.cpp - a checked, read-only schedule table --------------===//
#include "ScheduleTable.h"

#include "Error.h"
#include "TaskContract.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "the schedule table is little-endian and read in place");

namespace tilec::rt {

// A table is a plan, not data: a file this large is not one.
static constexpr uint64_t kMaxTableBytes = uint64_t(1) << 32;

/// The numbers behind tilec_table_check()'s static version and record-size
/// messages, so a skew names both sides.
static std::string skewDetail(const unsigned char *base, size_t size) {
  if (size < sizeof(tilec_table_header))
    return "";
  const auto *h = reinterpret_cast<const tilec_table_header *>(base);
  if (h->magic != TILEC_TABLE_MAGIC)
    return "";
  if (h->version != TILEC_TABLE_VERSION)
    return cat(" (table version ", h->version, ", this runtime reads version ",
               TILEC_TABLE_VERSION, ")");
  if (h->header_bytes != sizeof(tilec_table_header) || h->task_bytes != sizeof(tilec_task))
    return cat(" (header ", h->header_bytes, " and task ", h->task_bytes,
               " bytes; this runtime's are ", sizeof(tilec_table_header), " and ",
               sizeof(tilec_task), ")");
  return "";
}

ScheduleTable ScheduleTable::read(const std::string &path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    fail(TILEC_ERROR_IO, "cannot read ", path, ": it is a directory");
  // A FIFO or device would block the open or never end: regular files only
  // (stat does not block).
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    fail(TILEC_ERROR_IO, "cannot read ", path, ": not a regular file");
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in)
    fail(TILEC_ERROR_IO, "cannot open ", path, ": ", std::strerror(errno));
  std::streamoff size = in.tellg();
  if (size < 0)
    fail(TILEC_ERROR_IO, "cannot read ", path);
  if (static_cast<uint64_t>(size) > kMaxTableBytes)
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": ", size, " bytes is implausibly large for a table");
  ScheduleTable t;
  t.storage_.resize((static_cast<size_t>(size) + 7) / 8);
  in.seekg(0);
  if (!in.read(reinterpret_cast<char *>(t.storage_.data()), size))
    fail(TILEC_ERROR_IO, "cannot read ", path, ": ", std::strerror(errno));

  const unsigned char *base = reinterpret_cast<const unsigned char *>(t.storage_.data());
  if (const char *why = tilec_table_check(base, static_cast<size_t>(size)))
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": ", why, skewDetail(base, static_cast<size_t>(size)));

  t.header_ = reinterpret_cast<const tilec_table_header *>(base);
  tilec_table_layout l = tilec_table_layout_of(t.header_);
  t.programs_ = reinterpret_cast<const tilec_program *>(base + l.programs);
  t.workers_ = reinterpret_cast<const tilec_worker *>(base + l.workers);
  t.tasks_ = reinterpret_cast<const tilec_task *>(base + l.tasks);
  t.events_ = reinterpret_cast<const tilec_event *>(base + l.events);
  t.waits_ = reinterpret_cast<const uint32_t *>(base + l.waits);
  t.signals_ = reinterpret_cast<const uint32_t *>(base + l.signals);
  t.strings_ = reinterpret_cast<const char *>(base + l.strings);
  t.checkTasks(path);
  t.checkSignalCounts(path);
  return t;
}

std::string ScheduleTable::target(uint32_t program) const {
  const char *s = programs_[program].target;
  return std::string(s, strnlen(s, sizeof programs_[program].target));
}

void ScheduleTable::checkTasks(const std::string &path) const {
  for (uint32_t i = 0; i < numTasks(); ++i) {
    const tilec_task &t = tasks_[i];
    std::string why = checkTaskContract(t, programs_);
    if (!why.empty())
      fail(TILEC_ERROR_BAD_ARTIFACT, path, ": task '", taskName(i), "' (#", i, ", ",
           taskKindName(t.kind), "): ", why);
  }
}

void ScheduleTable::checkSignalCounts(const std::string &path) const {
  std::vector<uint64_t> perStep(numEvents(), 0);
  for (uint32_t i = 0; i < numTasks(); ++i)
    for (uint32_t s = 0; s < tasks_[i].num_signals; ++s)
      ++perStep[signals_[tasks_[i].first_signal + s]];
  for (uint32_t e = 0; e < numEvents(); ++e)
    if (perStep[e] > events_[e].target)
      fail(TILEC_ERROR_BAD_ARTIFACT, path, ": event '", eventName(e), "' (#", e, ") is signalled ",
           perStep[e], " times per step but its target is ", events_[e].target,
           ": its counter would run ahead of later steps' waits");
}

} // namespace tilec::rt
