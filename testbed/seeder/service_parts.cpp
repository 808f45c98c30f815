#include "testbed/seeder/service_parts.hpp"

#include "testbed/seeder/catalog.hpp"
#include "testbed/seeder/tables.hpp"

#include <string>

namespace keel::testbed {

Status add_service_options(Tables& tables, std::int64_t service_id, std::int64_t product_id,
                           const OptionChoice& choice) {
    const catalog::Family& family = catalog::family_of(product_id);
    auto choose = [&](std::int64_t option, std::optional<std::int64_t> sub) -> Status {
        if (!sub) {
            return {};
        }
        return tables.add(ServiceOptionRow{service_id, option, *sub, 0});
    };
    if (auto s = choose(family.ram_option, choice.ram_sub); !s) {
        return s;
    }
    if (auto s = choose(family.cpu_option, choice.cpu_sub); !s) {
        return s;
    }
    if (auto s = choose(family.disk_option, choice.disk_sub); !s) {
        return s;
    }
    if (choice.backups) {
        if (auto s = tables.add(
                ServiceOptionRow{service_id, family.backups_option, family.backups_sub, *choice.backups ? 1 : 0});
            !s) {
            return s;
        }
    }
    if (choice.extra_ipv4) {
        if (auto s = tables.add(ServiceOptionRow{service_id, family.ipv4_option, family.ipv4_sub, *choice.extra_ipv4});
            !s) {
            return s;
        }
    }
    if (family.extra_option != 0) {
        return choose(family.extra_option, choice.extra_sub);
    }
    return {};
}

Status add_service_fields(Tables& tables, std::int64_t service_id, std::int64_t product_id, const FieldValues& values) {
    using catalog::ProductField;
    auto put = [&](ProductField field, std::optional<std::string_view> value) -> Status {
        if (!value) {
            return {};
        }
        return tables.add(CustomValueRow{catalog::field_id(product_id, field), service_id, std::string(*value)});
    };
    for (const auto& [field, value] :
         {std::pair{ProductField::kOsImage, values.os_image}, std::pair{ProductField::kLocation, values.location},
          std::pair{ProductField::kReverseDns, values.reverse_dns},
          std::pair{ProductField::kRootPassword, values.root_password},
          std::pair{ProductField::kAbuseNotes, values.abuse_notes}}) {
        if (auto s = put(field, value); !s) {
            return s;
        }
    }
    if (values.managed) {
        return put(ProductField::kManaged, "on");
    }
    return {};
}

}  // namespace keel::testbed
