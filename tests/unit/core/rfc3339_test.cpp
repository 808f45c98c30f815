#include "core/rfc3339.hpp"

#include <gtest/gtest.h>

namespace keel {
namespace {

using std::chrono::seconds;
using Clock = std::chrono::system_clock;

TEST(ParseRfc3339, ReadsUtcAndOffsets) {
    const auto utc = parse_rfc3339("2027-01-02T03:04:05Z");
    ASSERT_TRUE(utc.has_value());
    EXPECT_EQ(utc->time_since_epoch(), seconds(1'798'859'045));
    EXPECT_EQ(parse_rfc3339("2027-01-02T04:04:05+01:00"), utc);
    EXPECT_EQ(parse_rfc3339("2027-01-01T23:34:05-03:30"), utc);
    EXPECT_EQ(parse_rfc3339("2027-01-02T03:04:05.999Z"), utc);
}

TEST(ParseRfc3339, RefusesAnythingElse) {
    const char* bad[] = {"",
                         "2027-01-02",
                         "2027-01-02T03:04Z",
                         "2027-01-02T03:04:05",
                         "2027-02-30T00:00:00Z",
                         "2027-01-02T24:00:00Z",
                         "2027-01-02T03:04:05+0100",
                         "2027-01-02T03:04:05Zjunk",
                         "tomorrow"};
    for (const char* text : bad) {
        SCOPED_TRACE(text);
        EXPECT_FALSE(parse_rfc3339(text).has_value());
    }
}

}  // namespace
}  // namespace keel
