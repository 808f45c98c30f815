#pragma once
// A secret that belongs to a server (issue #11): WHMCS's tblhosting.password as `root_password`, password-type
// custom fields by their name. Stored sealed in server_credentials, never part of a server's representation.
#include <optional>
#include <string>
#include <vector>

#include "core/credential_reveal.hpp"
#include "core/id.hpp"
#include "core/role.hpp"
#include "core/sealed_secret.hpp"

namespace keel::db {

struct StoredCredential {
    std::string name;
    SealedSecret secret;                           // opened only by auth::SecretKeyRing
    std::optional<std::string> owner_revealed_at;  // ISO-8601 UTC; empty until the owner's reveal
};

struct RevealRequest {
    ServerId server;
    UserId caller;
    Role role = Role::kClient;  // a client reveals only its own servers, each credential once
};

struct Reveal {
    RevealDecision decision = RevealDecision::kNoCredentials;
    std::vector<StoredCredential> shown;  // kReveal: the credentials shown, sealed
    // kReveal: this reveal's time (its audit event's); kAlreadyRevealed: when the owner last revealed.
    std::optional<std::string> revealed_at;
};

}  // namespace keel::db
