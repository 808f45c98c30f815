#include "http/codecs/operation_codec.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace keel::http {
namespace {

namespace json = boost::json;

const Viewer kClient{UserId{7}, Role::kClient};
const Viewer kAdmin{UserId{1}, Role::kAdmin};
constexpr const char* kRawError = "VM 100 does not exist on pve-fra1-03";

db::Operation operation_by(std::optional<std::int64_t> requested_by) {
    db::Operation operation;
    operation.id = JobId{5};
    operation.kind = "suspend";
    operation.state = "dead";
    operation.server_id = ServerId{"0b3c2f1e-0000-4000-8000-000000000001"};
    operation.last_error = kRawError;
    operation.requested_by = requested_by;
    return operation;
}

TEST(EncodeOperation, ClientSeesStaffAndAGenericReason) {
    const auto body = encode_operation(operation_by(1), kClient);
    EXPECT_EQ(body.at("actor"), (json::object{{"type", "staff"}}));
    EXPECT_TRUE(body.at("requested_by").is_null());
    EXPECT_EQ(std::string_view(body.at("last_error").as_string()), kClientErrorReason);
}

TEST(EncodeOperation, ClientSeesItself) {
    const auto body = encode_operation(operation_by(7), kClient);
    EXPECT_EQ(body.at("actor"), (json::object{{"type", "user"}, {"id", 7}}));
    EXPECT_EQ(body.at("requested_by"), 7);
}

TEST(EncodeOperation, AdminSeesWhoAndTheRawError) {
    const auto body = encode_operation(operation_by(1), kAdmin);
    EXPECT_EQ(body.at("actor"), (json::object{{"type", "user"}, {"id", 1}}));
    EXPECT_EQ(body.at("requested_by"), 1);
    EXPECT_EQ(body.at("last_error"), kRawError);
    EXPECT_EQ(encode_operation(operation_by(std::nullopt), kAdmin).at("actor"), (json::object{{"type", "system"}}));
}

std::vector<db::ServerEvent> trail() {
    return {
        {1, ServerEventKind::kStatus, std::nullopt, "pending", 7, std::nullopt, std::nullopt, "t0"},
        {2, ServerEventKind::kStatus, "pending", "failed", std::nullopt, 3, kRawError, "t1"},
        {3, ServerEventKind::kStatus, "failed", "terminating", 1, 4, std::nullopt, "t2"},
        {4, ServerEventKind::kCredentialsRevealed, "terminating", "terminating", 1, std::nullopt, std::nullopt, "t3"},
    };
}

TEST(EncodeEvents, EveryEventSaysItsKind) {
    const auto events = encode_events(trail(), kClient);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0].at("kind"), "status");
    EXPECT_EQ(events[2].at("kind"), "status");
    EXPECT_EQ(events[3].at("kind"), "credentials_revealed");
    EXPECT_EQ(events[3].at("actor"), (json::object{{"type", "staff"}}));  // an operator's reveal, unnamed
    EXPECT_EQ(events[3].at("from_status"), events[3].at("to_status"));
}

TEST(EncodeEvents, ClientSeesItselfSystemAndStaff) {
    const auto events = encode_events(trail(), kClient);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0].at("actor"), (json::object{{"type", "user"}, {"id", 7}}));
    EXPECT_EQ(events[1].at("actor"), (json::object{{"type", "system"}}));
    EXPECT_EQ(std::string_view(events[1].at("error").as_string()), kClientErrorReason);
    EXPECT_EQ(events[2].at("actor"), (json::object{{"type", "staff"}}));
    EXPECT_TRUE(events[2].at("error").is_null());
}

TEST(EncodeEvents, AdminSeesEveryoneAndRawErrors) {
    const auto events = encode_events(trail(), kAdmin);
    EXPECT_EQ(events[1].at("error"), kRawError);
    EXPECT_EQ(events[2].at("actor"), (json::object{{"type", "user"}, {"id", 1}}));
}

}  // namespace
}  // namespace keel::http
