#include "testbed/seeder/generated.hpp"

#include "testbed/seeder/catalog.hpp"
#include "testbed/seeder/passwords.hpp"
#include "testbed/seeder/proxmox.hpp"
#include "testbed/seeder/rng.hpp"
#include "testbed/seeder/service_parts.hpp"
#include "testbed/seeder/tables.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <vector>

namespace keel::testbed {
namespace {

namespace cat = catalog;

constexpr std::array<std::string_view, 22> kFirstNames{
    "Anna",   "Ben",   "Chloé", "Dmitri",  "Émile", "Fatima", "Grzegorz", "Hélène", "Ingrid", "Jürgen", "Kenji",
    "Łukasz", "María", "Nuno",  "Øystein", "Priya", "Renée",  "Søren",    "Thomas", "Zoë",    "陽菜",   "翔太"};
constexpr std::array<std::string_view, 14> kLastNames{"Smith",  "Müller",   "García", "Nguyen",    "O&#039;Brien",
                                                      "Dubois", "Kowalski", "Straße", "Fernández", "佐藤",
                                                      "鈴木",   "Jensen",   "Rossi",  "Åberg"};
constexpr std::array<std::string_view, 6> kCompanies{"Acme &amp; Co",   "Widgets Ltd",      "Smith &#039;n&#039; Sons",
                                                     "Café Größe GmbH", "株式会社サンプル", "Double &amp;amp; Encoded"};
constexpr std::array<std::string_view, 6> kCountries{"US", "DE", "GB", "FR", "JP", "NL"};
constexpr std::array<std::string_view, 3> kClientStatuses{"Active", "Inactive", "Closed"};
constexpr std::array<unsigned, 3> kClientStatusWeights{80, 12, 8};
constexpr std::array<std::string_view, 7> kServiceStatuses{"Active",    "Suspended", "Pending",  "Terminated",
                                                           "Cancelled", "Fraud",     "Completed"};
constexpr std::array<unsigned, 7> kServiceStatusWeights{55, 8, 6, 12, 12, 2, 5};
constexpr std::array<std::string_view, 8> kCycles{"Monthly",    "Quarterly",   "Semi-Annually", "Annually",
                                                  "Biennially", "Triennially", "One Time",      "Free Account"};
constexpr std::array<unsigned, 8> kCycleWeights{40, 12, 10, 20, 6, 4, 4, 4};
constexpr std::array<std::int64_t, 9> kProducts{cat::kVpsS,      cat::kVpsM,      cat::kVpsL,
                                                cat::kDediE2236, cat::kDediRyzen, cat::kSharedStarter,
                                                cat::kLegacyVps, cat::kTokyoVps,  cat::kSslCertificate};
constexpr std::array<unsigned, 9> kProductWeights{25, 20, 12, 6, 4, 15, 4, 8, 6};
constexpr std::array<unsigned, 5> kServicesPerClientWeights{15, 25, 25, 20, 15};  // 1..5 services
constexpr std::size_t kPasswordPool = 4;

// Days since 1970-01-01 to 'YYYY-MM-DD' (Howard Hinnant's civil_from_days).
std::string civil_date(std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char out[32];
    std::snprintf(out, sizeof(out), "%04d-%02d-%02d", static_cast<int>(year), static_cast<int>(month),
                  static_cast<int>(day));
    return out;
}

constexpr std::int64_t kFirstDay = 15340;  // 2012-01-01
constexpr std::int64_t kLastDay = 20239;   // 2025-05-31

std::string money(std::int64_t cents) {
    const bool negative = cents < 0;
    const std::int64_t magnitude = negative ? -cents : cents;
    std::string fraction = std::to_string(magnitude % 100);
    return (negative ? "-" : "") + std::to_string(magnitude / 100) + "." + (fraction.size() == 1 ? "0" : "") + fraction;
}

template <std::size_t N>
std::string_view pick(Rng& rng, const std::array<std::string_view, N>& items) {
    return items[rng.below(N)];
}

class Generator {
public:
    Generator(Tables& tables, Rng& rng, ProxmoxWorld& world, FirstGeneratedIds first)
        : tables_(tables), rng_(rng), world_(world), next_user_(first.user), next_service_(first.service) {}

