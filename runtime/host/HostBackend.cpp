//===- HostBackend.cpp - arenas and counters in process memory --------------===//
#include "HostBackend.h"

#include "HostRun.h"

#include "../common/Error.h"

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace tilec::rt::host {
namespace {

constexpr uint64_t kArenaAlignment = 64; // a cache line, and any vector load

class HostBackend final : public Backend {
public:
  HostBackend(const Artifact &artifact, const tilec_options &options,
              std::chrono::steady_clock::time_point origin)
      : artifact_(artifact), options_(options), origin_(origin) {
    const ScheduleTable &table = artifact.table;
    for (uint32_t p = 0; p < table.numPrograms(); ++p) {
      uint64_t bytes = table.program(p).arena_bytes;
      programNames_.push_back(artifact.manifest.programs[p].name);
      // calloc: large blocks come zeroed from the OS without touching them.
      void *raw = bytes > SIZE_MAX - kArenaAlignment
                      ? nullptr
                      : std::calloc(1, static_cast<size_t>(bytes + kArenaAlignment));
      if (!raw)
        fail(TILEC_ERROR_INTERNAL, "cannot allocate the ", bytes, "-byte arena of program '",
             programNames_.back(), "'");
      raw_.emplace_back(raw, &std::free);
      uintptr_t aligned = (reinterpret_cast<uintptr_t>(raw) + kArenaAlignment - 1) &
                          ~uintptr_t(kArenaAlignment - 1);
      arenas_.push_back(reinterpret_cast<unsigned char *>(aligned));
    }
    counters_.reset(new std::atomic<uint32_t>[table.numEvents()]);
    for (uint32_t e = 0; e < table.numEvents(); ++e)
      counters_[e].store(0);
  }

  void write(uint32_t program, uint64_t offset, const void *data, size_t bytes) override {
    std::memcpy(arenas_[program] + offset, data, bytes);
  }
  void read(uint32_t program, uint64_t offset, void *data, size_t bytes) const override {
    std::memcpy(data, arenas_[program] + offset, bytes);
  }
  RunResult run(const RunRequest &request, std::vector<TraceEvent> *trace) override {
    HostRunContext context{artifact_.table, programNames_, arenas_,
                           counters_.get(), options_,      origin_};
    return runOnHost(context, request, trace);
  }
  void readCounters(uint32_t *out) const override {
    for (uint32_t e = 0; e < artifact_.table.numEvents(); ++e)
      out[e] = counters_[e].load();
  }
  void writeCounters(const uint32_t *in) override {
    for (uint32_t e = 0; e < artifact_.table.numEvents(); ++e)
      counters_[e].store(in[e]);
  }

private:
  const Artifact &artifact_;
  tilec_options options_;
  std::chrono::steady_clock::time_point origin_;
  std::vector<std::string> programNames_;
  std::vector<std::unique_ptr<void, void (*)(void *)>> raw_;
  std::vector<unsigned char *> arenas_;
  std::unique_ptr<std::atomic<uint32_t>[]> counters_;
};

} // namespace

std::unique_ptr<Backend> makeHostBackend(const Artifact &artifact, const tilec_options &options,
                                         std::chrono::steady_clock::time_point origin) {
  return std::make_unique<HostBackend>(artifact, options, origin);
}

} // namespace tilec::rt::host
