//===- HostRun.cpp - one tilec_run on CPU threads ---------------------------===//
#include "HostRun.h"

#include "Kernels.h"
#include "StepBarrier.h"

#include "../common/Error.h"
#include "../common/FaultMessage.h"

#include <algorithm>
#ifdef __linux__
#include <sched.h>
#endif
#include <mutex>
#include <system_error>
#include <thread>

namespace tilec::rt::host {
namespace {

using Clock = std::chrono::steady_clock;

uint64_t splitmix64(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// Cores this process may run on (its affinity mask, which containers and
/// taskset narrow; hardware_concurrency counts the whole machine).
uint32_t usableCores() {
#ifdef __linux__
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
    return static_cast<uint32_t>(CPU_COUNT(&set));
#endif
  return std::max(1u, std::thread::hardware_concurrency());
}

void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

/// Where a worker was waiting when the run stopped, for the fault message.
struct Blocked {
  bool blocked = false;
  uint32_t task = 0, event = 0, seen = 0;
  uint64_t expected = 0;
};

// Cache-line aligned: neighbours belong to different threads.
struct alignas(64) WorkerState {
  uint32_t index = 0; // in the table's worker section
  KernelScratch scratch;
  std::vector<TraceEvent> trace;
  Blocked blocked; // the wait it is stuck in, while it is
  uint64_t rng = 0;
  // Where it is in the current step: task `next` of its list, whose first
  // `nextWait` waits are met.
  uint32_t next = 0, nextWait = 0;
  bool delayed = false; // task `next` had its chaos delay
  bool waiting = false; // blocked on wait `nextWait` since waitStart
  Clock::time_point waitStart;
};

/// What one call of Run::advance did for a worker.
enum class Advance { Done, Progressed, Blocked, Stopped };

class Run {
public:
  Run(const HostRunContext &context, const RunRequest &request, uint32_t threads)
      : c_(context), request_(request), threads_(threads), barrier_(threads),
        timeout_(context.options.wait_timeout_ms) {}

  RunResult execute(std::vector<TraceEvent> *trace);

private:
  void thread(const std::vector<WorkerState *> &mine);
  void runStep(const std::vector<WorkerState *> &mine);
  Advance advance(WorkerState &w, const tilec_control &control, bool checkClock);
  Blocked unmetWait(uint32_t task, uint32_t &nextWait, uint32_t epoch) const;
  void noteBlocked(WorkerState &w, const tilec_control &control);
  tilec_fault faultOf(const WorkerState &w, tilec_fault_code code, uint32_t task,
                      uint32_t event, uint32_t epoch, int64_t value) const;
  bool completeStep();
  void recordFault(const tilec_fault &fault, uint32_t worker, std::string message);
  std::string workerName(uint32_t worker) const;
  std::string taskName(uint32_t task) const;
  std::string eventName(uint32_t event) const;
  std::string blockedReport(uint32_t faultingWorker) const;
  double nowUs() const {
    return std::chrono::duration<double, std::micro>(Clock::now() - c_.origin).count();
  }

  const HostRunContext &c_;
  const RunRequest &request_;
  const uint32_t threads_;
  StepBarrier barrier_;
  StartGate gate_;
  std::chrono::milliseconds timeout_;
  tilec_control control_{};     // written only by the barrier's completion
  uint32_t stepsCompleted_ = 0; // likewise
  std::atomic<bool> stop_{false};
  std::mutex faultMutex_;
  tilec_fault fault_{};
  uint32_t faultWorker_ = 0;
  std::string faultMessage_, internalError_;
  std::vector<WorkerState> workers_;
};

std::string Run::workerName(uint32_t worker) const {
  const tilec_worker &w = c_.table.worker(worker);
  return workerLabel(c_.programNames, w.program,
                     worker - c_.table.program(w.program).first_worker);
}
std::string Run::taskName(uint32_t task) const { return taskLabel(c_.table, task); }
std::string Run::eventName(uint32_t event) const { return eventLabel(c_.table, event); }

void Run::recordFault(const tilec_fault &fault, uint32_t worker, std::string message) {
  {
    std::lock_guard<std::mutex> lock(faultMutex_);
    if (fault_.code == TILEC_FAULT_NONE && internalError_.empty()) {
      fault_ = fault;
      faultWorker_ = worker;
      faultMessage_ = std::move(message);
    }
  }
  stop_.store(true);
}

tilec_fault Run::faultOf(const WorkerState &w, tilec_fault_code code, uint32_t task,
                         uint32_t event, uint32_t epoch, int64_t value) const {
  const tilec_worker &wk = c_.table.worker(w.index);
  tilec_fault f{};
  f.code = code;
  f.program = wk.program;
  f.worker = w.index - c_.table.program(wk.program).first_worker;
  f.task = task;
  f.event = event;
  f.epoch = epoch;
  f.value = value;
  return f;
}

/// Moves `nextWait` past the waits of `task` that are met in `epoch`; the
/// first that is not comes back as blocked, else nothing is.
Blocked Run::unmetWait(uint32_t task, uint32_t &nextWait, uint32_t epoch) const {
  const tilec_task &t = c_.table.task(task);
  for (; nextWait < t.num_waits; ++nextWait) {
    uint32_t e = c_.table.waitEvent(t.first_wait + nextWait);
    uint64_t expected = uint64_t(c_.table.event(e).target) * epoch;
    uint32_t seen = c_.counters[e].load(std::memory_order_acquire);
    if (seen < expected)
      return {true, task, e, seen, expected};
  }
  return {};
}

/// Runs w's tasks for as long as their waits are met; never blocks, so a
/// thread can take turns among several workers.
Advance Run::advance(WorkerState &w, const tilec_control &control, bool checkClock) {
  const tilec_worker &wk = c_.table.worker(w.index);
  const tilec_options &o = c_.options;
  bool progressed = false;
  while (w.next < wk.num_tasks) {
    if (stop_.load(std::memory_order_relaxed))
      return Advance::Stopped;
    if (o.chaos_seed != 0 && !w.delayed) {
      uint64_t delay = splitmix64(w.rng) % (uint64_t(o.chaos_max_delay_us) + 1);
      std::this_thread::sleep_for(std::chrono::microseconds(delay));
      w.delayed = true;
    }
    uint32_t ti = wk.first_task + w.next;
    const tilec_task &t = c_.table.task(ti);
    uint32_t metBefore = w.nextWait;
    Blocked unmet = unmetWait(ti, w.nextWait, control.epoch);
    if (w.nextWait != metBefore)
      w.waiting = false; // a wait was met: the next one's clock starts afresh
    if (unmet.blocked) {
      w.blocked = unmet;
      if (!w.waiting) {
        w.waiting = true;
        w.waitStart = Clock::now();
      } else if (checkClock && Clock::now() - w.waitStart > timeout_) {
        tilec_fault f = faultOf(w, TILEC_FAULT_WAIT_TIMEOUT, ti, unmet.event, control.epoch,
                                unmet.seen);
        recordFault(f, w.index,
                    watchdogMessage(c_.table, c_.programNames, f, cat(timeout_.count(), " ms")));
        return Advance::Stopped;
      }
      return progressed ? Advance::Progressed : Advance::Blocked;
    }
    w.blocked.blocked = false;
    double start = o.trace ? nowUs() : 0.0;
    KernelFault f = runKernel(t, c_.arenas.data(), control, w.scratch);
    if (f.code != TILEC_FAULT_NONE) {
      tilec_fault fault = faultOf(w, f.code, ti, UINT32_MAX, control.epoch, f.value);
      recordFault(fault, w.index,
                  taskFaultMessage(c_.table, c_.programNames, fault, control.position, f.what));
      return Advance::Stopped;
    }
    if (o.trace)
      w.trace.push_back({wk.program, t.worker, ti, control.epoch, start, nowUs() - start});
    for (uint32_t j = 0; j < t.num_signals; ++j)
      c_.counters[c_.table.signalEvent(t.first_signal + j)].fetch_add(1, std::memory_order_release);
    ++w.next;
    w.nextWait = 0;
    w.delayed = false;
    progressed = true;
    if (o.chaos_seed != 0 && w.next < wk.num_tasks)
      return Advance::Progressed; // one task per turn: chaos picks the next
  }
  return Advance::Done;
}

/// Records where a worker that did not finish its step is waiting, from a
/// fresh look at the counters, for the watchdog's report.
void Run::noteBlocked(WorkerState &w, const tilec_control &control) {
  const tilec_worker &wk = c_.table.worker(w.index);
  uint32_t nextWait = w.nextWait; // a look only: the worker's place stays
  w.blocked = w.next < wk.num_tasks
                  ? unmetWait(wk.first_task + w.next, nextWait, control.epoch)
                  : Blocked{};
}

/// One step of the thread's workers: takes turns among them until all are
/// done, backing off only when none could move.
void Run::runStep(const std::vector<WorkerState *> &mine) {
  if (mine.empty()) // a table without workers
    return;
  const tilec_control control = control_;
  for (WorkerState *w : mine) {
    w->next = w->nextWait = 0;
    w->delayed = w->waiting = false;
    w->blocked.blocked = false;
  }
  std::vector<bool> done(mine.size(), false);
  size_t remaining = mine.size();
  // A stopped run reports where every unfinished worker waits.
  auto stopped = [&] {
    for (size_t i = 0; i < mine.size(); ++i)
      if (!done[i])
        noteBlocked(*mine[i], control);
  };
  // Under chaos, each round starts at a random worker, so workers that
  // share a thread still run in varied orders.
  uint64_t order = c_.options.chaos_seed ^ (uint64_t(mine.front()->index) << 32) ^ control.epoch;
  for (uint32_t spins = 0; remaining > 0;) {
    bool moved = false;
    size_t first = c_.options.chaos_seed != 0 ? splitmix64(order) % mine.size() : 0;
    for (size_t k = 0; k < mine.size(); ++k) {
      size_t i = (first + k) % mine.size();
      if (done[i])
        continue;
      switch (advance(*mine[i], control, spins % 16 == 0)) {
      case Advance::Stopped:
        stopped();
        return;
      case Advance::Done:
        done[i] = true;
        --remaining;
        moved = true;
        break;
      case Advance::Progressed:
        moved = true;
        break;
      case Advance::Blocked:
        break;
      }
    }
    if (moved) {
      spins = 0;
      continue;
    }
    if (stop_.load(std::memory_order_relaxed)) {
      stopped();
      return;
    }
    // Spin briefly (a producer is usually close), then yield the core (other
    // threads may need it), then sleep (a stuck wait costs nothing).
    if (spins < 64)
      cpuRelax();
    else if (spins < 4096)
      std::this_thread::yield();
    else
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    ++spins;
  }
}

bool Run::completeStep() {
  if (stop_.load())
    return false;
  if (++stepsCompleted_ < request_.steps) {
    ++control_.epoch;
    ++control_.position;
  }
  return true;
}

void Run::thread(const std::vector<WorkerState *> &mine) {
  if (!gate_.wait())
    return;
  for (uint32_t s = 0; s < request_.steps; ++s) {
    try {
      runStep(mine);
    } catch (const std::exception &e) { // out of memory for scratch
      {
        std::lock_guard<std::mutex> lock(faultMutex_);
        if (internalError_.empty())
          internalError_ = cat("host worker thread: ", e.what());
      }
      stop_.store(true);
    }
    // Every thread arrives at every barrier it reaches, stopped or not.
    if (!barrier_.arriveAndWait([&] { return completeStep(); }))
      return;
  }
}

std::string Run::blockedReport(uint32_t faultingWorker) const {
  std::string report;
  for (const WorkerState &w : workers_)
    if (w.blocked.blocked && w.index != faultingWorker)
      report += cat(report.empty() ? "; also blocked: " : ", ", "worker ", workerName(w.index),
                    " in task ", taskName(w.blocked.task), " on event ", eventName(w.blocked.event),
                    " (counter ", w.blocked.seen, ", expected ", w.blocked.expected, ")");
  return report;
}

RunResult Run::execute(std::vector<TraceEvent> *trace) {
  control_.epoch = static_cast<uint32_t>(request_.epochBase + 1);
  control_.position = request_.firstPosition;
  uint32_t n = c_.table.numWorkers();
  workers_.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    workers_[i].index = i;
    workers_[i].rng = c_.options.chaos_seed + i;
  }
  // Worker i takes turns on thread i % threads_.
  std::vector<std::vector<WorkerState *>> groups(threads_);
  for (uint32_t i = 0; i < n; ++i)
    groups[i % threads_].push_back(&workers_[i]);
  std::vector<std::thread> threads;
  bool started = true;
  try {
    threads.reserve(threads_);
    for (const std::vector<WorkerState *> &mine : groups)
      threads.emplace_back([this, &mine] { thread(mine); });
  } catch (const std::exception &) {
    started = false;
  }
  gate_.open(started);
  for (std::thread &t : threads)
    t.join();
  if (!started)
    fail(TILEC_ERROR_INTERNAL, "cannot start ", threads_, " worker threads");
  if (!internalError_.empty())
    fail(TILEC_ERROR_INTERNAL, internalError_);

  RunResult result;
  result.stepsCompleted = stepsCompleted_;
  result.fault = fault_;
  result.message = faultMessage_;
  if (fault_.code == TILEC_FAULT_WAIT_TIMEOUT)
    result.message += blockedReport(faultWorker_);
  if (trace)
    for (WorkerState &w : workers_)
      trace->insert(trace->end(), w.trace.begin(), w.trace.end());
  return result;
}

} // namespace

RunResult runOnHost(const HostRunContext &context, const RunRequest &request,
                    std::vector<TraceEvent> *trace) {
  // More threads than cores would turn every wait into a context switch.
  // Chaos looks for missing dependencies best with every worker truly
  // concurrent (and its delays then do not add up on a shared thread).
  uint32_t threads = context.options.host_threads;
  if (threads == 0)
    threads = context.options.chaos_seed != 0
                  ? context.table.numWorkers()
                  : usableCores();
  Run run(context, request, std::max(1u, std::min(context.table.numWorkers(), threads)));
  return run.execute(trace);
}

} // namespace tilec::rt::host
