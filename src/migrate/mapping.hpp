#pragma once
// Which WHMCS configurable option or custom field fills which Keel column. Names match case-insensitively on
// their key (the part before '|'); a TOML file extends or overrides the defaults (docs/mapping.md).
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace keel::migrate {

enum class Column {
    kRamMb,
    kCpuCores,
    kDiskGb,
    kOsImage,
    kDatacenter,
    kBackups,
    kExtraIpv4,
    kAttribute,  // kept, named, in the server's attributes: mapped on purpose to no column
};

std::string_view to_string(Column column);
std::optional<Column> parse_column(std::string_view text);

class Mapping {
public:
    static Mapping defaults();
    // [options] and [fields] tables of "WHMCS name" = "column"; kInvalidArgument names the bad line.
    static Result<Mapping> from_toml(std::string_view toml_text);

    // `name` is the raw option or field name ("ram|Memory", "OS_Image|Operating System").
    std::optional<Column> option_column(std::string_view name) const;
    std::optional<Column> field_column(std::string_view name) const;

private:
    std::map<std::string, Column> options_;  // normalised key → column
    std::map<std::string, Column> fields_;
};

// The lookup key of a WHMCS name: HTML-decoded, text before '|', trimmed, lower-case.
std::string mapping_key(std::string_view name);

}  // namespace keel::migrate
