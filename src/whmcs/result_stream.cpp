#include "whmcs/result_stream.hpp"

#include "whmcs/mysql_error.hpp"

#include <mysql.h>

#include <cassert>

namespace keel::whmcs {

void ResultStream::Deleter::operator()(st_mysql_res* result) const {
    mysql_free_result(result);
}

ResultStream::ResultStream(st_mysql* connection, st_mysql_res* result)
    : connection_(connection), result_(result), column_count_(mysql_num_fields(result)) {}

std::string_view ResultStream::column_name(std::size_t column) const {
    const MYSQL_FIELD* field = mysql_fetch_field_direct(result_.get(), static_cast<unsigned>(column));
    return std::string_view(field->name, field->name_length);
}

Result<bool> ResultStream::next() {
    row_ = mysql_fetch_row(result_.get());
    if (row_ != nullptr) {
        lengths_ = mysql_fetch_lengths(result_.get());
        return true;
    }
    lengths_ = nullptr;
    // With mysql_use_result a NULL row is either the end or a broken connection; only errno tells them apart.
    if (const unsigned code = mysql_errno(connection_); code != 0) {
        return std::unexpected(error_from_mysql("mariadb.fetch", code, ::mysql_error(connection_)));
    }
    return false;
}

std::optional<std::string_view> ResultStream::value(std::size_t column) const {
    assert(row_ != nullptr && column < column_count_ && "ResultStream::value: no current row or column out of range");
    if (row_[column] == nullptr) {
        return std::nullopt;
    }
    return std::string_view(row_[column], lengths_[column]);
}

}  // namespace keel::whmcs
