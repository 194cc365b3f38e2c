//===- JsonField.cpp - typed JSON access with messages naming the field -----===//
#include "JsonField.h"

#include "Error.h"

#include <limits>
#include <set>
#include <string>
#include <vector>

namespace tilec::rt {

namespace {
/// Structure the callback refuses: nesting deeper than kMaxJsonDepth, a key
/// twice in one object (nlohmann would keep the last one silently).
struct JsonShapeError {
  std::string why;
};
} // namespace

nlohmann::json parseJson(const std::string &text, const std::string &file) {
  // One set of keys per open object (arrays push an empty one, unused).
  std::vector<std::set<std::string>> keys;
  auto check = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json &parsed) {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
    case Event::object_start:
    case Event::array_start:
      if (depth >= kMaxJsonDepth)
        throw JsonShapeError{"nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
      keys.emplace_back();
      break;
    case Event::object_end:
    case Event::array_end:
      if (!keys.empty())
        keys.pop_back();
      break;
    case Event::key:
      if (!keys.empty() && !keys.back().insert(parsed.get<std::string>()).second)
        throw JsonShapeError{"key '" + parsed.get<std::string>() +
                             "' appears twice in one object"};
      break;
    case Event::value:
      break;
    }
    return true;
  };
  try {
    return nlohmann::json::parse(text, check);
  } catch (const JsonShapeError &e) {
    fail(TILEC_ERROR_BAD_ARTIFACT, file, ": malformed JSON: ", e.why);
  } catch (const nlohmann::json::parse_error &e) {
    // Drop nlohmann's "[json.exception.parse_error.101] " prefix.
    std::string why = e.what();
    if (size_t p = why.find("] "); p != std::string::npos)
      why = why.substr(p + 2);
    fail(TILEC_ERROR_BAD_ARTIFACT, file, ": malformed JSON at byte ", e.byte, ": ", why);
  } catch (const nlohmann::json::exception &e) { // e.g. a number too large for a double
    std::string why = e.what();
    if (size_t p = why.find("] "); p != std::string::npos)
      why = why.substr(p + 2);
    fail(TILEC_ERROR_BAD_ARTIFACT, file, ": malformed JSON: ", why);
  }
}

JsonField JsonField::member(const nlohmann::json &value, const std::string &name) const {
  return JsonField(value, file_, path_.empty() ? name : path_ + name);
}

void JsonField::fail(const std::string &why) const {
  tilec::rt::fail(TILEC_ERROR_BAD_ARTIFACT, file_, ": ", path_.empty() ? "top level" : path_, ": ",
                  why);
}

void JsonField::expectObject() const {
  if (!value_->is_object())
    fail("expected an object");
}

JsonField JsonField::at(const char *key) const {
  expectObject();
  auto it = value_->find(key);
  if (it == value_->end())
    fail(cat("missing field '", key, "'"));
  return member(*it, (path_.empty() ? "" : ".") + std::string(key));
}

std::optional<JsonField> JsonField::find(const char *key) const {
  expectObject();
  auto it = value_->find(key);
  if (it == value_->end())
    return std::nullopt;
  return member(*it, (path_.empty() ? "" : ".") + std::string(key));
}

size_t JsonField::arraySize() const {
  if (!value_->is_array())
    fail("expected an array");
  return value_->size();
}

JsonField JsonField::at(size_t index) const {
  return member((*value_)[index], cat("[", index, "]"));
}

std::string JsonField::string() const {
  if (!value_->is_string())
    fail("expected a string");
  return value_->get<std::string>();
}

uint64_t JsonField::unsignedInteger() const {
  if (value_->is_number_unsigned())
    return value_->get<uint64_t>();
  if (value_->is_number_integer())
    fail(cat("expected a non-negative integer, got ", value_->get<int64_t>()));
  fail("expected a non-negative integer");
}

uint32_t JsonField::uint32() const {
  uint64_t v = unsignedInteger();
  if (v > std::numeric_limits<uint32_t>::max())
    fail(cat(v, " does not fit in 32 bits"));
  return static_cast<uint32_t>(v);
}

std::vector<int64_t> JsonField::integers() const {
  if (!value_->is_array())
    fail("expected an array of integers");
  std::vector<int64_t> out;
  for (const auto &v : *value_) {
    if (!v.is_number_integer())
      fail("expected an array of integers");
    if (v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX))
      fail("integer out of range");
    out.push_back(v.get<int64_t>());
  }
  return out;
}

} // namespace tilec::rt
