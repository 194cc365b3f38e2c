//===- Ptx.h - the PTX subset the emulator runs, decoded ----------------===//
//
// A parsed module: functions as flat arrays of decoded instructions whose
// operands are register slots, immediates, addresses and branch targets, so
// the interpreter never looks at text. Only what tilec's persistent kernel
// (LLVM's NVPTX backend plus the device library's inline asm) emits is
// accepted; anything else is a parse error that names the line.
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_PTX_EMU_PTX_H
#define TILEC_PTX_EMU_PTX_H

#include <cstdint>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace ptxemu {

/// A parse or load error: "line N: what".
struct PtxError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Scalar types of instruction suffixes. Kind and width are what matter.
enum class Kind : uint8_t { None, Bits, Unsigned, Signed, Float, Pred, BF16x2, F16x2 };
struct Type {
  Kind kind = Kind::None;
  uint8_t bits = 0; ///< 1 (pred), 8, 16, 32, 64; f16/bf16 are Float 16 with bf flag
  bool bfloat = false;
  bool operator==(const Type &o) const {
    return kind == o.kind && bits == o.bits && bfloat == o.bfloat;
  }
};

enum class Special : uint8_t {
  TidX, TidY, TidZ, NtidX, NtidY, NtidZ, CtaidX, CtaidY, CtaidZ, NctaidX, NctaidY, NctaidZ,
  LaneId, WarpId, NWarpId, SmId, NSmId, GlobalTimer, Clock, Clock64, DynamicSmemSize,
  TotalSmemSize
};

struct Operand {
  enum class K : uint8_t { None, Reg, Imm, Addr, Vec, Special, Sink, Label } k = K::None;
  int32_t reg = -1;     ///< Reg; Addr base register (-1: none)
  uint64_t imm = 0;     ///< Imm value (floats as bits); Addr offset; Label pc
  int32_t sym = -1;     ///< Addr/Imm of a symbol: index into Module::symbols
  uint8_t nvec = 0;     ///< Vec: number of registers in `vec`
  int32_t vec[4] = {-1, -1, -1, -1};
  Special special = Special::TidX;
};

enum class Op : uint8_t {
  Add, Sub, Mul, MulWide, Mad, MadWide, Div, Rem, Fma, Neg, Abs, Min, Max, Sqrt, Rcp, Rsqrt,
  Ex2, Lg2, Sin, Cos, And, Or, Xor, Not, Popc, Shl, Shr, Bfe, Selp, Setp, Mov, Cvt, Ld, St, Red,
  Atom, Shfl, Bar, BarRed, Bra, Brx, Call, Ret, Exit, Nanosleep, MbarInit, MbarArriveTx,
  MbarTryWait, CpAsyncBulk, Nop
};

enum class Space : uint8_t { None, Global, Shared, Param };
enum class Cmp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge, Equ, Neu, Ltu, Leu, Gtu, Geu, Num, Nan };
enum class AtomOp : uint8_t { Add, Cas, Exch, Min, Max, And, Or, Xor, Inc, Dec };
enum class ShflMode : uint8_t { Up, Down, Bfly, Idx };
enum class Round : uint8_t { None, Rn, Rz, Rm, Rp, Rni, Rzi, Rmi, Rpi };

struct Inst {
  Op op = Op::Nop;
  Type type;          ///< the instruction's type (destination type of cvt)
  Type type2;         ///< cvt's source type
  Space space = Space::None;
  uint8_t vecWidth = 1; ///< ld/st .v2/.v4
  Cmp cmp = Cmp::Eq;
  AtomOp atom = AtomOp::Add;
  ShflMode shfl = ShflMode::Bfly;
  Round round = Round::None;
  bool hi = false;      ///< mul.hi / mad.hi
  bool nanProp = false; ///< max.NaN / min.NaN
  bool sat = false;
  bool ordered = false; ///< ld.acquire/.relaxed/.volatile: a poll (the profile skips it)
  /// Parsed but not modelled (16-bit or packed float arithmetic, directed
  /// rounding): running it stops the launch. Null when modelled.
  const char *unmodelled = nullptr;
  int32_t guard = -1;   ///< predicate register, -1: unguarded
  bool guardNeg = false;
  uint8_t nops = 0;
  Operand ops[6];
  int32_t callee = -1;            ///< Call: function index
  std::vector<int32_t> targets;   ///< Brx: branch target pcs
  std::vector<int32_t> callArgs;  ///< Call: param slots of the arguments
  int32_t callRet = -1;           ///< Call: param slot receiving the result
  uint32_t line = 0;              ///< source line, for error messages
};

/// A `.param` variable of a function (its own parameters, its return value,
/// the `param0..` of call sequences): a slot of 16 bytes in the frame.
struct Function {
  std::string name;
  bool entry = false;
  std::vector<Inst> code;
  uint32_t numRegs = 0;
  uint32_t numParamSlots = 0;
  std::vector<int32_t> paramSlots;    ///< formal parameters, in order
  std::vector<uint32_t> paramBytes;   ///< their sizes (entry kernels)
  int32_t retSlot = -1;
  uint32_t maxNtid = 0;
  uint32_t minCtasPerSm = 0;
};

/// A module-level or function-level (demoted) `.shared` variable; the
/// extern one (dynamic shared memory) has `dynamic` set and is placed last.
struct SharedVar {
  std::string name;
  uint64_t offset = 0, bytes = 0, align = 1;
  bool dynamic = false;
};

struct Module {
  std::vector<Function> functions;
  std::map<std::string, int32_t> functionIndex;
  std::vector<SharedVar> shared;
  uint64_t staticShared = 0;   ///< bytes of static shared memory per CTA
  uint64_t dynamicOffset = 0;  ///< where dynamic shared memory begins
  std::string target;          ///< `.target`, e.g. sm_90a
};

/// Parses PTX text; throws PtxError("line N: ...").
std::unique_ptr<Module> parsePtx(const std::string &text);

} // namespace ptxemu

#endif
