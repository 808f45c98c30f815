// SourceReader's linking reads (issue #11) against a real MariaDB: a scratch database holding WHMCS's own table
// definitions (testbed/schema.sql) and the module tables, with only the rows each test needs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "whmcs/mariadb_connection.hpp"
#include "whmcs/mysql_url.hpp"
#include "whmcs/source_reader.hpp"

namespace keel::whmcs {
namespace {

// The WHMCS tables the reads touch, defined exactly as the testbed (and WHMCS 8.4) defines them.
constexpr std::string_view kWhmcsTables[] = {
    "tblservers",
    "tblhosting",
    "tblproducts",
    "tblclients",
    "tblcustomfields",
    "tblcustomfieldsvalues",
    "tblhostingconfigoptions",
    "tblproductconfigoptions",
    "tblproductconfigoptionssub",
};

// pvewhmcs's modules/addons/pvewhmcs/db.sql: id is tblhosting.id.
constexpr std::string_view kPvewhmcsTable =
    "CREATE TABLE `mod_pvewhmcs_vms` (`id` int(10) unsigned NOT NULL, `user_id` int(10) NOT NULL, "
    "`vtype` varchar(255) NOT NULL DEFAULT 'qemu', `ipaddress` varchar(255) NOT NULL DEFAULT '', "
    "`subnetmask` varchar(255) NOT NULL DEFAULT '', `gateway` varchar(255) NOT NULL DEFAULT '', "
    "`created` datetime DEFAULT NULL, `vmid` int(10) DEFAULT NULL, `node_id` int(10) DEFAULT NULL, "
    "`v6prefix` varchar(255) NOT NULL DEFAULT '', PRIMARY KEY (`id`)) ENGINE=InnoDB";
constexpr std::string_view kMappedTable =
    "CREATE TABLE `mod_mymodule_vms` (`id` int(10) NOT NULL AUTO_INCREMENT, `service_id` int(10) NOT NULL, "
    "`vm_number` int(10) NOT NULL, PRIMARY KEY (`id`), KEY `service_id` (`service_id`)) ENGINE=InnoDB";

// The rows: products by module, services 101-108, where each module records the VMID.
constexpr std::string_view kRows[] = {
    "INSERT INTO tblservers (id, name, type, hostname, ipaddress, port, username, password, accesshash, disabled) "
    "VALUES (8, 'FRA1', 'pvewhmcs', 'pve.fra1.example', '203.0.113.10', 8006, 'whmcs@pve!keel', 'ZW5j', '', 0), "
    "(9, 'ams &amp; 1', 'ProxmoxVPS', '', '2001:db8::9', NULL, 'root!mg', 'ZW5jMg==', 'pam', 1), "
    "(10, 'cPanel box', 'cpanel', 'cp.example', '', 2087, 'root', 'eA==', '', 0)",
    "INSERT INTO tblproducts (id, type, name, servertype) VALUES (1, 'server', 'PVE VPS', 'pvewhmcs'), "
    "(2, 'server', 'MG VPS', 'proxmoxVPS'), (3, 'server', 'Custom VPS', 'proxmox_custom'), "
    "(4, 'server', 'My VPS', 'mymodule'), (5, 'server', 'Entity VPS', 'proxmoxVPS')",
    "INSERT INTO tblclients (id, status) VALUES (1, 'Active')",
    "INSERT INTO tblhosting (id, userid, packageid, server, domain, domainstatus, dedicatedip, password) VALUES "
    "(101, 1, 1, 8, 'a.example', 'Active', '203.0.113.5', 'cm9vdHB3'), (102, 1, 1, 8, 'b.example', 'Active', '', ''), "
    "(103, 1, 2, 9, 'c.example', 'Suspended', '', ''), (104, 1, 3, 9, 'd.example', 'Active', '', ''), "
    "(105, 1, 5, 9, 'e.example', 'Active', '', ''), (106, 1, 4, 9, 'f.example', 'Active', '', ''), "
    "(107, 1, 2, 9, 'g.example', 'Active', '', ''), (108, 1, 99, 8, 'h.example', 'Active', '', '')",
    "INSERT INTO mod_pvewhmcs_vms (id, user_id, vmid) VALUES (101, 1, 105)",
    "INSERT INTO tblcustomfields (id, type, relid, fieldname, fieldtype) VALUES "
    "(1, 'product', 2, 'vmid|VM ID', 'text'), (2, 'product', 3, 'VMID', 'text'), "
    "(3, 'product', 5, ' vmid&#124;Proxmox', 'text'), (4, 'product', 2, 'vmid2|Old', 'text'), "
    "(5, 'client', 0, 'vmid', 'text')",
    // 103 has two rows for its field (a re-save): the highest row id wins.
    "INSERT INTO tblcustomfieldsvalues (id, fieldid, relid, value) VALUES (1, 1, 103, '300'), (2, 4, 103, '999'), "
    "(3, 1, 103, '301'), (4, 2, 104, 'abc'), (5, 3, 105, '555'), (6, 4, 107, '400'), (7, 5, 107, '401'), "
    "(8, 5, 101, '402')",
    "INSERT INTO mod_mymodule_vms (service_id, vm_number) VALUES (106, 777), (101, 778)",
};

std::string read_file(const std::string& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// `CREATE TABLE `name` (…);` as schema.sql has it.
std::optional<std::string> table_ddl(const std::string& schema, std::string_view table) {
    const auto start = schema.find("CREATE TABLE `" + std::string(table) + "` (");
    if (start == std::string::npos) {
        return std::nullopt;
    }
    const auto end = schema.find(";\n", start);
    return schema.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

class SourceLinks : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const char* admin_url = std::getenv("WHMCS_ADMIN_URL");
        const char* source_dir = std::getenv("KEEL_SOURCE_DIR");
        if (admin_url == nullptr || source_dir == nullptr) {
            skip_reason_ = "WHMCS_ADMIN_URL or KEEL_SOURCE_DIR not set (eval \"$(./dev env)\"; run through ctest)";
            return;
        }
        auto url = parse_mysql_url(admin_url);
        if (!url) {
            setup_error_ = url.error().detail;
            return;
        }
        server_ = *url;
        server_.database.clear();
        database_ = "whmcs_links_" + std::to_string(::getpid());
        setup_error_ = create_database(read_file(std::string(source_dir) + "/testbed/schema.sql"));
    }

    static void TearDownTestSuite() {
        if (database_.empty()) {
            return;
        }
        if (auto connection = MariadbConnection::connect(server_)) {
            (void)connection->execute("DROP DATABASE IF EXISTS `" + database_ + "`");
        }
    }

    static std::string create_database(const std::string& schema) {
        auto connection = MariadbConnection::connect(server_);
        if (!connection) {
            return connection.error().detail;
        }
        std::vector<std::string> statements{"DROP DATABASE IF EXISTS `" + database_ + "`",
                                            "CREATE DATABASE `" + database_ + "` CHARACTER SET utf8mb4",
                                            "USE `" + database_ + "`",
                                            // WHMCS's NOT NULL columns without defaults take '' and 0, as it runs.
                                            "SET SESSION sql_mode = ''"};
        for (const auto table : kWhmcsTables) {
            auto ddl = table_ddl(schema, table);
            if (!ddl) {
                return "testbed/schema.sql has no table " + std::string(table);
            }
            statements.push_back(*ddl);
        }
        statements.emplace_back(kPvewhmcsTable);
        statements.emplace_back(kMappedTable);
        for (const auto row : kRows) {
            statements.emplace_back(row);
        }
        for (const auto& sql : statements) {
            if (auto done = connection->execute(sql); !done) {
                return done.error().detail;
            }
        }
        return "";
    }

    void SetUp() override {
        if (!skip_reason_.empty()) {
            GTEST_SKIP() << skip_reason_;
        }
        ASSERT_EQ(setup_error_, "");
        auto url = server_;
        url.database = database_;
        auto reader = SourceReader::open(url);
        ASSERT_TRUE(reader) << reader.error().detail;
        reader_.emplace(std::move(*reader));
        ASSERT_TRUE(reader_->begin_snapshot());
    }

    SourceReader& reader() { return *reader_; }

    // All services from `after`, read in pages of `limit`.
    std::vector<ServiceLinkRow> all_links(const VmidSources& sources, int limit) {
        std::vector<ServiceLinkRow> all;
        std::int64_t after = 0;
        while (true) {
            auto page = reader().next_service_links(after, limit, sources);
            EXPECT_TRUE(page) << page.error().detail;
            if (!page || page->empty()) {
                return all;
            }
            EXPECT_LE(page->size(), static_cast<std::size_t>(limit));
            after = page->back().service_id;
            all.insert(all.end(), page->begin(), page->end());
        }
    }

private:
    static inline std::string skip_reason_, setup_error_, database_;
    static inline MysqlUrl server_;
    std::optional<SourceReader> reader_;
};

TEST_F(SourceLinks, HasTableSeesOnlyThisDatabase) {
    EXPECT_EQ(reader().has_table("mod_pvewhmcs_vms"), true);
    EXPECT_EQ(reader().has_table("tblhosting"), true);
    EXPECT_EQ(reader().has_table("mod_promox_addon_vms"), false);
    EXPECT_EQ(reader().has_table("user"), false);  // mysql.user exists, in another schema
    auto bad = reader().has_table("x`; DROP TABLE tblhosting; --");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST_F(SourceLinks, HypervisorsOfTheGivenTypesOnly) {
    auto servers = reader().hypervisors({"pvewhmcs", "proxmoxvps"});
    ASSERT_TRUE(servers) << servers.error().detail;
    ASSERT_EQ(servers->size(), 2U);
    const auto& fra = (*servers)[0];
    EXPECT_EQ(fra.id, 8);
    EXPECT_EQ(fra.name, "FRA1");
    EXPECT_EQ(fra.type, "pvewhmcs");
    EXPECT_EQ(fra.hostname, "pve.fra1.example");
    EXPECT_EQ(fra.ip_address, "203.0.113.10");
    EXPECT_EQ(fra.port, 8006);
    EXPECT_EQ(fra.username, "whmcs@pve!keel");
    EXPECT_EQ(fra.encrypted_password, "ZW5j");
    EXPECT_FALSE(fra.disabled);
    const auto& ams = (*servers)[1];
    EXPECT_EQ(ams.id, 9);
    EXPECT_EQ(ams.name, "ams &amp; 1");  // raw: the transform decodes
    EXPECT_EQ(ams.port, 0);              // NULL: the module's default
    EXPECT_EQ(ams.access_hash, "pam");
    EXPECT_TRUE(ams.disabled);

    auto none = reader().hypervisors({});
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
    auto quoted = reader().hypervisors({"x') OR ('1'='1"});
    ASSERT_TRUE(quoted) << quoted.error().detail;
    EXPECT_TRUE(quoted->empty());
}

const ServiceLinkRow* find(const std::vector<ServiceLinkRow>& rows, std::int64_t id) {
    for (const auto& row : rows) {
        if (row.service_id == id) {
            return &row;
        }
    }
    return nullptr;
}

TEST_F(SourceLinks, EveryVmidSourceInPages) {
    const VmidSources sources{true, {{"mymodule", "mod_mymodule_vms", "service_id", "vm_number"}}};
    const auto rows = all_links(sources, 3);
    ASSERT_EQ(rows.size(), 8U);
    for (std::size_t k = 1; k < rows.size(); ++k) {
        EXPECT_LT(rows[k - 1].service_id, rows[k].service_id);
    }
    const auto* pve = find(rows, 101);
    ASSERT_NE(pve, nullptr);
    EXPECT_EQ(pve->client_id, 1);
    EXPECT_EQ(pve->server_id, 8);
    EXPECT_EQ(pve->server_type, "pvewhmcs");
    EXPECT_EQ(pve->status, "Active");
    EXPECT_EQ(pve->domain, "a.example");
    EXPECT_EQ(pve->dedicated_ip, "203.0.113.5");
    EXPECT_EQ(pve->pvewhmcs_vmid, "105");
    EXPECT_EQ(pve->field_vmid, std::nullopt);   // a client custom field named vmid is not a product field
    EXPECT_EQ(pve->mapped_vmid, std::nullopt);  // the mapped table is for mymodule products only
    EXPECT_EQ(find(rows, 102)->pvewhmcs_vmid, std::nullopt);
    EXPECT_EQ(find(rows, 103)->field_vmid, "301");
    EXPECT_EQ(find(rows, 103)->status, "Suspended");
    EXPECT_EQ(find(rows, 104)->field_vmid, "abc");
    EXPECT_EQ(find(rows, 105)->field_vmid, "555");  // entity-encoded pipe in the field name
    EXPECT_EQ(find(rows, 106)->mapped_vmid, "777");
    EXPECT_EQ(find(rows, 107)->field_vmid, std::nullopt);  // vmid2 is another field
    EXPECT_EQ(find(rows, 108)->server_type, "");           // its product is gone
}

TEST_F(SourceLinks, AbsentSourcesAreNotRead) {
    const auto rows = all_links(VmidSources{}, 100);
    ASSERT_EQ(rows.size(), 8U);
    EXPECT_EQ(find(rows, 101)->pvewhmcs_vmid, std::nullopt);
    EXPECT_EQ(find(rows, 106)->mapped_vmid, std::nullopt);
    EXPECT_EQ(find(rows, 103)->field_vmid, "301");  // custom fields are always there
}

TEST_F(SourceLinks, PageAfterTheLastIsEmpty) {
    auto page = reader().next_service_links(108, 10, VmidSources{true, {}});
    ASSERT_TRUE(page) << page.error().detail;
    EXPECT_TRUE(page->empty());
}

TEST_F(SourceLinks, ServicesCarryPasswordAndServerType) {
    auto services = reader().next_services(100, 2);
    ASSERT_TRUE(services) << services.error().detail;
    ASSERT_EQ(services->size(), 2U);
    EXPECT_EQ((*services)[0].encrypted_password, "cm9vdHB3");
    EXPECT_EQ((*services)[0].server_type, "pvewhmcs");
    EXPECT_EQ((*services)[1].encrypted_password, "");
}

}  // namespace
}  // namespace keel::whmcs
