//===- PtxEmuTest.cpp - the PTX emulator's parser and machine -----------===//
//
// Hand-written kernels with known answers: warp shuffles, CTA barriers with
// reductions, bf16 rounding, calls, bulk copies on mbarriers, waits across
// blocks; and the faults the emulator exists to find (out-of-bounds and
// misaligned accesses, deadlocks, PTX it cannot run), each with a message
// that names where.
//
//===----------------------------------------------------------------------===//
#include "Machine.h"
#include "Ptx.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

using namespace ptxemu;

namespace {

const char *kHeader = ".version 8.0\n.target sm_90a\n.address_size 64\n";

/// Runs `body` as `.entry k(.param .u64 out)` over grid x block threads
/// with a device buffer of `words` u32 (preset from `init`); returns it.
/// With `profile`, the launch adds its costs there.
struct Outcome {
  LaunchResult result;
  std::vector<uint32_t> out;
  uint64_t buffer; ///< the device address passed as `out`
};
Outcome run(const std::string &ptx, uint32_t grid, uint32_t block, size_t words,
        std::vector<uint32_t> init = {}, bool racecheck = false, Profile *profile = nullptr) {
  std::unique_ptr<Module> m = parsePtx(kHeader + ptx);
  Memory mem;
  uint64_t buf = mem.allocate(words * 4);
  init.resize(words, 0);
  std::memcpy(reinterpret_cast<void *>(buf), init.data(), words * 4);
  void *params[] = {&buf};
  LaunchConfig cfg;
  cfg.grid = grid;
  cfg.block = block;
  cfg.racecheck = racecheck;
  Outcome r;
  r.result =
      runGrid(*m, m->functions[size_t(m->functionIndex.at("k"))], cfg, params, mem, profile);
  r.buffer = buf;
  r.out.resize(words);
  std::memcpy(r.out.data(), reinterpret_cast<void *>(buf), words * 4);
  return r;
}

/// `.entry k(out)`: %r1 is the thread index, `body` leaves the thread's
/// answer in %r2, which goes to out[tid].
std::string perThread(const std::string &body) {
  return ".visible .entry k(.param .u64 out)\n{\n"
         "  .reg .pred %p<8>;\n  .reg .b32 %r<10>;\n  .reg .b64 %rd<4>;\n"
         "  ld.param.u64 %rd1, [out];\n  mov.u32 %r1, %tid.x;\n" +
         body +
         "  mul.wide.u32 %rd2, %r1, 4;\n  add.s64 %rd3, %rd1, %rd2;\n"
         "  st.global.u32 [%rd3], %r2;\n  ret;\n}\n";
}

// Every lane: the sum over its warp of lane ids, by a butterfly reduction.
const std::string kShuffle = perThread(R"(
  mov.u32 %r2, %laneid;
  shfl.sync.bfly.b32 %r3, %r2, 16, 31, -1;
  add.s32 %r2, %r2, %r3;
  shfl.sync.bfly.b32 %r3, %r2, 8, 31, -1;
  add.s32 %r2, %r2, %r3;
  shfl.sync.bfly.b32 %r3, %r2, 4, 31, -1;
  add.s32 %r2, %r2, %r3;
  shfl.sync.bfly.b32 %r3, %r2, 2, 31, -1;
  add.s32 %r2, %r2, %r3;
  shfl.sync.bfly.b32 %r3, %r2, 1, 31, -1;
  add.s32 %r2, %r2, %r3;
)");

TEST(PtxEmu, WarpShuffleReducesEveryLane) {
  Outcome r = run(kShuffle, 1, 64, 64);
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  for (uint32_t i = 0; i < 64; ++i)
    EXPECT_EQ(r.out[i], 496u) << "thread " << i;
}

// Thread 37 alone votes; every thread sees the OR; one CTA-wide barrier.
const std::string kBarrierOr = perThread(R"(
  setp.eq.u32 %p1, %r1, 37;
  barrier.cta.red.or.pred %p2, 0, %p1;
  selp.u32 %r2, 7, 3, %p2;
)");

TEST(PtxEmu, BarrierReductionReachesEveryThread) {
  Outcome r = run(kBarrierOr, 2, 64, 64);
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  for (uint32_t i = 0; i < 64; ++i)
    EXPECT_EQ(r.out[i], 7u) << "thread " << i;
}

// cvt.rn.bf16x2.f32 packs round-to-nearest-even halves: a above the tie, b on it.
const char *kBf16 = R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<6>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  ld.global.u32 %r1, [%rd1];
  ld.global.u32 %r2, [%rd1+4];
  cvt.rn.bf16x2.f32 %r3, %r1, %r2;
  st.global.u32 [%rd1+8], %r3;
  ret;
}
)";

