// The testbed's encrypted values (tblservers.password, tblhosting.password, password-type custom field values)
// decrypt, by the independent PHP implementation (testbed/php/whmcs_encrypt.php, php-cli), to the plaintexts the
// manifest states under the manifest's cc_encryption_hash: the check does not go through Keel's own cipher code.
#include "testbed/seeder/proxmox.hpp"
#include "tests/integration/testbed/testbed_environment.hpp"
#include "whmcs_php.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace keel::testbed::test {
namespace {

namespace json = boost::json;
using keel::testing::ask_whmcs_php;
using keel::testing::php_hex;

struct Sealed {
    std::string what;
    std::string ciphertext;
    std::string plaintext;
};

class TestbedEncryption : public SeededTestbed {
protected:
    void SetUp() override {
        SeededTestbed::SetUp();
        if (IsSkipped() || HasFatalFailure()) {
            return;
        }
        if (!keel::testing::php_available()) {
            GTEST_SKIP() << "php not installed (./dev installs php-cli)";
        }
        script_ = std::filesystem::path(std::getenv("KEEL_SOURCE_DIR")) / "testbed/php/whmcs_encrypt.php";
        hash_ = std::string(db().manifest.at("whmcs_secrets").at("cc_encryption_hash").as_string());
    }

    std::string value(const std::string& sql) {
        auto found = connection().query_value(sql);
        EXPECT_TRUE(found && *found) << sql;
        return found && *found ? std::string(**found) : std::string();
    }

    // Every ciphertext decrypted by PHP; the answers compared with the expected plaintexts.
    void expect_php_decrypts(const std::vector<Sealed>& sealed) {
        std::vector<std::string> requests;
        for (const Sealed& s : sealed) {
            requests.push_back("decrypt " + php_hex(hash_) + " " + s.ciphertext);
        }
        const auto answers = ask_whmcs_php(script_, requests);
        ASSERT_EQ(answers.size(), sealed.size()) << "php answered " << answers.size() << " lines";
        for (std::size_t i = 0; i < sealed.size(); ++i) {
            EXPECT_EQ(answers[i], php_hex(sealed[i].plaintext)) << sealed[i].what;
            EXPECT_NE(sealed[i].ciphertext, sealed[i].plaintext) << sealed[i].what << " is stored in clear";
        }
    }

    std::filesystem::path script_;
    std::string hash_;
};

TEST_F(TestbedEncryption, TheManifestStatesTheSeedsHash) {
    EXPECT_EQ(hash_, db().cc_encryption_hash);
    EXPECT_EQ(hash_.size(), 64U);
    EXPECT_EQ(hash_, cc_encryption_hash_for(1));
}

TEST_F(TestbedEncryption, ServerPasswordsDecryptToTheManifestsSecrets) {
    std::vector<Sealed> sealed;
    for (const auto& entry : db().manifest.at("whmcs_secrets").at("tblservers").as_array()) {
        const auto& server = entry.as_object();
        const std::string id = std::to_string(server.at("id").as_int64());
        sealed.push_back({"tblservers " + id, value("SELECT password FROM tblservers WHERE id = " + id),
                          std::string(server.at("password").as_string())});
        EXPECT_EQ(value("SELECT username FROM tblservers WHERE id = " + id), server.at("username").as_string());
    }
    expect_php_decrypts(sealed);
}

TEST_F(TestbedEncryption, ServiceAndPasswordFieldSecretsDecryptToTheManifests) {
    std::vector<Sealed> sealed;
    for (const auto& entry : db().manifest.at("named_services").as_array()) {
        const auto& service = entry.as_object();
        const std::string id = std::to_string(service.at("whmcs_service_id").as_int64());
        const auto& secrets = service.at("secrets").as_object();
        sealed.push_back({"tblhosting.password of " + id, value("SELECT password FROM tblhosting WHERE id = " + id),
                          std::string(secrets.at("tblhosting.password").as_string())});
        if (const auto* field = secrets.if_contains("Root Password")) {
            sealed.push_back({"Root Password of " + id,
                              value("SELECT v.value FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = "
                                    "v.fieldid WHERE f.fieldtype = 'password' AND v.relid = " +
                                    id),
                              std::string(field->as_string())});
        }
    }
    // Generated services: the manifest's rule, testbed-root-<id>.
    for (const std::int64_t id : {1001, 1002, 1050}) {
        sealed.push_back({"tblhosting.password of " + std::to_string(id),
                          value("SELECT password FROM tblhosting WHERE id = " + std::to_string(id)),
                          "testbed-root-" + std::to_string(id)});
    }
    expect_php_decrypts(sealed);
}

TEST_F(TestbedEncryption, EveryPasswordFieldValueIsEncrypted) {
    auto clear = query_int(connection(),
                           "SELECT COUNT(*) FROM tblcustomfieldsvalues v JOIN tblcustomfields f ON f.id = v.fieldid "
                           "WHERE f.fieldtype = 'password' AND v.value <> '' AND v.value NOT REGEXP "
                           "'^[A-Za-z0-9+/]{28,}={0,2}$'");
    ASSERT_TRUE(clear) << clear.error().detail;
    EXPECT_EQ(*clear, 0);
    auto unsealed = query_int(connection(),
                              "SELECT COUNT(*) FROM tblhosting WHERE password NOT REGEXP "
                              "'^[A-Za-z0-9+/]{28,}={0,2}$'");
    ASSERT_TRUE(unsealed) << unsealed.error().detail;
    EXPECT_EQ(*unsealed, 0);
}

}  // namespace
}  // namespace keel::testbed::test
