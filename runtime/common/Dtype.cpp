//===- Dtype.cpp - element types: names, sizes, float conversions -----------===//
#include "Dtype.h"

#include <cmath>
#include <cstring>
#include <vector>

namespace tilec::rt {

size_t dtypeSize(uint32_t dtype) {
  switch (dtype) {
  case TILEC_DTYPE_F32:
    return 4;
  case TILEC_DTYPE_BF16:
    return 2;
  case TILEC_DTYPE_F16:
    return 2;
  case TILEC_DTYPE_I32:
    return 4;
  case TILEC_DTYPE_I8:
    return 1;
  default:
    return 0;
  }
}

const char *dtypeName(uint32_t dtype) {
  switch (dtype) {
  case TILEC_DTYPE_F32:
    return "f32";
  case TILEC_DTYPE_BF16:
    return "bf16";
  case TILEC_DTYPE_F16:
    return "f16";
  case TILEC_DTYPE_I32:
    return "i32";
  case TILEC_DTYPE_I8:
    return "i8";
  default:
    return "?";
  }
}

bool parseDtype(const std::string &name, tilec_dtype *out) {
  for (uint32_t d = TILEC_DTYPE_F32; d <= TILEC_DTYPE_I8; ++d)
    if (name == dtypeName(d)) {
      *out = static_cast<tilec_dtype>(d);
      return true;
    }
  return false;
}

bool isFloatDtype(uint32_t dtype) {
  return dtype == TILEC_DTYPE_F32 || dtype == TILEC_DTYPE_BF16 || dtype == TILEC_DTYPE_F16;
}

static uint32_t bitsOf(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  return x;
}
static float floatOf(uint32_t x) {
  float f;
  std::memcpy(&f, &x, 4);
  return f;
}

uint16_t floatToBf16(float value) {
  uint32_t x = bitsOf(value);
  if ((x & 0x7FFFFFFFu) > 0x7F800000u) // NaN: keep it a (quiet) NaN
    return static_cast<uint16_t>((x >> 16) | 0x40u);
  x += 0x7FFFu + ((x >> 16) & 1u); // round to nearest, ties to even
  return static_cast<uint16_t>(x >> 16);
}

float bf16ToFloat(uint16_t bits) { return floatOf(static_cast<uint32_t>(bits) << 16); }

uint16_t floatToF16(float value) {
  uint32_t x = bitsOf(value);
  uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  uint32_t abs = x & 0x7FFFFFFFu;
  if (abs > 0x7F800000u) // NaN
    return sign | 0x7E00u;
  if (abs >= 0x477FF000u) // >= 65520 rounds to infinity
    return sign | 0x7C00u;
  if (abs < 0x38800000u) { // below 2^-14: a half subnormal (or zero)
    if (abs < 0x33000000u) // at most 2^-25: rounds to zero (the tie is even)
      return sign;
    uint32_t exponent = abs >> 23;
    uint32_t mantissa = (abs & 0x7FFFFFu) | 0x800000u;
    uint32_t shift = 126 - exponent; // 14..24: units of 2^-24
    uint32_t q = mantissa >> shift;
    uint32_t rem = mantissa & ((1u << shift) - 1);
    uint32_t half = 1u << (shift - 1);
    if (rem > half || (rem == half && (q & 1u)))
      ++q; // may carry into the smallest normal, whose encoding is q
    return static_cast<uint16_t>(sign | q);
  }
  uint32_t r = abs - 0x38000000u; // rebias the exponent from 127 to 15
  r += 0xFFFu + ((r >> 13) & 1u);
  return static_cast<uint16_t>(sign | (r >> 13));
}

float f16ToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  uint32_t exponent = (bits >> 10) & 0x1Fu;
  uint32_t mantissa = bits & 0x3FFu;
  if (exponent == 0) {
    float v = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -v : v;
  }
  if (exponent == 31)
    return floatOf(sign | 0x7F800000u | (mantissa << 13));
  return floatOf(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

void loadFloats(const void *src, uint32_t dtype, size_t n, float *out) {
  const unsigned char *p = static_cast<const unsigned char *>(src);
  switch (dtype) {
  case TILEC_DTYPE_F32:
    std::memcpy(out, p, n * 4);
    return;
  case TILEC_DTYPE_BF16:
    for (size_t i = 0; i < n; ++i) {
      uint16_t b;
      std::memcpy(&b, p + 2 * i, 2);
      out[i] = bf16ToFloat(b);
    }
    return;
  case TILEC_DTYPE_F16:
    for (size_t i = 0; i < n; ++i) {
      uint16_t b;
      std::memcpy(&b, p + 2 * i, 2);
      out[i] = f16ToFloat(b);
    }
    return;
  default: // callers validate dtypes first
    std::memset(out, 0, n * sizeof(float));
    return;
  }
}

void storeFloats(const float *in, size_t n, uint32_t dtype, void *dst) {
  unsigned char *p = static_cast<unsigned char *>(dst);
  switch (dtype) {
  case TILEC_DTYPE_F32:
    std::memcpy(p, in, n * 4);
    return;
  case TILEC_DTYPE_BF16:
    for (size_t i = 0; i < n; ++i) {
      uint16_t b = floatToBf16(in[i]);
      std::memcpy(p + 2 * i, &b, 2);
    }
    return;
  case TILEC_DTYPE_F16:
    for (size_t i = 0; i < n; ++i) {
      uint16_t b = floatToF16(in[i]);
      std::memcpy(p + 2 * i, &b, 2);
    }
    return;
  default:
    return;
  }
}

void convertFloats(const void *src, uint32_t srcDtype, void *dst, uint32_t dstDtype, size_t n) {
  if (srcDtype == dstDtype) {
    // memmove: a task's source and destination may overlap (an in-place
    // embed or KV store is legal in the table).
    std::memmove(dst, src, n * dtypeSize(srcDtype));
    return;
  }
  // In blocks, so converting a large tensor needs no tensor-sized temporary.
  constexpr size_t block = 4096;
  float tmp[block];
  const unsigned char *s = static_cast<const unsigned char *>(src);
  unsigned char *d = static_cast<unsigned char *>(dst);
  for (size_t i = 0; i < n; i += block) {
    size_t m = n - i < block ? n - i : block;
    loadFloats(s + i * dtypeSize(srcDtype), srcDtype, m, tmp);
    storeFloats(tmp, m, dstDtype, d + i * dtypeSize(dstDtype));
  }
}

} // namespace tilec::rt
