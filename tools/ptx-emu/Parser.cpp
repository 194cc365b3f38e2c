//===- Parser.cpp - PTX text to decoded functions ------------------------===//
//
// A lexer, a statement parser and an opcode decoder for the PTX that LLVM's
// NVPTX backend prints (plus tilec's inline asm). Registers get frame slots
// per function; `{ .reg ... }` scopes of inline asm get their own slots;
// labels and `.branchtargets` lists are resolved to instruction indices
// when the function ends; shared variables (module level and demoted ones
// inside functions) are laid out once the whole module is read.
//
//===----------------------------------------------------------------------===//
#include "Ptx.h"

#include <cctype>
#include <cstring>
#include <unordered_map>

namespace ptxemu {
namespace {

struct Token {
  enum class T { Ident, Number, Punct, End } t;
  std::string s;
  uint32_t line;
};

[[noreturn]] void fail(uint32_t line, const std::string &what) {
  throw PtxError("line " + std::to_string(line) + ": " + what);
}

bool identStart(char c) { return std::isalpha(uint8_t(c)) || c == '_' || c == '$' || c == '%' || c == '.'; }
bool identChar(char c) { return std::isalnum(uint8_t(c)) || c == '_' || c == '$' || c == '.' || c == '%'; }

std::vector<Token> lex(const std::string &text) {
  std::vector<Token> out;
  uint32_t line = 1;
  size_t i = 0, n = text.size();
  while (i < n) {
    char c = text[i];
    if (c == '\n') { ++line; ++i; continue; }
    if (std::isspace(uint8_t(c))) { ++i; continue; }
    if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      while (i < n && text[i] != '\n') ++i;
      continue;
    }
    if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      i += 2;
      while (i + 1 < n && !(text[i] == '*' && text[i + 1] == '/')) { if (text[i] == '\n') ++line; ++i; }
      i += 2;
      continue;
    }
    if (std::isdigit(uint8_t(c)) || (c == '-' && i + 1 < n && std::isdigit(uint8_t(text[i + 1])))) {
      size_t j = i + 1;
      while (j < n && (std::isalnum(uint8_t(text[j])) || text[j] == '.')) ++j;
      out.push_back({Token::T::Number, text.substr(i, j - i), line});
      i = j;
      continue;
    }
    if (identStart(c)) {
      size_t j = i + 1;
      for (;;) {
        if (j < n && identChar(text[j])) { ++j; continue; }
        if (j + 1 < n && text[j] == ':' && text[j + 1] == ':') { j += 2; continue; }
        break;
      }
      out.push_back({Token::T::Ident, text.substr(i, j - i), line});
      i = j;
      continue;
    }
    out.push_back({Token::T::Punct, std::string(1, c), line});
    ++i;
  }
  out.push_back({Token::T::End, "", line});
  return out;
}

bool parseType(const std::string &s, Type &t) {
  static const std::unordered_map<std::string, Type> types = {
      {"b8", {Kind::Bits, 8}},     {"b16", {Kind::Bits, 16}},   {"b32", {Kind::Bits, 32}},
      {"b64", {Kind::Bits, 64}},   {"u8", {Kind::Unsigned, 8}}, {"u16", {Kind::Unsigned, 16}},
      {"u32", {Kind::Unsigned, 32}}, {"u64", {Kind::Unsigned, 64}}, {"s8", {Kind::Signed, 8}},
      {"s16", {Kind::Signed, 16}}, {"s32", {Kind::Signed, 32}}, {"s64", {Kind::Signed, 64}},
      {"f16", {Kind::Float, 16}},  {"f32", {Kind::Float, 32}},  {"f64", {Kind::Float, 64}},
      {"bf16", {Kind::Float, 16, true}}, {"bf16x2", {Kind::BF16x2, 32}},
      {"f16x2", {Kind::F16x2, 32}}, {"pred", {Kind::Pred, 1}}};
  auto it = types.find(s);
  if (it == types.end())
    return false;
  t = it->second;
  return true;
}

