#include "http/router.hpp"

#include <gtest/gtest.h>

namespace keel::http {
namespace {

Handler noop() {
    return [](const Request&, RequestContext&, const PathParams&) -> Task<Response> { co_return Response{}; };
}

Router make_router() {
    Router router;
    router.add(bhttp::verb::post, "/login", Access::kPublic, noop());
    router.add(bhttp::verb::get, "/servers/{id}", Access::kAuthenticated, noop());
    router.add(bhttp::verb::post, "/servers", Access::kAuthenticated, noop());
    router.add(bhttp::verb::post, "/servers/{id}/credentials:reveal", Access::kAuthenticated, noop(), Answer::kSecrets);
    return router;
}

struct RouteCase {
    const char* name;
    bhttp::verb method;
    const char* path;
    bool matched;
    const char* id;
    const char* allow;
};

const RouteCase kCases[] = {
    {"login", bhttp::verb::post, "/login", true, "", ""},
    {"capture", bhttp::verb::get, "/servers/abc", true, "abc", ""},
    {"trailing_slash", bhttp::verb::get, "/servers/abc/", true, "abc", ""},
    {"wrong_method", bhttp::verb::delete_, "/login", false, "", "POST"},
    {"unknown", bhttp::verb::get, "/nope", false, "", ""},
    {"too_deep", bhttp::verb::get, "/servers/abc/events", false, "", ""},
    {"collection", bhttp::verb::post, "/servers", true, "", ""},
    {"colon_in_segment", bhttp::verb::post, "/servers/abc/credentials:reveal", true, "abc", ""},
    {"colon_percent_encoded", bhttp::verb::post, "/servers/abc/credentials%3Areveal", true, "abc", ""},
    {"colon_wrong_method", bhttp::verb::get, "/servers/abc/credentials:reveal", false, "", "POST"},
    {"colon_other_name", bhttp::verb::post, "/servers/abc/credentials:rotate", false, "", ""},
    {"capture_decoded", bhttp::verb::get, "/servers/a%2Fb", true, "a/b", ""},
    {"bad_escape", bhttp::verb::get, "/servers/%zz", false, "", ""},
};

TEST(RouterMatch, MatchesTable) {
    const auto router = make_router();
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        auto match = router.match(c.method, c.path);
        EXPECT_EQ(match.route != nullptr, c.matched);
        EXPECT_EQ(match.params.get("id"), c.id);
        EXPECT_EQ(match.allow, c.allow);
    }
}

TEST(RouterMatch, PublicOnlyWhereDeclared) {
    const auto router = make_router();
    EXPECT_EQ(router.match(bhttp::verb::post, "/login").route->access, Access::kPublic);
    EXPECT_EQ(router.match(bhttp::verb::post, "/servers").route->access, Access::kAuthenticated);
}

TEST(RouterMatch, SecretAnswersOnlyWhereDeclared) {
    const auto router = make_router();
    EXPECT_EQ(router.match(bhttp::verb::post, "/servers/abc/credentials:reveal").route->answer, Answer::kSecrets);
    EXPECT_EQ(router.match(bhttp::verb::get, "/servers/abc").route->answer, Answer::kOrdinary);
}

}  // namespace
}  // namespace keel::http
