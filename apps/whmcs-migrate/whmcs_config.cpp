#include "whmcs_config.hpp"

#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

namespace keel::app {

namespace {

// `$name = 'value';` or "value" — the only PHP WHMCS writes in configuration.php.
std::map<std::string, std::string> php_assignments(std::string_view php) {
    std::map<std::string, std::string> values;
    std::size_t at = 0;
    while ((at = php.find('$', at)) != std::string_view::npos) {
        const auto name_end = php.find_first_of(" \t=", at);
        if (name_end == std::string_view::npos) {
            break;
        }
        const std::string name(php.substr(at + 1, name_end - at - 1));
        const auto quote = php.find_first_of("'\"", name_end);
        const auto semicolon = php.find(';', name_end);
        if (quote == std::string_view::npos || (semicolon != std::string_view::npos && semicolon < quote)) {
            at = name_end;
            continue;
        }
        std::string value;
        std::size_t i = quote + 1;
        for (; i < php.size() && php[i] != php[quote]; ++i) {
            if (php[i] == '\\' && i + 1 < php.size()) {
                ++i;
            }
            value.push_back(php[i]);
        }
        values[name] = value;
        at = i;
    }
    return values;
}

}  // namespace

Result<whmcs::MysqlUrl> parse_whmcs_configuration(std::string_view php) {
    auto values = php_assignments(php);
    if (!values.contains("db_name") || !values.contains("db_username")) {
        return fail(ErrorCode::kInvalidArgument, "configuration.php has no $db_name / $db_username");
    }
    whmcs::MysqlUrl url;
    url.host = values.contains("db_host") && !values["db_host"].empty() ? values["db_host"] : "localhost";
    url.user = values["db_username"];
    url.password = values["db_password"];
    url.database = values["db_name"];
    if (values.contains("db_port") && !values["db_port"].empty()) {
        const auto& port = values["db_port"];
        std::uint16_t parsed = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), parsed);
        if (ec != std::errc{} || end != port.data() + port.size()) {
            return fail(ErrorCode::kInvalidArgument, "configuration.php: $db_port is not a port number");
        }
        url.port = parsed;
    }
    return url;
}

Result<whmcs::MysqlUrl> read_whmcs_configuration(const std::string& path) {
    std::ifstream file(path);
    if (!file) {
        return fail(ErrorCode::kInvalidArgument, "cannot read " + path);
    }
    std::stringstream text;
    text << file.rdbuf();
    return parse_whmcs_configuration(text.str());
}

}  // namespace keel::app
