#include "http/codecs/list_query.hpp"

#include <gtest/gtest.h>

namespace keel::http {
namespace {

struct TimestampCase {
    const char* name;
    const char* text;
    bool valid;
};

const TimestampCase kCases[] = {
    {"as_written", "2026-03-01T12:34:56.123456Z", true},
    {"leap_day", "2024-02-29T00:00:00.000000Z", true},
    {"not_a_leap_year", "2023-02-29T00:00:00.000000Z", false},
    {"month_13", "2026-13-01T00:00:00.000000Z", false},
    {"hour_24", "2026-01-01T24:00:00.000000Z", false},
    {"millis_only", "2026-01-01T00:00:00.000Z", false},
    {"sql_text", "x'; DROP TABLE servers; --", false},
    {"letters_in_digits", "2026-0a-01T00:00:00.000000Z", false},
    {"no_zone", "2026-01-01T00:00:00.0000000", false},
    {"year_zero", "0000-01-01T00:00:00.000000Z", false},
};

TEST(IsCursorTimestamp, MatchesTable) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(is_cursor_timestamp(c.text), c.valid);
    }
}

TEST(DecodeServerListQuery, RejectsCursorWithImpossibleDate) {
    const auto cursor = encode_cursor("2026-02-30T00:00:00.000000Z", "0b9a1c5e-6a57-4b0e-9a59-1c2e3d4f5a6b");
    auto query = decode_server_list_query("/servers?cursor=" + cursor);
    ASSERT_FALSE(query);
    ASSERT_EQ(query.error().size(), 1u);
    EXPECT_EQ(query.error().front().field, "cursor");
}

TEST(DecodeServerListQuery, AcceptsCursorItWrote) {
    const auto cursor = encode_cursor("2026-02-28T00:00:00.000001Z", "0b9a1c5e-6a57-4b0e-9a59-1c2e3d4f5a6b");
    auto query = decode_server_list_query("/servers?cursor=" + cursor);
    ASSERT_TRUE(query);
    EXPECT_EQ(query->after_created_at, "2026-02-28T00:00:00.000001Z");
}

struct UserQueryCase {
    const char* name;
    const char* target;
    const char* refused_field;  // nullptr: accepted
    int limit;
    std::int64_t after_id;
};

const UserQueryCase kUserQueries[] = {
    {"defaults", "/admin/users", nullptr, 50, 0},
    {"limit_and_cursor", "/admin/users?limit=100&cursor=42", nullptr, 100, 42},
    {"limit_zero", "/admin/users?limit=0", "limit", 0, 0},
    {"limit_over", "/admin/users?limit=101", "limit", 0, 0},
    {"limit_signed", "/admin/users?limit=+5", "limit", 0, 0},
    {"cursor_zero", "/admin/users?cursor=0", "cursor", 0, 0},
    {"cursor_text", "/admin/users?cursor=abc", "cursor", 0, 0},
    {"cursor_overflow", "/admin/users?cursor=99999999999999999999", "cursor", 0, 0},
    {"unknown", "/admin/users?role=admin", "role", 0, 0},
};

TEST(DecodeUserListQuery, MatchesTable) {
    for (const auto& c : kUserQueries) {
        SCOPED_TRACE(c.name);
        const auto query = decode_user_list_query(c.target);
        if (c.refused_field == nullptr) {
            ASSERT_TRUE(query);
            EXPECT_EQ(query->limit, c.limit);
            EXPECT_EQ(query->after_id, c.after_id);
        } else {
            ASSERT_FALSE(query);
            ASSERT_EQ(query.error().size(), 1u);
            EXPECT_EQ(query.error().front().field, c.refused_field);
        }
    }
}

}  // namespace
}  // namespace keel::http
