#include "whmcs/mysql_url.hpp"

#include <charconv>
#include <optional>

namespace keel::whmcs {
namespace {

constexpr std::string_view kScheme = "mysql://";

std::optional<int> hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return std::nullopt;
}

Result<std::string> percent_decode(std::string_view text, std::string_view what) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) {
            return fail(ErrorCode::kInvalidArgument, "mysql url: truncated percent escape in " + std::string(what));
        }
        const auto high = hex_value(text[i + 1]);
        const auto low = hex_value(text[i + 2]);
        if (!high || !low) {
            return fail(ErrorCode::kInvalidArgument, "mysql url: bad percent escape in " + std::string(what));
        }
        out.push_back(static_cast<char>(*high * 16 + *low));
        i += 2;
    }
    return out;
}

Result<std::uint16_t> parse_port(std::string_view text) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535) {
        return fail(ErrorCode::kInvalidArgument, "mysql url: bad port '" + std::string(text) + "'");
    }
    return static_cast<std::uint16_t>(value);
}

Status apply_query(std::string_view query, MysqlUrl& url) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        const auto eq = pair.find('=');
        const auto key = pair.substr(0, eq);
        if (key != "charset" || eq == std::string_view::npos || eq + 1 == pair.size()) {
            return fail(ErrorCode::kInvalidArgument, "mysql url: unsupported parameter '" + std::string(pair) + "'");
        }
        auto charset = percent_decode(pair.substr(eq + 1), "charset");
        if (!charset) {
            return std::unexpected(charset.error());
        }
        url.charset = std::move(*charset);
    }
    return {};
}

// host[:port], host may be a bracketed IPv6 literal.
Status apply_host_port(std::string_view authority, MysqlUrl& url) {
    std::string_view host = authority;
    std::string_view port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return fail(ErrorCode::kInvalidArgument, "mysql url: unterminated [ in host");
        }
        host = authority.substr(1, close - 1);
        const auto rest = authority.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':')) {
            return fail(ErrorCode::kInvalidArgument, "mysql url: junk after ] in host");
        }
        port = rest.empty() ? rest : rest.substr(1);
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (host.empty()) {
        return fail(ErrorCode::kInvalidArgument, "mysql url: missing host");
    }
    url.host = std::string(host);
    if (!port.empty() || authority.ends_with(':')) {
        auto parsed = parse_port(port);
        if (!parsed) {
            return std::unexpected(parsed.error());
        }
        url.port = *parsed;
    }
    return {};
}

Status apply_userinfo(std::string_view userinfo, MysqlUrl& url) {
    const auto colon = userinfo.find(':');
    auto user = percent_decode(userinfo.substr(0, colon), "user");
    if (!user) {
        return std::unexpected(user.error());
    }
    if (user->empty()) {
        return fail(ErrorCode::kInvalidArgument, "mysql url: missing user");
    }
    url.user = std::move(*user);
    if (colon != std::string_view::npos) {
        auto password = percent_decode(userinfo.substr(colon + 1), "password");
        if (!password) {
            return std::unexpected(password.error());
        }
        url.password = std::move(*password);
    }
    return {};
}

}  // namespace

Result<MysqlUrl> parse_mysql_url(std::string_view text) {
    if (!text.starts_with(kScheme)) {
        return fail(ErrorCode::kInvalidArgument, "mysql url: must start with mysql://");
    }
    text.remove_prefix(kScheme.size());
    MysqlUrl url;

    // Passwords arrive unescaped from people and from configuration.php: '?', '#', '/', ':' and '@' all occur.
    // So the userinfo ends at the last '@' of the whole URL (a database or charset has none; escape it as %40),
    // and what follows is split into host, database and query. Only text after that '@' is ever quoted in an
    // error: no part of the password can reach a log (#9).
    const auto at = text.rfind('@');
    if (at == std::string_view::npos) {
        return fail(ErrorCode::kInvalidArgument, "mysql url: missing user@");
    }
    if (auto applied = apply_userinfo(text.substr(0, at), url); !applied) {
        return std::unexpected(applied.error());
    }
    text.remove_prefix(at + 1);

    const auto query_at = text.find('?');
    if (query_at != std::string_view::npos) {
        if (auto applied = apply_query(text.substr(query_at + 1), url); !applied) {
            return std::unexpected(applied.error());
        }
        text = text.substr(0, query_at);
    }
    const auto slash = text.find('/');
    if (slash != std::string_view::npos) {
        auto database = percent_decode(text.substr(slash + 1), "database");
        if (!database) {
            return std::unexpected(database.error());
        }
        if (database->find('/') != std::string::npos) {
            return fail(ErrorCode::kInvalidArgument, "mysql url: database name holds a '/'");
        }
        url.database = std::move(*database);
    }
    if (auto applied = apply_host_port(text.substr(0, slash), url); !applied) {
        return std::unexpected(applied.error());
    }
    return url;
}

std::string redacted(const MysqlUrl& url) {
    const bool ipv6 = url.host.find(':') != std::string::npos;
    std::string out = "mysql://" + url.user + (url.password.empty() ? "" : ":***") + "@";
    out += ipv6 ? "[" + url.host + "]" : url.host;
    out += ":" + std::to_string(url.port) + "/" + url.database;
    if (url.charset != kDefaultClientCharset) {
        out += "?charset=" + url.charset;
    }
    return out;
}

}  // namespace keel::whmcs
