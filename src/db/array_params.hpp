#pragma once
// PostgreSQL array literals in libpq's text format, for statements that take a whole batch as arrays
// (`unnest($1::bigint[], $2::text[]) AS b(id, value)`): one statement, one round trip, one commit for many rows.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace keel::db {

// WHMCS-style ids: 0 stands for "none" and becomes NULL.
std::string id_array(const std::vector<std::int64_t>& ids);
// Every element quoted, '"' and '\\' escaped.
std::string text_array(const std::vector<std::string>& values);
// Absent elements are NULL.
std::string optional_text_array(const std::vector<std::optional<std::string>>& values);
// bigint[]/integer[]; absent elements are NULL (0 is a value here, unlike id_array's).
std::string optional_number_array(const std::vector<std::optional<std::int64_t>>& values);

}  // namespace keel::db
