// abi_probe.cu - a hand-written kernel that follows tilec/kernel_abi.h, for
// testing the CUDA backend apart from the compiler's kernel generator.
//
// It implements the launch contract (one CTA per worker, or every program's
// workers in one launch with program = TILEC_KERNEL_ALL_PROGRAMS and arenas
// from the peer table; waits bounded by wait_bound with nanosleep back-off,
// release signals, the grid barrier on counters[num_events] over the table's
// workers, the fault block) but only these task bodies, all f32:
// NOP, ADD, EMBED (with its bad-token-id fault) and KV_STORE (with its
// bad-position fault). Other kinds do nothing. At the step barrier a
// timeout is recorded with event = num_events and task = UINT32_MAX; the
// barrier waits 4 x wait_bound, so that when one worker is stuck in a task's
// wait, that wait (not the others' barrier) is the fault reported.
//
// abi_probe.ptx is generated from it and committed, so neither the tests nor
// a GPU machine need nvcc:
//   nvcc -arch=compute_90 -ptx -O3 -I runtime/include \
//        test/runtime/Inputs/abi_probe.cu -o test/runtime/Inputs/abi_probe.ptx
#include "tilec/kernel_abi.h"

namespace {

enum WaitResult { kReady, kTimedOut, kAborted };

__device__ uint64_t align8(uint64_t x) { return (x + 7u) & ~uint64_t(7u); }

__device__ uint32_t loadAcquire(const uint32_t *p) {
  uint32_t v;
  asm volatile("ld.acquire.gpu.global.u32 %0, [%1];" : "=r"(v) : "l"(p) : "memory");
  return v;
}

__device__ void signalRelease(uint32_t *p) {
  asm volatile("red.release.gpu.global.add.u32 [%0], 1;" ::"l"(p) : "memory");
}

__device__ bool faulted(const tilec_fault *fault) {
  return *reinterpret_cast<const volatile uint32_t *>(&fault->code) != 0;
}

/// The first fault wins; the others only stop their worker.
__device__ void record(tilec_fault *fault, uint32_t code, uint32_t program, uint32_t worker,
                       uint32_t task, uint32_t event, uint32_t epoch, int64_t value) {
  if (atomicCAS(&fault->code, 0u, 0xFFFFFFFFu) != 0u)
    return;
  fault->program = program;
  fault->worker = worker;
  fault->task = task;
  fault->event = event;
  fault->epoch = epoch;
  fault->value = value;
  __threadfence();
  atomicExch(&fault->code, code);
}

__device__ WaitResult waitFor(const uint32_t *counter, uint64_t expected, uint64_t bound,
                              const tilec_fault *fault, uint32_t *seen) {
  unsigned ns = 32;
  for (uint64_t spin = 0;; ++spin) {
    uint32_t v = loadAcquire(counter);
    *seen = v;
    if (v >= expected)
      return kReady;
    if (faulted(fault))
      return kAborted;
    if (spin >= bound)
      return kTimedOut;
    __nanosleep(ns);
    if (ns < 1024)
      ns *= 2;
  }
}

/// Runs one task with the whole CTA; returns true and sets *bad on a bad index.
__device__ bool runTask(const tilec_task *t, uint8_t *arena, int32_t position, int64_t *bad) {
  auto f32 = [&](int slot) { return reinterpret_cast<float *>(arena + t->op[slot].offset); };
  switch (t->kind) {
  case TILEC_TASK_ADD: {
    const float *a = f32(0), *b = f32(1);
    float *y = f32(2);
    for (int64_t i = t->ip[0] + threadIdx.x; i < t->ip[1]; i += blockDim.x)
      y[i] = a[i] + b[i];
    return false;
  }
  case TILEC_TASK_EMBED: {
    int64_t vocab = t->ip[0], hidden = t->ip[1];
    int32_t id = *reinterpret_cast<const int32_t *>(arena + t->op[1].offset);
    if (id < 0 || id >= vocab) {
      *bad = id;
      return true;
    }
    const float *table = f32(0);
    float *out = f32(2);
    for (int64_t i = threadIdx.x; i < hidden; i += blockDim.x)
      out[i] = table[int64_t(id) * hidden + i];
    return false;
  }
  case TILEC_TASK_KV_STORE: {
    int64_t capacity = t->ip[0], dim = t->ip[1];
    if (position < 0 || position >= capacity) {
      *bad = position;
      return true;
    }
    const float *src = f32(0);
    float *cache = f32(1);
    for (int64_t i = threadIdx.x; i < dim; i += blockDim.x)
      cache[int64_t(position) * dim + i] = src[i];
    return false;
  }
  default:
    return false;
  }
}

} // namespace

