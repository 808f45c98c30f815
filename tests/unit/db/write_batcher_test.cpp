#include "db/write_batcher.hpp"

#include <gtest/gtest.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace keel::db {
namespace {

namespace asio = boost::asio;

// A flush that takes a while (like a commit) and records the batches it was given; odd items "touch no row".
struct RecordingFlush {
    std::vector<std::vector<int>> batches;
    bool fail_statement = false;

    WriteBatcher<int>::Flush flush() {
        return [this](const std::vector<int>& items) -> Task<std::vector<Status>> {
            batches.push_back(items);
            asio::steady_timer commit(co_await asio::this_coro::executor, std::chrono::milliseconds(5));
            co_await commit.async_wait(asio::as_tuple(asio::use_awaitable));
            std::vector<Status> statuses;
            for (int item : items) {
                if (fail_statement) {
                    statuses.push_back(fail(ErrorCode::kUnavailable, "connection lost"));
                } else if (item % 2 == 1) {
                    statuses.push_back(fail(ErrorCode::kConflict, "not held"));
                } else {
                    statuses.emplace_back();
                }
            }
            co_return statuses;
        };
    }
};

// Starts `count` writers on one io_context, writer i after delays[i] (none: at once); returns each one's status.
std::vector<Status> write_all(WriteBatcher<int>& batcher, int count,
                              std::vector<std::chrono::milliseconds> delays = {}) {
    asio::io_context io;
    delays.resize(static_cast<std::size_t>(count), std::chrono::milliseconds(0));
    std::vector<Status> statuses(static_cast<std::size_t>(count), fail(ErrorCode::kInternal, "not answered"));
    for (int i = 0; i < count; ++i) {
        asio::co_spawn(
            io,
            [&batcher, &statuses, i, delay = delays[static_cast<std::size_t>(i)]]() -> Task<void> {
                if (delay.count() > 0) {
                    asio::steady_timer wait(co_await asio::this_coro::executor, delay);
                    co_await wait.async_wait(asio::as_tuple(asio::use_awaitable));
                }
                statuses[static_cast<std::size_t>(i)] = co_await batcher.write(i);
            },
            asio::detached);
    }
    io.run();
    return statuses;
}

TEST(WriteBatcher, WritesReadyTogetherShareOneBatchAndEachGetsItsOwnAnswer) {
    RecordingFlush recorder;
    WriteBatcher<int> batcher(recorder.flush(), 64);
    const auto statuses = write_all(batcher, 10);
    ASSERT_EQ(recorder.batches.size(), 1u);
    EXPECT_EQ(recorder.batches[0], std::vector<int>({0, 1, 2, 3, 4, 5, 6, 7, 8, 9}));
    for (int i = 0; i < 10; ++i) {
        SCOPED_TRACE(i);
        const auto& status = statuses[static_cast<std::size_t>(i)];
        if (i % 2 == 0) {
            EXPECT_TRUE(status.has_value());
        } else {
            ASSERT_FALSE(status.has_value());
            EXPECT_EQ(status.error().code, ErrorCode::kConflict);
        }
    }
}

TEST(WriteBatcher, WritesArrivingDuringABatchGoOutTogetherInTheNext) {
    RecordingFlush recorder;  // each flush takes 5 ms
    WriteBatcher<int> batcher(recorder.flush(), 64);
    std::vector<std::chrono::milliseconds> delays(5, std::chrono::milliseconds(2));
    delays[0] = std::chrono::milliseconds(0);
    write_all(batcher, 5, delays);
    ASSERT_EQ(recorder.batches.size(), 2u);
    EXPECT_EQ(recorder.batches[0], std::vector<int>({0}));
    EXPECT_EQ(recorder.batches[1], std::vector<int>({1, 2, 3, 4}));
}

TEST(WriteBatcher, BatchesAreCappedAtMaxBatch) {
    RecordingFlush recorder;
    WriteBatcher<int> batcher(recorder.flush(), 4);
    write_all(batcher, 10);
    std::vector<std::size_t> sizes;
    for (const auto& batch : recorder.batches) {
        sizes.push_back(batch.size());
    }
    EXPECT_EQ(sizes, std::vector<std::size_t>({4, 4, 2}));
}

TEST(WriteBatcher, AFailedStatementFailsEveryItemItCarried) {
    RecordingFlush recorder;
    recorder.fail_statement = true;
    WriteBatcher<int> batcher(recorder.flush(), 64);
    for (const auto& status : write_all(batcher, 5)) {
        ASSERT_FALSE(status.has_value());
        EXPECT_EQ(status.error().code, ErrorCode::kUnavailable);
    }
}

TEST(WriteBatcher, WritesAfterADrainEndedStartANewOne) {
    RecordingFlush recorder;
    WriteBatcher<int> batcher(recorder.flush(), 64);
    write_all(batcher, 1);
    write_all(batcher, 1);
    EXPECT_EQ(recorder.batches.size(), 2u);
}

}  // namespace
}  // namespace keel::db
