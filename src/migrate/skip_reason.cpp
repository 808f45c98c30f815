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
        case SkipReason::kSpecUnresolved: return "spec_unresolved";
        case SkipReason::kOwnerMissing: return "owner_missing";
        case SkipReason::kOwnerNotMigrated: return "owner_not_migrated";
        case SkipReason::kEmailTaken: return "email_taken";
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
        case SkipReason::kSpecUnresolved:
        case SkipReason::kOwnerMissing:
        case SkipReason::kOwnerNotMigrated:
        case SkipReason::kEmailTaken: return true;
    }
    return true;
}

}  // namespace keel::migrate
