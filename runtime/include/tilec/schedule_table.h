/*===- tilec/schedule_table.h - the binary schedule table ------------------===*
 *
 * The one format the compiler (writer) and the runtime (reader) share. Plain
 * C so any engine can embed it. All integers little-endian; the file is
 *
 *   tilec_table_header
 *   tilec_program  [num_programs]   one per device
 *   tilec_worker   [num_workers]    per program, contiguous, in worker order
 *   tilec_task     [num_tasks]      per worker, contiguous, in run order
 *   tilec_event    [num_events]
 *   uint32_t waits  [num_waits]     event indices, sliced by tilec_task
 *   uint32_t signals[num_signals]   event indices, sliced by tilec_task
 *   char     strings[strings_bytes] NUL-terminated task names
 *
 * Every section starts 8-byte aligned (the writer pads). `checksum` is the
 * FNV-1a hash of every byte after the header. A reader must call
 * tilec_table_check() before trusting any index.
 *
 * Execution model: each worker runs its tasks in order, once per step. Before
 * a task runs it waits until every event in its wait slice has counter >=
 * target * epoch (epoch = 1-based step number); after it runs it adds 1 to
 * every event in its signal slice (release). Counters are never reset. Steps
 * are separated by a barrier of all workers of all programs.
 *===----------------------------------------------------------------------===*/
#ifndef TILEC_SCHEDULE_TABLE_H
#define TILEC_SCHEDULE_TABLE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TILEC_TABLE_MAGIC 0x4C4254434C454954ull /* "TILECTBL" */
#define TILEC_TABLE_VERSION 4u
#define TILEC_TASK_OPERANDS 6
#define TILEC_TASK_IPARAMS 8
#define TILEC_TASK_FPARAMS 4
/* Operand slot that is not used by a task. */
#define TILEC_NO_OPERAND UINT64_MAX

/* Element types of operands. */
typedef enum tilec_dtype {
  TILEC_DTYPE_NONE = 0,
  TILEC_DTYPE_F32 = 1,
  TILEC_DTYPE_BF16 = 2,
  TILEC_DTYPE_F16 = 3,
  TILEC_DTYPE_I32 = 4,
  TILEC_DTYPE_I8 = 5,
} tilec_dtype;

/* Memory scopes, as PTX spells them (.cta/.cluster/.gpu/.sys). */
typedef enum tilec_scope {
  TILEC_SCOPE_CTA = 0,
  TILEC_SCOPE_CLUSTER = 1,
  TILEC_SCOPE_GPU = 2,
  TILEC_SCOPE_SYS = 3,
} tilec_scope;

/* Task kinds: an open set; a reader rejects kinds it does not know.
 * Activations are single-token vectors; matrices are row-major [rows, cols].
 * Accumulation is fp32 whatever the storage type. "pos" is
 * tilec_control.position. Each kind's operand (op), integer (ip) and float
 * (fp) slots are named in task_kinds.h, generated from the one definition
 * of the kinds (TileTaskKinds.td). */
#include "tilec/task_kinds.h"

typedef struct tilec_table_header {
  uint64_t magic;         /* TILEC_TABLE_MAGIC */
  uint32_t version;       /* TILEC_TABLE_VERSION */
  uint32_t header_bytes;  /* sizeof(tilec_table_header) */
  uint64_t total_bytes;   /* size of the whole table */
  uint32_t checksum;      /* FNV-1a of bytes [header_bytes, total_bytes) */
  uint32_t task_bytes;    /* sizeof(tilec_task) */
  uint32_t num_programs;
  uint32_t num_workers;
  uint32_t num_tasks;
  uint32_t num_events;
  uint32_t num_waits;
  uint32_t num_signals;
  uint32_t strings_bytes;
  uint32_t kernel_key;    /* FNV-1a of the device bodies the table's tasks
                             use (their kinds and fixed parameters): the
                             cuda backend runs the table only with the
                             kernel.ptx built for it, whose first line
                             names the same key */
} tilec_table_header;

typedef struct tilec_program {
  uint32_t device;        /* device id, unique per table */
  uint32_t num_workers;   /* CTAs of the persistent kernel */
  uint32_t first_worker;  /* index into the worker section */
  uint32_t reserved;
  uint64_t arena_bytes;   /* size of this device's arena */
  char target[16];        /* "sm_90a", "host", NUL-terminated */
} tilec_program;

typedef struct tilec_worker {
  uint32_t program;       /* index of its program */
  uint32_t first_task;    /* index into the task section */
  uint32_t num_tasks;
  uint32_t reserved;
} tilec_worker;

typedef struct tilec_operand {
  uint64_t offset;        /* byte offset in its program's arena (the task's
                             own, or a peer's: TILEC_OPERAND_PEER), or
                             TILEC_NO_OPERAND */
  uint32_t dtype;         /* tilec_dtype */
  uint32_t flags;         /* tilec_operand_flags */
} tilec_operand;

