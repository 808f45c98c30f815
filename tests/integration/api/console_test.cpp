// The web console's side of keel-api (issue #13): its files built into the binary, the browser session (an
// HttpOnly SameSite=Strict cookie + a CSRF header on every request, beside the unchanged bearer API), the
// security headers on every answer and the server's live status as Server-Sent Events.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <regex>

#include "api_fixture.hpp"
#include "auth/token_service.hpp"

namespace keel::testing {
namespace {

constexpr const char* kPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

struct BrowserSession {
    std::string cookie;  // "keel_session=…", as the browser sends it back
    std::string csrf;
};

class ConsoleTest : public ApiTest {
protected:
    static HttpReply open_session(const std::string& email, const std::string& password = kPassword) {
        return client().post_json("/session", R"({"email":")" + email + R"(","password":")" + password + R"("})");
    }

    static BrowserSession session_of(const std::string& email) {
        const auto reply = open_session(email);
        EXPECT_EQ(reply.status, 201) << reply.body;
        const auto set_cookie = reply.header("set-cookie");
        return {set_cookie.substr(0, set_cookie.find(';')), std::string(json(reply).at("csrf_token").as_string())};
    }

    // A request as the console makes it: the cookie, and the CSRF header unless `csrf` is empty.
    static HttpReply as_browser(const std::string& method, const std::string& target, const std::string& cookie,
                                const std::string& csrf, const std::string& body = {}) {
        std::map<std::string, std::string> headers{{"Cookie", cookie}};
        if (!csrf.empty()) {
            headers["X-CSRF-Token"] = csrf;
        }
        if (!body.empty()) {
            headers["Content-Type"] = "application/json";
        }
        return client().request(method, target, body, headers);
    }

    static std::string create_active_server(const std::string& token, const std::string& hostname) {
        auto created = client().post_json("/servers", spec(hostname), token);
        EXPECT_EQ(created.status, 202) << created.body;
        const auto id = std::string(json(created).at("id").as_string());
        poll("/servers/" + id, token, [](const boost::json::object& s) { return s.at("status") == "active"; });
        return id;
    }
};

// An event stream read as it arrives, on a socket of its own.
class EventStreamReader {
public:
    EventStreamReader(int port, const std::string& target, const std::string& token) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<std::uint16_t>(port));
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
        timeval timeout{0, 200 * 1000};
        ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
        const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n" +
                                    "Authorization: Bearer " + token + "\r\n\r\n";
        EXPECT_EQ(::send(fd_, request.data(), request.size(), MSG_NOSIGNAL), static_cast<ssize_t>(request.size()));
    }
    ~EventStreamReader() { close(); }
    EventStreamReader(const EventStreamReader&) = delete;
    EventStreamReader& operator=(const EventStreamReader&) = delete;

    // Reads until what arrived so far contains `pattern` (true) or `timeout` passes (false).
    bool wait_for(const std::regex& pattern, std::chrono::milliseconds timeout) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (!std::regex_search(received_, pattern)) {
            if (std::chrono::steady_clock::now() > deadline) {
                return false;
            }
            char buffer[4096];
            const auto n = ::recv(fd_, buffer, sizeof buffer, 0);
            if (n == 0) {
                return std::regex_search(received_, pattern);  // the server closed the stream
            }
            if (n > 0) {
                received_.append(buffer, static_cast<std::size_t>(n));
            }
        }
        return true;
    }
    // `data:` lines of `event: server` events received so far, parsed.
    std::vector<boost::json::value> servers() const {
        std::vector<boost::json::value> events;
        const std::regex event("event: server\r?\ndata: (\\{[^\r\n]*\\})");
        for (std::sregex_iterator it(received_.begin(), received_.end(), event), end; it != end; ++it) {
            events.push_back(boost::json::parse((*it)[1].str()));
        }
        return events;
    }
    const std::string& received() const { return received_; }
    void close() {
        if (fd_ >= 0) {
            ::close(fd_);
            fd_ = -1;
        }
    }

