// Issue #10: /admin/clusters (admins only, the token secret write-only), GET /catalog, and POST /servers checked
// against the registered datacenters and images.
#include "api_fixture.hpp"
#include "auth/secret_box.hpp"

namespace keel::testing {
namespace {

constexpr const char* kSecret = "9a8b7c6d-0000-4111-8222-333344445555";

class ClustersTest : public ApiTest {
protected:
    static HttpReply send(const std::string& method, const std::string& path, const std::string& body,
                          const std::string& token) {
        return client().request(method, path, body,
                                {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
    }

    static std::string cluster_json(const std::string& name) {
        return R"({"name":")" + name +
               R"(","api_url":"https://pve.example.com:8006/","token_id":"keel@pve!keel","token_secret":")" + kSecret +
               R"(","tls_fingerprint_sha256":")" + lower_fingerprint() + R"("})";
    }

    static std::string lower_fingerprint() {
        std::string text = kTestFingerprint;
        for (auto& c : text) {
            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
        return text;
    }

    static std::vector<std::string> error_fields(const HttpReply& reply) {
        std::vector<std::string> fields;
        const auto body = json(reply);
        for (const auto& error : body.at("errors").as_array()) {
            fields.emplace_back(error.at("field").as_string());
        }
        return fields;
    }

    static std::string server_json(const std::string& hostname, const std::string& datacenter,
                                   const std::string& os_image = "debian-12") {
        return R"({"hostname":")" + hostname + R"(","cpu_cores":1,"ram_mb":1024,"disk_gb":10,"os_image":")" + os_image +
               R"(","datacenter":")" + datacenter + R"("})";
    }
};

TEST_F(ClustersTest, ClientsGet403OnEveryAdminRoute) {
    const auto token = login("alice@example.com");
    const std::pair<const char*, const char*> routes[] = {
        {"GET", "/admin/clusters"},
        {"POST", "/admin/clusters"},
        {"GET", "/admin/clusters/fra1"},
        {"PATCH", "/admin/clusters/fra1"},
        {"GET", "/admin/clusters/fra1/images"},
        {"PUT", "/admin/clusters/fra1/images/debian-12"},
    };
    for (const auto& [method, path] : routes) {
        SCOPED_TRACE(std::string(method) + " " + path);
        auto reply = send(method, path, "{}", token);
        EXPECT_EQ(reply.status, 403) << reply.body;
        EXPECT_EQ(reply.header("content-type"), "application/problem+json");
    }
    EXPECT_EQ(client().get("/admin/clusters").status, 401);
}

TEST_F(ClustersTest, AdminRegistersAClusterAndNeverSeesTheSecretAgain) {
    const auto admin = login("admin@example.com");
    auto created = send("POST", "/admin/clusters", cluster_json("par1"), admin);
    ASSERT_EQ(created.status, 201) << created.body;
    EXPECT_EQ(created.header("location"), "/admin/clusters/par1");
    const auto body = json(created).as_object();
    EXPECT_EQ(body.at("api_url"), "https://pve.example.com:8006");   // normalised
    EXPECT_EQ(body.at("tls_fingerprint_sha256"), kTestFingerprint);  // upper case, as PVE shows it
    EXPECT_EQ(body.at("enabled"), true);
    EXPECT_FALSE(body.contains("token_secret"));
    EXPECT_EQ(created.body.find(kSecret), std::string::npos);

    const std::string reads[] = {"/admin/clusters", "/admin/clusters/par1", "/admin/clusters/par1/images"};
    for (const auto& path : reads) {
        auto reply = client().get(path, admin);
        EXPECT_EQ(reply.status, 200) << path;
        EXPECT_EQ(reply.body.find(kSecret), std::string::npos) << path;
        EXPECT_EQ(reply.body.find("token_secret"), std::string::npos) << path;
    }
    // Stored sealed, under the key id the API reports.
    const auto stored = database_->scalar("SELECT token_secret FROM clusters WHERE name = 'par1'");
    EXPECT_EQ(stored.find(kSecret), std::string::npos);
    EXPECT_EQ(stored.substr(0, 9), std::string(body.at("secret_key_id").as_string()) + ":");

    EXPECT_EQ(send("POST", "/admin/clusters", cluster_json("par1"), admin).status, 409);
    EXPECT_EQ(client().get("/admin/clusters/nowhere", admin).status, 404);
}

TEST_F(ClustersTest, InvalidRegistrationIs422NamingTheFields) {
    const auto admin = login("admin@example.com");
    auto reply = send("POST", "/admin/clusters",
                      R"({"name":"Bad Name","api_url":"http://pve.example.com","token_id":"keel","token_secret":"x",)"
                      R"("tls_fingerprint_sha256":"AB:CD","colour":"red"})",
                      admin);
    ASSERT_EQ(reply.status, 422) << reply.body;
    auto fields = error_fields(reply);
    std::sort(fields.begin(), fields.end());
    EXPECT_EQ(fields, (std::vector<std::string>{"api_url", "colour", "name", "tls_fingerprint_sha256", "token_id"}));
    reply = send("POST", "/admin/clusters", R"({"name":"lon1"})", admin);
    ASSERT_EQ(reply.status, 422);
    fields = error_fields(reply);
    EXPECT_NE(std::find(fields.begin(), fields.end(), "token_secret"), fields.end());
}

