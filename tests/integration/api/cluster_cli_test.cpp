// Issue #10: `keel-api clusters|images|secrets` against a real PostgreSQL, and no secret in clear in a dump.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "api_process.hpp"
#include "auth/secret_box.hpp"
#include "clusters.hpp"
#include "test_database.hpp"

namespace keel::testing {
namespace {

constexpr const char* kSecret = "5b6c7d8e-aaaa-4bbb-8ccc-dddd0000ffff";
constexpr const char* kOtherKey = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

struct Ran {
    int code = 0;
    std::string out;  // stdout and stderr together
};

std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// keel-api with the test settings (KEEL_SECRET_KEY = kTestSecretKey unless `env` overrides), its output captured.
Ran keel(const TestDatabase& db, const std::vector<std::string>& args, const std::string& stdin_text = "",
         std::map<std::string, std::string> env = {}) {
    env.emplace("DATABASE_URL", db.url());
    env.emplace("KEEL_SECRET_KEY", kTestSecretKey);
    std::string command = "printf '%s' " + quoted(stdin_text) + " | env -u KEEL_SECRET_KEY_FILE";
    for (const auto& [key, value] : env) {
        command += " " + key + "=" + quoted(value);
    }
    command += " " + quoted(keel_binary("keel-api"));
    for (const auto& arg : args) {
        command += " " + quoted(arg);
    }
    command += " 2>&1";
    Ran ran;
    FILE* pipe = ::popen(command.c_str(), "r");
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) {
        ran.out.append(buffer, n);
    }
    const int status = ::pclose(pipe);
    ran.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return ran;
}

std::vector<std::string> add_args(const std::string& name) {
    return {"clusters",
            "add",
            name,
            "--url",
            "https://" + name + ".example.com:8006",
            "--token-id",
            "keel@pve!keel",
            "--fingerprint",
            "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:"
            "89:ab:cd:ef:01:23:45:67:89",
            "--secret-stdin"};
}

class ClusterCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() { database_ = std::make_unique<TestDatabase>(); }
    static void TearDownTestSuite() { database_.reset(); }
    static TestDatabase& db() { return *database_; }
    static inline std::unique_ptr<TestDatabase> database_;
};

TEST_F(ClusterCli, AddListUpdateDisable) {
    auto added = keel(db(), add_args("cli1"), std::string(kSecret) + "\n");
    ASSERT_EQ(added.code, 0) << added.out;
    EXPECT_EQ(db().scalar("SELECT tls_fingerprint_sha256 FROM clusters WHERE name = 'cli1'"), kTestFingerprint);
    EXPECT_EQ(keel(db(), add_args("cli1"), std::string(kSecret) + "\n").code, 3);  // the name is taken

    auto listed = keel(db(), {"clusters", "list"});
    ASSERT_EQ(listed.code, 0) << listed.out;
    EXPECT_NE(listed.out.find("cli1"), std::string::npos);
    EXPECT_NE(listed.out.find("https://cli1.example.com:8006"), std::string::npos);
    EXPECT_EQ(listed.out.find(kSecret), std::string::npos);

    auto updated = keel(db(), {"clusters", "update", "cli1", "--url", "https://other.example.com", "--secret-stdin"},
                        "rotated-token-secret\n");
    ASSERT_EQ(updated.code, 0) << updated.out;
    EXPECT_EQ(db().scalar("SELECT api_url FROM clusters WHERE name = 'cli1'"), "https://other.example.com");

    ASSERT_EQ(keel(db(), {"clusters", "disable", "cli1"}).code, 0);
    EXPECT_EQ(db().scalar("SELECT enabled FROM clusters WHERE name = 'cli1'"), "f");
    ASSERT_EQ(keel(db(), {"clusters", "update", "cli1", "--enable"}).code, 0);
    EXPECT_EQ(db().scalar("SELECT enabled FROM clusters WHERE name = 'cli1'"), "t");
    EXPECT_EQ(keel(db(), {"clusters", "disable", "nowhere"}).code, 1);
}

