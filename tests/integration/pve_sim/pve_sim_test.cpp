// The real pve-sim process over HTTPS, its CA verified: tokens, clone → lock → task → config, locks, delete of a
// running VM, tasks on the wrong node, an offline node, and a restart in the middle of a clone.
#include <gtest/gtest.h>

#include <openssl/x509_vfy.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "sim_process.hpp"
#include "sim_tls.hpp"

namespace keel::pve_sim {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace json = boost::json;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

constexpr const char* kToken = "keel@pve!keel=9f1c2e7a-test";
constexpr const char* kAuthorization = "PVEAPIToken=keel@pve!keel=9f1c2e7a-test";

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Answer {
    int status = 0;
    std::string reason;
    json::value body;
};

// One keep-alive HTTPS connection that trusts only `ca` and checks the certificate is for 127.0.0.1.
class PveConnection {
public:
    PveConnection(int port, const std::filesystem::path& ca) : port_(port), tls_(ssl::context::tls_client) {
        tls_.load_verify_file(ca.string());
        tls_.set_verify_mode(ssl::verify_peer);
    }

    boost::system::error_code connect() {
        stream_ = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(io_, tls_);
        X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream_->native_handle()), "127.0.0.1");
        boost::system::error_code ec;
        beast::get_lowest_layer(*stream_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
        if (!ec) {
            stream_->handshake(ssl::stream_base::client, ec);
        }
        return ec;
    }

    Answer request(const std::string& method, const std::string& target, const std::string& form = {},
                   const std::string& authorization = kAuthorization,
                   const std::string& content_type = "application/x-www-form-urlencoded") {
        if (!stream_) {
            const auto ec = connect();
            EXPECT_FALSE(ec) << ec.message();
        }
        http::request<http::string_body> request{http::string_to_verb(method), target, 11};
        request.set(http::field::host, "127.0.0.1");
        if (!authorization.empty()) {
            request.set(http::field::authorization, authorization);
        }
        if (!form.empty()) {
            request.set(http::field::content_type, content_type);
            request.body() = form;
        }
        request.prepare_payload();
        http::write(*stream_, request);
        beast::flat_buffer buffer;
        http::response<http::string_body> response;
        http::read(*stream_, buffer, response);
        Answer answer{static_cast<int>(response.result_int()), std::string(response.reason()), {}};
        answer.body = json::parse(response.body());
        return answer;
    }

    Answer get(const std::string& path) { return request("GET", "/api2/json" + path); }
    Answer post(const std::string& path, const std::string& form = {}) {
        return request("POST", "/api2/json" + path, form);
    }

private:
    int port_;
    asio::io_context io_;
    ssl::context tls_;
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> stream_;
};

class PveSimTest : public ::testing::Test {
protected:
    void SetUp() override {
        keel::testing::PveSimOptions options;
        options.token = kToken;
        options.latency_scale = 1;
        options.extra_args = {"--template",        "9000:debian-12",
                              "--clone-seconds",   "1.5",
                              "--start-seconds",   "0.2",
                              "--stop-seconds",    "0.2",
                              "--destroy-seconds", "0.2",
                              "--config-seconds",  "0.1"};
        sim = std::make_unique<keel::testing::PveSimProcess>(options);
        state_dir = sim->state_dir();
        port = sim->port();
        pve = std::make_unique<PveConnection>(port, sim->ca_file());
    }
    void TearDown() override {
        pve.reset();
        sim.reset();
    }

    std::string clone(int newid, const std::string& name) {
        const Answer answer =
            pve->post("/nodes/pve1/qemu/9000/clone", "newid=" + std::to_string(newid) + "&name=" + name + "&full=1");
        EXPECT_EQ(answer.status, 200) << answer.reason;
        return std::string(answer.body.at("data").as_string());
    }
    // Polls like a client would; returns the stopped task's status.
    json::object wait_task(const std::string& node, const std::string& upid) {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (std::chrono::steady_clock::now() < deadline) {
            const Answer answer = pve->get("/nodes/" + node + "/tasks/" + upid + "/status");
            EXPECT_EQ(answer.status, 200) << answer.reason;
            const auto& task = answer.body.at("data").as_object();
            if (task.at("status") == "stopped") {
                return task;
            }
            std::this_thread::sleep_for(50ms);
        }
        ADD_FAILURE() << "task " << upid << " still running";
        return {};
    }
    std::string start_and_wait(int vmid) {
        const Answer start = pve->post("/nodes/pve1/qemu/" + std::to_string(vmid) + "/status/start");
        EXPECT_EQ(start.status, 200) << start.reason;
        const std::string upid(start.body.at("data").as_string());
        return std::string(wait_task("pve1", upid).at("exitstatus").as_string());
    }

