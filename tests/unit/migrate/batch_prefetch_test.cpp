#include "migrate/batch_prefetch.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace keel::migrate {
namespace {

// Rows 1..total in pages of `page`; a page read fails when it would start after `fail_after` (0: never).
struct Source {
    std::int64_t total = 0;
    std::int64_t page = 1;
    std::int64_t fail_after = 0;
    std::atomic<int> reads{0};
    std::atomic<std::thread::id> reader_thread{};

    Result<std::vector<std::int64_t>> read(std::int64_t after_id) {
        ++reads;
        reader_thread = std::this_thread::get_id();
        if (fail_after != 0 && after_id >= fail_after) {
            return fail(ErrorCode::kUnavailable, "read failed");
        }
        std::vector<std::int64_t> rows;
        for (auto id = after_id + 1; id <= total && static_cast<std::int64_t>(rows.size()) < page; ++id) {
            rows.push_back(id);
        }
        return rows;
    }
};

Status walk(Source& source, std::vector<std::vector<std::int64_t>>& seen, int fail_handling_at = 0) {
    return for_each_batch([&source](std::int64_t after) { return source.read(after); },
                          [](std::int64_t row) { return row; },
                          [&seen, fail_handling_at](const std::vector<std::int64_t>& rows) -> Status {
                              seen.push_back(rows);
                              if (fail_handling_at != 0 && static_cast<int>(seen.size()) == fail_handling_at) {
                                  return fail(ErrorCode::kInternal, "write failed");
                              }
                              return {};
                          });
}

TEST(ForEachBatch, HandsEveryPageInOrderAndReadsOffTheCallersThread) {
    Source source{.total = 7, .page = 3};
    std::vector<std::vector<std::int64_t>> seen;
    ASSERT_TRUE(walk(source, seen).has_value());
    EXPECT_EQ(seen, (std::vector<std::vector<std::int64_t>>{{1, 2, 3}, {4, 5, 6}, {7}}));
    EXPECT_EQ(source.reads.load(), 4);  // the last read finds nothing
    EXPECT_NE(source.reader_thread.load(), std::this_thread::get_id());
}

TEST(ForEachBatch, AnEmptySourceHandsNothing) {
    Source source{.total = 0, .page = 3};
    std::vector<std::vector<std::int64_t>> seen;
    ASSERT_TRUE(walk(source, seen).has_value());
    EXPECT_TRUE(seen.empty());
}

TEST(ForEachBatch, AReadErrorStopsTheWalkAfterThePagesBeforeIt) {
    Source source{.total = 10, .page = 3, .fail_after = 6};
    std::vector<std::vector<std::int64_t>> seen;
    auto walked = walk(source, seen);
    ASSERT_FALSE(walked.has_value());
    EXPECT_EQ(walked.error().code, ErrorCode::kUnavailable);
    EXPECT_EQ(seen.size(), 2u);
}

TEST(ForEachBatch, AHandlingErrorStopsTheWalk) {
    Source source{.total = 10, .page = 3};
    std::vector<std::vector<std::int64_t>> seen;
    auto walked = walk(source, seen, 1);
    ASSERT_FALSE(walked.has_value());
    EXPECT_EQ(walked.error().code, ErrorCode::kInternal);
    EXPECT_EQ(seen.size(), 1u);
    EXPECT_LE(source.reads.load(), 2);  // at most the page read ahead
}

}  // namespace
}  // namespace keel::migrate
