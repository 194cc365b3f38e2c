//===- Machine.h - device memory and grid execution of the emulator -----===//
//
// Device memory is host memory: an allocation's device pointer is its host
// address, and every global access is checked against the live allocations
// (bounds) and its natural alignment, like compute-sanitizer's memcheck and
// the hardware's misaligned-address fault. A launch runs every CTA of the
// grid to completion on the calling thread, interleaving all threads
// (persistent kernels need their CTAs co-resident): each thread runs until
// it blocks on a barrier or shuffle, sleeps, spins on an mbarrier, or uses
// up a quantum of instructions. Memory is sequentially consistent, so weak
// ordering bugs do not show; logic, indexing, alignment, bounds and
// deadlocks do.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_PTX_EMU_MACHINE_H
#define TILEC_PTX_EMU_MACHINE_H

#include "Ptx.h"

#include <cstddef>
#include <map>
#include <string>

namespace ptxemu {

class Memory {
public:
  /// 256-byte aligned, filled with 0xff bytes (not zeros, like a GPU); 0
  /// when out of memory.
  uint64_t allocate(size_t bytes);
  bool release(uint64_t ptr);
  /// Whether [addr, addr + bytes) lies inside one live allocation.
  bool contains(uint64_t addr, size_t bytes) const;
  ~Memory();

private:
  std::map<uint64_t, size_t> blocks_;
  mutable uint64_t lastLo_ = 0, lastHi_ = 0;
};

struct LaunchConfig {
  uint32_t grid = 1, block = 1;
  uint64_t dynamicShared = 0;
  uint32_t numSms = 1;
  /// Shared-memory race detection (like compute-sanitizer's racecheck): two
  /// threads touching a byte between the same two barriers, at least one of
  /// them writing (atomics and bulk copies excepted), stop the launch.
  bool racecheck = false;
};

struct LaunchResult {
  enum class Code { Ok, IllegalAddress, Misaligned, IllegalInstruction, Deadlock, Race } code =
      Code::Ok;
  std::string message; ///< what happened, where (function, PTX line, CTA, thread)
  uint64_t instructions = 0;
};

/// What a function's calls cost one thread, summed over its calls: the
/// latency structure of the code, which a GPU hides only with loads in
/// flight. A round trip is a read of a register whose value a global load
/// issued since the thread's last round trip is still bringing: loads issued
/// back to back cost one, a chain of dependent loads one each.
struct FunctionProfile {
  uint64_t calls = 0;        ///< thread-level calls (a body called by a CTA: one per thread)
  uint64_t instructions = 0;
  uint64_t roundTrips = 0;
  uint64_t maxRoundTrips = 0; ///< of one call
  uint64_t globalBytes = 0;   ///< loaded from global memory
  /// The call's load chain: how many global loads deep its deepest load is,
  /// each load counted one deeper than what its address, the branches
  /// before it and the barriers and shuffles it passed depend on. No
  /// schedule issues that load sooner, so it is a lower bound on the call's
  /// round trips, where `roundTrips` (PTX order) is an upper one.
  uint64_t chain = 0, maxChain = 0;
};
/// One function called with one first argument (a task body with its
/// task's table record): what its calls cost.
struct ArgumentProfile {
  uint64_t calls = 0, roundTrips = 0, globalBytes = 0;
};

struct Profile {
  std::map<std::string, FunctionProfile> functions;
  /// Functions named body_* by their first argument (the running task's
  /// record in the schedule table): a task's own cost, not its body's mean.
  std::map<std::pair<std::string, uint64_t>, ArgumentProfile> byArgument;
  /// The first parameter of the last launch (a tilec kernel's: the table).
  uint64_t launchArgument = 0;
  /// Round trips by where the thread waited: (function, PTX line) -> count.
  std::map<std::pair<std::string, uint32_t>, uint64_t> waits;
};

/// Runs `kernel` over the grid. `params` are cuLaunchKernel's kernelParams.
/// With `profile`, adds every function's calls to it (inclusive of callees).
LaunchResult runGrid(const Module &module, const Function &kernel, const LaunchConfig &config,
                     void **params, Memory &memory, Profile *profile = nullptr);

} // namespace ptxemu

#endif
