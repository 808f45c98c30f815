// Every case the migration must handle is present in the seeded fixture; one row per quirk (README lists
// where each lives). A count below `at_least` means the fixture silently lost a case.
#include "tests/integration/testbed/testbed_environment.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace keel::testbed::test {
namespace {

using TestbedQuirks = SeededTestbed;

struct QuirkCase {
    std::string_view name;
    std::string_view count_sql;
    std::int64_t at_least;
};

const QuirkCase kQuirks[] = {
    {"client_statuses_all_three", "SELECT COUNT(DISTINCT status) FROM tblclients", 3},
    {"service_statuses_all_seven", "SELECT COUNT(DISTINCT domainstatus) FROM tblhosting", 7},
    {"billing_cycles_all_eight",
     "SELECT COUNT(DISTINCT billingcycle) FROM tblhosting WHERE billingcycle IN ('Free Account', 'One Time', "
     "'Monthly', 'Quarterly', 'Semi-Annually', 'Annually', 'Biennially', 'Triennially')",
     8},
    {"empty_billing_cycle", "SELECT COUNT(*) FROM tblhosting WHERE billingcycle = ''", 1},
    {"services_on_servers", "SELECT COUNT(*) FROM tblhosting h JOIN tblservers s ON s.id = h.server", 1},
    {"option_types_all_four", "SELECT COUNT(DISTINCT optiontype) FROM tblproductconfigoptions", 4},
    {"yes_no_option_both_ways",
     "SELECT COUNT(DISTINCT hco.qty) FROM tblhostingconfigoptions hco JOIN tblproductconfigoptions o ON o.id = "
     "hco.configid WHERE o.optiontype = '3'",
     2},
    {"quantity_option_above_one",
     "SELECT COUNT(*) FROM tblhostingconfigoptions hco JOIN tblproductconfigoptions o ON o.id = hco.configid "
     "WHERE o.optiontype = '4' AND hco.qty > 1",
     1},
    {"user_owning_two_accounts",
     "SELECT COUNT(*) FROM (SELECT auth_user_id FROM tblusers_clients WHERE owner = 1 GROUP BY auth_user_id "
     "HAVING COUNT(*) >= 2) owners",
     1},
    {"invited_users", "SELECT COUNT(*) FROM tblusers_clients WHERE owner = 0", 1},
    {"client_without_owner",
     "SELECT COUNT(*) FROM tblclients c WHERE NOT EXISTS (SELECT 1 FROM tblusers_clients uc WHERE uc.client_id = "
     "c.id AND uc.owner = 1)",
     1},
    {"active_client_without_login_with_active_service",
     "SELECT COUNT(*) FROM tblhosting h JOIN tblclients c ON c.id = h.userid AND c.status = 'Active' WHERE "
     "h.domainstatus = 'Active' AND NOT EXISTS (SELECT 1 FROM tblusers_clients uc JOIN tblusers u ON u.id = "
     "uc.auth_user_id WHERE uc.client_id = c.id)",
     1},
    {"link_to_missing_user",
     "SELECT COUNT(*) FROM tblusers_clients uc LEFT JOIN tblusers u ON u.id = uc.auth_user_id WHERE u.id IS NULL", 1},
    {"bcrypt_passwords", "SELECT COUNT(*) FROM tblusers WHERE password LIKE '$2y$10$%' AND LENGTH(password) = 60", 1},
    {"salted_md5_passwords", "SELECT COUNT(*) FROM tblusers WHERE password REGEXP '^[0-9a-f]{32}:.{5}$'", 1},
    {"bare_md5_passwords", "SELECT COUNT(*) FROM tblusers WHERE password REGEXP '^[0-9a-f]{32}$'", 1},
    {"html_entity_amp", "SELECT COUNT(*) FROM tblclients WHERE companyname LIKE '%&amp;%'", 1},
    {"html_entity_apostrophe", "SELECT COUNT(*) FROM tblclients WHERE companyname LIKE '%&#039;%'", 1},
    {"html_double_encoded", "SELECT COUNT(*) FROM tblproducts WHERE name LIKE '%&amp;amp;%'", 1},
    {"zero_date_service", "SELECT COUNT(*) FROM tblhosting WHERE regdate = '0000-00-00'", 1},
    {"zero_date_client", "SELECT COUNT(*) FROM tblclients WHERE datecreated = '0000-00-00'", 1},
    {"null_next_due_date", "SELECT COUNT(*) FROM tblhosting WHERE nextduedate IS NULL", 1},
    {"service_of_deleted_client",
     "SELECT COUNT(*) FROM tblhosting h LEFT JOIN tblclients c ON c.id = h.userid WHERE c.id IS NULL", 1},
    {"service_of_deleted_product",
     "SELECT COUNT(*) FROM tblhosting h LEFT JOIN tblproducts p ON p.id = h.packageid WHERE h.packageid > 0 AND "
     "p.id IS NULL",
     1},
    {"service_of_product_zero", "SELECT COUNT(*) FROM tblhosting WHERE packageid = 0", 1},
    {"option_row_of_deleted_sub_option",
     "SELECT COUNT(*) FROM tblhostingconfigoptions hco LEFT JOIN tblproductconfigoptionssub s ON s.id = "
     "hco.optionid WHERE s.id IS NULL",
     1},
    {"duplicate_option_rows",
     "SELECT COUNT(*) FROM (SELECT relid FROM tblhostingconfigoptions GROUP BY relid, configid HAVING COUNT(*) > 1) d",
     1},
    {"duplicate_custom_field_values",
     "SELECT COUNT(*) FROM (SELECT relid FROM tblcustomfieldsvalues GROUP BY fieldid, relid HAVING COUNT(*) > 1) d", 1},
    {"case_duplicate_client_emails",
     "SELECT COUNT(*) FROM (SELECT LOWER(email) FROM tblclients GROUP BY LOWER(email) HAVING COUNT(DISTINCT "
     "BINARY email) > 1) d",
     1},
    {"pipe_in_option_name", "SELECT COUNT(*) FROM tblproductconfigoptions WHERE optionname LIKE '%|%'", 1},
    {"pipe_in_sub_option_name", "SELECT COUNT(*) FROM tblproductconfigoptionssub WHERE optionname LIKE '%|%'", 1},
    {"pipe_in_custom_field_name", "SELECT COUNT(*) FROM tblcustomfields WHERE fieldname LIKE '%|%'", 1},
    {"pipe_in_dropdown_options", "SELECT COUNT(*) FROM tblcustomfields WHERE fieldoptions LIKE '%|%'", 1},
    {"unguessable_option_name", "SELECT COUNT(*) FROM tblproductconfigoptions WHERE optionname = 'Flux Capacitor Tier'",
     1},
    {"negative_amount", "SELECT COUNT(*) FROM tblhosting WHERE amount < 0", 1},
    {"disabled_cycle_pricing", "SELECT COUNT(*) FROM tblpricing WHERE triennially = -1.00", 1},
    {"custom_field_types",
     "SELECT COUNT(DISTINCT fieldtype) FROM tblcustomfields WHERE fieldtype IN ('dropdown', 'text', 'password', "
     "'tickbox')",
     4},
    {"client_custom_fields",
     "SELECT COUNT(*) FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = "
     "v.fieldid WHERE f.type = 'client'",
     1},
    {"admin_only_custom_field_values",
     "SELECT COUNT(*) FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = v.fieldid WHERE f.adminonly = 'on'",
     2},
    {"service_missing_os_value",
     "SELECT COUNT(*) FROM tblhosting h JOIN tblproducts p ON p.id = h.packageid AND p.type = 'server' WHERE NOT "
     "EXISTS (SELECT 1 FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = v.fieldid WHERE v.relid = h.id "
     "AND f.type = 'product' AND f.fieldname LIKE 'OS_Image%')",
     1},
    {"non_ascii_e_acute", "SELECT COUNT(*) FROM tblclients WHERE HEX(firstname) LIKE '%C3A9%'", 1},
    {"non_ascii_sharp_s", "SELECT COUNT(*) FROM tblclients WHERE HEX(lastname) LIKE '%C39F%'", 1},
    {"non_ascii_japanese", "SELECT COUNT(*) FROM tblproductgroups WHERE HEX(name) LIKE '%E697A5E69CAC%'", 1},
    {"latin1_table_holds_utf8_bytes",
     "SELECT COUNT(*) FROM tblticketmaillog WHERE HEX(name) LIKE '%C3A9%' AND (SELECT table_collation FROM "
     "information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'tblticketmaillog') = "
     "'latin1_swedish_ci'",
     1},
    {"proxmox_token_servers",
     "SELECT COUNT(*) FROM tblservers WHERE type IN ('pvewhmcs', 'proxmoxVPS') AND username "
     "LIKE '%!%' AND password <> ''",
     2},
    {"proxmox_password_login_server",
     "SELECT COUNT(*) FROM tblservers WHERE type = 'pvewhmcs' AND username = 'root' AND accesshash = 'pam'", 1},
    {"pvewhmcs_vm_rows", "SELECT COUNT(*) FROM mod_pvewhmcs_vms", 1},
    {"pvewhmcs_service_without_vm_row",
     "SELECT COUNT(*) FROM tblhosting h JOIN tblproducts p ON p.id = h.packageid AND p.servertype = 'pvewhmcs' WHERE "
     "h.domainstatus = 'Active' AND NOT EXISTS (SELECT 1 FROM mod_pvewhmcs_vms m WHERE m.id = h.id)",
     1},
    {"vmid_custom_field_values",
     "SELECT COUNT(*) FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = v.fieldid WHERE f.fieldname = "
     "'vmid|VM ID'",
     1},
    {"encrypted_service_passwords", "SELECT COUNT(*) FROM tblhosting WHERE password <> ''", 1},
    {"whmcs_tables_are_utf8mb3",
     "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_collation = "
     "'utf8mb3_unicode_ci'",
     21},
};

TEST_F(TestbedQuirks, EveryQuirkIsPresent) {
    for (const QuirkCase& quirk : kQuirks) {
        SCOPED_TRACE(quirk.name);
        auto count = query_int(connection(), quirk.count_sql);
        ASSERT_TRUE(count) << count.error().detail;
        EXPECT_GE(*count, quirk.at_least);
    }
}

}  // namespace
}  // namespace keel::testbed::test
