//===- Machine.cpp - interpreting a grid of PTX threads ------------------===//
#include "Machine.h"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <unordered_map>
#include <vector>

namespace ptxemu {

// --- Memory -------------------------------------------------------------------

uint64_t Memory::allocate(size_t bytes) {
  size_t rounded = (std::max<size_t>(bytes, 1) + 255) / 256 * 256;
  void *p = std::aligned_alloc(256, rounded);
  if (!p)
    return 0;
  // Not zero: fresh device memory holds garbage on a GPU, and 0xff bytes
  // (NaNs as f32, bf16 and f16; -1 as integers) make reliance on zeros show.
  std::memset(p, 0xff, rounded);
  blocks_[uint64_t(p)] = bytes;
  return uint64_t(p);
}

bool Memory::release(uint64_t ptr) {
  auto it = blocks_.find(ptr);
  if (it == blocks_.end())
    return false;
  blocks_.erase(it);
  std::free(reinterpret_cast<void *>(ptr));
  lastLo_ = lastHi_ = 0;
  return true;
}

bool Memory::contains(uint64_t addr, size_t bytes) const {
  if (addr >= lastLo_ && addr + bytes <= lastHi_)
    return true;
  auto it = blocks_.upper_bound(addr);
  if (it == blocks_.begin())
    return false;
  --it;
  if (addr + bytes > it->first + it->second)
    return false;
  lastLo_ = it->first;
  lastHi_ = it->first + it->second;
  return true;
}

Memory::~Memory() {
  for (auto &b : blocks_)
    std::free(reinterpret_cast<void *>(b.first));
}

// --- Numbers ------------------------------------------------------------------
namespace {

inline uint64_t maskOf(unsigned bits) { return bits >= 64 ? ~0ull : ((1ull << bits) - 1); }
inline int64_t sext(uint64_t v, unsigned bits) {
  if (bits >= 64)
    return int64_t(v);
  uint64_t m = 1ull << (bits - 1);
  v &= maskOf(bits);
  return int64_t((v ^ m) - m);
}
template <class To, class From> inline To bitCast(From from) {
  static_assert(sizeof(To) == sizeof(From), "same size");
  To to;
  std::memcpy(&to, &from, sizeof to);
  return to;
}
inline float f32(uint64_t v) { return bitCast<float>(uint32_t(v)); }
inline uint64_t bits32(float f) { return bitCast<uint32_t>(f); }
inline double f64(uint64_t v) { return bitCast<double>(v); }
inline uint64_t bits64(double d) { return bitCast<uint64_t>(d); }

// PTX's cvt semantics (NaN becomes the canonical NaN), written apart from
// the runtime's converters (runtime/common/Dtype.cpp) on purpose: the
// emulator checks the kernel against the host backend, so they must not
// share a bug.
uint16_t toBf16(float f) {
  uint32_t b = uint32_t(bits32(f));
  if (std::isnan(f))
    return uint16_t(0x7fff);
  b += 0x7fff + ((b >> 16) & 1);
  return uint16_t(b >> 16);
}
float fromBf16(uint16_t h) { return f32(uint64_t(h) << 16); }

uint16_t toF16(float f) {
  uint32_t x = uint32_t(bits32(f));
  uint32_t sign = (x >> 16) & 0x8000;
  uint32_t exp = (x >> 23) & 0xff, mant = x & 0x7fffff;
  if (exp == 0xff)
    return mant ? uint16_t(0x7fff) : uint16_t(sign | 0x7c00); // PTX's canonical NaN
  int e = int(exp) - 127 + 15;
  if (e >= 31)
    return uint16_t(sign | 0x7c00);
  if (e <= 0) {
    if (e < -10)
      return uint16_t(sign);
    mant |= 0x800000;
    int shift = 14 - e;
    uint32_t half = mant >> shift, rest = mant & ((1u << shift) - 1), mid = 1u << (shift - 1);
    if (rest > mid || (rest == mid && (half & 1)))
      ++half;
    return uint16_t(sign | half);
  }
  uint32_t half = (uint32_t(e) << 10) | (mant >> 13), rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1)))
    ++half; // may carry into the exponent, up to infinity: correct
  return uint16_t(sign | half);
}
float fromF16(uint16_t h) {
  uint32_t sign = uint32_t(h & 0x8000) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  if (exp == 0) {
    if (!mant)
      return f32(sign);
    float v = std::ldexp(float(mant), -24);
    return sign ? -v : v;
  }
  if (exp == 31)
    return f32(sign | 0x7f800000 | (mant << 13));
  return f32(sign | ((exp - 15 + 127) << 23) | (mant << 13));
}

// Scalar f16/bf16 add, sub and mul: computed in f32 and rounded once to the
// 16-bit type, which is the correctly rounded result (f32 has more than
// 2p + 2 bits for both), as the hardware gives. Packed ops and fma stay
// unmodelled (Parser.cpp).
float half(uint64_t v, const Type &t) {
  return t.bfloat ? fromBf16(uint16_t(v)) : fromF16(uint16_t(v));
}
uint64_t toHalf(float f, const Type &t) { return t.bfloat ? toBf16(f) : toF16(f); }

/// A typed value read as a double (all integer and float sources of cvt
/// fit: 64-bit integers go through separate paths).
double floatOf(uint64_t v, const Type &t) {
  if (t.bits == 16)
    return t.bfloat ? fromBf16(uint16_t(v)) : fromF16(uint16_t(v));
  if (t.bits == 32)
    return f32(v);
  return f64(v);
}

/// x rounded to an integral value as cvt's .rzi, .rmi, .rpi, .rni say (no
/// modifier: toward zero, float-to-integer's default).
double toIntegral(double x, Round r) {
  switch (r) {
  case Round::Rzi: case Round::None: return std::trunc(x);
  case Round::Rmi: return std::floor(x);
  case Round::Rpi: return std::ceil(x);
  default: return std::nearbyint(x);
  }
}

/// x CMP y for the ordered comparisons (all that integers have); nullopt
/// for the unordered ones.
template <class T> std::optional<bool> ordered(Cmp c, T x, T y) {
  switch (c) {
  case Cmp::Eq: return x == y;
  case Cmp::Ne: return x != y;
  case Cmp::Lt: return x < y;
  case Cmp::Le: return x <= y;
  case Cmp::Gt: return x > y;
  case Cmp::Ge: return x >= y;
  default: return std::nullopt;
  }
}
/// The ordered comparison an unordered one (equ, ltu, ...) extends to NaNs;
/// Nan (which `ordered` does not answer) for the rest.
Cmp unorderedBase(Cmp c) {
  switch (c) {
  case Cmp::Equ: return Cmp::Eq;
  case Cmp::Neu: return Cmp::Ne;
  case Cmp::Ltu: return Cmp::Lt;
  case Cmp::Leu: return Cmp::Le;
  case Cmp::Gtu: return Cmp::Gt;
  case Cmp::Geu: return Cmp::Ge;
  default: return Cmp::Nan; // not unordered: `ordered` gives nullopt
  }
}

struct Fault {
  LaunchResult::Code code;
  std::string what;
};

// --- Threads ------------------------------------------------------------------

struct Frame {
  const Function *fn = nullptr;
  int32_t pc = 0;
  int32_t retInCaller = -1;
  std::vector<uint64_t> regs;
  std::vector<uint64_t> pending; // profiling: the load generation each register waits on
  std::vector<uint32_t> depth;   // profiling: the load-chain depth of each register's value
  uint32_t ctrl0 = 0, loadMax0 = 0; // the thread's control depth and deepest load at entry
  uint64_t trips0 = 0, instructions0 = 0, bytes0 = 0; // the thread's counters at entry
  std::vector<std::array<uint8_t, 16>> params;
};

