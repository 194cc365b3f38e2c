//===- Safetensors.h - a memory-mapped, validated safetensors file ----------===//
//
// Single-file safetensors: an 8-byte little-endian header length N, N bytes
// of JSON {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?},
// then the data; offsets are relative to the data. open() checks the header
// and every tensor's extent, so a view handed out is always inside the file.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_COMMON_SAFETENSORS_H
#define TILEC_RUNTIME_COMMON_SAFETENSORS_H

#include "tilec/schedule_table.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tilec::rt {

struct TensorView {
  std::string dtypeName; // as the file spells it: "BF16", "F32", ...
  tilec_dtype dtype;     // TILEC_DTYPE_NONE for dtypes tilec does not store
  std::vector<int64_t> shape;
  const unsigned char *data;
  uint64_t bytes;
};

class SafetensorsFile {
public:
  /// Maps and checks the file; throws Error naming the path.
  static SafetensorsFile open(const std::string &path);

  const std::string &path() const { return path_; }
  const TensorView *find(const std::string &name) const;
  size_t size() const { return tensors_.size(); }
  const std::map<std::string, TensorView> &tensors() const { return tensors_; }

private:
  struct Mapping;
  std::string path_;
  std::shared_ptr<Mapping> mapping_;
  std::map<std::string, TensorView> tensors_;
};

} // namespace tilec::rt

#endif
