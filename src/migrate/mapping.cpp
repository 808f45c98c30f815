#include "migrate/mapping.hpp"

#include <array>
#include <utility>

// Errors as values here, not exceptions.
#define TOML_EXCEPTIONS 0
#define TOML_HEADER_ONLY 1  // the packaged library is built with exceptions
#include <toml++/toml.h>

#include "migrate/text.hpp"

namespace keel::migrate {

namespace {

constexpr std::array<std::pair<Column, std::string_view>, 8> kColumnNames{{
    {Column::kRamMb, "ram_mb"},
    {Column::kCpuCores, "cpu_cores"},
    {Column::kDiskGb, "disk_gb"},
    {Column::kOsImage, "os_image"},
    {Column::kDatacenter, "datacenter"},
    {Column::kBackups, "backups"},
    {Column::kExtraIpv4, "extra_ipv4"},
    {Column::kAttribute, "attribute"},
}};

// Names seen across WHMCS installs and provisioning modules for the same thing.
constexpr std::array<std::pair<std::string_view, Column>, 30> kDefaultNames{{
    {"ram", Column::kRamMb},
    {"memory", Column::kRamMb},
    {"memory (ram)", Column::kRamMb},
    {"ram size", Column::kRamMb},
    {"cpu", Column::kCpuCores},
    {"cpu cores", Column::kCpuCores},
    {"cores", Column::kCpuCores},
    {"vcpu", Column::kCpuCores},
    {"vcpus", Column::kCpuCores},
    {"processor cores", Column::kCpuCores},
    {"disk", Column::kDiskGb},
    {"disk space", Column::kDiskGb},
    {"storage", Column::kDiskGb},
    {"disk size", Column::kDiskGb},
    {"os", Column::kOsImage},
    {"os_image", Column::kOsImage},
    {"operating system", Column::kOsImage},
    {"template", Column::kOsImage},
    {"os template", Column::kOsImage},
    {"datacenter_location", Column::kDatacenter},
    {"location", Column::kDatacenter},
    {"datacenter", Column::kDatacenter},
    {"data center", Column::kDatacenter},
    {"region", Column::kDatacenter},
    {"backups", Column::kBackups},
    {"backup", Column::kBackups},
    {"extra ipv4 addresses", Column::kExtraIpv4},
    {"ipv4 addresses", Column::kExtraIpv4},
    {"extra ips", Column::kExtraIpv4},
    {"additional ips", Column::kExtraIpv4},
}};

Status read_table(const toml::table& root, std::string_view name, std::map<std::string, Column>& into) {
    const auto* table = root.get_as<toml::table>(name);
    if (table == nullptr) {
        return {};
    }
    for (const auto& [key, value] : *table) {
        const auto* text = value.as_string();
        auto column = text != nullptr ? parse_column(text->get()) : std::nullopt;
        if (!column) {
            return fail(ErrorCode::kInvalidArgument, "mapping [" + std::string(name) + "] \"" + std::string(key.str()) +
                                                         "\": the value must be one of ram_mb, cpu_cores, disk_gb, "
                                                         "os_image, datacenter, backups, extra_ipv4, attribute");
        }
        into[mapping_key(key.str())] = *column;
    }
    return {};
}

}  // namespace

std::string_view to_string(Column column) {
    for (const auto& [value, name] : kColumnNames) {
        if (value == column) {
            return name;
        }
    }
    return "attribute";
}

std::optional<Column> parse_column(std::string_view text) {
    for (const auto& [value, name] : kColumnNames) {
        if (name == text) {
            return value;
        }
    }
    return std::nullopt;
}

std::string mapping_key(std::string_view name) {
    return lower_ascii(split_pipe(decode_html(name)).key);
}

Mapping Mapping::defaults() {
    Mapping mapping;
    for (const auto& [name, column] : kDefaultNames) {
        mapping.options_[std::string(name)] = column;
        mapping.fields_[std::string(name)] = column;
    }
    return mapping;
}

Result<Mapping> Mapping::from_toml(std::string_view toml_text) {
    auto mapping = defaults();
    toml::parse_result parsed = toml::parse(toml_text);
    if (!parsed) {
        const auto& error = parsed.error();
        return fail(ErrorCode::kInvalidArgument, "mapping file line " + std::to_string(error.source().begin.line) +
                                                     ": " + std::string(error.description()));
    }
    const auto& root = parsed.table();
    for (const auto& [key, value] : root) {
        if (key.str() != "options" && key.str() != "fields") {
            return fail(ErrorCode::kInvalidArgument,
                        "mapping file: unknown table [" + std::string(key.str()) + "] (use [options] and [fields])");
        }
        (void)value;
    }
    if (auto read = read_table(root, "options", mapping.options_); !read) {
        return std::unexpected(read.error());
    }
    if (auto read = read_table(root, "fields", mapping.fields_); !read) {
        return std::unexpected(read.error());
    }
    return mapping;
}

std::optional<Column> Mapping::option_column(std::string_view name) const {
    auto found = options_.find(mapping_key(name));
    return found == options_.end() ? std::nullopt : std::optional<Column>(found->second);
}

std::optional<Column> Mapping::field_column(std::string_view name) const {
    auto found = fields_.find(mapping_key(name));
    return found == fields_.end() ? std::nullopt : std::optional<Column>(found->second);
}

}  // namespace keel::migrate
