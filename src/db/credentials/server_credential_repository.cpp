#include "db/credentials/server_credential_repository.hpp"

#include "db/credentials/server_credential_statements.hpp"
#include "db/pool.hpp"
#include "db/transaction.hpp"

namespace keel::db {

namespace {

// Inside the caller's transaction; an error rolls it back.
Task<Result<Reveal>> reveal_locked(AsyncConnection& connection, const RevealRequest& request,
                                   const ServerCredentialRepository::Open& open) {
    std::optional<std::int64_t> owner;
    if (request.role == Role::kClient) {
        owner = request.caller.value;
    }
    Params visible{param(request.server.value), param(owner)};
    auto server = co_await connection.query(credential_sql::kVisibleServer, std::move(visible));
    if (!server) {
        co_return std::unexpected(server.error());
    }
    if (server->rows() == 0) {
        co_return fail(ErrorCode::kNotFound, "server " + request.server.value + " not found");
    }
    const auto status = server->string(0, 0);

    Params locked{param(request.server.value)};
    auto rows = co_await connection.query(credential_sql::kLockForReveal, std::move(locked));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    std::vector<StoredCredential> stored;
    std::vector<std::optional<std::string>> owner_revealed_at;
    for (int i = 0; i < rows->rows(); ++i) {
        stored.push_back(
            StoredCredential{rows->string(i, 0), SealedSecret(rows->string(i, 1)), rows->optional_string(i, 2)});
        owner_revealed_at.push_back(stored.back().owner_revealed_at);
    }
    const auto plan = plan_reveal(request.role, owner_revealed_at);
    Reveal reveal{plan.decision, {}, plan.revealed_at};
    if (plan.decision != RevealDecision::kReveal) {
        co_return reveal;
    }
    for (const auto index : plan.shown) {
        if (auto opened = open(stored[index]); !opened) {
            co_return std::unexpected(opened.error());
        }
        reveal.shown.push_back(std::move(stored[index]));
    }
    if (plan.mark_revealed) {
        Params mark{param(request.server.value)};
        if (auto marked = co_await connection.query(credential_sql::kMarkRevealed, std::move(mark)); !marked) {
            co_return std::unexpected(marked.error());
        }
    }
    Params audit{param(request.server.value), param(request.caller.value), param(status)};
    auto recorded = co_await connection.query(credential_sql::kRecordReveal, std::move(audit));
    if (!recorded) {
        co_return std::unexpected(recorded.error());
    }
    reveal.revealed_at = recorded->string(0, 0);
    co_return reveal;
}

}  // namespace

Task<Result<Reveal>> ServerCredentialRepository::reveal(RevealRequest request, Open open) {
    auto lease = co_await pool_.acquire();
    if (!lease) {
        co_return std::unexpected(lease.error());
    }
    // A refused reveal wrote nothing: committing it only releases the locks.
    auto body = reveal_locked(**lease, request, open);
    co_return co_await in_transaction(**lease, std::move(body));
}

}  // namespace keel::db
