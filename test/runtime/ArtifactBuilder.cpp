//===- ArtifactBuilder.cpp - builds tables and manifests for runtime tests --===//
#include "ArtifactBuilder.h"

#include <cstring>
#include <fstream>
#include <stdexcept>

namespace tilec::test {

size_t dtypeBytes(tilec_dtype dtype) {
  switch (dtype) {
  case TILEC_DTYPE_F32:
  case TILEC_DTYPE_I32:
    return 4;
  case TILEC_DTYPE_BF16:
  case TILEC_DTYPE_F16:
    return 2;
  case TILEC_DTYPE_I8:
    return 1;
  default:
    return 0;
  }
}

TaskDef makeTask(tilec_task_kind kind, std::string name,
                 std::initializer_list<std::pair<int, Op>> ops, std::initializer_list<int64_t> ip,
                 std::initializer_list<float> fp, std::vector<uint32_t> waits,
                 std::vector<uint32_t> signals) {
  TaskDef t;
  t.kind = kind;
  t.name = std::move(name);
  for (const auto &[slot, op] : ops)
    t.ops.at(slot) = op;
  size_t i = 0;
  for (int64_t v : ip)
    t.ip.at(i++) = v;
  i = 0;
  for (float v : fp)
    t.fp.at(i++) = v;
  t.waits = std::move(waits);
  t.signals = std::move(signals);
  return t;
}

ArtifactBuilder::ArtifactBuilder(uint32_t workers) { addProgram("gpu0", workers, 0); }

uint32_t ArtifactBuilder::addProgram(const std::string &name, uint32_t workers, uint32_t device) {
  Program p;
  p.name = name;
  p.device = device;
  p.workers = workers;
  p.tasks.resize(workers);
  programs_.push_back(std::move(p));
  return static_cast<uint32_t>(programs_.size() - 1);
}

void ArtifactBuilder::buffer(const std::string &name, tilec_buffer_kind kind, tilec_dtype dtype,
                             std::vector<int64_t> shape, const std::string &source,
                             uint32_t program) {
  Program &p = programs_.at(program);
  uint64_t elements = 1;
  for (int64_t d : shape)
    elements *= static_cast<uint64_t>(d);
  Buffer b{name, source, kind, dtype, std::move(shape), p.arenaBytes, elements * dtypeBytes(dtype)};
  p.arenaBytes = (b.offset + b.bytes + 63) / 64 * 64;
  p.buffers.push_back(std::move(b));
}

uint32_t ArtifactBuilder::event(const std::string &name, uint32_t target, uint32_t program) {
  events_.push_back({name, program, target});
  return static_cast<uint32_t>(events_.size() - 1);
}

void ArtifactBuilder::task(uint32_t worker, TaskDef def, uint32_t program) {
  programs_.at(program).tasks.at(worker).push_back(std::move(def));
}

const ArtifactBuilder::Buffer &ArtifactBuilder::find(uint32_t program,
                                                     const std::string &name) const {
  for (const Buffer &b : programs_[program].buffers)
    if (b.name == name)
      return b;
  throw std::invalid_argument("ArtifactBuilder: no buffer " + name);
}

namespace {

struct Bytes {
  std::vector<uint8_t> data;
  template <class T> void put(uint64_t offset, const T &value) {
    std::memcpy(data.data() + offset, &value, sizeof value);
  }
};

} // namespace

std::vector<uint8_t> ArtifactBuilder::table() const {
  std::vector<tilec_program> programs;
  std::vector<tilec_worker> workers;
  std::vector<tilec_task> tasks;
  std::vector<uint32_t> waits, signals;
  std::string strings;
  auto addString = [&](const std::string &s) {
    uint32_t offset = static_cast<uint32_t>(strings.size());
    strings += s;
    strings += '\0';
    return offset;
  };
  for (uint32_t pi = 0; pi < programs_.size(); ++pi) {
    const Program &p = programs_[pi];
    tilec_program tp{};
    tp.device = p.device;
    tp.num_workers = p.workers;
    tp.first_worker = static_cast<uint32_t>(workers.size());
    tp.arena_bytes = p.arenaBytes;
    std::strncpy(tp.target, target_.c_str(), sizeof tp.target - 1);
    programs.push_back(tp);
    for (uint32_t w = 0; w < p.workers; ++w) {
      tilec_worker tw{};
      tw.program = pi;
      tw.first_task = static_cast<uint32_t>(tasks.size());
      tw.num_tasks = static_cast<uint32_t>(p.tasks[w].size());
      workers.push_back(tw);
      for (uint32_t i = 0; i < p.tasks[w].size(); ++i) {
        const TaskDef &d = p.tasks[w][i];
        tilec_task t{};
        t.kind = d.kind;
        t.program = pi;
        t.worker = w;
        t.order = i;
        t.first_wait = static_cast<uint32_t>(waits.size());
        t.num_waits = static_cast<uint32_t>(d.waits.size());
        waits.insert(waits.end(), d.waits.begin(), d.waits.end());
        t.first_signal = static_cast<uint32_t>(signals.size());
        t.num_signals = static_cast<uint32_t>(d.signals.size());
        signals.insert(signals.end(), d.signals.begin(), d.signals.end());
        t.name = addString(d.name);
        for (int o = 0; o < TILEC_TASK_OPERANDS; ++o) {
          t.op[o].offset = TILEC_NO_OPERAND;
          if (d.ops[o]) {
            const Buffer &b = find(pi, d.ops[o]->buffer);
            t.op[o].offset = b.offset + d.ops[o]->element * dtypeBytes(b.dtype);
            t.op[o].dtype = b.dtype;
          }
        }
        for (int k = 0; k < TILEC_TASK_IPARAMS; ++k)
          t.ip[k] = d.ip[k];
        for (int k = 0; k < TILEC_TASK_FPARAMS; ++k)
          t.fp[k] = d.fp[k];
        tasks.push_back(t);
      }
    }
  }
  std::vector<tilec_event> events;
  for (const Event &e : events_) {
    tilec_event te{};
    te.program = e.program;
    te.target = e.target;
    te.scope = TILEC_SCOPE_GPU;
    te.name = addString(e.name);
    events.push_back(te);
  }
  if (strings.empty())
    strings.push_back('\0');

  tilec_table_header h{};
  h.magic = TILEC_TABLE_MAGIC;
  h.version = TILEC_TABLE_VERSION;
  h.header_bytes = sizeof h;
  h.task_bytes = sizeof(tilec_task);
  h.num_programs = static_cast<uint32_t>(programs.size());
  h.num_workers = static_cast<uint32_t>(workers.size());
  h.num_tasks = static_cast<uint32_t>(tasks.size());
  h.num_events = static_cast<uint32_t>(events.size());
  h.num_waits = static_cast<uint32_t>(waits.size());
  h.num_signals = static_cast<uint32_t>(signals.size());
  h.strings_bytes = static_cast<uint32_t>(strings.size());
  tilec_table_layout l = tilec_table_layout_of(&h);
  h.total_bytes = l.end;

  Bytes out;
  out.data.assign(l.end, 0); // zero padding between sections
  auto putAll = [&](uint64_t offset, const auto &items) {
    for (size_t i = 0; i < items.size(); ++i)
      out.put(offset + i * sizeof items[i], items[i]);
  };
  putAll(l.programs, programs);
  putAll(l.workers, workers);
  putAll(l.tasks, tasks);
  putAll(l.events, events);
  putAll(l.waits, waits);
  putAll(l.signals, signals);
  std::memcpy(out.data.data() + l.strings, strings.data(), strings.size());
  out.put(0, h);
  refreshChecksum(out.data);
  return out.data;
}

void ArtifactBuilder::refreshChecksum(std::vector<uint8_t> &table) {
  tilec_table_header h;
  std::memcpy(&h, table.data(), sizeof h);
  h.checksum = tilec_fnv1a(table.data() + sizeof h, table.size() - sizeof h);
  std::memcpy(table.data(), &h, sizeof h);
}

nlohmann::json ArtifactBuilder::manifest() const {
  std::vector<uint8_t> t = table();
  tilec_table_header h;
  std::memcpy(&h, t.data(), sizeof h);
  nlohmann::json programs = nlohmann::json::array();
  for (const Program &p : programs_) {
    nlohmann::json buffers = nlohmann::json::array();
    for (const Buffer &b : p.buffers) {
      nlohmann::json jb = {
          {"name", b.name},   {"kind", tilec_buffer_kind_name(b.kind)}, {"offset", b.offset},
          {"bytes", b.bytes}, {"dtype", tilec_dtype_name(b.dtype)},     {"shape", b.shape}};
      if (!b.source.empty()) {
        jb["source"] = b.source;
        jb["layout"] = "row_major";
      }
      buffers.push_back(jb);
    }
    programs.push_back({{"name", p.name},
                        {"device", p.device},
                        {"target", target_},
                        {"workers", p.workers},
                        {"arena_bytes", p.arenaBytes},
                        {"buffers", buffers}});
  }
  return {{"format", "tilec-manifest"},
          {"version", 1},
          {"generator", "tilec runtime tests"},
          {"table", "schedule.tbl"},
          {"table_checksum", h.checksum},
          {"activation_dtype", "f32"},
          {"programs", programs}};
}

void ArtifactBuilder::writeTable(const std::string &dir, const std::vector<uint8_t> &table) {
  std::ofstream out(dir + "/schedule.tbl", std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(table.data()),
            static_cast<std::streamsize>(table.size()));
}

void ArtifactBuilder::writeManifest(const std::string &dir, const std::string &text) {
  std::ofstream(dir + "/manifest.json", std::ios::trunc) << text;
}

void ArtifactBuilder::write(const std::string &dir) const {
  writeTable(dir, table());
  writeManifest(dir, manifest().dump(2));
}

} // namespace tilec::test
