//===- Safetensors.cpp - a memory-mapped, validated safetensors file --------===//
#include "Safetensors.h"

#include <algorithm>

#include "Error.h"
#include "JsonField.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tilec::rt {

// The safetensors reference implementation refuses larger headers too.
static constexpr uint64_t kMaxHeaderBytes = 100u << 20;

struct SafetensorsFile::Mapping {
  void *base = MAP_FAILED;
  size_t size = 0;
  ~Mapping() {
    if (base != MAP_FAILED)
      munmap(base, size);
  }
};

/// Element sizes of every dtype the format defines, so extents of tensors
/// tilec cannot store are still checked.
static bool elementSize(const std::string &dtype, uint64_t *size, tilec_dtype *ours) {
  static const struct {
    const char *name;
    uint64_t size;
    tilec_dtype ours;
  } table[] = {{"F32", 4, TILEC_DTYPE_F32},     {"BF16", 2, TILEC_DTYPE_BF16},
               {"F16", 2, TILEC_DTYPE_F16},     {"I32", 4, TILEC_DTYPE_I32},
               {"I8", 1, TILEC_DTYPE_I8},       {"F64", 8, TILEC_DTYPE_NONE},
               {"I64", 8, TILEC_DTYPE_NONE},    {"U64", 8, TILEC_DTYPE_NONE},
               {"U32", 4, TILEC_DTYPE_NONE},    {"I16", 2, TILEC_DTYPE_NONE},
               {"U16", 2, TILEC_DTYPE_NONE},    {"U8", 1, TILEC_DTYPE_NONE},
               {"BOOL", 1, TILEC_DTYPE_NONE},   {"F8_E4M3", 1, TILEC_DTYPE_NONE},
               {"F8_E5M2", 1, TILEC_DTYPE_NONE}};
  for (const auto &e : table)
    if (dtype == e.name) {
      *size = e.size;
      *ours = e.ours;
      return true;
    }
  return false;
}

SafetensorsFile SafetensorsFile::open(const std::string &path) {
  SafetensorsFile f;
  f.path_ = path;
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a
  // writer forever; the regular-file check below refuses it at once.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    fail(TILEC_ERROR_IO, "cannot open ", path, ": ", std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    fail(TILEC_ERROR_IO, "cannot read ", path, ": not a regular file");
  }
  uint64_t size = static_cast<uint64_t>(st.st_size);
  if (size < 8) {
    ::close(fd);
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": not a safetensors file: ", size,
         " bytes is shorter than the 8-byte header length");
  }
  f.mapping_ = std::make_shared<Mapping>();
  f.mapping_->base = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  int mapErrno = errno;
  ::close(fd);
  if (f.mapping_->base == MAP_FAILED)
    fail(TILEC_ERROR_IO, "cannot map ", path, ": ", std::strerror(mapErrno));
  f.mapping_->size = size;
  const unsigned char *base = static_cast<const unsigned char *>(f.mapping_->base);

  uint64_t headerBytes;
  std::memcpy(&headerBytes, base, 8); // little-endian host (checked in ScheduleTable.cpp)
  if (headerBytes > size - 8)
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": truncated or not a safetensors file: header length ",
         headerBytes, " goes beyond the file's ", size, " bytes");
  if (headerBytes > kMaxHeaderBytes)
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": header length ", headerBytes, " exceeds ",
         kMaxHeaderBytes, " bytes");
  std::string headerText(reinterpret_cast<const char *>(base + 8), headerBytes);
  if (headerText.empty() || headerText[0] != '{')
    fail(TILEC_ERROR_BAD_ARTIFACT, path,
         ": not a safetensors file: the header does not start with '{'");
  nlohmann::json header = parseJson(headerText, path + " (header)");
  const unsigned char *data = base + 8 + headerBytes;
  uint64_t dataBytes = size - 8 - headerBytes;

  JsonField root(header, path);
  root.expectObject();
  for (auto it = header.begin(); it != header.end(); ++it) {
    if (it.key() == "__metadata__")
      continue;
    JsonField t(it.value(), path, "tensor '" + it.key() + "'");
    TensorView v;
    v.dtypeName = t.at("dtype").string();
    uint64_t esize;
    if (!elementSize(v.dtypeName, &esize, &v.dtype))
      t.at("dtype").fail(cat("unknown dtype '", v.dtypeName, "'"));
    v.shape = t.at("shape").integers();
    uint64_t need = esize;
    for (int64_t d : v.shape)
      if (d < 0 || !mulChecked(need, static_cast<uint64_t>(d), &need))
        t.at("shape").fail(cat(shapeString(v.shape), " has a negative or overflowing dimension"));
    JsonField offsets = t.at("data_offsets");
    std::vector<int64_t> be = offsets.integers();
    if (be.size() != 2 || be[0] < 0 || be[1] < be[0])
      offsets.fail("expected [begin, end] with 0 <= begin <= end");
    uint64_t begin = static_cast<uint64_t>(be[0]), end = static_cast<uint64_t>(be[1]);
    if (end > dataBytes)
      offsets.fail(cat("[", begin, ", ", end, ") goes beyond the ", dataBytes,
                       " bytes of data: the file is truncated or corrupted"));
    if (end - begin != need)
      offsets.fail(cat("[", begin, ", ", end, ") holds ", end - begin, " bytes but shape ",
                       shapeString(v.shape), " of ", v.dtypeName, " needs ", need));
    v.data = data + begin;
    v.bytes = need;
    f.tensors_.emplace(it.key(), std::move(v));
  }
  // The format requires the tensors to tile the data exactly: no overlap
  // (two names for the same bytes) and no hole or trailing bytes.
  std::vector<std::pair<uint64_t, std::string>> starts;
  for (const auto &[name, v] : f.tensors_)
    starts.push_back({static_cast<uint64_t>(v.data - data), name});
  std::sort(starts.begin(), starts.end());
  uint64_t at = 0;
  for (const auto &[begin, name] : starts) {
    if (begin != at)
      fail(TILEC_ERROR_BAD_ARTIFACT, path, ": tensor '", name, "' starts at data byte ", begin,
           " but the previous tensor ends at ", at,
           begin < at ? ": tensors overlap" : ": the data has a hole");
    at = begin + f.tensors_.at(name).bytes;
  }
  if (at != dataBytes)
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": the tensors cover ", at, " of the ", dataBytes,
         " data bytes: the file has trailing bytes");
  return f;
}

const TensorView *SafetensorsFile::find(const std::string &name) const {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

} // namespace tilec::rt
