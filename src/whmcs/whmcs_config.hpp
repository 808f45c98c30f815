#pragma once
// The database settings in a WHMCS install's configuration.php ($db_host, $db_port, $db_username, $db_password,
// $db_name), as operators have that file at hand.
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "whmcs/mysql_url.hpp"

namespace keel::whmcs {

// Reads `$name = 'literal';` assignments (either quote style, PHP's escapes, or a bare integer) the way PHP
// would: comments (`//`, `#`, `/* */`) and text outside `<?php … ?>` are skipped, so a commented-out old setting
// never wins, and the last assignment does. kInvalidArgument when $db_name or $db_username is missing, $db_port
// is not a port, or a setting needs PHP to evaluate it ("$var" interpolation, an expression). Error texts name
// the setting, never its value.
Result<MysqlUrl> parse_whmcs_configuration(std::string_view php);
// The same, from the file at `path`.
Result<MysqlUrl> read_whmcs_configuration(const std::string& path);

// `$cc_encryption_hash`, the key of WHMCS's legacy encrypt() (issue #11), read by the same rules. Missing, empty
// or not a plain literal → kInvalidArgument naming the setting, never its value.
Result<std::string> parse_cc_encryption_hash(std::string_view php);
Result<std::string> read_cc_encryption_hash(const std::string& path);
// `--cc-encryption-hash-file`: the file's first line, blanks and line end trimmed; empty → kInvalidArgument.
Result<std::string> read_cc_encryption_hash_file(const std::string& path);

}  // namespace keel::whmcs
