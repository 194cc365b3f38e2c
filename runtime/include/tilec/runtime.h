/*===- tilec/runtime.h - the tilec runtime C ABI ---------------------------===*
 *
 * Loads a tilec artifact (manifest.json + schedule table), binds weights and
 * inputs, runs decode steps and reads outputs. Plain C, opaque handles, so
 * any host program (C, C++, Python via ctypes) can embed it.
 *
 * Errors: every function that can fail returns a tilec_status; on failure
 * tilec_last_error() holds a one-line message naming the file, the field or
 * name, and the reason. The message is per thread and stays until the next
 * failure on that thread.
 *
 * Threads: a model may be used from any thread, but not from two at once.
 *
 * Buffers are addressed by name: "name" when the artifact has one program,
 * "program/name" always (e.g. "gpu0/logits").
 *===----------------------------------------------------------------------===*/
#ifndef TILEC_RUNTIME_H
#define TILEC_RUNTIME_H

#include "tilec/schedule_table.h" /* tilec_dtype, tilec_fault */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The C ABI's functions are the only symbols the runtime exports: built with
 * hidden visibility, a library or plugin linking it (shared or static)
 * exports none of its internals. */
#if defined(__GNUC__)
#define TILEC_API __attribute__((visibility("default")))
#else
#define TILEC_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef enum tilec_status {
  TILEC_OK = 0,
  TILEC_ERROR_INVALID_ARGUMENT = 1, /* null pointer, unknown name, wrong size */
  TILEC_ERROR_IO = 2,               /* a file cannot be opened, read or written */
  TILEC_ERROR_BAD_ARTIFACT = 3,     /* manifest, table or safetensors file is
                                       malformed or inconsistent */
  TILEC_ERROR_UNSUPPORTED = 4,      /* backend or feature not in this runtime */
  TILEC_ERROR_FAULT = 5,            /* a run faulted: watchdog or bad index,
                                       see tilec_model_fault() */
  TILEC_ERROR_INTERNAL = 6,         /* out of memory, no threads, a bug */
} tilec_status;

typedef enum tilec_backend {
  TILEC_BACKEND_HOST = 0, /* CPU threads running the reference task bodies */
  TILEC_BACKEND_CUDA = 1, /* the artifact's persistent PTX kernel (kernel.ptx) on an
                             NVIDIA GPU, through the CUDA driver API (loaded at run
                             time: no link dependency on libcuda). Present when the
                             runtime was built with the CUDA toolkit's cuda.h, see
                             TILEC_RUNTIME_HAS_CUDA; else loading reports
                             TILEC_ERROR_UNSUPPORTED. */
} tilec_backend;

typedef struct tilec_options {
  uint32_t struct_size;        /* sizeof(tilec_options): lets fields be added */
  uint32_t backend;            /* tilec_backend */
  uint64_t chaos_seed;         /* 0: off; else random delays before each task
                                  to expose missing dependencies (host only) */
  uint32_t chaos_max_delay_us; /* largest chaos delay; 0 means 200 */
  uint32_t wait_timeout_ms;    /* watchdog bound of every wait; 0 means 10000 */
  bool trace;                  /* record every task for tilec_write_trace */
  /* Fields below were added after the first version, whose struct_size was
   * TILEC_OPTIONS_SIZE_V1: a caller built against that header passes it and
   * gets the defaults of every later field. */
  uint64_t cuda_wait_bound;       /* cuda: spins of one wait in the kernel before
                                     it is a fault; 0: wait_timeout_ms x 2000 (a
                                     spin backs off to 256 ns, plus the poll) */
  int32_t cuda_device;            /* cuda: device ordinal; -1: the environment
                                     variable TILEC_CUDA_DEVICE, else 0 */
  uint32_t cuda_steps_per_launch; /* cuda: most decode steps one kernel launch
                                     runs; 0: TILEC_CUDA_STEPS_PER_LAUNCH, else 1
                                     (one launch per step) */
  uint32_t host_threads;          /* host: threads the workers take turns on;
                                     0: min(workers, CPU cores) */
  uint32_t reserved;              /* 0. The struct was TILEC_OPTIONS_SIZE_V2
                                     bytes up to here (host_threads and tail
                                     padding): later fields start after it. */
  uint32_t cuda_weight_ring;      /* cuda: 1 streams matvec weights through the
                                     kernel's shared-memory ring (bulk async
                                     copies on mbarriers, sm_90 and newer;
                                     tilec/kernel_abi.h); 0: the environment
                                     variable TILEC_CUDA_WEIGHT_RING (0 or 1),
                                     else off */
  uint32_t allow_nonfinite_weights; /* 0: a checkpoint tensor holding NaN or
                                       infinity is refused when loaded (the
                                       error names it, the count and the first
                                       index); 1: loaded as it is */
} tilec_options;
#define TILEC_OPTIONS_SIZE_V1 32u
#define TILEC_OPTIONS_SIZE_V2 56u

