//===- WeightsTest.cpp - safetensors, set/get, random fill, addressing ------===//
#include "TestUtil.h"

#include <fstream>
#include <map>

using namespace tilec::test;
using nlohmann::json;

namespace {

class WeightsTest : public ::testing::Test {
protected:
  void SetUp() override {
    ArtifactBuilder b;
    b.buffer("w", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_BF16, {8, 4}, "model.w");
    b.buffer("norm", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_F32, {4}, "model.norm");
    b.buffer("tied", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_BF16, {8, 4}, "model.w");
    b.buffer("counts", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_I32, {3}, "model.counts");
    b.buffer("x", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {4});
    model = buildAndLoad(b, dir);
    ASSERT_TRUE(model);
    // 1 + 2^-8 and 1 + 3*2^-8 lie halfway between bf16 neighbours: ties go
    // to the even mantissa, 1.0 and 1 + 2^-6.
    wValues = randomFloats(32, 40);
    wValues[0] = 1.00390625f;
    wValues[1] = 1.01171875f;
  }
  std::map<std::string, Tensor> goodTensors() const {
    return {{"model.w", tensor<float>("F32", {8, 4}, wValues)},
            {"model.norm", bf16Tensor({4}, {1.0f, 1.5f, -2.0f, 0.25f})},
            {"model.counts", tensor<int32_t>("I32", {3}, {7, 8, 9})}};
  }
  tilec_status loadFile(const std::map<std::string, Tensor> &tensors, uint32_t flags = 0,
                        tilec_load_report *report = nullptr) {
    writeFile(path(), safetensorsBytes(tensors));
    return tilec_load_safetensors(model.get(), path().c_str(), flags, report);
  }
  std::string path() const { return dir.file("model.safetensors"); }