private:
    int fd_ = -1;
    std::string received_;
};

TEST_F(ConsoleTest, IndexIsHtmlWithTheStrictPolicyAndNoInlineScript) {
    const auto reply = client().get("/");
    ASSERT_EQ(reply.status, 200);
    EXPECT_EQ(reply.header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(reply.header("content-security-policy"), kPolicy);
    EXPECT_EQ(reply.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(reply.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(reply.header("cache-control"), "no-cache");
    EXPECT_FALSE(reply.header("etag").empty());
    // Every <script> names a file; no inline handler or style anywhere.
    const std::regex script("<script([^>]*)>([^<]*)</script>", std::regex::icase);
    int scripts = 0;
    for (std::sregex_iterator it(reply.body.begin(), reply.body.end(), script), end; it != end; ++it, ++scripts) {
        EXPECT_NE((*it)[1].str().find("src="), std::string::npos) << it->str();
        EXPECT_EQ((*it)[2].str().find_first_not_of(" \t\r\n"), std::string::npos) << it->str();
    }
    EXPECT_GT(scripts, 0);
    EXPECT_FALSE(std::regex_search(reply.body, std::regex(R"(\son[a-z]+\s*=)", std::regex::icase)));
    EXPECT_FALSE(std::regex_search(reply.body, std::regex(R"(<style|\sstyle\s*=)", std::regex::icase)));
}

TEST_F(ConsoleTest, EveryAnswerCarriesTheSecurityHeaders) {
    for (const auto& target : {"/servers", "/healthz", "/no-such-page", "/assets/app.css"}) {
        const auto reply = client().get(target);
        EXPECT_EQ(reply.header("content-security-policy"), kPolicy) << target;
        EXPECT_EQ(reply.header("referrer-policy"), "no-referrer") << target;
    }
}

TEST_F(ConsoleTest, AssetsHaveTheirTypeAndRevalidateWithTheirEtag) {
    struct Case {
        std::string target;
        int status;
        std::string content_type;
    };
    const Case cases[] = {
        {"/assets/app.js", 200, "text/javascript; charset=utf-8"},
        {"/assets/app.css", 200, "text/css; charset=utf-8"},
        {"/assets/missing.js", 404, "application/problem+json"},
        {"/assets/..%2Findex.html", 404, "application/problem+json"},
        {"/assets/%2e%2e", 404, "application/problem+json"},
        {"/index.html", 404, "application/problem+json"},
    };
    for (const auto& c : cases) {
        const auto reply = client().get(c.target);
        EXPECT_EQ(reply.status, c.status) << c.target;
        EXPECT_EQ(reply.header("content-type"), c.content_type) << c.target;
    }
    const auto first = client().get("/assets/app.js");
    const auto etag = first.header("etag");
    ASSERT_TRUE(std::regex_match(etag, std::regex("\"[0-9a-f]{32}\""))) << etag;  // strong
    EXPECT_FALSE(first.body.empty());
    const auto again = client().request("GET", "/assets/app.js", {}, {{"If-None-Match", etag}});
    EXPECT_EQ(again.status, 304);
    EXPECT_EQ(again.header("etag"), etag);
    EXPECT_TRUE(again.body.empty());
    const auto other = client().request("GET", "/assets/app.js", {}, {{"If-None-Match", "\"other\""}});
    EXPECT_EQ(other.status, 200);
    EXPECT_NE(client().get("/assets/app.css").header("etag"), etag);
}

TEST_F(ConsoleTest, LoginSetsAnHttpOnlyStrictCookieAndReturnsTheCsrfToken) {
    const auto reply = open_session("alice@example.com");
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto cookie = reply.header("set-cookie");
    EXPECT_TRUE(cookie.starts_with("keel_session=")) << cookie;
    for (const auto* attribute : {"; HttpOnly", "; SameSite=Strict", "; Path=/", "; Max-Age=900"}) {
        EXPECT_NE(cookie.find(attribute), std::string::npos) << attribute << " missing: " << cookie;
    }
    EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain http on localhost
    EXPECT_EQ(reply.header("cache-control"), "no-store");
    const auto body = json(reply).as_object();
    EXPECT_FALSE(body.at("csrf_token").as_string().empty());
    EXPECT_TRUE(std::regex_match(std::string(body.at("expires_at").as_string()),
                                 std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    EXPECT_EQ(body.at("user").at("email"), "alice@example.com");
    EXPECT_EQ(body.at("user").as_object().if_contains("password_hash"), nullptr);
}

TEST_F(ConsoleTest, SessionLoginRefusesLikeLogin) {
    EXPECT_EQ(open_session("alice@example.com", "wrong password").status, 401);
    EXPECT_EQ(open_session("nobody@example.com").status, 401);
    EXPECT_EQ(client().post_json("/session", R"({"email":1})").status, 422);
    EXPECT_EQ(client().post_json("/session", "{").status, 400);
    EXPECT_TRUE(open_session("bob@example.com", "wrong password").header("set-cookie").empty());
}

TEST_F(ConsoleTest, TheCookieWorksOnlyWithItsCsrfToken) {
    const auto alice = session_of("alice@example.com");
    const auto bob = session_of("bob@example.com");
    struct Case {
        std::string name;
        std::string method;
        std::string target;
        std::string csrf;
        std::string body;
        int status;
    };
    const Case cases[] = {
        {"GET without the header", "GET", "/servers", "", "", 403},
        {"GET with the header", "GET", "/servers", alice.csrf, "", 200},
        {"GET with a wrong header", "GET", "/servers", alice.csrf + "x", "", 403},
        {"GET with another session's header", "GET", "/servers", bob.csrf, "", 403},
        {"GET /users/me", "GET", "/users/me", alice.csrf, "", 200},
        {"POST without the header", "POST", "/servers", "", spec("csrf-none.example.com"), 403},
        {"POST with the header", "POST", "/servers", alice.csrf, spec("csrf-ok.example.com"), 202},
        {"admin route as a client", "GET", "/admin/clusters", alice.csrf, "", 403},
    };
    for (const auto& c : cases) {
        const auto reply = as_browser(c.method, c.target, alice.cookie, c.csrf, c.body);
        EXPECT_EQ(reply.status, c.status) << c.name << ": " << reply.body;
        if (c.status == 403 && c.target != "/admin/clusters") {
            EXPECT_TRUE(std::string(json(reply).at("type").as_string()).ends_with("csrf")) << c.name;
        }
    }
    const auto mine = json(as_browser("GET", "/servers", alice.cookie, alice.csrf)).at("items").as_array();
    ASSERT_EQ(mine.size(), 1u);  // the refused POST created nothing
    EXPECT_EQ(mine[0].at("hostname"), "csrf-ok.example.com");
}

TEST_F(ConsoleTest, BearerIsUnchangedAndWinsOverTheCookie) {
    const auto bob = login("bob@example.com");
    const auto alice = session_of("alice@example.com");
    EXPECT_EQ(client().get("/users/me", bob).status, 200);
    // A bearer request needs no CSRF header even when a cookie comes along; the bearer's account answers.
    const auto both =
        client().request("GET", "/users/me", {}, {{"Authorization", "Bearer " + bob}, {"Cookie", alice.cookie}});
    ASSERT_EQ(both.status, 200);
    EXPECT_EQ(json(both).at("email"), "bob@example.com");
    EXPECT_EQ(client()
                  .post_json("/login", R"({"email":"bob@example.com","password":")" + std::string(kPassword) + "\"}")
                  .header("set-cookie"),
              "");
}

TEST_F(ConsoleTest, ReloadedPageGetsItsSessionBackAndLogoutClearsTheCookie) {
    const auto alice = session_of("alice@example.com");
    const auto current = as_browser("GET", "/session", alice.cookie, "");
    ASSERT_EQ(current.status, 200) << current.body;
    EXPECT_EQ(json(current).at("csrf_token").as_string(), alice.csrf);
    EXPECT_EQ(json(current).at("user").at("email"), "alice@example.com");
    EXPECT_EQ(client().get("/session").status, 401);
    EXPECT_EQ(client().get("/session", login("alice@example.com")).status, 401);  // cookie only

    const auto logout = as_browser("DELETE", "/session", alice.cookie, alice.csrf);
    EXPECT_EQ(logout.status, 204);
    const auto cleared = logout.header("set-cookie");
    EXPECT_TRUE(cleared.starts_with("keel_session=;")) << cleared;
    EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
    EXPECT_EQ(client().request("DELETE", "/session").status, 204);  // no session: still cleared
}

TEST_F(ConsoleTest, ExpiredOrForgedCookieIs401) {
    auth::TokenConfig config;
    config.signing_key = {"keel-1", kTestJwtSecret};
    auto tokens = auth::TokenService::create(config);
    ASSERT_TRUE(tokens.has_value());
    const UserId alice{std::stoll(database_->scalar("SELECT id FROM users WHERE email = 'alice@example.com'"))};
    const auto issued = std::chrono::system_clock::now() - std::chrono::hours(1);
    const auto expired = tokens->issue(alice, Role::kClient, 1, issued)->token;
    const auto csrf = *tokens->csrf_token(expired, issued);
    const auto reply = as_browser("GET", "/servers", "keel_session=" + expired, csrf);
    EXPECT_EQ(reply.status, 401);
    EXPECT_EQ(reply.header("content-type"), "application/problem+json");
    EXPECT_EQ(as_browser("GET", "/session", "keel_session=" + expired, "").status, 401);
    EXPECT_EQ(as_browser("GET", "/servers", "keel_session=not.a.token", "x").status, 401);
}

TEST_F(ConsoleTest, EventStreamSendsTheServerAtOnceAndAgainWhenItChanges) {
    const auto alice = login("alice@example.com");
    const auto admin = login("admin@example.com");
    const auto id = create_active_server(alice, "stream.example.com");
    const auto started = std::chrono::steady_clock::now();
    EventStreamReader stream(api_->port(), "/servers/" + id + "/events/stream", alice);
    ASSERT_TRUE(stream.wait_for(std::regex("event: server\r?\ndata: .*\n"), std::chrono::seconds(5)))
        << stream.received();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));  // at once, not after a poll
    const auto& head = stream.received();
    EXPECT_NE(head.find("HTTP/1.1 200"), std::string::npos) << head;
    EXPECT_NE(head.find("Content-Type: text/event-stream"), std::string::npos) << head;
    EXPECT_NE(head.find("Content-Security-Policy: "), std::string::npos) << head;
    ASSERT_EQ(stream.servers().size(), 1u);
    EXPECT_EQ(stream.servers()[0].at("status"), "active");
    EXPECT_EQ(stream.servers()[0].at("id").as_string(), id);

    auto suspend = client().post_json("/servers/" + id + "/actions", R"({"type":"suspend"})", admin);
    ASSERT_EQ(suspend.status, 202) << suspend.body;
    ASSERT_TRUE(stream.wait_for(std::regex(R"("status":"suspended")"), std::chrono::seconds(10))) << stream.received();
    const auto events = stream.servers();
    EXPECT_EQ(events.back().at("status"), "suspended");
    for (std::size_t i = 1; i < events.size(); ++i) {
        EXPECT_NE(boost::json::serialize(events[i]), boost::json::serialize(events[i - 1]));  // only changes
    }
}

TEST_F(ConsoleTest, EventStreamIsOwnerScopedAndAuthenticated) {
    const auto alice = login("alice@example.com");
    const auto bob = login("bob@example.com");
    const auto id = create_active_server(alice, "scoped-stream.example.com");
    struct Case {
        std::string name;
        std::string target;
        std::string token;
        int status;
    };
    const Case cases[] = {
        {"another client's server", "/servers/" + id + "/events/stream", bob, 404},
        {"no such server", "/servers/00000000-0000-0000-0000-000000000000/events/stream", alice, 404},
        {"not a uuid", "/servers/nope/events/stream", alice, 404},
        {"no token", "/servers/" + id + "/events/stream", "", 401},
    };
    for (const auto& c : cases) {
        const auto reply = client().get(c.target, c.token);  // answered whole, not streamed
        EXPECT_EQ(reply.status, c.status) << c.name;
        EXPECT_EQ(reply.header("content-type"), "application/problem+json") << c.name;
    }
    // The console's way in: the cookie with its CSRF header, and without it 403.
    const auto session = session_of("alice@example.com");
    EXPECT_EQ(as_browser("GET", "/servers/" + id + "/events/stream", session.cookie, "").status, 403);
}

TEST_F(ConsoleTest, EventStreamEndsWhenTheAccountIsDisabled) {
    create_user("carol@example.com", "client");
    const auto carol = login("carol@example.com");
    const auto id = create_active_server(carol, "disabled-stream.example.com");
    EventStreamReader stream(api_->port(), "/servers/" + id + "/events/stream", carol);
    ASSERT_TRUE(stream.wait_for(std::regex("event: server"), std::chrono::seconds(5))) << stream.received();
    ASSERT_EQ(run_keel_api(database_->url(), {"users", "disable", "--email", "carol@example.com"}, ""), 0);
    // The last chunk, then the server closes: within the session cache's 2 s and a poll.
    EXPECT_TRUE(stream.wait_for(std::regex("\r\n0\r\n\r\n$"), std::chrono::seconds(6))) << stream.received();
}

// One event stream per user, and the tests' own address a trusted proxy.
class ConsoleSettingsTest : public ConsoleTest {
protected:
    static void SetUpTestSuite() {
        start_suite({{"KEEL_MAX_EVENT_STREAMS_PER_USER", "1"}, {"KEEL_TRUSTED_PROXIES", "127.0.0.1"}});
        create_user("alice@example.com", "client");
        create_user("bob@example.com", "client");
    }
};

TEST_F(ConsoleSettingsTest, TheCookieIsSecureWhenATrustedProxySaysHttps) {
    const std::string body = R"({"email":"bob@example.com","password":")" + std::string(kPassword) + "\"}";
    const std::map<std::string, std::string> json_type{{"Content-Type", "application/json"}};
    auto over_tls = json_type;
    over_tls["X-Forwarded-Proto"] = "https";
    const auto secure = client().request("POST", "/session", body, over_tls).header("set-cookie");
    EXPECT_TRUE(secure.ends_with("; Secure")) << secure;
    const auto plain = client().request("POST", "/session", body, json_type).header("set-cookie");
    EXPECT_EQ(plain.find("Secure"), std::string::npos) << plain;
}

// A second stream is refused at once, and the first one's place comes back when its client goes.
TEST_F(ConsoleSettingsTest, ASecondStreamIs429UntilTheFirstClientLeaves) {
    const auto alice = login("alice@example.com");
    const auto id = create_active_server(alice, "limited-stream.example.com");
    const auto target = "/servers/" + id + "/events/stream";
    auto first = std::make_unique<EventStreamReader>(api_->port(), target, alice);
    ASSERT_TRUE(first->wait_for(std::regex("event: server"), std::chrono::seconds(5))) << first->received();
    const auto refused = client().get(target, alice);
    EXPECT_EQ(refused.status, 429) << refused.body;
    EXPECT_EQ(client().get("/servers/" + id, alice).status, 200);  // only streams are capped

    first.reset();  // the client goes away: the stream notices within a poll and gives its place back
    std::optional<EventStreamReader> second;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (std::chrono::steady_clock::now() < deadline) {
        second.emplace(api_->port(), target, alice);
        if (second->wait_for(std::regex("event: server"), std::chrono::seconds(1))) {
            break;
        }
        second.reset();
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ASSERT_TRUE(second.has_value()) << "the first stream's place never came back";
    EXPECT_NE(second->received().find("HTTP/1.1 200"), std::string::npos);
}

}  // namespace
}  // namespace keel::testing