// A cluster whmcs-migrate stored without trust (issue #11): listed with trust "none"; `--enable` alone is
// refused with one line, `--enable` with a fingerprint works.
TEST_F(ClusterCli, ClusterWithoutTrustIsEnabledOnlyWithOne) {
    auto keys = auth::SecretKeyRing::from_hex(kTestSecretKey);
    ASSERT_TRUE(keys.has_value());
    const auto sealed = keys->seal("whmcs-token-secret").stored_text();
    db().execute(
        "INSERT INTO clusters (name, api_url, token_id, token_secret, secret_key_id, enabled) VALUES "
        "('whm2', 'https://whm2.example.com:8006', 'root@pam!whmcs', '" +
        sealed + "', '" + sealed.substr(0, 8) + "', false)");

    auto listed = keel(db(), {"clusters", "list"});
    ASSERT_EQ(listed.code, 0) << listed.out;
    const auto row = listed.out.substr(listed.out.find("whm2"));
    EXPECT_NE(row.substr(0, row.find('\n')).find(" none "), std::string::npos) << listed.out;

    auto refused = keel(db(), {"clusters", "update", "whm2", "--enable"});
    EXPECT_EQ(refused.code, 2) << refused.out;
    EXPECT_EQ(refused.out.find('\n'), refused.out.size() - 1) << refused.out;  // one line
    EXPECT_NE(refused.out.find("--fingerprint"), std::string::npos) << refused.out;
    EXPECT_NE(refused.out.find("--ca-file"), std::string::npos) << refused.out;
    EXPECT_EQ(db().scalar("SELECT enabled FROM clusters WHERE name = 'whm2'"), "f");
    EXPECT_EQ(keel(db(), {"clusters", "update", "nowhere", "--enable"}).code, 1);

    auto enabled = keel(db(), {"clusters", "update", "whm2", "--enable", "--fingerprint", kTestFingerprint});
    ASSERT_EQ(enabled.code, 0) << enabled.out;
    EXPECT_EQ(db().scalar("SELECT enabled FROM clusters WHERE name = 'whm2'"), "t");
    EXPECT_EQ(db().scalar("SELECT tls_fingerprint_sha256 FROM clusters WHERE name = 'whm2'"), kTestFingerprint);
}

struct RefusedCase {
    std::string_view name;
    std::vector<std::string> args;
    std::string stdin_text;
    std::map<std::string, std::string> env;
    int code;
};

TEST_F(ClusterCli, RefusesBadInputWithOneLine) {
    auto with = [](std::vector<std::string> args, std::vector<std::string> more) {
        args.insert(args.end(), more.begin(), more.end());
        return args;
    };
    auto no_secret = add_args("bad1");
    no_secret.pop_back();
    const RefusedCase cases[] = {
        {"plain_http",
         {"clusters", "add", "bad1", "--url", "http://x.example.com", "--token-id", "keel@pve!keel", "--fingerprint",
          kTestFingerprint, "--secret-stdin"},
         "s\n",
         {},
         2},
        {"no_secret_source", no_secret, "", {}, 2},
        {"empty_secret", add_args("bad1"), "\n", {}, 2},
        {"secret_as_flag", with(add_args("bad1"), {"--secret", "x"}), "s\n", {}, 109},
        {"both_trusts", with(add_args("bad1"), {"--ca-file", "/etc/hostname"}), "s\n", {}, 2},
        {"bad_fingerprint",
         {"clusters", "add", "bad1", "--url", "https://x.example.com", "--token-id", "keel@pve!keel", "--fingerprint",
          "AB:CD", "--secret-stdin"},
         "s\n",
         {},
         2},
        {"no_key", add_args("bad1"), "s\n", {{"KEEL_SECRET_KEY", ""}}, 2},
        {"short_key", add_args("bad1"), "s\n", {{"KEEL_SECRET_KEY", "abc"}}, 2},
        {"bad_name", add_args("Bad Name"), "s\n", {}, 2},
        {"image_unknown_cluster", {"images", "set", "nowhere", "debian-12", "--template-vmid", "9000"}, "", {}, 1},
        {"image_bad_vmid", {"images", "set", "cli1", "debian-12", "--template-vmid", "5"}, "", {}, 2},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto ran = keel(db(), c.args, c.stdin_text, c.env);
        if (c.code == 109) {
            EXPECT_NE(ran.code, 0) << ran.out;  // CLI11 refuses the unknown flag
        } else {
            EXPECT_EQ(ran.code, c.code) << ran.out;
            EXPECT_EQ(ran.out.find('\n'), ran.out.size() - 1) << ran.out;  // one line
        }
    }
    EXPECT_EQ(db().scalar("SELECT count(*) FROM clusters WHERE name = 'bad1'"), "0");
}

