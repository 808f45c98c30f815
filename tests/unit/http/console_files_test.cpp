// The console's pieces that need no server (issue #13): the session cookie's parsing and headers, the
// embedded files and If-None-Match.
#include <gtest/gtest.h>

#include "http/session_cookie.hpp"
#include "http/static_assets.hpp"

namespace keel::http {
namespace {

TEST(SessionCookie, FindsItsValueAmongOthers) {
    struct Case {
        const char* name;
        const char* header;
        const char* value;
    };
    const Case cases[] = {
        {"alone", "keel_session=abc.def.ghi", "abc.def.ghi"},
        {"among others", "theme=dark; keel_session=abc; lang=en", "abc"},
        {"spaces", "  keel_session = abc  ;x=1", "abc"},
        {"absent", "theme=dark", ""},
        {"prefix of another name", "xkeel_session=abc; keel_session_old=def", ""},
        {"empty header", "", ""},
        {"no value", "keel_session=", ""},
        {"first of two", "keel_session=a; keel_session=b", "a"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(cookie_value(c.header, "keel_session"), c.value);
    }
}

TEST(SessionCookie, IsHttpOnlyStrictAndSecureOnlyOverTls) {
    EXPECT_EQ(session_cookie_header("t.o.k", std::chrono::seconds(900), false),
              "keel_session=t.o.k; Max-Age=900; HttpOnly; SameSite=Strict; Path=/");
    EXPECT_EQ(session_cookie_header("t.o.k", std::chrono::seconds(60), true),
              "keel_session=t.o.k; Max-Age=60; HttpOnly; SameSite=Strict; Path=/; Secure");
    EXPECT_EQ(cleared_session_cookie_header(false), "keel_session=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/");
}

TEST(WebAssets, AreEmbeddedSortedWithTypesAndStrongEtags) {
    const auto assets = embedded_web_assets();
    ASSERT_FALSE(assets.empty());
    for (std::size_t i = 1; i < assets.size(); ++i) {
        EXPECT_LT(assets[i - 1].name, assets[i].name);  // find_web_asset searches them
    }
    struct Case {
        const char* name;
        const char* content_type;
    };
    const Case cases[] = {
        {"index.html", "text/html; charset=utf-8"},
        {"assets/app.js", "text/javascript; charset=utf-8"},
        {"assets/app.css", "text/css; charset=utf-8"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto asset = find_web_asset(c.name);
        ASSERT_TRUE(asset.has_value());
        EXPECT_EQ(asset->content_type, c.content_type);
        EXPECT_EQ(asset->etag.size(), 34u);  // "…" around 32 hex digits
        EXPECT_FALSE(asset->etag.starts_with("W/"));
        EXPECT_FALSE(asset->bytes.empty());
    }
    EXPECT_FALSE(find_web_asset("assets").has_value());
    EXPECT_FALSE(find_web_asset("").has_value());
    EXPECT_FALSE(find_web_asset("index.htm").has_value());
}

TEST(WebAssets, IfNoneMatchComparesWeakly) {
    struct Case {
        const char* name;
        const char* header;
        bool matches;
    };
    const Case cases[] = {
        {"same", "\"abc\"", true}, {"in a list", "\"x\", \"abc\"", true}, {"weak form", "W/\"abc\"", true},
        {"star", "*", true},       {"other", "\"abd\"", false},           {"unquoted", "abc", false},
        {"empty", "", false},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(etag_matches(c.header, "\"abc\""), c.matches);
    }
}

}  // namespace
}  // namespace keel::http