/* Fills the defaults: host backend, no chaos, 10 s watchdog, no trace,
 * cuda_device -1, one step per launch. */
TILEC_API void tilec_options_init(tilec_options *opts);

typedef struct tilec_model tilec_model;

/* Loads and validates artifact_dir/manifest.json and the table it names,
 * allocates zeroed arenas. opts may be NULL (defaults). */
TILEC_API tilec_status tilec_model_load(const char *artifact_dir, const tilec_options *opts,
                              tilec_model **out);
TILEC_API void tilec_model_free(tilec_model *model);

/* The message of the last failure on this thread ("" if none). */
TILEC_API const char *tilec_last_error(void);
/* "tilec-runtime 0.1.0 (table version N, manifest version N)". */
TILEC_API const char *tilec_version(void);

typedef struct tilec_model_info {
  uint32_t num_programs, num_workers, num_tasks, num_events;
  uint32_t num_buffers;
  uint32_t backend;             /* tilec_backend */
  uint64_t steps_run;           /* steps so far; the next step's epoch is this + 1 */
  const char *generator;        /* manifest "generator" */
  const char *activation_dtype; /* manifest "activation_dtype" ("" if absent) */
} tilec_model_info;
TILEC_API tilec_status tilec_model_get_info(const tilec_model *model, tilec_model_info *out);

/* ---- buffers ------------------------------------------------------------ */

typedef enum tilec_buffer_kind {
  TILEC_BUFFER_WEIGHT = 0,
  TILEC_BUFFER_KV_CACHE = 1,
  TILEC_BUFFER_ACTIVATION = 2,
  TILEC_BUFFER_INPUT = 3,
  TILEC_BUFFER_OUTPUT = 4,
  TILEC_BUFFER_SCRATCH = 5,
  TILEC_BUFFER_KIND_COUNT = 6
} tilec_buffer_kind;
#define TILEC_KIND_BIT(kind) (1u << (kind))
#define TILEC_MAX_RANK 8

typedef struct tilec_buffer_info {
  const char *name;    /* name in its program */
  const char *address; /* what the buffer functions accept: "name" or
                          "program/name" */
  const char *program; /* its program's name */
  const char *source;  /* checkpoint tensor name, "" if none */
  uint32_t kind;       /* tilec_buffer_kind */
  uint32_t dtype;      /* tilec_dtype */
  uint32_t rank;
  uint32_t is_set; /* written since load (set, safetensors, random) */
  int64_t shape[TILEC_MAX_RANK];
  uint64_t bytes;
} tilec_buffer_info;

/* Strings in tilec_buffer_info live as long as the model. */
TILEC_API size_t tilec_buffer_count(const tilec_model *model);
TILEC_API tilec_status tilec_buffer_get_info(const tilec_model *model, size_t index, tilec_buffer_info *out);
TILEC_API tilec_status tilec_buffer_find(const tilec_model *model, const char *address, size_t *index);
TILEC_API const char *tilec_buffer_kind_name(uint32_t kind); /* "weight", ... or "?" */
TILEC_API const char *tilec_dtype_name(uint32_t dtype);      /* "bf16", ... or "?" */

/* Converts n elements between f32, bf16 and f16 (round to nearest even), the
 * conversion the runtime itself uses, so callers can prepare inputs and read
 * outputs in fp32. Other dtypes: TILEC_ERROR_INVALID_ARGUMENT. */
TILEC_API tilec_status tilec_convert_floats(const void *src, uint32_t src_dtype, void *dst,
                                  uint32_t dst_dtype, size_t n);

/* Copies raw bytes in the buffer's own dtype; bytes must equal its size. */
TILEC_API tilec_status tilec_set_buffer(tilec_model *model, const char *address, const void *data,
                              size_t bytes);
TILEC_API tilec_status tilec_get_buffer(const tilec_model *model, const char *address, void *data,
                              size_t bytes);

/* Fills floating-point buffers with deterministic pseudo-random values so a
 * model runs without a checkpoint. With address != NULL only that buffer,
 * else every buffer whose kind bit is in kind_mask (0 means weights only).
 * Rank >= 2: uniform in [-a, a], a = 1/sqrt(last dimension), the scale of
 * a fan-in initialisation, so activations stay O(1) through matvecs.
 * Rank <= 1 (norm weights, biases): uniform in 1 +- 0.1*sqrt(3), i.e. mean 1
 * and standard deviation 0.1. Each value depends only on seed, the buffer's
 * checkpoint tensor (its source; its address if it has none) and the
 * element's index in that tensor: filling one buffer or all gives the same
 * bits, and the shards (slices) of a tensor-parallel artifact hold what the
 * one-device artifact's whole tensor does (the scale a then comes from the
 * whole tensor's last dimension). Integer buffers are skipped (an error when
 * named). */
