#include "http/handlers/server_event_stream.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "core/log.hpp"
#include "db/servers/server_repository.hpp"
#include "http/codecs/server_codec.hpp"
#include "http/event_stream.hpp"
#include "http/responses.hpp"
#include "http/session_cache.hpp"

namespace keel::http {

namespace asio = boost::asio;

class ServerEventStream::Slot {
public:
    Slot(ServerEventStream& owner, UserId user) : owner_(owner), user_(user) {}
    ~Slot() { owner_.give_back(user_); }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

private:
    ServerEventStream& owner_;
    UserId user_;
};

namespace {

std::string server_event(const std::string& json) {
    return "event: server\ndata: " + json + "\n\n";  // serialized JSON holds no newline
}

}  // namespace

std::shared_ptr<ServerEventStream::Slot> ServerEventStream::take_slot(UserId user) {
    const std::lock_guard lock(mutex_);
    auto& mine = open_by_user_[user.value];
    if (open_ >= limits_.max_streams || mine >= limits_.max_streams_per_user) {
        if (mine == 0) {
            open_by_user_.erase(user.value);
        }
        return nullptr;
    }
    ++open_;
    ++mine;
    return std::make_shared<Slot>(*this, user);
}

void ServerEventStream::give_back(UserId user) {
    const std::lock_guard lock(mutex_);
    --open_;
    if (--open_by_user_[user.value] <= 0) {
        open_by_user_.erase(user.value);
    }
}

Task<Response> ServerEventStream::open(const Request&, RequestContext& ctx, const PathParams& params) {
    const auto id = params.get("id");
    if (!is_uuid(id)) {
        co_return error_response(ctx, Error{ErrorCode::kNotFound, "not a server id"});
    }
    Watch watch{ServerId{std::string(id)}, std::nullopt, ctx.caller->viewer(), ctx.credential_expires_at,
                ctx.session_version};
    if (!ctx.caller->is_admin()) {
        watch.visible_to = ctx.caller->user_id;
    }
    // Named before the co_await: g++ 12 destroys brace-initialised temporaries inside a co_await twice.
    auto server_id = watch.server_id;
    auto server = co_await servers_.find(std::move(server_id), watch.visible_to);
    if (!server) {
        co_return error_response(ctx, server.error());
    }
    auto slot = take_slot(ctx.caller->user_id);
    if (!slot) {
        log::warn("http.event_stream.refused",
                  {{"request_id", ctx.request_id}, {"user_id", ctx.caller->user_id.value}});
        co_return error_response(
            ctx, Error{ErrorCode::kLimitExceeded,
                       "at most " + std::to_string(limits_.max_streams_per_user) + " event streams per user (and " +
                           std::to_string(limits_.max_streams) + " in all) may be open at once"});
    }
    auto first = boost::json::serialize(encode_server(*server, watch.viewer));
    ctx.stream = [this, watch, first = std::move(first), slot = std::move(slot)](StreamWriter& writer) {
        return run(writer, watch, first, slot);  // the coroutine keeps its own copies
    };
    Response response{Status::ok, 11};
    response.set(bhttp::field::content_type, "text/event-stream");
    response.set(bhttp::field::cache_control, "no-store");
    response.set("X-Accel-Buffering", "no");  // a reverse proxy must pass each event on at once
    co_return response;
}

// What a bearer check would say now: the account exists, is enabled and has the token's session version.
// Usually answered from the session cache; a database hiccup does not end the stream.
Task<bool> ServerEventStream::session_still_valid(const Watch& watch) {
    auto state = co_await sessions_.lookup(watch.viewer.user_id, std::chrono::steady_clock::now());
    if (!state) {
        co_return true;
    }
    co_return *state && !(*state)->disabled && (*state)->session_version == watch.session_version;
}

Task<void> ServerEventStream::run(StreamWriter& writer, Watch watch, std::string first,
                                  [[maybe_unused]] std::shared_ptr<Slot> slot) {
    std::string last = std::move(first);
    const auto opening = server_event(last);
    if (!co_await writer.write(opening)) {
        co_return;
    }
    auto last_write = std::chrono::steady_clock::now();
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (true) {
        timer.expires_after(limits_.poll_interval);
        co_await timer.async_wait(asio::use_awaitable);
        if (writer.closing() || std::chrono::system_clock::now() >= watch.until) {
            co_return;
        }
        if (const bool valid = co_await session_still_valid(watch); !valid) {
            co_return;
        }
        auto server_id = watch.server_id;
        auto server = co_await servers_.find(std::move(server_id), watch.visible_to);
        std::string chunk;
        if (server) {
            auto now_json = boost::json::serialize(encode_server(*server, watch.viewer));
            if (now_json != last) {
                last = std::move(now_json);
                chunk = server_event(last);
            }
        } else if (server.error().code == ErrorCode::kNotFound) {
            co_return;
        } else {
            // The database is away for a moment: the client keeps the last state, the next tick asks again.
            log::warn("http.event_stream.poll_failed",
                      {{"server_id", watch.server_id.value}, {"reason", server.error().detail}});
        }
        const auto now = std::chrono::steady_clock::now();
        if (chunk.empty() && now - last_write >= limits_.keepalive) {
            chunk = ": keepalive\n\n";
        }
        if (!chunk.empty()) {
            if (!co_await writer.write(chunk)) {
                co_return;
            }
            last_write = now;
        }
    }
}

}  // namespace keel::http
