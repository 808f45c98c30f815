// The rules a cluster registration meets (issue #10): slugs, URLs, token ids, fingerprints, VMIDs, storage ids,
// and a spec checked against the catalogue.
#include "core/cluster_fields.hpp"

#include <gtest/gtest.h>

#include "core/catalog.hpp"
#include "core/slug.hpp"

namespace keel {
namespace {

const std::string kFingerprint =
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

struct TextCase {
    std::string_view name;
    std::string input;
    std::optional<std::string> want;  // nullopt: refused
};

void expect_cases(Checked<std::string> (*check)(std::string_view), std::initializer_list<TextCase> cases) {
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto got = check(c.input);
        ASSERT_EQ(got.has_value(), c.want.has_value()) << (got ? *got : got.error());
        if (got) {
            EXPECT_EQ(*got, *c.want);
        } else {
            EXPECT_FALSE(got.error().empty());
        }
    }
}

TEST(IsValidSlug, MatchesTable) {
    const std::pair<std::string_view, bool> cases[] = {
        {"fra1", true},
        {"debian-12", true},
        {"ubuntu-24.04", true},
        {"a_b", true},
        {"", false},
        {"Fra1", false},
        {"fra 1", false},
        {"fra/1", false},
        {"fra1\n", false},
        {"ü", false},
        {std::string_view("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"), false},  // 65
    };
    for (const auto& [text, ok] : cases) {
        SCOPED_TRACE(text);
        EXPECT_EQ(is_valid_slug(text), ok);
    }
}

TEST(CheckApiUrl, MatchesTable) {
    expect_cases(check_api_url,
                 {
                     {"host_and_port", "https://pve1.example.com:8006", "https://pve1.example.com:8006"},
                     {"trailing_slash_dropped", "https://pve1.example.com:8006/", "https://pve1.example.com:8006"},
                     {"no_port", "https://pve.example.com", "https://pve.example.com"},
                     {"ipv4", "https://10.0.0.5:8006", "https://10.0.0.5:8006"},
                     {"ipv6", "https://[fd00::5]:8006", "https://[fd00::5]:8006"},
                     {"http_refused", "http://pve1.example.com:8006", std::nullopt},
                     {"upper_scheme_refused", "HTTPS://pve1.example.com", std::nullopt},
                     {"path_refused", "https://pve1.example.com:8006/api2/json", std::nullopt},
                     {"query_refused", "https://pve1.example.com?x=1", std::nullopt},
                     {"credentials_refused", "https://root:pw@pve1.example.com", std::nullopt},
                     {"port_zero", "https://pve1.example.com:0", std::nullopt},
                     {"port_too_big", "https://pve1.example.com:65536", std::nullopt},
                     {"port_not_number", "https://pve1.example.com:80a", std::nullopt},
                     {"no_host", "https://:8006", std::nullopt},
                     {"blank_in_host", "https://pve 1.example.com", std::nullopt},
                     {"empty", "", std::nullopt},
                 });
}

TEST(CheckTokenId, MatchesTable) {
    expect_cases(check_token_id, {
                                     {"plain", "keel@pve!keel", "keel@pve!keel"},
                                     {"pam_realm", "root@pam!provisioning", "root@pam!provisioning"},
                                     {"dotted_user", "svc.keel@pve!k-1", "svc.keel@pve!k-1"},
                                     {"no_token", "keel@pve", std::nullopt},
                                     {"no_realm", "keel!keel", std::nullopt},
                                     {"empty_user", "@pve!keel", std::nullopt},
                                     {"token_starts_with_digit", "keel@pve!1abc", std::nullopt},
                                     {"blank_in_user", "ke el@pve!keel", std::nullopt},
                                     {"empty_token", "keel@pve!", std::nullopt},
                                 });
}

TEST(CheckFingerprint, NormalisesToUpperCasePairs) {
    std::string lower = kFingerprint;
    for (auto& c : lower) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    std::string bare;
    for (char c : kFingerprint) {
        if (c != ':') {
            bare.push_back(c);
        }
    }
    expect_cases(check_fingerprint, {
                                        {"as_pve_shows_it", kFingerprint, kFingerprint},
                                        {"lower_case", lower, kFingerprint},
                                        {"bare_hex", bare, kFingerprint},
                                        {"sha1_length", kFingerprint.substr(0, 59), std::nullopt},
                                        {"not_hex", std::string(kFingerprint).replace(0, 2, "ZZ"), std::nullopt},
                                        {"misplaced_colons", bare.substr(0, 3) + ":" + bare.substr(3), std::nullopt},
                                        {"empty", "", std::nullopt},
                                    });
}

TEST(CheckStorageId, MatchesTable) {
    expect_cases(check_storage_id, {
                                       {"lvm", "local-lvm", "local-lvm"},
                                       {"ceph", "ceph_pool.1", "ceph_pool.1"},
                                       {"upper", "Local", std::nullopt},
                                       {"digit_first", "1local", std::nullopt},
                                       {"slash", "local/lvm", std::nullopt},
                                   });
}

TEST(CheckTemplateVmid, AcceptsPveRange) {
    EXPECT_TRUE(check_template_vmid(100).has_value());
    EXPECT_TRUE(check_template_vmid(9000).has_value());
    EXPECT_TRUE(check_template_vmid(999'999'999).has_value());
    EXPECT_FALSE(check_template_vmid(99).has_value());
    EXPECT_FALSE(check_template_vmid(1'000'000'000).has_value());
}

TEST(CheckTokenSecret, RefusesBlanksAndEmpty) {
    EXPECT_TRUE(check_token_secret("4f5c7a52-1c1f-4b39-9d8e-2f0a1b2c3d4e").has_value());
    EXPECT_FALSE(check_token_secret("").has_value());
    EXPECT_FALSE(check_token_secret("a b").has_value());
    EXPECT_FALSE(check_token_secret(std::string(513, 'a')).has_value());
}

TEST(CheckCaPem, RefusesTextWithoutACertificate) {
    EXPECT_FALSE(check_ca_pem("").has_value());
    EXPECT_FALSE(check_ca_pem("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n").has_value());
}

struct FieldsCase {
    std::string_view name;
    ClusterFields fields;
    bool creating;
    std::vector<std::string> bad_fields;
};

TEST(NormaliseClusterFields, MatchesTable) {
    const ClusterFields good{"fra1", "https://pve.example.com:8006", "keel@pve!keel", std::nullopt, kFingerprint, {}};
    auto with = [&](auto change) {
        ClusterFields fields = good;
        change(fields);
        return fields;
    };
    const FieldsCase cases[] = {
        {"valid", good, true, {}},
        {"missing_all", {}, true, {"name", "api_url", "token_id", "tls_fingerprint_sha256"}},
        {"bad_name", with([](ClusterFields& f) { f.name = "FRA 1"; }), true, {"name"}},
        {"both_trusts",
         with([](ClusterFields& f) { f.tls_ca_pem = "x"; }),
         true,
         {"tls_ca_pem", "tls_fingerprint_sha256"}},
        {"update_nothing", {}, false, {}},
        {"update_http", with([](ClusterFields& f) { f.api_url = "http://x"; }), false, {"api_url"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto fields = c.fields;
        std::vector<std::string> bad;
        for (const auto& error : normalise_cluster_fields(fields, c.creating)) {
            bad.push_back(error.field);
        }
        EXPECT_EQ(bad, c.bad_fields);
    }
}

// A cluster migrated without TLS trust (issue #11) is enabled only together with a CA or a fingerprint.
TEST(EnablesWithoutTrust, OnlyEnablingATrustlessClusterWithNoTrustGiven) {
    ClusterFields enable;
    enable.enabled = true;
    EXPECT_TRUE(enables_without_trust(enable, false));
    EXPECT_FALSE(enables_without_trust(enable, true));  // it has one already

    auto with_fingerprint = enable;
    with_fingerprint.tls_fingerprint_sha256 = "AB:CD";
    EXPECT_FALSE(enables_without_trust(with_fingerprint, false));
    auto with_ca = enable;
    with_ca.tls_ca_pem = "-----BEGIN CERTIFICATE-----";
    EXPECT_FALSE(enables_without_trust(with_ca, false));

    ClusterFields untouched;  // other changes, or disabling, need no trust
    EXPECT_FALSE(enables_without_trust(untouched, false));
    untouched.enabled = false;
    EXPECT_FALSE(enables_without_trust(untouched, false));
}

TEST(CheckAgainstCatalog, NamesTheChoices) {
    const Catalog catalog{{{"ams1", {"debian-12"}}, {"fra1", {"debian-12", "ubuntu-24.04"}}}};
    ServerSpec spec{"web.example.com", 1, 1024, 10, "debian-12", "fra1"};
    EXPECT_TRUE(check_against_catalog(spec, catalog).empty());

    spec.datacenter = "x";
    auto errors = check_against_catalog(spec, catalog);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0], (FieldError{"datacenter", "unknown datacenter 'x'; available: ams1, fra1"}));

    spec.datacenter = "ams1";
    spec.os_image = "ubuntu-24.04";
    errors = check_against_catalog(spec, catalog);
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0], (FieldError{"os_image", "unknown os_image 'ubuntu-24.04' in ams1; available: debian-12"}));

    errors = check_against_catalog(spec, Catalog{});
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].message, "unknown datacenter 'ams1'; available: none");
}

}  // namespace
}  // namespace keel
