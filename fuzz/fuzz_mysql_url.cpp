// mysql:// URLs (WHMCS_DATABASE_URL, --source): never a crash; what parses re-parses the same from its canonical
// form; redaction does not depend on the password; and no error ever quotes any piece of the password.
#include <string>

#include "fuzz_check.hpp"
#include "whmcs/mysql_url.hpp"

namespace {

using keel::fuzz::require;
using keel::whmcs::MysqlUrl;

std::string percent_encoded(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9')) {
            out.push_back(c);
        } else {
            out += {'%', kHex[byte >> 4], kHex[byte & 0x0F]};
        }
    }
    return out;
}

std::string canonical(const MysqlUrl& url) {
    const bool ipv6 = url.host.find(':') != std::string::npos;
    std::string out = "mysql://" + percent_encoded(url.user) + ":" + percent_encoded(url.password) + "@";
    out += ipv6 ? "[" + url.host + "]" : url.host;
    out += ":" + std::to_string(url.port) + "/" + percent_encoded(url.database);
    out += "?charset=" + percent_encoded(url.charset);
    return out;
}

void check_parsed(const MysqlUrl& url) {
    MysqlUrl other = url;
    other.password = url.password.empty() ? "" : "x";
    require(keel::whmcs::redacted(url) == keel::whmcs::redacted(other), "redaction does not depend on the password");
    if (url.host.find_first_of("[]") != std::string::npos) {
        return;  // brackets inside a host cannot be written back unambiguously
    }
    const auto again = keel::whmcs::parse_mysql_url(canonical(url));
    require(again.has_value(), "the canonical form parses");
    require(again->user == url.user && again->password == url.password && again->host == url.host &&
                again->port == url.port && again->database == url.database && again->charset == url.charset,
            "the canonical form parses to the same URL");
}

// The input wrapped around a password made of every character that has a meaning in a URL.
void check_password_never_quoted(std::string_view input) {
    constexpr std::string_view kSecret = "Kq7?zX#Wv@9/Jm:Rt";
    const auto newline = input.find('\n');
    const auto before = input.substr(0, newline);
    const auto after = newline == std::string_view::npos ? std::string_view{} : input.substr(newline + 1);
    const auto url = "mysql://" + std::string(before) + std::string(kSecret) + "@" + std::string(after);
    const auto parsed = keel::whmcs::parse_mysql_url(url);
    if (parsed) {
        return;
    }
    for (std::size_t i = 0; i + 3 <= kSecret.size(); ++i) {
        const auto piece = kSecret.substr(i, 3);
        if (after.find(piece) == std::string_view::npos) {
            require(parsed.error().detail.find(piece) == std::string::npos, "an error quotes the password");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = keel::fuzz::as_text(data, size);
    if (const auto url = keel::whmcs::parse_mysql_url(input)) {
        check_parsed(*url);
    }
    check_password_never_quoted(input);
    return 0;
}