enum class State : uint8_t { Ready, AtBarrier, AtShuffle, Done };

struct Thread {
  uint32_t tid = 0, lane = 0, warp = 0;
  State state = State::Ready;
  std::vector<Frame> frames;
  size_t depth = 0;
  int32_t waitDest = -1; // register written when a barrier/shuffle completes
  int32_t waitPred = -1;
  // Profiling: global loads issued, the generation of the last round trip.
  uint64_t loadGen = 0, stallGen = 0, trips = 0, instructions = 0, bytes = 0;
  // Load chains: the depth everything from here on depends on (branches,
  // barriers, shuffles passed), and the deepest load issued in this call.
  uint32_t ctrl = 0, loadMax = 0, waitDepth = 0;
  // Racecheck: per mbarrier (shared offset), the phases this thread knows
  // complete (its own successful waits, and others' through CTA barriers).
  std::unordered_map<uint64_t, uint32_t> seenPhases;
};

struct Shuffle {
  uint32_t arrived = 0;
  uint32_t depth[32]; // profiling: each lane's operand depth
  uint32_t value[32], b[32], c[32], mask[32];
  ShflMode mode[32];
};

struct MBarrier {
  uint32_t expected = 0, pending = 0;
  int64_t tx = 0;
  uint32_t phase = 0;
};

/// Racecheck's memory of one shared byte: its last writer and reader(s)
/// since the barrier interval `epoch` began.
struct ShadowByte {
  uint32_t writer = 0, writeEpoch = 0, writeLine = 0;
  uint32_t reader = 0, readEpoch = 0, readLine = 0;
  bool manyReaders = false;
  // A bulk copy's bytes: its mbarrier (offset + 1) and the phase it completes.
  uint32_t copyBarrier = 0, copyPhase = 0, copyLine = 0;
};
constexpr uint32_t kAsyncWriter = 0xffffffffu; // a bulk copy (async proxy)

struct Cta {
  uint32_t id = 0;
  std::vector<uint8_t> shared;
  std::vector<ShadowByte> shadow; // racecheck only
  uint32_t epoch = 1;             // barrier intervals completed + 1
  std::vector<Thread> threads;
  std::vector<Shuffle> shuffles;
  uint32_t live = 0;
  uint32_t barArrived = 0;
  bool barOr = false;
  uint32_t barDepth = 0; // profiling: the deepest arrival at the barrier
  std::unordered_map<uint64_t, MBarrier> mbarriers;
};

class Grid {
public:
  Grid(const Module &m, const Function &k, const LaunchConfig &c, void **params, Memory &mem,
       Profile *profile)
      : m_(m), kernel_(k), cfg_(c), params_(params), mem_(mem), profile_(profile) {}
  LaunchResult run();

private:
  LaunchResult execute();
  /// Runs `t` until it blocks, yields, finishes or `budget` is spent; returns
  /// whether it executed anything.
  bool step(Cta &cta, Thread &t, uint32_t budget);
  /// step, compiled once with profiling and once without (no cost when off).
  template <bool prof> bool stepAs(Cta &cta, Thread &t, uint32_t budget);
  void enter(Thread &t, const Function &fn, int32_t retInCaller);
  void leave(Thread &t);
  uint8_t *address(Cta &cta, Thread &t, const Inst &in, const Operand &o, Space space,
                   size_t bytes);
  uint64_t special(const Cta &cta, const Thread &t, Special s);
  void barrierArrive(Cta &cta, Thread &t, bool value, int32_t dest);
  void releaseBarrier(Cta &cta);
  void shuffleArrive(Cta &cta, Thread &t, const Inst &in, uint64_t *R);
  void completeShuffle(Cta &cta, Thread &t, uint32_t warp);
  void exitThread(Cta &cta, Thread &t);
  void raceCheck(Cta &cta, Thread &t, const Inst &in, uint64_t offset, size_t bytes, bool write);
  /// "shared-memory race (KIND) on byte B: MINE and THEIRS:", then where.
  [[noreturn]] void race(const Cta &cta, const Thread &t, const std::string &kind, uint64_t byte,
                         const std::string &mine, const std::string &theirs);
  [[noreturn]] void fault(LaunchResult::Code code, const Cta &cta, const Thread &t,
                          const std::string &what);

  const Module &m_;
  const Function &kernel_;
  LaunchConfig cfg_;
  void **params_;
  Memory &mem_;
  Profile *profile_;
  std::vector<Cta> ctas_;
  uint64_t executed_ = 0;
  /// Profiling: round trips by (function index << 32 | PTX line), named
  /// into profile_->waits when the launch ends.
  std::unordered_map<uint64_t, uint64_t> waits_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

void Grid::fault(LaunchResult::Code code, const Cta &cta, const Thread &t,
                 const std::string &what) {
  std::string where;
  if (t.depth) {
    const Frame &f = t.frames[t.depth - 1];
    int32_t pc = std::max(0, f.pc - 1);
    uint32_t line = pc < int32_t(f.fn->code.size()) ? f.fn->code[size_t(pc)].line : 0;
    where = "in " + f.fn->name + " (PTX line " + std::to_string(line) + ")";
  }
  throw Fault{code, what + " " + where + ", block " + std::to_string(cta.id) + ", thread " +
                        std::to_string(t.tid)};
}

void Grid::enter(Thread &t, const Function &fn, int32_t retInCaller) {
  if (t.depth == t.frames.size())
    t.frames.emplace_back();
  Frame &f = t.frames[t.depth++];
  f.fn = &fn;
  f.pc = 0;
  f.retInCaller = retInCaller;
  f.regs.assign(fn.numRegs, 0);
  f.params.resize(fn.numParamSlots);
  if (profile_) {
    f.pending.assign(fn.numRegs, 0);
    f.depth.assign(fn.numRegs, 0);
    f.ctrl0 = t.ctrl;
    f.loadMax0 = t.loadMax;
    t.loadMax = t.ctrl;
    f.trips0 = t.trips;
    f.instructions0 = t.instructions;
    f.bytes0 = t.bytes;
  }
}

void Grid::leave(Thread &t) {
  if (!profile_)
    return;
  const Frame &f = t.frames[t.depth - 1];
  FunctionProfile &p = profile_->functions[f.fn->name];
  uint64_t trips = t.trips - f.trips0;
  ++p.calls;
  p.instructions += t.instructions - f.instructions0;
  p.roundTrips += trips;
  p.maxRoundTrips = std::max(p.maxRoundTrips, trips);
  p.globalBytes += t.bytes - f.bytes0;
  uint64_t chain = t.loadMax - f.ctrl0;
  p.chain += chain;
  p.maxChain = std::max(p.maxChain, chain);
  t.loadMax = std::max(t.loadMax, f.loadMax0);
  if (!f.fn->paramSlots.empty() && f.fn->name.rfind("body_", 0) == 0) {
    uint64_t first;
    std::memcpy(&first, f.params[size_t(f.fn->paramSlots[0])].data(), sizeof first);
    ArgumentProfile &a = profile_->byArgument[{f.fn->name, first}];
    ++a.calls;
    a.roundTrips += trips;
    a.globalBytes += t.bytes - f.bytes0;
  }
}

uint64_t Grid::special(const Cta &cta, const Thread &t, Special s) {
  switch (s) {
  case Special::TidX: return t.tid;
  case Special::TidY: case Special::TidZ: return 0;
  case Special::NtidX: return cfg_.block;
  case Special::NtidY: case Special::NtidZ: return 1;
  case Special::CtaidX: return cta.id;
  case Special::CtaidY: case Special::CtaidZ: return 0;
  case Special::NctaidX: return cfg_.grid;
  case Special::NctaidY: case Special::NctaidZ: return 1;
  case Special::LaneId: return t.lane;
  case Special::WarpId: return t.warp;
  case Special::NWarpId: return (cfg_.block + 31) / 32;
  case Special::SmId: return cta.id % cfg_.numSms;
  case Special::NSmId: return cfg_.numSms;
  case Special::GlobalTimer:
    return uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - start_)
                        .count());
  case Special::Clock: return executed_ & 0xffffffff;
  case Special::Clock64: return executed_;
  case Special::DynamicSmemSize: return cfg_.dynamicShared;
  case Special::TotalSmemSize: return m_.dynamicOffset + cfg_.dynamicShared;
  }
  return 0;
}