    Status prepare_password_pool() {
        for (std::size_t i = 0; i < kPasswordPool; ++i) {
            auto hashed = bcrypt_hash("testbed-pool-" + std::to_string(i), rng_);
            if (!hashed) {
                return std::unexpected(hashed.error());
            }
            pool_.push_back(*hashed);
        }
        return {};
    }

    Status client_with_everything() {
        const bool case_duplicate = !last_email_.empty() && rng_.percent(1);
        const ClientRow row = with_email(random_client(), case_duplicate);
        auto id = tables_.add(row);
        if (!id) {
            return std::unexpected(id.error());
        }
        if (auto s = users_for(*id, row, case_duplicate); !s) {
            return s;
        }
        if (auto s = client_extras(*id); !s) {
            return s;
        }
        const std::size_t services = rng_.weighted(kServicesPerClientWeights) + 1;
        for (std::size_t i = 0; i < services; ++i) {
            if (auto s = service(*id); !s) {
                return s;
            }
        }
        return {};
    }

private:
    ClientRow random_client() {
        ClientRow row;
        row.firstname = pick(rng_, kFirstNames);
        row.lastname = pick(rng_, kLastNames);
        row.companyname = rng_.percent(40) ? std::string(pick(rng_, kCompanies)) : "";
        row.country = pick(rng_, kCountries);
        row.city = "City " + std::to_string(rng_.below(500));
        row.address1 = std::to_string(rng_.between(1, 999)) + " Generated Road";
        row.postcode = std::to_string(rng_.between(10000, 99999));
        row.phonenumber = "+1.555" + std::to_string(rng_.between(1000000, 9999999));
        row.currency = rng_.between(1, 3);
        row.status = kClientStatuses[rng_.weighted(kClientStatusWeights)];
        row.datecreated = civil_date(rng_.between(kFirstDay, kLastDay));
        row.created_at = row.datecreated + " 08:00:00";
        row.updated_at = row.created_at;
        return row;
    }

    // Emails carry the id so they stay unique; 1% repeat the previous client's in upper case.
    ClientRow with_email(ClientRow row, bool case_duplicate) {
        if (case_duplicate) {
            std::string upper = last_email_;
            for (char& c : upper) {
                c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
            }
            row.email = upper;
        } else {
            row.email = "client" + std::to_string(++email_counter_) + "@example.com";
            last_email_ = row.email;
        }
        return row;
    }

    Status users_for(std::int64_t client_id, const ClientRow& client, bool case_duplicate) {
        // 2% have no owner at all; 3% are a second account of the previous owner.
        if (rng_.percent(2)) {
            return {};
        }
        std::int64_t owner = 0;
        if (last_owner_ != 0 && rng_.percent(3)) {
            owner = last_owner_;
        } else {
            auto user = new_user(client.firstname, client.lastname,
                                 case_duplicate ? "dup" + std::to_string(client_id) + "@example.net" : client.email);
            if (!user) {
                return std::unexpected(user.error());
            }
            owner = *user;
            last_owner_ = owner;
        }
        if (auto s = tables_.add(UserClientRow{owner, client_id, 0, true, std::nullopt, client.created_at}); !s) {
            return s;
        }
        if (!rng_.percent(10)) {
            return {};
        }
        auto invited = new_user("Invited", client.lastname, "invite" + std::to_string(client_id) + "@example.org");
        if (!invited) {
            return std::unexpected(invited.error());
        }
        return tables_.add(UserClientRow{*invited, client_id, *invited, false,
                                         std::string("profile,products,invoices,tickets"), client.created_at});
    }

    // Generated users' plaintext is "testbed-pool-<id % 4>" whatever the hash format (README).
    Result<std::int64_t> new_user(std::string_view first, std::string_view last, std::string email) {
        UserRow row;
        row.first_name = first;
        row.last_name = last;
        row.email = std::move(email);
        row.created_at = "2020-11-10 09:00:00";
        row.updated_at = row.created_at;
        row.id = next_user_++;
        const std::size_t slot = static_cast<std::size_t>(row.id) % kPasswordPool;
        row.password = rng_.percent(10) ? legacy_salted_md5("testbed-pool-" + std::to_string(slot), rng_) : pool_[slot];
        return tables_.add(row);
    }

