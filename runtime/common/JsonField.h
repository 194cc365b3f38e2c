//===- JsonField.h - typed JSON access with messages naming the field -------===//
//
// nlohmann's own exceptions say "type must be number, but is string" with no
// hint of where. Every access here goes through a JsonField that knows its
// file and path, so a wrong type reads
//   "manifest.json: programs[0].buffers[3].shape: expected an array of integers".
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_COMMON_JSONFIELD_H
#define TILEC_RUNTIME_COMMON_JSONFIELD_H

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tilec::rt {

/// The deepest nesting parseJson accepts (tilec's files nest a few levels;
/// the bound keeps hostile input from exhausting the stack).
inline constexpr int kMaxJsonDepth = 64;

/// Parses text as JSON; a syntax error becomes
/// "<file>: malformed JSON at byte N: <parser's reason>", nesting deeper
/// than kMaxJsonDepth or a key twice in one object "<file>: malformed JSON:
/// <what>".
nlohmann::json parseJson(const std::string &text, const std::string &file);

class JsonField {
public:
  JsonField(const nlohmann::json &value, std::string file, std::string path = "")
      : value_(&value), file_(std::move(file)), path_(std::move(path)) {}

  /// Member `key` of an object; missing is an error.
  JsonField at(const char *key) const;
  /// Member `key` if present.
  std::optional<JsonField> find(const char *key) const;
  /// Element i of an array (checked by the caller through size()).
  JsonField at(size_t index) const;
  /// Number of elements; errors if this is not an array.
  size_t arraySize() const;
  void expectObject() const;

  std::string string() const;
  uint64_t unsignedInteger() const;
  uint32_t uint32() const;
  std::vector<int64_t> integers() const; // an array of integers

  /// Throws Error(BAD_ARTIFACT, "<file>: <path>: <why>").
  [[noreturn]] void fail(const std::string &why) const;
  const std::string &path() const { return path_; }
  const nlohmann::json &json() const { return *value_; }

private:
  JsonField member(const nlohmann::json &value, const std::string &name) const;

  const nlohmann::json *value_;
  std::string file_;
  std::string path_;
};

} // namespace tilec::rt

#endif
