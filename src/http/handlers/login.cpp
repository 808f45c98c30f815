#include "http/handlers/login.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "auth/password_hasher.hpp"
#include "auth/token_service.hpp"
#include "core/log.hpp"
#include "db/login_throttle/login_throttle_repository.hpp"
#include "db/users/user_repository.hpp"
#include "http/codecs/user_codec.hpp"
#include "http/hashing_pool.hpp"
#include "http/responses.hpp"

#include <algorithm>

namespace keel::http {

namespace asio = boost::asio;

namespace {

const Error kBadCredentials{ErrorCode::kUnauthenticated, "invalid email or password"};

Response too_many_attempts(const RequestContext& ctx, std::int64_t retry_after_seconds) {
    auto response = problem_response(ctx, Status::too_many_requests, "too-many-login-attempts",
                                     "too many failed logins; try again after Retry-After seconds");
    response.set(bhttp::field::retry_after, std::to_string(retry_after_seconds));
    return response;
}

Response hashing_busy(const RequestContext& ctx) {
    auto response =
        problem_response(ctx, Status::service_unavailable, "login-busy", "too many logins at once; try again");
    response.set(bhttp::field::retry_after, "1");
    return response;
}

bool matched(auth::VerifyOutcome outcome) {
    return outcome == auth::VerifyOutcome::kMatch || outcome == auth::VerifyOutcome::kMatchNeedsRehash;
}

}  // namespace

std::string throttle_address_key(const std::string& address) {
    boost::system::error_code ec;
    const auto parsed = asio::ip::make_address(address, ec);
    if (ec || !parsed.is_v6() || parsed.to_v6().is_v4_mapped()) {
        return address;
    }
    auto bytes = parsed.to_v6().to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    return asio::ip::address_v6(bytes).to_string() + "/64";
}

struct Login::Checked {
    auth::LoginVerification verification;
    std::optional<std::string> rehash;
};

Task<Response> Login::handle(const Request& request, RequestContext& ctx) {
    auto granted = co_await authenticate(request, ctx);
    if (!granted) {
        co_return std::move(granted.error());
    }
    co_return json_response(ctx, Status::ok,
                            boost::json::object{{"access_token", granted->token.token},
                                                {"token_type", "Bearer"},
                                                {"expires_in", granted->token.expires_in.count()}});
}

Task<std::expected<LoginGranted, Response>> Login::authenticate(const Request& request, RequestContext& ctx) {
    auto body = parse_json_object(request.body());
    if (!body) {
        co_return std::unexpected(error_response(ctx, body.error()));
    }
    auto login = decode_login(*body);
    if (!login) {
        co_return std::unexpected(validation_problem(ctx, login.error()));
    }
    auto wait = co_await throttle_.retry_after(login->email, throttle_address_key(ctx.client_address));
    if (!wait) {
        co_return std::unexpected(error_response(ctx, wait.error()));
    }
    if (*wait > 0) {
        log::info("auth.login.throttled", {{"request_id", ctx.request_id}, {"retry_after", *wait}});
        co_return std::unexpected(too_many_attempts(ctx, *wait));
    }
    auto user = co_await users_.find_by_email(login->email);
    if (!user) {
        co_return std::unexpected(error_response(ctx, user.error()));
    }
    auto checked = co_await check_password(*login, *user);
    if (!checked) {
        log::warn("auth.login.hashing_full", {{"request_id", ctx.request_id}});
        co_return std::unexpected(hashing_busy(ctx));
    }
    if (!matched(checked->verification.outcome)) {
        auto refusal = co_await refuse(*login, *checked, ctx);
        co_return std::unexpected(std::move(refusal));
    }
    co_return co_await admit(*login, **user, std::move(*checked), ctx);
}

Task<std::optional<Login::Checked>> Login::check_password(const LoginRequest& login,
                                                          const std::optional<db::User>& user) {
    const auto admission = hashing_.try_admit();
    if (!admission) {
        co_return std::nullopt;
    }
    // A disabled account, or one that must reset its password, verifies against nothing: it fails like an
    // unknown email, with the same work.
    std::optional<std::string> stored;
    if (user && !user->disabled) {
        stored = user->password_hash;
    }
    auto io_executor = co_await asio::this_coro::executor;
    co_await asio::post(hashing_.executor(), asio::use_awaitable);
    Checked checked{hasher_.verify_login(login.password, stored), std::nullopt};
    if (checked.verification.outcome == auth::VerifyOutcome::kMatchNeedsRehash) {
        if (auto fresh = hasher_.hash(login.password)) {
            checked.rehash = std::move(*fresh);
        }
    }
    co_await asio::post(io_executor, asio::use_awaitable);
    co_return std::move(checked);
}

Task<Response> Login::refuse(const LoginRequest& login, const Checked& checked, RequestContext& ctx) {
    auto recorded = co_await throttle_.record_failure(login.email, throttle_address_key(ctx.client_address));
    if (!recorded) {
        log::warn("auth.login.throttle_failed", {{"request_id", ctx.request_id}, {"reason", recorded.error().detail}});
    }
    log::info("auth.login.rejected",
              {{"request_id", ctx.request_id},
               {"legacy_hash", checked.verification.outcome == auth::VerifyOutcome::kUnsupportedFormat}});
    co_return error_response(ctx, kBadCredentials);
}

Task<std::expected<LoginGranted, Response>> Login::admit(const LoginRequest& login, const db::User& account,
                                                         Checked checked, RequestContext& ctx) {
    auto reset = co_await throttle_.reset_account(login.email);
    if (!reset) {
        log::warn("auth.login.throttle_failed", {{"request_id", ctx.request_id}, {"reason", reset.error().detail}});
    }
    if (checked.rehash) {
        auto replaced = co_await users_.replace_password_hash(account.id, *account.password_hash, *checked.rehash);
        if (!replaced) {
            log::warn("auth.rehash_failed", {{"request_id", ctx.request_id}, {"user_id", account.id.value}});
        }
    }
    auto token = tokens_.issue(account.id, account.role, account.session_version, std::chrono::system_clock::now());
    if (!token) {
        co_return std::unexpected(error_response(ctx, token.error()));
    }
    ctx.caller = Caller{account.id, account.role};
    co_return LoginGranted{account, std::move(*token)};
}

}  // namespace keel::http