uint64_t parseNumber(const Token &tok) {
  const std::string &s = tok.s;
  try {
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'f' || s[1] == 'F'))
      return std::stoull(s.substr(2), nullptr, 16);
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'd' || s[1] == 'D'))
      return std::stoull(s.substr(2), nullptr, 16);
    if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
      return std::stoull(s.substr(2), nullptr, 16);
    std::string digits = s;
    if (!digits.empty() && (digits.back() == 'U' || digits.back() == 'u'))
      digits.pop_back();
    if (digits.find_first_of(".eE") != std::string::npos && digits.rfind("0x", 0) != 0)
      fail(tok.line, "decimal float literal '" + s + "' (PTX spells floats 0f/0d)");
    size_t used = 0;
    uint64_t v = !digits.empty() && digits[0] == '-' ? uint64_t(std::stoll(digits, &used, 0))
                                                     : std::stoull(digits, &used, 0);
    if (used != digits.size())
      fail(tok.line, "bad number '" + s + "'");
    return v;
  } catch (const PtxError &) {
    throw;
  } catch (const std::exception &) {
    fail(tok.line, "bad number '" + s + "'");
  }
}

class Parser {
public:
  explicit Parser(const std::string &text) : toks_(lex(text)) {}
  std::unique_ptr<Module> run();

private:
  /// Names declared in one { } block of a function body.
  struct Scope {
    std::unordered_map<std::string, int32_t> regs, params;
  };

  // Token stream.
  const Token &peek(size_t k = 0) const { return toks_[std::min(pos_ + k, toks_.size() - 1)]; }
  const Token &next() { return toks_[pos_ < toks_.size() - 1 ? pos_++ : pos_]; }
  bool accept(const char *s) {
    if (peek().t != Token::T::End && peek().s == s) { ++pos_; return true; }
    return false;
  }
  void expect(const char *s) {
    if (!accept(s))
      fail(peek().line, std::string("expected '") + s + "', found '" + peek().s + "'");
  }
  std::string ident() {
    if (peek().t != Token::T::Ident)
      fail(peek().line, "expected a name, found '" + peek().s + "'");
    return next().s;
  }

  // Module level.
  void sharedDecl(bool external);
  void function(bool entry);
  void paramList(Function &f, std::vector<int32_t> &slots, std::vector<uint32_t> *bytes);
  uint32_t paramDecl(std::string &name);

  // Function bodies.
  void body(Function &f);
  void regDecl();
  int32_t reg(const std::string &name, uint32_t line);
  /// The innermost declaration of `name` in `which` (Scope::regs or
  /// Scope::params), -1 if none.
  int32_t lookup(std::unordered_map<std::string, int32_t> Scope::*which,
                 const std::string &name) const;
  int32_t declaredParam(const std::string &name, uint32_t line);
  void instruction(Function &f, int32_t guard, bool guardNeg);
  Operand operand(Function &f, uint32_t line);
  void decode(Inst &in, const std::string &opcode, uint32_t line);

  std::vector<Token> toks_;
  size_t pos_ = 0;
  std::unique_ptr<Module> m_ = std::make_unique<Module>();

  // Per function: scopes of names (registers and params), labels to patch.
  std::vector<Scope> scopes_;
  Function *fn_ = nullptr;
  std::unordered_map<std::string, int32_t> labels_;
  std::unordered_map<std::string, std::vector<std::string>> branchTargets_;
  struct Patch { size_t inst; int op; std::string label; uint32_t line; };
  std::vector<Patch> patches_;
  struct BrxPatch { size_t inst; std::string list; uint32_t line; };
  std::vector<BrxPatch> brxPatches_;
  struct SymPatch { size_t func, inst; int op; std::string name; uint32_t line; };
  std::vector<SymPatch> symPatches_;
  struct CallPatch { size_t func, inst; std::string callee; uint32_t line; };
  std::vector<CallPatch> callPatches_;
  size_t curFunc_ = 0;      ///< index of the function being parsed
  std::string pendingSym_;  ///< a name operand() could not resolve yet
};

