// Workers are told after the commit, one NOTIFY per burst: a hundred announcements in one go reach a listener
// as far fewer NOTIFYs, and the last one still arrives after the last announcement (issue #12).
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include "db/jobs/job_announcer.hpp"
#include "db/pool.hpp"
#include "hardening_fixture.hpp"

namespace keel::testing {
namespace {

struct Heard {
    std::uint64_t sent = 0;
    int notifications = 0;
    std::string error;
};

// Announces `bursts` times `per_burst` with a pause between bursts, then counts what a listener heard.
Task<Heard> announce_and_listen(db::Pool& pool, int bursts, int per_burst) {
    auto executor = co_await boost::asio::this_coro::executor;
    Heard heard;
    db::ConnectionOptions options{Hardening::database().url()};
    auto listener = co_await db::AsyncConnection::connect(executor, std::move(options));
    if (!listener) {
        heard.error = listener.error().detail;
        co_return heard;
    }
    auto listening = co_await (*listener)->script("LISTEN keel_jobs");
    if (!listening) {
        heard.error = listening.error().detail;
        co_return heard;
    }
    db::JobAnnouncer announcer(executor, pool);
    for (int burst = 0; burst < bursts; ++burst) {
        for (int i = 0; i < per_burst; ++i) {
            announcer.announce();
        }
        // Every burst is heard at least once: wait for its NOTIFY before the next.
        auto channel = co_await (*listener)->next_notification();
        if (!channel) {
            heard.error = channel.error().detail;
            co_return heard;
        }
        ++heard.notifications;
        // Anything else the burst sent is drained by the next waits; the count below is what was sent.
    }
    // A listener may hear a NOTIFY before its sender has read the answer to it: let the sender settle.
    boost::asio::steady_timer settle(executor);
    for (int waited = 0; announcer.sent() < static_cast<std::uint64_t>(bursts) && waited < 100; ++waited) {
        settle.expires_after(std::chrono::milliseconds(50));
        co_await settle.async_wait(boost::asio::use_awaitable);
    }
    heard.sent = announcer.sent();
    co_return heard;
}

TEST_F(Hardening, JobAnnouncerSendsOneNotifyPerBurstAndNeverMissesTheLast) {
    boost::asio::io_context io;
    auto pool = db::Pool::create(io.get_executor(), db::ConnectionOptions{database().url()}, 2);
    ASSERT_TRUE(pool) << pool.error().detail;
    constexpr int kBursts = 5;
    constexpr int kPerBurst = 100;
    auto future = boost::asio::co_spawn(io, announce_and_listen(**pool, kBursts, kPerBurst), boost::asio::use_future);
    io.run();
    const auto heard = future.get();
    ASSERT_TRUE(heard.error.empty()) << heard.error;
    EXPECT_EQ(heard.notifications, kBursts);
    // The first announce of a burst sends at once, the other 99 collapse into at most one more NOTIFY.
    EXPECT_GE(heard.sent, static_cast<std::uint64_t>(kBursts));
    EXPECT_LE(heard.sent, static_cast<std::uint64_t>(2 * kBursts));
}

}  // namespace
}  // namespace keel::testing
