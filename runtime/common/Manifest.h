//===- Manifest.h - manifest.json: programs and their buffers ---------------===//
//
// The manifest names what a table only addresses by offset: every buffer of
// every program (weights with their checkpoint names, inputs, outputs, KV
// caches, scratch). parseManifest() checks the JSON itself; Artifact checks
// it against the table.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_COMMON_MANIFEST_H
#define TILEC_RUNTIME_COMMON_MANIFEST_H

#include "tilec/runtime.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tilec::rt {

constexpr const char *kManifestFormat = "tilec-manifest";
constexpr uint64_t kManifestVersion = 1;

struct BufferDesc {
  std::string name;
  tilec_buffer_kind kind = TILEC_BUFFER_SCRATCH;
  tilec_dtype dtype = TILEC_DTYPE_NONE;
  uint64_t offset = 0, bytes = 0;
  std::vector<int64_t> shape;
  std::string source; // checkpoint tensor name, "" if none
  /// [dim, begin, end, extent]: the buffer holds indices [begin, end) of the
  /// source tensor's dimension dim, of `extent` indices (a tensor-parallel
  /// shard); empty: all of it.
  std::vector<int64_t> slice;
  uint64_t elements() const;
  /// The source tensor's shape: the buffer's, with a slice's dimension whole.
  std::vector<int64_t> wholeShape() const;
  /// Where the buffer's elements lie in the whole source tensor, in
  /// elements: `outer` runs of `run` contiguous elements, run o starting at
  /// o * stride + skip (one run of all of them without a slice).
  struct Runs {
    uint64_t outer, run, stride, skip;
    uint64_t wholeIndex(uint64_t i) const { return (i / run) * stride + skip + i % run; }
  };
  Runs runs() const;
};

struct ProgramDesc {
  std::string name;
  uint32_t device = 0, workers = 0;
  std::string target;
  uint64_t arenaBytes = 0;
  std::vector<BufferDesc> buffers;
};

/// "kernel": the persistent kernel of a CUDA artifact (absent for host
/// targets). The cuda backend checks it against tilec/kernel_abi.h.
struct KernelDesc {
  bool present = false;
  uint32_t abi = 0;                // "abi": the kernel ABI version
  std::string ptx = "kernel.ptx";  // "ptx": PTX file inside the artifact
  std::string name, chip;          // "name": entry point; "chip": PTX target
  uint32_t threads = 0;            // "threads": block size; 0 if absent
};

struct Manifest {
  std::string generator, activationDtype, table;
  uint32_t tableChecksum = 0;
  KernelDesc kernel;
  std::vector<ProgramDesc> programs;
};

/// Parses and checks manifest text; `file` names it in messages.
Manifest parseManifest(const std::string &text, const std::string &file);

/// "weight", "kv_cache", ... ("?" if unknown).
const char *bufferKindName(uint32_t kind);

} // namespace tilec::rt

#endif
