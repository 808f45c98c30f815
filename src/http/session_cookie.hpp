#pragma once
// The web console's session cookie (issue #13): `keel_session=<the JWT>; HttpOnly; SameSite=Strict; Path=/`,
// `Secure` when the request came over TLS. Scripts never read it; the CSRF header proves a request came from
// the console's own page.
#include <chrono>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace keel::http {

inline constexpr std::string_view kSessionCookie = "keel_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// The value of cookie `name` in a Cookie header ("a=1; keel_session=…"); empty when absent.
std::string_view cookie_value(std::string_view cookie_header, std::string_view name);
// The session cookie of `request`, empty when it has none.
std::string_view session_cookie(const Request& request);

// Set-Cookie values: a session holding `token` for `max_age`, and one that clears it (Max-Age=0).
std::string session_cookie_header(std::string_view token, std::chrono::seconds max_age, bool secure);
std::string cleared_session_cookie_header(bool secure);

}  // namespace keel::http
