#include "http/session_cookie.hpp"

#include "core/text.hpp"

namespace keel::http {

namespace {

// Built by appending: g++ 12 warns falsely (-Warray-bounds) on chains of `+` over short strings.
std::string with_attributes(std::string cookie, bool secure) {
    cookie.append("; HttpOnly; SameSite=Strict; Path=/");
    if (secure) {
        cookie.append("; Secure");
    }
    return cookie;
}

}  // namespace

std::string_view cookie_value(std::string_view cookie_header, std::string_view name) {
    std::size_t start = 0;
    while (start < cookie_header.size()) {
        auto end = cookie_header.find(';', start);
        if (end == std::string_view::npos) {
            end = cookie_header.size();
        }
        const auto pair = trim_blanks(cookie_header.substr(start, end - start));
        const auto equals = pair.find('=');
        if (equals != std::string_view::npos && trim_blanks(pair.substr(0, equals)) == name) {
            return trim_blanks(pair.substr(equals + 1));
        }
        start = end + 1;
    }
    return {};
}

std::string_view session_cookie(const Request& request) {
    const auto header = request[bhttp::field::cookie];
    return cookie_value({header.data(), header.size()}, kSessionCookie);
}

std::string session_cookie_header(std::string_view token, std::chrono::seconds max_age, bool secure) {
    std::string cookie(kSessionCookie);
    cookie.append("=").append(token).append("; Max-Age=").append(std::to_string(max_age.count()));
    return with_attributes(std::move(cookie), secure);
}

std::string cleared_session_cookie_header(bool secure) {
    std::string cookie(kSessionCookie);
    cookie.append("=; Max-Age=0");
    return with_attributes(std::move(cookie), secure);
}

}  // namespace keel::http
