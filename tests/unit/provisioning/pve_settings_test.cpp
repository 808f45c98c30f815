#include "provisioning/pve/pve_settings.hpp"

#include <gtest/gtest.h>

namespace keel::provisioning {
namespace {

struct UrlCase {
    std::string_view name;
    std::string_view url;
    std::optional<PveEndpoint> want;  // nullopt: refused
};

TEST(ParsePveUrl, MatchesTable) {
    const UrlCase cases[] = {
        {"name_default_port", "https://pve.example.com", PveEndpoint{"pve.example.com", 8006, "", false}},
        {"name_port_prefix", "https://pve.example.com:443/proxy/",
         PveEndpoint{"pve.example.com", 443, "/proxy", false}},
        {"api_root_pasted", "https://10.0.0.2:8006/api2/json", PveEndpoint{"10.0.0.2", 8006, "", true}},
        {"ipv6", "https://[2001:db8::1]:8006", PveEndpoint{"2001:db8::1", 8006, "", true}},
        {"plain_http_refused", "http://pve.example.com:8006", std::nullopt},
        {"user_info_refused", "https://root:pw@pve.example.com", std::nullopt},
        {"query_refused", "https://pve.example.com/?x=1", std::nullopt},
        {"bad_port_refused", "https://pve.example.com:99999", std::nullopt},
        {"not_a_url", "pve.example.com", std::nullopt},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto got = parse_pve_url(c.url);
        ASSERT_EQ(got.has_value(), c.want.has_value());
        if (got) {
            EXPECT_EQ(*got, *c.want);
        } else {
            EXPECT_EQ(got.error().code, ErrorCode::kInvalidArgument);
        }
    }
}

TEST(ParseFingerprint, AcceptsPveFormInAnyCase) {
    const std::string upper =
        "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
    std::string lower = upper;
    for (auto& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const auto a = parse_fingerprint(upper);
    const auto b = parse_fingerprint(lower);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(format_fingerprint(*a), upper);
}

TEST(ParseFingerprint, RefusesWrongLength) {
    EXPECT_FALSE(parse_fingerprint("AB:CD").has_value());
    EXPECT_FALSE(parse_fingerprint(std::string(64, 'a') + "00").has_value());
    EXPECT_FALSE(parse_fingerprint(std::string(63, 'a') + "g").has_value());
}

TEST(CheckTokenId, WantsUserRealmAndTokenName) {
    EXPECT_TRUE(check_token_id("keel@pve!provisioning").has_value());
    EXPECT_FALSE(check_token_id("root@pam").has_value());
    EXPECT_FALSE(check_token_id("keel!prov").has_value());
    EXPECT_FALSE(check_token_id("keel@pve!").has_value());
    EXPECT_FALSE(check_token_id("keel@pve!prov=secret").has_value());
}

}  // namespace
}  // namespace keel::provisioning
