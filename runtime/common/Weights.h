//===- Weights.h - binding weights: safetensors, random, checks -------------===//
#ifndef TILEC_RUNTIME_COMMON_WEIGHTS_H
#define TILEC_RUNTIME_COMMON_WEIGHTS_H

#include "Model.h"
#include "Safetensors.h"

#include <string>
#include <vector>

namespace tilec::rt {

/// One weight buffer to fill from one checked tensor.
struct PlannedCopy {
  size_t buffer;
  const TensorView *tensor;
};

/// Throws unless `t` (from file `path`) fits buffer `ref`: same shape, the
/// same dtype or a float dtype that converts, and (unless allowNonFinite) no
/// NaN or infinity.
void checkTensor(const std::string &path, const BufferRef &ref, const TensorView &t,
                 bool allowNonFinite);

/// Copies checked tensors into their buffers (converting floats), reporting
/// bytes done; cannot fail, so call it only once everything is checked.
tilec_load_report copyPlanned(tilec_model &model, const std::vector<PlannedCopy> &plan,
                              tilec_progress_fn progress, void *user);

/// tilec_load_checkpoint: a safetensors file, or a model directory with
/// model.safetensors or model.safetensors.index.json and its shards.
tilec_load_report loadCheckpoint(tilec_model &model, const std::string &path,
                                 tilec_progress_fn progress, void *user);

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