  TempDir dir;
  Model model;
  std::vector<float> wValues;
};

TEST_F(WeightsTest, LoadsConvertsAndReports) {
  EXPECT_EQ(tilec_unset_weight_count(model.get()), 4u);
  tilec_load_report r{};
  ASSERT_EQ(loadFile(goodTensors(), TILEC_LOAD_REQUIRE_ALL, &r), TILEC_OK) << tilec_last_error();
  EXPECT_EQ(r.loaded, 4u);    // w, norm, tied (same tensor as w), counts
  EXPECT_EQ(r.converted, 3u); // F32 -> bf16 twice, BF16 -> f32
  EXPECT_EQ(r.unset, 0u);
  EXPECT_EQ(tilec_require_weights(model.get()), TILEC_OK);
  std::vector<uint8_t> w = getBytes(model.get(), "w");
  uint16_t first, second;
  std::memcpy(&first, w.data(), 2);
  std::memcpy(&second, w.data() + 2, 2);
  EXPECT_EQ(first, 0x3F80);  // 1.0
  EXPECT_EQ(second, 0x3F82); // 1.015625
  EXPECT_EQ(getBytes(model.get(), "tied"), w);
  EXPECT_EQ(getFloats(model.get(), "norm"), (std::vector<float>{1.0f, 1.5f, -2.0f, 0.25f}));
  EXPECT_EQ(getInts(model.get(), "counts"), (std::vector<int32_t>{7, 8, 9}));
  EXPECT_TRUE(info(model.get(), "w").is_set);
  EXPECT_FALSE(info(model.get(), "x").is_set);
}

TEST_F(WeightsTest, MissingTensor) {
  auto tensors = goodTensors();
  tensors.erase("model.norm");
  ASSERT_EQ(loadFile(tensors, TILEC_LOAD_REQUIRE_ALL), TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(tilec_last_error(), path() + ": tensor 'model.norm' (buffer 'norm') is missing from "
                                         "the file; 1 of 4 weights are missing");
  EXPECT_EQ(tilec_unset_weight_count(model.get()), 4u); // nothing loaded
  // As a shard it loads; what is left is reported afterwards.
  tilec_load_report r{};
  ASSERT_EQ(loadFile(tensors, 0, &r), TILEC_OK) << tilec_last_error();
  EXPECT_EQ(r.unset, 1u);
  EXPECT_EQ(tilec_require_weights(model.get()), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tilec_last_error(), "1 weight buffer is unset: 'norm' (tensor 'model.norm'); load "
                                   "a checkpoint that has them, set them, or fill them with "
                                   "random values");
}

TEST_F(WeightsTest, WrongShape) {
  auto tensors = goodTensors();
  tensors["model.w"] = tensor<float>("F32", {4, 8}, wValues);
  ASSERT_EQ(loadFile(tensors), TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(tilec_last_error(),
            path() + ": tensor 'model.w' has shape [4, 8] but buffer 'w' expects [8, 4]");
}

TEST_F(WeightsTest, WrongDtype) {
  auto tensors = goodTensors();
  tensors["model.w"] = tensor<int32_t>("I32", {8, 4}, std::vector<int32_t>(32, 1));
  ASSERT_EQ(loadFile(tensors), TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(tilec_last_error(), path() + ": tensor 'model.w' has dtype I32, which cannot be "
                                         "loaded into buffer 'w' of dtype bf16 (only F32, F16 "
                                         "and BF16 convert to each other)");
  tensors = goodTensors();
  tensors["model.counts"] = tensor<float>("F32", {3}, {1, 2, 3});
  ASSERT_EQ(loadFile(tensors), TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_NE(std::string(tilec_last_error())
                .find("has dtype F32, which cannot be loaded into "
                      "buffer 'counts' of dtype i32"),
            std::string::npos);
}

TEST_F(WeightsTest, TruncatedFile) {
  std::vector<uint8_t> bytes = safetensorsBytes(goodTensors());
  bytes.resize(bytes.size() - 10);
  writeFile(path(), bytes);
  ASSERT_EQ(tilec_load_safetensors(model.get(), path().c_str(), 0, nullptr),
            TILEC_ERROR_BAD_ARTIFACT);
  std::string msg = tilec_last_error();
  EXPECT_EQ(msg.rfind(path() + ": tensor '", 0), 0u) << msg;
  EXPECT_NE(msg.find(".data_offsets: ["), std::string::npos) << msg;
  EXPECT_NE(msg.find("bytes of data: the file is truncated or corrupted"), std::string::npos)
      << msg;
}

TEST_F(WeightsTest, HeaderLengthBeyondFile) {
  std::vector<uint8_t> bytes = safetensorsBytes(goodTensors());
  uint64_t huge = 1000000;
  std::memcpy(bytes.data(), &huge, 8);
  writeFile(path(), bytes);
  ASSERT_EQ(tilec_load_safetensors(model.get(), path().c_str(), 0, nullptr),
            TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(tilec_last_error(), path() +
                                    ": truncated or not a safetensors file: header length "
                                    "1000000 goes beyond the file's " +
                                    std::to_string(bytes.size()) + " bytes");
}

TEST_F(WeightsTest, NotASafetensorsFile) {
  writeFile(path(), {'h', 'e', 'l', 'l', 'o'});
  ASSERT_EQ(tilec_load_safetensors(model.get(), path().c_str(), 0, nullptr),
            TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(tilec_last_error(), path() + ": not a safetensors file: 5 bytes is shorter than the "
                                         "8-byte header length");
  writeFile(path(), {4, 0, 0, 0, 0, 0, 0, 0, 'a', 'b', 'c', 'd'});
  ASSERT_EQ(tilec_load_safetensors(model.get(), path().c_str(), 0, nullptr),
            TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(tilec_last_error(),
            path() + ": not a safetensors file: the header does not start with '{'");
  writeFile(path(), {4, 0, 0, 0, 0, 0, 0, 0, '{', 'x', ':', '}'});
  ASSERT_EQ(tilec_load_safetensors(model.get(), path().c_str(), 0, nullptr),
            TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(
      std::string(tilec_last_error()).rfind(path() + " (header): malformed JSON at byte 2", 0), 0u)
      << tilec_last_error();
  // A tensor named twice: which one would the loader bind?
  std::string twice = "{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, "
                      "\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}";
  std::vector<uint8_t> bytes(8);
  uint64_t length = twice.size();
  std::memcpy(bytes.data(), &length, 8);
  bytes.insert(bytes.end(), twice.begin(), twice.end());
  bytes.insert(bytes.end(), 4, 0);
  writeFile(path(), bytes);
  ASSERT_EQ(tilec_load_safetensors(model.get(), path().c_str(), 0, nullptr),
            TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(tilec_last_error(),
            path() + " (header): malformed JSON: key 'w' appears twice in one object");
  ASSERT_EQ(tilec_load_safetensors(model.get(), dir.file("absent").c_str(), 0, nullptr),
            TILEC_ERROR_IO);
  EXPECT_EQ(tilec_last_error(),
            "cannot open " + dir.file("absent") + ": No such file or directory");
}

TEST_F(WeightsTest, OffsetsThatDisagreeWithTheShape) {
  std::vector<uint8_t> bytes = safetensorsBytes({{"model.norm", bf16Tensor({4}, {1, 2, 3, 4})}});
  std::string text(bytes.begin() + 8, bytes.end() - 8);
  json header = json::parse(text);
  header["model.norm"]["shape"] = {3};
  text = header.dump();
  std::vector<uint8_t> out(8);
  uint64_t n = text.size();
  std::memcpy(out.data(), &n, 8);
  out.insert(out.end(), text.begin(), text.end());
  out.insert(out.end(), bytes.end() - 8, bytes.end());
  writeFile(path(), out);
  ASSERT_EQ(tilec_load_safetensors(model.get(), path().c_str(), 0, nullptr),
            TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(tilec_last_error(), path() + ": tensor 'model.norm'.data_offsets: [0, 8) holds 8 "
                                         "bytes but shape [3] of BF16 needs 6");
}

TEST_F(WeightsTest, AFileWithNoWeightOfTheModel) {
  ASSERT_EQ(loadFile({{"lm_head.weight", tensor<float>("F32", {2}, {1, 2})}}),
            TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(tilec_last_error(), path() + ": none of the file's 1 tensors is a weight of this "
                                         "model (it expects e.g. 'model.w')");
}

TEST_F(WeightsTest, AFailedLoadChangesNothing) {
  ASSERT_EQ(loadFile(goodTensors()), TILEC_OK) << tilec_last_error();
  std::vector<uint8_t> w = getBytes(model.get(), "w"), norm = getBytes(model.get(), "norm");
  // model.w is fine (and different) and comes first; model.norm is not.
  auto tensors = goodTensors();
  tensors["model.w"] = tensor<float>("F32", {8, 4}, randomFloats(32, 41));
  tensors["model.norm"] = tensor<float>("F32", {5}, {1, 2, 3, 4, 5});
  ASSERT_EQ(loadFile(tensors), TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(getBytes(model.get(), "w"), w);
  EXPECT_EQ(getBytes(model.get(), "tied"), w);
  EXPECT_EQ(getBytes(model.get(), "norm"), norm);
}

TEST_F(WeightsTest, SetAndGetCheckSizesAndNames) {
  std::vector<float> x{1, 2, 3, 4};
  ASSERT_EQ(tilec_set_buffer(model.get(), "x", x.data(), 12), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tilec_last_error(), "buffer 'x' holds 16 bytes (f32 [4]), got 12");
  ASSERT_EQ(tilec_set_buffer(model.get(), "nope", x.data(), 16), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(tilec_last_error(),
            "no buffer 'nope' in " + dir.path() + " (buffers: w, norm, tied, counts, x)");
  ASSERT_EQ(tilec_set_buffer(model.get(), "x", x.data(), 16), TILEC_OK);
  std::vector<float> back(4);
  ASSERT_EQ(tilec_get_buffer(model.get(), "gpu0/x", back.data(), 16), TILEC_OK);
  EXPECT_EQ(back, x);
  tilec_buffer_info b = info(model.get(), "w");
  EXPECT_STREQ(b.name, "w");
  EXPECT_STREQ(b.address, "w");
  EXPECT_STREQ(b.program, "gpu0");
  EXPECT_STREQ(b.source, "model.w");
  EXPECT_EQ(b.kind, uint32_t(TILEC_BUFFER_WEIGHT));
  EXPECT_EQ(b.dtype, uint32_t(TILEC_DTYPE_BF16));
  EXPECT_EQ(b.rank, 2u);
  EXPECT_EQ(b.shape[0], 8);
  EXPECT_EQ(b.shape[1], 4);
  EXPECT_EQ(b.bytes, 64u);
}

TEST_F(WeightsTest, RandomFillIsDeterministicAndScaled) {
  ASSERT_EQ(tilec_fill_random(model.get(), 0, nullptr, 9), TILEC_OK) << tilec_last_error();
  EXPECT_EQ(tilec_unset_weight_count(model.get()), 1u); // counts is i32: skipped
  EXPECT_FALSE(info(model.get(), "x").is_set);          // not a weight
  std::vector<float> w = getFloats(model.get(), "w"), norm = getFloats(model.get(), "norm");
  for (float v : w)
    EXPECT_LE(std::fabs(v), 0.5f + 1e-3f); // 1/sqrt(4 columns)
  for (float v : norm)
    EXPECT_NEAR(v, 1.0f, 0.1733f);
  EXPECT_NE(w, std::vector<float>(w.size(), w[0]));
  // Keyed by checkpoint tensor: buffers of one tensor hold the same values.
  EXPECT_EQ(getBytes(model.get(), "w"), getBytes(model.get(), "tied"));
  EXPECT_NE(getBytes(model.get(), "w"), getBytes(model.get(), "norm"));

  // One buffer by name gives the same bits as the fill of all; another seed does not.
  std::vector<uint8_t> wBytes = getBytes(model.get(), "w");
  ASSERT_EQ(tilec_fill_random(model.get(), 0, "w", 10), TILEC_OK);
  EXPECT_NE(getBytes(model.get(), "w"), wBytes);
  ASSERT_EQ(tilec_fill_random(model.get(), 0, "w", 9), TILEC_OK);
  EXPECT_EQ(getBytes(model.get(), "w"), wBytes);

  ASSERT_EQ(tilec_fill_random(model.get(), 0, "counts", 9), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tilec_last_error(),
               "buffer 'counts' has dtype i32: random fill is for floating-point buffers");
  ASSERT_EQ(tilec_fill_random(model.get(), TILEC_KIND_BIT(TILEC_BUFFER_INPUT), nullptr, 9),
            TILEC_OK);
  EXPECT_TRUE(info(model.get(), "x").is_set);
}

// A buffer big enough to be filled by several threads gets, element for
// element, the values of the documented formula (splitmix64 of the key and
// the index): no element is skipped or filled twice at a range boundary.
TEST(RandomFillTest, ThreadedFillMatchesTheFormula) {
  TempDir dir;
  ArtifactBuilder b;
  const int64_t rows = 2048, cols = 2049; // 4.2 M elements: threaded
  b.buffer("big", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_F32, {rows, cols}, "model.big");
  Model model = buildAndLoad(b, dir);
  ASSERT_TRUE(model);
  const uint64_t seed = 5;
  ASSERT_EQ(tilec_fill_random(model.get(), 0, nullptr, seed), TILEC_OK) << tilec_last_error();
  std::vector<float> got = getFloats(model.get(), "big");
  ASSERT_EQ(got.size(), size_t(rows * cols));
  auto mix = [](uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  };
  const std::string name = "model.big"; // its checkpoint tensor
  const uint64_t key = mix(seed ^ mix(tilec_fnv1a(name.data(), name.size())));
  const float halfWidth = 1.0f / std::sqrt(float(cols));
  size_t wrong = 0;
  for (uint64_t i = 0; i < got.size(); ++i) {
    uint64_t h = mix(key + (i + 1) * 0x9E3779B97F4A7C15ull);
    float u = float(h >> 40) * (1.0f / 16777216.0f);
    wrong += got[i] != (2.0f * u - 1.0f) * halfWidth;
  }
  EXPECT_EQ(wrong, 0u);
}

TEST(ConvertTest, RoundToNearestEvenAndSpecialValues) {
  // 1 + 2^-8, 1 + 3*2^-8 are bf16 ties; 1 + 2^-11, 1 + 3*2^-11 are f16 ties.
  std::vector<float> in{1.00390625f,
                        1.01171875f,
                        65520.0f,
                        65504.0f,
                        1e-8f,
                        -0.0f,
                        std::numeric_limits<float>::infinity(),
                        5.9604645e-08f,
                        1.00048828125f,
                        1.00146484375f};
  std::vector<uint16_t> bf(in.size()), half(in.size());
  ASSERT_EQ(
      tilec_convert_floats(in.data(), TILEC_DTYPE_F32, bf.data(), TILEC_DTYPE_BF16, in.size()),
      TILEC_OK);
  ASSERT_EQ(
      tilec_convert_floats(in.data(), TILEC_DTYPE_F32, half.data(), TILEC_DTYPE_F16, in.size()),
      TILEC_OK);
  EXPECT_EQ(bf[0], 0x3F80);
  EXPECT_EQ(bf[1], 0x3F82);
  EXPECT_EQ(half[0], 0x3C04); // exact in f16
  EXPECT_EQ(half[8], 0x3C00); // ties to the even 1.0
  EXPECT_EQ(half[9], 0x3C02); // ties to the even 1 + 2^-9
  EXPECT_EQ(half[2], 0x7C00); // 65520 rounds to infinity
  EXPECT_EQ(half[3], 0x7BFF); // 65504, the largest f16
  EXPECT_EQ(half[4], 0x0000); // below half the smallest subnormal
  EXPECT_EQ(half[5], 0x8000);
  EXPECT_EQ(half[6], 0x7C00);
  EXPECT_EQ(half[7], 0x0001); // 2^-24, the smallest subnormal
  std::vector<float> back(in.size());
  ASSERT_EQ(
      tilec_convert_floats(half.data(), TILEC_DTYPE_F16, back.data(), TILEC_DTYPE_F32, in.size()),
      TILEC_OK);
  EXPECT_EQ(back[3], 65504.0f);
  EXPECT_EQ(back[7], 5.9604645e-08f);
  EXPECT_EQ(tilec_convert_floats(in.data(), TILEC_DTYPE_I32, back.data(), TILEC_DTYPE_F32, 1),
            TILEC_ERROR_INVALID_ARGUMENT);
}

TEST(AddressingTest, SeveralProgramsNeedQualifiedNames) {
  TempDir dir;
  ArtifactBuilder b(1);
  uint32_t p1 = b.addProgram("gpu1", 2, 1);
  for (uint32_t p : {0u, p1}) {
    b.buffer("x", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {4}, "", p);
    b.buffer("y", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {4}, "", p);
  }
  uint32_t e = b.event("half_done", 1, p1);
  b.task(0, makeTask(TILEC_TASK_ADD, "double", {{0, "x"}, {1, "x"}, {2, "y"}}, {0, 4}));
  b.task(0,
         makeTask(TILEC_TASK_ADD, "double_lo", {{0, "x"}, {1, "x"}, {2, "y"}}, {0, 2}, {}, {}, {e}),
         p1);
  b.task(1, makeTask(TILEC_TASK_ADD, "add_hi", {{0, "x"}, {1, "y"}, {2, "y"}}, {0, 2}, {}, {e}),
         p1);
  Model m = buildAndLoad(b, dir);
  ASSERT_TRUE(m);
  ASSERT_EQ(tilec_buffer_count(m.get()), 4u);
  EXPECT_STREQ(info(m.get(), "gpu1/x").address, "gpu1/x");
  size_t index;
  EXPECT_EQ(tilec_buffer_find(m.get(), "x", &index), TILEC_ERROR_INVALID_ARGUMENT);
  setFloats(m.get(), "gpu0/x", {1, 2, 3, 4});
  setFloats(m.get(), "gpu1/x", {10, 20, 30, 40});
  run(m.get(), 0);
  EXPECT_EQ(getFloats(m.get(), "gpu0/y"), (std::vector<float>{2, 4, 6, 8}));
  EXPECT_EQ(getFloats(m.get(), "gpu1/y"), (std::vector<float>{30, 60, 0, 0}));
}

} // namespace

// NaN or infinity in a weight made outputs silently wrong (or NaN) far from
// their cause: refused at load, naming the tensor, the count and the first
// index, unless the caller allows them.
TEST_F(WeightsTest, NonFiniteWeightsAreRefusedUnlessAllowed) {
  std::map<std::string, Tensor> tensors = goodTensors();
  std::vector<float> bad = wValues;
  bad[5] = std::nanf("");
  bad[9] = INFINITY;
  tensors["model.w"] = tensor<float>("F32", {8, 4}, bad);
  EXPECT_EQ(loadFile(tensors), TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_EQ(tilec_last_error(),
            path() + ": tensor 'model.w' (buffer 'w') holds 2 NaN or infinite values (the first "
                     "at element 5); refusing it (tilec_options.allow_nonfinite_weights, "
                     "tile-run --allow-nonfinite-weights, loads it anyway)");
  EXPECT_EQ(tilec_unset_weight_count(model.get()), 4u) << "a refused load changes nothing";
  // bf16: an infinity (exponent all ones, mantissa zero) in the norm.
  tensors = goodTensors();
  tensors["model.norm"] = bf16Tensor({4}, {1.0f, INFINITY, 2.0f, 3.0f});
  EXPECT_EQ(loadFile(tensors), TILEC_ERROR_BAD_ARTIFACT);
  EXPECT_NE(std::string(tilec_last_error()).find("tensor 'model.norm' (buffer 'norm') holds 1 "
                                                 "NaN or infinite value (the first at element 1)"),
            std::string::npos)
      << tilec_last_error();

  tilec_options allow;
  tilec_options_init(&allow);
  allow.allow_nonfinite_weights = 1;
  TempDir other;
  ArtifactBuilder b;
  b.buffer("w", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_F32, {8, 4}, "model.w");
  Model allowed = buildAndLoad(b, other, &allow);
  ASSERT_TRUE(allowed);
  writeFile(other.file("w.safetensors"),
            safetensorsBytes({{"model.w", tensor<float>("F32", {8, 4}, bad)}}));
  EXPECT_EQ(tilec_load_safetensors(allowed.get(), other.file("w.safetensors").c_str(), 0, nullptr),
            TILEC_OK)
      << tilec_last_error();
}