/* tilec_operand.flags. */
typedef enum tilec_operand_flags {
  /* A weight buffer: nothing writes it while a program runs, so a backend
   * may read it ahead of the task's waits (the cuda kernel's weight ring
   * copies only such operands). */
  TILEC_OPERAND_CONSTANT = 1u << 0,
  /* The operand lies in another program's (device's) arena, the program
   * whose index is flags >> TILEC_OPERAND_PROGRAM_SHIFT: the destination of
   * a send. Only slots the kind declares peer (task_kinds.h) may carry it. */
  TILEC_OPERAND_PEER = 1u << 1,
} tilec_operand_flags;
#define TILEC_OPERAND_PROGRAM_SHIFT 16

typedef struct tilec_task {
  uint32_t kind;          /* tilec_task_kind */
  uint32_t program;       /* index of its program */
  uint32_t worker;        /* worker index within the program */
  uint32_t order;         /* position in the worker's list */
  uint32_t first_wait, num_waits;
  uint32_t first_signal, num_signals;
  uint32_t name;          /* offset of its name in the string section */
  uint32_t body;          /* which body of the artifact's kernel runs it:
                             tasks of one kind whose shape parameters agree
                             share a body specialized to them (cuda only;
                             the host backend dispatches on kind) */
  tilec_operand op[TILEC_TASK_OPERANDS];
  int64_t ip[TILEC_TASK_IPARAMS];
  float fp[TILEC_TASK_FPARAMS];
} tilec_task;

/* The program whose arena holds operand `o` of task `t`. */
static inline uint32_t tilec_operand_program(const tilec_task *t, int o) {
  return (t->op[o].flags & TILEC_OPERAND_PEER) ? t->op[o].flags >> TILEC_OPERAND_PROGRAM_SHIFT
                                               : t->program;
}

typedef struct tilec_event {
  uint32_t program;       /* program whose counter array holds it */
  uint32_t target;        /* signals per step */
  uint32_t scope;         /* tilec_scope */
  uint32_t name;          /* offset of its name in the string section */
} tilec_event;

/* Run-time scalars, written by the host between steps, read by tasks. */
typedef struct tilec_control {
  uint32_t epoch;         /* 1-based step number */
  int32_t position;       /* position of the token this step decodes */
  uint32_t weight_ring;   /* cuda: nonzero streams matvec weights through the
                             shared-memory ring (tilec/kernel_abi.h) */
  uint32_t reserved;
  uint64_t trace;         /* cuda: device address of tilec_task_trace records
                             (steps x tasks), or 0: no trace */
  uint64_t reserved2;
} tilec_control;

/* What the cuda kernel records of one task in one step when tracing:
 * %globaltimer (ns) when the worker reached the task, when its waits were
 * met, and when its body ended. Record s * num_tasks + task of a launch. */
typedef struct tilec_task_trace {
  uint64_t begin, ready, end;
  uint64_t reserved;
} tilec_task_trace;

/* Where a watchdog or a task records a run-time failure. */
typedef enum tilec_fault_code {
  TILEC_FAULT_NONE = 0,
  TILEC_FAULT_WAIT_TIMEOUT = 1,   /* a wait exceeded its bound */
  TILEC_FAULT_BAD_INDEX = 2,      /* token id or position out of range */
  TILEC_FAULT_UNSUPPORTED_KIND = 3, /* the backend has no body for the kind */
} tilec_fault_code;

typedef struct tilec_fault {
  uint32_t code;          /* tilec_fault_code */
  uint32_t program, worker, task, event;
  uint32_t epoch;
  int64_t value;          /* counter seen, or the bad index */
} tilec_fault;

/* FNV-1a, 32 bit. */
static inline uint32_t tilec_fnv1a(const void *data, size_t size) {
  const unsigned char *p = (const unsigned char *)data;
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < size; ++i) {
    h ^= p[i];
    h *= 16777619u;
  }
  return h;
}

/* Byte offsets of the sections, derived from the header counts. */
typedef struct tilec_table_layout {
  uint64_t programs, workers, tasks, events, waits, signals, strings, end;
} tilec_table_layout;

static inline uint64_t tilec_align8(uint64_t x) { return (x + 7u) & ~(uint64_t)7u; }

static inline tilec_table_layout tilec_table_layout_of(const tilec_table_header *h) {
  tilec_table_layout l;
  l.programs = tilec_align8(sizeof(tilec_table_header));
  l.workers = tilec_align8(l.programs + (uint64_t)h->num_programs * sizeof(tilec_program));
  l.tasks = tilec_align8(l.workers + (uint64_t)h->num_workers * sizeof(tilec_worker));
  l.events = tilec_align8(l.tasks + (uint64_t)h->num_tasks * sizeof(tilec_task));
  l.waits = tilec_align8(l.events + (uint64_t)h->num_events * sizeof(tilec_event));
  l.signals = tilec_align8(l.waits + (uint64_t)h->num_waits * sizeof(uint32_t));
  l.strings = tilec_align8(l.signals + (uint64_t)h->num_signals * sizeof(uint32_t));
  l.end = tilec_align8(l.strings + h->strings_bytes);
  return l;
}