TEST(PtxEmu, Bf16PairsRoundToNearestEven) {
  // 0x3F818001: above the tie, rounds up to 0x3F82; 0x3F808000: a tie with
  // an even lower half, stays 0x3F80.
  Outcome r = run(kBf16, 1, 1, 3, {0x3F818001u, 0x3F808000u});
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  EXPECT_EQ(r.out[2], 0x3F823F80u);
}

// A .func with a parameter and a return value, called from the entry.
const char *kCall = R"(
.func (.param .b32 func_retval0) twice(.param .b32 twice_param_0)
{
  .reg .b32 %r<3>;
  ld.param.b32 %r1, [twice_param_0];
  add.s32 %r2, %r1, %r1;
  st.param.b32 [func_retval0], %r2;
  ret;
}
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<3>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  mov.b32 %r1, 21;
  { // callseq 0, 0
  .param .b32 param0;
  st.param.b32 [param0], %r1;
  .param .b32 retval0;
  call.uni (retval0), twice, (param0);
  ld.param.b32 %r2, [retval0];
  }
  st.global.u32 [%rd1], %r2;
  ret;
}
)";

TEST(PtxEmu, CallsPassParametersAndReturnValues) {
  Outcome r = run(kCall, 1, 1, 1);
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  EXPECT_EQ(r.out[0], 42u);
}

// Thread 0 copies out[0..7] into shared memory with a bulk copy that
// completes an mbarrier's transaction count, waits on the phase, and
// writes the words back doubled into out[8..15].
const char *kBulkCopy = R"(
.shared .align 8 .b8 bar[8];
.shared .align 16 .b8 stage[32];
.visible .entry k(.param .u64 out)
{
  .reg .pred %p<3>;
  .reg .b32 %r<6>;
  .reg .b64 %rd<8>;
  ld.param.u64 %rd1, [out];
  mov.u64 %rd2, bar;
  mov.u64 %rd3, stage;
  mbarrier.init.shared::cta.b64 [%rd2], 1;
  mbarrier.arrive.expect_tx.shared::cta.b64 _, [%rd2], 32;
  cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%rd3], [%rd1], 32, [%rd2];
  mov.u32 %r1, 0;
$wait:
  { .reg .pred p; mbarrier.try_wait.parity.shared::cta.b64 p, [%rd2], %r1, 500; selp.u32 %r2, 1, 0, p; }
  setp.eq.u32 %p1, %r2, 0;
  @%p1 bra $wait;
  mov.u32 %r3, 0;
$copy:
  mul.wide.u32 %rd4, %r3, 4;
  add.s64 %rd5, %rd3, %rd4;
  ld.shared.u32 %r4, [%rd5];
  add.s32 %r4, %r4, %r4;
  add.s64 %rd6, %rd1, %rd4;
  st.global.u32 [%rd6+32], %r4;
  add.s32 %r3, %r3, 1;
  setp.lt.u32 %p2, %r3, 8;
  @%p2 bra $copy;
  ret;
}
)";

TEST(PtxEmu, BulkCopiesCompleteTheirMbarrierPhase) {
  std::vector<uint32_t> init = {1, 2, 3, 4, 5, 6, 7, 8};
  Outcome r = run(kBulkCopy, 1, 1, 16, init, /*racecheck=*/true); // read after the wait: no race
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  for (uint32_t i = 0; i < 8; ++i)
    EXPECT_EQ(r.out[8 + i], 2 * (i + 1)) << "word " << i;
}

