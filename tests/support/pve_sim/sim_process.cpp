#include "sim_process.hpp"

#include "loopback.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace keel::testing {

namespace {}  // namespace

PveSimProcess::PveSimProcess(PveSimOptions options) : options_(std::move(options)) {
    char pattern[] = "/tmp/pve-sim-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) {
        throw std::runtime_error("cannot make a state directory for pve-sim");
    }
    state_dir_ = pattern;
    port_ = free_loopback_port();
    start();
}

PveSimProcess::~PveSimProcess() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(state_dir_, ignored);
}

void PveSimProcess::start() {
    const char* bin_dir = std::getenv("KEEL_BIN_DIR");
    const std::string binary = std::string(bin_dir != nullptr ? bin_dir : "bin") + "/pve-sim";
    std::vector<std::string> args = {binary,
                                     "--state-dir",
                                     state_dir_.string(),
                                     "--listen",
                                     "127.0.0.1:" + std::to_string(port_),
                                     "--token",
                                     options_.token,
                                     "--cluster",
                                     options_.cluster,
                                     "--nodes",
                                     options_.nodes,
                                     "--latency-scale",
                                     std::to_string(options_.latency_scale),
                                     "--log-level",
                                     "warn"};
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
    pid_ = ::fork();
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a crashed test must not leave a simulator behind
        std::vector<char*> argv;
        for (auto& arg : args) {
            argv.push_back(arg.data());
        }
        argv.push_back(nullptr);
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    if (pid_ < 0) {
        throw std::runtime_error("fork failed");
    }
    if (!wait_for_listener(pid_, port_, std::chrono::seconds(20))) {
        pid_ = -1;
        throw std::runtime_error("pve-sim did not start listening (" + binary + ")");
    }
}

int PveSimProcess::stop() {
    if (pid_ <= 0) {
        return -1;
    }
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

void PveSimProcess::restart() {
    stop();
    start();
}

std::string PveSimProcess::url() const {
    return "https://127.0.0.1:" + std::to_string(port_);
}

std::string PveSimProcess::fingerprint() const {
    std::ifstream in(state_dir_ / "fingerprint");
    std::string line;
    std::getline(in, line);
    return line;
}

}  // namespace keel::testing
