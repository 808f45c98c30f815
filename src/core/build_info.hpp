#pragma once
// What `--version` prints: CMake's project version and the git commit the build was configured from.
#include <string>
#include <string_view>

namespace keel {

std::string_view version();     // "0.13.0"
std::string_view git_commit();  // short hash, or "unknown" outside a git checkout
// "keel-api 0.13.0 (commit 95be15b)"
std::string version_line(std::string_view program);

}  // namespace keel
