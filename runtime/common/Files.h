//===- Files.h - reading whole files with the runtime's errors -------------===//
#ifndef TILEC_RUNTIME_COMMON_FILES_H
#define TILEC_RUNTIME_COMMON_FILES_H

#include <string>

namespace tilec::rt {

/// The whole file at `path`; throws Error(IO) naming the path and the reason.
std::string readTextFile(const std::string &path);

} // namespace tilec::rt

#endif
