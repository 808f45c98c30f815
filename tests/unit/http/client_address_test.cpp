#include "http/client_address.hpp"

#include <gtest/gtest.h>

namespace keel::http {
namespace {

TrustedProxies proxies(std::string_view list) {
    auto parsed = TrustedProxies::parse(list);
    EXPECT_TRUE(parsed.has_value()) << list;
    return parsed.value_or(TrustedProxies{});
}

struct ClientCase {
    const char* name;
    const char* peer;
    const char* forwarded_for;
    const char* trusted;
    const char* want;
};

const ClientCase kCases[] = {
    {"no_proxy_configured_ignores_header", "203.0.113.9", "198.51.100.1", "", "203.0.113.9"},
    {"untrusted_peer_ignores_header", "203.0.113.9", "198.51.100.1", "10.0.0.0/8", "203.0.113.9"},
    {"trusted_peer_without_header_is_the_client", "10.0.0.5", "", "10.0.0.0/8", "10.0.0.5"},
    {"trusted_peer_names_the_client", "10.0.0.5", "198.51.100.1", "10.0.0.0/8", "198.51.100.1"},
    {"spoofed_left_entries_are_ignored", "10.0.0.5", "6.6.6.6, 198.51.100.1", "10.0.0.0/8", "198.51.100.1"},
    {"chain_of_trusted_proxies_is_walked", "10.0.0.5", "198.51.100.1, 10.1.1.1, 10.2.2.2", "10.0.0.0/8",
     "198.51.100.1"},
    {"all_trusted_takes_leftmost", "10.0.0.5", "10.9.9.9, 10.1.1.1", "10.0.0.0/8", "10.9.9.9"},
    {"garbage_stops_at_last_vouched_hop", "10.0.0.5", "198.51.100.1, not-an-ip", "10.0.0.0/8", "10.0.0.5"},
    {"single_address_entry", "192.168.1.7", "198.51.100.1", "192.168.1.7", "198.51.100.1"},
    {"neighbour_of_single_address_not_trusted", "192.168.1.8", "198.51.100.1", "192.168.1.7", "192.168.1.8"},
    {"ipv6_network", "fd00::1", "2001:db8::7", "fd00::/8", "2001:db8::7"},
    {"ipv4_peer_against_ipv6_network", "10.0.0.5", "198.51.100.1", "::/0", "10.0.0.5"},
    {"prefix_boundary_inside", "172.16.15.255", "198.51.100.1", "172.16.0.0/20", "198.51.100.1"},
    {"prefix_boundary_outside", "172.16.16.0", "198.51.100.1", "172.16.0.0/20", "172.16.16.0"},
};

TEST(ClientAddress, MatchesTable) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(client_address(c.peer, c.forwarded_for, proxies(c.trusted)), c.want);
    }
}

TEST(TrustedProxies, RejectsMalformedEntries) {
    EXPECT_EQ(TrustedProxies::parse("10.0.0.0/33").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(TrustedProxies::parse("proxy.example.com").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(TrustedProxies::parse("10.0.0.0/x").error().code, ErrorCode::kInvalidArgument);
}

TEST(TrustedProxies, EmptyListTrustsNobody) {
    auto parsed = TrustedProxies::parse(" , ");
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->empty());
}

}  // namespace
}  // namespace keel::http
