#pragma once
// A result set read row by row from the server (mysql_use_result): memory stays flat however large the table.
#include "core/result.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

struct st_mysql;
struct st_mysql_res;

namespace keel::whmcs {

class MariadbConnection;

// While a stream is open its connection can run nothing else (the server is still sending rows); finish
// reading or destroy the stream first. Destroying it early discards the remaining rows.
class ResultStream {
public:
    ResultStream(ResultStream&&) noexcept = default;
    ResultStream& operator=(ResultStream&&) noexcept = default;
    ~ResultStream() = default;

    std::size_t column_count() const { return column_count_; }
    std::string_view column_name(std::size_t column) const;

    // true: a row is current; false: the set is exhausted; an Error: the connection failed mid-set.
    Result<bool> next();

    // The current row's value, exactly as sent (binary-safe, embedded NULs kept). std::nullopt is SQL NULL,
    // distinct from an empty string. Valid until the next call to next().
    std::optional<std::string_view> value(std::size_t column) const;

private:
    friend class MariadbConnection;
    struct Deleter {
        void operator()(st_mysql_res* result) const;
    };
    ResultStream(st_mysql* connection, st_mysql_res* result);

    st_mysql* connection_;
    std::unique_ptr<st_mysql_res, Deleter> result_;
    std::size_t column_count_ = 0;
    char** row_ = nullptr;
    unsigned long* lengths_ = nullptr;
};

}  // namespace keel::whmcs
