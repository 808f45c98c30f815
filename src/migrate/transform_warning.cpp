#include "migrate/transform_warning.hpp"

namespace keel::migrate {

std::string_view to_string(WarningKind kind) {
    switch (kind) {
        case WarningKind::kSpecIncomplete: return "spec_incomplete";
        case WarningKind::kProductMissing: return "product_missing";
    }
    return "unknown";
}

}  // namespace keel::migrate
