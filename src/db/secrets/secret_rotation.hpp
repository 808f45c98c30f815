#pragma once
// `keel-api secrets rotate`: every secret sealed at rest — the clusters' API token secrets (issue #10) and the
// servers' stored credentials (issue #11) — re-sealed under the current key in one transaction: all or none.
#include <functional>
#include <string>

#include "core/result.hpp"
#include "core/sealed_secret.hpp"
#include "core/task.hpp"

namespace keel::db {

class Pool;

struct ResealCounts {
    int cluster_secrets = 0;     // every cluster's (a handful)
    int server_credentials = 0;  // those that were not yet under the current key (one or more per migrated service)
};

// Opens a sealed secret with whichever key sealed it and seals it again under the current key.
using Reseal = std::function<Result<SealedSecret>(const SealedSecret&)>;

// `current_key_id`: server credentials already sealed under it are left alone, so a repeated rotation over a
// large migrated install costs nothing.
Task<Result<ResealCounts>> reseal_all_secrets(Pool& pool, std::string current_key_id, Reseal reseal);

}  // namespace keel::db
