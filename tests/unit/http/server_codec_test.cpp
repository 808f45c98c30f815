#include "http/codecs/server_codec.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace keel::http {
namespace {

struct DecodeCase {
    const char* name;
    const char* body;
    std::vector<std::string> bad_fields;  // empty: decodes
};

const DecodeCase kCases[] = {
    {"complete", R"({"hostname":"a","cpu_cores":1,"ram_mb":1024,"disk_gb":10,"os_image":"x","datacenter":"y"})", {}},
    {"string_number",
     R"({"hostname":"a","cpu_cores":"1","ram_mb":1024,"disk_gb":10,"os_image":"x","datacenter":"y"})",
     {"cpu_cores"}},
    {"fraction",
     R"({"hostname":"a","cpu_cores":1.5,"ram_mb":1024,"disk_gb":10,"os_image":"x","datacenter":"y"})",
     {"cpu_cores"}},
    {"huge",
     R"({"hostname":"a","cpu_cores":1,"ram_mb":99999999999,"disk_gb":10,"os_image":"x","datacenter":"y"})",
     {"ram_mb"}},
    {"null_is_missing",
     R"({"hostname":null,"cpu_cores":1,"ram_mb":1024,"disk_gb":10,"os_image":"x","datacenter":"y"})",
     {"hostname"}},
    {"empty_object", "{}", {"hostname", "cpu_cores", "ram_mb", "disk_gb", "os_image", "datacenter"}},
    {"unknown_field",
     R"({"hostname":"a","cpu_cores":1,"ram_mb":1024,"disk_gb":10,"os_image":"x","datacenter":"y","gpu":1})",
     {"gpu"}},
};

TEST(DecodeServerSpec, MatchesTable) {
    for (const auto& c : kCases) {
        SCOPED_TRACE(c.name);
        auto object = parse_json_object(c.body);
        ASSERT_TRUE(object.has_value());
        auto spec = decode_server_spec(*object);
        std::vector<std::string> fields;
        if (!spec) {
            for (const auto& error : spec.error()) {
                fields.push_back(error.field);
            }
        }
        EXPECT_EQ(fields, c.bad_fields);
    }
}

TEST(ParseJsonObject, RejectsMalformedAndNonObjects) {
    EXPECT_EQ(parse_json_object("{").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parse_json_object("[1,2]").error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(parse_json_object("").error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(parse_json_object(R"({"a":1})").has_value());
}

TEST(EncodeServer, WritesNullForUnknownValues) {
    db::Server server;
    server.id = ServerId{"0b3c2f1e-0000-4000-8000-000000000001"};
    server.hostname = "web-1";
    server.cpu_cores = 2;
    server.attributes_json = R"({"whmcs":{"billing_cycle":"Monthly"}})";
    const auto text = boost::json::serialize(encode_server(server, Viewer{UserId{1}, Role::kAdmin}));
    EXPECT_NE(text.find(R"("status":"pending")"), std::string::npos);
    EXPECT_NE(text.find(R"("vmid":null)"), std::string::npos);
    EXPECT_NE(text.find(R"("cpu_cores":2)"), std::string::npos);
    EXPECT_NE(text.find(R"("billing_cycle":"Monthly")"), std::string::npos);
}

db::Server provisioned_server() {
    db::Server server;
    server.id = ServerId{"0b3c2f1e-0000-4000-8000-000000000002"};
    server.owner_id = UserId{7};
    server.hostname = "web-2";
    server.status = ServerStatus::kFailed;
    server.node = "pve-fra1-03";
    server.last_error = "clone failed: storage 'local-lvm' on node pve-fra1-03 is full";
    server.admin_attributes_json = R"({"fields":{"Abuse Notes":"warned"}})";
    return server;
}

TEST(EncodeServer, ClientSeesNoOperatorInternals) {
    const auto body = encode_server(provisioned_server(), Viewer{UserId{7}, Role::kClient});
    EXPECT_FALSE(body.contains("node"));
    EXPECT_FALSE(body.contains("admin_attributes"));
    EXPECT_EQ(std::string_view(body.at("last_error").as_string()), kClientErrorReason);
    const auto text = boost::json::serialize(body);
    EXPECT_EQ(text.find("pve-fra1"), std::string::npos);
    EXPECT_EQ(text.find("Abuse Notes"), std::string::npos);
}

TEST(EncodeServer, AdminSeesEverything) {
    const auto server = provisioned_server();
    const auto body = encode_server(server, Viewer{UserId{1}, Role::kAdmin});
    EXPECT_EQ(body.at("node"), "pve-fra1-03");
    EXPECT_EQ(std::string_view(body.at("last_error").as_string()), *server.last_error);
    EXPECT_EQ(body.at("admin_attributes").at("fields").at("Abuse Notes"), "warned");
}

}  // namespace
}  // namespace keel::http
