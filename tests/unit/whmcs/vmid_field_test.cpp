// Which product custom field holds a service's VMID (issue #11).
#include "whmcs/vmid_field.hpp"

#include <gtest/gtest.h>

#include <string_view>

namespace keel::whmcs {
namespace {

TEST(IsVmidFieldName, MatchesTheKeyOnly) {
    const std::pair<std::string_view, bool> cases[] = {
        {"vmid|VM ID", true},      {"VMID", true},       {"VmId", true},         {" vmid |VM", true},
        {"vmid&#124;VM ID", true}, {"&nbsp;vmid", true}, {"\tVMID\t|x", true},   {"vmid2", false},
        {"VM ID|vmid", false},     {"vserverid", false}, {"vmid_old|VM", false}, {"", false},
        {"&#86;MID", true},        {"vm id", false},
    };
    for (const auto& [name, want] : cases) {
        SCOPED_TRACE(name);
        EXPECT_EQ(is_vmid_field_name(name), want);
    }
}

}  // namespace
}  // namespace keel::whmcs
