#include <set>

#include "api_fixture.hpp"

namespace keel::testing {
namespace {

class ListServersTest : public ApiTest {
protected:
    static std::string create(const std::string& token, const std::string& hostname) {
        auto reply = client().post_json(
            "/servers",
            R"({"hostname":")" + hostname +
                R"(","cpu_cores":1,"ram_mb":1024,"disk_gb":10,"os_image":"debian-12","datacenter":"fra1"})",
            token);
        EXPECT_EQ(reply.status, 202) << reply.body;
        return std::string(json(reply).at("id").as_string());
    }

    // Every id over all pages, following next_cursor.
    static std::vector<std::string> all_pages(const std::string& token, const std::string& query, int limit,
                                              const std::function<void()>& between_pages = {}) {
        std::vector<std::string> ids;
        std::string cursor;
        for (int page = 0; page < 100; ++page) {
            auto target =
                "/servers?limit=" + std::to_string(limit) + query + (cursor.empty() ? "" : "&cursor=" + cursor);
            auto reply = client().get(target, token);
            EXPECT_EQ(reply.status, 200) << reply.body;
            auto body = json(reply).as_object();
            for (const auto& item : body.at("items").as_array()) {
                ids.emplace_back(item.at("id").as_string());
            }
            if (body.at("next_cursor").is_null()) {
                break;
            }
            cursor = std::string(body.at("next_cursor").as_string());
            if (between_pages) {
                between_pages();
            }
        }
        return ids;
    }
};

TEST_F(ListServersTest, PagesAreStableWhileServersAreCreated) {
    create_user("lister@example.com", "client");
    const auto token = login("lister@example.com");
    std::set<std::string> created;
    for (int i = 0; i < 7; ++i) {
        created.insert(create(token, "page-" + std::to_string(i) + ".example.com"));
    }
    int extra = 0;
    const auto seen =
        all_pages(token, "", 3, [&] { create(token, "late-" + std::to_string(extra++) + ".example.com"); });
    // Every server that existed before the first page appears exactly once; later ones land before the cursor.
    EXPECT_EQ(seen.size(), created.size());
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), created);
}

TEST_F(ListServersTest, ClientsSeeOnlyTheirOwnAdminsFilterByOwner) {
    create_user("own-a@example.com", "client");
    create_user("own-b@example.com", "client");
    const auto a = login("own-a@example.com");
    const auto b = login("own-b@example.com");
    const auto a_id = create(a, "a.example.com");
    create(b, "b.example.com");
    EXPECT_EQ(all_pages(a, "", 100), (std::vector<std::string>{a_id}));

    const auto owner = std::to_string(json(client().get("/users/me", a)).at("id").as_int64());
    const auto admin = login("admin@example.com");
    EXPECT_EQ(all_pages(admin, "&owner_id=" + owner, 100), (std::vector<std::string>{a_id}));
    EXPECT_GE(all_pages(admin, "", 100).size(), 2u);
    EXPECT_EQ(client().get("/servers?owner_id=1", b).status, 403);
}

TEST_F(ListServersTest, FiltersByStatus) {
    const auto token = login("alice@example.com");
    for (const auto& id : all_pages(token, "&status=failed", 100)) {
        auto server = json(client().get("/servers/" + id, token));
        EXPECT_EQ(server.at("status"), "failed");
    }
}

TEST_F(ListServersTest, RejectsBadQueries) {
    const auto token = login("alice@example.com");
    for (const char* query :
         {"limit=0", "limit=101", "limit=ten", "status=happy", "cursor=zz", "owner_id=-4", "sort=name"}) {
        SCOPED_TRACE(query);
        auto reply = client().get(std::string("/servers?") + query, token);
        EXPECT_EQ(reply.status, 422) << reply.body;
    }
}

}  // namespace
}  // namespace keel::testing
