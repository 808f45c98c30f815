#include "db/pooler_mode.hpp"

namespace keel::db {

std::string_view to_string(PoolerMode mode) {
    switch (mode) {
        case PoolerMode::kSession: return "session";
        case PoolerMode::kTransaction: return "transaction";
    }
    return "session";
}

std::optional<PoolerMode> parse_pooler_mode(std::string_view text) {
    for (const auto mode : {PoolerMode::kSession, PoolerMode::kTransaction}) {
        if (text == to_string(mode)) {
            return mode;
        }
    }
    return std::nullopt;
}

std::optional<std::string> session_database_url(PoolerMode mode, const std::string& database_url,
                                                const std::string& listen_database_url) {
    if (!listen_database_url.empty()) {
        return listen_database_url;
    }
    switch (mode) {
        case PoolerMode::kSession: return database_url;
        case PoolerMode::kTransaction: return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace keel::db