    Status client_extras(std::int64_t client_id) {
        if (rng_.percent(30)) {
            const std::string vat = "EU" + std::to_string(rng_.between(100000000, 999999999));
            if (auto s = tables_.add(CustomValueRow{cat::kClientVatNumber, client_id, vat}); !s) {
                return s;
            }
        }
        if (rng_.percent(50)) {
            constexpr std::array<std::string_view, 3> kReferrals{"Google", "Friend", "Forum &amp; Blogs"};
            if (auto s =
                    tables_.add(CustomValueRow{cat::kClientReferral, client_id, std::string(pick(rng_, kReferrals))});
                !s) {
                return s;
            }
        }
        if (rng_.percent(40)) {
            if (auto s = tables_.add(CustomValueRow{cat::kClientNewsletter, client_id, "on"}); !s) {
                return s;
            }
        }
        if (rng_.percent(15)) {
            const bool subaccount = rng_.percent(50);
            const ContactRow contact{client_id,
                                     "Contact",
                                     "Person",
                                     "contact" + std::to_string(client_id) + "@example.com",
                                     subaccount,
                                     subaccount ? legacy_salted_md5("contact-pass", rng_) : "",
                                     subaccount ? "profile,products" : ""};
            return tables_.add(contact);
        }
        return {};
    }

    Status service(std::int64_t client_id) {
        const std::int64_t product = kProducts[rng_.weighted(kProductWeights)];
        const std::string_view status = kServiceStatuses[rng_.weighted(kServiceStatusWeights)];
        const std::string_view cycle = kCycles[rng_.weighted(kCycleWeights)];
        const std::int64_t reg_day = rng_.between(kFirstDay, kLastDay);
        const std::int64_t cents = cycle == "Free Account" ? 0 : rng_.between(300, 30000);
        const bool is_server = product != cat::kSharedStarter && product != cat::kSslCertificate;
        const cat::Family& family = cat::family_of(product);

        ServiceRow row;
        row.userid = client_id;
        row.packageid = product;
        row.server = product == cat::kSharedStarter     ? cat::kCpanel1
                     : is_server && status != "Pending" ? family.servers[rng_.below(family.servers.size())]
                                                        : 0;
        row.regdate = civil_date(reg_day);
        row.paymentmethod = rng_.percent(30) ? "paypal" : "stripe";
        row.firstpaymentamount = money(cents);
        row.amount = money(cents);
        row.billingcycle = cycle;
        row.nextduedate = civil_date(reg_day + 30 * rng_.between(1, 36));
        row.nextinvoicedate = *row.nextduedate;
        row.domainstatus = status;
        row.created_at = row.regdate + " 12:00:00";
        row.updated_at = row.created_at;
        if (status == "Terminated" || status == "Cancelled") {
            row.termination_date = civil_date(reg_day + rng_.between(30, 900));
        }
        if (status == "Suspended") {
            row.suspendreason = rng_.percent(70) ? "Overdue on Payment" : "";
        }

        auto order_id = tables_.add(OrderRow{0, 0, client_id, row.created_at, row.firstpaymentamount, row.paymentmethod,
                                             status == "Pending" ? "Pending" : "Active",
                                             "203.0.113." + std::to_string(rng_.below(250))});
        if (!order_id) {
            return std::unexpected(order_id.error());
        }
        row.orderid = *order_id;
        row.id = next_service_++;
        row.domain = "gen-" + std::to_string(row.id) + ".example.net";
        row.password = world_.secrets.encrypt(generated_root_password(row.id));
        // Drawn before the row is written (in the order the draws always had) so that a VPS can sit on the cluster
        // its DataCenter_Location names.
        OptionChoice choice;
        FieldValues values;
        bool duplicate_os = false;
        if (is_server) {
            choice = options(family);
            values = fields(family);
            duplicate_os = values.os_image && rng_.percent(1);
            if (row.server != 0 && &family == &cat::vps_family()) {
                row.server = values.location == "fra1|Frankfurt"   ? cat::kPveFra1
                             : values.location == "ams1|Amsterdam" ? cat::kPveAms1
                                                                   : row.server;
            }
        }
        auto service_id = tables_.add(row);
        if (!service_id) {
            return std::unexpected(service_id.error());
        }
        if (!is_server) {
            return {};
        }
        if (auto s = add_service_options(tables_, *service_id, product, choice); !s) {
            return s;
        }
        if (auto s = add_service_fields(tables_, *service_id, product, values); !s) {
            return s;
        }
        if (duplicate_os) {  // duplicate value row, same field and service
            const auto field = cat::field_id(product, cat::ProductField::kOsImage);
            if (auto s = tables_.add(CustomValueRow{field, *service_id, std::string(*values.os_image)}); !s) {
                return s;
            }
        }
        if (auto s = vm_of(row, choice); !s) {
            return s;
        }
        if (rng_.percent(8)) {
            return tables_.add(ServiceAddonRow{*order_id, *service_id, cat::kAddonSnapshots, client_id, "", "0.00",
                                               "2.00", "Monthly", std::string(status), row.regdate, row.nextduedate,
                                               row.paymentmethod});
        }
        return {};
    }