std::unique_ptr<Module> Parser::run() {
  while (peek().t != Token::T::End) {
    const Token &t = peek();
    if (t.s == ".version") { next(); next(); continue; }
    if (t.s == ".target") {
      next();
      m_->target = ident();
      while (accept(",")) ident();
      continue;
    }
    if (t.s == ".address_size") {
      next();
      if (parseNumber(next()) != 64) fail(t.line, "only .address_size 64 is supported");
      continue;
    }
    bool visible = accept(".visible") | accept(".weak");
    bool external = accept(".extern");
    (void)visible;
    if (peek().s == ".shared") { sharedDecl(external); continue; }
    if (peek().s == ".func") { next(); function(false); continue; }
    if (peek().s == ".entry") { next(); function(true); continue; }
    if (peek().s == ".global" || peek().s == ".const")
      fail(peek().line, "module-level " + peek().s + " variables are not supported by the emulator");
    fail(t.line, "unexpected '" + t.s + "' at module level");
  }
  // Lay out shared memory: static variables in order, dynamic last.
  uint64_t at = 0, dynAlign = 16;
  for (SharedVar &v : m_->shared) {
    if (v.dynamic) { dynAlign = std::max(dynAlign, v.align); continue; }
    at = (at + v.align - 1) / v.align * v.align;
    v.offset = at;
    at += v.bytes;
  }
  m_->staticShared = at;
  m_->dynamicOffset = (at + dynAlign - 1) / dynAlign * dynAlign;
  for (SharedVar &v : m_->shared)
    if (v.dynamic) v.offset = m_->dynamicOffset;
  std::unordered_map<std::string, uint64_t> sharedAt;
  for (const SharedVar &v : m_->shared) sharedAt[v.name] = v.offset;
  for (const SymPatch &p : symPatches_) {
    auto it = sharedAt.find(p.name);
    if (it == sharedAt.end())
      fail(p.line, "unknown symbol '" + p.name + "' (only shared variables are addressable)");
    Operand &o = m_->functions[p.func].code[p.inst].ops[p.op];
    o.imm += it->second;
    o.sym = -1;
  }
  for (const CallPatch &p : callPatches_) {
    auto it = m_->functionIndex.find(p.callee);
    if (it == m_->functionIndex.end() || m_->functions[it->second].code.empty())
      fail(p.line, "call of '" + p.callee + "', which has no body in this module");
    m_->functions[p.func].code[p.inst].callee = it->second;
  }
  return std::move(m_);
}

void Parser::sharedDecl(bool external) {
  uint32_t line = next().line; // .shared
  SharedVar v;
  if (accept(".align")) v.align = parseNumber(next());
  Type t;
  std::string ty = ident();
  if (!parseType(ty.substr(1), t)) fail(line, "bad shared variable type '" + ty + "'");
  v.name = ident();
  uint64_t count = 1;
  if (accept("[")) {
    if (accept("]")) {
      if (!external) fail(line, "shared array '" + v.name + "' without a size");
      v.dynamic = true;
      count = 0;
    } else {
      count = parseNumber(next());
      expect("]");
    }
  }
  if (accept("=")) fail(line, "initialized shared variables are not supported");
  expect(";");
  v.bytes = count * std::max<uint64_t>(1, t.bits / 8);
  v.align = std::max<uint64_t>(v.align, std::max<uint64_t>(1, t.bits / 8));
  for (const SharedVar &o : m_->shared)
    if (o.name == v.name) fail(line, "shared variable '" + v.name + "' declared twice");
  m_->shared.push_back(v);
}

uint32_t Parser::paramDecl(std::string &name) {
  uint32_t line = peek().line;
  expect(".param");
  uint64_t align = 0;
  std::string ty;
  for (;;) {
    if (accept(".align")) { align = parseNumber(next()); continue; }
    if (accept(".ptr") || accept(".global") || accept(".shared") || accept(".const") ||
        accept(".local"))
      continue;
    ty = ident();
    break;
  }
  (void)align;
  Type t;
  if (!parseType(ty.substr(1), t)) fail(line, "bad parameter type '" + ty + "'");
  if (accept(".ptr")) { while (accept(".global") || accept(".align")) if (peek().t == Token::T::Number) next(); }
  name = ident();
  uint64_t bytes = std::max<uint64_t>(1, t.bits / 8);
  if (accept("[")) {
    bytes *= parseNumber(next());
    expect("]");
  }
  if (bytes > 16) fail(line, "parameter '" + name + "' is larger than 16 bytes");
  return uint32_t(bytes);
}

void Parser::paramList(Function &f, std::vector<int32_t> &slots, std::vector<uint32_t> *bytes) {
  expect("(");
  if (accept(")")) return;
  do {
    std::string name;
    uint32_t b = paramDecl(name);
    slots.push_back(int32_t(fn_->numParamSlots++));
    scopes_.back().params[name] = slots.back();
    if (bytes) bytes->push_back(b);
  } while (accept(","));
  expect(")");
  (void)f;
}

