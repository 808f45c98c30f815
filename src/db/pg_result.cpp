#include "db/pg_result.hpp"

#include <libpq-fe.h>

#include <charconv>

namespace keel::db {

void PgResult::Deleter::operator()(pg_result* result) const {
    PQclear(result);
}

PgResult::PgResult(pg_result* result) : result_(result) {}

int PgResult::rows() const {
    return result_ ? PQntuples(result_.get()) : 0;
}
int PgResult::columns() const {
    return result_ ? PQnfields(result_.get()) : 0;
}

bool PgResult::is_null(int row, int column) const {
    return PQgetisnull(result_.get(), row, column) != 0;
}

std::string_view PgResult::text(int row, int column) const {
    return {PQgetvalue(result_.get(), row, column), static_cast<std::size_t>(PQgetlength(result_.get(), row, column))};
}

std::int64_t PgResult::int64(int row, int column) const {
    const auto value = text(row, column);
    std::int64_t parsed = 0;
    std::from_chars(value.data(), value.data() + value.size(), parsed);
    return parsed;
}

std::optional<std::string> PgResult::optional_string(int row, int column) const {
    if (is_null(row, column)) {
        return std::nullopt;
    }
    return string(row, column);
}

std::optional<std::int64_t> PgResult::optional_int64(int row, int column) const {
    if (is_null(row, column)) {
        return std::nullopt;
    }
    return int64(row, column);
}

std::int64_t PgResult::affected_rows() const {
    const char* tuples = result_ ? PQcmdTuples(result_.get()) : "";
    std::int64_t parsed = 0;
    std::from_chars(tuples, tuples + std::char_traits<char>::length(tuples), parsed);
    return parsed;
}

}  // namespace keel::db