TEST_F(ClustersTest, ServersAreCheckedAgainstTheRegisteredCatalogue) {
    const auto admin = login("admin@example.com");
    const auto token = login("bob@example.com");
    auto unknown = client().post_json("/servers", server_json("dc-1.example.com", "nowhere"), token);
    ASSERT_EQ(unknown.status, 422) << unknown.body;
    const auto unknown_body = json(unknown);
    const auto& error = unknown_body.at("errors").as_array().at(0);
    EXPECT_EQ(error.at("field"), "datacenter");
    const std::string message(error.at("message").as_string());
    EXPECT_EQ(message.rfind("unknown datacenter 'nowhere'; available: ", 0), 0u) << message;
    EXPECT_NE(message.find("ams1"), std::string::npos);
    EXPECT_NE(message.find("fra1"), std::string::npos);

    auto bad_image = client().post_json("/servers", server_json("dc-2.example.com", "fra1", "plan9"), token);
    ASSERT_EQ(bad_image.status, 422) << bad_image.body;
    EXPECT_NE(bad_image.body.find("unknown os_image 'plan9' in fra1; available: almalinux-9, debian-11, debian-12"),
              std::string::npos)
        << bad_image.body;

    // A new datacenter is orderable as soon as it has an image (this process's cache is invalidated).
    ASSERT_EQ(send("POST", "/admin/clusters", cluster_json("waw1"), admin).status, 201);
    EXPECT_EQ(client().post_json("/servers", server_json("dc-3.example.com", "waw1"), token).status, 422);
    auto image =
        send("PUT", "/admin/clusters/waw1/images/debian-12", R"({"template_vmid":9000,"storage":"local-lvm"})", admin);
    ASSERT_EQ(image.status, 200) << image.body;
    EXPECT_EQ(json(image).at("storage"), "local-lvm");
    EXPECT_EQ(client().post_json("/servers", server_json("dc-4.example.com", "waw1"), token).status, 202);

    auto disabled = send("PATCH", "/admin/clusters/waw1", R"({"enabled":false})", admin);
    ASSERT_EQ(disabled.status, 200) << disabled.body;
    EXPECT_EQ(json(disabled).at("enabled"), false);
    EXPECT_EQ(client().post_json("/servers", server_json("dc-5.example.com", "waw1"), token).status, 422);
}

TEST_F(ClustersTest, BadImageRequestsAre422) {
    const auto admin = login("admin@example.com");
    auto reply = send("PUT", "/admin/clusters/fra1/images/Bad%20Image", R"({"template_vmid":5,"storage":"X"})", admin);
    ASSERT_EQ(reply.status, 422) << reply.body;
    auto fields = error_fields(reply);
    std::sort(fields.begin(), fields.end());
    EXPECT_EQ(fields, (std::vector<std::string>{"os_image", "storage", "template_vmid"}));
    EXPECT_EQ(send("PUT", "/admin/clusters/nowhere/images/debian-12", R"({"template_vmid":9000})", admin).status, 404);
}

