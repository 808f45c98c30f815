#pragma once
// A minimal HTTPS server for the client's transport tests: it answers what `respond` says and counts
// connections, handshakes and requests. Not a PVE simulator (that is pve-sim): no state, no routes.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "test_certificates.hpp"

namespace keel::testing {

struct RecordedRequest {
    std::string method;
    std::string target;
    std::string authorization;
    std::string content_type;
    std::string body;
};

struct CannedAnswer {
    int status = 200;
    std::string reason = "OK";
    std::string body = R"({"data":{"version":"8.2.4","release":"8.2"}})";
};

enum class ServerBehaviour {
    kAnswer,            // TLS, answer every request, keep the connection
    kCloseAfterAnswer,  // answer with keep-alive, then close anyway (an idle timeout)
    kNeverAnswer,       // TLS, read the request, say nothing
    kNeverHandshake,    // accept TCP, say nothing
};

class TestTlsServer {
public:
    TestTlsServer(const TestCertificate& certificate, ServerBehaviour behaviour);
    ~TestTlsServer();

    unsigned short port() const { return port_; }
    void set_answer(CannedAnswer answer);
    void set_delay(std::chrono::milliseconds delay);

    int connections() const;
    int handshakes() const;
    int most_open_at_once() const;
    std::vector<RecordedRequest> requests() const;

    struct State;

private:
    std::unique_ptr<State> state_;
    unsigned short port_ = 0;
    std::thread thread_;
};

}  // namespace keel::testing
