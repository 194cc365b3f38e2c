/*===- tilec/kernel_abi.h - how the runtime launches the persistent kernel -===*
 *
 * The contract between the PTX module tilec writes (kernel.ptx in the
 * artifact) and the CUDA backend that launches it. Plain C, shared by the
 * compiler (which generates the kernel to match) and the runtime.
 *
 * One launch runs `steps` decode steps of one program (device) of the table
 * (grid = the program's num_workers CTAs, CTA b its worker b), or with
 * program = TILEC_KERNEL_ALL_PROGRAMS of every program of the table at once
 * (grid = the table's num_workers, CTA b the table's worker b: N devices
 * emulated on one GPU); block = TILEC_KERNEL_THREADS threads, dynamic shared
 * memory = TILEC_KERNEL_SHARED_BYTES. One counter array serves every event
 * of the table (indexed by event; a send signals its peer's event there);
 * `peers` lists every program's arena base (a send's destination, and each
 * CTA's arena in an all-programs launch). For each step (epoch = first_epoch
 * + s, position = control->position + s) every worker walks its task list:
 * thread 0 waits until counters[e] >= target * epoch for each wait event
 * (ld.acquire.gpu; ld.acquire.sys for sys-scoped events), the CTA runs the
 * task body, then thread 0 adds 1 to each signal event (red.release.gpu /
 * red.release.sys). Steps are separated by a grid barrier on
 * counters[num_events] (the step counter) over the workers of every program
 * (sys scope when there are several): each worker adds 1 and waits for the
 * table's num_workers * epoch.
 *
 * Every wait spins at most `wait_bound` times, backing off with nanosleep
 * from 32 ns to 256 ns per spin (with the poll itself, about 2000 spins per
 * millisecond);
 * the step barrier waits 4 * wait_bound, so that a stuck task's wait, not
 * the others' barrier, is what times out first. Past its bound, the first
 * worker to give up records a tilec_fault (code
 * TILEC_FAULT_WAIT_TIMEOUT, program, worker, task index, event index,
 * epoch, counter value seen) and every worker leaves the kernel, so a
 * schedule bug is an error, never a hung GPU. A bad token id or position is
 * recorded as TILEC_FAULT_BAD_INDEX.
 *===----------------------------------------------------------------------===*/
#ifndef TILEC_KERNEL_ABI_H
#define TILEC_KERNEL_ABI_H

#include "tilec/schedule_table.h"

#ifdef __cplusplus
extern "C" {
#endif

#define TILEC_KERNEL_NAME "tilec_persistent_kernel"
#define TILEC_KERNEL_THREADS 256
/* Dynamic shared memory per CTA: a matvec task's input vector, normalized,
 * as f32 (so rows of up to 16384 columns take the fast path). Above 48 KiB:
 * the backend raises the kernel's limit before launching. */
#define TILEC_KERNEL_SHARED_BYTES (64 * 1024)
/* A MATVEC that merges attention partials into its x (schedule_table.h)
 * keeps each head's softmax statistics in shared memory: at most this many
 * heads; and it is only worth it (every tile re-reads all partials) for at
 * most TILEC_KERNEL_COMBINE_CHUNKS chunks, the compiler's bound. */
#define TILEC_KERNEL_COMBINE_HEADS 256
#define TILEC_KERNEL_COMBINE_CHUNKS 8
/* The weight ring (control->weight_ring nonzero; sm_90 and newer): matvec
 * weights stream through TILEC_KERNEL_RING_STAGES stages of
 * TILEC_KERNEL_RING_STAGE_BYTES after the 64 KiB above, filled by bulk
 * async copies (cp.async.bulk, one mbarrier per stage) that thread 0 issues
 * before each task's waits and whenever a stage is consumed, so the copies
 * run ahead of the dependency waits and across task boundaries. Such a
 * launch takes TILEC_KERNEL_RING_SHARED_BYTES of dynamic shared memory. A
 * ring copy that never completes is a TILEC_FAULT_WAIT_TIMEOUT with event
 * UINT32_MAX. When control->trace is set, thread 0 writes a
 * tilec_task_trace record (%globaltimer stamps) per task per step. */
#define TILEC_KERNEL_RING_STAGES 4
#define TILEC_KERNEL_RING_STAGE_BYTES (32 * 1024)
#define TILEC_KERNEL_RING_SHARED_BYTES \
  (TILEC_KERNEL_SHARED_BYTES + TILEC_KERNEL_RING_STAGES * TILEC_KERNEL_RING_STAGE_BYTES)
/* Version of this contract; kernel.ptx records it in a comment and the
 * manifest in its "kernel" object ({"abi", "chip", "name", "ptx",
 * "threads"}). A step-barrier timeout is recorded with event = num_events
 * and task = UINT32_MAX. Version 2: 64 KiB of dynamic shared memory (1: none);
 * 3: the weight ring and the task trace (a 32-byte tilec_control); 4: the
 * kernel is built for one table: each task runs the body tilec_task.body
 * names, and kernel.ptx's first line ends with "table key 0x%08x", the
 * table header's kernel_key, which the backend checks before loading; 5:
 * one counter array for all programs' events, the step barrier over all
 * programs, the peer table, all-programs launches, and the send body. */
#define TILEC_KERNEL_ABI_VERSION 5u
/* `program` of a launch running every program of the table. */
#define TILEC_KERNEL_ALL_PROGRAMS 0xFFFFFFFFu

/* Kernel parameters, in order (cuLaunchKernel's kernelParams):
 *   const uint8_t   *table        device copy of the whole schedule table
 *   uint8_t         *arena        this program's arena (unused by an
 *                                 all-programs launch)
 *   uint32_t        *counters     num_events + 1 event counters of the whole
 *                                 table (last: steps)
 *   tilec_control   *control      epoch/position of the launch's first step
 *   tilec_fault     *fault        zeroed by the host before the launch
 *   uint32_t         program      index of the program in the table, or
 *                                 TILEC_KERNEL_ALL_PROGRAMS
 *   uint32_t         first_epoch  epoch of the first step (1-based)
 *   uint32_t         steps        steps to run in this launch
 *   uint64_t         wait_bound   spins before a wait is a fault
 *   const uint64_t  *peers        num_programs arena base addresses */
typedef struct tilec_kernel_params {
  const uint8_t *table;
  uint8_t *arena;
  uint32_t *counters;
  tilec_control *control;
  tilec_fault *fault;
  uint32_t program;
  uint32_t first_epoch;
  uint32_t steps;
  uint64_t wait_bound;
  const uint64_t *peers;
} tilec_kernel_params;

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* TILEC_KERNEL_ABI_H */