    std::filesystem::path state_dir;
    int port = 0;
    std::unique_ptr<keel::testing::PveSimProcess> sim;
    std::unique_ptr<PveConnection> pve;
};

TEST_F(PveSimTest, WritesItsTrustAndUrlAndRefusesAnotherCa) {
    EXPECT_EQ(read_file(state_dir / "url"), "https://127.0.0.1:" + std::to_string(port) + "\n");
    const std::string fingerprint = read_file(state_dir / "fingerprint");
    EXPECT_EQ(fingerprint.size(), 32 * 3);  // 32 pairs, 31 colons, a newline
    EXPECT_EQ(fingerprint, *certificate_fingerprint(state_dir / "server.pem") + "\n");
    EXPECT_EQ(sim->fingerprint() + "\n", fingerprint);
    EXPECT_EQ(sim->url(), "https://127.0.0.1:" + std::to_string(port));

    const auto other_dir = state_dir / "other";
    std::filesystem::create_directories(other_dir);
    ASSERT_TRUE(ensure_tls_files(other_dir));
    PveConnection stranger(port, other_dir / "ca.pem");
    EXPECT_TRUE(stranger.connect());  // the handshake fails: not signed by that CA
}

TEST_F(PveSimTest, WrongTokenIsAnAuthenticationFailure) {
    const Answer wrong = pve->request("GET", "/api2/json/version", {}, "PVEAPIToken=keel@pve!keel=nope");
    EXPECT_EQ(wrong.status, 401);
    EXPECT_EQ(wrong.reason, "authentication failure");
    EXPECT_EQ(json::serialize(wrong.body), R"({"data":null})");
    const Answer missing = pve->request("GET", "/api2/json/version", {}, "");
    EXPECT_EQ(missing.status, 401);
    const Answer right = pve->get("/version");
    EXPECT_EQ(right.status, 200);
    EXPECT_EQ(right.body.at("data").at("version"), "8.2.4");
}

TEST_F(PveSimTest, CloneLocksRunsItsTaskAndLeavesAConfiguredVm) {
    const std::string upid = clone(101, "web1");
    EXPECT_TRUE(upid.starts_with("UPID:pve1:")) << upid;

    const Answer status = pve->get("/nodes/pve1/qemu/101/status/current");
    EXPECT_EQ(status.body.at("data").at("lock"), "clone");
    const Answer task = pve->get("/nodes/pve1/tasks/" + upid + "/status");
    EXPECT_EQ(task.body.at("data").at("status"), "running");
    EXPECT_FALSE(task.body.at("data").as_object().contains("exitstatus"));

    const Answer again = pve->post("/nodes/pve1/qemu/9000/clone", "newid=101&name=web1b");
    EXPECT_EQ(again.status, 500);
    EXPECT_EQ(again.reason, "unable to create VM 101: config file already exists");

    for (const auto& [method, path, form] : std::vector<std::tuple<std::string, std::string, std::string>>{
             {"POST", "/nodes/pve1/qemu/101/config", "cores=2"},
             {"PUT", "/nodes/pve1/qemu/101/resize", "disk=scsi0&size=%2B5G"},
             {"POST", "/nodes/pve1/qemu/101/status/start", ""},
             {"DELETE", "/nodes/pve1/qemu/101?purge=1", ""}}) {
        const Answer locked = pve->request(method, "/api2/json" + path, form);
        EXPECT_EQ(locked.status, 500) << path;
        EXPECT_EQ(locked.reason, "VM 101 is locked (clone)") << path;
        EXPECT_EQ(locked.body.at("message"), "VM 101 is locked (clone)");
    }

    const auto done = wait_task("pve1", upid);
    EXPECT_EQ(done.at("exitstatus"), "OK");
    EXPECT_EQ(done.at("type"), "qmclone");
    const Answer config = pve->get("/nodes/pve1/qemu/101/config");
    EXPECT_EQ(config.body.at("data").at("name"), "web1");
    EXPECT_FALSE(config.body.at("data").as_object().contains("lock"));
    const Answer put = pve->request("PUT", "/api2/json/nodes/pve1/qemu/101/config",
                                    "cores=4&memory=4096&sshkeys=ssh-ed25519%2520AAAAC3Nz%2520keel%2540host");
    EXPECT_EQ(put.status, 200) << put.reason;
    EXPECT_EQ(pve->get("/nodes/pve1/qemu/101/config").body.at("data").at("cores"), 4);
}

