#include "testbed/seeder/literal_rows.hpp"

#include "whmcs/bulk_insert.hpp"

namespace keel::testbed {

Status insert_rows(whmcs::MariadbConnection& connection, std::string_view table,
                   std::initializer_list<std::string_view> columns, std::initializer_list<LiteralRow> rows) {
    whmcs::BulkInsert insert(connection, table, columns);
    for (const LiteralRow& row : rows) {
        for (const Cell& cell : row) {
            if (const auto* number = std::get_if<std::int64_t>(&cell)) {
                insert.integer(*number);
            } else if (const auto* text = std::get_if<std::string_view>(&cell)) {
                insert.text(*text);
            } else {
                insert.null();
            }
        }
        if (auto ended = insert.end_row(); !ended) {
            return ended;
        }
    }
    return insert.flush();
}

}  // namespace keel::testbed
