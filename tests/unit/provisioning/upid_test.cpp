#include "provisioning/upid.hpp"

#include <gtest/gtest.h>

namespace keel::provisioning {
namespace {

TEST(Upid, ParsesARealNodesTaskId) {
    auto upid = Upid::parse("UPID:pve-mp:00000ACD:00006AE8:679A423B:qmclone:112:capmox@pve!capi:");
    ASSERT_TRUE(upid.has_value());
    EXPECT_EQ(upid->node, "pve-mp");
    EXPECT_EQ(upid->pid, 0xACDu);
    EXPECT_EQ(upid->pstart, 0x6AE8u);
    EXPECT_EQ(upid->starttime, 0x679A423Bu);
    EXPECT_EQ(upid->type, "qmclone");
    EXPECT_EQ(upid->id, "112");
    EXPECT_EQ(upid->user, "capmox@pve!capi");
    EXPECT_EQ(upid->to_string(), "UPID:pve-mp:00000ACD:00006AE8:679A423B:qmclone:112:capmox@pve!capi:");
}

TEST(Upid, RoundTripsWithNinePstartDigitsAndEmptyId) {
    const Upid upid{"node1", 1, 0x123456789, 2, "vzdump", "", "root@pam"};
    EXPECT_EQ(Upid::parse(upid.to_string()), upid);
}

TEST(Upid, RejectsMalformedText) {
    const char* bad[] = {
        "",
        "UPID:pve:00000ACD:00006AE8:679A423B:qmclone:112:root@pam",     // no trailing colon
        "UPID:pve:ACD:00006AE8:679A423B:qmclone:112:root@pam:",         // short pid
        "UPID::00000ACD:00006AE8:679A423B:qmclone:112:root@pam:",       // empty node
        "UPID:pve:0000XACD:00006AE8:679A423B:qmclone:112:root@pam:",    // not hex
        "TASK:pve:00000ACD:00006AE8:679A423B:qmclone:112:root@pam:",    // wrong prefix
        "UPID:pve:00000ACD:00006AE8:679A423B:qmclone:112:root@pam:x:",  // extra field
    };
    for (const char* text : bad) {
        SCOPED_TRACE(text);
        EXPECT_FALSE(Upid::parse(text).has_value());
    }
}

}  // namespace
}  // namespace keel::provisioning
