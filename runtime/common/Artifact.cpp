//===- Artifact.cpp - a loaded, cross-checked artifact directory ------------===//
#include "Artifact.h"
#include "Files.h"

#include "Dtype.h"
#include "Error.h"
#include "TaskContract.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unordered_map>

namespace tilec::rt {

std::string readTextFile(const std::string &path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    fail(TILEC_ERROR_IO, "cannot read ", path, ": it is a directory");
  // A FIFO or device would block the open or never end: regular files only
  // (stat does not block).
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec))
    fail(TILEC_ERROR_IO, "cannot read ", path, ": not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    fail(TILEC_ERROR_IO, "cannot open ", path, ": ", std::strerror(errno));
  std::ostringstream os;
  os << in.rdbuf();
  if (in.bad())
    fail(TILEC_ERROR_IO, "cannot read ", path);
  return os.str();
}

static std::string hex(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

static void checkAgainstTable(const Manifest &m, const ScheduleTable &t,
                              const std::string &manifestPath, const std::string &tablePath) {
  auto mismatch = [&](const std::string &what) {
    fail(TILEC_ERROR_BAD_ARTIFACT, manifestPath, ": ", what, " (", tablePath,
         "): the manifest and the table come from different compilations");
  };
  if (m.tableChecksum != t.header().checksum)
    mismatch(cat("table_checksum ", hex(m.tableChecksum), " differs from the table's checksum ",
                 hex(t.header().checksum)));
  if (m.programs.size() != t.numPrograms())
    mismatch(cat("programs: ", m.programs.size(), " programs, the table has ", t.numPrograms()));
  for (uint32_t i = 0; i < t.numPrograms(); ++i) {
    const ProgramDesc &p = m.programs[i];
    const tilec_program &tp = t.program(i);
    std::string at = cat("programs[", i, "] '", p.name, "': ");
    if (p.device != tp.device)
      mismatch(cat(at, "device ", p.device, ", the table says ", tp.device));
    if (p.workers != tp.num_workers)
      mismatch(cat(at, "workers ", p.workers, ", the table says ", tp.num_workers));
    if (p.arenaBytes != tp.arena_bytes)
      mismatch(cat(at, "arena_bytes ", p.arenaBytes, ", the table says ", tp.arena_bytes));
    if (p.target != t.target(i))
      mismatch(cat(at, "target '", p.target, "', the table says '", t.target(i), "'"));
    // Weights, KV caches, inputs and outputs are each their own: a hand-
    // edited offset that makes two of them share bytes would corrupt one.
    std::vector<const BufferDesc *> own;
    for (const BufferDesc &b : p.buffers)
      if (b.kind != TILEC_BUFFER_ACTIVATION && b.kind != TILEC_BUFFER_SCRATCH)
        own.push_back(&b);
    std::sort(own.begin(), own.end(), [](const BufferDesc *a, const BufferDesc *b) {
      return a->offset < b->offset;
    });
    for (size_t k = 1; k < own.size(); ++k)
      if (own[k - 1]->offset + own[k - 1]->bytes > own[k]->offset)
        mismatch(cat(at, "buffers '", own[k - 1]->name, "' and '", own[k]->name,
                     "' overlap, but neither is an activation or scratch buffer"));
  }
  // Every operand of every task starts at a buffer of its program with the
  // operand's dtype: the manifest and the table describe the same arena (a
  // weight's dtype edited in one would be converted to the wrong format).
  // Activation buffers may share offsets, so one of those there must match.
  // Buffers by offset, once per program: every operand of every task looks
  // its buffers up here.
  std::vector<std::unordered_map<uint64_t, std::vector<const BufferDesc *>>> at(
      m.programs.size());
  for (size_t p = 0; p < m.programs.size(); ++p)
    for (const BufferDesc &b : m.programs[p].buffers)
      at[p][b.offset].push_back(&b);
  for (uint32_t i = 0; i < t.numTasks(); ++i) {
    const tilec_task &task = t.task(i);
    // The buffers at an operand's offset that have its dtype.
    auto matching = [&](int o) {
      std::vector<const BufferDesc *> out;
      const auto &buffers = at[tilec_operand_program(&task, o)];
      auto it = buffers.find(task.op[o].offset);
      if (it != buffers.end())
        for (const BufferDesc *b : it->second)
          if (b->dtype == task.op[o].dtype)
            out.push_back(b);
      return out;
    };
    for (int o = 0; o < TILEC_TASK_OPERANDS; ++o) {
      uint64_t offset = task.op[o].offset;
      if (offset == TILEC_NO_OPERAND)
        continue;
      uint32_t owner = tilec_operand_program(&task, o);
      auto it = at[owner].find(offset);
      if (it == at[owner].end())
        mismatch(cat("task '", t.taskName(i), "': operand ", o, " at arena offset ", offset,
                     " is not the start of any buffer of program '", m.programs[owner].name,
                     "'"));
      if (matching(o).empty()) {
        const BufferDesc *there = it->second.front();
        mismatch(cat("buffer '", there->name, "' has dtype ", dtypeName(there->dtype),
                     ", but task '", t.taskName(i), "' reads it (operand ", o, ") as ",
                     dtypeName(task.op[o].dtype)));
      }
    }
    // ...and what the task touches there lies inside that buffer (the
    // largest of its dtype at that offset), not merely inside the arena.
    std::string why = checkOperandExtents(task, [&](int o, uint64_t offset) {
      std::vector<const BufferDesc *> candidates = matching(o);
      const BufferDesc *widest = *std::max_element(
          candidates.begin(), candidates.end(),
          [](const BufferDesc *a, const BufferDesc *b) { return a->bytes < b->bytes; });
      return OperandLimit{offset + widest->bytes, widest->name};
    });
    if (!why.empty())
      mismatch(cat("task '", t.taskName(i), "': ", why));
    // A matvec's weights are [N, K] in the manifest too: a shape edited to
    // the same bytes ([64, 64] as [32, 128]) would keep the extent check
    // happy and the checkpoint loading into the wrong rows.
    auto matrix = [&](int o, int64_t rows, int64_t cols) {
      for (const BufferDesc *b : matching(o))
        if (b->shape != std::vector<int64_t>{rows, cols})
          mismatch(cat("buffer '", b->name, "' has shape ", shapeString(b->shape),
                       ", but task '", t.taskName(i), "' reads it (operand ", o, ") as [", rows,
                       ", ", cols, "]"));
    };
    if (task.kind == TILEC_TASK_MATVEC) {
      matrix(TILEC_MATVEC_OP_W, task.ip[TILEC_MATVEC_IP_N], task.ip[TILEC_MATVEC_IP_K]);
    } else if (task.kind == TILEC_TASK_MATVEC_SWIGLU) {
      matrix(TILEC_MATVEC_SWIGLU_OP_Wg, task.ip[TILEC_MATVEC_SWIGLU_IP_N],
             task.ip[TILEC_MATVEC_SWIGLU_IP_K]);
      matrix(TILEC_MATVEC_SWIGLU_OP_Wu, task.ip[TILEC_MATVEC_SWIGLU_IP_N],
             task.ip[TILEC_MATVEC_SWIGLU_IP_K]);
    }
  }
}

Artifact loadArtifact(const std::string &dir) {
  std::string manifestPath = dir + "/manifest.json";
  Artifact a;
  a.dir = dir;
  a.manifest = parseManifest(readTextFile(manifestPath), manifestPath);
  std::string tablePath = dir + "/" + a.manifest.table;
  a.table = ScheduleTable::read(tablePath);
  checkAgainstTable(a.manifest, a.table, manifestPath, tablePath);

  bool qualified = a.manifest.programs.size() > 1;
  for (uint32_t p = 0; p < a.manifest.programs.size(); ++p)
    for (const BufferDesc &b : a.manifest.programs[p].buffers) {
      std::string full = a.manifest.programs[p].name + "/" + b.name;
      a.buffers.push_back({p, &b, qualified ? full : b.name});
      a.byAddress_[full] = a.buffers.size() - 1;
      if (!qualified)
        a.byAddress_[b.name] = a.buffers.size() - 1;
    }
  return a;
}

long Artifact::findBuffer(const std::string &address) const {
  auto it = byAddress_.find(address);
  return it == byAddress_.end() ? -1 : static_cast<long>(it->second);
}

} // namespace tilec::rt
