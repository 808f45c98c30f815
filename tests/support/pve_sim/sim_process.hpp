#pragma once
// Runs build/bin/pve-sim as a child process for integration tests: a fresh state directory, a free loopback
// port, SIGTERM on stop, and a restart that keeps both (same CA, same state). No Beast or OpenSSL here, so any
// test binary can link it (target keel_pve_sim_process).
#include <filesystem>
#include <string>
#include <vector>

namespace keel::testing {

struct PveSimOptions {
    std::string token = "keel@pve!keel=pve-sim-test-secret";  // USER@REALM!TOKENID=SECRET
    std::string cluster = "fra1";
    std::string nodes = "pve1,pve2,pve3";
    double latency_scale = 0;             // 0: every task has ended when its UPID is returned
    std::vector<std::string> extra_args;  // e.g. {"--clone-seconds", "2", "--failure-rate", "0.05"}
};

class PveSimProcess {
public:
    explicit PveSimProcess(PveSimOptions options = {});
    ~PveSimProcess();  // stops it and removes its state directory
    PveSimProcess(const PveSimProcess&) = delete;
    PveSimProcess& operator=(const PveSimProcess&) = delete;

    // SIGTERM (the simulator saves its state) and wait; returns the exit status, or -signal.
    int stop();
    // stop(), then start again on the same port with the same state directory.
    void restart();

    int port() const { return port_; }
    std::string url() const;  // https://127.0.0.1:PORT
    const std::filesystem::path& state_dir() const { return state_dir_; }
    std::filesystem::path ca_file() const { return state_dir_ / "ca.pem"; }
    std::string fingerprint() const;  // AB:CD:… as PVE shows it
    const std::string& token() const { return options_.token; }
    std::string authorization() const { return "PVEAPIToken=" + options_.token; }

private:
    void start();

    PveSimOptions options_;
    std::filesystem::path state_dir_;
    int port_ = 0;
    int pid_ = -1;
};

}  // namespace keel::testing