uint8_t *Grid::address(Cta &cta, Thread &t, const Inst &in, const Operand &o, Space space,
                       size_t bytes) {
  if (o.k != Operand::K::Addr)
    fault(LaunchResult::Code::IllegalInstruction, cta, t, "memory operand expected");
  Frame &f = t.frames[t.depth - 1];
  if (space == Space::Param) {
    if (o.nvec != 1 || o.sym < 0 || size_t(o.sym) >= f.params.size() || o.imm + bytes > 16)
      fault(LaunchResult::Code::IllegalInstruction, cta, t, "bad .param access");
    return f.params[size_t(o.sym)].data() + o.imm;
  }
  uint64_t addr = (o.reg >= 0 ? f.regs[size_t(o.reg)] : 0) + o.imm;
  if (addr % bytes)
    fault(LaunchResult::Code::Misaligned, cta, t,
          "misaligned " + std::to_string(bytes) + "-byte " +
              (space == Space::Shared ? "shared" : "global") + " access at 0x" +
              [&] { char b[32]; std::snprintf(b, sizeof b, "%llx", (unsigned long long)addr); return std::string(b); }());
  if (space == Space::Shared) {
    if (addr + bytes > cta.shared.size())
      fault(LaunchResult::Code::IllegalAddress, cta, t,
            "shared access of " + std::to_string(bytes) + " bytes at " + std::to_string(addr) +
                " past the block's " + std::to_string(cta.shared.size()) + " bytes");
    return cta.shared.data() + addr;
  }
  if (space != Space::Global)
    fault(LaunchResult::Code::IllegalInstruction, cta, t,
          "generic addressing is not supported (line " + std::to_string(in.line) + ")");
  if (!mem_.contains(addr, bytes)) {
    char b[96];
    std::snprintf(b, sizeof b, "global access of %zu bytes at 0x%llx outside every allocation",
                  bytes, (unsigned long long)addr);
    fault(LaunchResult::Code::IllegalAddress, cta, t, b);
  }
  return reinterpret_cast<uint8_t *>(addr);
}

void Grid::releaseBarrier(Cta &cta) {
  for (Thread &o : cta.threads)
    if (o.state == State::AtBarrier) {
      Frame &f = o.frames[o.depth - 1];
      if (o.waitPred >= 0)
        f.regs[size_t(o.waitPred)] = cta.barOr ? 1 : 0;
      if (profile_) { // everyone leaves as late as the latest arrival
        o.ctrl = std::max(o.ctrl, cta.barDepth);
        if (o.waitPred >= 0)
          f.depth[size_t(o.waitPred)] = cta.barDepth;
      }
      o.state = State::Ready;
    }
  cta.barDepth = 0;
  if (cfg_.racecheck) { // a barrier passes on what any thread saw complete
    std::unordered_map<uint64_t, uint32_t> seen;
    for (const Thread &o : cta.threads)
      for (const auto &[bar, phase] : o.seenPhases)
        seen[bar] = std::max(seen[bar], phase);
    if (!seen.empty())
      for (Thread &o : cta.threads)
        if (o.state != State::Done)
          o.seenPhases = seen;
  }
  cta.barArrived = 0;
  cta.barOr = false;
  ++cta.epoch;
}

void Grid::barrierArrive(Cta &cta, Thread &t, bool value, int32_t dest) {
  t.state = State::AtBarrier;
  t.waitPred = dest;
  cta.barDepth = std::max(cta.barDepth, t.waitDepth);
  cta.barOr = cta.barOr || value;
  if (++cta.barArrived == cta.live)
    releaseBarrier(cta);
}

void Grid::race(const Cta &cta, const Thread &t, const std::string &kind, uint64_t byte,
                const std::string &mine, const std::string &theirs) {
  fault(LaunchResult::Code::Race, cta, t,
        "shared-memory race (" + kind + ") on byte " + std::to_string(byte) + ": " + mine +
            " and " + theirs + ":");
}

void Grid::raceCheck(Cta &cta, Thread &t, const Inst &in, uint64_t offset, size_t bytes,
                     bool write) {
  for (size_t i = 0; i < bytes; ++i) {
    ShadowByte &b = cta.shadow[offset + i];
    // A bulk copy's bytes are this thread's once it knows the copy's phase
    // completed; before, the copy may still be landing.
    if (b.writer == kAsyncWriter && b.copyBarrier) {
      auto seen = t.seenPhases.find(b.copyBarrier - 1);
      if (seen == t.seenPhases.end() || seen->second <= b.copyPhase)
        race(cta, t,
             std::string(write ? "write" : "read") +
                 " of a bulk copy's bytes before waiting on its mbarrier",
             offset + i,
             std::string("this ") + (write ? "write" : "read") + " (PTX line " +
                 std::to_string(in.line) + ")",
             "the cp.async.bulk (PTX line " + std::to_string(b.copyLine) +
                 ") completing phase " + std::to_string(b.copyPhase) + " of the mbarrier at " +
                 std::to_string(b.copyBarrier - 1));
    }
    const char *hazard = nullptr;
    uint32_t other = 0, otherLine = 0;
    if (b.writeEpoch == cta.epoch && b.writer != t.tid && b.writer != kAsyncWriter) {
      hazard = write ? "write-after-write" : "read-after-write";
      other = b.writer;
      otherLine = b.writeLine;
    } else if (write && b.readEpoch == cta.epoch && (b.reader != t.tid || b.manyReaders)) {
      hazard = "write-after-read";
      other = b.reader == t.tid ? kAsyncWriter : b.reader;
      otherLine = b.readLine;
    }
    if (hazard)
      race(cta, t, hazard, offset + i,
           std::string("this ") + (write ? "write" : "read") + " (PTX line " +
               std::to_string(in.line) + ")",
           (other == kAsyncWriter ? std::string("other threads")
                                  : "thread " + std::to_string(other)) +
               " (PTX line " + std::to_string(otherLine) + ") between the same two barriers");
    if (write) {
      b.writer = t.tid;
      b.writeEpoch = cta.epoch;
      b.writeLine = in.line;
    } else if (b.readEpoch == cta.epoch) {
      b.manyReaders = b.manyReaders || b.reader != t.tid;
    } else {
      b.reader = t.tid;
      b.readEpoch = cta.epoch;
      b.readLine = in.line;
      b.manyReaders = false;
    }
  }
}

void Grid::exitThread(Cta &cta, Thread &t) {
  t.state = State::Done;
  t.depth = 0;
  --cta.live;
  if (cta.barArrived && cta.barArrived == cta.live)
    releaseBarrier(cta);
  completeShuffle(cta, t, t.warp); // its warp may have waited only for it
}

