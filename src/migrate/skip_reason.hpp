#pragma once
// Why a WHMCS row did not become a Keel row. Out-of-scope reasons are expected; the others quarantine the row
// (dirty data an operator should look at) and make whmcs-migrate exit with its distinct code.
#include <string_view>

namespace keel::migrate {

enum class SkipReason {
    kStatusNotMigrated,        // service not Active/Suspended (Pending, Terminated, Cancelled, Fraud, Completed)
    kClientNotActive,          // the client is Inactive or Closed
    kNotServerProduct,         // shared hosting, reseller, other: not a server
    kNotLinkedToActiveClient,  // a login with no Active client
    kClientMissing,            // quarantine: the service's client row is gone
    kProductMissing,           // quarantine: product 0 or deleted
    kSpecUnresolved,           // quarantine: RAM, CPU or disk cannot be read from the options
    kOwnerMissing,             // quarantine: the client has no login user to own the server
    kOwnerNotMigrated,         // quarantine: the owning user was itself quarantined
    kEmailTaken,               // quarantine: another Keel account already uses this email
};

std::string_view to_string(SkipReason reason);
bool is_quarantine(SkipReason reason);

}  // namespace keel::migrate