void Parser::function(bool entry) {
  Function f;
  f.entry = entry;
  scopes_.assign(1, Scope());
  fn_ = &f;
  labels_.clear();
  branchTargets_.clear();
  patches_.clear();
  brxPatches_.clear();
  std::vector<int32_t> ret;
  if (!entry && peek().s == "(") {
    paramList(f, ret, nullptr);
    if (ret.size() > 1) fail(peek().line, "more than one return value");
  }
  uint32_t line = peek().line;
  f.name = ident();
  // `.func name` may be followed by its parameter list on the next lines.
  if (peek().s == "(") paramList(f, f.paramSlots, &f.paramBytes);
  f.retSlot = ret.empty() ? -1 : ret[0];
  for (;;) {
    if (accept(".maxntid")) {
      f.maxNtid = uint32_t(parseNumber(next()));
      while (accept(",")) f.maxNtid *= uint32_t(parseNumber(next()));
      continue;
    }
    if (accept(".reqntid")) {
      f.maxNtid = uint32_t(parseNumber(next()));
      while (accept(",")) f.maxNtid *= uint32_t(parseNumber(next()));
      continue;
    }
    if (accept(".minnctapersm")) { f.minCtasPerSm = uint32_t(parseNumber(next())); continue; }
    if (accept(".maxnreg") || accept(".maxclusterrank")) { next(); continue; }
    if (accept(".noreturn")) continue;
    break;
  }
  auto it = m_->functionIndex.find(f.name);
  if (accept(";")) { // a declaration
    if (it == m_->functionIndex.end()) {
      m_->functionIndex[f.name] = int32_t(m_->functions.size());
      m_->functions.push_back(std::move(f));
    }
    return;
  }
  if (it != m_->functionIndex.end() && !m_->functions[it->second].code.empty())
    fail(line, "function '" + f.name + "' defined twice");
  size_t index = it != m_->functionIndex.end() ? size_t(it->second) : m_->functions.size();
  if (it == m_->functionIndex.end()) {
    m_->functionIndex[f.name] = int32_t(index);
    m_->functions.emplace_back();
  }
  curFunc_ = index;
  expect("{");
  body(f);
  for (const Patch &p : patches_) {
    auto l = labels_.find(p.label);
    if (l == labels_.end()) fail(p.line, "unknown label '" + p.label + "'");
    f.code[p.inst].ops[p.op].imm = uint64_t(l->second);
  }
  for (const BrxPatch &p : brxPatches_) {
    auto l = branchTargets_.find(p.list);
    if (l == branchTargets_.end()) fail(p.line, "unknown .branchtargets '" + p.list + "'");
    for (const std::string &label : l->second) {
      auto t = labels_.find(label);
      if (t == labels_.end()) fail(p.line, "unknown label '" + label + "'");
      f.code[p.inst].targets.push_back(t->second);
    }
  }
  if (f.code.empty() || (f.code.back().op != Op::Ret && f.code.back().op != Op::Exit &&
                         f.code.back().op != Op::Bra)) {
    Inst r; // falling off the end returns
    r.op = Op::Ret;
    r.line = line;
    f.code.push_back(r);
  }
  m_->functions[index] = std::move(f);
  fn_ = nullptr;
}

int32_t Parser::lookup(std::unordered_map<std::string, int32_t> Scope::*which,
                       const std::string &name) const {
  for (auto s = scopes_.rbegin(); s != scopes_.rend(); ++s) {
    auto it = ((*s).*which).find(name);
    if (it != ((*s).*which).end()) return it->second;
  }
  return -1;
}

int32_t Parser::reg(const std::string &name, uint32_t line) {
  int32_t r = lookup(&Scope::regs, name);
  if (r < 0) fail(line, "undeclared register '" + name + "'");
  return r;
}

int32_t Parser::declaredParam(const std::string &name, uint32_t line) {
  int32_t slot = lookup(&Scope::params, name);
  if (slot < 0) fail(line, "undeclared parameter '" + name + "' in a call");
  return slot;
}

void Parser::regDecl() {
  uint32_t line = next().line; // .reg
  std::string ty = ident();
  Type t;
  if (!parseType(ty.substr(1), t)) fail(line, "bad register type '" + ty + "'");
  do {
    std::string name = ident();
    if (accept("<")) {
      uint64_t count = parseNumber(next());
      expect(">");
      for (uint64_t i = 0; i < count; ++i)
        scopes_.back().regs[name + std::to_string(i)] = int32_t(fn_->numRegs++);
    } else {
      scopes_.back().regs[name] = int32_t(fn_->numRegs++);
    }
  } while (accept(","));
  expect(";");
}

