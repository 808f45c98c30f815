#include "db/secrets/secret_rotation.hpp"

#include "db/clusters/cluster_statements.hpp"
#include "db/credentials/server_credential_statements.hpp"
#include "db/pool.hpp"

namespace keel::db {

namespace {

// Inside the caller's transaction: lock every cluster secret, re-seal, write back.
Task<Result<int>> reseal_cluster_secrets(AsyncConnection& connection, const Reseal& reseal) {
    Params none;
    auto rows = co_await connection.query(cluster_sql::kLockSecrets, std::move(none));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    int changed = 0;
    for (int i = 0; i < rows->rows(); ++i) {
        auto sealed = reseal(SealedSecret(rows->string(i, 1)));
        if (!sealed) {
            co_return std::unexpected(sealed.error());
        }
        Params params{param(rows->int64(i, 0)), param(sealed->stored_text())};
        if (auto written = co_await connection.query(cluster_sql::kSetSecret, std::move(params)); !written) {
            co_return std::unexpected(written.error());
        }
        ++changed;
    }
    co_return changed;
}

// Inside the caller's transaction: the server credentials still under an older key.
Task<Result<int>> reseal_server_credentials(AsyncConnection& connection, const std::string& current_key_id,
                                            const Reseal& reseal) {
    Params stale{param(current_key_id)};
    auto rows = co_await connection.query(credential_sql::kLockStale, std::move(stale));
    if (!rows) {
        co_return std::unexpected(rows.error());
    }
    int changed = 0;
    for (int i = 0; i < rows->rows(); ++i) {
        auto sealed = reseal(SealedSecret(rows->string(i, 2)));
        if (!sealed) {
            co_return std::unexpected(sealed.error());
        }
        Params params{param(rows->text(i, 0)), param(rows->text(i, 1)), param(sealed->stored_text())};
        if (auto written = co_await connection.query(credential_sql::kSetSecret, std::move(params)); !written) {
            co_return std::unexpected(written.error());
        }
        ++changed;
    }
    co_return changed;
}

Task<Result<ResealCounts>> reseal_locked(AsyncConnection& connection, const std::string& current_key_id,
                                         const Reseal& reseal) {
    auto clusters = co_await reseal_cluster_secrets(connection, reseal);
    if (!clusters) {
        co_return std::unexpected(clusters.error());
    }
    auto credentials = co_await reseal_server_credentials(connection, current_key_id, reseal);
    if (!credentials) {
        co_return std::unexpected(credentials.error());
    }
    co_return ResealCounts{*clusters, *credentials};
}

}  // namespace

Task<Result<ResealCounts>> reseal_all_secrets(Pool& pool, std::string current_key_id, Reseal reseal) {
    auto lease = co_await pool.acquire();
    if (!lease) {
        co_return std::unexpected(lease.error());
    }
    auto& connection = **lease;
    if (auto begun = co_await connection.script("BEGIN"); !begun) {
        co_return std::unexpected(begun.error());
    }
    // Commits only when every secret re-sealed and was written.
    auto resealed = co_await reseal_locked(connection, current_key_id, reseal);
    if (!resealed) {
        (void)co_await connection.script("ROLLBACK");
        co_return std::unexpected(resealed.error());
    }
    if (auto committed = co_await connection.script("COMMIT"); !committed) {
        co_return std::unexpected(committed.error());
    }
    co_return *resealed;
}

}  // namespace keel::db
