// PveClient against a minimal in-test HTTPS server: TLS trust (CA and host, pinned fingerprint, refusals),
// the token header, keep-alive reuse, the connection bound, timeouts, and PVE's answers over the wire.
#include "provisioning/pve/pve_client.hpp"

#include <gtest/gtest.h>

#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_future.hpp>

#include "test_certificates.hpp"
#include "test_tls_server.hpp"

namespace keel::provisioning {
namespace {

namespace asio = boost::asio;
using testing::CannedAnswer;
using testing::ServerBehaviour;
using testing::TestCertificate;
using testing::TestTlsServer;

constexpr std::string_view kToken = "PVEAPIToken=keel@pve!prov=0d6a1c52-secret";

struct Certificates {
    TestCertificate ca = testing::make_test_ca("Keel test CA");
    TestCertificate server = testing::make_test_server_certificate(ca, "IP:127.0.0.1,DNS:localhost");
    TestCertificate other_ca = testing::make_test_ca("Someone else's CA");
    TestCertificate other_name = testing::make_test_server_certificate(ca, "DNS:pve.example.net");
};

const Certificates& certificates() {
    static const Certificates made;
    return made;
}

PveClusterSettings settings(unsigned short port, TlsTrust trust, std::string host = "127.0.0.1") {
    return {"fra1", "https://" + host + ":" + std::to_string(port), "keel@pve!prov", ApiTokenSecret("0d6a1c52-secret"),
            std::move(trust)};
}

PveClientOptions quick_options() {
    PveClientOptions options;
    options.connect_timeout = std::chrono::milliseconds(2000);
    options.request_timeout = std::chrono::milliseconds(2000);
    return options;
}

class Harness {
public:
    explicit Harness(PveClusterSettings cluster, PveClientOptions options = quick_options()) {
        auto made = PveClient::create(io_.get_executor(), std::move(cluster), options);
        if (!made) {
            throw std::runtime_error(made.error().detail);
        }
        client_ = std::move(*made);
    }
    PveClient& client() { return *client_; }

    template <class T>
    T run(Task<T> task) {
        auto future = asio::co_spawn(io_, std::move(task), asio::use_future);
        io_.restart();
        io_.run();
        return future.get();
    }

private:
    asio::io_context io_;
    std::unique_ptr<PveClient> client_;
};

TEST(PveClientTls, VerifiesTheChainAndTheIpAndSendsTheToken) {
    TestTlsServer server(certificates().server, ServerBehaviour::kAnswer);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}));
    const auto version = harness.run(harness.client().version());
    ASSERT_TRUE(version.has_value()) << version.error().detail;
    EXPECT_EQ(*version, "8.2.4");
    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 1u);
    EXPECT_EQ(requests[0].method, "GET");
    EXPECT_EQ(requests[0].target, "/api2/json/version");
    EXPECT_EQ(requests[0].authorization, kToken);
}

TEST(PveClientTls, VerifiesTheHostName) {
    TestTlsServer server(certificates().server, ServerBehaviour::kAnswer);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}, "localhost"));
    const auto version = harness.run(harness.client().version());
    EXPECT_TRUE(version.has_value()) << version.error().detail;
}

TEST(PveClientTls, AcceptsThePinnedCertificateInAnyCase) {
    TestTlsServer server(certificates().server, ServerBehaviour::kAnswer);
    std::string pin = certificates().server.fingerprint;
    for (auto& c : pin) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    Harness harness(settings(server.port(), PinnedFingerprint{pin}));
    const auto version = harness.run(harness.client().version());
    EXPECT_TRUE(version.has_value()) << version.error().detail;
}

void expect_refused(const Result<std::string>& answer, const TestTlsServer& server, std::string_view hint) {
    ASSERT_FALSE(answer.has_value());
    EXPECT_EQ(answer.error().code, ErrorCode::kUpstreamFailed);
    EXPECT_NE(answer.error().detail.find("cluster fra1"), std::string::npos) << answer.error().detail;
    EXPECT_NE(answer.error().detail.find("certificate refused"), std::string::npos) << answer.error().detail;
    EXPECT_NE(answer.error().detail.find(certificates().server.fingerprint), std::string::npos)
        << answer.error().detail;
    EXPECT_NE(answer.error().detail.find(hint), std::string::npos) << answer.error().detail;
    EXPECT_EQ(answer.error().detail.find("0d6a1c52"), std::string::npos) << "the secret leaked";
    EXPECT_TRUE(server.requests().empty());
}

TEST(PveClientTls, RefusesAnotherPinnedCertificate) {
    TestTlsServer server(certificates().server, ServerBehaviour::kAnswer);
    Harness harness(settings(server.port(), PinnedFingerprint{certificates().other_name.fingerprint}));
    expect_refused(harness.run(harness.client().version()), server, "not the pinned one");
}

