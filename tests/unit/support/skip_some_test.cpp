// A binary that skips one test and passes another still passes: only a run that tested nothing fails.
#include <gtest/gtest.h>

namespace {

TEST(SkipSome, SkipsThisOne) {
    GTEST_SKIP() << "not applicable here";
}
TEST(SkipSome, RunsThisOne) {
    EXPECT_EQ(1 + 1, 2);
}

}  // namespace
