#include "provisioning/placement.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace keel::provisioning {
namespace {

constexpr std::int64_t kGiB = std::int64_t{1} << 30;

NodeResource node(std::string name, bool online, std::int64_t max_gib, std::int64_t used_gib) {
    return NodeResource{std::move(name), online, max_gib * kGiB, used_gib * kGiB, 16};
}

struct PlacementCase {
    const char* name;
    std::vector<NodeResource> nodes;
    std::int64_t memory_gib;
    std::optional<std::string> expected;
};

class Placement : public ::testing::TestWithParam<PlacementCase> {};

TEST_P(Placement, ChoosesTheOnlineNodeWithTheMostFreeMemory) {
    const auto& c = GetParam();
    EXPECT_EQ(choose_node(c.nodes, c.memory_gib * kGiB), c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Placement,
    ::testing::Values(
        PlacementCase{"most_free", {node("pve1", true, 64, 40), node("pve2", true, 64, 10)}, 4, "pve2"},
        PlacementCase{"offline_skipped", {node("pve1", true, 64, 40), node("pve2", false, 64, 0)}, 4, "pve1"},
        PlacementCase{"must_fit", {node("pve1", true, 64, 62), node("pve2", true, 8, 5)}, 4, std::nullopt},
        PlacementCase{"exact_fit", {node("pve1", true, 8, 4)}, 4, "pve1"},
        PlacementCase{"tie_lowest_name", {node("pve3", true, 64, 0), node("pve2", true, 64, 0)}, 4, "pve2"},
        PlacementCase{"none_online", {node("pve1", false, 64, 0)}, 1, std::nullopt},
        PlacementCase{"no_nodes", {}, 1, std::nullopt}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace keel::provisioning
