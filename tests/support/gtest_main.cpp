// The main of every Keel test binary (keel_test links it instead of gtest_main). GoogleTest exits 0 when an
// environment's SetUp or every fixture calls GTEST_SKIP (no database configured, say), and even counts tests
// an environment skipped as passed; CTest would then show green for a binary that tested nothing. Here a run
// that selected tests but finished none of them with a verdict fails instead (#9).
#include <gtest/gtest.h>

#include <cstdio>

namespace {

class FinishedTests : public ::testing::EmptyTestEventListener {
public:
    explicit FinishedTests(int& finished) : finished_(finished) {}
    void OnTestEnd(const ::testing::TestInfo& test) override {
        if (!test.result()->Skipped()) {
            ++finished_;
        }
    }

private:
    int& finished_;
};

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    int finished = 0;
    // GoogleTest owns appended listeners.
    ::testing::UnitTest::GetInstance()->listeners().Append(new FinishedTests(finished));
    const int failed = RUN_ALL_TESTS();
    const int selected = ::testing::UnitTest::GetInstance()->test_to_run_count();
    if (failed == 0 && selected > 0 && finished == 0) {
        std::fprintf(stderr, "FAILED: all %d selected tests were skipped, so nothing was tested\n", selected);
        return 1;
    }
    return failed;
}
