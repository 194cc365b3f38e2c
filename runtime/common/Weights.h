//===- Weights.h - binding weights: safetensors, random, checks -------------===//
#ifndef TILEC_RUNTIME_COMMON_WEIGHTS_H
#define TILEC_RUNTIME_COMMON_WEIGHTS_H

#include "Model.h"

#include <string>

namespace tilec::rt {

/// tilec_load_safetensors: validates every match first, then copies.
tilec_load_report loadSafetensors(tilec_model &model, const std::string &path, uint32_t flags);

/// tilec_fill_random (see runtime.h for the distribution).
void fillRandom(tilec_model &model, uint32_t kindMask, const char *address, uint64_t seed);

uint32_t unsetWeightCount(const tilec_model &model);
/// Throws Error naming the first unset weights and their checkpoint names.
void requireWeights(const tilec_model &model);

/// Index of the buffer at address; throws Error(INVALID_ARGUMENT) listing
/// the buffers there are if none.
size_t findBufferOrFail(const tilec_model &model, const char *address);

} // namespace tilec::rt

#endif
