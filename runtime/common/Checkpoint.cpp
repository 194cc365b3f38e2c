//===- Checkpoint.cpp - load a model's weights from a checkpoint ----------===//
//
// A checkpoint is a safetensors file, or a Hugging Face model directory with
// model.safetensors, or model.safetensors.index.json ({"weight_map": {tensor:
// shard file}}) and its shards. Every shard is mapped and every weight
// checked before one byte is copied.
//
//===----------------------------------------------------------------------===//
#include "Error.h"
#include "Files.h"
#include "JsonField.h"
#include "Weights.h"

#include <filesystem>
#include <set>

namespace fs = std::filesystem;

namespace tilec::rt {
namespace {

/// tensor name -> shard file name, from an index.json.
std::map<std::string, std::string> readWeightMap(const fs::path &indexPath) {
  std::string file = indexPath.string();
  nlohmann::json json = parseJson(readTextFile(file), file);
  JsonField root(json, file);
  root.expectObject();
  JsonField map = root.at("weight_map");
  map.expectObject();
  std::map<std::string, std::string> result;
  for (auto &[tensor, value] : map.json().items()) {
    JsonField shard(value, file, "weight_map[\"" + tensor + "\"]");
    std::string name = shard.string();
    if (name.empty() || name.find('/') != std::string::npos || name == "..")
      shard.fail("expected a shard file name in the model directory, got '" + name + "'");
    result[tensor] = name;
  }
  return result;
}

} // namespace

tilec_load_report loadCheckpoint(tilec_model &m, const std::string &path,
                                 tilec_progress_fn progress, void *user) {
  std::error_code ec;
  std::map<std::string, SafetensorsFile> files;   // by file name
  std::map<std::string, std::string> weightMap;   // tensor -> file name
  std::string single;                             // the one file, if unsharded
  fs::path dir(path);
  if (fs::is_directory(dir, ec)) {
    fs::path index = dir / "model.safetensors.index.json";
    if (fs::exists(index, ec)) {
      weightMap = readWeightMap(index);
      std::set<std::string> shards;
      for (auto &[tensor, shard] : weightMap)
        shards.insert(shard);
      for (const std::string &shard : shards)
        files.emplace(shard, SafetensorsFile::open((dir / shard).string()));
      // A tensor in two shards: the index names one, but which did the
      // writer mean? Refuse rather than pick.
      for (const auto &[shard, file] : files)
        for (const auto &[tensor, view] : file.tensors())
          if (auto it = weightMap.find(tensor); it != weightMap.end() && it->second != shard)
            fail(TILEC_ERROR_BAD_ARTIFACT, file.path(), ": tensor '", tensor,
                 "' is in this shard too, though model.safetensors.index.json puts it in ",
                 it->second, ": the shards and the index disagree");
    } else if (fs::exists(dir / "model.safetensors", ec)) {
      single = "model.safetensors";
      files.emplace(single, SafetensorsFile::open((dir / single).string()));
    } else {
      fail(TILEC_ERROR_IO, path,
           ": no model.safetensors or model.safetensors.index.json in this directory");
    }
  } else {
    single = path;
    files.emplace(single, SafetensorsFile::open(path));
  }

  std::vector<PlannedCopy> plan;
  std::vector<size_t> missing;
  size_t withSource = 0;
  const auto &buffers = m.artifact.buffers;
  for (size_t i = 0; i < buffers.size(); ++i) {
    const std::string &source = buffers[i].desc->source;
    if (source.empty())
      continue;
    ++withSource;
    std::string fileName = single;
    if (fileName.empty()) {
      auto it = weightMap.find(source);
      if (it == weightMap.end()) {
        missing.push_back(i);
        continue;
      }
      fileName = it->second;
    }
    const SafetensorsFile &file = files.at(fileName);
    const TensorView *tensor = file.find(source);
    if (!tensor && single.empty())
      fail(TILEC_ERROR_BAD_ARTIFACT, file.path(), ": tensor '", source,
           "' is missing, though model.safetensors.index.json puts it in this shard");
    if (!tensor) {
      missing.push_back(i);
      continue;
    }
    checkTensor(file.path(), buffers[i], *tensor, m.options.allow_nonfinite_weights != 0);
    plan.push_back({i, tensor});
  }
  if (!missing.empty()) {
    const BufferRef &first = buffers[missing.front()];
    fail(TILEC_ERROR_BAD_ARTIFACT, path, ": tensor '", first.desc->source, "' (buffer '",
         first.address, "') is not in the checkpoint; ", missing.size(), " of ", withSource,
         " weights are missing");
  }
  // Everything is checked: from here on nothing can fail half-way.
  return copyPlanned(m, plan, progress, user);
}

} // namespace tilec::rt
