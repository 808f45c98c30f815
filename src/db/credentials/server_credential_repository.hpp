#pragma once
// Servers' stored credentials (issue #11). A reveal is one transaction: the caller's view of the server, the
// credentials locked, the rule (core/credential_reveal), each shown credential opened, the owner's reveal
// marked, the audit event written — an error anywhere (a credential that does not open) leaves nothing marked
// and nothing audited. Opening belongs to auth::SecretKeyRing: the caller passes it in.
#include <functional>

#include "core/result.hpp"
#include "core/task.hpp"
#include "db/credentials/server_credential.hpp"

namespace keel::db {

class Pool;

class ServerCredentialRepository {
public:
    explicit ServerCredentialRepository(Pool& pool) : pool_(pool) {}

    // Called for each credential to show, before the reveal commits; an error rolls it back.
    using Open = std::function<Status(const StoredCredential&)>;

    // kNotFound when the server is absent or not the caller's (a client's view). A decision other than kReveal
    // changes nothing and records nothing.
    Task<Result<Reveal>> reveal(RevealRequest request, Open open);

private:
    Pool& pool_;
};

}  // namespace keel::db
