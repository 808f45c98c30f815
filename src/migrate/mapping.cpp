#include "migrate/mapping.hpp"

#include <array>
#include <charconv>
#include <utility>

// Errors as values here, not exceptions.
#define TOML_EXCEPTIONS 0
#define TOML_HEADER_ONLY 1  // the packaged library is built with exceptions
#include <toml++/toml.h>

#include "core/slug.hpp"
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

// The tblservers.type values of the Proxmox modules known to record their VMs (issue #11).
constexpr std::array<std::string_view, 4> kDefaultServerTypes{"pvewhmcs", "proxmoxVPS", "proxmox", "proxmox_custom"};

std::string line_of(const toml::node& node) {
    return "mapping file line " + std::to_string(node.source().begin.line);
}

// Table and column names are spliced into the reader's SQL (backtick-quoted), so only plain identifiers.
bool is_identifier(std::string_view text) {
    if (text.empty() || text.size() > 64) {
        return false;
    }
    for (const char c : text) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return true;
}

Result<std::string> identifier(const toml::node& node, std::string_view key) {
    const auto* text = node.as_string();
    if (text == nullptr || !is_identifier(text->get())) {
        return fail(ErrorCode::kInvalidArgument, line_of(node) + ": " + std::string(key) +
                                                     " must be a name of letters, digits and '_' (at most 64)");
    }
    return std::string(text->get());
}

// [clusters] "<tblservers id>" = "cluster name".
Status read_clusters(const toml::table& root, std::map<std::int64_t, std::string>& into) {
    const auto* table = root.get_as<toml::table>("clusters");
    if (table == nullptr) {
        if (const auto* other = root.get("clusters")) {
            return fail(ErrorCode::kInvalidArgument, line_of(*other) + ": clusters must be a table");
        }
        return {};
    }
    for (const auto& [key, value] : *table) {
        const auto id_text = key.str();
        std::int64_t server_id = 0;
        const auto [stop, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), server_id);
        if (id_text.empty() || ec != std::errc{} || stop != id_text.data() + id_text.size() || server_id <= 0) {
            return fail(ErrorCode::kInvalidArgument, line_of(value) + ": [clusters] \"" + std::string(id_text) +
                                                         "\": the key must be a tblservers id");
        }
        const auto* name = value.as_string();
        if (name == nullptr || !is_valid_slug(name->get())) {
            return fail(ErrorCode::kInvalidArgument,
                        line_of(value) + ": [clusters] \"" + std::string(id_text) +
                            "\": the cluster name must be 1-64 of a-z, 0-9, '.', '_', '-'");
        }
        into[server_id] = std::string(name->get());
    }
    return {};
}

Result<whmcs::MappedVmidTable> read_vmid_table(const toml::node& node) {
    const auto* source = node.as_table();
    if (source == nullptr) {
        return fail(ErrorCode::kInvalidArgument, line_of(node) + ": [[link.source]] must be a table");
    }
    for (const auto& [key, value] : *source) {
        const auto name = key.str();
        if (name != "server_type" && name != "table" && name != "service_column" && name != "vmid_column") {
            return fail(ErrorCode::kInvalidArgument, line_of(value) + ": [[link.source]] has unknown key " +
                                                         std::string(name) +
                                                         " (server_type, table, service_column, vmid_column)");
        }
    }
    whmcs::MappedVmidTable table;
    const std::pair<std::string_view, std::string*> keys[] = {{"server_type", &table.server_type},
                                                              {"table", &table.table},
                                                              {"service_column", &table.service_column},
                                                              {"vmid_column", &table.vmid_column}};
    for (const auto& [key, into] : keys) {
        const auto* value = source->get(key);
        if (value == nullptr) {
            return fail(ErrorCode::kInvalidArgument, line_of(node) + ": [[link.source]] needs " + std::string(key));
        }
        auto read = identifier(*value, "[[link.source]] " + std::string(key));
        if (!read) {
            return std::unexpected(read.error());
        }
        *into = std::move(*read);
    }
    return table;
}

// [link] server_types = [...] and [[link.source]] tables.
Status read_link(const toml::table& root, std::vector<std::string>& server_types,
                 std::vector<whmcs::MappedVmidTable>& vmid_tables) {
    const auto* node = root.get("link");
    if (node == nullptr) {
        return {};
    }
    const auto* link = node->as_table();
    if (link == nullptr) {
        return fail(ErrorCode::kInvalidArgument, line_of(*node) + ": link must be a table");
    }
    for (const auto& [key, value] : *link) {
        if (key.str() == "server_types") {
            const auto* types = value.as_array();
            if (types == nullptr) {
                return fail(ErrorCode::kInvalidArgument, line_of(value) + ": [link] server_types must be an array");
            }
            server_types.clear();
            for (const auto& type : *types) {
                auto read = identifier(type, "[link] server_types");
                if (!read) {
                    return std::unexpected(read.error());
                }
                server_types.push_back(std::move(*read));
            }
        } else if (key.str() == "source") {
            const auto* sources = value.as_array();
            if (sources == nullptr) {
                return fail(ErrorCode::kInvalidArgument, line_of(value) + ": write link.source as [[link.source]]");
            }
            for (const auto& source : *sources) {
                auto read = read_vmid_table(source);
                if (!read) {
                    return std::unexpected(read.error());
                }
                vmid_tables.push_back(std::move(*read));
            }
        } else {
            return fail(ErrorCode::kInvalidArgument, line_of(value) + ": [link] has unknown key " +
                                                         std::string(key.str()) + " (server_types, source)");
        }
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
    mapping.server_types_.assign(kDefaultServerTypes.begin(), kDefaultServerTypes.end());
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
        if (key.str() != "options" && key.str() != "fields" && key.str() != "clusters" && key.str() != "link") {
            return fail(ErrorCode::kInvalidArgument, "mapping file: unknown table [" + std::string(key.str()) +
                                                         "] (use [options], [fields], [clusters] and [link])");
        }
        (void)value;
    }
    if (auto read = read_table(root, "options", mapping.options_); !read) {
        return std::unexpected(read.error());
    }
    if (auto read = read_table(root, "fields", mapping.fields_); !read) {
        return std::unexpected(read.error());
    }
    if (auto read = read_clusters(root, mapping.cluster_names_); !read) {
        return std::unexpected(read.error());
    }
    if (auto read = read_link(root, mapping.server_types_, mapping.vmid_tables_); !read) {
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