TEST_F(ClustersTest, PatchReplacesTrustAndSecret) {
    const auto admin = login("admin@example.com");
    ASSERT_EQ(send("POST", "/admin/clusters", cluster_json("mad1"), admin).status, 201);
    const auto before = database_->scalar("SELECT token_secret FROM clusters WHERE name = 'mad1'");
    auto patched = send("PATCH", "/admin/clusters/mad1",
                        R"({"token_secret":"new-secret-value","api_url":"https://pve2.example.com"})", admin);
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(json(patched).at("api_url"), "https://pve2.example.com");
    EXPECT_EQ(patched.body.find("new-secret-value"), std::string::npos);
    EXPECT_NE(database_->scalar("SELECT token_secret FROM clusters WHERE name = 'mad1'"), before);
    EXPECT_EQ(send("PATCH", "/admin/clusters/mad1", R"({"name":"other"})", admin).status, 422);
    EXPECT_EQ(send("PATCH", "/admin/clusters/nowhere", R"({"enabled":true})", admin).status, 404);
}

// What whmcs-migrate stores for a WHMCS server given no trust (issue #11): disabled, neither CA nor fingerprint.
void store_trustless_cluster(const TestDatabase& database, const std::string& name) {
    auto keys = auth::SecretKeyRing::from_hex(kTestSecretKey);
    ASSERT_TRUE(keys.has_value());
    const auto sealed = keys->seal("whmcs-token-secret").stored_text();
    database.execute("INSERT INTO clusters (name, api_url, token_id, token_secret, secret_key_id, enabled) VALUES ('" +
                     name + "', 'https://" + name + ".example.com:8006', 'root@pam!whmcs', '" + sealed + "', '" +
                     sealed.substr(0, 8) + "', false)");
}

TEST_F(ClustersTest, ClusterWithoutTrustIsListedAndEnabledOnlyWithOne) {
    const auto admin = login("admin@example.com");
    store_trustless_cluster(*database_, "whm1");
    auto listed = client().get("/admin/clusters", admin);
    ASSERT_EQ(listed.status, 200) << listed.body;
    bool found = false;
    const auto listed_body = json(listed);
    for (const auto& item : listed_body.at("items").as_array()) {
        if (item.at("name") == "whm1") {
            found = true;
            EXPECT_EQ(item.at("trust"), "none");
            EXPECT_TRUE(item.at("tls_ca_pem").is_null());
            EXPECT_TRUE(item.at("tls_fingerprint_sha256").is_null());
            EXPECT_EQ(item.at("enabled"), false);
        } else {
            EXPECT_NE(item.at("trust"), "none");
        }
    }
    EXPECT_TRUE(found);
    auto one = client().get("/admin/clusters/whm1", admin);
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(json(one).at("trust"), "none");
    EXPECT_EQ(client().get("/catalog", admin).status, 200);

    auto refused = send("PATCH", "/admin/clusters/whm1", R"({"enabled":true})", admin);
    ASSERT_EQ(refused.status, 422) << refused.body;
    EXPECT_EQ(error_fields(refused), std::vector<std::string>{"enabled"});
    EXPECT_NE(refused.body.find("tls_fingerprint_sha256"), std::string::npos) << refused.body;
    EXPECT_EQ(database_->scalar("SELECT enabled FROM clusters WHERE name = 'whm1'"), "f");

    // Other changes need no trust; enabling together with one works.
    auto moved = send("PATCH", "/admin/clusters/whm1", R"({"api_url":"https://whm1b.example.com"})", admin);
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(json(moved).at("trust"), "none");
    auto enabled = send("PATCH", "/admin/clusters/whm1",
                        R"({"enabled":true,"tls_fingerprint_sha256":")" + lower_fingerprint() + R"("})", admin);
    ASSERT_EQ(enabled.status, 200) << enabled.body;
    EXPECT_EQ(json(enabled).at("enabled"), true);
    EXPECT_EQ(json(enabled).at("trust"), "fingerprint");
    EXPECT_EQ(json(enabled).at("tls_fingerprint_sha256"), kTestFingerprint);
    // Once trusted, enabling again needs nothing more.
    ASSERT_EQ(send("PATCH", "/admin/clusters/whm1", R"({"enabled":false})", admin).status, 200);
    EXPECT_EQ(send("PATCH", "/admin/clusters/whm1", R"({"enabled":true})", admin).status, 200);
}

TEST_F(ClustersTest, CatalogShowsDatacentersAndImagesOnly) {
    const auto token = login("alice@example.com");
    auto reply = client().get("/catalog", token);
    ASSERT_EQ(reply.status, 200) << reply.body;
    bool found_fra1 = false;
    const auto body = json(reply);
    for (const auto& datacenter : body.at("datacenters").as_array()) {
        const auto& object = datacenter.as_object();
        EXPECT_EQ(object.size(), 2u);  // name and os_images, nothing about the cluster
        if (object.at("name") == "fra1") {
            found_fra1 = true;
            EXPECT_EQ(object.at("os_images").as_array().size(), 7u);
        }
    }
    EXPECT_TRUE(found_fra1);
    EXPECT_EQ(reply.body.find("https://"), std::string::npos);
    EXPECT_EQ(reply.body.find("keel@pve"), std::string::npos);
    EXPECT_EQ(client().get("/catalog").status, 401);
}

// A change made with the CLI (another process) reaches POST /servers within KEEL_CATALOG_CACHE_MS.
class CatalogStalenessTest : public ApiTest {
protected:
    static void SetUpTestSuite() {
        start_suite({{"KEEL_CATALOG_CACHE_MS", "300"}});
        create_user("carol@example.com", "client");
    }
};

TEST_F(CatalogStalenessTest, ClusterAddedWithTheCliIsOrderableWithinTheCacheTtl) {
    const auto token = login("carol@example.com");
    const std::string body =
        R"({"hostname":"cph.example.com","cpu_cores":1,"ram_mb":1024,"disk_gb":10,"os_image":"debian-12","datacenter":"cph1"})";
    ASSERT_EQ(client().post_json("/servers", body, token).status, 422);  // now cached without cph1
    register_cluster(database_->url(), "cph1", {{"debian-12", 9000}});
    const auto registered_at = std::chrono::steady_clock::now();
    int status = 422;
    while (status == 422 && std::chrono::steady_clock::now() - registered_at < std::chrono::seconds(5)) {
        status = client().post_json("/servers", body, token).status;
        if (status == 422) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
        }
    }
    EXPECT_EQ(status, 202);
    EXPECT_LT(std::chrono::steady_clock::now() - registered_at, std::chrono::milliseconds(1500));
}

}  // namespace
}  // namespace keel::testing
