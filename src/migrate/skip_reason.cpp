#include "migrate/skip_reason.hpp"

namespace keel::migrate {

std::string_view to_string(SkipReason reason) {
    switch (reason) {
        case SkipReason::kStatusNotMigrated: return "status_not_migrated";
        case SkipReason::kClientNotActive: return "client_not_active";
        case SkipReason::kNotServerProduct: return "not_server_product";
        case SkipReason::kNotLinkedToActiveClient: return "not_linked_to_active_client";
        case SkipReason::kClientMissing: return "client_missing";
        case SkipReason::kProductMissing: return "product_missing";
        case SkipReason::kOwnerMissing: return "owner_missing";
        case SkipReason::kOwnerNotMigrated: return "owner_not_migrated";
        case SkipReason::kEmailTaken: return "email_taken";
        case SkipReason::kEmailMissing: return "email_missing";
    }
    return "unknown";
}

bool is_quarantine(SkipReason reason) {
    switch (reason) {
        case SkipReason::kStatusNotMigrated:
        case SkipReason::kClientNotActive:
        case SkipReason::kNotServerProduct:
        case SkipReason::kNotLinkedToActiveClient: return false;
        case SkipReason::kClientMissing:
        case SkipReason::kProductMissing:
        case SkipReason::kOwnerMissing:
        case SkipReason::kOwnerNotMigrated:
        case SkipReason::kEmailTaken:
        case SkipReason::kEmailMissing: return true;
    }
    return true;
}

}  // namespace keel::migrate
