//===- HostRun.cpp - one tilec_run on CPU threads ---------------------------===//
#include "HostRun.h"

#include "Kernels.h"
#include "StepBarrier.h"

#include "../common/Error.h"
#include "../common/FaultMessage.h"

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

struct WorkerState {
  uint32_t index = 0; // in the table's worker section
  KernelScratch scratch;
  std::vector<TraceEvent> trace;
  Blocked blocked;
  uint64_t rng = 0;
};

class Run {
public:
  Run(const HostRunContext &context, const RunRequest &request)
      : c_(context), request_(request), barrier_(context.table.numWorkers()),
        timeout_(context.options.wait_timeout_ms) {}

  RunResult execute(std::vector<TraceEvent> *trace);

private:
  void worker(WorkerState &w);
  void runStep(WorkerState &w);
  bool wait(WorkerState &w, uint32_t task, uint32_t event, uint64_t expected,
            const tilec_control &control);
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

bool Run::wait(WorkerState &w, uint32_t task, uint32_t event, uint64_t expected,
               const tilec_control &control) {
  std::atomic<uint32_t> &counter = c_.counters[event];
  if (counter.load(std::memory_order_acquire) >= expected)
    return true;
  Clock::time_point start = Clock::now();
  for (uint32_t spins = 0;; ++spins) {
    uint32_t seen = counter.load(std::memory_order_acquire);
    if (seen >= expected)
      return true;
    if (stop_.load(std::memory_order_relaxed)) {
      w.blocked = {true, task, event, seen, expected};
      return false;
    }
    // Spin briefly (a producer is usually close), then yield the core (there
    // may be more workers than cores), then sleep (a stuck wait costs nothing).
    if (spins < 64)
      cpuRelax();
    else if (spins < 4096)
      std::this_thread::yield();
    else
      std::this_thread::sleep_for(std::chrono::microseconds(50));
    if (spins % 16 == 0 && Clock::now() - start > timeout_) {
      const tilec_worker &wk = c_.table.worker(w.index);
      tilec_fault f{};
      f.code = TILEC_FAULT_WAIT_TIMEOUT;
      f.program = wk.program;
      f.worker = w.index - c_.table.program(wk.program).first_worker;
      f.task = task;
      f.event = event;
      f.epoch = control.epoch;
      f.value = seen;
      recordFault(f, w.index,
                  watchdogMessage(c_.table, c_.programNames, f, cat(timeout_.count(), " ms")));
      w.blocked = {true, task, event, seen, expected};
      return false;
    }
  }
}

void Run::runStep(WorkerState &w) {
  const tilec_worker &wk = c_.table.worker(w.index);
  unsigned char *arena = c_.arenas[wk.program];
  const tilec_control control = control_;
  const tilec_options &o = c_.options;
  for (uint32_t i = 0; i < wk.num_tasks; ++i) {
    if (stop_.load(std::memory_order_relaxed))
      return;
    if (o.chaos_seed != 0) {
      uint64_t delay = splitmix64(w.rng) % (uint64_t(o.chaos_max_delay_us) + 1);
      std::this_thread::sleep_for(std::chrono::microseconds(delay));
    }
    uint32_t ti = wk.first_task + i;
    const tilec_task &t = c_.table.task(ti);
    for (uint32_t j = 0; j < t.num_waits; ++j) {
      uint32_t e = c_.table.waitEvent(t.first_wait + j);
      uint64_t expected = uint64_t(c_.table.event(e).target) * control.epoch;
      if (!wait(w, ti, e, expected, control))
        return;
    }
    double start = o.trace ? nowUs() : 0.0;
    KernelFault f = runKernel(t, arena, control, w.scratch);
    if (f.code != TILEC_FAULT_NONE) {
      tilec_fault fault{};
      fault.code = f.code;
      fault.program = wk.program;
      fault.worker = w.index - c_.table.program(wk.program).first_worker;
      fault.task = ti;
      fault.event = UINT32_MAX;
      fault.epoch = control.epoch;
      fault.value = f.value;
      recordFault(fault, w.index,
                  taskFaultMessage(c_.table, c_.programNames, fault, control.position, f.what));
      return;
    }
    if (o.trace)
      w.trace.push_back({wk.program, t.worker, ti, control.epoch, start, nowUs() - start});
    for (uint32_t j = 0; j < t.num_signals; ++j)
      c_.counters[c_.table.signalEvent(t.first_signal + j)].fetch_add(1, std::memory_order_release);
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

void Run::worker(WorkerState &w) {
  if (!gate_.wait())
    return;
  for (uint32_t s = 0; s < request_.steps; ++s) {
    try {
      runStep(w);
    } catch (const std::exception &e) { // out of memory for scratch
      {
        std::lock_guard<std::mutex> lock(faultMutex_);
        if (internalError_.empty())
          internalError_ = cat("worker ", workerName(w.index), ": ", e.what());
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
  std::vector<std::thread> threads;
  bool started = true;
  try {
    threads.reserve(n);
    for (WorkerState &w : workers_)
      threads.emplace_back([this, &w] { worker(w); });
  } catch (const std::exception &) {
    started = false;
  }
  gate_.open(started);
  for (std::thread &t : threads)
    t.join();
  if (!started)
    fail(TILEC_ERROR_INTERNAL, "cannot start ", n, " worker threads");
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
  Run run(context, request);
  return run.execute(trace);
}

} // namespace tilec::rt::host
