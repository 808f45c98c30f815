#pragma once
// One WHMCS service → one Keel server, or the reason it is not one. Pure: no I/O.
#include <string>
#include <variant>
#include <vector>

#include "db/imports/imported_rows.hpp"
#include "migrate/mapping.hpp"
#include "migrate/skip_reason.hpp"
#include "migrate/transform_warning.hpp"
#include "whmcs/source_rows.hpp"

namespace keel::migrate {

struct Skip {
    SkipReason reason;
    std::string detail;
};

struct TransformedServer {
    db::ImportedServer server;          // owner and fingerprint filled in by the run
    std::vector<std::string> unmapped;  // option and field names that went to attributes unmapped
    std::vector<TransformWarning> warnings;
};

using ServiceOutcome = std::variant<TransformedServer, Skip>;

ServiceOutcome transform_service(const whmcs::ServiceRow& row, const Mapping& mapping);

// "0000-00-00", "" and NULL-ish dates → nullopt; "2024-02-29" stays.
std::optional<std::string> normalise_date(std::string_view whmcs_date);

}  // namespace keel::migrate
