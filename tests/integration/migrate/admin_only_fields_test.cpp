// Issue #9: WHMCS custom fields marked admin-only (tblcustomfields.adminonly = 'on') land in
// servers.admin_attributes, never in attributes, and the API shows them to admins only.
#include "migrate_fixture.hpp"

namespace keel::testing {
namespace {

constexpr int kExitQuarantined = 3;  // the testbed holds dirty rows on purpose

using AdminOnlyFieldsTest = MigrateTest;

// Named services whose manifest entry lists admin-only field values: WHMCS service id → {field → value}.
std::map<std::int64_t, boost::json::object> admin_only_fields(const boost::json::object& manifest) {
    std::map<std::int64_t, boost::json::object> out;
    for (const auto& entry : manifest.at("named_services").as_array()) {
        const auto& expected = entry.at("expected").as_object();
        if (const auto* fields = expected.if_contains("admin_only_fields")) {
            out[entry.at("whmcs_service_id").as_int64()] = fields->as_object();
        }
    }
    return out;
}

std::string token_of(const HttpReply& login) {
    EXPECT_EQ(login.status, 200) << login.body;
    return login.status == 200 ? std::string(boost::json::parse(login.body).at("access_token").as_string()) : "";
}

TEST_F(AdminOnlyFieldsTest, LandInAdminAttributesOnly) {
    TestDatabase keel;
    ASSERT_EQ(run_migrate(keel).exit_code, kExitQuarantined);
    const auto expected = admin_only_fields(manifest());
    ASSERT_FALSE(expected.empty()) << "the testbed must hold admin-only field values";
    for (const auto& [service_id, fields] : expected) {
        SCOPED_TRACE(service_id);
        const auto where = " FROM servers WHERE whmcs_service_id = " + std::to_string(service_id);
        for (const auto& [name, value] : fields) {
            EXPECT_EQ(keel.scalar("SELECT admin_attributes->'fields'->>'" + std::string(name) + "'" + where),
                      std::string(value.as_string()));
            EXPECT_EQ(keel.scalar("SELECT count(*)" + where + " AND strpos(attributes::text, '" + std::string(name) +
                                  "') > 0"),
                      "0");
        }
    }
    // Every other migrated server has none, and no attributes anywhere name the field.
    EXPECT_EQ(keel.scalar("SELECT count(*) FROM servers WHERE admin_attributes <> '{}'::jsonb"),
              std::to_string(expected.size()));
    EXPECT_EQ(keel.scalar("SELECT count(*) FROM servers WHERE attributes::text LIKE '%Abuse Notes%'"), "0");
}

TEST_F(AdminOnlyFieldsTest, ClientNeverReadsThemAdminDoes) {
    TestDatabase keel;
    ASSERT_EQ(run_migrate(keel).exit_code, kExitQuarantined);
    ASSERT_EQ(run_keel_api(keel.url(),
                           {"users", "create", "--email", "ops@example.com", "--role", "admin", "--password-stdin"},
                           "ops-password-1\n"),
              0);
    ApiProcess api(keel.url());
    // Services 1 and 2 are alice's (WHMCS client 1), and both carry an admin-only "Abuse Notes" value.
    const auto client =
        token_of(api.client().post_json("/login", R"({"email":"alice@example.com","password":"alice-testbed-1"})"));
    const auto admin =
        token_of(api.client().post_json("/login", R"({"email":"ops@example.com","password":"ops-password-1"})"));
    const auto expected = admin_only_fields(manifest());
    ASSERT_TRUE(expected.contains(1));
    for (const auto& [service_id, fields] : expected) {
        SCOPED_TRACE(service_id);
        const auto id = keel.scalar("SELECT id FROM servers WHERE whmcs_service_id = " + std::to_string(service_id));
        const auto owner = keel.scalar(
            "SELECT u.email FROM servers s JOIN users u ON u.id = s.owner_id "
            "WHERE s.whmcs_service_id = " +
            std::to_string(service_id));
        ASSERT_EQ(owner, "alice@example.com") << "the test reads these as their owner";
        auto own = api.client().get("/servers/" + id, client);
        ASSERT_EQ(own.status, 200) << own.body;
        auto full = api.client().get("/servers/" + id, admin);
        ASSERT_EQ(full.status, 200) << full.body;
        const auto full_body = boost::json::parse(full.body).as_object();
        EXPECT_FALSE(boost::json::parse(own.body).as_object().contains("admin_attributes"));
        for (const auto& [name, value] : fields) {
            EXPECT_EQ(own.body.find(std::string(name)), std::string::npos) << own.body;
            EXPECT_EQ(own.body.find(std::string(value.as_string())), std::string::npos) << own.body;
            EXPECT_EQ(full_body.at("admin_attributes").at("fields").at(name), value);
        }
    }
    auto own_list = api.client().get("/servers?limit=100", client);
    ASSERT_EQ(own_list.status, 200);
    EXPECT_EQ(own_list.body.find("Abuse Notes"), std::string::npos) << own_list.body;
    EXPECT_EQ(own_list.body.find("admin_attributes"), std::string::npos);
    auto all_list = api.client().get("/servers?limit=100", admin);
    ASSERT_EQ(all_list.status, 200);
    EXPECT_NE(all_list.body.find("Abuse Notes"), std::string::npos);
}

}  // namespace
}  // namespace keel::testing