TEST(PveClientTls, RefusesAChainFromAnotherCa) {
    TestTlsServer server(certificates().server, ServerBehaviour::kAnswer);
    Harness harness(settings(server.port(), CaBundlePem{certificates().other_ca.cert_pem}));
    expect_refused(harness.run(harness.client().version()), server, "local issuer");
}

TEST(PveClientTls, RefusesACertificateForAnotherName) {
    TestTlsServer server(certificates().other_name, ServerBehaviour::kAnswer);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}));
    const auto answer = harness.run(harness.client().version());
    ASSERT_FALSE(answer.has_value());
    EXPECT_EQ(answer.error().code, ErrorCode::kUpstreamFailed);
    EXPECT_NE(answer.error().detail.find("mismatch"), std::string::npos) << answer.error().detail;
}

TEST(PveClientSettings, RefusesBadSettingsUpFront) {
    asio::io_context io;
    auto plain = settings(8006, CaBundlePem{certificates().ca.cert_pem});
    plain.url = "http://127.0.0.1:8006";
    EXPECT_FALSE(PveClient::create(io.get_executor(), plain).has_value());
    EXPECT_FALSE(PveClient::create(io.get_executor(), settings(8006, CaBundlePem{"not a pem"})).has_value());
    EXPECT_FALSE(PveClient::create(io.get_executor(), settings(8006, PinnedFingerprint{"AB:CD"})).has_value());
}

TEST(PveClientPool, ReusesOneConnection) {
    TestTlsServer server(certificates().server, ServerBehaviour::kAnswer);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}));
    for (int i = 0; i < 20; ++i) {
        const auto version = harness.run(harness.client().version());
        ASSERT_TRUE(version.has_value()) << version.error().detail;
    }
    EXPECT_EQ(harness.client().handshakes(), 1u);
    EXPECT_EQ(harness.client().requests(), 20u);
    EXPECT_EQ(server.handshakes(), 1);
}

TEST(PveClientPool, ReconnectsWhenTheServerClosedAnIdleConnection) {
    TestTlsServer server(certificates().server, ServerBehaviour::kCloseAfterAnswer);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}));
    for (int i = 0; i < 3; ++i) {
        const auto version = harness.run(harness.client().version());
        ASSERT_TRUE(version.has_value()) << version.error().detail;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // let the close arrive
    }
    EXPECT_EQ(harness.client().handshakes(), 3u);
    EXPECT_EQ(server.requests().size(), 3u);
}

TEST(PveClientPool, SendsAPostOnAFreshConnectionAfterAnIdleClose) {
    TestTlsServer server(certificates().server, ServerBehaviour::kCloseAfterAnswer);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}));
    server.set_answer({200, "OK", R"({"data":"UPID:pve1:00001234:00005678:6560A1B2:qmstart:101:keel@pve!prov:"})"});
    for (int i = 0; i < 3; ++i) {
        const auto started = harness.run(harness.client().power("pve1", 101, PowerAction::kStart));
        ASSERT_TRUE(started.has_value()) << started.error().detail;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(server.requests().size(), 3u) << "each POST sent exactly once";
}

TEST(PveClientPool, RetriesAGetThatRacedAnIdleClose) {
    TestTlsServer server(certificates().server, ServerBehaviour::kCloseAfterAnswer);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}));
    for (int i = 0; i < 10; ++i) {  // no pause: the close may arrive while the next request is written
        const auto version = harness.run(harness.client().version());
        ASSERT_TRUE(version.has_value()) << version.error().detail;
    }
    EXPECT_EQ(harness.client().handshakes(), 10u);
    EXPECT_EQ(server.requests().size(), 10u) << "a raced request never reached the server";
}

TEST(PveClientPool, OpensNoMoreThanTheBoundFromTwoThreads) {
    TestTlsServer server(certificates().server, ServerBehaviour::kAnswer);
    server.set_delay(std::chrono::milliseconds(50));
    asio::io_context io;
    auto options = quick_options();
    options.max_connections = 2;
    auto client =
        PveClient::create(io.get_executor(), settings(server.port(), CaBundlePem{certificates().ca.cert_pem}), options);
    ASSERT_TRUE(client.has_value());
    std::vector<std::future<Result<std::string>>> answers;
    for (int i = 0; i < 12; ++i) {
        answers.push_back(asio::co_spawn(io, (*client)->version(), asio::use_future));
    }
    std::thread second([&io] { io.run(); });
    io.run();
    second.join();
    for (auto& answer : answers) {
        const auto version = answer.get();
        EXPECT_TRUE(version.has_value()) << version.error().detail;
    }
    EXPECT_LE(server.most_open_at_once(), 2);
    EXPECT_LE((*client)->handshakes(), 2u);
    EXPECT_EQ(server.requests().size(), 12u);
}