    // A live VPS (Active or Suspended, on fra1 or ams1) runs a VM named as pvewhmcs names it, VMID 100000 + service
    // id, with the billed specs, spread over the cluster's nodes; a suspended one is stopped (pvewhmcs suspends by
    // stopping). Its module records the VMID. Whether the migration takes it (its client's state) is not the VM's
    // business.
    Status vm_of(const ServiceRow& row, const OptionChoice& choice) {
        const bool live = row.domainstatus == "Active" || row.domainstatus == "Suspended";
        const bool on_cluster = row.server == cat::kPveFra1 || row.server == cat::kPveAms1;
        if (!live || !on_cluster || !choice.ram_sub || !choice.cpu_sub || !choice.disk_sub) {
            return {};
        }
        const std::int64_t vmid = 100000 + row.id;
        if (auto s = record_vmid(tables_, row.id, row.userid, row.packageid, vmid, row.created_at); !s) {
            return s;
        }
        const bool fra1 = row.server == cat::kPveFra1;
        SimVm vm;
        vm.vmid = vmid;
        vm.node = "pve" + std::to_string(1 + row.id % (fra1 ? 3 : 2));
        vm.name = "vps" + std::to_string(row.id) + "-cus" + std::to_string(row.userid);
        vm.cores = cat::vps_cores(*choice.cpu_sub);
        vm.memory_mib = cat::vps_ram_mb(*choice.ram_sub);
        vm.disk_gb = cat::vps_disk_gb(*choice.disk_sub);
        vm.running = row.domainstatus == "Active";
        (fra1 ? world_.vms.fra1 : world_.vms.ams1).push_back(std::move(vm));
        return {};
    }

    OptionChoice options(const cat::Family& family) {
        OptionChoice choice;
        choice.ram_sub = family.ram_subs[rng_.below(family.ram_subs.size())];
        choice.cpu_sub = family.cpu_subs[rng_.below(family.cpu_subs.size())];
        choice.disk_sub = family.disk_subs[rng_.below(family.disk_subs.size())];
        if (!rng_.percent(3)) {  // the backups option was added after some orders
            choice.backups = rng_.percent(35);
        }
        choice.extra_ipv4 = rng_.percent(70) ? 0 : rng_.between(1, 4);
        if (!family.extra_subs.empty()) {
            choice.extra_sub = family.extra_subs[rng_.below(family.extra_subs.size())];
        }
        return choice;
    }

    FieldValues fields(const cat::Family& family) {
        FieldValues values;
        if (!rng_.percent(5)) {
            values.os_image = family.os_values[rng_.below(family.os_values.size())];
        }
        if (!rng_.percent(3)) {
            values.location = family.location_values[rng_.below(family.location_values.size())];
        }
        values.managed = rng_.percent(20);
        return values;
    }

    Tables& tables_;
    Rng& rng_;
    ProxmoxWorld& world_;
    std::vector<std::string> pool_;
    std::string last_email_;
    std::int64_t email_counter_ = 0;
    std::int64_t last_owner_ = 0;
    std::int64_t next_user_;
    std::int64_t next_service_;
};

}  // namespace

Status write_generated(Tables& tables, Rng& rng, ProxmoxWorld& world, std::int64_t client_count,
                       const Progress& progress) {
    Generator generator(tables, rng, world, FirstGeneratedIds{});
    if (auto s = generator.prepare_password_pool(); !s) {
        return s;
    }
    for (std::int64_t i = 1; i <= client_count; ++i) {
        if (auto s = generator.client_with_everything(); !s) {
            return s;
        }
        if (progress && (i % 10000 == 0 || i == client_count)) {
            progress(i);
        }
    }
    return {};
}

}  // namespace keel::testbed
