#include "auth/hs256.hpp"

#include <gtest/gtest.h>
#include <jwt.h>

#include <cstdlib>

namespace keel::auth {
namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef-unit";

// libjwt's own signature, the reference the constant-time check must agree with.
std::string libjwt_token(const std::string& secret) {
    jwt_t* jwt = nullptr;
    jwt_new(&jwt);
    jwt_set_alg(jwt, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret.data()),
                static_cast<int>(secret.size()));
    jwt_add_grant(jwt, "sub", "7");
    char* text = jwt_encode_str(jwt);
    std::string token = text;
    std::free(text);
    jwt_free(jwt);
    return token;
}

TEST(Hs256, AgreesWithLibjwt) {
    const auto token = libjwt_token(kSecret);
    EXPECT_EQ(hs256_signature(token.substr(0, token.rfind('.')), kSecret), token.substr(token.rfind('.') + 1));
    EXPECT_TRUE(hs256_signature_matches(token, kSecret));
}

TEST(Hs256, RefusesOtherSecretsAndAlteredSignatures) {
    const auto token = libjwt_token(kSecret);
    EXPECT_FALSE(hs256_signature_matches(token, kSecret + "x"));
    for (std::size_t at : {token.rfind('.') + 1, token.size() - 2}) {
        std::string altered = token;
        altered[at] = altered[at] == 'A' ? 'B' : 'A';
        EXPECT_FALSE(hs256_signature_matches(altered, kSecret));
    }
    EXPECT_FALSE(hs256_signature_matches(token + "A", kSecret));
    EXPECT_FALSE(hs256_signature_matches(token.substr(0, token.size() - 1), kSecret));
    EXPECT_FALSE(hs256_signature_matches("no-dots-at-all", kSecret));
}

}  // namespace
}  // namespace keel::auth
