//===- Dtype.h - element types: names, sizes, float conversions -------------===//
//
// Storage types are f32, bf16, f16, i32, i8; arithmetic is fp32. Conversions
// to bf16/f16 round to nearest even, as PyTorch and the GPU's cvt.rn do, so
// host results match a GPU bit for bit where the arithmetic does.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_COMMON_DTYPE_H
#define TILEC_RUNTIME_COMMON_DTYPE_H

#include "tilec/schedule_table.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace tilec::rt {

/// Bytes per element; 0 for TILEC_DTYPE_NONE and unknown values.
size_t dtypeSize(uint32_t dtype);
/// "f32", "bf16", "f16", "i32", "i8"; "?" for anything else.
const char *dtypeName(uint32_t dtype);
/// The manifest spelling back to the enum; false if unknown.
bool parseDtype(const std::string &name, tilec_dtype *out);
bool isFloatDtype(uint32_t dtype); // f32, bf16, f16

uint16_t floatToBf16(float value);
float bf16ToFloat(uint16_t bits);
uint16_t floatToF16(float value);
float f16ToFloat(uint16_t bits);

/// Reads n elements of a float dtype (any alignment) as fp32.
void loadFloats(const void *src, uint32_t dtype, size_t n, float *out);
/// Writes n fp32 values into a float dtype, rounding to nearest even.
void storeFloats(const float *in, size_t n, uint32_t dtype, void *dst);
/// Converts between float dtypes through fp32 (a plain copy if equal; the
/// ranges may overlap).
void convertFloats(const void *src, uint32_t srcDtype, void *dst, uint32_t dstDtype, size_t n);

} // namespace tilec::rt

#endif
