//===- Manifest.cpp - manifest.json: programs and their buffers -------------===//
#include "Manifest.h"

#include "Dtype.h"
#include "Error.h"
#include "JsonField.h"

#include <set>

namespace tilec::rt {

// Buffers start where a 16-byte vector load or a bulk copy may begin.
static constexpr uint64_t kBufferAlignment = 16;

const char *bufferKindName(uint32_t kind) {
  static const char *const names[TILEC_BUFFER_KIND_COUNT] = {"weight", "kv_cache", "activation",
                                                             "input",  "output",   "scratch"};
  return kind < TILEC_BUFFER_KIND_COUNT ? names[kind] : "?";
}

uint64_t BufferDesc::elements() const {
  uint64_t n = 1;
  for (int64_t d : shape)
    n *= static_cast<uint64_t>(d); // bounded by the check in parseBuffer
  return n;
}

std::vector<int64_t> BufferDesc::wholeShape() const {
  std::vector<int64_t> whole = shape;
  if (!slice.empty())
    whole[static_cast<size_t>(slice[0])] = slice[3];
  return whole;
}

BufferDesc::Runs BufferDesc::runs() const {
  if (slice.empty())
    return {1, elements(), elements(), 0};
  size_t dim = static_cast<size_t>(slice[0]);
  uint64_t outer = 1, inner = 1;
  for (size_t i = 0; i < dim; ++i)
    outer *= static_cast<uint64_t>(shape[i]);
  for (size_t i = dim + 1; i < shape.size(); ++i)
    inner *= static_cast<uint64_t>(shape[i]);
  return {outer, inner * static_cast<uint64_t>(shape[dim]),
          inner * static_cast<uint64_t>(slice[3]), inner * static_cast<uint64_t>(slice[1])};
}

static std::string nameField(const JsonField &f) {
  std::string s = f.string();
  if (s.empty())
    f.fail("must not be empty");
  if (s.find('/') != std::string::npos)
    f.fail(cat("'", s, "' must not contain '/' (it separates program and buffer names)"));
  return s;
}

static BufferDesc parseBuffer(const JsonField &f, const ProgramDesc &program) {
  f.expectObject();
  BufferDesc b;
  b.name = nameField(f.at("name"));

  JsonField kind = f.at("kind");
  std::string kindName = kind.string();
  uint32_t k = 0;
  while (k < TILEC_BUFFER_KIND_COUNT && kindName != bufferKindName(k))
    ++k;
  if (k == TILEC_BUFFER_KIND_COUNT)
    kind.fail(cat("unknown buffer kind '", kindName,
                  "' (expected weight, kv_cache, activation, input, output or scratch)"));
  b.kind = static_cast<tilec_buffer_kind>(k);

  JsonField dtype = f.at("dtype");
  if (!parseDtype(dtype.string(), &b.dtype))
    dtype.fail(cat("unknown dtype '", dtype.string(), "' (expected f32, bf16, f16, i32 or i8)"));

  JsonField shape = f.at("shape");
  b.shape = shape.integers();
  if (b.shape.size() > TILEC_MAX_RANK)
    shape.fail(cat("rank ", b.shape.size(), " exceeds the maximum ", TILEC_MAX_RANK));
  uint64_t expected = dtypeSize(b.dtype);
  for (int64_t d : b.shape)
    if (d < 0 || !mulChecked(expected, static_cast<uint64_t>(d), &expected))
      shape.fail(cat(shapeString(b.shape), " has a negative or overflowing dimension"));

  b.offset = f.at("offset").unsignedInteger();
  b.bytes = f.at("bytes").unsignedInteger();
  if (b.bytes != expected)
    f.at("bytes").fail(cat(b.bytes, " differs from shape ", shapeString(b.shape), " x ",
                           dtypeName(b.dtype), " = ", expected, " bytes"));
  if (b.offset % kBufferAlignment != 0)
    f.at("offset").fail(cat(b.offset, " is not ", kBufferAlignment, "-byte aligned"));
  uint64_t end;
  if (!addChecked(b.offset, b.bytes, &end) || end > program.arenaBytes)
    f.fail(cat("buffer '", b.name, "' [", b.offset, ", ", b.offset + b.bytes,
               ") lies outside the arena of ", program.arenaBytes, " bytes"));

  if (auto source = f.find("source"))
    b.source = source->string();
  if (auto slice = f.find("slice")) {
    b.slice = slice->integers();
    if (b.source.empty())
      slice->fail("a slice needs a 'source' tensor");
    if (b.slice.size() != 4)
      slice->fail(cat("must be [dim, begin, end, extent], got ", b.slice.size(), " values"));
    int64_t dim = b.slice[0], begin = b.slice[1], end = b.slice[2], extent = b.slice[3];
    if (dim < 0 || dim >= static_cast<int64_t>(b.shape.size()) || begin < 0 || end < begin ||
        end - begin != b.shape[dim] || end > extent)
      slice->fail(cat("[", dim, ", ", begin, ", ", end, ", ", extent, "] does not select the ",
                      dim >= 0 && dim < static_cast<int64_t>(b.shape.size())
                          ? cat(b.shape[dim], " indices of dimension ", dim)
                          : cat("dimension ", dim),
                      " of shape ", shapeString(b.shape)));
  }
  if (auto layout = f.find("layout"))
    if (layout->string() != "row_major")
      layout->fail(cat("unsupported layout '", layout->string(), "' (expected row_major)"));
  return b;
}

/// A file named by the manifest: relative, and inside the artifact directory.
static std::string relativePath(const JsonField &f) {
  std::string path = f.string();
  if (path.empty() || path[0] == '/' || path.find("..") != std::string::npos)
    f.fail(cat("'", path, "' must be a relative path inside the artifact directory"));
  return path;
}

static KernelDesc parseKernel(const JsonField &f) {
  f.expectObject();
  KernelDesc k;
  k.present = true;
  JsonField abi = f.at("abi");
  k.abi = abi.uint32();
  if (k.abi == 0)
    abi.fail("must be a positive kernel ABI version");
  if (auto ptx = f.find("ptx"))
    k.ptx = relativePath(*ptx);
  if (auto name = f.find("name"))
    k.name = name->string();
  if (auto chip = f.find("chip"))
    k.chip = chip->string();
  if (auto threads = f.find("threads"))
    k.threads = threads->uint32();
  return k;
}

static ProgramDesc parseProgram(const JsonField &f) {
  f.expectObject();
  ProgramDesc p;
  p.name = nameField(f.at("name"));
  p.device = f.at("device").uint32();
  p.target = f.at("target").string();
  p.workers = f.at("workers").uint32();
  p.arenaBytes = f.at("arena_bytes").unsignedInteger();
  JsonField buffers = f.at("buffers");
  std::set<std::string> seen;
  for (size_t i = 0, n = buffers.arraySize(); i < n; ++i) {
    JsonField bf = buffers.at(i);
    p.buffers.push_back(parseBuffer(bf, p));
    if (!seen.insert(p.buffers.back().name).second)
      bf.at("name").fail(cat("duplicate buffer name '", p.buffers.back().name, "'"));
  }
  return p;
}

Manifest parseManifest(const std::string &text, const std::string &file) {
  nlohmann::json json = parseJson(text, file);
  JsonField root(json, file);
  root.expectObject();
  Manifest m;
  JsonField format = root.at("format");
  if (format.string() != kManifestFormat)
    format.fail(cat("'", format.string(), "' is not '", kManifestFormat, "'"));
  JsonField version = root.at("version");
  if (uint64_t v = version.unsignedInteger(); v != kManifestVersion)
    version.fail(cat("manifest version ", v, " is not supported: this runtime reads version ",
                     kManifestVersion,
                     " (the artifact and runtime come from different tilec releases)"));
  if (auto g = root.find("generator"))
    m.generator = g->string();
  if (auto a = root.find("activation_dtype")) {
    tilec_dtype d;
    if (!parseDtype(a->string(), &d) || !isFloatDtype(d))
      a->fail(cat("unknown activation dtype '", a->string(), "' (expected f32, bf16 or f16)"));
    m.activationDtype = a->string();
  }
  JsonField table = root.at("table");
  m.table = relativePath(table);
  m.tableChecksum = root.at("table_checksum").uint32();
  if (auto kernel = root.find("kernel"))
    m.kernel = parseKernel(*kernel);
  JsonField programs = root.at("programs");
  std::set<std::string> seen;
  for (size_t i = 0, n = programs.arraySize(); i < n; ++i) {
    JsonField pf = programs.at(i);
    m.programs.push_back(parseProgram(pf));
    if (!seen.insert(m.programs.back().name).second)
      pf.at("name").fail(cat("duplicate program name '", m.programs.back().name, "'"));
  }
  if (m.programs.empty())
    programs.fail("no programs");
  return m;
}

} // namespace tilec::rt
