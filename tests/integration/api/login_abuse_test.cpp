// Login abuse (#9): failed-login throttling per account and per address, the bounded hashing pool, input limits,
// and bcrypt passwords longer than bcrypt reads.
#include <crypt.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include "api_fixture.hpp"

namespace keel::testing {
namespace {

using Env = std::map<std::string, std::string>;

// Each test starts its own keel-api with the limits it needs; they share one database (distinct emails).
class LoginAbuseTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() { database_ = std::make_unique<TestDatabase>(); }
    static void TearDownTestSuite() { database_.reset(); }
    // Every test logs in from 127.0.0.1: no test may inherit another's address counter.
    void SetUp() override { database_->execute("DELETE FROM login_throttle WHERE scope = 'address'"); }

    static std::unique_ptr<ApiProcess> start(Env env) {
        env.emplace("KEEL_LOGIN_FREE_TRIES_PER_ADDRESS", "100000");  // every test logs in from 127.0.0.1
        env.emplace("KEEL_LOGIN_BACKOFF", "30");
        return std::make_unique<ApiProcess>(database_->url(), std::vector<std::string>{"serve"}, env);
    }
    static void create_user(const std::string& email) {
        ASSERT_EQ(run_keel_api(database_->url(),
                               {"users", "create", "--email", email, "--role", "client", "--password-stdin"},
                               std::string(kPassword) + "\n"),
                  0);
    }
    static HttpReply try_login(const ApiProcess& api, const std::string& email, const std::string& password) {
        const boost::json::object body{{"email", email}, {"password", password}};
        return api.client().post_json("/login", boost::json::serialize(body));
    }
    static std::string stored_hash(const std::string& email) {
        return database_->scalar("SELECT password_hash FROM users WHERE email = '" + email + "'");
    }

    static inline std::unique_ptr<TestDatabase> database_;
};

std::string bcrypt(const std::string& password) {
    auto data = std::make_unique<crypt_data>();
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    crypt_gensalt_rn("$2y$", 4, nullptr, 0, salt, sizeof salt);
    return crypt_rn(password.c_str(), salt, data.get(), sizeof(crypt_data));
}

TEST_F(LoginAbuseTest, FiveFreeTriesThenTooManyRequestsWithRetryAfter) {
    auto api = start({});
    create_user("ivy@example.com");
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(try_login(*api, "ivy@example.com", "wrong password").status, 401) << "try " << i + 1;
    }
    auto blocked = try_login(*api, "ivy@example.com", "wrong password");
    ASSERT_EQ(blocked.status, 429);
    EXPECT_EQ(blocked.header("content-type"), "application/problem+json");
    const int retry_after = std::stoi(blocked.header("retry-after"));
    EXPECT_GE(retry_after, 1);
    EXPECT_LE(retry_after, 30);
}

TEST_F(LoginAbuseTest, RightPasswordIsRefusedTheSameWayDuringTheBlock) {
    auto api = start({});
    create_user("jay@example.com");
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(try_login(*api, "jay@example.com", "wrong password").status, 401);
    }
    auto wrong = try_login(*api, "jay@example.com", "wrong password");
    auto right = try_login(*api, "jay@example.com", kPassword);
    EXPECT_EQ(right.status, 429);
    EXPECT_EQ(right.body.size(), wrong.body.size());
    EXPECT_EQ(boost::json::parse(right.body).at("detail"), boost::json::parse(wrong.body).at("detail"));
}

TEST_F(LoginAbuseTest, SuccessResetsTheAccountCounter) {
    auto api = start({});
    create_user("kim@example.com");
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 4; ++i) {
            ASSERT_EQ(try_login(*api, "kim@example.com", "wrong password").status, 401) << round << "/" << i;
        }
        ASSERT_EQ(try_login(*api, "kim@example.com", kPassword).status, 200);
    }
    EXPECT_EQ(database_->scalar("SELECT count(*) FROM login_throttle WHERE key = 'kim@example.com'"), "0");
}

TEST_F(LoginAbuseTest, UnknownEmailsAreThrottledLikeRealOnes) {
    auto api = start({});
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(try_login(*api, "Nobody@Example.com", "wrong password").status, 401);
    }
    EXPECT_EQ(try_login(*api, "nobody@example.com", "wrong password").status, 429);  // case-insensitively
}

TEST_F(LoginAbuseTest, DelaysDoubleAfterTheFreeTries) {
    auto api = start({{"KEEL_LOGIN_BACKOFF", "1"}});
    create_user("lou@example.com");
    for (int i = 0; i < 5; ++i) {
        ASSERT_EQ(try_login(*api, "lou@example.com", "wrong password").status, 401);
    }
    for (int expected_wait : {1, 2}) {
        auto blocked = try_login(*api, "lou@example.com", "wrong password");
        ASSERT_EQ(blocked.status, 429);
        EXPECT_EQ(std::stoi(blocked.header("retry-after")), expected_wait);
        std::this_thread::sleep_for(std::chrono::milliseconds(expected_wait * 1000 + 100));
        ASSERT_EQ(try_login(*api, "lou@example.com", "wrong password").status, 401);
    }
    EXPECT_EQ(std::stoi(try_login(*api, "lou@example.com", "wrong password").header("retry-after")), 4);
}

