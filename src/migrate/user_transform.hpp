#pragma once
// A WHMCS login (tblusers) → a Keel account. bcrypt hashes are kept (Keel verifies them and rehashes to
// argon2id at first login); other legacy formats cannot be verified, so the user must reset.
#include "db/imports/imported_rows.hpp"
#include "whmcs/source_rows.hpp"

namespace keel::migrate {

db::ImportedUser transform_login(const whmcs::ClientLogin& login);

// Hashes every value that is written, in a fixed order.
std::string fingerprint(const db::ImportedUser& user);
std::string fingerprint(const db::ImportedServer& server);

}  // namespace keel::migrate
