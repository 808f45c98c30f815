#include "whmcs/vmid_field.hpp"

#include <string>

#include "core/text.hpp"
#include "whmcs/html_entities.hpp"

namespace keel::whmcs {

bool is_vmid_field_name(std::string_view field_name) {
    const std::string decoded = decode_html_entities(field_name);
    const auto key = trim_blanks(std::string_view(decoded).substr(0, decoded.find('|')));
    if (key.size() != 4) {
        return false;
    }
    std::string lower(key);
    for (char& c : lower) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return lower == "vmid";
}

}  // namespace keel::whmcs
