// Issue #11 end to end: the WHMCS testbed (Proxmox clusters in tblservers, VMIDs where the modules keep them,
// encrypted secrets) migrated into a fresh Keel database and linked against two pve-sim clusters running the
// testbed's VMs; then a migrated customer operates a linked server through keel-api on the real HTTPS client.
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "api_process.hpp"
#include "sim_process.hpp"
#include "test_database.hpp"
#include "testbed/seeder/seed.hpp"
#include "whmcs/mariadb_connection.hpp"

namespace keel::testing {
namespace {

namespace json = boost::json;

constexpr const char* kSimToken = "keel@pve!keel=5c1b8c0e-link-test-token";
constexpr const char* kCustomerPassword = "alice-testbed-1";  // testbed/README.md, demo users

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// Output and exit code of a command line (stderr folded into stdout).
std::pair<int, std::string> run_shell(const std::string& command) {
    std::string output;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    char buffer[65536];
    for (std::size_t n; pipe != nullptr && (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        output.append(buffer, n);
    }
    const int status = pipe == nullptr ? -1 : ::pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

std::string sim_call(const PveSimProcess& sim, const std::string& method, const std::string& path,
                     const std::string& body_file = {}) {
    std::string command = "curl -sS -X " + method + " --cacert " + shell_quote(sim.ca_file().string()) + " -H " +
                          shell_quote("Authorization: " + sim.authorization());
    if (!body_file.empty()) {
        command += " -H 'Content-Type: application/json' --data-binary @" + shell_quote(body_file);
    }
    return run_shell(command + " " + shell_quote(sim.url() + path)).second;
}

struct MigrateOutcome {
    int exit_code = -1;
    std::string output;  // stdout and stderr
    json::object report;
    std::string report_text;
};

class LinkTest : public ::testing::Test {
public:
    static void SetUpTestSuite() {
        const char* admin_url = std::getenv("WHMCS_ADMIN_URL");
        const char* source_dir = std::getenv("KEEL_SOURCE_DIR");
        if (admin_url == nullptr || source_dir == nullptr) {
            skip_reason_ = "WHMCS_ADMIN_URL or KEEL_SOURCE_DIR not set (eval \"$(./dev env)\"; run through ctest)";
            return;
        }
        fra1_ = std::make_unique<PveSimProcess>(PveSimOptions{.token = kSimToken, .cluster = "fra1"});
        ams1_ =
            std::make_unique<PveSimProcess>(PveSimOptions{.token = kSimToken, .cluster = "ams1", .nodes = "pve1,pve2"});
        auto url = whmcs::parse_mysql_url(admin_url);
        ASSERT_TRUE(url) << url.error().detail;
        const std::string pid = std::to_string(::getpid());
        work_ = std::filesystem::temp_directory_path() / ("keel-link-test-" + pid);
        std::filesystem::create_directories(work_);
        testbed::SeedOptions options;
        options.admin_url = *url;
        options.database = "whmcs_link_" + pid;
        options.read_only = testbed::ReadOnlyAccount{"whmcs_ro_l" + pid, "ro-link-" + pid + "-pw", url->host};
        options.proxmox.fra1 = {"127.0.0.1", static_cast<std::uint16_t>(fra1_->port())};
        options.proxmox.ams1 = {"127.0.0.1", static_cast<std::uint16_t>(ams1_->port())};
        options.proxmox.token = kSimToken;
        auto seeded = testbed::seed_testbed(options, nullptr);
        ASSERT_TRUE(seeded) << seeded.error().detail;
        admin_ = *url;
        database_name_ = options.database;
        read_only_user_ = options.read_only->user;
        source_ = "mysql://" + options.read_only->user + ":" + options.read_only->password + "@" + url->host + ":" +
                  std::to_string(url->port) + "/" + options.database;
        hash_file_ = work_ / "cc_encryption_hash";
        std::ofstream(hash_file_) << seeded->cc_encryption_hash << "\n";
        ASSERT_TRUE(testbed::write_sim_vm_bodies(work_, seeded->sim_vms));
        manifest_ = json::parse(read_file(std::filesystem::path(source_dir) / "testbed/manifest.json")).as_object();
    }

    static void TearDownTestSuite() {
        fra1_.reset();
        ams1_.reset();
        if (!database_name_.empty()) {
            whmcs::MysqlUrl server = admin_;
            server.database.clear();
            if (auto connection = whmcs::MariadbConnection::connect(server)) {
                (void)connection->execute("DROP DATABASE IF EXISTS `" + database_name_ + "`");
                (void)connection->execute("DROP USER IF EXISTS " + connection->quoted(read_only_user_) + "@" +
                                          connection->quoted(admin_.host));
            }
        }
        std::error_code ignored;
        std::filesystem::remove_all(work_, ignored);
    }

protected:
    void SetUp() override {
        if (!skip_reason_.empty()) {
            GTEST_SKIP() << skip_reason_;
        }
        // Each test starts from the testbed's VMs (an earlier test may have terminated one).
        for (const auto& [sim, body] : {std::pair{fra1_.get(), "fra1.json"}, std::pair{ams1_.get(), "ams1.json"}}) {
            const auto answer = sim_call(*sim, "POST", "/_sim/vms", (work_ / body).string());
            ASSERT_NE(answer.find("\"created\""), std::string::npos) << answer;
        }
    }

    // whmcs-migrate from the seeded testbed into `target`; trust for both clusters unless `trusted` is false.
    static MigrateOutcome migrate(const TestDatabase& target, std::vector<std::string> extra = {}, bool trusted = true,
                                  const std::string& hash_file = {}) {
        const auto report_path = work_ / ("report-" + target.name() + ".json");
        std::string command = "KEEL_SECRET_KEY=" + std::string(kTestSecretKey) + " " +
                              shell_quote(std::string(std::getenv("KEEL_BIN_DIR")) + "/whmcs-migrate") + " --source " +
                              shell_quote(source_) + " --target " + shell_quote(target.url()) + " --report " +
                              shell_quote(report_path.string()) + " --cc-encryption-hash-file " +
                              shell_quote(hash_file.empty() ? hash_file_.string() : hash_file);
        if (trusted) {
            command += " --cluster-ca " + shell_quote("fra1=" + fra1_->ca_file().string()) + " --cluster-ca " +
                       shell_quote("ams1=" + ams1_->ca_file().string());
        }
        for (const auto& argument : extra) {
            command += " " + shell_quote(argument);
        }
        MigrateOutcome outcome;
        std::tie(outcome.exit_code, outcome.output) = run_shell(command);
        outcome.report_text = read_file(report_path);
        boost::system::error_code ec;
        auto parsed = json::parse(outcome.report_text, ec);
        if (!ec && parsed.is_object()) {
            outcome.report = parsed.as_object();
        }
        std::filesystem::remove(report_path);
        return outcome;
    }

    static const json::array& named_services() { return manifest_.at("named_services").as_array(); }

    static inline std::string skip_reason_;
    static inline std::unique_ptr<PveSimProcess> fra1_, ams1_;
    static inline std::filesystem::path work_, hash_file_;
    static inline whmcs::MysqlUrl admin_;
    static inline std::string database_name_, read_only_user_, source_;
    static inline json::object manifest_;
};

std::int64_t count(const json::object& object, const char* key) {
    const auto* value = object.if_contains(key);
    return value == nullptr ? 0 : value->as_int64();
}

TEST_F(LinkTest, EveryNamedServiceEndsAsTheManifestSays) {
    TestDatabase target;
    const auto run = migrate(target);
    ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 3) << run.output;
    const auto& links = run.report.at("links").as_object();
    const auto& want = manifest_.at("linking").as_object();
    EXPECT_EQ(links.at("linked").as_int64(), count(want, "linked")) << run.report_text;
    for (const auto& [status, n] : want) {
        if (status != "linked") {
            EXPECT_EQ(count(links.at("not_linked").as_object(), status.data()), n.as_int64()) << status;
        }
    }
    for (const auto& entry : named_services()) {
        const auto& service = entry.as_object();
        const auto* link = service.if_contains("link");
        if (link == nullptr) {
            continue;
        }
        const auto id = service.at("whmcs_service_id").as_int64();
        SCOPED_TRACE("service " + std::to_string(id));
        const auto row = target.scalar(
            "SELECT concat_ws('|', coalesce(link_status, '-'), coalesce(datacenter, '-'), coalesce(node, '-'), "
            "coalesce(vmid::text, '-'), coalesce(power_state, '-')) FROM servers WHERE whmcs_service_id = " +
            std::to_string(id));
        const auto& expected = link->as_object();
        const auto status = std::string(expected.at("status").as_string());
        if (status == "linked") {
            EXPECT_EQ(row, "linked|" + std::string(expected.at("cluster").as_string()) + "|" +
                               std::string(expected.at("node").as_string()) + "|" +
                               std::to_string(expected.at("vmid").as_int64()) + "|" +
                               std::string(expected.at("power_state").as_string()));
        } else {
            EXPECT_EQ(row.substr(0, row.find('|')), status) << row;
        }
        // Every fill, difference and observation the manifest names is in the report's notes.
        for (const char* kind : {"filled_from_vm", "differs"}) {
            if (const auto* columns = expected.if_contains(kind)) {
                for (const auto& column : columns->as_array()) {
                    bool noted = false;
                    for (const auto& note : links.at("notes").as_array()) {
                        noted = noted || (note.at("whmcs_service_id").as_int64() == id && note.at("note") == kind &&
                                          note.at("column") == column);
                    }
                    EXPECT_TRUE(noted) << kind << " " << column;
                }
            }
        }
        if (const auto* observations = expected.if_contains("observations")) {
            for (const auto& observation : observations->as_array()) {
                bool noted = false;
                for (const auto& note : links.at("notes").as_array()) {
                    noted = noted || (note.at("whmcs_service_id").as_int64() == id && note.at("note") == observation);
                }
                EXPECT_TRUE(noted) << observation;
            }
        }
    }
    // Keel's own VMID reservations start beyond every linked VM.
    EXPECT_EQ(target.scalar("SELECT (SELECT last_value FROM vmid_seq) >= (SELECT max(vmid) FROM servers)"), "t");
}

TEST_F(LinkTest, AReRunChangesNothing) {
    TestDatabase target;
    const auto first = migrate(target);
    ASSERT_TRUE(first.exit_code == 0 || first.exit_code == 3) << first.output;
    const auto before = target.scalar(
        "SELECT md5(string_agg(concat_ws('|', id, updated_at, link_checked_at, node, vmid, ram_mb, "
        "whmcs_import_digest), ',' ORDER BY id)) FROM servers");
    const auto credentials_before =
        target.scalar("SELECT md5(string_agg(secret, ',' ORDER BY secret)) FROM server_credentials");
    const auto second = migrate(target);
    ASSERT_EQ(second.exit_code, first.exit_code) << second.output;
    const auto& links = second.report.at("links").as_object();
    EXPECT_EQ(links.at("linked").as_int64(), 0) << second.report_text;
    EXPECT_EQ(links.at("verified").as_int64(), first.report.at("links").at("linked").as_int64());
    EXPECT_EQ(
        second.report.at("servers").at("inserted").as_int64() + second.report.at("servers").at("updated").as_int64(),
        0);
    EXPECT_EQ(second.report.at("servers").at("kept_keel_change").as_int64(), 0)
        << "linking must not read as a Keel change";
    const auto& credentials = second.report.at("credentials").as_object();
    EXPECT_EQ(credentials.at("inserted").as_int64() + credentials.at("updated").as_int64(), 0);
    for (const auto& cluster : second.report.at("clusters").as_array()) {
        EXPECT_NE(cluster.at("outcome"), "created");
        EXPECT_NE(cluster.at("outcome"), "updated");
    }
    EXPECT_EQ(target.scalar("SELECT md5(string_agg(concat_ws('|', id, updated_at, link_checked_at, node, vmid, ram_mb, "
                            "whmcs_import_digest), ',' ORDER BY id)) FROM servers"),
              before);
    EXPECT_EQ(target.scalar("SELECT md5(string_agg(secret, ',' ORDER BY secret)) FROM server_credentials"),
              credentials_before);
    // --link-only alone re-verifies the same links and writes nothing either.
    const auto link_only = migrate(target, {"--link-only"});
    ASSERT_EQ(link_only.exit_code, 0) << link_only.output;
    EXPECT_EQ(link_only.report.at("links").at("linked").as_int64(), 0);
    EXPECT_EQ(link_only.report.at("links").at("verified").as_int64(), links.at("verified").as_int64());
}

TEST_F(LinkTest, AWrongHashStopsBeforeAnythingIsWritten) {
    TestDatabase target;
    const auto wrong = work_ / "wrong_hash";
    std::ofstream(wrong) << "x5Yp0Qk2LrVb8NcW3ZtHj6Md1Fs9GaUe4Oi7Sy0Rw2Tq5Pn8Kx3Vz6Bm1Cl4Dg7Ef\n";
    const auto run = migrate(target, {}, true, wrong.string());
    EXPECT_EQ(run.exit_code, 1) << run.output;
    EXPECT_NE(run.output.find("cc_encryption_hash"), std::string::npos) << run.output;
    EXPECT_EQ(target.scalar("SELECT count(*) FROM users"), "0");
    EXPECT_EQ(target.scalar("SELECT count(*) FROM clusters"), "0");
    EXPECT_EQ(target.scalar("SELECT count(*) FROM servers"), "0");
}

TEST_F(LinkTest, WithoutTrustTheClustersAreStoredDisabledAndNothingLinks) {
    TestDatabase target;
    const auto run = migrate(target, {}, false);
    ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 3) << run.output;
    EXPECT_EQ(target.scalar("SELECT string_agg(name || ':' || enabled, ',' ORDER BY name) FROM clusters "
                            "WHERE tls_ca_pem IS NULL AND tls_fingerprint_sha256 IS NULL"),
              "ams1:false,fra1:false");
    EXPECT_EQ(run.report.at("links").at("linked").as_int64(), 0);
    EXPECT_GT(count(run.report.at("links").at("not_linked").as_object(), "cluster_disabled"), 0);
}

TEST_F(LinkTest, NoSecretInClearInTheDumpTheReportOrTheOutput) {
    TestDatabase target;
    const auto run = migrate(target);
    ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 3) << run.output;
    const auto dump = target.dump();
    ASSERT_FALSE(dump.empty());
    std::vector<std::string> secrets{std::string(kSimToken).substr(std::string(kSimToken).find('=') + 1)};
    for (const auto& entry : named_services()) {
        if (const auto* values = entry.as_object().if_contains("secrets")) {
            for (const auto& [name, plaintext] : values->as_object()) {
                secrets.emplace_back(plaintext.as_string());
            }
        }
    }
    ASSERT_GT(secrets.size(), 3u);
    for (const auto& secret : secrets) {
        EXPECT_EQ(dump.find(secret), std::string::npos) << "in pg_dump: " << secret;
        EXPECT_EQ(run.report_text.find(secret), std::string::npos) << "in the report: " << secret;
        EXPECT_EQ(run.output.find(secret), std::string::npos) << "in the output: " << secret;
    }
    EXPECT_GT(std::stoi(target.scalar("SELECT count(*) FROM server_credentials")), 0);
}

// After linking, a migrated customer's server takes lifecycle actions on its real VM like one Keel built.
TEST_F(LinkTest, AMigratedCustomerOperatesALinkedServer) {
    TestDatabase target;
    const auto run = migrate(target);
    ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 3) << run.output;
    ASSERT_EQ(run_program("keel-api",
                          {"users", "create", "--email", "ops@example.com", "--role", "admin", "--password-stdin"},
                          {{"DATABASE_URL", target.url()}}, "operator-password-1\n"),
              0);
    ApiProcess api(target.url(), {"serve"}, {{"KEEL_HYPERVISOR", "proxmox"}, {"KEEL_PVE_TASK_POLL_MS", "20"}});
    auto client = api.client();
    auto login = [&](const std::string& email, const std::string& password) {
        auto reply = client.post_json("/login", R"({"email":")" + email + R"(","password":")" + password + R"("})");
        EXPECT_EQ(reply.status, 200) << reply.body;
        return reply.status == 200 ? std::string(json::parse(reply.body).at("access_token").as_string()) : "";
    };
    const auto customer = login("alice@example.com", kCustomerPassword);
    const auto admin = login("ops@example.com", "operator-password-1");
    // Service 1: alice's, linked to VM 101 on fra1 (manifest).
    const auto id = target.scalar("SELECT id FROM servers WHERE whmcs_service_id = 1");
    const auto vmid = target.scalar("SELECT vmid FROM servers WHERE whmcs_service_id = 1");
    ASSERT_EQ(target.scalar("SELECT link_status FROM servers WHERE whmcs_service_id = 1"), "linked");
    auto act_on = [&](const std::string& server, const std::string& token, const std::string& action) {
        auto reply = client.post_json("/servers/" + server + "/actions", R"({"type":")" + action + R"("})", token);
        EXPECT_EQ(reply.status, 202) << action << ": " << reply.body;
        for (int i = 0; i < 400; ++i) {
            const auto state =
                target.scalar("SELECT state FROM jobs WHERE server_id = '" + server + "' ORDER BY id DESC LIMIT 1");
            if (state == "succeeded" || state == "dead") {
                return state;
            }
            ::usleep(25000);
        }
        return std::string("never settled");
    };
    auto act = [&](const std::string& token, const std::string& action) { return act_on(id, token, action); };
    const auto vm_status = [&] {
        const auto resources = json::parse(sim_call(*fra1_, "GET", "/api2/json/cluster/resources?type=vm"));
        for (const auto& vm : resources.at("data").as_array()) {
            if (std::to_string(vm.at("vmid").to_number<std::int64_t>()) == vmid) {
                return std::string(vm.at("status").as_string());
            }
        }
        return std::string("gone");
    };
    // Operators see where a migrated server stands with its VM; its customer does not.
    const auto seen_by_admin = json::parse(client.get("/servers/" + id, admin).body).as_object();
    EXPECT_EQ(seen_by_admin.at("link").at("status"), "linked");
    EXPECT_FALSE(json::parse(client.get("/servers/" + id, customer).body).as_object().contains("link"));
    // WHMCS's root password, re-sealed by the migration, once to its owner.
    auto revealed = client.post_json("/servers/" + id + "/credentials:reveal", "{}", customer);
    ASSERT_EQ(revealed.status, 200) << revealed.body;
    std::string root_password;
    const auto revealed_body = json::parse(revealed.body);
    for (const auto& credential : revealed_body.at("credentials").as_array()) {
        if (credential.at("name") == "root_password") {
            root_password = std::string(credential.at("value").as_string());
        }
    }
    for (const auto& entry : named_services()) {
        if (entry.at("whmcs_service_id").as_int64() == 1) {
            EXPECT_EQ(root_password, entry.at("secrets").at("tblhosting.password").as_string());
        }
    }
    EXPECT_EQ(client.post_json("/servers/" + id + "/credentials:reveal", "{}", customer).status, 410);
    EXPECT_EQ(act(customer, "reboot"), "succeeded");
    EXPECT_EQ(act(admin, "suspend"), "succeeded");
    EXPECT_EQ(vm_status(), "stopped");
    EXPECT_EQ(target.scalar("SELECT status FROM servers WHERE id = '" + id + "'"), "suspended");
    EXPECT_EQ(act(admin, "unsuspend"), "succeeded");
    EXPECT_EQ(vm_status(), "running");
    EXPECT_EQ(act(customer, "terminate"), "succeeded");
    EXPECT_EQ(vm_status(), "gone");
    EXPECT_EQ(target.scalar("SELECT status FROM servers WHERE id = '" + id + "'"), "terminated");
    // Service 7's VM was not in its cluster when linking looked (vm_missing): terminating it has nothing to destroy.
    const auto gone = target.scalar("SELECT id FROM servers WHERE whmcs_service_id = 7");
    ASSERT_EQ(target.scalar("SELECT link_status FROM servers WHERE id = '" + gone + "'"), "vm_missing");
    EXPECT_EQ(act_on(gone, admin, "terminate"), "succeeded");
    EXPECT_EQ(target.scalar("SELECT status FROM servers WHERE id = '" + gone + "'"), "terminated");
}

}  // namespace
}  // namespace keel::testing
