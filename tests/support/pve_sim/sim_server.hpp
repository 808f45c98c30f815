#pragma once
// pve-sim's process: the HTTPS listener (Beast over OpenSSL, one thread, keep-alive), the coalesced state
// saver and the stop signals around a Cluster and its Router.
#include <chrono>
#include <filesystem>
#include <string>

#include "core/result.hpp"
#include "sim_cluster.hpp"

namespace keel::pve_sim {

struct ServerOptions {
    std::string listen = "127.0.0.1:8006";
    std::filesystem::path state_dir;
    std::string token;  // USER@REALM!TOKENID=SECRET
    ClusterConfig cluster;
    // state.json is rewritten at most this often (and on SIGTERM/SIGINT), never per request.
    std::chrono::milliseconds save_interval{50};
};

// Serves until SIGTERM or SIGINT; returns the process exit code (0, or 1 when it could not start).
int run_simulator(const ServerOptions& options);

// state.json: read into `cluster` (absent: nothing to do); written atomically (temp file + rename).
Status load_state(const std::filesystem::path& file, Cluster& cluster);
Status save_state(const std::filesystem::path& file, const Cluster& cluster);

}  // namespace keel::pve_sim
