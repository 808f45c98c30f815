#include <gtest/gtest.h>

#include "http/handlers/login.hpp"

namespace keel::http {
namespace {

struct AddressCase {
    const char* name;
    const char* address;
    const char* key;
};

TEST(ThrottleAddressKey, CountsIpv6ByItsSlash64) {
    const AddressCase cases[] = {
        {"ipv4_as_is", "203.0.113.7", "203.0.113.7"},
        {"ipv6_prefix", "2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64"},
        {"ipv6_same_prefix", "2001:db8:1:2::1", "2001:db8:1:2::/64"},
        {"ipv4_mapped_as_is", "::ffff:203.0.113.7", "::ffff:203.0.113.7"},
        {"unparsable_as_is", "", ""},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(throttle_address_key(c.address), c.key);
    }
}

}  // namespace
}  // namespace keel::http