/* Checks a table in memory: magic, version, sizes, checksum and every index.
 * Returns NULL if it is sound, else a static message saying what is wrong. */
static inline const char *tilec_table_check(const void *data, size_t size) {
  const unsigned char *base = (const unsigned char *)data;
  if (size < sizeof(tilec_table_header))
    return "truncated: smaller than the table header";
  const tilec_table_header *h = (const tilec_table_header *)data;
  if (h->magic != TILEC_TABLE_MAGIC)
    return "bad magic: not a tilec schedule table";
  if (h->version != TILEC_TABLE_VERSION)
    return "unsupported version: the table was written by another tilec";
  if (h->header_bytes != sizeof(tilec_table_header) || h->task_bytes != sizeof(tilec_task))
    return "record sizes differ from this runtime's";
  if (h->total_bytes != size)
    return "truncated or padded: total_bytes differs from the file size";
  /* Counts are bounded before the layout is computed so it cannot overflow. */
  if (h->num_programs > (1u << 16) || h->num_workers > (1u << 24) ||
      h->num_tasks > (1u << 28) || h->num_events > (1u << 28) ||
      h->num_waits > (1u << 28) || h->num_signals > (1u << 28))
    return "implausible section counts";
  tilec_table_layout l = tilec_table_layout_of(h);
  if (l.end != size)
    return "section sizes do not add up to the file size";
  if (tilec_fnv1a(base + h->header_bytes, size - h->header_bytes) != h->checksum)
    return "checksum mismatch: the table is corrupted";
  if (h->num_programs == 0)
    return "no programs";
  if (h->strings_bytes == 0 || base[l.strings + h->strings_bytes - 1] != '\0')
    return "string section is not NUL-terminated";
  const tilec_program *programs = (const tilec_program *)(base + l.programs);
  const tilec_worker *workers = (const tilec_worker *)(base + l.workers);
  const tilec_task *tasks = (const tilec_task *)(base + l.tasks);
  const tilec_event *events = (const tilec_event *)(base + l.events);
  const uint32_t *waits = (const uint32_t *)(base + l.waits);
  const uint32_t *signals = (const uint32_t *)(base + l.signals);
  uint64_t nextWorker = 0;
  for (uint32_t p = 0; p < h->num_programs; ++p) {
    if (programs[p].first_worker != nextWorker || programs[p].num_workers == 0)
      return "program worker ranges are not contiguous";
    nextWorker += programs[p].num_workers;
    if (programs[p].target[15] != '\0')
      return "program target is not NUL-terminated";
  }
  if (nextWorker != h->num_workers)
    return "worker count differs from the programs' workers";
  uint64_t nextTask = 0;
  for (uint32_t w = 0; w < h->num_workers; ++w) {
    if (workers[w].program >= h->num_programs || workers[w].first_task != nextTask)
      return "worker task ranges are not contiguous";
    nextTask += workers[w].num_tasks;
  }
  if (nextTask != h->num_tasks)
    return "task count differs from the workers' tasks";
  for (uint32_t w = 0; w < h->num_workers; ++w) {
    const tilec_program *prog = &programs[workers[w].program];
    for (uint32_t i = 0; i < workers[w].num_tasks; ++i) {
      const tilec_task *t = &tasks[workers[w].first_task + i];
      if (t->program != workers[w].program || t->order != i ||
          t->worker != w - prog->first_worker)
        return "task placement disagrees with its worker";
      if (t->kind >= TILEC_TASK_KIND_COUNT)
        return "unknown task kind";
      if ((uint64_t)t->first_wait + t->num_waits > h->num_waits ||
          (uint64_t)t->first_signal + t->num_signals > h->num_signals)
        return "task wait or signal slice out of range";
      if (t->name >= h->strings_bytes)
        return "task name out of range";
      for (int o = 0; o < TILEC_TASK_OPERANDS; ++o) {
        if (t->op[o].offset == TILEC_NO_OPERAND)
          continue;
        uint32_t owner = tilec_operand_program(t, o);
        if (owner >= h->num_programs ||
            ((t->op[o].flags & TILEC_OPERAND_PEER) && owner == t->program))
          return "task operand names a peer program out of range, or its own";
        if (t->op[o].offset >= programs[owner].arena_bytes ||
            t->op[o].dtype == TILEC_DTYPE_NONE || t->op[o].dtype > TILEC_DTYPE_I8)
          return "task operand outside its arena or without a dtype";
      }
    }
  }
  for (uint32_t e = 0; e < h->num_events; ++e)
    if (events[e].program >= h->num_programs || events[e].target == 0 ||
        events[e].scope > TILEC_SCOPE_SYS || events[e].name >= h->strings_bytes)
      return "malformed event";
  for (uint32_t i = 0; i < h->num_waits; ++i)
    if (waits[i] >= h->num_events)
      return "wait names an event out of range";
  for (uint32_t i = 0; i < h->num_signals; ++i)
    if (signals[i] >= h->num_events)
      return "signal names an event out of range";
  return 0;
}

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TILEC_SCHEDULE_TABLE_H */
