// The key of WHMCS's legacy encrypt(): from configuration.php or a file of its own (issue #11).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

#include "whmcs/whmcs_config.hpp"

namespace keel::whmcs {
namespace {

struct HashCase {
    std::string_view name;
    std::string_view php;
    std::string_view want;  // empty: refused with kInvalidArgument
};

const HashCase kCases[] = {
    {"installer", "<?php\n$db_name = 'w';\n$cc_encryption_hash = 'Abc123xyz';\n", "Abc123xyz"},
    {"double_quoted_escape", "<?php $cc_encryption_hash = \"a\\$b\";", "a$b"},
    {"last_assignment_wins", "<?php $cc_encryption_hash = 'old'; $cc_encryption_hash = 'new';", "new"},
    {"commented_out_ignored", "<?php $cc_encryption_hash = 'live';\n// $cc_encryption_hash = 'dead';\n", "live"},
    {"hash_chars_in_literal", "<?php $cc_encryption_hash = 'x//y#z';", "x//y#z"},
    {"missing", "<?php $db_name = 'w';", ""},
    {"only_in_comment", "<?php /* $cc_encryption_hash = 'k'; */", ""},
    {"empty", "<?php $cc_encryption_hash = '';", ""},
    {"interpolated", "<?php $cc_encryption_hash = \"$prefix-k3y\";", ""},
    {"outside_php", "$cc_encryption_hash = 'k';", ""},
};

TEST(ParseCcEncryptionHash, ReadsLikePhp) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        auto hash = parse_cc_encryption_hash(c.php);
        if (c.want.empty()) {
            ASSERT_FALSE(hash);
            EXPECT_EQ(hash.error().code, ErrorCode::kInvalidArgument);
            EXPECT_NE(hash.error().detail.find("$cc_encryption_hash"), std::string::npos);
        } else {
            ASSERT_TRUE(hash) << hash.error().detail;
            EXPECT_EQ(*hash, c.want);
        }
    }
}

TEST(ParseCcEncryptionHash, ErrorNeverQuotesTheValue) {
    auto hash = parse_cc_encryption_hash("<?php $cc_encryption_hash = \"S3cr3tK3y{$x}\";");
    ASSERT_FALSE(hash);
    EXPECT_EQ(hash.error().detail.find("S3cr3t"), std::string::npos);
}

class HashFile : public ::testing::Test {
protected:
    std::string write(std::string_view text) {
        std::ofstream(path_, std::ios::binary) << text;
        return path_;
    }
    void TearDown() override { std::remove(path_.c_str()); }

private:
    std::string path_ = "/tmp/keel-cc-hash-test-" + std::to_string(::getpid());
};

TEST_F(HashFile, FirstLineTrimmed) {
    for (const auto text : {"k3y\n", " k3y \r\nsecond line\n", "k3y", "\tk3y\t"}) {
        SCOPED_TRACE(text);
        auto hash = read_cc_encryption_hash_file(write(text));
        ASSERT_TRUE(hash) << hash.error().detail;
        EXPECT_EQ(*hash, "k3y");
    }
}

TEST_F(HashFile, EmptyFirstLineIsRefused) {
    for (const auto text : {"", "\n", "  \nk3y\n"}) {
        SCOPED_TRACE(text);
        auto hash = read_cc_encryption_hash_file(write(text));
        ASSERT_FALSE(hash);
        EXPECT_EQ(hash.error().code, ErrorCode::kInvalidArgument);
    }
}

TEST_F(HashFile, ConfigurationPhpOnDisk) {
    auto hash = read_cc_encryption_hash(write("<?php\n$cc_encryption_hash = 'from-disk';\n"));
    ASSERT_TRUE(hash) << hash.error().detail;
    EXPECT_EQ(*hash, "from-disk");
}

TEST(ReadCcEncryptionHash, MissingFileIsInvalidArgument) {
    EXPECT_EQ(read_cc_encryption_hash("/nonexistent/configuration.php").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(read_cc_encryption_hash_file("/nonexistent/cc-hash").error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace keel::whmcs