TILEC_API tilec_status tilec_fill_random(tilec_model *model, uint32_t kind_mask, const char *address,
                               uint64_t seed);

/* ---- weights from safetensors ------------------------------------------- */

/* Every weight buffer (with a source) must be in the file, else nothing is
 * loaded and the error names the missing tensor. Without it a file may hold
 * any subset (a shard); call tilec_require_weights after the last one. */
#define TILEC_LOAD_REQUIRE_ALL 1u
/* Fail (before copying anything) if a tensor of the file would fill a
 * weight that is already set, e.g. by an earlier shard. */
#define TILEC_LOAD_FRESH_ONLY 2u

typedef struct tilec_load_report {
  uint32_t loaded;    /* buffers written from this file */
  uint32_t converted; /* of those, converted between f32/f16/bf16 */
  uint32_t unset;     /* weight buffers never written since load */
} tilec_load_report;

/* Loads every buffer whose manifest "source" names a tensor of the
 * (single-file) safetensors checkpoint at path. Shapes must be equal; dtypes
 * equal, except that F32/F16/BF16 tensors convert to f32/f16/bf16 buffers
 * (round to nearest even). Everything is validated before anything is
 * copied: a failed load changes no buffer. report may be NULL. */
TILEC_API tilec_status tilec_load_safetensors(tilec_model *model, const char *path, uint32_t flags,
                                    tilec_load_report *report);

/* Called while a checkpoint is copied in: bytes copied so far, of total. */
typedef void (*tilec_progress_fn)(void *user, uint64_t done_bytes, uint64_t total_bytes);

/* Loads every weight of the model from a checkpoint: a safetensors file, or
 * a Hugging Face model directory holding model.safetensors or a sharded
 * model.safetensors.index.json with its shard files. Every weight must be
 * found; shapes and dtypes are checked (and floats converted) as in
 * tilec_load_safetensors, in every shard, before anything is copied: a
 * failed load changes no buffer. Files are memory-mapped. progress and
 * report may be NULL. */
TILEC_API tilec_status tilec_load_checkpoint(tilec_model *model, const char *path,
                                   tilec_progress_fn progress, void *user,
                                   tilec_load_report *report);

/* Number of weight buffers never written since load. */
TILEC_API uint32_t tilec_unset_weight_count(const tilec_model *model);
/* TILEC_OK if every weight buffer has been written, else an error naming
 * the first unset ones (and their checkpoint names). */
TILEC_API tilec_status tilec_require_weights(const tilec_model *model);

/* ---- running ------------------------------------------------------------ */

/* Runs `steps` decode steps. Every weight buffer must have been written
 * (loaded, set or filled; else TILEC_ERROR_INVALID_ARGUMENT naming the unset
 * ones, as tilec_require_weights). Step i sees control.position =
 * first_position + i and epoch = steps_run + i + 1: epochs continue across calls, event
 * counters are never reset. On a fault (watchdog, bad token id or position)
 * every worker stops, the call returns TILEC_ERROR_FAULT with a message
 * naming the worker, task and event, the faulting step counts as run (its
 * outputs are garbage), and the counters are brought to the end-of-step
 * state so the model can run again. On the cuda backend the steps run as
 * kernel launches of tilec_options.cuda_steps_per_launch steps each; a CUDA
 * error (an illegal address, a kernel past its watchdog) is
 * TILEC_ERROR_INTERNAL and leaves the model unusable. */
TILEC_API tilec_status tilec_run(tilec_model *model, int32_t first_position, uint32_t steps);

/* The fault of the last tilec_run (code TILEC_FAULT_NONE if it succeeded).
 * task and event are table indices, worker is within the program. */
TILEC_API tilec_status tilec_model_fault(const tilec_model *model, tilec_fault *out);

/* Current event counters, in table order; count must be num_events. */
TILEC_API tilec_status tilec_event_counters(const tilec_model *model, uint32_t *out, size_t count);

/* Writes a Chrome/Perfetto trace (JSON) of every task executed since load.
 * Needs tilec_options.trace. pid = program index, tid = worker in program,
 * ts/dur in microseconds: on the host backend since load and dur is the
 * task's body; on the cuda backend since the first traced task, dur runs
 * from reaching the task to the end of its body, and args.wait_us is the
 * part spent waiting for its events. */
TILEC_API tilec_status tilec_write_trace(const tilec_model *model, const char *path);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TILEC_RUNTIME_H */
