#include "core/backoff.hpp"

#include <gtest/gtest.h>

namespace keel {
namespace {

using std::chrono::milliseconds;

TEST(BackoffDelay, DoublesPerAttemptWithinJitterWindow) {
    const BackoffPolicy policy{milliseconds(100), milliseconds(10000), 5};
    EXPECT_EQ(backoff_delay(policy, 1, 0.0), milliseconds(50));
    EXPECT_EQ(backoff_delay(policy, 1, 1.0), milliseconds(100));
    EXPECT_EQ(backoff_delay(policy, 2, 0.0), milliseconds(100));
    EXPECT_EQ(backoff_delay(policy, 3, 1.0), milliseconds(400));
}

TEST(BackoffDelay, NeverExceedsCap) {
    const BackoffPolicy policy{milliseconds(100), milliseconds(1000), 50};
    for (int attempt = 1; attempt < 50; ++attempt) {
        EXPECT_LE(backoff_delay(policy, attempt, 1.0), milliseconds(1000));
        EXPECT_GE(backoff_delay(policy, attempt, 0.0), milliseconds(50));
    }
}

TEST(BackoffDelay, ClampsOutOfRangeRandomness) {
    const BackoffPolicy policy{milliseconds(100), milliseconds(1000), 5};
    EXPECT_EQ(backoff_delay(policy, 1, 7.0), milliseconds(100));
    EXPECT_EQ(backoff_delay(policy, 1, -3.0), milliseconds(50));
}

TEST(MayRetry, StopsAtMaxAttempts) {
    const BackoffPolicy policy{milliseconds(1), milliseconds(1), 3};
    EXPECT_TRUE(may_retry(policy, 1));
    EXPECT_TRUE(may_retry(policy, 2));
    EXPECT_FALSE(may_retry(policy, 3));
}

}  // namespace
}  // namespace keel