// Block 1 spins (acquire load, nanosleep) until block 0 releases a flag:
// blocks are co-resident, as a persistent kernel needs.
const char *kSpin = R"(
.visible .entry k(.param .u64 out)
{
  .reg .pred %p<3>;
  .reg .b32 %r<4>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %ctaid.x;
  setp.eq.u32 %p1, %r1, 0;
  @%p1 bra $signal;
$spin:
  ld.acquire.gpu.global.u32 %r2, [%rd1];
  setp.eq.u32 %p2, %r2, 0;
  @!%p2 bra $seen;
  nanosleep.u32 100;
  bra.uni $spin;
$seen:
  st.global.u32 [%rd1+4], %r2;
  ret;
$signal:
  red.release.gpu.global.add.u32 [%rd1], 5;
  ret;
}
)";

TEST(PtxEmu, BlocksWaitOnEachOther) {
  Outcome r = run(kSpin, 2, 1, 2);
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  EXPECT_EQ(r.out[0], 5u);
  EXPECT_EQ(r.out[1], 5u);
}

// ---- faults -----------------------------------------------------------------

const char *kOutOfBounds = R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<2>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, 1;
  st.global.u32 [%rd1+64], %r1;
  ret;
}
)";

TEST(PtxEmu, OutOfBoundsStoresFaultWithTheirPlace) {
  Outcome r = run(kOutOfBounds, 1, 2, 4);
  EXPECT_EQ(r.result.code, LaunchResult::Code::IllegalAddress);
  EXPECT_NE(r.result.message.find("global access of 4 bytes"), std::string::npos)
      << r.result.message;
  EXPECT_NE(r.result.message.find("outside every allocation in k (PTX line 11), block 0, thread 0"),
            std::string::npos)
      << r.result.message;
}

const char *kMisaligned = R"(
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<5>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  ld.global.v4.u32 {%r1, %r2, %r3, %r4}, [%rd1+4];
  ret;
}
)";

TEST(PtxEmu, MisalignedVectorLoadsFault) {
  Outcome r = run(kMisaligned, 1, 1, 8);
  EXPECT_EQ(r.result.code, LaunchResult::Code::Misaligned);
  EXPECT_NE(r.result.message.find("misaligned 16-byte global access"), std::string::npos)
      << r.result.message;
}

// Lane 0 of warp 1 skips the shuffle its warp waits in: a hang on a GPU.
const char *kDeadlock = R"(
.visible .entry k(.param .u64 out)
{
  .reg .pred %p<2>;
  .reg .b32 %r<4>;
  mov.u32 %r1, %tid.x;
  setp.eq.u32 %p1, %r1, 32;
  @%p1 bra $skip;
  shfl.sync.bfly.b32 %r2, %r1, 1, 31, -1;
$skip:
  barrier.sync 0;
  ret;
}
)";

TEST(PtxEmu, DivergentSynchronizationIsADeadlockNotAHang) {
  Outcome r = run(kDeadlock, 1, 64, 1);
  EXPECT_EQ(r.result.code, LaunchResult::Code::Deadlock);
  EXPECT_NE(r.result.message.find("deadlock: block 0 thread 0 waits at a barrier"),
            std::string::npos)
      << r.result.message;
}

TEST(PtxEmu, UnsupportedPtxIsAParseErrorWithItsLine) {
  try {
    parsePtx(std::string(kHeader) +
             ".visible .entry k()\n{\n  .reg .b32 %r<2>;\n  brev.b32 %r1, %r0;\n  ret;\n}\n");
    FAIL() << "parsed";
  } catch (const PtxError &e) {
    EXPECT_STREQ(e.what(), "line 7: instruction 'brev.b32' is not supported by the emulator");
  }
  try {
    parsePtx(std::string(kHeader) + ".visible .entry k()\n{\n  add.s32 %q1, %q1, 1;\n}\n");
    FAIL() << "parsed";
  } catch (const PtxError &e) {
    EXPECT_STREQ(e.what(), "line 6: undeclared register '%q1'");
  }
}

