// The Cookie header a browser (or anyone) sends: finding the session cookie never crashes, returns a piece of
// the header without separators or surrounding blanks, and finds exactly the token a Set-Cookie of Keel's holds.
#include <string>

#include "fuzz_check.hpp"
#include "http/session_cookie.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using keel::fuzz::require;
    namespace http = keel::http;
    const auto header = keel::fuzz::as_text(data, size);

    const auto value = http::cookie_value(header, http::kSessionCookie);
    if (!value.empty()) {
        require(value.data() >= header.data() && value.data() + value.size() <= header.data() + header.size(),
                "the value is a piece of the header");
        require(value.find(';') == std::string_view::npos, "the value holds no separator");
        require(value.front() != ' ' && value.back() != ' ' && value.front() != '\t' && value.back() != '\t',
                "the value is trimmed");
    }

    // A token as a JWT looks (no separator, no blank): what Keel sets is what it reads back.
    if (!header.empty() && header.find_first_of("; \t,\"=") == std::string_view::npos) {
        const auto set_cookie = http::session_cookie_header(header, std::chrono::seconds(900), size % 2 == 0);
        require(http::cookie_value(set_cookie, http::kSessionCookie) == header, "a set session cookie reads back");
        require(http::cookie_value("other=1; " + set_cookie, http::kSessionCookie) == header,
                "found after another cookie");
    }
    return 0;
}
