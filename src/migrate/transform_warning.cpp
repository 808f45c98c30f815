#include "migrate/transform_warning.hpp"

namespace keel::migrate {

std::string_view to_string(WarningKind kind) {
    switch (kind) {
        case WarningKind::kSpecIncomplete: return "spec_incomplete";
        case WarningKind::kProductMissing: return "product_missing";
        case WarningKind::kCredentialUnreadable: return "credential_unreadable";
    }
    return "unknown";
}

}  // namespace keel::migrate
