#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>

#include <fstream>

#include "migrate/trust_options.hpp"

namespace keel::migrate {
namespace {

constexpr const char* kFingerprint =
    "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89";

TEST(ClusterTrustOptions, FingerprintIsNormalisedPerCluster) {
    auto options = cluster_trust_options({}, {std::string("fra1=") + kFingerprint});
    ASSERT_TRUE(options) << options.error().detail;
    ASSERT_TRUE(options->contains("fra1"));
    const auto& pin = std::get<provisioning::PinnedFingerprint>(options->at("fra1"));
    EXPECT_EQ(pin.sha256.substr(0, 8), "AB:CD:EF");
}

TEST(ClusterTrustOptions, RefusesWhatIsNotNameEqualsValue) {
    struct Case {
        std::vector<std::string> cas, fingerprints;
        std::string says;
    };
    const Case cases[] = {
        {{"fra1"}, {}, "--cluster-ca wants NAME=VALUE"},
        {{"=x.pem"}, {}, "--cluster-ca wants NAME=VALUE"},
        {{}, {"ams1="}, "--cluster-fingerprint wants NAME=VALUE"},
        {{}, {"ams1=zz"}, "--cluster-fingerprint ams1:"},
        {{"fra1=/nonexistent/ca.pem"}, {}, "cannot read /nonexistent/ca.pem"},
        {{}, {std::string("fra1=") + kFingerprint, std::string("fra1=") + kFingerprint}, "given a TLS trust twice"},
    };
    for (const auto& c : cases) {
        auto options = cluster_trust_options(c.cas, c.fingerprints);
        ASSERT_FALSE(options) << c.says;
        EXPECT_EQ(options.error().code, ErrorCode::kInvalidArgument);
        EXPECT_NE(options.error().detail.find(c.says), std::string::npos) << options.error().detail;
    }
}

TEST(ClusterTrustOptions, AFileWithoutACertificateIsRefused) {
    const std::string path = "/tmp/keel-trust-options-" + std::to_string(::getpid()) + ".pem";
    std::ofstream(path) << "not a certificate\n";
    auto options = cluster_trust_options({"fra1=" + path}, {});
    std::remove(path.c_str());
    ASSERT_FALSE(options);
    EXPECT_NE(options.error().detail.find("--cluster-ca fra1:"), std::string::npos) << options.error().detail;
}

}  // namespace
}  // namespace keel::migrate