void Parser::body(Function &f) {
  for (;;) {
    const Token &t = peek();
    if (t.t == Token::T::End) fail(t.line, "unterminated function body");
    if (accept("}")) {
      if (scopes_.size() == 1) return;
      scopes_.pop_back();
      continue;
    }
    if (accept("{")) { scopes_.push_back(Scope()); continue; }
    if (t.s == ".reg") { regDecl(); continue; }
    if (t.s == ".pragma") { // a hint ("nounroll"): nothing to run
      while (peek().t != Token::T::End && !accept(";")) next();
      continue;
    }
    if (t.s == ".shared") { sharedDecl(false); continue; }
    if (t.s == ".local") fail(t.line, ".local variables are not supported by the emulator");
    if (t.s == ".param") {
      std::string name;
      paramDecl(name);
      expect(";");
      scopes_.back().params[name] = int32_t(f.numParamSlots++);
      continue;
    }
    if (t.t == Token::T::Ident && peek(1).s == ":") {
      std::string label = next().s;
      next();
      if (accept(".branchtargets")) {
        std::vector<std::string> list;
        do list.push_back(ident()); while (accept(","));
        expect(";");
        branchTargets_[label] = std::move(list);
      } else {
        // PTX scopes labels to their { } block; the emulator does not, so
        // a second definition (inlined asm with labels) is refused, not
        // silently merged.
        if (!labels_.emplace(label, int32_t(f.code.size())).second)
          fail(t.line, "label '" + label + "' defined twice in " + f.name +
                           " (block-scoped labels are not supported by the emulator)");
      }
      continue;
    }
    int32_t guard = -1;
    bool neg = false;
    if (accept("@")) {
      neg = accept("!");
      guard = reg(ident(), t.line);
    }
    instruction(f, guard, neg);
  }
}

Operand Parser::operand(Function &f, uint32_t line) {
  Operand o;
  (void)f;
  if (accept("_")) { o.k = Operand::K::Sink; return o; }
  if (accept("[")) {
    o.k = Operand::K::Addr;
    std::string base = ident();
    if (base[0] == '%') {
      o.reg = reg(base, line);
    } else {
      // A parameter or a shared variable; patched later if shared.
      int32_t slot = lookup(&Scope::params, base);
      if (slot >= 0) {
        o.sym = slot;
        o.nvec = 1; // marks "param slot"
      } else {
        o.sym = 0;
        pendingSym_ = base;
      }
    }
    if (accept("+")) o.imm = parseNumber(next());
    else if (peek().t == Token::T::Number && peek().s[0] == '-') o.imm = parseNumber(next());
    expect("]");
    return o;
  }
  if (accept("{")) {
    o.k = Operand::K::Vec;
    do {
      if (o.nvec == 4) fail(line, "vector of more than four registers");
      if (accept("_")) o.vec[o.nvec++] = -1;
      else o.vec[o.nvec++] = reg(ident(), line);
    } while (accept(","));
    expect("}");
    return o;
  }
  if (peek().t == Token::T::Number) {
    o.k = Operand::K::Imm;
    o.imm = parseNumber(next());
    return o;
  }
  std::string name = ident();
  if (name[0] == '%') {
    static const std::unordered_map<std::string, Special> specials = {
        {"%tid.x", Special::TidX},       {"%tid.y", Special::TidY},
        {"%tid.z", Special::TidZ},       {"%ntid.x", Special::NtidX},
        {"%ntid.y", Special::NtidY},     {"%ntid.z", Special::NtidZ},
        {"%ctaid.x", Special::CtaidX},   {"%ctaid.y", Special::CtaidY},
        {"%ctaid.z", Special::CtaidZ},   {"%nctaid.x", Special::NctaidX},
        {"%nctaid.y", Special::NctaidY}, {"%nctaid.z", Special::NctaidZ},
        {"%laneid", Special::LaneId},    {"%warpid", Special::WarpId},
        {"%nwarpid", Special::NWarpId},  {"%smid", Special::SmId},
        {"%nsmid", Special::NSmId},      {"%globaltimer", Special::GlobalTimer},
        {"%clock", Special::Clock},      {"%clock64", Special::Clock64},
        {"%dynamic_smem_size", Special::DynamicSmemSize},
        {"%total_smem_size", Special::TotalSmemSize}};
    auto it = specials.find(name);
    if (it != specials.end()) {
      o.k = Operand::K::Special;
      o.special = it->second;
      return o;
    }
    o.k = Operand::K::Reg;
    o.reg = reg(name, line);
    return o;
  }
  // A register without '%' (inline asm's `{ .reg .pred p; ... }`), a label
  // (branches) or a symbol (a shared variable's address).
  if (int32_t r = lookup(&Scope::regs, name); r >= 0) {
    o.k = Operand::K::Reg;
    o.reg = r;
    return o;
  }
  o.k = Operand::K::Label;
  pendingSym_ = name;
  return o;
}

