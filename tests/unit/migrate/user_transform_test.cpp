#include "migrate/user_transform.hpp"

#include <gtest/gtest.h>

namespace keel::migrate {
namespace {

whmcs::ClientLogin login(std::string hash) {
    return {1, 7, true, " Jos&eacute;@Example.com ", "Jos&eacute;", "M&uuml;ller", std::move(hash)};
}

TEST(TransformLogin, KeepsBcryptForVerificationAtFirstLogin) {
    const std::string bcrypt = "$2y$10$abcdefghijklmnopqrstuuFzW7nfx3Wq8LHyPjOTZj4qM9uDmGZ2e";
    ASSERT_EQ(bcrypt.size(), 60u);
    auto user = transform_login(login(bcrypt));
    EXPECT_EQ(user.password_hash, bcrypt);
    EXPECT_FALSE(user.must_reset_password);
    EXPECT_EQ(user.email, "José@Example.com");
    EXPECT_EQ(user.name, "José Müller");
}

TEST(TransformLogin, LegacyHashesMustReset) {
    for (const char* legacy : {"5f4dcc3b5aa765d61d8327deb882cf99:ab", "5f4dcc3b5aa765d61d8327deb882cf99", ""}) {
        SCOPED_TRACE(legacy);
        auto user = transform_login(login(legacy));
        EXPECT_EQ(user.password_hash, std::nullopt);
        EXPECT_TRUE(user.must_reset_password);
    }
}

TEST(TransformClientAccount, TakesTheClientsEmailAndMustReset) {
    auto user = transform_client_account({14, " Olga.N&amp;L@Example.com ", "Olga", " Nologin"});
    EXPECT_EQ(user.whmcs_client_id, 14);
    EXPECT_EQ(user.whmcs_user_id, 0);
    EXPECT_EQ(user.email, "Olga.N&L@Example.com");
    EXPECT_EQ(user.name, "Olga Nologin");
    EXPECT_EQ(user.password_hash, std::nullopt);  // never a guessed password
    EXPECT_TRUE(user.must_reset_password);
}

TEST(Fingerprint, ClientAccountDiffersFromLoginWithTheSameValues) {
    auto client = transform_client_account({7, "a@b.c", "A", "B"});
    auto login = client;
    login.whmcs_client_id = 0;
    login.whmcs_user_id = 7;
    EXPECT_NE(fingerprint(client), fingerprint(login));
}

TEST(Fingerprint, ChangesWithAnyWrittenValue) {
    auto a = transform_login(login(""));
    auto b = a;
    b.name = "Other";
    EXPECT_EQ(a.fingerprint, fingerprint(a));
    EXPECT_NE(fingerprint(a), fingerprint(b));
}

TEST(Fingerprint, ServerChangesWithAdminOnlyFields) {
    db::ImportedServer a;
    a.whmcs_service_id = 1;
    a.attributes_json = "{}";
    auto b = a;
    b.admin_attributes_json = R"({"fields":{"Abuse Notes":"warned"}})";
    auto c = b;
    c.admin_attributes_json = R"({"fields":{"Abuse Notes":"cleared"}})";
    EXPECT_NE(fingerprint(a), fingerprint(b));
    EXPECT_NE(fingerprint(b), fingerprint(c));
}

}  // namespace
}  // namespace keel::migrate
