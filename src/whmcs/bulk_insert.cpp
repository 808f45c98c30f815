#include "whmcs/bulk_insert.hpp"

#include "whmcs/mariadb_connection.hpp"

#include <charconv>

namespace keel::whmcs {

BulkInsert::BulkInsert(MariadbConnection& connection, std::string_view table,
                       std::initializer_list<std::string_view> columns, std::size_t batch_bytes)
    : connection_(connection), column_count_(columns.size()), batch_bytes_(batch_bytes) {
    // Backticks: WHMCS has columns named `order` and `default`.
    prefix_ = "INSERT INTO `" + std::string(table) + "` (";
    bool first = true;
    for (const std::string_view column : columns) {
        prefix_ += first ? "`" : ",`";
        prefix_ += column;
        prefix_ += "`";
        first = false;
    }
    prefix_ += ") VALUES ";
    statement_.reserve(batch_bytes_ + batch_bytes_ / 8);
}

void BulkInsert::begin_value() {
    if (values_in_row_ == 0) {
        statement_ += rows_in_batch_ == 0 ? prefix_ + "(" : ",(";
    } else {
        statement_ += ',';
    }
    ++values_in_row_;
}

BulkInsert& BulkInsert::null() {
    begin_value();
    statement_ += "NULL";
    return *this;
}

BulkInsert& BulkInsert::integer(std::int64_t value) {
    begin_value();
    char digits[24];
    const auto [end, ec] = std::to_chars(std::begin(digits), std::end(digits), value);
    statement_.append(digits, end);
    return *this;
}

BulkInsert& BulkInsert::text(std::string_view value) {
    begin_value();
    connection_.append_quoted(statement_, value);
    return *this;
}

BulkInsert& BulkInsert::bytes(std::string_view value) {
    begin_value();
    if (value.empty()) {
        statement_ += "''";
        return *this;
    }
    constexpr char kHex[] = "0123456789ABCDEF";
    statement_ += "X'";
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        statement_ += kHex[byte >> 4];
        statement_ += kHex[byte & 0x0F];
    }
    statement_ += '\'';
    return *this;
}

Status BulkInsert::end_row() {
    if (values_in_row_ != column_count_) {
        return fail(ErrorCode::kInternal, "bulk insert: row has " + std::to_string(values_in_row_) + " values for " +
                                              std::to_string(column_count_) + " columns: " + prefix_);
    }
    statement_ += ')';
    values_in_row_ = 0;
    ++rows_in_batch_;
    if (statement_.size() >= batch_bytes_) {
        return flush();
    }
    return {};
}

Status BulkInsert::flush() {
    if (rows_in_batch_ == 0) {
        return {};
    }
    auto sent = connection_.execute(statement_);
    statement_.clear();
    rows_sent_ += rows_in_batch_;
    rows_in_batch_ = 0;
    if (!sent) {
        return std::unexpected(sent.error());
    }
    return {};
}

}  // namespace keel::whmcs
