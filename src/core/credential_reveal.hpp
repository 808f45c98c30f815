#pragma once
// Who may read a server's stored credentials (WHMCS's root password, password-type custom fields; issue #11),
// and how often. The owner reads each credential once: the reveal marks it, and a second request is refused
// (410) with the moment it was revealed, since a password shown once may have been seen by others since and
// should be changed on the server. Operators read them whenever support needs to, without marking them. Every
// reveal, by anyone, is audited in the server's events.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/role.hpp"

namespace keel {

enum class RevealDecision {
    kReveal,           // show the credentials in `shown`
    kAlreadyRevealed,  // the owner already read every credential (at `revealed_at`): 410
    kNoCredentials,    // the server has no stored credential at all: 404
};

struct RevealPlan {
    RevealDecision decision = RevealDecision::kNoCredentials;
    std::vector<std::size_t> shown;          // indexes into the credentials, in their order
    bool mark_revealed = false;              // the owner's reveal: the shown credentials are marked read
    std::optional<std::string> revealed_at;  // kAlreadyRevealed: the owner's latest reveal
};

// `owner_revealed_at`: per stored credential, when its owner read it (ISO-8601 UTC, all in one format, so they
// order as text), empty when not yet. An admin is an operator even on a server it owns.
RevealPlan plan_reveal(Role role, const std::vector<std::optional<std::string>>& owner_revealed_at);

}  // namespace keel
