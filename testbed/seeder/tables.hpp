#pragma once
// Batched writers for the tables that grow with --clients; ids are handed out here, in insertion order.
#include "core/result.hpp"
#include "testbed/seeder/rows.hpp"

#include <cstdint>
#include <memory>

namespace keel::whmcs {
class MariadbConnection;
}

namespace keel::testbed {

// Where automatically numbered rows start; the hand-written fixture uses the ids below these, with gaps
// standing for deleted rows.
struct FirstGeneratedIds {
    std::int64_t client = 101;
    std::int64_t user = 101;
    std::int64_t order = 1001;
    std::int64_t service = 1001;
};

class Tables {
public:
    Tables(whmcs::MariadbConnection& connection, FirstGeneratedIds first);
    ~Tables();

    // Rows with id 0 get the next free id of their table; explicit ids must stay below the generated range.
    Result<std::int64_t> add(const ClientRow& row);
    Result<std::int64_t> add(const UserRow& row);
    Status add(const UserClientRow& row);
    Status add(const ContactRow& row);
    Result<std::int64_t> add(const OrderRow& row);
    Result<std::int64_t> add(const ServiceRow& row);
    Status add(const ServiceOptionRow& row);
    Status add(const CustomValueRow& row);
    Status add(const ServiceAddonRow& row);
    Status add(const PvewhmcsVmRow& row);

    Status flush();
    std::uint64_t rows_sent() const;

private:
    struct Batches;
    std::unique_ptr<Batches> batches_;
    FirstGeneratedIds next_;
};

}  // namespace keel::testbed