void Parser::instruction(Function &f, int32_t guard, bool guardNeg) {
  uint32_t line = peek().line;
  std::string opcode = ident();
  Inst in;
  in.guard = guard;
  in.guardNeg = guardNeg;
  in.line = line;
  decode(in, opcode, line);
  size_t index = f.code.size();

  if (in.op == Op::Call) {
    // call[.uni] [(ret),] callee, (args...);
    if (accept("(")) {
      in.callRet = declaredParam(ident(), line);
      expect(")");
      expect(",");
    }
    callPatches_.push_back({curFunc_, index, ident(), line});
    if (accept(",")) {
      expect("(");
      if (!accept(")")) {
        do in.callArgs.push_back(declaredParam(ident(), line)); while (accept(","));
        expect(")");
      }
    }
    expect(";");
    f.code.push_back(std::move(in));
    return;
  }

  if (!accept(";")) {
    do {
      if (in.nops == 6) fail(line, "too many operands");
      pendingSym_.clear();
      bool negate = accept("!");
      Operand o = operand(f, line);
      if (negate) {
        if (o.k != Operand::K::Reg) fail(line, "'!' on a non-register operand");
        o.nvec = 2; // marks a negated predicate source
      }
      if (!pendingSym_.empty()) {
        if (o.k == Operand::K::Label && (in.op == Op::Bra)) {
          patches_.push_back({index, in.nops, pendingSym_, line});
        } else if (o.k == Operand::K::Label && in.op == Op::Brx) {
          brxPatches_.push_back({index, pendingSym_, line});
        } else {
          if (o.k == Operand::K::Label) { o.k = Operand::K::Imm; o.imm = 0; }
          o.sym = 0;
          symPatches_.push_back({curFunc_, index, in.nops, pendingSym_, line});
        }
      }
      in.ops[in.nops++] = o;
      // `d|p`: a second destination (setp, shfl); kept as the next operand.
      if (accept("|")) {
        if (in.nops == 6) fail(line, "too many operands");
        in.ops[in.nops++] = operand(f, line);
        in.sat = true; // marks the two-destination form
      }
    } while (accept(","));
    expect(";");
  }
  f.code.push_back(std::move(in));
}

