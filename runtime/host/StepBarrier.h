//===- StepBarrier.h - the barrier between steps ----------------------------===//
//
// C++17 has no std::barrier. The last thread to arrive runs the completion
// (it updates the control block for the next step) under the lock, and its
// verdict, go on or stop, is what every thread of that generation returns:
// threads must all agree, or one would leave while the others wait forever.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_HOST_STEPBARRIER_H
#define TILEC_RUNTIME_HOST_STEPBARRIER_H

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace tilec::rt::host {

class StepBarrier {
public:
  explicit StepBarrier(uint32_t threads) : threads_(threads) {}

  /// Blocks until all threads arrived; returns the completion's verdict.
  template <class Completion> bool arriveAndWait(Completion completion) {
    std::unique_lock<std::mutex> lock(mutex_);
    uint64_t generation = generation_;
    if (++arrived_ == threads_) {
      verdict_ = completion();
      arrived_ = 0;
      ++generation_;
      wake_.notify_all();
      return verdict_;
    }
    wake_.wait(lock, [&] { return generation_ != generation; });
    // verdict_ cannot change before this thread arrives again.
    return verdict_;
  }

private:
  std::mutex mutex_;
  std::condition_variable wake_;
  const uint32_t threads_;
  uint32_t arrived_ = 0;
  uint64_t generation_ = 0;
  bool verdict_ = true;
};

/// Holds threads until all are created, or releases them to quit if one
/// could not be (so no thread waits at a barrier for a missing peer).
class StartGate {
public:
  bool wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait(lock, [&] { return open_; });
    return go_;
  }
  void open(bool go) {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    go_ = go;
    wake_.notify_all();
  }

private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool open_ = false, go_ = false;
};

} // namespace tilec::rt::host

#endif
