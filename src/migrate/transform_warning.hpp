#pragma once
// Why a migrated server arrived with less than WHMCS's billing data promised. The row is migrated all the same
// (the VM is the truth, not the billing record); the report lists each warning so an operator can check it.
#include <string>
#include <string_view>

namespace keel::migrate {

enum class WarningKind {
    kSpecIncomplete,  // RAM, CPU or disk could not be read (a deleted sub-option, no option, an unreadable value):
                      // that column is NULL until Keel reads it from the hypervisor
    kProductMissing,  // the product row is gone; the server was recognised by its RAM/CPU/disk options
    kCredentialUnreadable,  // a service password does not decrypt to text (the right hash decrypts the others)
};

struct TransformWarning {
    WarningKind kind;
    std::string detail;
};

std::string_view to_string(WarningKind kind);

}  // namespace keel::migrate
