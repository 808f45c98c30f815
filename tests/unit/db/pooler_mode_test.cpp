#include "db/pooler_mode.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace keel::db {
namespace {

TEST(PoolerMode, NamesRoundTrip) {
    for (const auto mode : {PoolerMode::kSession, PoolerMode::kTransaction}) {
        EXPECT_EQ(parse_pooler_mode(to_string(mode)), mode);
    }
    EXPECT_EQ(parse_pooler_mode("statement"), std::nullopt);  // PgBouncer's third mode breaks transactions
    EXPECT_EQ(parse_pooler_mode("Transaction"), std::nullopt);
}

struct SessionUrlCase {
    std::string_view name;
    PoolerMode mode;
    std::string listen_url;
    std::optional<std::string> want;
};

TEST(SessionDatabaseUrl, FollowsTheTable) {
    const std::string pooled = "postgresql://keel@pgbouncer:6432/keel";
    const std::string direct = "postgresql://keel@pg1:5432,pg2:5432/keel?target_session_attrs=read-write";
    const SessionUrlCase cases[] = {
        {"session_uses_the_database_url", PoolerMode::kSession, "", pooled},
        {"session_prefers_the_listen_url", PoolerMode::kSession, direct, direct},
        {"transaction_uses_the_listen_url", PoolerMode::kTransaction, direct, direct},
        {"transaction_without_listen_url_has_none", PoolerMode::kTransaction, "", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(session_database_url(c.mode, pooled, c.listen_url), c.want);
    }
}

}  // namespace
}  // namespace keel::db
