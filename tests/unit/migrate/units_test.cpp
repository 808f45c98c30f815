#include "migrate/units.hpp"

#include <gtest/gtest.h>

#include <string>

namespace keel::migrate {
namespace {

struct UnitCase {
    const char* name;
    const char* input;
    std::optional<int> want;
};

TEST(ParseRamMb, MatchesTable) {
    const UnitCase cases[] = {
        {"bare_mb", "4096", 4096},
        {"gb_with_space", "4 GB", 4096},
        {"gb_glued", "4G", 4096},
        {"fraction_gb", "0.5 GB", 512},
        {"mb_unit", "2048 MB", 2048},
        {"tb", "1 TB", 1048576},
        {"bare_small_is_gb", "8", 8192},
        {"trailing_words", "64 GB DDR4", 65536},
        {"no_number", "lots", std::nullopt},
        {"zero", "0", std::nullopt},
        {"foreign_unit", "4 cores", std::nullopt},
        {"rounds_to_zero", "0.1 MB", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(parse_ram_mb(c.input), c.want);
    }
}

TEST(ParseCpuCores, MatchesTable) {
    const UnitCase cases[] = {
        {"bare", "2", 2},
        {"vcpu", "2 vCPU", 2},
        {"vcpus", "2 vCPUs", 2},
        {"cores", "12 Cores", 12},
        {"threads", "16 Threads", 16},
        {"fraction", "1.5", std::nullopt},
        {"memory_is_not_cpu", "4 GB", std::nullopt},
        {"empty", "", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(parse_cpu_cores(c.input), c.want);
    }
}

TEST(ParseDiskGb, MatchesTable) {
    const UnitCase cases[] = {
        {"bare", "100", 100},
        {"gb_ssd", "80 GB SSD", 80},
        {"tb", "1 TB", 1000},
        {"raid_pair", "2x 2 TB NVMe (RAID 1)", 4000},
        {"megabytes_round_to_zero", "100 MB", std::nullopt},
        {"megabytes_round_up", "600 MB", 1},
        {"multiplier_chain", "2x2x2x 10 GB", 80},
        {"none", "n/a", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(parse_disk_gb(c.input), c.want);
    }
}

TEST(ParseCount, AcceptsZeroAndRejectsNegative) {
    EXPECT_EQ(parse_count("0"), 0);
    EXPECT_EQ(parse_count(" 3 "), 3);
    EXPECT_EQ(parse_count("-1"), std::nullopt);
    EXPECT_EQ(parse_count("x"), std::nullopt);
}

// "2x2x…" used to recurse once per multiplier: a long chain must neither overflow the stack nor take long.
TEST(ParseDiskGb, LongMultiplierChainIsBounded) {
    std::string chain;
    for (int i = 0; i < 100000; ++i) {
        chain += "1x";
    }
    EXPECT_EQ(parse_disk_gb(chain + "5 GB"), 5);
}

}  // namespace
}  // namespace keel::migrate
