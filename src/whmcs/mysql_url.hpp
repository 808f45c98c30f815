#pragma once
// mysql://user:password@host:port/database?charset=NAME — the form ./dev prints as WHMCS_DATABASE_URL.
#include "core/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace keel::whmcs {

inline constexpr std::uint16_t kDefaultMysqlPort = 3306;
// WHMCS tables are utf8mb3; asking for utf8mb4 on the wire loses nothing and lets 4-byte input through
// to the server, which then decides (rejects or truncates) as WHMCS itself would see it.
inline constexpr std::string_view kDefaultClientCharset = "utf8mb4";

struct MysqlUrl {
    std::string user;
    std::string password;  // percent-decoded; never log it
    std::string host;
    std::uint16_t port = kDefaultMysqlPort;
    std::string database;  // empty: connect without selecting one
    std::string charset = std::string(kDefaultClientCharset);
};

// Percent-decodes user, password and database. IPv6 hosts go in brackets: mysql://u@[::1]:3306/db.
// The userinfo ends at the last '@', so a password may hold '?', '#', '/', ':' and '@' unescaped (a database
// name with '@' must be written %40). Error texts never quote the userinfo.
// Unknown query parameters are rejected rather than ignored, so a typo cannot silently change the charset.
Result<MysqlUrl> parse_mysql_url(std::string_view url);

// The URL without its password, for logs and error messages.
std::string redacted(const MysqlUrl& url);

}  // namespace keel::whmcs