TEST_F(LoginAbuseTest, AnAddressIsThrottledAcrossAccounts) {
    auto api = start({{"KEEL_LOGIN_FREE_TRIES_PER_ADDRESS", "3"}});
    for (const char* email : {"a1@example.com", "a2@example.com", "a3@example.com"}) {
        ASSERT_EQ(try_login(*api, email, "wrong password").status, 401);
    }
    EXPECT_EQ(try_login(*api, "a4@example.com", "wrong password").status, 429);
}

TEST_F(LoginAbuseTest, PasswordOverOneKibIsUnprocessable) {
    auto api = start({});
    create_user("max@example.com");
    auto over = try_login(*api, "max@example.com", std::string(1025, 'x'));
    EXPECT_EQ(over.status, 422);
    EXPECT_EQ(boost::json::parse(over.body).at("errors").at(0).at("field"), "password");
    EXPECT_EQ(try_login(*api, "max@example.com", std::string(1024, 'x')).status, 401);
}

TEST_F(LoginAbuseTest, NulInAnyTextFieldIsRefused) {
    auto api = start({});
    create_user("ned@example.com");
    const auto email_nul = api->client().post_json(
        "/login", R"({"email":"ned@example.com\u0000","password":")" + std::string(kPassword) + "\"}");
    EXPECT_EQ(email_nul.status, 422);
    EXPECT_EQ(boost::json::parse(email_nul.body).at("errors").at(0).at("field"), "email");
    const auto password_nul = api->client().post_json(
        "/login", R"({"email":"ned@example.com","password":")" + std::string(kPassword) + R"(\u0000tail"})");
    EXPECT_EQ(password_nul.status, 422);

    auto login = try_login(*api, "ned@example.com", kPassword);
    ASSERT_EQ(login.status, 200);
    const std::string token(boost::json::parse(login.body).at("access_token").as_string());
    const auto server = api->client().post_json(
        "/servers",
        R"({"hostname":"web\u0000.example.com","cpu_cores":1,"ram_mb":1024,"disk_gb":10,"os_image":"debian-12",)"
        R"("datacenter":"fra1"})",
        token);
    EXPECT_EQ(server.status, 422);
}

TEST_F(LoginAbuseTest, FullHashingQueueAnswers503WithRetryAfter) {
    auto api = start({{"KEEL_HASH_THREADS", "1"}, {"KEEL_HASH_QUEUE", "0"}});
    create_user("ola@example.com");
    constexpr int kConcurrent = 12;
    std::vector<HttpReply> replies(kConcurrent);
    std::vector<std::thread> threads;
    std::atomic<bool> go{false};
    for (int i = 0; i < kConcurrent; ++i) {
        threads.emplace_back([&, i] {
            while (!go) {
                std::this_thread::yield();
            }
            replies[i] = try_login(*api, "ola@example.com", kPassword);
        });
    }
    go = true;
    for (auto& thread : threads) {
        thread.join();
    }
    int ok = 0;
    int busy = 0;
    for (const auto& reply : replies) {
        if (reply.status == 200) {
            ++ok;
        } else if (reply.status == 503) {
            ++busy;
            EXPECT_EQ(reply.header("retry-after"), "1");
        } else {
            ADD_FAILURE() << "unexpected " << reply.status << " " << reply.body;
        }
    }
    EXPECT_GE(ok, 1);
    EXPECT_GE(busy, 1);
    EXPECT_EQ(api->client().get("/servers/00000000-0000-0000-0000-000000000000").status, 401);  // still answering
}

TEST_F(LoginAbuseTest, BcryptPasswordLongerThan72BytesIsNotRehashed) {
    auto api = start({});
    create_user("pam@example.com");
    const std::string long_password(80, 'L');
    database_->execute("UPDATE users SET password_hash = '" + bcrypt(long_password) +
                       "' WHERE email = 'pam@example.com'");
    ASSERT_EQ(try_login(*api, "pam@example.com", long_password).status, 200);
    EXPECT_TRUE(stored_hash("pam@example.com").starts_with("$2y$"));

    create_user("quin@example.com");
    database_->execute("UPDATE users SET password_hash = '" + bcrypt("short whmcs password") +
                       "' WHERE email = 'quin@example.com'");
    ASSERT_EQ(try_login(*api, "quin@example.com", "short whmcs password").status, 200);
    EXPECT_TRUE(stored_hash("quin@example.com").starts_with("$argon2id$"));
}

}  // namespace
}  // namespace keel::testing
