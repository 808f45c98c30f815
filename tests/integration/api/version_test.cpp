// `--version` of both binaries: CMake's project version and the configured git commit (issue #13).
#include <gtest/gtest.h>

#include <cstdio>
#include <regex>
#include <string>

#include "api_process.hpp"

namespace keel::testing {
namespace {

std::string output_of(const std::string& command) {
    std::string output;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return output;
    }
    char buffer[256];
    while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
        output += buffer;
    }
    ::pclose(pipe);
    return output;
}

TEST(Version, BothBinariesPrintVersionAndCommit) {
    for (const std::string program : {"keel-api", "whmcs-migrate"}) {
        const auto output = output_of(keel_binary(program) + " --version");
        EXPECT_TRUE(
            std::regex_match(output, std::regex(program + R"( \d+\.\d+\.\d+ \(commit ([0-9a-f]{7,}|unknown)\)\n)")))
            << output;
    }
}

}  // namespace
}  // namespace keel::testing
