//===- Trace.cpp - Chrome/Perfetto trace of executed tasks ------------------===//
#include "Trace.h"

#include "Error.h"
#include "TaskContract.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace tilec::rt {

void writeTrace(const tilec_model &m, const std::string &path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    fail(TILEC_ERROR_IO, "cannot write ", path, ": ", std::strerror(errno));
  using nlohmann::json;
  const ScheduleTable &table = m.artifact.table;
  bool first = true;
  auto emit = [&](const json &event) {
    // Names come from the table: replace invalid UTF-8 rather than throw.
    out << (first ? "\n" : ",\n") << event.dump(-1, ' ', false, json::error_handler_t::replace);
    first = false;
  };
  out << "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[";
  for (uint32_t p = 0; p < table.numPrograms(); ++p) {
    const ProgramDesc &prog = m.artifact.manifest.programs[p];
    emit({{"name", "process_name"},
          {"ph", "M"},
          {"pid", p},
          {"tid", 0},
          {"args", {{"name", cat(prog.name, " (device ", prog.device, ", ", prog.target, ")")}}}});
    for (uint32_t w = 0; w < table.program(p).num_workers; ++w)
      emit({{"name", "thread_name"},
            {"ph", "M"},
            {"pid", p},
            {"tid", w},
            {"args", {{"name", cat("worker ", w)}}}});
  }
  for (const TraceEvent &e : m.trace) {
    json args = {{"epoch", e.epoch}, {"task", e.task}};
    if (e.waitUs >= 0)
      args["wait_us"] = e.waitUs; // the cuda kernel stamps when the waits were met
    emit({{"name", table.taskName(e.task)},
          {"cat", taskKindName(table.task(e.task).kind)},
          {"ph", "X"},
          {"ts", e.startUs},
          {"dur", e.durationUs},
          {"pid", e.program},
          {"tid", e.worker},
          {"args", args}});
  }
  out << "\n]}\n";
  out.flush();
  if (!out)
    fail(TILEC_ERROR_IO, "cannot write ", path, ": ", std::strerror(errno));
}

} // namespace tilec::rt
