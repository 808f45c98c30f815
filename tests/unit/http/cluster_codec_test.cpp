#include "http/codecs/cluster_codec.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace keel::http {
namespace {

constexpr const char* kFingerprint =
    "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";

struct DecodeCase {
    std::string_view name;
    std::string body;
    bool creating;
    std::vector<std::string> bad_fields;  // empty: decodes
};

std::vector<std::string> bad_fields_of(const std::string& body, bool creating) {
    auto decoded = decode_cluster_request(boost::json::parse(body).as_object(), creating);
    std::vector<std::string> fields;
    if (!decoded) {
        for (const auto& error : decoded.error()) {
            fields.push_back(error.field);
        }
    }
    return fields;
}

TEST(DecodeClusterRequest, MatchesTable) {
    const std::string fp = kFingerprint;
    const DecodeCase cases[] = {
        {"complete",
         R"({"name":"fra1","api_url":"https://pve:8006","token_id":"keel@pve!keel","token_secret":"s","tls_fingerprint_sha256":")" +
             fp + R"("})",
         true,
         {}},
        {"secret_missing",
         R"({"name":"fra1","api_url":"https://pve:8006","token_id":"keel@pve!keel","tls_fingerprint_sha256":")" + fp +
             R"("})",
         true,
         {"token_secret"}},
        {"secret_not_string",
         R"({"name":"fra1","api_url":"https://pve:8006","token_id":"keel@pve!keel","token_secret":5,"tls_fingerprint_sha256":")" +
             fp + R"("})",
         true,
         {"token_secret"}},
        {"url_not_string",
         R"({"name":"fra1","api_url":5,"token_id":"keel@pve!keel","token_secret":"s","tls_fingerprint_sha256":")" + fp +
             R"("})",
         true,
         {"api_url"}},
        {"enabled_not_bool", R"({"enabled":"yes"})", false, {"enabled"}},
        {"patch_empty", "{}", false, {}},
        {"patch_with_name", R"({"name":"x"})", false, {"name"}},
        {"unknown_field", R"({"colour":"red"})", false, {"colour"}},
        {"nul_in_secret", R"({"token_secret":"a\u0000b"})", false, {"token_secret"}},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(bad_fields_of(c.body, c.creating), c.bad_fields);
    }
}

TEST(EncodeCluster, NeverCarriesTheSecret) {
    db::Cluster cluster;
    cluster.name = "fra1";
    cluster.api_url = "https://pve:8006";
    cluster.token_id = "keel@pve!keel";
    cluster.token_secret = SealedSecret("0a1b2c3d:c2VhbGVkLXNlY3JldC1ieXRlcw==");
    cluster.trust = db::ClusterTrust{db::ClusterTrust::Kind::kFingerprint, kFingerprint};
    cluster.images = {{"debian-12", 9000, std::nullopt}};
    const auto text = boost::json::serialize(encode_cluster(cluster));
    EXPECT_EQ(text.find("c2VhbGVk"), std::string::npos) << text;
    EXPECT_EQ(text.find("token_secret"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("secret_key_id":"0a1b2c3d")"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("tls_ca_pem":null)"), std::string::npos) << text;
    EXPECT_NE(text.find(R"("trust":"fingerprint")"), std::string::npos) << text;
}

// A cluster migrated from WHMCS without a trust given (issue #11): both trust fields null, trust "none".
TEST(EncodeCluster, ShowsAMissingTrustAsNone) {
    db::Cluster cluster;
    cluster.name = "whmcs8";
    cluster.token_secret = SealedSecret("0a1b2c3d:c2VhbGVkLXNlY3JldC1ieXRlcw==");
    cluster.enabled = false;
    const auto body = encode_cluster(cluster);
    EXPECT_EQ(body.at("trust"), "none");
    EXPECT_TRUE(body.at("tls_ca_pem").is_null());
    EXPECT_TRUE(body.at("tls_fingerprint_sha256").is_null());
    EXPECT_EQ(body.at("enabled"), false);
}

TEST(EncodeCatalog, ListsNamesOnly) {
    const Catalog catalog{{{"fra1", {"debian-12"}}}};
    EXPECT_EQ(boost::json::serialize(encode_catalog(catalog)),
              R"({"datacenters":[{"name":"fra1","os_images":["debian-12"]}]})");
}

}  // namespace
}  // namespace keel::http
