#pragma once
// POST /login — email + password → a bearer token. Every failure answers the same 401 after the same
// verification work (auth::PasswordHasher::verify_login). Failures are throttled per account and per client
// address (429 + Retry-After, answered before any hashing, even for the right password); hashing runs on a
// bounded pool (503 + Retry-After when full). A WHMCS bcrypt hash is verified once, then replaced by argon2id.
#include <expected>
#include <optional>
#include <string>

#include "auth/token_service.hpp"
#include "db/users/user.hpp"

#include "core/task.hpp"
#include "http/message.hpp"
#include "http/request_context.hpp"

namespace keel::auth {
class PasswordHasher;
class TokenService;
struct LoginVerification;
}  // namespace keel::auth
namespace keel::db {
class LoginThrottleRepository;
class UserRepository;
struct User;
}  // namespace keel::db

namespace keel::http {

class HashingPool;
struct LoginRequest;

// The address failed logins are counted under: an IPv4 address itself, an IPv6 client's /64 (one subscriber
// usually holds a whole /64; counting each address alone would give it 2^64 fresh starts).
std::string throttle_address_key(const std::string& address);

// A login that passed every check: the account and its fresh token.
struct LoginGranted {
    db::User account;
    auth::IssuedToken token;
};

class Login {
public:
    Login(db::UserRepository& users, db::LoginThrottleRepository& throttle, const auth::PasswordHasher& hasher,
          const auth::TokenService& tokens, HashingPool& hashing)
        : users_(users), throttle_(throttle), hasher_(hasher), tokens_(tokens), hashing_(hashing) {}
    Task<Response> handle(const Request& request, RequestContext& ctx);
    // Every check of POST /login (body, throttling, password on the hashing pool, rehash) for any route that
    // logs in (POST /session too): the granted login, or the answer that refuses it.
    Task<std::expected<LoginGranted, Response>> authenticate(const Request& request, RequestContext& ctx);

private:
    struct Checked;
    // Runs on the hashing pool, back on the connection's executor when it returns; empty when the pool and its
    // queue are full.
    Task<std::optional<Checked>> check_password(const LoginRequest& login, const std::optional<db::User>& user);
    Task<Response> refuse(const LoginRequest& login, const Checked& checked, RequestContext& ctx);
    Task<std::expected<LoginGranted, Response>> admit(const LoginRequest& login, const db::User& account,
                                                      Checked checked, RequestContext& ctx);

    db::UserRepository& users_;
    db::LoginThrottleRepository& throttle_;
    const auth::PasswordHasher& hasher_;
    const auth::TokenService& tokens_;
    HashingPool& hashing_;  // argon2id is CPU- and memory-heavy: keep it off the I/O threads
};

}  // namespace keel::http
