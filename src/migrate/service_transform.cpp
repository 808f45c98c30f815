#include "migrate/service_transform.hpp"

#include <map>

#include "migrate/json_text.hpp"
#include "migrate/text.hpp"
#include "migrate/units.hpp"
#include "whmcs/vmid_field.hpp"

namespace keel::migrate {

namespace {

// The option or field values that fill columns; what is left goes to attributes, named, except admin-only
// fields, which go to admin_attributes.
struct Collected {
    std::optional<std::int64_t> ram_mb, cpu_cores, disk_gb, extra_ipv4;
    std::optional<std::string> os_image, datacenter;
    std::optional<bool> backups;
    JsonObject options, fields, admin_fields;
    std::vector<std::string> unmapped;
    std::map<Column, std::string> unread;  // why a spec column stayed empty, for the report
};

bool truthy(std::string_view text) {
    const auto value = lower_ascii(trim(text));
    return value == "on" || value == "1" || value == "yes" || value == "true";
}

template <class Parse>
std::optional<std::int64_t> parse_either(const PipeValue& value, Parse parse) {
    if (auto parsed = parse(value.key)) {
        return *parsed;
    }
    if (auto parsed = parse(value.friendly)) {
        return *parsed;
    }
    return std::nullopt;
}

std::optional<std::string> non_empty(std::string text) {
    return text.empty() ? std::nullopt : std::optional<std::string>(std::move(text));
}

// A spec column's value, or why there is none.
template <class Parse>
std::optional<std::int64_t> read_spec(Collected& out, Column column, const PipeValue& value, Parse parse) {
    auto parsed = parse_either(value, parse);
    if (!parsed) {
        out.unread[column] = "cannot read \"" + value.friendly + "\"";
    }
    return parsed;
}

// Fills `column` from a chosen value.
void apply(Collected& out, Column column, const PipeValue& value, std::optional<std::int64_t> quantity) {
    switch (column) {
        case Column::kRamMb: out.ram_mb = read_spec(out, column, value, parse_ram_mb); break;
        case Column::kCpuCores: out.cpu_cores = read_spec(out, column, value, parse_cpu_cores); break;
        case Column::kDiskGb: out.disk_gb = read_spec(out, column, value, parse_disk_gb); break;
        case Column::kOsImage: out.os_image = non_empty(value.key); break;
        case Column::kDatacenter: out.datacenter = non_empty(value.key); break;
        case Column::kBackups: out.backups = quantity ? *quantity > 0 : truthy(value.key); break;
        case Column::kExtraIpv4:
            out.extra_ipv4 = quantity ? quantity : std::optional<std::int64_t>(parse_either(value, parse_count));
            break;
        case Column::kAttribute: break;
    }
}

void collect_options(const whmcs::ServiceRow& row, const Mapping& mapping, Collected& out) {
    std::map<std::int64_t, const whmcs::ChosenOption*> latest;  // WHMCS duplicates: the highest row id wins
    for (const auto& option : row.options) {
        latest[option.config_id] = &option;
    }
    for (const auto& [config_id, option] : latest) {
        if (!option->option_name) {
            out.options.add("deleted option " + std::to_string(config_id), option->quantity);
            continue;
        }
        const auto name = decode_html(*option->option_name);
        const auto display = split_pipe(name).friendly;
        const auto column = mapping.option_column(name);
        std::optional<std::int64_t> quantity;
        PipeValue value;
        if (option->option_type == 3 || option->option_type == 4) {
            quantity = option->quantity;
            value = {std::to_string(option->quantity), std::to_string(option->quantity)};
        } else if (option->sub_option_name) {
            value = split_pipe(decode_html(*option->sub_option_name));
        } else {
            // The chosen sub-option was deleted: nothing to read; a spec column stays NULL and is reported.
            if (column) {
                out.unread[*column] =
                    "option \"" + display + "\" points at deleted sub-option " + std::to_string(option->sub_option_id);
            }
            out.options.add_null(display);
            continue;
        }
        if (column && *column != Column::kAttribute) {
            apply(out, *column, value, quantity);
            continue;
        }
        if (!column) {
            out.unmapped.push_back(display);
        }
        if (option->option_type == 3) {
            out.options.add(display, option->quantity > 0);
        } else if (option->option_type == 4) {
            out.options.add(display, option->quantity);
        } else {
            out.options.add(display, value.friendly);
        }
    }
}

void collect_fields(const whmcs::ServiceRow& row, const Mapping& mapping, Collected& out) {
    std::map<std::int64_t, const whmcs::FieldValue*> latest;
    for (const auto& field : row.fields) {
        latest[field.field_id] = &field;
    }
    for (const auto& [field_id, field] : latest) {
        const auto name = decode_html(field->field_name);
        const auto display = split_pipe(name).friendly;
        const auto value = decode_html(field->value);
        // Staff notes (issue #9): never a column or an attribute a client reads, whatever the mapping says.
        JsonObject& into = field->admin_only ? out.admin_fields : out.fields;
        if (field->field_type == "password") {
            // Never an attribute: the run re-seals it as the server's credential (issue #11).
            continue;
        }
        if (whmcs::is_vmid_field_name(field->field_name)) {
            // Where the Proxmox module recorded the VM: linking reads it (vm_link), the customer never saw it.
            continue;
        }
        const auto column = field->admin_only ? std::optional<Column>(Column::kAttribute) : mapping.field_column(name);
        if (column && *column != Column::kAttribute) {
            apply(out, *column, split_pipe(value), std::nullopt);
            continue;
        }
        if (!column) {
            out.unmapped.push_back(display);
        }
        if (field->field_type == "tickbox") {
            into.add(display, truthy(value));
        } else if (field->field_type == "dropdown") {
            into.add(display, split_pipe(value).friendly);
        } else {
            into.add(display, value);
        }
    }
}

std::string attributes(const whmcs::ServiceRow& row, const Collected& collected) {
    JsonObject whmcs;
    whmcs.add("service_id", row.id)
        .add("client_id", row.client_id)
        .add("product_id", row.product_id)
        .add("product", decode_html(row.product_name.value_or("")))
        .add("server_id", row.server_id)
        .add("billing_cycle", row.billing_cycle)
        .add("recurring_amount", row.amount)
        .add("registered_on", normalise_date(row.registered_on))
        .add("dedicated_ip", row.dedicated_ip);
    JsonObject all;
    all.add_raw("whmcs", whmcs.str());
    all.add_raw("options", collected.options.str());
    all.add_raw("fields", collected.fields.str());
    return all.str();
}

// "{}" when the service has no admin-only field values, so most rows look as servers made in Keel do.
std::string admin_attributes(const Collected& collected) {
    if (collected.admin_fields.empty()) {
        return "{}";
    }
    JsonObject all;
    all.add_raw("fields", collected.admin_fields.str());
    return all.str();
}

// RAM, CPU and disk that could not be read: one warning each, saying why.
std::vector<TransformWarning> spec_warnings(const Collected& collected) {
    struct Spec {
        Column column;
        const char* name;
        bool read;
    };
    const Spec specs[] = {{Column::kRamMb, "ram_mb", collected.ram_mb.has_value()},
                          {Column::kCpuCores, "cpu_cores", collected.cpu_cores.has_value()},
                          {Column::kDiskGb, "disk_gb", collected.disk_gb.has_value()}};
    std::vector<TransformWarning> warnings;
    for (const auto& spec : specs) {
        if (spec.read) {
            continue;
        }
        auto why = collected.unread.find(spec.column);
        warnings.push_back({WarningKind::kSpecIncomplete,
                            std::string(spec.name) + " left empty: " +
                                (why == collected.unread.end() ? "no option or field names it" : why->second)});
    }
    return warnings;
}

}  // namespace

std::optional<std::string> normalise_date(std::string_view whmcs_date) {
    const auto date = trim(whmcs_date);
    if (date.size() < 10 || date.starts_with("0000-00-00") || date.substr(5, 2) == "00" || date.substr(8, 2) == "00") {
        return std::nullopt;
    }
    return date.substr(0, 10);
}

ServiceOutcome transform_service(const whmcs::ServiceRow& row, const Mapping& mapping) {
    if (row.status != "Active" && row.status != "Suspended") {
        return Skip{SkipReason::kStatusNotMigrated, row.status};
    }
    if (!row.client_status) {
        return Skip{SkipReason::kClientMissing, "client " + std::to_string(row.client_id) + " does not exist"};
    }
    if (*row.client_status != "Active") {
        return Skip{SkipReason::kClientNotActive, *row.client_status};
    }
    const bool product_gone = row.product_id == 0 || !row.product_type;
    if (!product_gone && *row.product_type != "server") {
        return Skip{SkipReason::kNotServerProduct, *row.product_type};
    }
    Collected collected;
    collect_options(row, mapping, collected);
    collect_fields(row, mapping, collected);
    auto warnings = spec_warnings(collected);
    if (product_gone) {
        // Without its product only the options can say this was a server: with none of RAM, CPU or disk
        // Keel cannot place it.
        if (warnings.size() == 3) {
            return Skip{SkipReason::kProductMissing, "product " + std::to_string(row.product_id) +
                                                         " does not exist and no RAM, CPU or disk option says "
                                                         "what it was"};
        }
        warnings.insert(warnings.begin(),
                        {WarningKind::kProductMissing, "product " + std::to_string(row.product_id) +
                                                           " does not exist; recognised as a server by its options"});
    }
    auto hostname = trim(decode_html(row.domain));
    if (hostname.empty()) {
        hostname = "whmcs-service-" + std::to_string(row.id);
    }
    TransformedServer out;
    out.server = db::ImportedServer{
        .whmcs_service_id = row.id,
        .owner_whmcs_user_id = 0,
        .owner_whmcs_client_id = 0,
        .hostname = hostname,
        .status = row.status == "Active" ? "active" : "suspended",
        .cpu_cores = collected.cpu_cores,
        .ram_mb = collected.ram_mb,
        .disk_gb = collected.disk_gb,
        .os_image = collected.os_image,
        .datacenter = collected.datacenter,
        .backups = collected.backups.value_or(false),  // no Backups row reads as "No", as WHMCS shows it
        .extra_ipv4 = collected.extra_ipv4.value_or(0),
        .billing_cycle = row.billing_cycle,
        .next_due_on = normalise_date(row.next_due_on),
        .attributes_json = attributes(row, collected),
        .admin_attributes_json = admin_attributes(collected),
        .fingerprint = {},
    };
    out.unmapped = std::move(collected.unmapped);
    out.warnings = std::move(warnings);
    return out;
}

}  // namespace keel::migrate
