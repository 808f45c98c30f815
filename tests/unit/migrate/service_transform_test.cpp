#include "migrate/service_transform.hpp"

#include <gtest/gtest.h>

namespace keel::migrate {
namespace {

whmcs::ChosenOption dropdown(std::int64_t row, std::int64_t config, const char* name, std::optional<std::string> sub) {
    return {row, config, std::string(name), 1, 100 + config, std::move(sub), 0};
}
whmcs::ChosenOption quantity(std::int64_t row, std::int64_t config, const char* name, int type, int qty) {
    return {row, config, std::string(name), type, 0, std::nullopt, qty};
}

whmcs::ServiceRow vps() {
    whmcs::ServiceRow row;
    row.id = 1;
    row.client_id = 1;
    row.product_id = 1;
    row.domain = "web-1.example.com";
    row.status = "Active";
    row.billing_cycle = "Monthly";
    row.registered_on = "2024-01-02";
    row.next_due_on = "0000-00-00";
    row.client_status = "Active";
    row.product_type = "server";
    row.product_name = "VPS &amp; More";
    row.options = {dropdown(1, 1, "ram|Memory", "4096|4 GB"), dropdown(2, 2, "CPU Cores", "2 vCPUs"),
                   dropdown(3, 3, "Disk Space", "50|50 GB NVMe"), quantity(4, 4, "Backups", 3, 1),
                   quantity(5, 5, "Extra IPv4 Addresses", 4, 2)};
    row.fields = {{1, 11, "OS_Image", "dropdown", "debian-12|Debian 12"},
                  {2, 12, "DataCenter_Location", "dropdown", "fra1|Frankfurt"},
                  {3, 14, "Root Password", "password", "hunter2"},
                  {4, 15, "Managed Support", "tickbox", "on"}};
    return row;
}

const db::ImportedServer& server_of(const ServiceOutcome& outcome) {
    return std::get<TransformedServer>(outcome).server;
}

TEST(TransformService, ReadsEveryOptionTypeIntoColumns) {
    auto outcome = transform_service(vps(), Mapping::defaults());
    ASSERT_TRUE(std::holds_alternative<TransformedServer>(outcome));
    const auto& server = server_of(outcome);
    EXPECT_EQ(server.ram_mb, 4096);
    EXPECT_EQ(server.cpu_cores, 2);
    EXPECT_EQ(server.disk_gb, 50);
    EXPECT_EQ(server.backups, true);
    EXPECT_EQ(server.extra_ipv4, 2);
    EXPECT_EQ(server.os_image, "debian-12");
    EXPECT_EQ(server.datacenter, "fra1");
    EXPECT_EQ(server.status, "active");
    EXPECT_EQ(server.next_due_on, std::nullopt);  // zero date
}

TEST(TransformService, NeverCopiesPasswordsInClear) {
    const auto outcome = transform_service(vps(), Mapping::defaults());
    const auto& server = server_of(outcome);
    EXPECT_EQ(server.attributes_json.find("hunter2"), std::string::npos);
    // Password fields become the server's sealed credential (issue #11), never an attribute.
    EXPECT_EQ(server.attributes_json.find("Root Password"), std::string::npos);
    EXPECT_NE(server.attributes_json.find(R"("Managed Support":true)"), std::string::npos);
    EXPECT_NE(server.attributes_json.find(R"("product":"VPS & More")"), std::string::npos);
}

TEST(TransformService, VmidFieldIsLinkDataNotAnAttribute) {
    for (const char* name : {"vmid|VM ID", "VMID", " VmId &#124;Proxmox"}) {
        SCOPED_TRACE(name);
        auto row = vps();
        row.fields.push_back({7, 18, name, "text", "4242"});
        const auto outcome = transform_service(row, Mapping::defaults());
        const auto& transformed = std::get<TransformedServer>(outcome);
        EXPECT_EQ(transformed.server.attributes_json.find("4242"), std::string::npos);
        EXPECT_EQ(transformed.unmapped, (std::vector<std::string>{"Managed Support"}));
    }
}

TEST(TransformService, AdminOnlyFieldsLandOnlyInAdminAttributes) {
    auto row = vps();
    row.fields.push_back({5, 16, "Abuse Notes", "text", "chargeback 2024-03 &amp; warned", true});
    row.fields.push_back({6, 17, "Staff Password", "password", "t0p-secret", true});
    const auto outcome = transform_service(row, Mapping::defaults());
    const auto& transformed = std::get<TransformedServer>(outcome);
    EXPECT_EQ(transformed.server.attributes_json.find("Abuse Notes"), std::string::npos);
    EXPECT_EQ(transformed.server.attributes_json.find("chargeback"), std::string::npos);
    EXPECT_EQ(transformed.server.attributes_json.find("Staff Password"), std::string::npos);
    EXPECT_EQ(transformed.server.admin_attributes_json, R"({"fields":{"Abuse Notes":"chargeback 2024-03 & warned"}})");
    // Named by no mapping on purpose: admin-only fields are not reported as unmapped.
    EXPECT_EQ(transformed.unmapped, (std::vector<std::string>{"Managed Support"}));
}

TEST(TransformService, AdminOnlyFieldNeverFillsAColumnAClientReads) {
    auto row = vps();
    row.fields = {{1, 11, "OS_Image", "dropdown", "debian-12|Debian 12", true}};
    const auto outcome = transform_service(row, Mapping::defaults());
    const auto& server = server_of(outcome);
    EXPECT_EQ(server.os_image, std::nullopt);
    EXPECT_EQ(server.admin_attributes_json, R"({"fields":{"OS_Image":"Debian 12"}})");
}

TEST(TransformService, NoAdminOnlyFieldsLeavesAdminAttributesEmpty) {
    EXPECT_EQ(server_of(transform_service(vps(), Mapping::defaults())).admin_attributes_json, "{}");
}

TEST(TransformService, HighestRowIdWinsForDuplicateOptions) {
    auto row = vps();
    row.options.push_back(dropdown(9, 1, "ram|Memory", "8192|8 GB"));
    EXPECT_EQ(server_of(transform_service(row, Mapping::defaults())).ram_mb, 8192);
}

TEST(TransformService, UnmappedOptionsAreKeptAndListed) {
    auto row = vps();
    row.options.push_back(dropdown(10, 9, "Flux Capacitor Tier", "&Uuml;berdrive"));
    auto outcome = transform_service(row, Mapping::defaults());
    const auto& transformed = std::get<TransformedServer>(outcome);
    EXPECT_EQ(transformed.unmapped, (std::vector<std::string>{"Flux Capacitor Tier", "Managed Support"}));
    EXPECT_NE(transformed.server.attributes_json.find(R"("Flux Capacitor Tier":"Überdrive")"), std::string::npos);
}

struct SkipCase {
    const char* name;
    void (*mutate)(whmcs::ServiceRow&);
    SkipReason want;
};

TEST(TransformService, SkipsWithReasons) {
    const SkipCase cases[] = {
        {"terminated", [](whmcs::ServiceRow& r) { r.status = "Terminated"; }, SkipReason::kStatusNotMigrated},
        {"fraud", [](whmcs::ServiceRow& r) { r.status = "Fraud"; }, SkipReason::kStatusNotMigrated},
        {"deleted_client", [](whmcs::ServiceRow& r) { r.client_status.reset(); }, SkipReason::kClientMissing},
        {"closed_client", [](whmcs::ServiceRow& r) { r.client_status = "Closed"; }, SkipReason::kClientNotActive},
        {"product_zero_and_no_spec",
         [](whmcs::ServiceRow& r) {
             r.product_id = 0;
             r.product_type.reset();
             r.options.clear();
         },
         SkipReason::kProductMissing},
        {"shared_hosting", [](whmcs::ServiceRow& r) { r.product_type = "hostingaccount"; },
         SkipReason::kNotServerProduct},
        {"product_deleted_and_no_spec",
         [](whmcs::ServiceRow& r) {
             r.product_type.reset();
             r.options.clear();
         },
         SkipReason::kProductMissing},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto row = vps();
        c.mutate(row);
        auto outcome = transform_service(row, Mapping::defaults());
        ASSERT_TRUE(std::holds_alternative<Skip>(outcome));
        EXPECT_EQ(std::get<Skip>(outcome).reason, c.want);
    }
}

struct WarningCase {
    const char* name;
    void (*mutate)(whmcs::ServiceRow&);
    std::vector<WarningKind> want;
    const char* detail;  // in the first warning
};

// The VM is the truth: incomplete billing data never drops an Active service of an Active client.
TEST(TransformService, MigratesIncompleteBillingDataWithWarnings) {
    const WarningCase cases[] = {
        {"deleted_sub_option",
         [](whmcs::ServiceRow& r) { r.options[0].sub_option_name.reset(); },
         {WarningKind::kSpecIncomplete},
         "ram_mb left empty: option \"Memory\" points at deleted sub-option 101"},
        {"unreadable_value",
         [](whmcs::ServiceRow& r) { r.options[2].sub_option_name = "plenty"; },
         {WarningKind::kSpecIncomplete},
         "disk_gb left empty: cannot read \"plenty\""},
        {"no_options",
         [](whmcs::ServiceRow& r) { r.options.clear(); },
         {WarningKind::kSpecIncomplete, WarningKind::kSpecIncomplete, WarningKind::kSpecIncomplete},
         "ram_mb left empty: no option or field names it"},
        {"product_deleted_but_options_say_server",
         [](whmcs::ServiceRow& r) {
             r.product_id = 7;
             r.product_type.reset();
         },
         {WarningKind::kProductMissing},
         "product 7 does not exist; recognised as a server by its options"},
        {"complete", [](whmcs::ServiceRow&) {}, {}, ""},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto row = vps();
        c.mutate(row);
        auto outcome = transform_service(row, Mapping::defaults());
        ASSERT_TRUE(std::holds_alternative<TransformedServer>(outcome));
        const auto& warnings = std::get<TransformedServer>(outcome).warnings;
        std::vector<WarningKind> kinds;
        for (const auto& warning : warnings) {
            kinds.push_back(warning.kind);
        }
        EXPECT_EQ(kinds, c.want);
        if (!warnings.empty()) {
            EXPECT_EQ(warnings.front().detail, c.detail);
        }
    }
}

TEST(TransformService, DeletedSubOptionLeavesOnlyThatSpecEmpty) {
    auto row = vps();
    row.options[0].sub_option_name.reset();
    const auto outcome = transform_service(row, Mapping::defaults());
    const auto& server = server_of(outcome);
    EXPECT_EQ(server.ram_mb, std::nullopt);
    EXPECT_EQ(server.cpu_cores, 2);
    EXPECT_EQ(server.disk_gb, 50);
}

TEST(TransformService, SuspendedStaysSuspendedAndEmptyDomainGetsAName) {
    auto row = vps();
    row.status = "Suspended";
    row.domain = "";
    const auto outcome = transform_service(row, Mapping::defaults());
    const auto& server = server_of(outcome);
    EXPECT_EQ(server.status, "suspended");
    EXPECT_EQ(server.hostname, "whmcs-service-1");
}

TEST(NormaliseDate, MatchesTable) {
    EXPECT_EQ(normalise_date("2024-02-29"), "2024-02-29");
    EXPECT_EQ(normalise_date("2024-02-29 10:00:00"), "2024-02-29");
    EXPECT_EQ(normalise_date("0000-00-00"), std::nullopt);
    EXPECT_EQ(normalise_date("0000-00-00 00:00:00"), std::nullopt);
    EXPECT_EQ(normalise_date(""), std::nullopt);
    EXPECT_EQ(normalise_date("2024-00-10"), std::nullopt);
}

}  // namespace
}  // namespace keel::migrate