void Parser::decode(Inst &in, const std::string &opcode, uint32_t line) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (size_t i = 0; i <= opcode.size(); ++i)
    if (i == opcode.size() || opcode[i] == '.') {
      parts.push_back(opcode.substr(start, i - start));
      start = i + 1;
    }
  const std::string &base = parts[0];
  // Whole-opcode forms first.
  if (opcode.rfind("mbarrier.init", 0) == 0) { in.op = Op::MbarInit; return; }
  if (opcode.rfind("mbarrier.arrive.expect_tx", 0) == 0) { in.op = Op::MbarArriveTx; return; }
  if (opcode.rfind("mbarrier.try_wait.parity", 0) == 0) { in.op = Op::MbarTryWait; return; }
  if (opcode.rfind("cp.async.bulk.prefetch", 0) == 0) { in.op = Op::Nop; return; }
  if (opcode.rfind("cp.async.bulk.shared::cluster.global.mbarrier::complete_tx::bytes", 0) == 0 ||
      opcode.rfind("cp.async.bulk.shared::cta.global.mbarrier::complete_tx::bytes", 0) == 0) {
    in.op = Op::CpAsyncBulk;
    return;
  }
  // Generic addresses of global memory are global addresses (device memory
  // is host memory); generic loads and stores are not supported.
  if (opcode == "cvta.to.global.u64" || opcode == "cvta.global.u64") {
    in.op = Op::Mov;
    in.type = Type{Kind::Unsigned, 64};
    return;
  }
  if (base == "fence" || base == "membar" || base == "prefetch" || base == "prefetchu") {
    in.op = Op::Nop;
    return;
  }
  if (opcode == "barrier.cta.red.or.pred" || opcode == "bar.red.or.pred") {
    in.op = Op::BarRed;
    return;
  }
  if (opcode == "barrier.sync" || opcode == "barrier.sync.aligned" || opcode == "bar.sync" ||
      opcode == "barrier.cta.sync" || opcode == "barrier.cta.sync.aligned" ||
      opcode == "bar.cta.sync") {
    in.op = Op::Bar;
    return;
  }

  static const std::unordered_map<std::string, Op> bases = {
      {"add", Op::Add},   {"sub", Op::Sub},   {"mul", Op::Mul},     {"mad", Op::Mad},
      {"div", Op::Div},   {"rem", Op::Rem},   {"fma", Op::Fma},     {"neg", Op::Neg},
      {"abs", Op::Abs},   {"min", Op::Min},   {"max", Op::Max},     {"sqrt", Op::Sqrt},
      {"rcp", Op::Rcp},   {"rsqrt", Op::Rsqrt}, {"ex2", Op::Ex2},   {"lg2", Op::Lg2},
      {"sin", Op::Sin},   {"cos", Op::Cos},   {"and", Op::And},     {"or", Op::Or},
      {"xor", Op::Xor},   {"not", Op::Not},   {"popc", Op::Popc},   {"shl", Op::Shl},
      {"shr", Op::Shr},
      {"bfe", Op::Bfe},   {"selp", Op::Selp}, {"setp", Op::Setp},   {"mov", Op::Mov},
      {"cvt", Op::Cvt},   {"ld", Op::Ld},     {"st", Op::St},       {"red", Op::Red},
      {"atom", Op::Atom}, {"shfl", Op::Shfl}, {"bra", Op::Bra},     {"brx", Op::Brx},
      {"call", Op::Call}, {"ret", Op::Ret},   {"exit", Op::Exit},   {"nanosleep", Op::Nanosleep}};
  auto it = bases.find(base);
  if (it == bases.end())
    fail(line, "instruction '" + opcode + "' is not supported by the emulator");
  in.op = it->second;

  static const std::unordered_map<std::string, Cmp> cmps = {
      {"eq", Cmp::Eq},   {"ne", Cmp::Ne},   {"lt", Cmp::Lt},   {"le", Cmp::Le},
      {"gt", Cmp::Gt},   {"ge", Cmp::Ge},   {"lo", Cmp::Lt},   {"ls", Cmp::Le},
      {"hi", Cmp::Gt},   {"hs", Cmp::Ge},   {"equ", Cmp::Equ}, {"neu", Cmp::Neu},
      {"ltu", Cmp::Ltu}, {"leu", Cmp::Leu}, {"gtu", Cmp::Gtu}, {"geu", Cmp::Geu},
      {"num", Cmp::Num}, {"nan", Cmp::Nan}};
  static const std::unordered_map<std::string, AtomOp> atoms = {
      {"add", AtomOp::Add}, {"cas", AtomOp::Cas}, {"exch", AtomOp::Exch}, {"min", AtomOp::Min},
      {"max", AtomOp::Max}, {"and", AtomOp::And}, {"or", AtomOp::Or},     {"xor", AtomOp::Xor},
      {"inc", AtomOp::Inc}, {"dec", AtomOp::Dec}};
  static const std::unordered_map<std::string, Round> rounds = {
      {"rn", Round::Rn},   {"rz", Round::Rz},   {"rm", Round::Rm},   {"rp", Round::Rp},
      {"rni", Round::Rni}, {"rzi", Round::Rzi}, {"rmi", Round::Rmi}, {"rpi", Round::Rpi}};

  int typesSeen = 0;
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string &p = parts[i];
    Type t;
    if (parseType(p, t)) {
      (typesSeen++ == 0 ? in.type : in.type2) = t;
      continue;
    }
    if (p == "global") { in.space = Space::Global; continue; }
    if (p == "shared" || p == "shared::cta") { in.space = Space::Shared; continue; }
    if (p == "param") { in.space = Space::Param; continue; }
    if (p == "local" || p == "const" || p == "shared::cluster")
      fail(line, "state space ." + p + " is not supported by the emulator");
    if (p == "v2") { in.vecWidth = 2; continue; }
    if (p == "v4") { in.vecWidth = 4; continue; }
    if (p == "wide") {
      if (in.op == Op::Mul) in.op = Op::MulWide;
      else if (in.op == Op::Mad) in.op = Op::MadWide;
      continue;
    }
    if (p == "hi" && (in.op == Op::Mul || in.op == Op::Mad)) { in.hi = true; continue; }
    if (p == "lo" && (in.op == Op::Mul || in.op == Op::Mad)) continue;
    if (p == "NaN") { in.nanProp = true; continue; }
    if (p == "sat") { in.sat = true; continue; }
    if (in.op == Op::Ld && (p == "acquire" || p == "relaxed" || p == "volatile")) {
      in.ordered = true;
      continue;
    }
    if ((in.op == Op::Atom || in.op == Op::Red) && atoms.count(p)) { in.atom = atoms.at(p); continue; }
    if (in.op == Op::Setp && cmps.count(p)) { in.cmp = cmps.at(p); continue; }
    if (rounds.count(p)) { in.round = rounds.at(p); continue; }
    if (in.op == Op::Shfl) {
      if (p == "up") { in.shfl = ShflMode::Up; continue; }
      if (p == "down") { in.shfl = ShflMode::Down; continue; }
      if (p == "bfly") { in.shfl = ShflMode::Bfly; continue; }
      if (p == "idx") { in.shfl = ShflMode::Idx; continue; }
    }
    static const char *ignored[] = {"approx", "full", "ftz", "uni", "sync", "aligned", "relaxed",
                                    "acquire", "release", "acq_rel", "sc", "volatile", "weak",
                                    "cta", "gpu", "sys", "cluster", "nc", "lo", "cs", "ca", "cg", "idx",
                                    "lu", "cv", "wb", "wt"};
    bool skip = false;
    for (const char *s : ignored)
      if (p == s) skip = true;
    if (skip || p.rfind("L1::", 0) == 0 || p.rfind("L2::", 0) == 0) continue;
    if (in.op == Op::Setp && (p == "and" || p == "or" || p == "xor"))
      fail(line, "setp with a predicate combiner ('" + opcode + "') is not supported");
    fail(line, "unknown modifier '." + p + "' in '" + opcode + "'");
  }
  // What the machine does not model, decided once here, refused if run.
  bool packed = in.type.kind == Kind::BF16x2 || in.type.kind == Kind::F16x2;
  bool half = in.type.kind == Kind::Float && in.type.bits == 16;
  bool moves = in.op == Op::Cvt || in.op == Op::Ld || in.op == Op::St || in.op == Op::Mov ||
               in.op == Op::Selp;
  bool directed = in.round == Round::Rz || in.round == Round::Rm || in.round == Round::Rp;
  if (in.op == Op::Setp && packed)
    in.unmodelled = "packed compares are not supported by the emulator";
  else if (in.op == Op::Cvt && (in.type.kind == Kind::F16x2 || in.type2.kind == Kind::F16x2 ||
                                in.type2.kind == Kind::BF16x2))
    in.unmodelled = "packed f16 conversions are not supported by the emulator";
  else if (in.op == Op::Cvt && directed && in.type.kind == Kind::Float &&
           in.type2.kind == Kind::Float)
    in.unmodelled = "directed rounding (.rz/.rm/.rp) is not supported by the emulator";
  else if (!moves && in.op != Op::Setp &&
           (packed || (half && in.op != Op::Add && in.op != Op::Sub && in.op != Op::Mul)))
    in.unmodelled = "16-bit and packed float arithmetic is not supported by the emulator";
  else if (in.op != Op::Cvt && in.type.kind == Kind::Float && in.round != Round::None &&
           in.round != Round::Rn)
    in.unmodelled = "directed rounding (.rz/.rm/.rp) is not supported by the emulator";
  if ((in.op == Op::Setp || in.op == Op::Cvt) && typesSeen == 0)
    fail(line, "'" + opcode + "' without a type");
  if (in.op == Op::Cvt && typesSeen != 2)
    fail(line, "cvt needs a destination and a source type: '" + opcode + "'");
}

} // namespace

std::unique_ptr<Module> parsePtx(const std::string &text) {
  return Parser(text).run();
}

} // namespace ptxemu
