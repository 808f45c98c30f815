#include "whmcs/mysql_error.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace keel::whmcs {
namespace {

struct ErrnoCase {
    std::string_view name;
    unsigned mysql_errno;
    ErrorCode want;
};

const ErrnoCase kCases[] = {
    {"bad_credentials", 1045, ErrorCode::kUnauthenticated},
    {"insert_by_select_only_account", 1142, ErrorCode::kForbidden},
    {"create_database_denied", 1044, ErrorCode::kForbidden},
    {"unknown_database", 1049, ErrorCode::kNotFound},
    {"unknown_table", 1146, ErrorCode::kNotFound},
    {"duplicate_key", 1062, ErrorCode::kConflict},
    {"deadlock", 1213, ErrorCode::kRetryable},
    {"server_gone", 2006, ErrorCode::kUnavailable},
    {"cannot_connect", 2002, ErrorCode::kUnavailable},
    {"syntax_error", 1064, ErrorCode::kInvalidArgument},
    {"unlisted_is_upstream", 1234, ErrorCode::kUpstreamFailed},
};

TEST(ErrorCodeForMysqlErrno, MatchesTable) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(error_code_for_mysql_errno(c.mysql_errno), c.want);
    }
}

TEST(ErrorFromMysql, CarriesContextErrnoAndMessage) {
    const Error error = error_from_mysql("mariadb.execute", 1142, "INSERT command denied");
    EXPECT_EQ(error.code, ErrorCode::kForbidden);
    EXPECT_EQ(error.detail, "mariadb.execute: [1142] INSERT command denied");
}

}  // namespace
}  // namespace keel::whmcs
