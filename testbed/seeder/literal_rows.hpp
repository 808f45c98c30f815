#pragma once
// Small reference tables written as literal rows, so the fixture reads like the data it is.
#include "core/result.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <variant>

namespace keel::whmcs {
class MariadbConnection;
}

namespace keel::testbed {

// nullptr is SQL NULL; text is converted from the connection charset (utf8mb4) to the column's.
using Cell = std::variant<std::nullptr_t, std::int64_t, std::string_view>;
using LiteralRow = std::initializer_list<Cell>;

Status insert_rows(whmcs::MariadbConnection& connection, std::string_view table,
                   std::initializer_list<std::string_view> columns, std::initializer_list<LiteralRow> rows);

}  // namespace keel::testbed
