#include "http/server/transfer_encoding.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace keel::http {
namespace {

struct EncodingCase {
    const char* name;
    std::vector<std::string_view> values;
    bool accepted;
};

const EncodingCase kCases[] = {
    {"none", {}, true},
    {"chunked", {"chunked"}, true},
    {"chunked_any_case_and_spaces", {" Chunked "}, true},
    {"gzip_alone", {"gzip"}, false},
    {"gzip_then_chunked", {"gzip, chunked"}, false},
    {"chunked_twice_in_one_field", {"chunked, chunked"}, false},
    {"two_fields", {"chunked", "gzip"}, false},
    {"identity", {"identity"}, false},
    {"empty_value", {""}, false},
};

TEST(IsSupportedTransferEncoding, MatchesTable) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        EXPECT_EQ(is_supported_transfer_encoding(c.values), c.accepted);
    }
}

}  // namespace
}  // namespace keel::http
