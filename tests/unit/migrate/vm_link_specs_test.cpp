// What a linked VM says of its specs, power state and WHMCS status (issue #11).
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/vm_link.hpp"

namespace keel::migrate {
namespace {

constexpr std::int64_t kMiB = 1024LL * 1024;
constexpr std::int64_t kGiB = 1024 * kMiB;

provisioning::VmResource vm_with(int cores, std::int64_t memory_bytes, std::int64_t disk_bytes) {
    provisioning::VmResource vm;
    vm.vmid = 105;
    vm.max_cpu = cores;
    vm.max_memory = memory_bytes;
    vm.max_disk = disk_bytes;
    return vm;
}

struct Note {
    std::string column;
    bool filled;
    std::optional<int> whmcs_value;
    int vm_value;
    friend bool operator==(const Note&, const Note&) = default;
};

std::vector<Note> notes_of(const ReconciledSpecs& specs) {
    std::vector<Note> notes;
    for (const auto& note : specs.notes) {
        notes.push_back({note.column, note.filled, note.whmcs_value, note.vm_value});
    }
    return notes;
}

struct SpecCase {
    std::string_view name;
    StoredSpecs stored;
    provisioning::VmResource vm;
    std::optional<int> cores, ram_mb, disk_gb;
    std::vector<Note> notes;
};

const SpecCase kSpecCases[] = {
    {"equal_says_nothing", {2, 4096, 50}, vm_with(2, 4096 * kMiB, 50 * kGiB), 2, 4096, 50, {}},
    {"null_is_filled_from_the_vm",
     {std::nullopt, std::nullopt, std::nullopt},
     vm_with(4, 8192 * kMiB, 80 * kGiB),
     4,
     8192,
     80,
     {{"cpu_cores", true, std::nullopt, 4}, {"ram_mb", true, std::nullopt, 8192}, {"disk_gb", true, std::nullopt, 80}}},
    {"different_takes_the_vm_value",
     {2, 2048, 50},
     vm_with(2, 4096 * kMiB, 60 * kGiB),
     2,
     4096,
     60,
     {{"ram_mb", false, 2048, 4096}, {"disk_gb", false, 50, 60}}},
    {"disk_rounds_up_to_whole_gib",
     {2, 4096, 50},
     vm_with(2, 4096 * kMiB, 50 * kGiB + 1),
     2,
     4096,
     51,
     {{"disk_gb", false, 50, 51}}},
    {"ram_not_a_whole_mib_rounds_down",
     {2, 4096, 50},
     vm_with(2, 4096 * kMiB + 512 * 1024, 50 * kGiB),
     2,
     4096,
     50,
     {}},
    {"vm_that_does_not_say_keeps_keel", {2, std::nullopt, 50}, vm_with(0, 0, 0), 2, std::nullopt, 50, {}},
};

TEST(ReconcileSpecs, TheVmWins) {
    for (const auto& c : kSpecCases) {
        SCOPED_TRACE(c.name);
        const auto got = reconcile_specs(c.stored, c.vm);
        EXPECT_EQ(got.cpu_cores, c.cores);
        EXPECT_EQ(got.ram_mb, c.ram_mb);
        EXPECT_EQ(got.disk_gb, c.disk_gb);
        EXPECT_EQ(notes_of(got), c.notes);
    }
}

TEST(PowerStateOf, KnowsRunningAndStoppedOnly) {
    EXPECT_EQ(power_state_of("running"), "running");
    EXPECT_EQ(power_state_of("stopped"), "stopped");
    EXPECT_EQ(power_state_of("paused"), std::nullopt);
    EXPECT_EQ(power_state_of(""), std::nullopt);
}

TEST(Observe, ReportsWhatTheOperatorDecides) {
    struct Case {
        std::string_view whmcs_status, vm_status;
        std::optional<LinkObservation> want;
    };
    const Case cases[] = {
        {"Active", "stopped", LinkObservation::kActiveButStopped},
        {"Active", "running", std::nullopt},
        {"Suspended", "running", LinkObservation::kSuspendedButRunning},
        {"Suspended", "stopped", std::nullopt},
        {"Active", "paused", std::nullopt},
        {"Pending", "stopped", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(std::string(c.whmcs_status) + "/" + std::string(c.vm_status));
        EXPECT_EQ(observe(c.whmcs_status, c.vm_status), c.want);
    }
    EXPECT_EQ(to_string(LinkObservation::kActiveButStopped), "active_but_stopped");
    EXPECT_EQ(to_string(LinkObservation::kSuspendedButRunning), "suspended_but_running");
}

}  // namespace
}  // namespace keel::migrate
