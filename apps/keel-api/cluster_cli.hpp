#pragma once
// `keel-api clusters|images|secrets …`: CLI11 wiring only; the work is in src/admin.
#include <memory>
#include <optional>
#include <string>

#include "auth/secret_box.hpp"
#include "db/pooler_mode.hpp"

namespace CLI {
class App;
}

namespace keel::app {

// KEEL_SECRET_KEY, KEEL_SECRET_KEY_FILE, KEEL_SECRET_PREVIOUS_KEYS, KEEL_SECRET_PREVIOUS_KEYS_FILE: from the
// environment only, never flags (a flag's value shows in `ps`).
auth::SecretKeySettings secret_key_settings_from_environment();

class ClusterCli {
public:
    explicit ClusterCli(CLI::App& app);
    ~ClusterCli();
    // The exit code when one of these commands was given, nullopt otherwise.
    std::optional<int> run(const std::string& database_url, db::PoolerMode pooler);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace keel::app
