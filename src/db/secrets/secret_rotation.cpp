#include "db/secrets/secret_rotation.hpp"

#include "db/clusters/cluster_statements.hpp"
#include "db/credentials/server_credential_statements.hpp"
#include "db/pool.hpp"
#include "db/transaction.hpp"

namespace keel::db {

namespace {

// Re-seals the secret in `secret_column` of each locked row and writes it back with `set`, whose parameters are
// the row's columns before it (its key) and then the new sealed text.
Task<Result<int>> reseal_rows(AsyncConnection& connection, const PgResult& rows, int secret_column,
                              const Statement& set, const Reseal& reseal) {
    int changed = 0;
    for (int i = 0; i < rows.rows(); ++i) {
        auto sealed = reseal(SealedSecret(rows.string(i, secret_column)));
        if (!sealed) {
            co_return std::unexpected(sealed.error());
        }
        Params params;
        for (int column = 0; column < secret_column; ++column) {
            params.push_back(param(rows.text(i, column)));
        }
        params.push_back(param(sealed->stored_text()));
        if (auto written = co_await connection.query(set, std::move(params)); !written) {
            co_return std::unexpected(written.error());
        }
        ++changed;
    }
    co_return changed;
}

// Inside the caller's transaction: every cluster secret, then the server credentials still under an older key.
Task<Result<ResealCounts>> reseal_locked(AsyncConnection& connection, const std::string& current_key_id,
                                         const Reseal& reseal) {
    Params none;
    auto clusters = co_await connection.query(cluster_sql::kLockSecrets, std::move(none));
    if (!clusters) {
        co_return std::unexpected(clusters.error());
    }
    auto clusters_resealed = co_await reseal_rows(connection, *clusters, 1, cluster_sql::kSetSecret, reseal);
    if (!clusters_resealed) {
        co_return std::unexpected(clusters_resealed.error());
    }
    Params stale{param(current_key_id)};
    auto credentials = co_await connection.query(credential_sql::kLockStale, std::move(stale));
    if (!credentials) {
        co_return std::unexpected(credentials.error());
    }
    auto credentials_resealed = co_await reseal_rows(connection, *credentials, 2, credential_sql::kSetSecret, reseal);
    if (!credentials_resealed) {
        co_return std::unexpected(credentials_resealed.error());
    }
    co_return ResealCounts{*clusters_resealed, *credentials_resealed};
}

}  // namespace

Task<Result<ResealCounts>> reseal_all_secrets(Pool& pool, std::string current_key_id, Reseal reseal) {
    auto lease = co_await pool.acquire();
    if (!lease) {
        co_return std::unexpected(lease.error());
    }
    // Commits only when every secret re-sealed and was written.
    auto body = reseal_locked(**lease, current_key_id, reseal);
    co_return co_await in_transaction(**lease, std::move(body));
}

}  // namespace keel::db
