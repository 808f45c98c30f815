#pragma once
// Multi-row INSERT batches: rows are appended as SQL literals and sent when the statement grows past a size.
#include "core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace keel::whmcs {

class MariadbConnection;

inline constexpr std::size_t kDefaultBatchBytes = 2 * 1024 * 1024;  // well below max_allowed_packet

// Usage: insert.integer(1).text("x").null(); then end_row(); finally flush(). Nothing is sent by the
// destructor — an unflushed batch is lost, so the caller always sees the error of the last statement.
// Columns left out of the list get the column default, or in non-strict sql_mode the implicit one
// ('' / 0 / zero date) for NOT NULL columns without a default, which is how WHMCS itself fills them.
class BulkInsert {
public:
    BulkInsert(MariadbConnection& connection, std::string_view table, std::initializer_list<std::string_view> columns,
               std::size_t batch_bytes = kDefaultBatchBytes);

    BulkInsert& null();
    BulkInsert& integer(std::int64_t value);
    // Quoted and escaped; converted by the server from the connection charset to the column's.
    BulkInsert& text(std::string_view value);
    // Sent as a hex literal: stored byte for byte, no charset conversion (e.g. UTF-8 bytes in a latin1 column).
    BulkInsert& bytes(std::string_view value);

    // Closes the row; sends the batch once it is large enough. kInternal if the row width is wrong.
    Status end_row();
    Status flush();

    std::uint64_t rows_sent() const { return rows_sent_; }

private:
    void begin_value();

    MariadbConnection& connection_;
    std::string prefix_;
    std::string statement_;
    std::size_t column_count_;
    std::size_t batch_bytes_;
    std::size_t values_in_row_ = 0;
    std::uint64_t rows_in_batch_ = 0;
    std::uint64_t rows_sent_ = 0;
};

}  // namespace keel::whmcs