void Grid::shuffleArrive(Cta &cta, Thread &t, const Inst &in, uint64_t *R) {
  // shfl.sync.mode.b32 d[|p], a, b, c, membermask
  bool twoDest = in.sat;
  const Operand *src = in.ops + (twoDest ? 2 : 1);
  auto read = [&](const Operand &o) -> uint32_t {
    if (o.k == Operand::K::Reg) return uint32_t(R[o.reg]);
    if (o.k == Operand::K::Imm) return uint32_t(o.imm);
    fault(LaunchResult::Code::IllegalInstruction, cta, t, "bad shfl operand");
  };
  Shuffle &s = cta.shuffles[t.warp];
  uint32_t lane = t.lane;
  s.value[lane] = read(src[0]);
  s.b[lane] = read(src[1]);
  s.c[lane] = read(src[2]);
  s.mask[lane] = read(src[3]);
  s.mode[lane] = in.shfl;
  s.depth[lane] = t.waitDepth;
  s.arrived |= 1u << lane;
  t.state = State::AtShuffle;
  t.waitDest = in.ops[0].k == Operand::K::Reg ? in.ops[0].reg : -1;
  t.waitPred = twoDest && in.ops[1].k == Operand::K::Reg ? in.ops[1].reg : -1;
  completeShuffle(cta, t, t.warp);
}

// A shuffle completes when every non-exited lane of its member mask has
// arrived (PTX: "all non-exited threads corresponding to membermask");
// reading an exited lane gives the reader's own value (undefined in PTX).
void Grid::completeShuffle(Cta &cta, Thread &t, uint32_t warp) {
  Shuffle &s = cta.shuffles[warp];
  if (!s.arrived)
    return;
  uint32_t mask = s.mask[__builtin_ctz(s.arrived)];
  uint32_t warpBase = warp * 32, exited = 0;
  for (uint32_t l = 0; l < 32 && warpBase + l < cta.threads.size(); ++l)
    if (cta.threads[warpBase + l].state == State::Done)
      exited |= 1u << l;
  if (((s.arrived | exited) & mask) != mask)
    return;
  const uint32_t members = mask;
  mask &= ~exited;
  uint32_t shuffleDepth = 0;
  for (uint32_t l = 0; l < 32; ++l)
    if (mask >> l & 1)
      shuffleDepth = std::max(shuffleDepth, s.depth[l]);
  for (uint32_t l = 0; l < 32; ++l) {
    if (!(mask >> l & 1))
      continue;
    if (s.mask[l] != members)
      fault(LaunchResult::Code::IllegalInstruction, cta, t,
            "shfl.sync lanes of a warp disagree on the member mask");
    uint32_t bval = s.b[l] & 31, cval = s.c[l] & 31, segmask = (s.c[l] >> 8) & 31;
    uint32_t maxLane = (l & segmask) | (cval & ~segmask), minLane = l & segmask;
    int32_t j = int32_t(l);
    bool ok = false;
    switch (s.mode[l]) {
    case ShflMode::Up: j = int32_t(l) - int32_t(bval); ok = j >= int32_t(maxLane); break;
    case ShflMode::Down: j = int32_t(l + bval); ok = j <= int32_t(maxLane); break;
    case ShflMode::Bfly: j = int32_t(l ^ bval); ok = j <= int32_t(maxLane); break;
    case ShflMode::Idx: j = int32_t(minLane | (bval & ~segmask)); ok = j <= int32_t(maxLane); break;
    }
    if (!ok || !(mask >> j & 1))
      j = int32_t(l);
    Thread &o = cta.threads[warpBase + l];
    Frame &f = o.frames[o.depth - 1];
    if (o.waitDest >= 0)
      f.regs[size_t(o.waitDest)] = s.value[j];
    if (o.waitPred >= 0)
      f.regs[size_t(o.waitPred)] = ok ? 1 : 0;
    if (profile_) {
      o.ctrl = std::max(o.ctrl, shuffleDepth);
      if (o.waitDest >= 0)
        f.depth[size_t(o.waitDest)] = shuffleDepth;
      if (o.waitPred >= 0)
        f.depth[size_t(o.waitPred)] = shuffleDepth;
    }
    o.state = State::Ready;
  }
  s.arrived &= ~mask;
}

#define FAULT(code, msg) fault(LaunchResult::Code::code, cta, t, msg)

bool Grid::step(Cta &cta, Thread &t, uint32_t budget) {
  return profile_ ? stepAs<true>(cta, t, budget) : stepAs<false>(cta, t, budget);
}

