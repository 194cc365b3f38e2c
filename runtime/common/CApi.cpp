//===- CApi.cpp - the extern "C" functions of tilec/runtime.h ---------------===//
//
// Each function checks its arguments, calls into the runtime inside guard(),
// and turns any exception into a status plus the thread's last-error message:
// no C++ exception ever crosses the C boundary.
//
//===----------------------------------------------------------------------===//
#include "tilec/runtime.h"

#include "Artifact.h"
#include "Dtype.h"
#include "Error.h"
#include "Model.h"
#include "Trace.h"
#include "Weights.h"

#include "../host/HostBackend.h"
#ifdef TILEC_RUNTIME_HAS_CUDA
#include "../cuda/CudaBackend.h"
#endif

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstring>

using namespace tilec::rt;

namespace {

thread_local std::string lastError;

template <class F> tilec_status guard(F &&body) {
  try {
    body();
    return TILEC_OK;
  } catch (const Error &e) {
    lastError = e.what();
    return e.status();
  } catch (const std::bad_alloc &) {
    lastError = "out of memory";
    return TILEC_ERROR_INTERNAL;
  } catch (const std::exception &e) {
    lastError = cat("internal error: ", e.what());
    return TILEC_ERROR_INTERNAL;
  } catch (...) {
    lastError = "internal error";
    return TILEC_ERROR_INTERNAL;
  }
}

template <class T> void require(const T *p, const char *what) {
  if (!p)
    fail(TILEC_ERROR_INVALID_ARGUMENT, what, " is NULL");
}

// The first tilec_options ended with `trace`; later fields start past its
// padding, so a caller built against that header (struct_size 32) never
// hands over bytes that alias them.
static_assert(offsetof(tilec_options, cuda_wait_bound) == TILEC_OPTIONS_SIZE_V1,
              "fields added to tilec_options must start after the first version's size");
// Likewise for the second version, which ended with host_threads and tail
// padding (struct_size 56): its padding is `reserved`, never read.
static_assert(offsetof(tilec_options, cuda_weight_ring) == TILEC_OPTIONS_SIZE_V2,
              "fields added after host_threads must start after the second version's size");

tilec_options effectiveOptions(const tilec_options *given) {
  tilec_options o;
  tilec_options_init(&o);
  if (given) {
    if (given->struct_size < TILEC_OPTIONS_SIZE_V1)
      fail(TILEC_ERROR_INVALID_ARGUMENT, "tilec_options.struct_size is ", given->struct_size,
           ", expected at least ", TILEC_OPTIONS_SIZE_V1, " (call tilec_options_init first)");
    // Fields the caller's struct does not have keep their defaults; fields
    // a newer caller has and this runtime does not know are ignored.
    std::memcpy(&o, given, std::min<size_t>(given->struct_size, sizeof o));
    o.struct_size = sizeof o;
  }
  if (o.chaos_max_delay_us == 0)
    o.chaos_max_delay_us = 200;
  if (o.wait_timeout_ms == 0)
    o.wait_timeout_ms = 10000;
#ifndef TILEC_RUNTIME_HAS_CUDA
  if (o.backend == TILEC_BACKEND_CUDA)
    fail(TILEC_ERROR_UNSUPPORTED,
         "backend 'cuda' is not built in this runtime yet; use the host backend");
#endif
  if (o.backend != TILEC_BACKEND_HOST && o.backend != TILEC_BACKEND_CUDA)
    fail(TILEC_ERROR_INVALID_ARGUMENT, "unknown backend ", o.backend);
  return o;
}

std::unique_ptr<Backend> makeBackend(const tilec_model &m) {
#ifdef TILEC_RUNTIME_HAS_CUDA
  if (m.options.backend == TILEC_BACKEND_CUDA)
    return cuda::makeCudaBackend(m.artifact, m.options);
#endif
  return host::makeHostBackend(m.artifact, m.options, m.origin);
}

/// Checks that steps more steps keep every wait target in 32 bits.
void checkEpochRange(const tilec_model &m, uint32_t steps) {
  const ScheduleTable &t = m.artifact.table;
  uint64_t lastEpoch = m.stepsRun + steps;
  for (uint32_t e = 0; e < t.numEvents(); ++e)
    if (uint64_t(t.event(e).target) * lastEpoch > UINT32_MAX)
      fail(TILEC_ERROR_INVALID_ARGUMENT, "epoch ", lastEpoch,
           " would overflow the 32-bit counter of event '", t.eventName(e), "' (target ",
           t.event(e).target, "): load the model again");
}

} // namespace