TEST_F(PveSimTest, DeleteOfARunningVmFailsAndTasksAreOnlyOnTheirNode) {
    const std::string upid = clone(102, "db1");
    EXPECT_EQ(wait_task("pve1", upid).at("exitstatus"), "OK");
    const Answer elsewhere = pve->get("/nodes/pve2/tasks/" + upid + "/status");
    EXPECT_EQ(elsewhere.status, 500);
    EXPECT_EQ(elsewhere.reason, "no such task");

    EXPECT_EQ(start_and_wait(102), "OK");
    const Answer refused =
        pve->request("DELETE", "/api2/json/nodes/pve1/qemu/102?purge=1&destroy-unreferenced-disks=1");
    EXPECT_EQ(refused.status, 500);
    EXPECT_EQ(refused.reason, "VM 102 is running - destroy failed");

    const Answer stop = pve->post("/nodes/pve1/qemu/102/status/stop");
    wait_task("pve1", std::string(stop.body.at("data").as_string()));
    const Answer destroy =
        pve->request("DELETE", "/api2/json/nodes/pve1/qemu/102?purge=1&destroy-unreferenced-disks=1");
    ASSERT_EQ(destroy.status, 200) << destroy.reason;
    EXPECT_EQ(wait_task("pve1", std::string(destroy.body.at("data").as_string())).at("exitstatus"), "OK");
    EXPECT_EQ(pve->get("/nodes/pve1/qemu/102/status/current").reason,
              "Configuration file 'nodes/pve1/qemu-server/102.conf' does not exist");
}

TEST_F(PveSimTest, AnOfflineNodeIsRefusedUntilItIsBack) {
    ASSERT_EQ(pve->request("POST", "/_sim/nodes/pve2/offline").status, 200);
    const Answer refused = pve->get("/nodes/pve2/qemu/101/status/current");
    EXPECT_EQ(refused.status, 595);
    EXPECT_EQ(refused.reason, "Connection refused");
    const Answer nodes = pve->get("/cluster/resources?type=node");
    EXPECT_EQ(nodes.body.at("data").at(1).at("status"), "offline");
    EXPECT_EQ(pve->get("/nodes/nosuchnode/qemu/101/status/current").status, 596);
    ASSERT_EQ(pve->request("POST", "/_sim/nodes/pve2/online").status, 200);
    EXPECT_EQ(pve->get("/nodes/pve2/qemu/101/status/current").status, 500);  // reachable; no such VM there
}

TEST_F(PveSimTest, RecordsWhatClientsSentWithoutTheSecret) {
    clone(103, "rec1");
    const Answer recorded = pve->request("GET", "/_sim/requests");
    ASSERT_EQ(recorded.status, 200);
    const auto& first = recorded.body.at("data").at(0);
    EXPECT_EQ(first.at("method"), "POST");
    EXPECT_EQ(first.at("path"), "/nodes/pve1/qemu/9000/clone");
    EXPECT_EQ(first.at("params").at("newid"), "103");
    EXPECT_EQ(first.at("auth_scheme"), "PVEAPIToken");
    EXPECT_EQ(json::serialize(recorded.body).find("9f1c2e7a"), std::string::npos);
}