// Thread 0 writes a shared word that thread 1 reads: with `barrier.sync`
// between them (SYNC) that is ordered, without it a race.
const char *kShared = R"(
.shared .align 4 .b8 word[4];
.visible .entry k(.param .u64 out)
{
  .reg .pred %p<2>;
  .reg .b32 %r<4>;
  .reg .b64 %rd<3>;
  ld.param.u64 %rd1, [out];
  mov.u64 %rd2, word;
  mov.u32 %r1, %tid.x;
  setp.ne.u32 %p1, %r1, 0;
  @%p1 bra $read;
  mov.u32 %r2, 9;
  st.shared.u32 [%rd2], %r2;
$read:
  SYNC
  ld.shared.u32 %r3, [%rd2];
  st.global.u32 [%rd1], %r3;
  ret;
}
)";

std::string withSync(const char *sync) {
  std::string text = kShared;
  text.replace(text.find("SYNC"), 4, sync);
  return text;
}

TEST(PtxEmu, RacecheckFindsUnorderedSharedAccesses) {
  Outcome r = run(withSync(""), 1, 2, 1, {}, true);
  EXPECT_EQ(r.result.code, LaunchResult::Code::Race);
  EXPECT_NE(r.result.message.find("shared-memory race (read-after-write) on byte 0: this read (PTX "
                                  "line 20) and thread 0 (PTX line 17) between the same two "
                                  "barriers"),
            std::string::npos)
      << r.result.message;
  Outcome ordered = run(withSync("barrier.sync 0;"), 1, 2, 1, {}, true);
  EXPECT_EQ(ordered.result.code, LaunchResult::Code::Ok) << ordered.result.message;
  EXPECT_EQ(ordered.out[0], 9u);
}

// setp's orderings: a NaN fails every ordered float compare and passes
// every unordered one; the same bits compare differently signed and unsigned.
const std::string kCompare = perThread(R"(
  mov.b32 %r3, 0f7FC00000;
  mov.b32 %r4, 0f3F800000;
  setp.lt.f32 %p1, %r3, %r4;
  setp.ltu.f32 %p2, %r3, %r4;
  setp.nan.f32 %p3, %r3, %r4;
  setp.neu.f32 %p4, %r4, %r4;
  mov.b32 %r5, -1;
  setp.lt.s32 %p5, %r5, 0;
  setp.lt.u32 %p6, %r5, 0;
  selp.u32 %r2, 1, 0, %p1;
  selp.u32 %r6, 2, 0, %p2;
  or.b32 %r2, %r2, %r6;
  selp.u32 %r6, 4, 0, %p3;
  or.b32 %r2, %r2, %r6;
  selp.u32 %r6, 8, 0, %p4;
  or.b32 %r2, %r2, %r6;
  selp.u32 %r6, 16, 0, %p5;
  or.b32 %r2, %r2, %r6;
  selp.u32 %r6, 32, 0, %p6;
  or.b32 %r2, %r2, %r6;
)");

TEST(PtxEmu, ComparesOrderedUnorderedSignedAndUnsigned) {
  Outcome r = run(kCompare, 1, 1, 1);
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  // lt on NaN: no; ltu on NaN: yes; nan: yes; neu of 1, 1: no; -1 < 0
  // signed: yes; 0xffffffff < 0 unsigned: no.
  EXPECT_EQ(r.out[0], 2u | 4u | 16u);
}

// Lanes 16..31 exit; the rest shuffle with the full mask, which PTX
// completes over the non-exited lanes: no deadlock.
const char *kExitedLanes = R"(
.visible .entry k(.param .u64 out)
{
  .reg .pred %p<2>;
  .reg .b32 %r<4>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u32 %r1, %tid.x;
  setp.ge.u32 %p1, %r1, 16;
  @%p1 bra $done;
  shfl.sync.bfly.b32 %r2, %r1, 1, 31, -1;
  mul.wide.u32 %rd2, %r1, 4;
  add.s64 %rd3, %rd1, %rd2;
  st.global.u32 [%rd3], %r2;
$done:
  ret;
}
)";

TEST(PtxEmu, ShufflesCompleteWithoutExitedLanes) {
  Outcome r = run(kExitedLanes, 1, 32, 16);
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  for (uint32_t i = 0; i < 16; ++i)
    EXPECT_EQ(r.out[i], i ^ 1u) << "lane " << i;
}

