#pragma once
// Reads the database settings out of a WHMCS install's configuration.php ($db_host, $db_port, $db_username,
// $db_password, $db_name), as operators have that file at hand.
#include <string>

#include "core/result.hpp"
#include "whmcs/mysql_url.hpp"

namespace keel::app {

Result<whmcs::MysqlUrl> read_whmcs_configuration(const std::string& path);
// The same, from the file's text (unit-testable).
Result<whmcs::MysqlUrl> parse_whmcs_configuration(std::string_view php);

}  // namespace keel::app