TEST_F(PveSimTest, RestartInTheMiddleOfACloneFinishesTheTaskLaterWithTheSameTrust) {
    const std::string fingerprint = read_file(state_dir / "fingerprint");
    const std::string ca = read_file(state_dir / "ca.pem");
    const std::string upid = clone(104, "restart1");
    ASSERT_EQ(pve->get("/nodes/pve1/tasks/" + upid + "/status").body.at("data").at("status"), "running");

    pve.reset();
    sim->restart();
    pve = std::make_unique<PveConnection>(port, state_dir / "ca.pem");  // the old CA still verifies it
    EXPECT_EQ(read_file(state_dir / "fingerprint"), fingerprint);
    EXPECT_EQ(read_file(state_dir / "ca.pem"), ca);

    const Answer status = pve->get("/nodes/pve1/qemu/104/status/current");
    ASSERT_EQ(status.status, 200) << status.reason;
    EXPECT_EQ(status.body.at("data").at("lock"), "clone");
    EXPECT_EQ(pve->get("/nodes/pve1/tasks/" + upid + "/status").body.at("data").at("status"), "running");
    EXPECT_EQ(wait_task("pve1", upid).at("exitstatus"), "OK");
    EXPECT_FALSE(pve->get("/nodes/pve1/qemu/104/status/current").body.at("data").as_object().contains("lock"));
}

TEST_F(PveSimTest, InjectedFaultsAndHostnameFailuresReachTheClient) {
    ASSERT_EQ(pve->request("POST", "/_sim/faults", "rate=1&seed=7").status, 200);
    const Answer busy = pve->post("/nodes/pve1/qemu/9000/clone", "newid=105&name=busy1");
    EXPECT_EQ(busy.status, 500);
    EXPECT_EQ(busy.reason, "can't lock file '/var/lock/qemu-server/lock-105.conf' - got timeout");
    ASSERT_EQ(pve->request("POST", "/_sim/faults", "rate=0").status, 200);

    const std::string upid = clone(106, "mock-fail-clone-1");
    const auto failed = wait_task("pve1", upid);
    EXPECT_TRUE(std::string(failed.at("exitstatus").as_string()).starts_with("clone failed: "));
    EXPECT_EQ(pve->get("/nodes/pve1/qemu/106/config").status, 500);  // nothing left behind
}

TEST_F(PveSimTest, ServesManyRequestsOnOneKeepAliveConnection) {
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < 500; ++i) {
        ASSERT_EQ(pve->get("/cluster/nextid").status, 200);
    }
    EXPECT_LT(std::chrono::steady_clock::now() - started, 10s);
}

TEST_F(PveSimTest, TakesTheTestbedsVmsInOneLargeBodyAndKeepsThemAcrossARestart) {
    // ~3.6 MB, past the 1 MB every other path takes (a 100k-client testbed sends ~8 MB per cluster); the listing
    // stays under the 8 MB this test client reads.
    constexpr int kVms = 30000;
    std::string body = R"({"vms":[)";
    for (int i = 0; i < kVms; ++i) {
        body += (i == 0 ? "" : ",");
        body += R"({"vmid":)" + std::to_string(100000 + i) + R"(,"node":"pve1","name":"vps)" + std::to_string(i) +
                R"(-cus1","cores":1,"memory_mib":1024,"disk_gb":25,"status":"running"})";
    }
    body += "]}";
    ASSERT_GT(body.size(), 2U << 20);
    const Answer loaded = pve->request("POST", "/_sim/vms", body, kAuthorization, "application/json");
    ASSERT_EQ(loaded.status, 200) << loaded.reason;
    EXPECT_EQ(loaded.body.at("data").at("created"), kVms);

    pve.reset();
    sim->restart();  // SIGTERM saves the state
    pve = std::make_unique<PveConnection>(port, state_dir / "ca.pem");
    const Answer listed = pve->get("/cluster/resources?type=vm");
    ASSERT_EQ(listed.status, 200) << listed.reason;
    EXPECT_EQ(listed.body.at("data").as_array().size(), std::size_t{kVms} + 1);  // and template 9000
    const Answer config = pve->get("/nodes/pve1/qemu/100007/config");
    EXPECT_EQ(config.body.at("data").at("name"), "vps7-cus1");
}

}  // namespace
}  // namespace keel::pve_sim
