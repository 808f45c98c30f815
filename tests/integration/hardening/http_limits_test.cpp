// The connection loop's own answers: Transfer-Encoding, header size, nosniff, no-store, connection and
// in-flight caps.
#include <future>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>

#include <sys/socket.h>
#include <sys/time.h>
#include "db/connection.hpp"

#include <cerrno>

#include "hardening_fixture.hpp"

namespace keel::testing {
namespace {

namespace asio = boost::asio;

class HttpLimits : public Hardening {
protected:
    static void SetUpTestSuite() {
        create_user("http-limits@example.com");
        api_ = start_api({{"KEEL_MAX_CONNECTIONS", "3"}});
    }
    static void TearDownTestSuite() { api_.reset(); }
    static HttpClient http() { return api_->client(); }
    static inline std::unique_ptr<ApiProcess> api_;
};

int count_of(const std::string& text, const std::string& needle) {
    int count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++count;
    }
    return count;
}

TEST_F(HttpLimits, TransferEncodingOtherThanChunkedIsRejectedAndClosed) {
    // Were `gzip` read as "no body", the bytes after the headers would be served as a second request.
    const std::string smuggled = "GET /users/me HTTP/1.1\r\nHost: x\r\n\r\n";
    const auto reply = http().raw(
        "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: gzip\r\n\r\n" +
        smuggled);
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << reply;
    EXPECT_EQ(count_of(reply, "HTTP/1.1 "), 1) << reply;
    EXPECT_NE(reply.find("bad-transfer-encoding"), std::string::npos) << reply;
    EXPECT_NE(reply.find("Connection: close"), std::string::npos) << reply;
}

TEST_F(HttpLimits, TransferEncodingFieldRepeatedIsRejected) {
    const auto reply = http().raw(
        "POST /login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n");
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 400")) << reply;
}

TEST_F(HttpLimits, ChunkedBodyIsStillRead) {
    const std::string body = R"({"email":"http-limits@example.com","password":"wrong"})";
    char size[16];
    std::snprintf(size, sizeof size, "%zx", body.size());
    const auto reply = http().raw(
        "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" +
        std::string(size) + "\r\n" + body + "\r\n0\r\n\r\n");
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 401")) << reply;
}

TEST_F(HttpLimits, HeadersOverTheLimitAre431) {
    const auto reply =
        http().raw("GET /users/me HTTP/1.1\r\nHost: x\r\nX-Padding: " + std::string(20000, 'a') + "\r\n\r\n");
    EXPECT_TRUE(reply.starts_with("HTTP/1.1 431")) << reply.substr(0, 200);
    EXPECT_NE(reply.find("X-Content-Type-Options: nosniff"), std::string::npos) << reply;
}

TEST_F(HttpLimits, EveryAnswerCarriesNosniff) {
    const auto token = login(http(), "http-limits@example.com");
    EXPECT_EQ(http().get("/users/me", token).header("x-content-type-options"), "nosniff");   // 200
    EXPECT_EQ(http().get("/users/me").header("x-content-type-options"), "nosniff");          // 401
    EXPECT_EQ(http().get("/nowhere", token).header("x-content-type-options"), "nosniff");    // 404
    EXPECT_EQ(http().request("PUT", "/login").header("x-content-type-options"), "nosniff");  // 405
    const auto bad = http().raw("NOT HTTP AT ALL\r\n\r\n");                                  // 400
    EXPECT_TRUE(bad.starts_with("HTTP/1.1 400")) << bad;
    EXPECT_NE(bad.find("X-Content-Type-Options: nosniff"), std::string::npos) << bad;
}

TEST_F(HttpLimits, LoginAnswersAreNotStored) {
    auto ok = http().post_json(
        "/login", R"({"email":"http-limits@example.com","password":")" + std::string(kHardeningPassword) + R"("})");
    ASSERT_EQ(ok.status, 200) << ok.body;
    EXPECT_EQ(ok.header("cache-control"), "no-store");
    auto refused = http().post_json("/login", R"({"email":"http-limits@example.com","password":"nope"})");
    ASSERT_EQ(refused.status, 401);
    EXPECT_EQ(refused.header("cache-control"), "no-store");
    auto not_json = http().request("POST", "/login", "email=a", {{"Content-Type", "text/plain"}});
    ASSERT_EQ(not_json.status, 415);
    EXPECT_EQ(not_json.header("cache-control"), "no-store");
}

TEST_F(HttpLimits, ConnectionsOverTheCapAreClosedAtOnce) {
    asio::io_context io;
    const asio::ip::tcp::endpoint server(asio::ip::make_address("127.0.0.1"),
                                         static_cast<unsigned short>(api_->port()));
    // Connections of earlier tests may still be counted for a moment after they closed, so connect one at a time
    // until the server refuses one: it must do so by the fourth (cap 3) and close it at once, not after a timeout.
    std::vector<asio::ip::tcp::socket> held;
    bool refused = false;
    for (int i = 0; i < 8 && !refused; ++i) {
        asio::ip::tcp::socket socket(io);
        socket.connect(server);
        const timeval wait{2, 0};  // an accepted connection just waits for a request: give up on it after 2 s
        ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
        char byte = 0;
        const auto n = ::recv(socket.native_handle(), &byte, 1, 0);
        if (n == 0 || (n < 0 && errno == ECONNRESET)) {
            refused = true;
            EXPECT_LE(held.size(), 3u);
        } else {
            held.push_back(std::move(socket));
        }
    }
    EXPECT_TRUE(refused) << "no connection was refused over the cap of 3";

    held.clear();  // capacity comes back once they close
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    EXPECT_EQ(http().get("/users/me").status, 401);
}

class InFlightLimit : public Hardening {
protected:
    static void SetUpTestSuite() {
        create_user("in-flight@example.com");
        api_ = start_api({{"KEEL_MAX_IN_FLIGHT", "1"}, {"KEEL_WORKERS", "0"}});
    }
    static void TearDownTestSuite() { api_.reset(); }
    static inline std::unique_ptr<ApiProcess> api_;
};

TEST_F(InFlightLimit, RequestOverTheCapIs503WithRetryAfter) {
    auto http = api_->client();
    const auto token = login(http, "in-flight@example.com");
    // A lock held from here keeps the first request inside the database, so it stays in flight.
    auto blocker = db::Connection::open(database().url());
    ASSERT_TRUE(blocker) << blocker.error().detail;
    ASSERT_TRUE(blocker->exec_script("BEGIN; LOCK TABLE servers IN ACCESS EXCLUSIVE MODE"));
    auto first = std::async(std::launch::async, [http, token] { return http.get("/servers", token); });
    ASSERT_TRUE(wait_for_lock_waiters(1));

    auto shed = http.get("/servers", token);
    EXPECT_EQ(shed.status, 503) << shed.body;
    EXPECT_EQ(shed.header("retry-after"), "1");
    EXPECT_EQ(shed.header("content-type"), "application/problem+json");

    ASSERT_TRUE(blocker->exec_script("ROLLBACK"));
    EXPECT_EQ(first.get().status, 200);
    EXPECT_EQ(http.get("/servers", token).status, 200);  // the slot is free again
}

}  // namespace
}  // namespace keel::testing
