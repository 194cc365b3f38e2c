//===- KernelTest.cpp - every reference kernel against a naive computation --===//
//
// Each test builds a one-worker artifact around the task kind under test,
// runs it through the C ABI, and compares with a double-precision computation
// written straight from schedule_table.h on the values actually stored (so
// only fp32 arithmetic and the final rounding separate the two). Every test
// runs with f32 and with bf16 storage.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

#include <cmath>
#include <limits>

using namespace tilec::test;

namespace {

class KernelTest : public ::testing::TestWithParam<tilec_dtype> {
protected:
  tilec_dtype dt() const { return GetParam(); }

  /// fp32 arithmetic vs double, plus the rounding of the stored result.
  void expectClose(const std::vector<float> &actual, const std::vector<double> &expected,
                   const char *what) const {
    double tol = dt() == TILEC_DTYPE_F32 ? 3e-5 : 1e-2;
    ASSERT_EQ(actual.size(), expected.size()) << what;
    for (size_t i = 0; i < actual.size(); ++i)
      EXPECT_NEAR(actual[i], expected[i], tol * std::max(1.0, std::fabs(expected[i])))
          << what << " element " << i;
  }

  TempDir dir;
};

double rmsScale(const std::vector<float> &x, size_t first, size_t n, double eps) {
  double ss = 0;
  for (size_t i = 0; i < n; ++i)
    ss += double(x[first + i]) * x[first + i];
  return 1.0 / std::sqrt(ss / n + eps);
}

TEST_P(KernelTest, EmbedCopiesTheRowOfTheTokenId) {
  ArtifactBuilder b;
  b.buffer("table", TILEC_BUFFER_WEIGHT, dt(), {10, 16});
  b.buffer("ids", TILEC_BUFFER_INPUT, TILEC_DTYPE_I32, {1});
  b.buffer("out", TILEC_BUFFER_OUTPUT, dt(), {16});
  b.task(0, makeTask(TILEC_TASK_EMBED, "embed", {{0, "table"}, {1, "ids"}, {2, "out"}}, {10, 16}));
  Model m = buildAndLoad(b, dir);
  setFloats(m.get(), "table", randomFloats(160, 1));
  setInts(m.get(), "ids", {7});
  run(m.get(), 0);
  std::vector<float> table = getFloats(m.get(), "table");
  EXPECT_EQ(getFloats(m.get(), "out"),
            std::vector<float>(table.begin() + 7 * 16, table.begin() + 8 * 16));
}

TEST_P(KernelTest, RmsnormNormalizesOnlyItsGroups) {
  const size_t G = 8, groups = 4;
  ArtifactBuilder b;
  b.buffer("x", TILEC_BUFFER_INPUT, dt(), {int64_t(G * groups)});
  b.buffer("w", TILEC_BUFFER_WEIGHT, dt(), {int64_t(G)});
  b.buffer("y", TILEC_BUFFER_OUTPUT, dt(), {int64_t(G * groups)});
  b.task(0,
         makeTask(TILEC_TASK_RMSNORM, "norm", {{0, "x"}, {1, "w"}, {2, "y"}}, {8, 1, 3}, {1e-5f}));
  Model m = buildAndLoad(b, dir);
  setFloats(m.get(), "x", randomFloats(G * groups, 2, -2, 2));
  setFloats(m.get(), "w", randomFloats(G, 3, 0.5, 1.5));
  run(m.get(), 0);
  std::vector<float> x = getFloats(m.get(), "x"), w = getFloats(m.get(), "w");
  std::vector<double> expected(G * groups, 0.0); // groups 0 and 3 untouched
  for (size_t g = 1; g < 3; ++g) {
    double s = rmsScale(x, g * G, G, 1e-5);
    for (size_t i = 0; i < G; ++i)
      expected[g * G + i] = x[g * G + i] * s * w[i];
  }
  expectClose(getFloats(m.get(), "y"), expected, "y");
}

struct MatvecCase {
  bool bias, residual, norm;
  int64_t r0, r1;
};

class MatvecTest : public KernelTest {
protected:
  void check(const MatvecCase &c) {
    const int64_t N = 12, K = 40;
    ArtifactBuilder b;
    b.buffer("W", TILEC_BUFFER_WEIGHT, dt(), {N, K});
    b.buffer("x", TILEC_BUFFER_INPUT, dt(), {K});
    b.buffer("y", TILEC_BUFFER_OUTPUT, dt(), {N});
    b.buffer("bias", TILEC_BUFFER_WEIGHT, dt(), {N});
    b.buffer("res", TILEC_BUFFER_INPUT, dt(), {N});
    b.buffer("nw", TILEC_BUFFER_WEIGHT, dt(), {K});
    TaskDef t = makeTask(TILEC_TASK_MATVEC, "mv", {{0, "W"}, {1, "x"}, {2, "y"}},
                         {N, K, c.r0, c.r1}, {1e-6f});
    if (c.bias)
      t.ops[3] = Op("bias");
    if (c.residual)
      t.ops[4] = Op("res");
    if (c.norm)
      t.ops[5] = Op("nw");
    b.task(0, t);
    Model m = buildAndLoad(b, dir);
    setFloats(m.get(), "W", randomFloats(N * K, 4));
    setFloats(m.get(), "x", randomFloats(K, 5, -3, 3));
    setFloats(m.get(), "bias", randomFloats(N, 6));
    setFloats(m.get(), "res", randomFloats(N, 7));
    setFloats(m.get(), "nw", randomFloats(K, 8, 0.5, 1.5));
    run(m.get(), 0);
    std::vector<float> W = getFloats(m.get(), "W"), x = getFloats(m.get(), "x"),
                       bias = getFloats(m.get(), "bias"), res = getFloats(m.get(), "res"),
                       nw = getFloats(m.get(), "nw");
    std::vector<double> n(x.begin(), x.end());
    if (c.norm) {
      double s = rmsScale(x, 0, K, 1e-6);
      for (int64_t k = 0; k < K; ++k)
        n[k] = x[k] * s * nw[k];
    }
    std::vector<double> expected(N, 0.0);
    for (int64_t r = c.r0; r < c.r1; ++r) {
      for (int64_t k = 0; k < K; ++k)
        expected[r] += double(W[r * K + k]) * n[k];
      expected[r] += (c.bias ? bias[r] : 0.0) + (c.residual ? res[r] : 0.0);
    }
    expectClose(getFloats(m.get(), "y"), expected, "y");
  }
};

TEST_P(MatvecTest, Plain) { check({false, false, false, 0, 12}); }
TEST_P(MatvecTest, RowRangeLeavesOtherRowsAlone) { check({false, false, false, 3, 9}); }
TEST_P(MatvecTest, BiasAndResidual) { check({true, true, false, 0, 12}); }
TEST_P(MatvecTest, NormPrologue) { check({false, false, true, 2, 12}); }
TEST_P(MatvecTest, NormPrologueBiasResidual) { check({true, true, true, 0, 12}); }

TEST_P(KernelTest, MatvecResidualInPlace) {
  // y = W x + y: the residual operand is the output, as a decoder block does.
  const int64_t N = 6, K = 10;
  ArtifactBuilder b;
  b.buffer("W", TILEC_BUFFER_WEIGHT, dt(), {N, K});
  b.buffer("x", TILEC_BUFFER_INPUT, dt(), {K});
  b.buffer("y", TILEC_BUFFER_OUTPUT, dt(), {N});
  b.task(0,
         makeTask(TILEC_TASK_MATVEC, "mv", {{0, "W"}, {1, "x"}, {2, "y"}, {4, "y"}}, {N, K, 0, N}));
  Model m = buildAndLoad(b, dir);
  setFloats(m.get(), "W", randomFloats(N * K, 9));
  setFloats(m.get(), "x", randomFloats(K, 10));
  setFloats(m.get(), "y", randomFloats(N, 11));
  std::vector<float> W = getFloats(m.get(), "W"), x = getFloats(m.get(), "x"),
                     y0 = getFloats(m.get(), "y");
  run(m.get(), 0);
  std::vector<double> expected(N);
  for (int64_t r = 0; r < N; ++r) {
    expected[r] = y0[r];
    for (int64_t k = 0; k < K; ++k)
      expected[r] += double(W[r * K + k]) * x[k];
  }
  expectClose(getFloats(m.get(), "y"), expected, "y");
}

class SwigluTest : public KernelTest {
protected:
  void check(bool norm) {
    const int64_t N = 10, K = 24;
    ArtifactBuilder b;
    b.buffer("Wg", TILEC_BUFFER_WEIGHT, dt(), {N, K});
    b.buffer("Wu", TILEC_BUFFER_WEIGHT, dt(), {N, K});
    b.buffer("x", TILEC_BUFFER_INPUT, dt(), {K});
    b.buffer("nw", TILEC_BUFFER_WEIGHT, dt(), {K});
    b.buffer("y", TILEC_BUFFER_OUTPUT, dt(), {N});
    TaskDef t = makeTask(TILEC_TASK_MATVEC_SWIGLU, "swiglu",
                         {{0, "Wg"}, {1, "x"}, {2, "y"}, {3, "Wu"}}, {N, K, 1, N}, {1e-5f});
    if (norm)
      t.ops[5] = Op("nw");
    b.task(0, t);
    Model m = buildAndLoad(b, dir);
    setFloats(m.get(), "Wg", randomFloats(N * K, 12));
    setFloats(m.get(), "Wu", randomFloats(N * K, 13));
    setFloats(m.get(), "x", randomFloats(K, 14, -2, 2));
    setFloats(m.get(), "nw", randomFloats(K, 15, 0.5, 1.5));
    run(m.get(), 0);
    std::vector<float> Wg = getFloats(m.get(), "Wg"), Wu = getFloats(m.get(), "Wu"),
                       x = getFloats(m.get(), "x"), nw = getFloats(m.get(), "nw");
    std::vector<double> n(x.begin(), x.end());
    if (norm) {
      double s = rmsScale(x, 0, K, 1e-5);
      for (int64_t k = 0; k < K; ++k)
        n[k] = x[k] * s * nw[k];
    }
    std::vector<double> expected(N, 0.0);
    for (int64_t r = 1; r < N; ++r) {
      double g = 0, u = 0;
      for (int64_t k = 0; k < K; ++k) {
        g += double(Wg[r * K + k]) * n[k];
        u += double(Wu[r * K + k]) * n[k];
      }
      expected[r] = g / (1 + std::exp(-g)) * u;
    }
    expectClose(getFloats(m.get(), "y"), expected, "y");
  }
};

TEST_P(SwigluTest, WithoutNorm) { check(false); }
TEST_P(SwigluTest, WithNormPrologue) { check(true); }

/// The inverse frequencies of schedule_table.h, with transformers' Llama 3
/// rule when oldContext > 0.
double inverseFrequency(size_t i, size_t D, double theta, int64_t oldContext, double factor,
                        double lo, double hi) {
  double f = std::pow(theta, -2.0 * i / D);
  if (oldContext <= 0)
    return f;
  double wavelen = 2 * M_PI / f;
  if (wavelen < oldContext / hi)
    return f;
  if (wavelen > oldContext / lo)
    return f / factor;
  double smooth = (oldContext / wavelen - lo) / (hi - lo);
  return (1 - smooth) * f / factor + smooth * f;
}

class RopeTest : public KernelTest {
protected:
  void check(bool inPlace, int64_t oldContext) {
    const size_t D = 16, H = 3;
    const int32_t pos = 37;
    const float theta = 10000, factor = 8, lo = 1, hi = 4;
    ArtifactBuilder b;
    b.buffer("x", TILEC_BUFFER_INPUT, dt(), {int64_t(H * D)});
    b.buffer("y", TILEC_BUFFER_OUTPUT, dt(), {int64_t(H * D)});
    const char *out = inPlace ? "x" : "y";
    b.task(0, makeTask(TILEC_TASK_ROPE, "rope", {{0, "x"}, {1, out}}, {16, 1, 3, oldContext},
                       {theta, factor, lo, hi}));
    Model m = buildAndLoad(b, dir);
    setFloats(m.get(), "x", randomFloats(H * D, 16));
    std::vector<float> x = getFloats(m.get(), "x");
    run(m.get(), pos);
    std::vector<double> expected(x.begin(), x.end()); // head 0 untouched (in place)
    if (!inPlace)
      std::fill(expected.begin(), expected.end(), 0.0);
    for (size_t h = 1; h < H; ++h)
      for (size_t i = 0; i < D / 2; ++i) {
        double a = pos * inverseFrequency(i, D, theta, oldContext, factor, lo, hi);
        double x1 = x[h * D + i], x2 = x[h * D + i + D / 2];
        expected[h * D + i] = x1 * std::cos(a) - x2 * std::sin(a);
        expected[h * D + i + D / 2] = x2 * std::cos(a) + x1 * std::sin(a);
      }
    expectClose(getFloats(m.get(), out), expected, out);
  }
};

TEST_P(RopeTest, Plain) { check(false, 0); }
TEST_P(RopeTest, InPlace) { check(true, 0); }
// D = 16, theta = 1e4, context 64, factors 1..4: the four frequencies fall in
// the high, medium, medium and low bands, so every branch is exercised.
TEST_P(RopeTest, Llama3Scaling) { check(false, 64); }

TEST_P(KernelTest, KvStoreWritesTheRowOfThePosition) {
  const int64_t S = 5, D = 8;
  ArtifactBuilder b;
  b.buffer("src", TILEC_BUFFER_INPUT, dt(), {D});
  b.buffer("cache", TILEC_BUFFER_KV_CACHE, dt(), {S, D});
  b.task(0, makeTask(TILEC_TASK_KV_STORE, "kv", {{0, "src"}, {1, "cache"}}, {S, D}));
  Model m = buildAndLoad(b, dir);
  setFloats(m.get(), "src", randomFloats(D, 17));
  run(m.get(), 3);
  std::vector<float> src = getFloats(m.get(), "src"), cache = getFloats(m.get(), "cache");
  for (int64_t t = 0; t < S; ++t)
    for (int64_t d = 0; d < D; ++d)
      EXPECT_EQ(cache[t * D + d], t == 3 ? src[d] : 0.0f) << t << "," << d;
}

// A KV_STORE with ip2 = head_dim rotates each head of the row first (the
// key's rope folded into its append): the same values as ROPE then a plain
// store, in the position's row only.
TEST_P(KernelTest, KvStoreRotatesEachHeadWhenAskedTo) {
  const int64_t S = 6, D = 16, H = 3, W = H * D;
  const int32_t pos = 4;
  const float theta = 10000, factor = 8, lo = 1, hi = 4;
  const int64_t oldContext = 64;
  ArtifactBuilder b;
  b.buffer("src", TILEC_BUFFER_INPUT, dt(), {W});
  b.buffer("rot", TILEC_BUFFER_OUTPUT, dt(), {W});
  b.buffer("cache", TILEC_BUFFER_KV_CACHE, dt(), {S, W});
  b.buffer("plain", TILEC_BUFFER_KV_CACHE, dt(), {S, W});
  b.task(0, makeTask(TILEC_TASK_KV_STORE, "kv", {{0, "src"}, {1, "cache"}},
                     {S, W, D, oldContext}, {theta, factor, lo, hi}));
  b.task(0, makeTask(TILEC_TASK_ROPE, "rope", {{0, "src"}, {1, "rot"}}, {D, 0, H, oldContext},
                     {theta, factor, lo, hi}));
  b.task(0, makeTask(TILEC_TASK_KV_STORE, "store", {{0, "rot"}, {1, "plain"}}, {S, W}));
  Model m = buildAndLoad(b, dir);
  setFloats(m.get(), "src", randomFloats(W, 18));
  run(m.get(), pos);
  std::vector<float> src = getFloats(m.get(), "src"), cache = getFloats(m.get(), "cache"),
                     plain = getFloats(m.get(), "plain");
  EXPECT_EQ(cache, plain);
  for (int64_t t = 0; t < S; ++t)
    for (int64_t d = 0; d < W; ++d)
      if (t != pos)
        EXPECT_EQ(cache[t * W + d], 0.0f) << t << "," << d;
  std::vector<float> row(cache.begin() + pos * W, cache.begin() + (pos + 1) * W);
  EXPECT_NE(row, src) << "the row was stored without its rotation";
}

class AttentionTest : public KernelTest {
protected:
  /// Split-KV attention over C chunks and GQA (4 query heads, 2 KV heads),
  /// combined, against one direct softmax per head.
  void check(int32_t pos) {
    const int64_t Hq = 4, Hkv = 2, D = 8, S = 20, chunk = 6, C = 4;
    const float scale = 1.0f / std::sqrt(float(D));
    ArtifactBuilder b;
    b.buffer("q", TILEC_BUFFER_INPUT, dt(), {Hq * D});
    b.buffer("k", TILEC_BUFFER_KV_CACHE, dt(), {S, Hkv * D});
    b.buffer("v", TILEC_BUFFER_KV_CACHE, dt(), {S, Hkv * D});
    b.buffer("partial", TILEC_BUFFER_SCRATCH, TILEC_DTYPE_F32, {C, Hq, D + 2});
    b.buffer("out", TILEC_BUFFER_OUTPUT, dt(), {Hq * D});
    for (int64_t g = 0; g < Hkv; ++g)
      for (int64_t c = 0; c < C; ++c)
        b.task(0, makeTask(TILEC_TASK_ATTN_PARTIAL, "partial",
                           {{0, "q"}, {1, "k"}, {2, "v"}, {3, "partial"}},
                           {Hq, Hkv, D, S, c, g, chunk, C}, {scale}));
    b.task(0, makeTask(TILEC_TASK_ATTN_COMBINE, "combine", {{0, "partial"}, {1, "out"}},
                       {Hq, 0, D, 0, 0, Hq, 0, C}));
    Model m = buildAndLoad(b, dir);
    setFloats(m.get(), "q", randomFloats(Hq * D, 18, -2, 2));
    setFloats(m.get(), "k", randomFloats(S * Hkv * D, 19));
    setFloats(m.get(), "v", randomFloats(S * Hkv * D, 20));
    run(m.get(), pos);
    std::vector<float> q = getFloats(m.get(), "q"), k = getFloats(m.get(), "k"),
                       v = getFloats(m.get(), "v");
    std::vector<double> expected(Hq * D, 0.0);
    for (int64_t h = 0; h < Hq; ++h) {
      int64_t g = h / (Hq / Hkv);
      std::vector<double> s(pos + 1);
      double mx = -INFINITY, sum = 0;
      for (int64_t t = 0; t <= pos; ++t) {
        s[t] = 0;
        for (int64_t d = 0; d < D; ++d)
          s[t] += double(q[h * D + d]) * k[(t * Hkv + g) * D + d];
        s[t] *= scale;
        mx = std::max(mx, s[t]);
      }
      for (int64_t t = 0; t <= pos; ++t)
        sum += std::exp(s[t] - mx);
      for (int64_t t = 0; t <= pos; ++t)
        for (int64_t d = 0; d < D; ++d)
          expected[h * D + d] += std::exp(s[t] - mx) / sum * v[(t * Hkv + g) * D + d];
    }
    expectClose(getFloats(m.get(), "out"), expected, "out");
    // The partials are chunk-major [C, Hq, D+2] (the layout the GPU kernel
    // and the compiler's access ranges assume): a chunk holds a sum of
    // exponentials l > 0 exactly when it has positions <= pos.
    std::vector<float> partial = getFloats(m.get(), "partial");
    for (int64_t c = 0; c < C; ++c)
      for (int64_t h = 0; h < Hq; ++h) {
        float l = partial[(c * Hq + h) * (D + 2) + D + 1];
        EXPECT_EQ(l > 0, c * chunk <= pos) << "chunk " << c << ", head " << h;
      }

    // Chunks past the position are empty: m = -inf, l = 0, o = 0.
    for (int64_t h = 0; h < Hq; ++h)
      for (int64_t c = (pos + chunk) / chunk; c < C; ++c) {
        const float *p = &partial[(c * Hq + h) * (D + 2)];
        EXPECT_EQ(p[D], -std::numeric_limits<float>::infinity()) << "h" << h << " c" << c;
        EXPECT_EQ(p[D + 1], 0.0f);
        for (int64_t d = 0; d < D; ++d)
          EXPECT_EQ(p[d], 0.0f);
      }
  }
};

TEST_P(AttentionTest, SeveralChunksGqa) { check(13); }
TEST_P(AttentionTest, FirstPosition) { check(0); }
TEST_P(AttentionTest, LastPosition) { check(19); }

// A MATVEC whose x is attention partials (ip4 = C chunks, ip5 H, ip6 D, ip7
// the merged x's dtype) gives the same bits as ATTN_COMBINE storing x and a
// plain MATVEC reading it: the combine folded into the projection. Position
// 6 leaves chunk 2 (positions 8..11) empty (m = -inf), which the merge must
// skip.
TEST_P(KernelTest, MatvecMergesAttentionPartialsLikeACombine) {
  const int64_t Hq = 4, Hkv = 2, D = 8, S = 12, chunk = 4, C = 3, N = 6, K = Hq * D;
  ArtifactBuilder b;
  b.buffer("q", TILEC_BUFFER_INPUT, dt(), {K});
  b.buffer("k", TILEC_BUFFER_KV_CACHE, dt(), {S, Hkv * D});
  b.buffer("v", TILEC_BUFFER_KV_CACHE, dt(), {S, Hkv * D});
  b.buffer("partial", TILEC_BUFFER_SCRATCH, TILEC_DTYPE_F32, {C, Hq, D + 2});
  b.buffer("attn", TILEC_BUFFER_SCRATCH, dt(), {K});
  b.buffer("W", TILEC_BUFFER_WEIGHT, dt(), {N, K});
  b.buffer("separate", TILEC_BUFFER_OUTPUT, dt(), {N});
  b.buffer("folded", TILEC_BUFFER_OUTPUT, dt(), {N});
  for (int64_t g = 0; g < Hkv; ++g)
    for (int64_t c = 0; c < C; ++c)
      b.task(0, makeTask(TILEC_TASK_ATTN_PARTIAL, "partial",
                         {{0, "q"}, {1, "k"}, {2, "v"}, {3, "partial"}},
                         {Hq, Hkv, D, S, c, g, chunk, C}, {0.35f}));
  b.task(0, makeTask(TILEC_TASK_ATTN_COMBINE, "combine", {{0, "partial"}, {1, "attn"}},
                     {Hq, 0, D, 0, 0, Hq, 0, C}));
  b.task(0, makeTask(TILEC_TASK_MATVEC, "separate", {{0, "W"}, {1, "attn"}, {2, "separate"}},
                     {N, K, 0, N}));
  b.task(0, makeTask(TILEC_TASK_MATVEC, "folded", {{0, "W"}, {1, "partial"}, {2, "folded"}},
                     {N, K, 0, N, C, Hq, D, int64_t(dt())}));
  Model m = buildAndLoad(b, dir);
  setFloats(m.get(), "q", randomFloats(K, 21, -2, 2));
  setFloats(m.get(), "k", randomFloats(S * Hkv * D, 22));
  setFloats(m.get(), "v", randomFloats(S * Hkv * D, 23));
  setFloats(m.get(), "W", randomFloats(N * K, 24));
  run(m.get(), 6);
  std::vector<float> separate = getFloats(m.get(), "separate");
  EXPECT_EQ(getFloats(m.get(), "folded"), separate);
  EXPECT_NE(separate, std::vector<float>(N, 0.0f));
}

// A folded combine's contract: H x D must be the weight's columns, the
// merged x a float dtype.
TEST_P(KernelTest, FoldedCombineParametersAreChecked) {
  for (auto [K, xDtype, why] :
       {std::tuple{int64_t(30), int64_t(dt()), "H x D = 4 x 8 is not K = 30"},
        std::tuple{int64_t(32), int64_t(TILEC_DTYPE_I32),
                   "ip7 (x_dtype) = 4 is not a float dtype"}}) {
    ArtifactBuilder b;
    b.buffer("partial", TILEC_BUFFER_SCRATCH, TILEC_DTYPE_F32, {2, 4, 10});
    b.buffer("W", TILEC_BUFFER_WEIGHT, dt(), {6, K});
    b.buffer("y", TILEC_BUFFER_OUTPUT, dt(), {6});
    b.task(0, makeTask(TILEC_TASK_MATVEC, "folded", {{0, "W"}, {1, "partial"}, {2, "y"}},
                       {6, K, 0, 6, 2, 4, 8, xDtype}));
    b.write(dir.path());
    std::string error = loadError(dir.path());
    EXPECT_NE(error.find(std::string("task 'folded' (#0, matvec): ") + why), std::string::npos)
        << error;
  }
}

class ElementwiseTest : public KernelTest {
protected:
  void check(tilec_task_kind kind) {
    ArtifactBuilder b;
    b.buffer("a", TILEC_BUFFER_INPUT, dt(), {12});
    b.buffer("b", TILEC_BUFFER_INPUT, dt(), {12});
    b.buffer("y", TILEC_BUFFER_OUTPUT, dt(), {12});
    b.task(0, makeTask(kind, "ew", {{0, "a"}, {1, "b"}, {2, "y"}}, {2, 10}));
    Model m = buildAndLoad(b, dir);
    setFloats(m.get(), "a", randomFloats(12, 21, -4, 4));
    setFloats(m.get(), "b", randomFloats(12, 22, -4, 4));
    run(m.get(), 0);
    std::vector<float> a = getFloats(m.get(), "a"), bb = getFloats(m.get(), "b");
    std::vector<double> expected(12, 0.0);
    for (int i = 2; i < 10; ++i)
      expected[i] = kind == TILEC_TASK_ADD ? double(a[i]) + bb[i]
                                           : a[i] / (1 + std::exp(-double(a[i]))) * bb[i];
    expectClose(getFloats(m.get(), "y"), expected, "y");
  }
};

TEST_P(ElementwiseTest, Add) { check(TILEC_TASK_ADD); }
TEST_P(ElementwiseTest, SiluMul) { check(TILEC_TASK_SILU_MUL); }

TEST_P(KernelTest, ArgmaxTiesGoToTheSmallestIndex) {
  ArtifactBuilder b;
  b.buffer("logits", TILEC_BUFFER_ACTIVATION, dt(), {9});
  b.buffer("tok", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_I32, {1});
  b.task(0, makeTask(TILEC_TASK_ARGMAX, "argmax", {{0, "logits"}, {1, "tok"}}, {9}));
  Model m = buildAndLoad(b, dir);
  setFloats(m.get(), "logits", {0.5f, -1, 2, 2.5f, 1, 0, -3, 2.5f, 2.5f});
  run(m.get(), 0);
  EXPECT_EQ(getInts(m.get(), "tok"), std::vector<int32_t>{3});
  setFloats(m.get(), "logits", {-7, -7, -7, -7, -7, -7, -7, -7, -6});
  run(m.get(), 1);
  EXPECT_EQ(getInts(m.get(), "tok"), std::vector<int32_t>{8});
}

const auto kDtypes = ::testing::Values(TILEC_DTYPE_F32, TILEC_DTYPE_BF16);
std::string dtypeName(const ::testing::TestParamInfo<tilec_dtype> &info) {
  return tilec_dtype_name(info.param);
}

INSTANTIATE_TEST_SUITE_P(Dtypes, KernelTest, kDtypes, dtypeName);
INSTANTIATE_TEST_SUITE_P(Dtypes, MatvecTest, kDtypes, dtypeName);
INSTANTIATE_TEST_SUITE_P(Dtypes, SwigluTest, kDtypes, dtypeName);
INSTANTIATE_TEST_SUITE_P(Dtypes, RopeTest, kDtypes, dtypeName);
INSTANTIATE_TEST_SUITE_P(Dtypes, AttentionTest, kDtypes, dtypeName);
INSTANTIATE_TEST_SUITE_P(Dtypes, ElementwiseTest, kDtypes, dtypeName);

// ---- run-time index faults ---------------------------------------------------

TEST(KernelFaultTest, TokenIdOutOfRangeIsABadIndexFault) {
  TempDir dir;
  ArtifactBuilder b;
  b.buffer("table", TILEC_BUFFER_WEIGHT, TILEC_DTYPE_F32, {10, 4});
  b.buffer("ids", TILEC_BUFFER_INPUT, TILEC_DTYPE_I32, {1});
  b.buffer("out", TILEC_BUFFER_OUTPUT, TILEC_DTYPE_F32, {4});
  b.task(0, makeTask(TILEC_TASK_EMBED, "embed_tokens", {{0, "table"}, {1, "ids"}, {2, "out"}},
                     {10, 4}));
  Model m = buildAndLoad(b, dir);
  // A run needs every weight written: until then it is refused.
  setInts(m.get(), "ids", {2});
  ASSERT_EQ(tilec_run(m.get(), 0, 1), TILEC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(tilec_last_error(),
               "1 weight buffer is unset: 'table'; load a checkpoint that has them, set "
               "them, or fill them with random values");
  ASSERT_EQ(tilec_fill_random(m.get(), 0, nullptr, 1), TILEC_OK);
  for (int32_t id : {10, -1}) {
    setInts(m.get(), "ids", {id});
    ASSERT_EQ(tilec_run(m.get(), 0, 1), TILEC_ERROR_FAULT);
    std::string msg = tilec_last_error();
    EXPECT_NE(msg.find("task 'embed_tokens' (#0, embed) on worker gpu0/0"), std::string::npos)
        << msg;
    EXPECT_NE(msg.find("token id " + std::to_string(id) + " is outside [0, 10)"), std::string::npos)
        << msg;
    tilec_fault f;
    ASSERT_EQ(tilec_model_fault(m.get(), &f), TILEC_OK);
    EXPECT_EQ(f.code, TILEC_FAULT_BAD_INDEX);
    EXPECT_EQ(f.value, id);
    EXPECT_EQ(f.task, 0u);
  }
  EXPECT_EQ(getFloats(m.get(), "out"), std::vector<float>(4, 0.0f)); // nothing written
  // The model runs again once the input is fixed.
  setInts(m.get(), "ids", {2});
  run(m.get(), 0);
}

TEST(KernelFaultTest, PositionPastTheCacheIsABadIndexFault) {
  TempDir dir;
  ArtifactBuilder b;
  b.buffer("src", TILEC_BUFFER_INPUT, TILEC_DTYPE_F32, {4});
  b.buffer("cache", TILEC_BUFFER_KV_CACHE, TILEC_DTYPE_F32, {5, 4});
  b.task(0, makeTask(TILEC_TASK_KV_STORE, "k_store", {{0, "src"}, {1, "cache"}}, {5, 4}));
  Model m = buildAndLoad(b, dir);
  run(m.get(), 3, 2); // positions 3 and 4
  ASSERT_EQ(tilec_run(m.get(), 5, 1), TILEC_ERROR_FAULT);
  std::string msg = tilec_last_error();
  EXPECT_NE(msg.find("task 'k_store'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("position 5 is outside the KV cache [0, 5)"), std::string::npos) << msg;
  EXPECT_NE(msg.find("epoch 3"), std::string::npos) << msg;
}

} // namespace
