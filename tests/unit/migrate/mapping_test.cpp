#include "migrate/mapping.hpp"

#include <gtest/gtest.h>

namespace keel::migrate {
namespace {

struct NameCase {
    const char* name;
    std::optional<Column> want;
};

TEST(DefaultMapping, KnowsCommonNames) {
    const auto mapping = Mapping::defaults();
    const NameCase cases[] = {
        {"RAM", Column::kRamMb},
        {"ram|Memory", Column::kRamMb},
        {"Memory", Column::kRamMb},
        {"CPU Cores", Column::kCpuCores},
        {"vCPU", Column::kCpuCores},
        {"cores|Processor Cores", Column::kCpuCores},
        {"Disk Space", Column::kDiskGb},
        {"Storage", Column::kDiskGb},
        {"OS_Image|Operating System", Column::kOsImage},
        {"Operating System", Column::kOsImage},
        {"DataCenter_Location", Column::kDatacenter},
        {"Location", Column::kDatacenter},
        {"Backups", Column::kBackups},
        {"Extra IPv4 Addresses", Column::kExtraIpv4},
        {"Flux Capacitor Tier", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(mapping.option_column(c.name), c.want);
    }
}

TEST(MappingFromToml, OverridesAndExtendsDefaults) {
    auto mapping = Mapping::from_toml(R"(
[options]
"Speicher" = "ram_mb"
"Flux Capacitor Tier" = "attribute"
[fields]
"Standort" = "datacenter"
)");
    ASSERT_TRUE(mapping.has_value()) << mapping.error().detail;
    EXPECT_EQ(mapping->option_column("Speicher"), Column::kRamMb);
    EXPECT_EQ(mapping->option_column("Flux Capacitor Tier"), Column::kAttribute);
    EXPECT_EQ(mapping->field_column("Standort"), Column::kDatacenter);
    EXPECT_EQ(mapping->option_column("RAM"), Column::kRamMb);  // defaults stay
}

TEST(MappingFromToml, RejectsUnknownColumnsAndTables) {
    EXPECT_EQ(Mapping::from_toml("[options]\n\"RAM\" = \"gigabytes\"\n").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(Mapping::from_toml("[servers]\n\"RAM\" = \"ram_mb\"\n").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(Mapping::from_toml("[options\n").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace keel::migrate
