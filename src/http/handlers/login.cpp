#include "http/handlers/login.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "auth/password_hasher.hpp"
#include "auth/token_service.hpp"
#include "core/log.hpp"
#include "db/users/user_repository.hpp"
#include "http/codecs/user_codec.hpp"
#include "http/responses.hpp"

namespace keel::http {

namespace asio = boost::asio;

namespace {

const Error kBadCredentials{ErrorCode::kUnauthenticated, "invalid email or password"};

}  // namespace

Task<Response> Login::handle(const Request& request, RequestContext& ctx) {
    auto body = parse_json_object(request.body());
    if (!body) {
        co_return error_response(ctx, body.error());
    }
    auto login = decode_login(*body);
    if (!login) {
        co_return validation_problem(ctx, login.error());
    }
    auto user = co_await users_.find_by_email(login->email);
    if (!user) {
        co_return error_response(ctx, user.error());
    }

    // Hashing runs on its own pool; come back to the connection's executor afterwards.
    auto io_executor = co_await asio::this_coro::executor;
    co_await asio::post(hashing_, asio::use_awaitable);
    auto outcome = auth::VerifyOutcome::kMismatch;
    std::optional<std::string> rehash;
    if (!*user || !(*user)->password_hash || (*user)->disabled) {
        hasher_.dummy_verify(login->password);
    } else {
        outcome = hasher_.verify(login->password, *(*user)->password_hash);
        if (outcome == auth::VerifyOutcome::kMatchNeedsRehash) {
            if (auto fresh = hasher_.hash(login->password)) {
                rehash = std::move(*fresh);
            }
        }
    }
    co_await asio::post(io_executor, asio::use_awaitable);

    const bool matched = outcome == auth::VerifyOutcome::kMatch || outcome == auth::VerifyOutcome::kMatchNeedsRehash;
    if (!matched) {
        log::info("auth.login.rejected", {{"request_id", ctx.request_id},
                                          {"known_user", static_cast<bool>(*user)},
                                          {"legacy_hash", outcome == auth::VerifyOutcome::kUnsupportedFormat}});
        co_return error_response(ctx, kBadCredentials);
    }
    const auto& account = **user;
    if (rehash) {
        auto replaced = co_await users_.replace_password_hash(account.id, *account.password_hash, *rehash);
        if (!replaced) {
            log::warn("auth.rehash_failed", {{"request_id", ctx.request_id}, {"user_id", account.id.value}});
        }
    }
    auto token = tokens_.issue(account.id, account.role, std::chrono::system_clock::now());
    if (!token) {
        co_return error_response(ctx, token.error());
    }
    ctx.caller = Caller{account.id, account.role};
    co_return json_response(
        ctx, Status::ok,
        boost::json::object{
            {"access_token", token->token}, {"token_type", "Bearer"}, {"expires_in", token->expires_in.count()}});
}

}  // namespace keel::http
