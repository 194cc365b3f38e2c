//===- DeviceBodies.cpp - group tasks into specialized device bodies -------===//
#include "tilec/Target/DeviceBodies.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FormatVariadic.h"

#include <cstring>

using namespace mlir::tile;

namespace {
uint32_t floatBits(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  return bits;
}

template <typename T> void appendBytes(std::string &bytes, const T &value) {
  bytes.append(reinterpret_cast<const char *>(&value), sizeof value);
}

/// The kind and each operand's dtype, flags and presence: what every task of
/// a body shares, in the group key and the kernel key alike.
void putKindAndOperands(std::string &bytes, const tilec_task &t) {
  appendBytes(bytes, t.kind);
  for (const tilec_operand &op : t.op) {
    appendBytes(bytes, op.dtype);
    appendBytes(bytes, op.flags);
    appendBytes(bytes, static_cast<uint8_t>(op.offset != TILEC_NO_OPERAND));
  }
}

/// What tasks of one body must share: kind, operand dtypes, flags and
/// presence, every integer slot but the tile's, every float slot.
std::string groupKey(const tilec_task &t, const tilec_task_kind_info &kind) {
  std::string key;
  putKindAndOperands(key, t);
  auto put = [&](const auto &value) { appendBytes(key, value); };
  for (unsigned j = 0; j < TILEC_TASK_IPARAMS; ++j)
    if (!(kind.tile_ips >> j & 1))
      put(t.ip[j]);
  for (float f : t.fp)
    put(floatBits(f));
  return key;
}

DeviceBody startBody(const tilec_task &t) {
  DeviceBody body;
  body.kind = t.kind;
  body.shape = t;
  body.fixedIp =
      ((1u << TILEC_TASK_IPARAMS) - 1) & ~deviceKind(t.kind)->dynamic_ips;
  body.fixedFp = (1u << TILEC_TASK_FPARAMS) - 1;
  return body;
}

/// Adds task `t` to `body`: a slot stays fixed only if `t` agrees.
void addTask(DeviceBody &body, const tilec_task &t) {
  ++body.tasks;
  for (unsigned j = 0; j < TILEC_TASK_IPARAMS; ++j)
    if (t.ip[j] != body.shape.ip[j])
      body.fixedIp &= ~(1u << j);
  for (unsigned j = 0; j < TILEC_TASK_FPARAMS; ++j)
    if (floatBits(t.fp[j]) != floatBits(body.shape.fp[j]))
      body.fixedFp &= ~(1u << j);
}
} // namespace

const tilec_task_kind_info *mlir::tile::deviceKind(uint32_t kind) {
  return kind < TILEC_TASK_KIND_COUNT ? &tilec_task_kinds[kind] : nullptr;
}

std::vector<DeviceBody>
mlir::tile::assignDeviceBodies(llvm::MutableArrayRef<tilec_task> tasks) {
  std::vector<DeviceBody> bodies;
  llvm::StringMap<uint32_t> index;
  for (tilec_task &t : tasks) {
    auto [it, inserted] =
        index.try_emplace(groupKey(t, *deviceKind(t.kind)), bodies.size());
    if (inserted)
      bodies.push_back(startBody(t));
    t.body = it->second;
    addTask(bodies[t.body], t);
  }
  return bodies;
}

std::optional<std::vector<DeviceBody>>
mlir::tile::deviceBodiesOf(llvm::ArrayRef<tilec_task> tasks,
                           std::string &error) {
  std::vector<DeviceBody> bodies;
  std::vector<std::string> keys;
  for (auto [i, t] : llvm::enumerate(tasks)) {
    const tilec_task_kind_info *kind = deviceKind(t.kind);
    if (!kind || t.body >= tasks.size()) {
      error = llvm::formatv("task {0}: kind {1} or body {2} out of range", i,
                            t.kind, t.body);
      return std::nullopt;
    }
    if (t.body >= bodies.size()) {
      bodies.resize(t.body + 1);
      keys.resize(t.body + 1);
    }
    std::string key = groupKey(t, *kind);
    if (keys[t.body].empty()) {
      bodies[t.body] = startBody(t);
      keys[t.body] = key;
    } else if (keys[t.body] != key) {
      error = llvm::formatv("task {0} ({1}) differs in shape from the other "
                            "tasks of body {2}",
                            i, kind->name, t.body);
      return std::nullopt;
    }
    addTask(bodies[t.body], t);
  }
  for (auto [b, body] : llvm::enumerate(bodies))
    if (body.tasks == 0) {
      error = llvm::formatv("body {0} runs no task", b);
      return std::nullopt;
    }
  return bodies;
}

uint32_t mlir::tile::kernelKey(llvm::ArrayRef<DeviceBody> bodies) {
  std::string bytes;
  auto put = [&](const auto &value) { appendBytes(bytes, value); };
  put(static_cast<uint32_t>(bodies.size()));
  for (const DeviceBody &body : bodies) {
    putKindAndOperands(bytes, body.shape);
    put(body.fixedIp);
    put(body.fixedFp);
    for (unsigned j = 0; j < TILEC_TASK_IPARAMS; ++j)
      if (body.fixedIp >> j & 1)
        put(body.shape.ip[j]);
    for (unsigned j = 0; j < TILEC_TASK_FPARAMS; ++j)
      if (body.fixedFp >> j & 1)
        put(floatBits(body.shape.fp[j]));
  }
  return tilec_fnv1a(bytes.data(), bytes.size());
}