template <bool prof> bool Grid::stepAs(Cta &cta, Thread &t, uint32_t budget) {
  Frame *f = &t.frames[t.depth - 1];
  uint64_t *R = f->regs.data();
  uint64_t *P = prof ? f->pending.data() : nullptr;
  uint32_t *D = prof ? f->depth.data() : nullptr;
  const Inst *code = f->fn->code.data();
  int32_t ncode = int32_t(f->fn->code.size());
  // Continues in frame `next` (a call or a return).
  auto run = [&](Frame *next) {
    f = next;
    R = f->regs.data();
    P = prof ? f->pending.data() : nullptr;
    D = prof ? f->depth.data() : nullptr;
    code = f->fn->code.data();
    ncode = int32_t(f->fn->code.size());
  };
  // Profiling: reading a register a global load is still bringing is a round trip.
  uint32_t line = 0; // profiling: the current instruction's PTX line
  auto touch = [&](int32_t r) __attribute__((always_inline)) {
    if (prof && r >= 0 && P[r] > t.stallGen) {
      ++t.trips;
      t.stallGen = t.loadGen;
      uint64_t fn = uint64_t(f->fn - m_.functions.data());
      ++waits_[fn << 32 | line];
    }
  };
  uint32_t done = 0;
  // Ends this turn (the thread blocked, slept, waits or left).
  auto pause = [&] {
    executed_ += done;
    return true;
  };

  // Plain registers are most operands: their read is inlined; immediates,
  // negated predicates and special registers take the call.
  auto srcSlow = [&](const Operand &o, unsigned bits) __attribute__((noinline)) -> uint64_t {
    switch (o.k) {
    case Operand::K::Reg: {
      touch(o.reg);
      uint64_t v = R[o.reg];
      if (o.nvec == 2)
        v = (v & 1) ^ 1;
      return v & maskOf(bits);
    }
    case Operand::K::Imm: return o.imm & maskOf(bits);
    case Operand::K::Special: return special(cta, t, o.special) & maskOf(bits);
    default: FAULT(IllegalInstruction, "bad source operand");
    }
  };
  auto src = [&](const Operand &o, unsigned bits) __attribute__((always_inline)) -> uint64_t {
    if (o.k == Operand::K::Reg && o.nvec == 0) {
      touch(o.reg);
      return R[o.reg] & maskOf(bits);
    }
    return srcSlow(o, bits);
  };
  auto set = [&](const Operand &o, uint64_t v) __attribute__((always_inline)) {
    if (o.k == Operand::K::Reg)
      R[o.reg] = v;
    else if (o.k != Operand::K::Sink)
      FAULT(IllegalInstruction, "bad destination operand");
  };

  while (done < budget) {
    if (f->pc >= ncode)
      FAULT(IllegalInstruction, "ran past the end of the function");
    const Inst &in = code[f->pc++];
    ++done;
    if (prof) {
      ++t.instructions;
      line = in.line;
    }
    if (in.guard >= 0 && ((R[in.guard] & 1) != 0) == in.guardNeg)
      continue;
    const Type ty = in.type;
    const unsigned w = ty.bits;
    const Operand *op = in.ops;
    // What is not modelled is refused rather than computed wrong.
    if (in.unmodelled)
      FAULT(IllegalInstruction, in.unmodelled);
    // Load chains: what this instruction waits on (its sources, its guard,
    // the thread's control depth); its results carry it on.
    unsigned numDest = 0;
    uint32_t dsrc = 0;
    if (prof) {
      switch (in.op) {
      case Op::St: case Op::Red: case Op::MbarInit: case Op::CpAsyncBulk: case Op::Bar:
      case Op::Bra: case Op::Brx: case Op::Call: case Op::Ret: case Op::Exit:
      case Op::Nanosleep: case Op::Nop:
        break;
      default:
        numDest = (in.op == Op::Setp || in.op == Op::Shfl) && in.sat ? 2 : 1;
      }
      dsrc = t.ctrl;
      if (in.guard >= 0) dsrc = std::max(dsrc, D[in.guard]);
      for (unsigned i = numDest; i < in.nops; ++i) {
        const Operand &o = op[i];
        if ((o.k == Operand::K::Reg || o.k == Operand::K::Addr) && o.reg >= 0)
          dsrc = std::max(dsrc, D[o.reg]);
        else if (o.k == Operand::K::Vec)
          for (unsigned v = 0; v < o.nvec; ++v)
            if (o.vec[v] >= 0) dsrc = std::max(dsrc, D[o.vec[v]]);
      }
      t.waitDepth = dsrc;
      if (in.op == Op::Brx || (in.op == Op::Bra && in.guard >= 0))
        t.ctrl = dsrc; // nothing after a branch issues before it resolves
    }
    switch (in.op) {
    case Op::Nop: break;
    case Op::Add: case Op::Sub: {
      uint64_t a = src(op[1], w), b = src(op[2], w);
      bool add = in.op == Op::Add;
      if (ty.kind == Kind::Float && w == 16) {
        float r = add ? half(a, ty) + half(b, ty) : half(a, ty) - half(b, ty);
        if (in.sat) r = std::fmin(std::fmax(r, 0.0f), 1.0f);
        set(op[0], toHalf(r, ty));
      } else if (ty.kind == Kind::Float && w == 32) {
        float r = add ? f32(a) + f32(b) : f32(a) - f32(b);
        if (in.sat) r = std::fmin(std::fmax(r, 0.0f), 1.0f);
        set(op[0], bits32(r));
      } else if (ty.kind == Kind::Float) { // f64
        set(op[0], bits64(add ? f64(a) + f64(b) : f64(a) - f64(b)));
      } else {
        if (in.sat && ty.kind == Kind::Signed) {
          int64_t r = add ? sext(a, w) + sext(b, w) : sext(a, w) - sext(b, w);
          int64_t hi = int64_t(maskOf(w - 1)), lo = -hi - 1;
          set(op[0], uint64_t(std::min(std::max(r, lo), hi)) & maskOf(w));
        } else {
          set(op[0], (add ? a + b : a - b) & maskOf(w));
        }
      }
      break;
    }
    case Op::Mul: {
      uint64_t a = src(op[1], w), b = src(op[2], w);
      if (ty.kind == Kind::Float && w == 16) set(op[0], toHalf(half(a, ty) * half(b, ty), ty));
      else if (ty.kind == Kind::Float && w == 32) set(op[0], bits32(f32(a) * f32(b)));
      else if (ty.kind == Kind::Float && w == 64) set(op[0], bits64(f64(a) * f64(b)));
      else if (in.hi) {
        if (ty.kind == Kind::Signed) {
          __int128 p = __int128(sext(a, w)) * __int128(sext(b, w));
          set(op[0], uint64_t(p >> w) & maskOf(w));
        } else {
          unsigned __int128 p = (unsigned __int128)a * b;
          set(op[0], uint64_t(p >> w) & maskOf(w));
        }
      } else set(op[0], (a * b) & maskOf(w));
      break;
    }
    case Op::MulWide: case Op::MadWide: {
      uint64_t a = src(op[1], w), b = src(op[2], w), r;
      if (ty.kind == Kind::Signed) r = uint64_t(sext(a, w) * sext(b, w));
      else r = a * b;
      if (in.op == Op::MadWide) r += src(op[3], 2 * w);
      set(op[0], r & maskOf(2 * w));
      break;
    }
    case Op::Mad: case Op::Fma: {
      uint64_t a = src(op[1], w), b = src(op[2], w), c = src(op[3], w);
      if (ty.kind == Kind::Float && w == 32) set(op[0], bits32(std::fma(f32(a), f32(b), f32(c))));
      else if (ty.kind == Kind::Float && w == 64) set(op[0], bits64(std::fma(f64(a), f64(b), f64(c))));
      else if (in.hi) {
        unsigned __int128 p = ty.kind == Kind::Signed
                                  ? (unsigned __int128)(__int128(sext(a, w)) * sext(b, w))
                                  : (unsigned __int128)a * b;
        set(op[0], (uint64_t(p >> w) + c) & maskOf(w));
      } else set(op[0], (a * b + c) & maskOf(w));
      break;
    }
    case Op::Div: case Op::Rem: {
      uint64_t a = src(op[1], w), b = src(op[2], w);
      if (ty.kind == Kind::Float) {
        if (in.op == Op::Rem) FAULT(IllegalInstruction, "rem on floats");
        if (w == 32) set(op[0], bits32(f32(a) / f32(b)));
        else set(op[0], bits64(f64(a) / f64(b)));
      } else if (b == 0) {
        set(op[0], in.op == Op::Div ? maskOf(w) : a);
      } else if (ty.kind == Kind::Signed) {
        int64_t x = sext(a, w), y = sext(b, w);
        if (y == -1) set(op[0], in.op == Op::Div ? uint64_t(-x) & maskOf(w) : 0);
        else set(op[0], uint64_t(in.op == Op::Div ? x / y : x % y) & maskOf(w));
      } else {
        set(op[0], in.op == Op::Div ? a / b : a % b);
      }
      break;
    }
    case Op::Neg: case Op::Abs: {
      uint64_t a = src(op[1], w);
      if (ty.kind == Kind::Float) {
        uint64_t sign = 1ull << (w - 1);
        set(op[0], in.op == Op::Neg ? a ^ sign : a & ~sign);
      } else {
        int64_t x = sext(a, w);
        set(op[0], uint64_t(in.op == Op::Neg ? -x : (x < 0 ? -x : x)) & maskOf(w));
      }
      break;
    }
    case Op::Min: case Op::Max: {
      uint64_t a = src(op[1], w), b = src(op[2], w);
      bool isMax = in.op == Op::Max;
      if (ty.kind == Kind::Float && w == 32) {
        float x = f32(a), y = f32(b), r;
        if (in.nanProp && (std::isnan(x) || std::isnan(y))) {
          set(op[0], 0x7fffffffu); // PTX's canonical NaN
          break;
        }
        r = isMax ? std::fmax(x, y) : std::fmin(x, y);
        set(op[0], bits32(r));
      } else if (ty.kind == Kind::Float) {
        FAULT(IllegalInstruction, "min/max only on f32 floats");
      } else if (ty.kind == Kind::Signed) {
        int64_t x = sext(a, w), y = sext(b, w);
        set(op[0], uint64_t(isMax ? std::max(x, y) : std::min(x, y)) & maskOf(w));
      } else {
        set(op[0], isMax ? std::max(a, b) : std::min(a, b));
      }
      break;
    }
    case Op::Sqrt: case Op::Rcp: case Op::Rsqrt: case Op::Ex2: case Op::Lg2: case Op::Sin:
    case Op::Cos: {
      if (!(ty.kind == Kind::Float && (w == 32 || w == 64)))
        FAULT(IllegalInstruction, "math function on a non-float type");
      if (w == 64) {
        double x = f64(src(op[1], 64)), r = 0;
        switch (in.op) {
        case Op::Sqrt: r = std::sqrt(x); break;
        case Op::Rcp: r = 1.0 / x; break;
        case Op::Rsqrt: r = 1.0 / std::sqrt(x); break;
        default: FAULT(IllegalInstruction, "f64 transcendental");
        }
        set(op[0], bits64(r));
        break;
      }
      float x = f32(src(op[1], 32)), r = 0;
      switch (in.op) {
      case Op::Sqrt: r = std::sqrt(x); break;
      case Op::Rcp: r = 1.0f / x; break;
      case Op::Rsqrt: r = 1.0f / std::sqrt(x); break;
      case Op::Ex2: r = std::exp2(x); break;
      case Op::Lg2: r = std::log2(x); break;
      case Op::Sin: r = std::sin(x); break;
      case Op::Cos: r = std::cos(x); break;
      default: break;
      }
      set(op[0], bits32(r));
      break;
    }
    case Op::And: case Op::Or: case Op::Xor: {
      uint64_t a = src(op[1], w), b = src(op[2], w);
      set(op[0], in.op == Op::And ? a & b : in.op == Op::Or ? a | b : a ^ b);
      break;
    }
    case Op::Not: set(op[0], ~src(op[1], w) & maskOf(w)); break;
    // popc.b32/.b64: the destination is .u32 whatever the source width.
    case Op::Popc: set(op[0], __builtin_popcountll(src(op[1], w) & maskOf(w))); break;
    case Op::Shl: case Op::Shr: {
      uint64_t a = src(op[1], w), b = src(op[2], 32);
      uint64_t r;
      if (in.op == Op::Shl) r = b >= w ? 0 : (a << b) & maskOf(w);
      else if (ty.kind == Kind::Signed) {
        int64_t x = sext(a, w);
        r = uint64_t(x >> std::min<uint64_t>(b, 63)) & maskOf(w);
      } else r = b >= w ? 0 : a >> b;
      set(op[0], r);
      break;
    }
    case Op::Bfe: {
      uint64_t a = src(op[1], w);
      uint32_t pos = uint32_t(src(op[2], 32)) & 0xff, len = uint32_t(src(op[3], 32)) & 0xff;
      uint64_t r = 0;
      if (len) {
        if (pos < w) r = (a >> pos) & maskOf(std::min<uint32_t>(len, 64));
        if (ty.kind == Kind::Signed) {
          // d[i] = a[pos + i] while pos + i <= msb, the sign bit a[msb] after.
          uint32_t msb = std::min<uint32_t>(pos + len - 1, w - 1);
          bool sign = (a >> msb) & 1;
          uint32_t kept = pos <= msb ? msb - pos + 1 : 0; // bits taken from a
          r = kept ? (a >> pos) & maskOf(kept) : 0;
          if (sign && kept < w) r |= ~maskOf(kept);
          r &= maskOf(w);
        }
      }
      set(op[0], r);
      break;
    }
    case Op::Selp: set(op[0], (src(op[3], 1) & 1) ? src(op[1], w) : src(op[2], w)); break;
    case Op::Setp: {
      size_t s = in.sat ? 2 : 1; // p|q form: sources after both destinations
      uint64_t a = src(op[s], w), b = src(op[s + 1], w);
      bool r = false;
      if (ty.kind == Kind::Float) {
        double x = floatOf(a, ty), y = floatOf(b, ty);
        bool unord = std::isnan(x) || std::isnan(y);
        if (in.cmp == Cmp::Num || in.cmp == Cmp::Nan)
          r = (in.cmp == Cmp::Nan) == unord;
        else if (std::optional<bool> u = ordered(unorderedBase(in.cmp), x, y))
          r = unord || *u; // equ, neu, ltu, ...: true on NaN
        else
          r = !unord && *ordered(in.cmp, x, y);
      } else {
        std::optional<bool> c = ty.kind == Kind::Signed ? ordered(in.cmp, sext(a, w), sext(b, w))
                                                        : ordered(in.cmp, a, b);
        if (!c)
          FAULT(IllegalInstruction, "unordered compare on integers");
        r = *c;
      }
      set(op[0], r ? 1 : 0);
      if (in.sat) set(op[1], r ? 0 : 1);
      break;
    }
    case Op::Mov: {
      if (op[0].k == Operand::K::Vec) { // unpack
        uint64_t v = src(op[1], w);
        unsigned each = w / op[0].nvec;
        for (unsigned i = 0; i < op[0].nvec; ++i)
          if (op[0].vec[i] >= 0) R[op[0].vec[i]] = (v >> (i * each)) & maskOf(each);
      } else if (op[1].k == Operand::K::Vec) { // pack
        unsigned each = w / op[1].nvec;
        uint64_t v = 0;
        for (unsigned i = 0; i < op[1].nvec; ++i) {
          touch(op[1].vec[i]);
          v |= (R[op[1].vec[i]] & maskOf(each)) << (i * each);
        }
        set(op[0], v);
      } else {
        set(op[0], src(op[1], w == 0 ? 64 : w));
      }
      break;
    }
    case Op::Cvt: {
      const Type d = ty, s = in.type2; // packed f16 and directed rounding: in.unmodelled
      if (d.kind == Kind::BF16x2) {
        float hi = f32(src(op[1], 32)), lo = f32(src(op[2], 32));
        set(op[0], (uint64_t(toBf16(hi)) << 16) | toBf16(lo));
        break;
      }
      uint64_t a = src(op[1], s.bits);
      bool dInt = d.kind == Kind::Signed || d.kind == Kind::Unsigned || d.kind == Kind::Bits;
      bool sInt = s.kind == Kind::Signed || s.kind == Kind::Unsigned || s.kind == Kind::Bits;
      uint64_t r = 0;
      if (dInt && sInt) {
        int64_t sv = s.kind == Kind::Signed ? sext(a, s.bits) : int64_t(a);
        if (in.sat && d.bits < 64) { // clamp to the destination's range
          bool unsignedSrc = s.kind != Kind::Signed;
          if (d.kind == Kind::Signed) {
            int64_t hi = int64_t(maskOf(d.bits - 1)), lo = -hi - 1;
            if (unsignedSrc && a > uint64_t(hi)) sv = hi;
            else sv = std::min(std::max(sv, lo), hi);
          } else {
            if (!unsignedSrc && sv < 0) sv = 0;
            else if (uint64_t(sv) > maskOf(d.bits)) sv = int64_t(maskOf(d.bits));
          }
        }
        r = uint64_t(sv) & maskOf(d.bits);
        if (d.kind == Kind::Signed) r = uint64_t(sext(r, d.bits)); // wider registers
      } else if (sInt) { // int -> float
        double v;
        if (s.kind == Kind::Signed) {
          int64_t x = sext(a, s.bits);
          if (d.bits == 32) { set(op[0], bits32(float(x))); break; }
          v = double(x);
        } else {
          if (d.bits == 32) { set(op[0], bits32(float(a))); break; }
          v = double(a);
        }
        if (d.bits == 64) r = bits64(v);
        else r = d.bfloat ? toBf16(float(v)) : toF16(float(v));
      } else if (dInt) { // float -> int, saturating
        double x = toIntegral(floatOf(a, s), in.round);
        if (std::isnan(x)) r = 0;
        else if (d.kind == Kind::Signed) {
          double hi = std::ldexp(1.0, d.bits - 1);
          int64_t v = x >= hi ? int64_t(hi - 1) : x < -hi ? int64_t(-hi) : int64_t(x);
          if (d.bits == 64) v = x >= hi ? INT64_MAX : x < -hi ? INT64_MIN : int64_t(x);
          r = uint64_t(v) & maskOf(d.bits);
          r = uint64_t(sext(r, d.bits));
        } else {
          double hi = std::ldexp(1.0, d.bits);
          r = x <= 0 ? 0 : x >= hi ? maskOf(d.bits) : uint64_t(x);
        }
      } else { // float -> float
        bool toInt = in.round == Round::Rni || in.round == Round::Rzi ||
                     in.round == Round::Rmi || in.round == Round::Rpi;
        double x = toInt ? toIntegral(floatOf(a, s), in.round) : floatOf(a, s);
        if (in.sat) x = std::isnan(x) ? 0.0 : std::min(std::max(x, 0.0), 1.0);
        if (d.bits == 32) r = bits32(s.bits == 32 && !toInt && !in.sat ? f32(a) : float(x));
        else if (d.bits == 64) r = bits64(x);
        else r = d.bfloat ? toBf16(float(x)) : toF16(float(x));
      }
      set(op[0], r);
      break;
    }
    case Op::Ld: case Op::St: {
      bool load = in.op == Op::Ld;
      const Operand &mem = load ? op[1] : op[0];
      const Operand &val = load ? op[0] : op[1];
      unsigned eb = std::max(1u, w / 8);
      touch(mem.reg);
      uint8_t *p = address(cta, t, in, mem, in.space, size_t(eb) * in.vecWidth);
      if (cfg_.racecheck && in.space == Space::Shared)
        raceCheck(cta, t, in, uint64_t(p - cta.shared.data()), size_t(eb) * in.vecWidth, !load);
      // Ordered loads are the waits' polls (and fault checks): how often a
      // spin polls says how long it waited, not what the code costs.
      bool far = prof && load && in.space == Space::Global && !in.ordered;
      if (far) {
        ++t.loadGen;
        t.bytes += uint64_t(eb) * in.vecWidth;
      }
      for (unsigned i = 0; i < in.vecWidth; ++i) {
        if (load) {
          uint64_t v = 0;
          std::memcpy(&v, p + i * eb, eb);
          if (ty.kind == Kind::Signed) v = uint64_t(sext(v, w));
          int32_t dest = val.k == Operand::K::Vec ? val.vec[i] : val.k == Operand::K::Reg ? val.reg : -1;
          if (val.k == Operand::K::Vec) { if (val.vec[i] >= 0) R[val.vec[i]] = v; }
          else set(val, v);
          if (far && dest >= 0) P[dest] = t.loadGen;
          else if (prof && dest >= 0) P[dest] = 0;
        } else {
          uint64_t v;
          if (val.k == Operand::K::Vec) {
            touch(val.vec[i]);
            v = R[val.vec[i]] & maskOf(w);
          } else {
            v = src(val, w);
          }
          std::memcpy(p + i * eb, &v, eb);
        }
      }
      break;
    }
    case Op::Red: case Op::Atom: {
      bool ret = in.op == Op::Atom;
      const Operand &mem = ret ? op[1] : op[0];
      unsigned eb = std::max(1u, w / 8);
      touch(mem.reg);
      uint8_t *p = address(cta, t, in, mem, in.space == Space::None ? Space::Global : in.space, eb);
      uint64_t old = 0;
      std::memcpy(&old, p, eb);
      uint64_t b = src(ret ? op[2] : op[1], w), r = old;
      bool isFloat = ty.kind == Kind::Float;
      switch (in.atom) {
      case AtomOp::Add:
        if (isFloat && w == 32) r = bits32(f32(old) + f32(b));
        else if (isFloat) r = bits64(f64(old) + f64(b));
        else r = (old + b) & maskOf(w);
        break;
      case AtomOp::Cas: r = old == b ? src(op[3], w) : old; break;
      case AtomOp::Exch: r = b; break;
      case AtomOp::And: r = old & b; break;
      case AtomOp::Or: r = old | b; break;
      case AtomOp::Xor: r = old ^ b; break;
      case AtomOp::Min:
        r = ty.kind == Kind::Signed ? uint64_t(std::min(sext(old, w), sext(b, w))) & maskOf(w)
                                    : std::min(old, b);
        break;
      case AtomOp::Max:
        r = ty.kind == Kind::Signed ? uint64_t(std::max(sext(old, w), sext(b, w))) & maskOf(w)
                                    : std::max(old, b);
        break;
      case AtomOp::Inc: r = old >= b ? 0 : old + 1; break;
      case AtomOp::Dec: r = (old == 0 || old > b) ? b : old - 1; break;
      }
      std::memcpy(p, &r, eb);
      if (ret) set(op[0], old);
      if (ret && prof && op[0].k == Operand::K::Reg) {
        ++t.loadGen;
        P[op[0].reg] = t.loadGen;
      }
      break;
    }
    case Op::Shfl:
      shuffleArrive(cta, t, in, R);
      return pause();
    case Op::Bar:
      if (in.nops > 1 || (in.nops == 1 && src(op[0], 32) != 0))
        FAULT(IllegalInstruction, "only barrier 0 over the whole block is supported");
      barrierArrive(cta, t, false, -1);
      return pause();
    case Op::BarRed:
      // barrier.cta.red.or.pred p, 0, q
      if (src(op[1], 32) != 0)
        FAULT(IllegalInstruction, "only barrier 0 is supported");
      barrierArrive(cta, t, src(op[2], 1) & 1, op[0].reg);
      return pause();
    case Op::Bra:
      f->pc = int32_t(op[0].imm);
      break;
    case Op::Brx: {
      uint64_t i = src(op[0], 32);
      if (i >= in.targets.size())
        FAULT(IllegalInstruction, "brx.idx index " + std::to_string(i) + " out of range");
      f->pc = in.targets[i];
      break;
    }
    case Op::Call: {
      const Function &callee = m_.functions[size_t(in.callee)];
      if (in.callArgs.size() != callee.paramSlots.size())
        FAULT(IllegalInstruction, "call of " + callee.name + " with the wrong argument count");
      enter(t, callee, in.callRet);
      const Frame &caller = t.frames[t.depth - 2]; // after enter: it may reallocate
      run(&t.frames[t.depth - 1]);
      for (size_t i = 0; i < in.callArgs.size(); ++i)
        f->params[size_t(callee.paramSlots[i])] = caller.params[size_t(in.callArgs[i])];
      break;
    }
    case Op::Ret: {
      leave(t);
      if (t.depth == 1) {
        exitThread(cta, t);
        return pause();
      }
      Frame &callee = t.frames[t.depth - 1];
      Frame &caller = t.frames[t.depth - 2];
      if (callee.fn->retSlot >= 0 && callee.retInCaller >= 0)
        caller.params[size_t(callee.retInCaller)] = callee.params[size_t(callee.fn->retSlot)];
      --t.depth;
      run(&caller);
      break;
    }
    case Op::Exit:
      while (t.depth > 0) { // every open call ends here
        leave(t);
        --t.depth;
      }
      exitThread(cta, t);
      return pause();
    case Op::Nanosleep:
      return pause();
    case Op::MbarInit: {
      uint8_t *p = address(cta, t, in, op[0], Space::Shared, 8);
      MBarrier &b = cta.mbarriers[uint64_t(p - cta.shared.data())];
      b.expected = b.pending = uint32_t(src(op[1], 32));
      b.tx = 0;
      b.phase = 0;
      break;
    }
    case Op::MbarArriveTx: case Op::CpAsyncBulk: {
      bool copy = in.op == Op::CpAsyncBulk;
      uint8_t *bp = address(cta, t, in, copy ? op[3] : op[1], Space::Shared, 8);
      auto it = cta.mbarriers.find(uint64_t(bp - cta.shared.data()));
      if (it == cta.mbarriers.end())
        FAULT(IllegalInstruction, "mbarrier used before mbarrier.init");
      MBarrier &b = it->second;
      if (copy) {
        uint64_t bytes = src(op[2], 32);
        if (bytes % 16)
          FAULT(IllegalInstruction, "cp.async.bulk size " + std::to_string(bytes) + " is not a multiple of 16");
        uint8_t *dst = address(cta, t, in, op[0], Space::Shared, 16);
        uint8_t *from = address(cta, t, in, op[1], Space::Global, 16);
        if (uint64_t(dst - cta.shared.data()) + bytes > cta.shared.size())
          FAULT(IllegalAddress, "cp.async.bulk writes past shared memory");
        if (!mem_.contains(uint64_t(from), bytes))
          FAULT(IllegalAddress, "cp.async.bulk reads outside every allocation");
        std::memcpy(dst, from, bytes);
        b.tx -= int64_t(bytes);
        if (cfg_.racecheck) // the async proxy's writes: its readers wait on the mbarrier
          for (uint64_t i = 0; i < bytes; ++i) {
            uint64_t at = uint64_t(dst - cta.shared.data()) + i;
            ShadowByte &sb = cta.shadow[at];
            // Overwriting what a thread read or wrote since the last barrier:
            // nothing orders the copy after that access.
            bool read = sb.readEpoch == cta.epoch, wrote = sb.writeEpoch == cta.epoch &&
                                                         sb.writer != kAsyncWriter;
            if (read || wrote)
              race(cta, t, read ? "bulk copy after a read" : "bulk copy after a write", at,
                   "this cp.async.bulk (PTX line " + std::to_string(in.line) + ")",
                   "thread " + std::to_string(read ? sb.reader : sb.writer) + " (PTX line " +
                       std::to_string(read ? sb.readLine : sb.writeLine) +
                       ") between the same two barriers");
            sb.writer = kAsyncWriter;
            sb.writeEpoch = cta.epoch;
            sb.writeLine = in.line;
            sb.copyBarrier = uint32_t(bp - cta.shared.data()) + 1;
            sb.copyPhase = b.phase;
            sb.copyLine = in.line;
          }
      } else {
        b.tx += int64_t(src(op[2], 32));
        if (b.pending == 0)
          FAULT(IllegalInstruction, "mbarrier arrive with no pending arrivals");
        --b.pending;
        set(op[0], b.phase);
      }
      if (b.pending == 0 && b.tx == 0) {
        ++b.phase;
        b.pending = b.expected;
      }
      break;
    }
    case Op::MbarTryWait: {
      uint8_t *bp = address(cta, t, in, op[1], Space::Shared, 8);
      auto it = cta.mbarriers.find(uint64_t(bp - cta.shared.data()));
      if (it == cta.mbarriers.end())
        FAULT(IllegalInstruction, "mbarrier waited on before mbarrier.init");
      uint32_t parity = uint32_t(src(op[2], 32)) & 1;
      bool complete = (it->second.phase & 1) != parity;
      set(op[0], complete ? 1 : 0);
      if (complete && cfg_.racecheck) { // every phase before the current one is done
        uint32_t &seen = t.seenPhases[uint64_t(bp - cta.shared.data())];
        seen = std::max(seen, it->second.phase);
      }
      if (prof && op[0].k == Operand::K::Reg)
        D[op[0].reg] = dsrc + 1; // the bulk copy's round trip
      if (!complete) {
        return pause(); // the copy's producer must run
      }
      break;
    }
    }
    if (numDest) { // results of a global load are one load deeper
      uint32_t d = dsrc;
      if ((in.op == Op::Ld && in.space == Space::Global) || in.op == Op::Atom ||
          in.op == Op::MbarTryWait) {
        d = dsrc + 1;
        t.loadMax = std::max(t.loadMax, d);
      }
      for (unsigned i = 0; i < numDest; ++i) {
        const Operand &o = op[i];
        if (o.k == Operand::K::Reg) D[o.reg] = d;
        else if (o.k == Operand::K::Vec)
          for (unsigned v = 0; v < o.nvec; ++v)
            if (o.vec[v] >= 0) D[o.vec[v]] = d;
      }
    }
  }
  return pause(); // the quantum is spent
}

