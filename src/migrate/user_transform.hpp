#pragma once
// A WHMCS login (tblusers) → a Keel account. bcrypt hashes are kept (Keel verifies them and rehashes to
// argon2id at first login); other legacy formats cannot be verified, so the user must reset.
#include "db/imports/imported_rows.hpp"
#include "whmcs/source_rows.hpp"

namespace keel::migrate {

db::ImportedUser transform_login(const whmcs::ClientLogin& login);
// An Active client nobody can sign in to still owns its servers: its account takes the client's own email and
// must reset (WHMCS 8 keeps no usable password on the client row, and Keel never guesses one).
db::ImportedUser transform_client_account(const whmcs::ClientWithoutLogin& client);

// Hashes every value that is written, in a fixed order.
std::string fingerprint(const db::ImportedUser& user);
std::string fingerprint(const db::ImportedServer& server);

}  // namespace keel::migrate
