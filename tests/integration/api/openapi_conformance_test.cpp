// docs/openapi.json against the running keel-api (issue #13): every route the router has is in the document and
// the other way round, and every route, walked with real requests, answers only statuses the document lists,
// with the documented content type and a body that matches the documented schema.
#include <map>
#include <regex>
#include <set>

#include "api_fixture.hpp"
#include "json_schema.hpp"
#include "loopback.hpp"

namespace keel::testing {
namespace {

std::string lower(std::string text) {
    for (auto& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

class OpenApiConformance : public ApiTest {
protected:
    static void SetUpTestSuite() {
        metrics_port_ = free_loopback_port();
        start_suite({{"KEEL_METRICS_LISTEN", "127.0.0.1:" + std::to_string(metrics_port_)}, {"KEEL_WORKERS", "1"}});
        create_user("admin@example.com", "admin");
        create_user("alice@example.com", "client");
        auto reply = client().get("/openapi.json");
        ASSERT_EQ(reply.status, 200);
        document_ = boost::json::parse(reply.body);
    }

    // "METHOD /template" of every operation in the document.
    static std::set<std::string> documented_routes() {
        std::set<std::string> routes;
        for (const auto& [path, item] : document_.at("paths").as_object()) {
            for (const auto& [key, operation] : item.as_object()) {
                if (key != "parameters") {
                    std::string method(key);
                    for (auto& c : method) {
                        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
                    }
                    routes.insert(method + " " + std::string(path));
                }
            }
        }
        return routes;
    }

    // The router's table, as /metrics lays out a latency series for every route at start-up.
    static std::set<std::string> router_routes() {
        auto scrape = HttpClient("127.0.0.1", metrics_port_).get("/metrics");
        std::set<std::string> routes;
        const std::regex series(R"re(keel_http_request_duration_seconds_count\{method="([A-Z]+)",route="([^"]+)"\})re");
        for (std::sregex_iterator it(scrape.body.begin(), scrape.body.end(), series), end; it != end; ++it) {
            routes.insert((*it)[1].str() + " " + (*it)[2].str());
        }
        return routes;
    }

    // Checks one real answer against the document's operation `route` ("GET /servers/{id}").
    static void conforms(const std::string& route, const HttpReply& reply) {
        SCOPED_TRACE(route + " → " + std::to_string(reply.status) + " " + reply.body.substr(0, 300));
        walked_.insert(route);
        const auto space = route.find(' ');
        const auto* operation = document_.at("paths").as_object().if_contains(route.substr(space + 1));
        ASSERT_NE(operation, nullptr) << "path not documented";
        const auto* method = operation->as_object().if_contains(lower(route.substr(0, space)));
        ASSERT_NE(method, nullptr) << "method not documented";
        const auto* response = method->at("responses").as_object().if_contains(std::to_string(reply.status));
        ASSERT_NE(response, nullptr) << "status not documented";
        const auto* content = response->as_object().if_contains("content");
        if (content == nullptr) {  // 204, 304: documented without a body
            EXPECT_TRUE(reply.body.empty());
            return;
        }
        const auto type = reply.header("content-type").substr(0, reply.header("content-type").find(';'));
        const auto* media = content->as_object().if_contains(type);
        ASSERT_NE(media, nullptr) << "content type " << type << " not documented";
        if (!type.ends_with("json")) {
            return;  // the console's files: their bytes are no JSON to check
        }
        const auto errors = schema_errors(document_, media->at("schema"), boost::json::parse(reply.body));
        for (const auto& error : errors) {
            ADD_FAILURE() << error;
        }
    }

    // The head of an event stream (its body never ends by itself): status and content type, no body.
    static HttpReply stream_head(const std::string& target, const std::string& token) {
        const auto head = client().raw("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                                       token + "\r\nConnection: close\r\n\r\n");
        HttpReply reply;
        reply.status = std::stoi(head.substr(9, 3));
        const std::regex type("\r\nContent-Type: ([^\r]*)\r\n", std::regex::icase);
        std::smatch match;
        if (std::regex_search(head, match, type)) {
            reply.headers["content-type"] = match[1].str();
        }
        return reply;
    }

    static inline int metrics_port_ = 0;
    static inline boost::json::value document_;
    static inline std::set<std::string> walked_;
};

TEST_F(OpenApiConformance, DocumentIsOpenApi31) {
    EXPECT_EQ(document_.at("openapi"), "3.1.0");
    const auto reply = client().get("/openapi.json");
    EXPECT_EQ(reply.header("content-type"), "application/json");
}

TEST_F(OpenApiConformance, EveryRouterRouteIsDocumentedAndEveryDocumentedRouteIsRouted) {
    const auto documented = documented_routes();
    const auto routed = router_routes();
    ASSERT_FALSE(routed.empty());
    for (const auto& route : routed) {
        EXPECT_TRUE(documented.contains(route)) << route << " is routed but not in docs/openapi.json";
    }
    for (const auto& route : documented) {
        EXPECT_TRUE(routed.contains(route)) << route << " is in docs/openapi.json but not routed";
    }
}

TEST_F(OpenApiConformance, EveryRouteAnswersAsDocumented) {
    const auto admin = login("admin@example.com");
    const auto alice = login("alice@example.com");
    auto c = client();
    conforms("GET /healthz", c.get("/healthz"));
    conforms("GET /readyz", c.get("/readyz"));
    conforms("GET /openapi.json", c.get("/openapi.json"));
    conforms("POST /login",
             c.post_json("/login", R"({"email":"alice@example.com","password":"correct horse battery"})"));
    conforms("POST /login", c.post_json("/login", R"({"email":"alice@example.com","password":"nope"})"));
    conforms("GET /users/me", c.get("/users/me", alice));
    conforms("GET /users/me", c.get("/users/me"));
    conforms("GET /catalog", c.get("/catalog", alice));

    auto created = c.post_json("/servers", spec("conformance.example.com"), alice);
    conforms("POST /servers", created);
    conforms("POST /servers", c.post_json("/servers", R"({"hostname":"-bad-"})", alice));
    const auto id = std::string(json(created).at("id").as_string());
    poll("/servers/" + id, alice, [](const boost::json::object& s) { return s.at("status") == "active"; });
    conforms("GET /servers/{id}", c.get("/servers/" + id, alice));
    conforms("GET /servers/{id}", c.get("/servers/" + id, admin));
    conforms("GET /servers/{id}", c.get("/servers/00000000-0000-0000-0000-000000000000", alice));
    conforms("GET /servers", c.get("/servers?limit=5", alice));
    conforms("GET /servers", c.get("/servers?cursor=not-a-cursor", alice));
    conforms("POST /servers/{id}/actions", c.post_json("/servers/" + id + "/actions", R"({"type":"suspend"})", alice));
    auto reboot = c.post_json("/servers/" + id + "/actions", R"({"type":"reboot"})", alice);
    conforms("POST /servers/{id}/actions", reboot);
    const auto operation = std::to_string(json(reboot).at("id").as_int64());
    conforms("GET /operations/{id}", c.get("/operations/" + operation, alice));
    conforms("GET /operations/{id}", c.get("/operations/999999999", alice));
    poll("/operations/" + operation, alice, [](const boost::json::object& o) { return o.at("state") == "succeeded"; });
    conforms("GET /servers/{id}/events", c.get("/servers/" + id + "/events", alice));
    conforms("GET /servers/{id}/events", c.get("/servers/" + id + "/events", admin));
    conforms("POST /servers/{id}/credentials:reveal",
             c.request("POST", "/servers/00000000-0000-0000-0000-000000000000/credentials:reveal", {},
                       {{"Authorization", "Bearer " + alice}}));
    conforms("DELETE /servers/{id}", c.request("DELETE", "/servers/" + id, {}, {{"Authorization", "Bearer " + alice}}));
    conforms("DELETE /servers/{id}", c.request("DELETE", "/servers/" + id, {}, {{"Authorization", "Bearer " + alice}}));

    conforms("GET /servers/{id}/events/stream", c.get("/servers/" + id + "/events/stream", admin + "x"));
    conforms("GET /servers/{id}/events/stream",
             c.get("/servers/00000000-0000-0000-0000-000000000000/events/stream", alice));
    conforms("GET /servers/{id}/events/stream", stream_head("/servers/" + id + "/events/stream", alice));

    conforms("GET /", c.get("/"));
    const auto etag = c.get("/assets/app.js").header("etag");
    conforms("GET /assets/{file}", c.get("/assets/app.js"));
    conforms("GET /assets/{file}", c.get("/assets/app.css"));
    conforms("GET /assets/{file}", c.request("GET", "/assets/app.js", {}, {{"If-None-Match", etag}}));
    conforms("GET /assets/{file}", c.get("/assets/missing.js"));
    const auto session = c.post_json("/session", R"({"email":"alice@example.com","password":"correct horse battery"})");
    conforms("POST /session", session);
    conforms("POST /session", c.post_json("/session", R"({"email":"alice@example.com","password":"nope"})"));
    const auto cookie = session.header("set-cookie").substr(0, session.header("set-cookie").find(';'));
    const auto csrf = std::string(json(session).at("csrf_token").as_string());
    conforms("GET /session", c.request("GET", "/session", {}, {{"Cookie", cookie}}));
    conforms("GET /session", c.get("/session"));
    conforms("GET /servers", c.request("GET", "/servers", {}, {{"Cookie", cookie}}));
    conforms("GET /servers", c.request("GET", "/servers", {}, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}));
    conforms("DELETE /session", c.request("DELETE", "/session", {}, {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}));

    conforms("GET /admin/clusters", c.get("/admin/clusters", admin));
    conforms("GET /admin/clusters", c.get("/admin/clusters", alice));
    conforms("GET /admin/users", c.get("/admin/users?limit=1", admin));
    conforms("GET /admin/users", c.get("/admin/users", alice));
    conforms("GET /admin/users", c.get("/admin/users?cursor=not-a-cursor", admin));
    conforms("POST /admin/clusters", c.post_json("/admin/clusters", "{}", admin));
    conforms("GET /admin/clusters/{name}", c.get("/admin/clusters/fra1", admin));
    conforms("GET /admin/clusters/{name}", c.get("/admin/clusters/nowhere", admin));
    const std::map<std::string, std::string> as_admin{{"Authorization", "Bearer " + admin},
                                                      {"Content-Type", "application/json"}};
    conforms("PATCH /admin/clusters/{name}",
             c.request("PATCH", "/admin/clusters/fra1", R"({"enabled":true})", as_admin));
    conforms("GET /admin/clusters/{name}/images", c.get("/admin/clusters/fra1/images", admin));
    conforms("PUT /admin/clusters/{name}/images/{os_image}",
             c.request("PUT", "/admin/clusters/fra1/images/conformance-os", R"({"template_vmid":9100})", as_admin));
    conforms("PUT /admin/clusters/{name}/images/{os_image}",
             c.request("PUT", "/admin/clusters/fra1/images/conformance-os", R"({"template_vmid":"x"})", as_admin));

    for (const auto& route : documented_routes()) {
        EXPECT_TRUE(walked_.contains(route)) << route << " is documented but this test never calls it";
    }
}

}  // namespace
}  // namespace keel::testing
