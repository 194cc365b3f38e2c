//===- Artifact.h - a loaded, cross-checked artifact directory --------------===//
//
// An artifact is manifest.json plus the table it names. Each is checked on its
// own (Manifest, ScheduleTable) and then against the other: the checksum the
// manifest recorded, and every program's device, workers, arena and target.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_COMMON_ARTIFACT_H
#define TILEC_RUNTIME_COMMON_ARTIFACT_H

#include "Manifest.h"
#include "ScheduleTable.h"

#include <map>
#include <string>
#include <vector>

namespace tilec::rt {

/// One buffer of one program, flattened over programs for the C ABI.
struct BufferRef {
  uint32_t program;
  const BufferDesc *desc;
  std::string address; // "name" with one program, else "program/name"
};

struct Artifact {
  Artifact() = default;
  Artifact(Artifact &&) = default;
  Artifact &operator=(Artifact &&) = default;
  Artifact(const Artifact &) = delete; // buffers point into manifest

  std::string dir;
  Manifest manifest;
  ScheduleTable table;
  std::vector<BufferRef> buffers;

  /// Index into `buffers` of "name" (one program) or "program/name"; -1 if none.
  long findBuffer(const std::string &address) const;

private:
  friend Artifact loadArtifact(const std::string &dir);
  std::map<std::string, size_t> byAddress_;
};

/// Reads and checks dir/manifest.json and its table; throws Error.
Artifact loadArtifact(const std::string &dir);

} // namespace tilec::rt

#endif
