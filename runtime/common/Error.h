//===- Error.h - the runtime's one error type -------------------------------===//
//
// Inside the runtime every failure is a thrown tilec::rt::Error carrying the
// status the C ABI returns; the C ABI catches it and stores the message for
// tilec_last_error(). Messages are one line: "<file>: <field or name>: <why>".
//
//===----------------------------------------------------------------------===//
#ifndef TILEC_RUNTIME_COMMON_ERROR_H
#define TILEC_RUNTIME_COMMON_ERROR_H

#include "tilec/runtime.h"

#include <sstream>
#include <stdexcept>
#include <string>

namespace tilec::rt {

class Error : public std::runtime_error {
public:
  Error(tilec_status status, const std::string &message)
      : std::runtime_error(message), status_(status) {}
  tilec_status status() const { return status_; }

private:
  tilec_status status_;
};

/// Concatenates anything streamable: cat("task '", name, "' (#", i, ")").
template <class... Args> std::string cat(const Args &...args) {
  std::ostringstream os;
  (os << ... << args);
  return os.str();
}

template <class... Args> [[noreturn]] void fail(tilec_status status, const Args &...args) {
  throw Error(status, cat(args...));
}

/// "[2, 3, 4]" for messages.
template <class Range> std::string shapeString(const Range &shape) {
  std::string s = "[";
  bool first = true;
  for (auto d : shape) {
    s += (first ? "" : ", ") + std::to_string(d);
    first = false;
  }
  return s + "]";
}

/// a * b, or false on uint64 overflow (sizes come from untrusted files).
inline bool mulChecked(uint64_t a, uint64_t b, uint64_t *out) {
  return !__builtin_mul_overflow(a, b, out);
}
inline bool addChecked(uint64_t a, uint64_t b, uint64_t *out) {
  return !__builtin_add_overflow(a, b, out);
}

} // namespace tilec::rt

#endif
