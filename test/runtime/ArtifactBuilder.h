//===- ArtifactBuilder.h - builds tables and manifests for runtime tests ----===//
//
// A test-only writer of the artifact format: buffers are laid out in order
// (64-byte aligned), tasks are grouped per worker in the order they were
// added, sections are padded and checksummed exactly as
// tilec_table_layout_of() and tilec_table_check() expect. Tests corrupt the
// bytes afterwards to exercise the loader.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_TEST_RUNTIME_ARTIFACTBUILDER_H
#define TILEC_TEST_RUNTIME_ARTIFACTBUILDER_H

#include "tilec/runtime.h"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tilec::test {

/// An operand: a buffer of the task's program, from element `element` on.
struct Op {
  std::string buffer;
  uint64_t element = 0;
  Op(const char *b, uint64_t e = 0) : buffer(b), element(e) {}
  Op(std::string b, uint64_t e = 0) : buffer(std::move(b)), element(e) {}
};

struct TaskDef {
  tilec_task_kind kind = TILEC_TASK_NOP;
  std::string name;
  std::array<std::optional<Op>, TILEC_TASK_OPERANDS> ops{};
  std::array<int64_t, TILEC_TASK_IPARAMS> ip{};
  std::array<float, TILEC_TASK_FPARAMS> fp{};
  std::vector<uint32_t> waits, signals; // event indices
};

/// makeTask(TILEC_TASK_ADD, "add", {{0, "a"}, {1, "b"}, {2, "y"}}, {0, 8}).
TaskDef makeTask(tilec_task_kind kind, std::string name,
                 std::initializer_list<std::pair<int, Op>> ops,
                 std::initializer_list<int64_t> ip = {}, std::initializer_list<float> fp = {},
                 std::vector<uint32_t> waits = {}, std::vector<uint32_t> signals = {});

class ArtifactBuilder {
public:
  /// Starts with one program, "gpu0" on device 0.
  explicit ArtifactBuilder(uint32_t workers = 1);

  /// Adds another program; returns its index.
  uint32_t addProgram(const std::string &name, uint32_t workers, uint32_t device);
  /// Adds a buffer at the next 64-byte aligned offset of the program's arena.
  void buffer(const std::string &name, tilec_buffer_kind kind, tilec_dtype dtype,
              std::vector<int64_t> shape, const std::string &source = "", uint32_t program = 0);
  uint32_t event(const std::string &name, uint32_t target = 1, uint32_t program = 0);
  /// Appends a task to the worker's list (worker index within the program).
  void task(uint32_t worker, TaskDef def, uint32_t program = 0);
  /// The target of every program ("host" unless set, e.g. "sm_90a").
  void setTarget(std::string target) { target_ = std::move(target); }

  std::vector<uint8_t> table() const;
  nlohmann::json manifest() const; // records table()'s checksum
  /// Writes dir/manifest.json and dir/schedule.tbl.
  void write(const std::string &dir) const;

  /// Recomputes the checksum field after a test edited the bytes.
  static void refreshChecksum(std::vector<uint8_t> &table);
  static void writeTable(const std::string &dir, const std::vector<uint8_t> &table);
  static void writeManifest(const std::string &dir, const std::string &text);

private:
  struct Buffer {
    std::string name, source;
    tilec_buffer_kind kind;
    tilec_dtype dtype;
    std::vector<int64_t> shape;
    uint64_t offset, bytes;
  };
  struct Program {
    std::string name;
    uint32_t device, workers;
    uint64_t arenaBytes = 0;
    std::vector<Buffer> buffers;
    std::vector<std::vector<TaskDef>> tasks; // per worker
  };
  struct Event {
    std::string name;
    uint32_t program, target;
  };
  const Buffer &find(uint32_t program, const std::string &name) const;

  std::vector<Program> programs_;
  std::vector<Event> events_;
  std::string target_ = "host";
};

size_t dtypeBytes(tilec_dtype dtype);

} // namespace tilec::test

#endif