// bfe.s32: bits past the field's top (a[31] here) are the sign bit.
const std::string kBfe = perThread(R"(
  mov.b32 %r3, -2147483648;
  bfe.s32 %r2, %r3, 28, 8;
)");

TEST(PtxEmu, SignedBitFieldsPastTheTopAreTheSign) {
  Outcome r = run(kBfe, 1, 1, 1);
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  EXPECT_EQ(r.out[0], 0xFFFFFFF8u);
}

// popc counts the set bits of a 32- or 64-bit source into a .u32 (LLVM
// emits popc.b64 for shifts by log2 of a constant power of two): thread t
// counts the bits of (t << 32) | 0xF0, 4 + popc(t), through both widths.
const std::string kPopc = perThread(R"(
  cvt.u64.u32 %rd2, %r1;
  shl.b64 %rd2, %rd2, 32;
  or.b64 %rd2, %rd2, 240;
  popc.b64 %r3, %rd2;
  popc.b32 %r4, %r1;
  add.u32 %r2, %r3, %r4;
)");

TEST(PtxEmu, PopcCountsBitsOfBothWidths) {
  Outcome r = run(kPopc, 1, 8, 8);
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  for (uint32_t t = 0; t < 8; ++t)
    EXPECT_EQ(r.out[t], 4u + 2u * __builtin_popcount(t)) << "thread " << t;
}

// Scalar 16-bit float add, sub and mul, as LLVM emits them when a body's
// dtype is a constant (an f16 ewise add becomes add.rn.f16): each result is
// the correctly rounded one. Inputs are u16 pairs in out[0..3].
const char *kHalfArith = R"(
.visible .entry k(.param .u64 out)
{
  .reg .b16 %rs<12>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [out];
  ld.global.b16 %rs1, [%rd1];
  ld.global.b16 %rs2, [%rd1+2];
  add.rn.f16 %rs3, %rs1, %rs2;
  st.global.b16 [%rd1+16], %rs3;
  ld.global.b16 %rs4, [%rd1+4];
  ld.global.b16 %rs5, [%rd1+6];
  sub.rn.bf16 %rs6, %rs4, %rs5;
  st.global.b16 [%rd1+18], %rs6;
  ld.global.b16 %rs7, [%rd1+8];
  ld.global.b16 %rs8, [%rd1+10];
  mul.rn.f16 %rs9, %rs7, %rs8;
  st.global.b16 [%rd1+20], %rs9;
  ld.global.b16 %rs10, [%rd1+12];
  mul.rn.f16 %rs11, %rs10, %rs10;
  st.global.b16 [%rd1+22], %rs11;
  ret;
}
)";

TEST(PtxEmu, HalfAddSubMulRoundOnceToNearest) {
  // f16 1 + 1.5 * 2^-11 = 1 + 0.75 ulp -> 0x3C01; bf16 1 - 1.5 * 2^-9 =
  // 1 - 0.75 ulp below 1 -> 0x3F7F; f16 3 * 0.5 = 1.5 (0x3E00); f16 256 *
  // 256 overflows to +inf (0x7C00).
  Outcome r = run(kHalfArith, 1, 1, 6,
                  {0x12003C00u, 0x3B403F80u, 0x38004200u, 0x00005C00u});
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  EXPECT_EQ(r.out[4], 0x3F7F3C01u);
  EXPECT_EQ(r.out[5], 0x7C003E00u);
}

// 16-bit fma is parsed but not modelled: refused, not run as integers.
const char *kBf16Fma = R"(
.visible .entry k(.param .u64 out)
{
  .reg .b16 %rs<4>;
  mov.b16 %rs1, 16256;
  mov.b16 %rs2, 16384;
  fma.rn.bf16 %rs3, %rs1, %rs2, %rs2;
  ret;
}
)";

TEST(PtxEmu, UnmodelledFloatFormsAreRefused) {
  Outcome r = run(kBf16Fma, 1, 1, 1);
  EXPECT_EQ(r.result.code, LaunchResult::Code::IllegalInstruction);
  EXPECT_NE(r.result.message.find("16-bit and packed float arithmetic is not supported"),
            std::string::npos)
      << r.result.message;
}

