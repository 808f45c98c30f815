#pragma once
// The independent implementation of WHMCS's encrypt()/decrypt() (testbed/php/whmcs_encrypt.php, run by php-cli):
// tests check Keel's port and the testbed's encrypted values against another language, so a mistake repeated in
// Keel's code and its tests cannot hide.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace keel::testing {

bool php_available();

// The script's batch mode: one answer line per request line, in order (requests and answers as the script's
// header describes them; bytes travel as hex).
std::vector<std::string> ask_whmcs_php(const std::filesystem::path& script, const std::vector<std::string>& requests);

// Lowercase hex of the bytes, "-" for none: the batch mode's encoding.
std::string php_hex(std::string_view bytes);

}  // namespace keel::testing
