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
    kOwnerMissing,             // quarantine: no account of the client to own the server (not expected: every Active
                               // client gets one, from a login user or from the client's own email)
    kOwnerNotMigrated,         // quarantine: the owning user was itself quarantined
    kEmailTaken,               // quarantine: another Keel account already uses this email
    kEmailMissing,             // quarantine: a client with no login user has no email to make its account from
};

std::string_view to_string(SkipReason reason);
bool is_quarantine(SkipReason reason);

}  // namespace keel::migrate