void expect_transient(const Result<std::string>& answer) {
    ASSERT_FALSE(answer.has_value());
    EXPECT_EQ(answer.error().code, ErrorCode::kRetryable);
    EXPECT_NE(answer.error().detail.find("cluster fra1"), std::string::npos) << answer.error().detail;
}

TEST(PveClientTimeouts, RequestTimeoutIsTransient) {
    TestTlsServer server(certificates().server, ServerBehaviour::kNeverAnswer);
    auto options = quick_options();
    options.request_timeout = std::chrono::milliseconds(300);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}), options);
    const auto started = std::chrono::steady_clock::now();
    expect_transient(harness.run(harness.client().version()));
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(2));
}

TEST(PveClientTimeouts, HandshakeTimeoutIsTransient) {
    TestTlsServer server(certificates().server, ServerBehaviour::kNeverHandshake);
    auto options = quick_options();
    options.connect_timeout = std::chrono::milliseconds(300);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}), options);
    expect_transient(harness.run(harness.client().version()));
}

TEST(PveClientTimeouts, RefusedConnectionIsTransient) {
    unsigned short closed_port = 0;
    {
        asio::io_context io;
        asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
        closed_port = probe.local_endpoint().port();
    }
    Harness harness(settings(closed_port, CaBundlePem{certificates().ca.cert_pem}));
    expect_transient(harness.run(harness.client().version()));
}

TEST(PveClientAnswers, MapsPveErrorsFromTheReasonPhrase) {
    TestTlsServer server(certificates().server, ServerBehaviour::kAnswer);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}));
    server.set_answer({500, "VM 101 is locked (clone)", R"({"data":null})"});
    const auto locked = harness.run(harness.client().power("pve1", 101, PowerAction::kStart));
    ASSERT_FALSE(locked.has_value());
    EXPECT_EQ(locked.error().code, ErrorCode::kRetryable);
    EXPECT_EQ(locked.error().detail, "500 VM 101 is locked (clone)");

    server.set_answer({401, "authentication failure", R"({"data":null})"});
    const auto refused = harness.run(harness.client().nodes());
    ASSERT_FALSE(refused.has_value());
    EXPECT_EQ(refused.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(refused.error().detail, "cluster fra1 refused the API token (401 authentication failure)");

    server.set_answer({500, "Configuration file 'nodes/pve1/qemu-server/101.conf' does not exist", R"({"data":null})"});
    const auto gone = harness.run(harness.client().vm_status("pve1", 101));
    ASSERT_TRUE(gone.has_value()) << gone.error().detail;
    EXPECT_FALSE(gone->exists);
    EXPECT_EQ(harness.client().handshakes(), 1u) << "error answers keep the connection";
}

TEST(PveClientAnswers, SendsFormBodiesAndTaskQueriesOnTheUpidsNode) {
    TestTlsServer server(certificates().server, ServerBehaviour::kAnswer);
    Harness harness(settings(server.port(), CaBundlePem{certificates().ca.cert_pem}));
    const std::string upid = "UPID:pve2:00001234:00005678:6560A1B2:qmclone:9000:keel@pve!prov:";
    server.set_answer({200, "OK", R"({"data":")" + upid + R"("})"});
    const auto cloned =
        harness.run(harness.client().clone("pve1", 9000, CloneRequest{101, "web-1", true, "pve2", "local-lvm"}));
    ASSERT_TRUE(cloned.has_value()) << cloned.error().detail;
    EXPECT_EQ(*cloned, upid);

    server.set_answer({200, "OK", R"({"data":{"status":"stopped","exitstatus":"WARNINGS: 2"}})"});
    const auto task = harness.run(harness.client().task_status(upid));
    ASSERT_TRUE(task.has_value()) << task.error().detail;
    EXPECT_TRUE(task->succeeded());

    const auto requests = server.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].method, "POST");
    EXPECT_EQ(requests[0].target, "/api2/json/nodes/pve1/qemu/9000/clone");
    EXPECT_EQ(requests[0].content_type, "application/x-www-form-urlencoded");
    EXPECT_EQ(requests[0].body, "newid=101&name=web-1&full=1&target=pve2&storage=local-lvm");
    EXPECT_EQ(requests[1].method, "GET");
    EXPECT_TRUE(requests[1].target.starts_with("/api2/json/nodes/pve2/tasks/UPID%3Apve2%3A")) << requests[1].target;
}

}  // namespace
}  // namespace keel::provisioning