extern "C" {

void tilec_options_init(tilec_options *opts) {
  if (!opts)
    return;
  std::memset(opts, 0, sizeof *opts);
  opts->struct_size = sizeof *opts;
  opts->backend = TILEC_BACKEND_HOST;
  opts->chaos_max_delay_us = 200;
  opts->wait_timeout_ms = 10000;
  opts->cuda_device = -1;
}

tilec_status tilec_model_load(const char *artifact_dir, const tilec_options *opts,
                              tilec_model **out) {
  return guard([&] {
    require(artifact_dir, "artifact_dir");
    require(out, "out");
    *out = nullptr;
    auto m = std::make_unique<tilec_model>();
    m->options = effectiveOptions(opts);
    m->origin = std::chrono::steady_clock::now();
    m->artifact = loadArtifact(artifact_dir);
    m->isSet.assign(m->artifact.buffers.size(), false);
    m->backend = makeBackend(*m);
    *out = m.release();
  });
}

void tilec_model_free(tilec_model *model) { delete model; }

const char *tilec_last_error(void) { return lastError.c_str(); }

const char *tilec_version(void) {
  static const std::string version = cat("tilec-runtime 0.1.0 (table version ", TILEC_TABLE_VERSION,
                                         ", manifest version ", kManifestVersion, ")");
  return version.c_str();
}

tilec_status tilec_model_get_info(const tilec_model *m, tilec_model_info *out) {
  return guard([&] {
    require(m, "model");
    require(out, "out");
    const ScheduleTable &t = m->artifact.table;
    out->num_programs = t.numPrograms();
    out->num_workers = t.numWorkers();
    out->num_tasks = t.numTasks();
    out->num_events = t.numEvents();
    out->num_buffers = static_cast<uint32_t>(m->artifact.buffers.size());
    out->backend = m->options.backend;
    out->steps_run = m->stepsRun;
    out->generator = m->artifact.manifest.generator.c_str();
    out->activation_dtype = m->artifact.manifest.activationDtype.c_str();
  });
}

size_t tilec_buffer_count(const tilec_model *m) { return m ? m->artifact.buffers.size() : 0; }

tilec_status tilec_buffer_get_info(const tilec_model *m, size_t index, tilec_buffer_info *out) {
  return guard([&] {
    require(m, "model");
    require(out, "out");
    if (index >= m->artifact.buffers.size())
      fail(TILEC_ERROR_INVALID_ARGUMENT, "buffer index ", index, " is not below the count ",
           m->artifact.buffers.size());
    const BufferRef &ref = m->artifact.buffers[index];
    const BufferDesc &b = *ref.desc;
    std::memset(out, 0, sizeof *out);
    out->name = b.name.c_str();
    out->address = ref.address.c_str();
    out->program = m->artifact.manifest.programs[ref.program].name.c_str();
    out->source = b.source.c_str();
    out->kind = b.kind;
    out->dtype = b.dtype;
    out->rank = static_cast<uint32_t>(b.shape.size());
    out->is_set = m->isSet[index];
    for (size_t i = 0; i < b.shape.size(); ++i)
      out->shape[i] = b.shape[i];
    out->bytes = b.bytes;
  });
}

tilec_status tilec_buffer_find(const tilec_model *m, const char *address, size_t *index) {
  return guard([&] {
    require(m, "model");
    require(index, "index");
    *index = findBufferOrFail(*m, address);
  });
}

const char *tilec_buffer_kind_name(uint32_t kind) { return bufferKindName(kind); }
const char *tilec_dtype_name(uint32_t dtype) { return dtypeName(dtype); }

tilec_status tilec_convert_floats(const void *src, uint32_t src_dtype, void *dst,
                                  uint32_t dst_dtype, size_t n) {
  return guard([&] {
    if (!isFloatDtype(src_dtype) || !isFloatDtype(dst_dtype))
      fail(TILEC_ERROR_INVALID_ARGUMENT, "cannot convert ", dtypeName(src_dtype), " to ",
           dtypeName(dst_dtype), ": only f32, bf16 and f16 convert");
    if (n) {
      require(src, "src");
      require(dst, "dst");
    }
    convertFloats(src, src_dtype, dst, dst_dtype, n);
  });
}

static const BufferRef &sizedBuffer(const tilec_model &m, const char *address, const void *data,
                                    size_t bytes, size_t *index) {
  *index = findBufferOrFail(m, address);
  const BufferRef &ref = m.artifact.buffers[*index];
  if (bytes != ref.desc->bytes)
    fail(TILEC_ERROR_INVALID_ARGUMENT, "buffer '", address, "' holds ", ref.desc->bytes, " bytes (",
         dtypeName(ref.desc->dtype), " ", shapeString(ref.desc->shape), "), got ", bytes);
  if (!data && bytes)
    fail(TILEC_ERROR_INVALID_ARGUMENT, "data for buffer '", address, "' is NULL");
  return ref;
}

tilec_status tilec_set_buffer(tilec_model *m, const char *address, const void *data, size_t bytes) {
  return guard([&] {
    require(m, "model");
    size_t index;
    const BufferRef &ref = sizedBuffer(*m, address, data, bytes, &index);
    m->backend->write(ref.program, ref.desc->offset, data, bytes);
    m->isSet[index] = true;
  });
}

tilec_status tilec_get_buffer(const tilec_model *m, const char *address, void *data, size_t bytes) {
  return guard([&] {
    require(m, "model");
    size_t index;
    const BufferRef &ref = sizedBuffer(*m, address, data, bytes, &index);
    m->backend->read(ref.program, ref.desc->offset, data, bytes);
  });
}

tilec_status tilec_fill_random(tilec_model *m, uint32_t kind_mask, const char *address,
                               uint64_t seed) {
  return guard([&] {
    require(m, "model");
    fillRandom(*m, kind_mask, address, seed);
  });
}

tilec_status tilec_load_safetensors(tilec_model *m, const char *path, uint32_t flags,
                                    tilec_load_report *report) {
  return guard([&] {
    require(m, "model");
    require(path, "path");
    tilec_load_report r = loadSafetensors(*m, path, flags);
    if (report)
      *report = r;
  });
}

tilec_status tilec_load_checkpoint(tilec_model *m, const char *path, tilec_progress_fn progress,
                                   void *user, tilec_load_report *report) {
  return guard([&] {
    require(m, "model");
    require(path, "path");
    tilec_load_report r = loadCheckpoint(*m, path, progress, user);
    if (report)
      *report = r;
  });
}

uint32_t tilec_unset_weight_count(const tilec_model *m) { return m ? unsetWeightCount(*m) : 0; }

tilec_status tilec_require_weights(const tilec_model *m) {
  return guard([&] {
    require(m, "model");
    requireWeights(*m);
  });
}

tilec_status tilec_run(tilec_model *m, int32_t first_position, uint32_t steps) {
  return guard([&] {
    require(m, "model");
    if (first_position < 0)
      fail(TILEC_ERROR_INVALID_ARGUMENT, "first_position ", first_position, " is negative");
    if (steps == 0)
      return;
    // A step with a weight never written would compute on zeros: an error,
    // not silent garbage.
    requireWeights(*m);
    if (int64_t(first_position) + steps - 1 > INT32_MAX)
      fail(TILEC_ERROR_INVALID_ARGUMENT, "positions ", first_position, " + ", steps,
           " steps exceed the 32-bit position");
    checkEpochRange(*m, steps);
    m->lastFault = tilec_fault{};
    RunResult r = m->backend->run({first_position, steps, m->stepsRun},
                                  m->options.trace ? &m->trace : nullptr);
    m->lastFault = r.fault;
    if (r.fault.code == TILEC_FAULT_NONE) {
      m->stepsRun += steps;
      return;
    }
    // The faulting step counts as run; counters are brought to its end so
    // the next step's waits (target x epoch) mean what they should.
    m->stepsRun += r.stepsCompleted + 1;
    const ScheduleTable &t = m->artifact.table;
    std::vector<uint32_t> counters(t.numEvents());
    for (uint32_t e = 0; e < t.numEvents(); ++e)
      counters[e] = static_cast<uint32_t>(t.event(e).target * m->stepsRun);
    m->backend->writeCounters(counters.data());
    fail(TILEC_ERROR_FAULT, r.message);
  });
}

tilec_status tilec_model_fault(const tilec_model *m, tilec_fault *out) {
  return guard([&] {
    require(m, "model");
    require(out, "out");
    *out = m->lastFault;
  });
}

tilec_status tilec_event_counters(const tilec_model *m, uint32_t *out, size_t count) {
  return guard([&] {
    require(m, "model");
    if (count != m->artifact.table.numEvents())
      fail(TILEC_ERROR_INVALID_ARGUMENT, "count ", count, " differs from the ",
           m->artifact.table.numEvents(), " events");
    if (count)
      require(out, "out");
    m->backend->readCounters(out);
  });
}

tilec_status tilec_write_trace(const tilec_model *m, const char *path) {
  return guard([&] {
    require(m, "model");
    require(path, "path");
    if (!m->options.trace)
      fail(TILEC_ERROR_INVALID_ARGUMENT,
           "tracing is off: load the model with tilec_options.trace = true");
    writeTrace(*m, path);
  });
}

} // extern "C"
