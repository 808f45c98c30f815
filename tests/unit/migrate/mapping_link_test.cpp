// The mapping file's linking tables: [clusters], [link] server_types, [[link.source]] (issue #11).
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/mapping.hpp"

namespace keel::migrate {
namespace {

TEST(MappingLink, DefaultsKnowTheProxmoxModules) {
    const auto mapping = Mapping::defaults();
    EXPECT_EQ(mapping.server_types(),
              (std::vector<std::string>{"pvewhmcs", "proxmoxVPS", "proxmox", "proxmox_custom"}));
    EXPECT_TRUE(mapping.cluster_names().empty());
    EXPECT_TRUE(mapping.vmid_tables().empty());
    auto from_empty_file = Mapping::from_toml("");
    ASSERT_TRUE(from_empty_file) << from_empty_file.error().detail;
    EXPECT_EQ(from_empty_file->server_types(), mapping.server_types());
}

TEST(MappingLink, ReadsClustersTypesAndSources) {
    auto mapping = Mapping::from_toml(R"(
[clusters]
"8" = "fra1"
"9" = "ams1"

[link]
server_types = ["pvewhmcs", "mymodule"]

[[link.source]]
server_type = "mymodule"
table = "mod_mymodule_vms"
service_column = "service_id"
vmid_column = "vmid"

[[link.source]]
server_type = "Other_1"
table = "other_vms"
service_column = "hosting_id"
vmid_column = "VMID"
)");
    ASSERT_TRUE(mapping) << mapping.error().detail;
    EXPECT_EQ(mapping->cluster_names(), (std::map<std::int64_t, std::string>{{8, "fra1"}, {9, "ams1"}}));
    EXPECT_EQ(mapping->server_types(), (std::vector<std::string>{"pvewhmcs", "mymodule"}));
    ASSERT_EQ(mapping->vmid_tables().size(), 2U);
    const auto& first = mapping->vmid_tables()[0];
    EXPECT_EQ(first.server_type, "mymodule");
    EXPECT_EQ(first.table, "mod_mymodule_vms");
    EXPECT_EQ(first.service_column, "service_id");
    EXPECT_EQ(first.vmid_column, "vmid");
    EXPECT_EQ(mapping->vmid_tables()[1].vmid_column, "VMID");
}

struct BadCase {
    std::string_view name;
    std::string_view toml;
    std::string_view detail_has;  // the key or line the error names
};

const BadCase kBadCases[] = {
    {"cluster_key_not_an_id", "[clusters]\n\"fra\" = \"fra1\"\n", "\"fra\""},
    {"cluster_key_zero", "[clusters]\n\"0\" = \"fra1\"\n", "\"0\""},
    {"cluster_name_not_a_slug", "[clusters]\n\"8\" = \"Frankfurt 1\"\n", "line 2"},
    {"cluster_name_not_text", "[clusters]\n\"8\" = 1\n", "\"8\""},
    {"server_types_not_an_array", "[link]\nserver_types = \"pvewhmcs\"\n", "server_types"},
    {"server_type_with_quote", "[link]\nserver_types = [\"pve`x\"]\n", "line 2"},
    {"unknown_link_key", "[link]\nservertypes = []\n", "servertypes"},
    {"source_missing_column", "[[link.source]]\nserver_type = \"m\"\ntable = \"t\"\nservice_column = \"s\"\n",
     "vmid_column"},
    {"source_table_with_dot",
     "[[link.source]]\nserver_type = \"m\"\ntable = \"db.t\"\nservice_column = \"s\"\nvmid_column = \"v\"\n", "table"},
    {"source_column_with_space",
     "[[link.source]]\nserver_type = \"m\"\ntable = \"t\"\nservice_column = \"s\"\nvmid_column = \"v m\"\n", "line 5"},
    {"source_unknown_key",
     "[[link.source]]\nserver_type = \"m\"\ntable = \"t\"\nservice_column = \"s\"\nvmid_column = \"v\"\nnode = \"n\"\n",
     "node"},
    {"source_as_table", "[link.source]\nserver_type = \"m\"\n", "[[link.source]]"},
};

TEST(MappingLink, RefusesBadValuesNamingTheLineOrKey) {
    for (const auto& c : kBadCases) {
        SCOPED_TRACE(c.name);
        auto mapping = Mapping::from_toml(c.toml);
        ASSERT_FALSE(mapping);
        EXPECT_EQ(mapping.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(mapping.error().detail.find(c.detail_has), std::string::npos) << mapping.error().detail;
    }
}

}  // namespace
}  // namespace keel::migrate
