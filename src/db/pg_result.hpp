#pragma once
// Owns one PGresult; typed accessors by column index.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct pg_result;

namespace keel::db {

class PgResult {
public:
    PgResult() = default;
    explicit PgResult(pg_result* result);

    int rows() const;
    int columns() const;
    bool is_null(int row, int column) const;
    std::string_view text(int row, int column) const;
    std::string string(int row, int column) const { return std::string(text(row, column)); }
    std::int64_t int64(int row, int column) const;
    bool boolean(int row, int column) const { return text(row, column) == "t"; }
    std::optional<std::string> optional_string(int row, int column) const;
    std::optional<std::int64_t> optional_int64(int row, int column) const;
    // Rows touched by INSERT/UPDATE/DELETE.
    std::int64_t affected_rows() const;
    pg_result* native() const { return result_.get(); }

private:
    struct Deleter {
        void operator()(pg_result* result) const;
    };
    std::unique_ptr<pg_result, Deleter> result_;
};

}  // namespace keel::db
