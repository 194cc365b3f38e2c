//===- CudaTarget.cpp - which devices a program's target runs on ------------===//
#include "CudaTarget.h"

#include "../common/Error.h"

#include <cctype>

namespace tilec::rt::cuda {

std::optional<CudaTarget> parseCudaTarget(const std::string &target) {
  if (target.rfind("sm_", 0) != 0)
    return std::nullopt;
  std::string rest = target.substr(3);
  CudaTarget t;
  if (!rest.empty() && (rest.back() == 'a' || rest.back() == 'f')) {
    t.kind = rest.back() == 'a' ? CudaTarget::Kind::ArchSpecific
                                : CudaTarget::Kind::FamilySpecific;
    rest.pop_back();
  }
  // Two or three digits: the last is the minor version (sm_90, sm_100, sm_121).
  if (rest.size() < 2 || rest.size() > 3 || rest[0] == '0')
    return std::nullopt;
  for (char c : rest)
    if (!std::isdigit(static_cast<unsigned char>(c)))
      return std::nullopt;
  t.major = std::stoi(rest.substr(0, rest.size() - 1));
  t.minor = rest.back() - '0';
  return t;
}

bool runsOn(const CudaTarget &target, int major, int minor) {
  switch (target.kind) {
  case CudaTarget::Kind::ArchSpecific:
    return major == target.major && minor == target.minor;
  case CudaTarget::Kind::FamilySpecific:
    return major == target.major && minor >= target.minor;
  case CudaTarget::Kind::Portable:
    return major > target.major || (major == target.major && minor >= target.minor);
  }
  return false;
}

std::string requirement(const CudaTarget &target) {
  std::string cc = cat(target.major, ".", target.minor);
  switch (target.kind) {
  case CudaTarget::Kind::ArchSpecific:
    return cat("compute capability ", cc, " exactly");
  case CudaTarget::Kind::FamilySpecific:
    return cat("compute capability ", target.major, ".x, ", cc, " or newer");
  case CudaTarget::Kind::Portable:
    return cat("compute capability ", cc, " or newer");
  }
  return "";
}

} // namespace tilec::rt::cuda