extern "C" __global__ void __launch_bounds__(TILEC_KERNEL_THREADS)
    tilec_persistent_kernel(const uint8_t *table, uint8_t *arena, uint32_t *counters,
                            tilec_control *control, tilec_fault *fault, uint32_t program,
                            uint32_t first_epoch, uint32_t steps, uint64_t wait_bound,
                            const uint64_t *peers) {
  const tilec_table_header *h = reinterpret_cast<const tilec_table_header *>(table);
  uint64_t programsAt = align8(sizeof(tilec_table_header));
  uint64_t workersAt = align8(programsAt + uint64_t(h->num_programs) * sizeof(tilec_program));
  uint64_t tasksAt = align8(workersAt + uint64_t(h->num_workers) * sizeof(tilec_worker));
  uint64_t eventsAt = align8(tasksAt + uint64_t(h->num_tasks) * sizeof(tilec_task));
  uint64_t waitsAt = align8(eventsAt + uint64_t(h->num_events) * sizeof(tilec_event));
  uint64_t signalsAt = align8(waitsAt + uint64_t(h->num_waits) * sizeof(uint32_t));
  const tilec_program *programs = reinterpret_cast<const tilec_program *>(table + programsAt);
  // An all-programs launch: CTA b is the table's worker b.
  uint32_t cta = blockIdx.x;
  if (program == TILEC_KERNEL_ALL_PROGRAMS) {
    program = 0;
    while (program + 1 < h->num_programs && programs[program + 1].first_worker <= cta)
      ++program;
    // The arena as an offset from the `arena` parameter (program 0's, as the
    // backend passes it), so nvcc keeps global loads (a pointer loaded from
    // memory would be generic, which the PTX emulator does not run).
    arena += peers[program] - peers[0];
    cta -= programs[program].first_worker;
  }
  const tilec_program *prog = programs + program;
  const tilec_worker *worker =
      reinterpret_cast<const tilec_worker *>(table + workersAt) + prog->first_worker + cta;
  const tilec_task *tasks = reinterpret_cast<const tilec_task *>(table + tasksAt);
  const tilec_event *events = reinterpret_cast<const tilec_event *>(table + eventsAt);
  const uint32_t *waits = reinterpret_cast<const uint32_t *>(table + waitsAt);
  const uint32_t *signals = reinterpret_cast<const uint32_t *>(table + signalsAt);
  uint32_t *stepCounter = counters + h->num_events;

  __shared__ int64_t badValue;
  for (uint32_t s = 0; s < steps; ++s) {
    uint32_t epoch = first_epoch + s;
    int32_t position = control->position + int32_t(s);
    for (uint32_t i = 0; i < worker->num_tasks; ++i) {
      uint32_t ti = worker->first_task + i;
      const tilec_task *t = tasks + ti;
      // Thread 0's verdicts reach every thread through the barrier itself
      // (__syncthreads_or), not a shared flag thread 0 could rewrite for the
      // next task while slower threads still read it.
      int halt = 0;
      if (threadIdx.x == 0) {
        for (uint32_t j = 0; j < t->num_waits && !halt; ++j) {
          uint32_t e = waits[t->first_wait + j];
          uint32_t seen = 0;
          WaitResult r = waitFor(counters + e, uint64_t(events[e].target) * epoch, wait_bound,
                                 fault, &seen);
          if (r == kTimedOut)
            record(fault, TILEC_FAULT_WAIT_TIMEOUT, program, cta, ti, e, epoch, seen);
          halt = r != kReady;
        }
      }
      if (__syncthreads_or(halt))
        return;
      int64_t bad = 0;
      bool isBad = runTask(t, arena, position, &bad);
      if (isBad && threadIdx.x == 0)
        badValue = bad;
      __syncthreads();
      int failed = 0;
      if (threadIdx.x == 0) {
        if (isBad) {
          record(fault, TILEC_FAULT_BAD_INDEX, program, cta, ti, UINT32_MAX, epoch, badValue);
          failed = 1;
        } else {
          __threadfence();
          for (uint32_t j = 0; j < t->num_signals; ++j)
            signalRelease(counters + signals[t->first_signal + j]);
        }
      }
      if (__syncthreads_or(failed))
        return;
    }
    // The grid barrier between steps (and after the last: the host resets the
    // step counter before every launch either way).
    int late = 0;
    if (threadIdx.x == 0) {
      __threadfence();
      signalRelease(stepCounter);
      uint32_t seen = 0;
      WaitResult r = waitFor(stepCounter, uint64_t(h->num_workers) * epoch, 4 * wait_bound,
                             fault, &seen);
      if (r == kTimedOut)
        record(fault, TILEC_FAULT_WAIT_TIMEOUT, program, cta, UINT32_MAX, h->num_events, epoch,
               seen);
      late = r != kReady;
    }
    if (__syncthreads_or(late))
      return;
  }
}
