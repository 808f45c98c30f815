// Each named service in manifest.json must be in the database exactly as described: the WHMCS row, its
// owner, the raw option and field values (highest id wins), and whether the migrator takes it.
#include "tests/integration/testbed/migration_scope_sql.hpp"
#include "tests/integration/testbed/testbed_environment.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>

namespace keel::testbed::test {
namespace {

namespace json = boost::json;
using TestbedNamedServices = SeededTestbed;
using TextMap = std::map<std::string, std::string>;

// Rows of (key, value); later rows overwrite earlier ones, as "highest id wins" needs.
Result<TextMap> text_map(whmcs::MariadbConnection& connection, const std::string& sql) {
    auto rows = connection.stream(sql);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    TextMap values;
    while (true) {
        auto more = rows->next();
        if (!more) {
            return std::unexpected(more.error());
        }
        if (!*more) {
            return values;
        }
        values[std::string(rows->value(0).value_or("NULL"))] = std::string(rows->value(1).value_or("NULL"));
    }
}

TextMap text_map_of(const json::object& object) {
    TextMap values;
    for (const auto& [key, value] : object) {
        values[std::string(key)] = std::string(value.as_string());
    }
    return values;
}

std::string text(const json::value& value) {
    return value.is_null() ? "NULL" : json::value_to<std::string>(value);
}

TEST_F(TestbedNamedServices, RowsMatchManifest) {
    for (const auto& entry : db().manifest.at("named_services").as_array()) {
        const auto& service = entry.as_object();
        SCOPED_TRACE(text(service.at("name")));
        const std::string id = std::to_string(service.at("whmcs_service_id").as_int64());
        auto row =
            text_map(connection(), "SELECT 'domain', domain FROM tblhosting WHERE id = " + id +
                                       " UNION ALL SELECT 'client', userid FROM tblhosting WHERE id = " + id +
                                       " UNION ALL SELECT 'product', packageid FROM tblhosting WHERE id = " + id +
                                       " UNION ALL SELECT 'server', server FROM tblhosting WHERE id = " + id +
                                       " UNION ALL SELECT 'status', domainstatus FROM tblhosting WHERE id = " + id +
                                       " UNION ALL SELECT 'cycle', billingcycle FROM tblhosting WHERE id = " + id +
                                       " UNION ALL SELECT 'amount', amount FROM tblhosting WHERE id = " + id);
        ASSERT_TRUE(row) << row.error().detail;
        const TextMap expected{
            {"domain", text(service.at("domain"))},
            {"client", std::to_string(service.at("whmcs_client_id").as_int64())},
            {"product", std::to_string(service.at("whmcs_product_id").as_int64())},
            {"server", std::to_string(service.at("whmcs_server_id").as_int64())},
            {"status", text(service.at("status"))},
            {"cycle", text(service.at("billing_cycle"))},
            {"amount", text(service.at("recurring_amount"))},
        };
        EXPECT_EQ(*row, expected);
    }
}

TEST_F(TestbedNamedServices, OwnersMatchManifest) {
    for (const auto& entry : db().manifest.at("named_services").as_array()) {
        const auto& service = entry.as_object();
        SCOPED_TRACE(text(service.at("name")));
        const std::string client = std::to_string(service.at("whmcs_client_id").as_int64());
        auto owner = connection().query_value(
            "SELECT u.email FROM tblusers_clients uc JOIN tblusers u ON u.id = uc.auth_user_id "
            "WHERE uc.owner = 1 AND uc.client_id = " +
            client);
        ASSERT_TRUE(owner) << owner.error().detail;
        EXPECT_EQ(owner->value_or("NULL"), text(service.at("owner_email")));
    }
}

TEST_F(TestbedNamedServices, RawOptionsAndFieldsMatchManifest) {
    for (const auto& entry : db().manifest.at("named_services").as_array()) {
        const auto& service = entry.as_object();
        SCOPED_TRACE(text(service.at("name")));
        const std::string id = std::to_string(service.at("whmcs_service_id").as_int64());
        const auto& raw = service.at("whmcs_raw").as_object();
        auto options = text_map(
            connection(),
            "SELECT co.optionname, IF(co.optiontype IN ('1', '2'), IFNULL(s.optionname, CONCAT('<missing "
            "sub-option ', hco.optionid, '>')), hco.qty) FROM tblhostingconfigoptions hco JOIN "
            "tblproductconfigoptions co ON co.id = hco.configid LEFT JOIN tblproductconfigoptionssub s ON s.id = "
            "hco.optionid WHERE hco.relid = " +
                id + " ORDER BY hco.id");
        ASSERT_TRUE(options) << options.error().detail;
        EXPECT_EQ(*options, text_map_of(raw.at("config_options").as_object()));
        auto fields = text_map(connection(),
                               "SELECT f.fieldname, v.value FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON "
                               "f.id = v.fieldid AND f.type = 'product' WHERE v.relid = " +
                                   id + " ORDER BY v.id");
        ASSERT_TRUE(fields) << fields.error().detail;
        EXPECT_EQ(*fields, text_map_of(raw.at("custom_fields").as_object()));
    }
}

TEST_F(TestbedNamedServices, MigrationDecisionMatchesManifest) {
    auto reasons = text_map(connection(), std::string(kServiceReasonSql));
    ASSERT_TRUE(reasons) << reasons.error().detail;
    for (const auto& entry : db().manifest.at("named_services").as_array()) {
        const auto& service = entry.as_object();
        SCOPED_TRACE(text(service.at("name")));
        const auto& expected = service.at("expected").as_object();
        const std::string id = std::to_string(service.at("whmcs_service_id").as_int64());
        const std::string want = expected.at("migrate").as_bool() ? "migrate" : text(expected.at("skip_reason"));
        EXPECT_EQ((*reasons)[id], want);
    }
}

}  // namespace
}  // namespace keel::testbed::test