#undef FAULT

LaunchResult Grid::run() {
  LaunchResult result = execute();
  if (profile_)
    for (const auto &[key, count] : waits_)
      profile_->waits[{m_.functions[size_t(key >> 32)].name, uint32_t(key)}] += count;
  return result;
}

LaunchResult Grid::execute() {
  LaunchResult result;
  uint64_t sharedBytes = m_.dynamicOffset + cfg_.dynamicShared;
  ctas_.resize(cfg_.grid);
  for (uint32_t c = 0; c < cfg_.grid; ++c) {
    Cta &cta = ctas_[c];
    cta.id = c;
    cta.shared.assign(sharedBytes, 0xff); // garbage, as on a GPU (see Memory::allocate)
    if (cfg_.racecheck)
      cta.shadow.assign(sharedBytes, ShadowByte());
    cta.threads.resize(cfg_.block);
    cta.shuffles.resize((cfg_.block + 31) / 32);
    cta.live = cfg_.block;
    for (uint32_t i = 0; i < cfg_.block; ++i) {
      Thread &t = cta.threads[i];
      t.tid = i;
      t.lane = i % 32;
      t.warp = i / 32;
      enter(t, kernel_, -1);
      Frame &f = t.frames[0];
      for (size_t p = 0; p < kernel_.paramSlots.size(); ++p)
        std::memcpy(f.params[size_t(kernel_.paramSlots[p])].data(), params_[p],
                    kernel_.paramBytes[p]);
    }
  }
  const uint32_t quantum = 4096;
  try {
    for (;;) {
      bool anyLive = false, progress = false;
      for (Cta &cta : ctas_) {
        if (!cta.live)
          continue;
        anyLive = true;
        for (Thread &t : cta.threads)
          if (t.state == State::Ready)
            progress |= step(cta, t, quantum);
      }
      if (!anyLive)
        break;
      if (!progress) {
        // Every live thread waits on a barrier or shuffle nobody else can reach.
        for (Cta &cta : ctas_)
          for (Thread &t : cta.threads)
            if (t.state == State::AtBarrier || t.state == State::AtShuffle) {
              const Frame &f = t.frames[t.depth - 1];
              result.code = LaunchResult::Code::Deadlock;
              result.message = std::string("deadlock: block ") + std::to_string(cta.id) +
                               " thread " + std::to_string(t.tid) + " waits at a " +
                               (t.state == State::AtBarrier ? "barrier" : "shfl.sync") +
                               " in " + f.fn->name + " (PTX line " +
                               std::to_string(f.fn->code[size_t(f.pc - 1)].line) +
                               ") that its block's other threads never reach";
              result.instructions = executed_;
              return result;
            }
        result.code = LaunchResult::Code::Deadlock;
        result.message = "deadlock: no thread can run";
        return result;
      }
    }
  } catch (const Fault &f) {
    result.code = f.code;
    result.message = f.what;
  }
  result.instructions = executed_;
  return result;
}

} // namespace

LaunchResult runGrid(const Module &module, const Function &kernel, const LaunchConfig &config,
                     void **params, Memory &memory, Profile *profile) {
  Grid grid(module, kernel, config, params, memory, profile);
  return grid.run();
}

} // namespace ptxemu
