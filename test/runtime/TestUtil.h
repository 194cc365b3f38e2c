//===- TestUtil.h - temp dirs, model handles and data helpers for tests -----===//
#ifndef TILEC_TEST_RUNTIME_TESTUTIL_H
#define TILEC_TEST_RUNTIME_TESTUTIL_H

#include "ArtifactBuilder.h"

#include "tilec/runtime.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace tilec::test {

/// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "tilec-rt-XXXXXX").string();
    path_ = mkdtemp(pattern.data()) ? pattern : std::string();
    EXPECT_FALSE(path_.empty()) << "mkdtemp failed";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string &path() const { return path_; }
  std::string file(const std::string &name) const { return path_ + "/" + name; }

private:
  std::string path_;
};

struct ModelDeleter {
  void operator()(tilec_model *m) const { tilec_model_free(m); }
};
using Model = std::unique_ptr<tilec_model, ModelDeleter>;

inline tilec_options defaultOptions() {
  tilec_options o;
  tilec_options_init(&o);
  return o;
}

/// Loads dir; a failure fails the test with the runtime's message.
inline Model load(const std::string &dir, const tilec_options *opts = nullptr) {
  tilec_model *m = nullptr;
  tilec_status s = tilec_model_load(dir.c_str(), opts, &m);
  EXPECT_EQ(s, TILEC_OK) << tilec_last_error();
  return Model(m);
}

/// Loads dir expecting a failure; returns the message.
inline std::string loadError(const std::string &dir,
                             tilec_status expected = TILEC_ERROR_BAD_ARTIFACT) {
  tilec_model *m = nullptr;
  tilec_status s = tilec_model_load(dir.c_str(), nullptr, &m);
  EXPECT_EQ(s, expected) << tilec_last_error();
  EXPECT_EQ(m, nullptr);
  tilec_model_free(m);
  return tilec_last_error();
}

inline tilec_buffer_info info(const tilec_model *m, const std::string &name) {
  size_t i = 0;
  tilec_buffer_info b{};
  EXPECT_EQ(tilec_buffer_find(m, name.c_str(), &i), TILEC_OK) << tilec_last_error();
  EXPECT_EQ(tilec_buffer_get_info(m, i, &b), TILEC_OK) << tilec_last_error();
  return b;
}

inline std::vector<uint8_t> getBytes(const tilec_model *m, const std::string &name) {
  std::vector<uint8_t> bytes(info(m, name).bytes);
  EXPECT_EQ(tilec_get_buffer(m, name.c_str(), bytes.data(), bytes.size()), TILEC_OK)
      << tilec_last_error();
  return bytes;
}

inline void setBytes(tilec_model *m, const std::string &name, const std::vector<uint8_t> &bytes) {
  EXPECT_EQ(tilec_set_buffer(m, name.c_str(), bytes.data(), bytes.size()), TILEC_OK)
      << tilec_last_error();
}

/// Values converted to the buffer's float dtype (round to nearest even).
inline void setFloats(tilec_model *m, const std::string &name, const std::vector<float> &v) {
  tilec_buffer_info b = info(m, name);
  std::vector<uint8_t> bytes(b.bytes);
  ASSERT_EQ(bytes.size(), v.size() * dtypeBytes(static_cast<tilec_dtype>(b.dtype)));
  ASSERT_EQ(tilec_convert_floats(v.data(), TILEC_DTYPE_F32, bytes.data(), b.dtype, v.size()),
            TILEC_OK);
  setBytes(m, name, bytes);
}

inline std::vector<float> getFloats(const tilec_model *m, const std::string &name) {
  tilec_buffer_info b = info(m, name);
  std::vector<uint8_t> bytes = getBytes(m, name);
  std::vector<float> v(bytes.size() / dtypeBytes(static_cast<tilec_dtype>(b.dtype)));
  EXPECT_EQ(tilec_convert_floats(bytes.data(), b.dtype, v.data(), TILEC_DTYPE_F32, v.size()),
            TILEC_OK);
  return v;
}

inline void setInts(tilec_model *m, const std::string &name, const std::vector<int32_t> &v) {
  std::vector<uint8_t> bytes(v.size() * 4);
  std::memcpy(bytes.data(), v.data(), bytes.size());
  setBytes(m, name, bytes);
}

inline std::vector<int32_t> getInts(const tilec_model *m, const std::string &name) {
  std::vector<uint8_t> bytes = getBytes(m, name);
  std::vector<int32_t> v(bytes.size() / 4);
  std::memcpy(v.data(), bytes.data(), bytes.size());
  return v;
}

inline std::vector<float> randomFloats(size_t n, uint32_t seed, float lo = -1.0f, float hi = 1.0f) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

inline Model buildAndLoad(const ArtifactBuilder &b, const TempDir &dir,
                          const tilec_options *opts = nullptr) {
  b.write(dir.path());
  return load(dir.path(), opts);
}

inline void run(tilec_model *m, int32_t position, uint32_t steps = 1) {
  ASSERT_EQ(tilec_run(m, position, steps), TILEC_OK) << tilec_last_error();
}

// ---- safetensors files ---------------------------------------------------------

struct Tensor {
  std::string dtype;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;
};

template <class T>
inline Tensor tensor(const std::string &dtype, std::vector<int64_t> shape,
                     const std::vector<T> &values) {
  Tensor t{dtype, std::move(shape), std::vector<uint8_t>(values.size() * sizeof(T))};
  std::memcpy(t.data.data(), values.data(), t.data.size());
  return t;
}

inline Tensor bf16Tensor(std::vector<int64_t> shape, const std::vector<float> &values) {
  Tensor t{"BF16", std::move(shape), std::vector<uint8_t>(values.size() * 2)};
  tilec_convert_floats(values.data(), TILEC_DTYPE_F32, t.data.data(), TILEC_DTYPE_BF16,
                       values.size());
  return t;
}

/// The safetensors layout: u64 header length, JSON header padded with
/// spaces to 8 bytes, then the tensors' bytes in order.
inline std::vector<uint8_t> safetensorsBytes(const std::map<std::string, Tensor> &tensors) {
  nlohmann::json header = {{"__metadata__", {{"format", "pt"}}}};
  std::vector<uint8_t> data;
  for (const auto &[name, t] : tensors) {
    header[name] = {{"dtype", t.dtype},
                    {"shape", t.shape},
                    {"data_offsets", {data.size(), data.size() + t.data.size()}}};
    data.insert(data.end(), t.data.begin(), t.data.end());
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');
  std::vector<uint8_t> out(8);
  uint64_t n = text.size();
  std::memcpy(out.data(), &n, 8);
  out.insert(out.end(), text.begin(), text.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

inline void writeFile(const std::string &path, const std::vector<uint8_t> &bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char *>(bytes.data()), std::streamsize(bytes.size()));
}

} // namespace tilec::test

#endif
