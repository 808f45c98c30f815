#include <gtest/gtest.h>

#include "http/responses.hpp"

namespace keel::http {
namespace {

RequestContext context() {
    RequestContext ctx;
    ctx.request_id = "req-1";
    ctx.path = "/servers";
    return ctx;
}

struct HiddenCase {
    const char* name;
    ErrorCode code;
    int status;
};

// PostgreSQL's own words (table, column, value) stay in the log whatever status they map to (issue #9).
const HiddenCase kCases[] = {
    {"validation", ErrorCode::kValidation, 422},       {"conflict", ErrorCode::kConflict, 409},
    {"bad_request", ErrorCode::kInvalidArgument, 400}, {"unavailable", ErrorCode::kUnavailable, 503},
    {"internal", ErrorCode::kInternal, 500},
};

TEST(ErrorResponse, NeverShowsPrivateDetail) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        const Error error{c.code, R"(invalid input syntax for type timestamp with time zone: "x")", true};
        const auto response = error_response(context(), error);
        EXPECT_EQ(static_cast<int>(response.result_int()), c.status);
        EXPECT_EQ(response.body().find("timestamp"), std::string::npos) << response.body();
    }
}

TEST(ErrorResponse, ShowsOwnDetailForClientErrors) {
    const auto response = error_response(context(), Error{ErrorCode::kLimitExceeded, "the limit of 3 keys"});
    EXPECT_EQ(response.result_int(), 429u);
    EXPECT_EQ(response[bhttp::field::retry_after], "1");
    EXPECT_NE(response.body().find("the limit of 3 keys"), std::string::npos);
}

}  // namespace
}  // namespace keel::http
