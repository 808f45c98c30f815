#include "whmcs_php.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace keel::testing {

bool php_available() {
    return std::system("php --version >/dev/null 2>&1") == 0;
}

std::vector<std::string> ask_whmcs_php(const std::filesystem::path& script, const std::vector<std::string>& requests) {
    const auto request_file =
        std::filesystem::temp_directory_path() / ("keel-whmcs-php-" + std::to_string(::getpid()) + ".txt");
    {
        std::ofstream out(request_file, std::ios::binary);
        for (const auto& request : requests) {
            out << request << '\n';
        }
    }
    const std::string command = "php '" + script.string() + "' batch < '" + request_file.string() + "'";
    std::vector<std::string> answers;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe != nullptr) {
        std::string line;
        for (int c = std::fgetc(pipe); c != EOF; c = std::fgetc(pipe)) {
            if (c == '\n') {
                answers.push_back(std::move(line));
                line.clear();
            } else {
                line.push_back(static_cast<char>(c));
            }
        }
        ::pclose(pipe);
    }
    std::filesystem::remove(request_file);
    return answers;
}

std::string php_hex(std::string_view bytes) {
    if (bytes.empty()) {
        return "-";
    }
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        out.push_back(kDigits[static_cast<unsigned char>(c) >> 4]);
        out.push_back(kDigits[static_cast<unsigned char>(c) & 0x0f]);
    }
    return out;
}

}  // namespace keel::testing
