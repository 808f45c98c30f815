// pve-sim: a stateful Proxmox VE API simulator over HTTPS for tests, demos and benchmarks (README.md beside).
#include <CLI/CLI.hpp>

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "sim_server.hpp"

namespace {

// USER@REALM!TOKENID=SECRET, as PVE shows a token.
bool valid_token(const std::string& token) {
    const auto at = token.find('@');
    const auto bang = token.find('!');
    const auto equals = token.find('=');
    return at != std::string::npos && at > 0 && bang != std::string::npos && bang > at + 1 &&
           equals != std::string::npos && equals > bang + 1 && equals + 1 < token.size();
}

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(separator, start), text.size());
        if (end > start) {
            parts.push_back(text.substr(start, end - start));
        }
        start = end + 1;
    }
    return parts;
}

}  // namespace

int main(int argc, char** argv) {
    keel::pve_sim::ServerOptions options;
    auto& cluster = options.cluster;
    auto& seconds = cluster.task_seconds;
    std::string nodes = "pve1,pve2,pve3", token_file, log_level = "info";
    std::vector<std::string> templates;
    int save_interval_ms = 50;

    CLI::App app{
        "pve-sim: a stateful simulator of the Proxmox VE 8 HTTPS API (/api2/json) — nodes, templates, VMs, locks,\n"
        "UPID tasks, PVE's status lines and error texts, injected faults — for tests, demos and benchmarks.\n"
        "It makes its own CA and server certificate in --state-dir (ca.pem, fingerprint) and keeps its state there\n"
        "(state.json), so a restart continues where it stopped. Test controls (same token): POST /_sim/nodes/NODE/\n"
        "offline|online, GET|DELETE /_sim/requests, POST /_sim/faults {rate,seed}, GET /_sim/state, POST /_sim/vms\n"
        "{vms:[{vmid,node,name,cores,memory_mib,disk_gb,status,ipconfig0?}]}."};
    app.add_option("--listen", options.listen, "IP:port to serve HTTPS on (port 0: any; see <state-dir>/url)")
        ->capture_default_str();
    app.add_option("--state-dir", options.state_dir, "where the CA, certificates, url and state.json live")->required();
    auto* token = app.add_option("--token", options.token, "the API token accepted: USER@REALM!TOKENID=SECRET");
    app.add_option("--token-file", token_file, "read the token from this file instead (first line)")
        ->excludes(token)
        ->check(CLI::ExistingFile);
    app.add_option("--cluster", cluster.cluster, "cluster name (for logs and the start line)")->capture_default_str();
    app.add_option("--nodes", nodes, "comma-separated node names")->capture_default_str();
    app.add_option("--node-memory-gib", cluster.node_memory_gib, "memory of each node, GiB")->capture_default_str();
    app.add_option("--node-cpus", cluster.node_cpus, "CPUs of each node")->capture_default_str();
    app.add_option("--template", templates,
                   "VMID:NAME of a template on the first node; repeat (default: 9000:debian-12 9001:debian-11 "
                   "9002:ubuntu-24.04 9003:ubuntu-22.04 9004:rocky-9 9005:almalinux-9 9006:windows-2022)");
    app.add_option("--storage", cluster.storage, "the shared storage every node has")->capture_default_str();
    app.add_option("--latency-scale", cluster.latency_scale, "multiplies every task duration; 0: tasks end at once")
        ->capture_default_str();
    app.add_option("--clone-seconds", seconds.clone, "qmclone duration")->capture_default_str();
    app.add_option("--config-seconds", seconds.config, "qmconfig (POST /config) duration")->capture_default_str();
    app.add_option("--resize-seconds", seconds.resize, "qmresize duration")->capture_default_str();
    app.add_option("--start-seconds", seconds.start, "qmstart duration")->capture_default_str();
    app.add_option("--stop-seconds", seconds.stop, "qmstop duration")->capture_default_str();
    app.add_option("--shutdown-seconds", seconds.shutdown, "qmshutdown duration")->capture_default_str();
    app.add_option("--reboot-seconds", seconds.reboot, "qmreboot duration")->capture_default_str();
    app.add_option("--suspend-seconds", seconds.suspend, "qmsuspend duration")->capture_default_str();
    app.add_option("--resume-seconds", seconds.resume, "qmresume duration")->capture_default_str();
    app.add_option("--destroy-seconds", seconds.destroy, "qmdestroy duration")->capture_default_str();
    app.add_option("--failure-rate", cluster.failure_rate,
                   "chance that a mutating call fails with 500 can't lock file … got timeout")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    app.add_option("--seed", cluster.seed, "seed of the injected faults")->capture_default_str();
    app.add_option("--save-interval-ms", save_interval_ms, "state.json is written at most this often")
        ->capture_default_str();
    app.add_option("--log-level", log_level, "debug (one line per request), info, warn, error")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    if (!token_file.empty()) {
        std::ifstream in(token_file);
        std::getline(in, options.token);
    }
    if (!valid_token(options.token)) {
        std::cerr << "pve-sim: give --token or --token-file as USER@REALM!TOKENID=SECRET\n";
        return 2;
    }
    cluster.nodes = split(nodes, ',');
    if (cluster.nodes.empty()) {
        std::cerr << "pve-sim: --nodes names no node\n";
        return 2;
    }
    if (templates.empty()) {
        templates = {"9000:debian-12", "9001:debian-11",   "9002:ubuntu-24.04", "9003:ubuntu-22.04",
                     "9004:rocky-9",   "9005:almalinux-9", "9006:windows-2022"};
    }
    cluster.templates.clear();
    for (const auto& entry : templates) {
        const auto colon = entry.find(':');
        try {
            cluster.templates.emplace_back(std::stoll(entry.substr(0, colon)),
                                           colon == std::string::npos ? "template" : entry.substr(colon + 1));
        } catch (const std::exception&) {
            std::cerr << "pve-sim: --template '" << entry << "' is not VMID:NAME\n";
            return 2;
        }
    }
    options.save_interval = std::chrono::milliseconds(std::max(1, save_interval_ms));
    const auto logging = keel::log::init(log_level);
    return keel::pve_sim::run_simulator(options);
}