TEST_F(ClusterCli, ImagesSetAndList) {
    ASSERT_EQ(keel(db(), add_args("img1"), "secret-1\n").code, 0);
    ASSERT_EQ(keel(db(), {"images", "set", "img1", "debian-12", "--template-vmid", "9000"}).code, 0);
    ASSERT_EQ(
        keel(db(), {"images", "set", "img1", "rocky-9", "--template-vmid", "9004", "--storage", "local-lvm"}).code, 0);
    ASSERT_EQ(keel(db(), {"images", "set", "img1", "debian-12", "--template-vmid", "9100"}).code, 0);  // replaces
    auto listed = keel(db(), {"images", "list", "img1"});
    ASSERT_EQ(listed.code, 0) << listed.out;
    EXPECT_NE(listed.out.find("9100"), std::string::npos) << listed.out;
    EXPECT_NE(listed.out.find("local-lvm"), std::string::npos) << listed.out;
    EXPECT_EQ(listed.out.find("9000"), std::string::npos) << listed.out;
    EXPECT_EQ(keel(db(), {"images", "list", "nowhere"}).code, 1);
}

TEST_F(ClusterCli, RotateResealsUnderTheNewKey) {
    ASSERT_EQ(keel(db(), add_args("rot1"), std::string(kSecret) + "\n").code, 0);
    const auto old_key_id = db().scalar("SELECT secret_key_id FROM clusters WHERE name = 'rot1'");

    // The new key alone cannot open what the old one sealed: rotation fails, nothing changes.
    auto refused = keel(db(), {"secrets", "rotate"}, "", {{"KEEL_SECRET_KEY", kOtherKey}});
    EXPECT_EQ(refused.code, 1) << refused.out;
    EXPECT_NE(refused.out.find(old_key_id), std::string::npos) << refused.out;  // names the missing key
    EXPECT_EQ(db().scalar("SELECT count(*) FROM clusters WHERE secret_key_id <> '" + old_key_id + "'"), "0");

    auto rotated = keel(db(), {"secrets", "rotate"}, "",
                        {{"KEEL_SECRET_KEY", kOtherKey}, {"KEEL_SECRET_PREVIOUS_KEYS", kTestSecretKey}});
    ASSERT_EQ(rotated.code, 0) << rotated.out;
    const auto count = db().scalar("SELECT count(*) FROM clusters");
    EXPECT_NE(rotated.out.find("re-sealed " + count + " cluster secret"), std::string::npos) << rotated.out;
    EXPECT_NE(rotated.out.find(" and 0 server credential(s)"), std::string::npos) << rotated.out;  // none stored here
    EXPECT_EQ(db().scalar("SELECT count(*) FROM clusters WHERE secret_key_id = '" + old_key_id + "'"), "0");
    EXPECT_EQ(db().scalar("SELECT count(*) FROM clusters WHERE token_secret NOT LIKE secret_key_id || ':%'"), "0");
    // Rotating back needs the other key as previous; with it, every secret still opens.
    EXPECT_EQ(keel(db(), {"secrets", "rotate"}, "", {{"KEEL_SECRET_PREVIOUS_KEYS", kOtherKey}}).code, 0);
}

TEST_F(ClusterCli, DumpHoldsNoSecretInClear) {
    ASSERT_EQ(keel(db(), add_args("dump1"), std::string(kSecret) + "\n").code, 0);
    const auto dump = db().dump();
    EXPECT_NE(dump.find("dump1"), std::string::npos);  // the dump did include the clusters table
    EXPECT_EQ(dump.find(kSecret), std::string::npos);
    EXPECT_EQ(dump.find("5b6c7d8e"), std::string::npos);
}

}  // namespace
}  // namespace keel::testing