// Thread 1 reads a stage; thread 0 then refills it with a bulk copy, with
// no barrier between (SYNC empty): the copy could land under the read.
const char *kRefill = R"(
.shared .align 8 .b8 bar[8];
.shared .align 16 .b8 stage[16];
.visible .entry k(.param .u64 out)
{
  .reg .pred %p<2>;
  .reg .b32 %r<3>;
  .reg .b64 %rd<4>;
  ld.param.u64 %rd1, [out];
  mov.u64 %rd2, bar;
  mov.u64 %rd3, stage;
  mov.u32 %r1, %tid.x;
  setp.ne.u32 %p1, %r1, 0;
  @%p1 bra $reader;
  mbarrier.init.shared::cta.b64 [%rd2], 1;
  SYNC
  mbarrier.arrive.expect_tx.shared::cta.b64 _, [%rd2], 16;
  cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes [%rd3], [%rd1], 16, [%rd2];
  ret;
$reader:
  ld.shared.u32 %r2, [%rd3];
  SYNC
  ret;
}
)";

TEST(PtxEmu, RacecheckFindsABulkCopyOverUnorderedReads) {
  std::string racy = kRefill;
  racy.replace(racy.find("SYNC"), 4, "");
  racy.replace(racy.find("SYNC"), 4, "");
  Outcome r = run(racy, 1, 2, 4, {}, true);
  EXPECT_EQ(r.result.code, LaunchResult::Code::Race);
  // Here the copy runs first: the read then comes before any wait on its mbarrier.
  EXPECT_NE(r.result.message.find("read of a bulk copy's bytes before waiting on its mbarrier"),
            std::string::npos)
      << r.result.message;
  // A barrier between the read and the copy orders them.
  std::string ordered = kRefill;
  ordered.replace(ordered.find("SYNC"), 4, "barrier.sync 0;");
  ordered.replace(ordered.find("SYNC"), 4, "barrier.sync 0;");
  Outcome o = run(ordered, 1, 2, 4, {}, true);
  EXPECT_EQ(o.result.code, LaunchResult::Code::Ok) << o.result.message;
}

} // namespace

// The profile counts a round trip per load used before the next one is
// issued, per function called with its first argument (a task body with its
// task's record), and skips ordered loads (the waits' polls): one plain
// load used at once, then an acquire load, costs the callee one trip.
TEST(PtxEmu, ProfileCountsPlainLoadsPerFirstArgumentAndSkipsPolls) {
  std::string ptx = R"(
.func (.param .b32 r) body_x_b0(.param .b64 t)
{
  .reg .b32 %r<4>;
  .reg .b64 %rd<2>;
  ld.param.u64 %rd1, [t];
  ld.global.u32 %r1, [%rd1];
  add.u32 %r2, %r1, 1;
  ld.acquire.gpu.global.u32 %r3, [%rd1];
  add.u32 %r2, %r2, %r3;
  st.param.b32 [r], %r2;
  ret;
}
.visible .entry k(.param .u64 out)
{
  .reg .b32 %r<4>;
  .reg .b64 %rd<3>;
  ld.param.u64 %rd1, [out];
  {
    .param .b64 a;
    .param .b32 r;
    st.param.b64 [a], %rd1;
    call (r), body_x_b0, (a);
    ld.param.b32 %r1, [r];
  }
  st.global.u32 [%rd1], %r1;
  ret;
}
)";
  Profile profile;
  Outcome r = run(ptx, 1, 2, 1, {}, false, &profile);
  ASSERT_EQ(r.result.code, LaunchResult::Code::Ok) << r.result.message;
  const FunctionProfile &body = profile.functions.at("body_x_b0");
  EXPECT_EQ(body.calls, 2u);
  EXPECT_EQ(body.roundTrips, 2u) << "one per thread: the acquire load is a poll";
  const ArgumentProfile &task = profile.byArgument.at({"body_x_b0", r.buffer});
  EXPECT_EQ(task.calls, 2u);
  EXPECT_EQ(task.roundTrips, 2u);
  EXPECT_EQ(task.globalBytes, 8u) << "4 bytes per thread: the poll's not counted";
}
