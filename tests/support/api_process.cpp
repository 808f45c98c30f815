#include "api_process.hpp"

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
#include <stdexcept>
#include <thread>

namespace keel::testing {

namespace {

std::map<std::string, std::string> child_env(const std::string& database_url,
                                             const std::map<std::string, std::string>& overrides) {
    std::map<std::string, std::string> env{
        {"DATABASE_URL", database_url},
        {"KEEL_JWT_SECRET", kTestJwtSecret},
        {"KEEL_SECRET_KEY", kTestSecretKey},
        {"KEEL_HYPERVISOR", "mock"},  // tests that want the real client (over HTTPS to pve-sim) say so
        {"KEEL_MOCK_LATENCY_SCALE", "0"},
        {"KEEL_MOCK_FAILURE_RATE", "0"},
        {"KEEL_LOG_LEVEL", "warn"},
        {"KEEL_DB_POOL", "4"},
    };
    for (const auto& [key, value] : overrides) {
        env[key] = value;
    }
    return env;
}

[[noreturn]] void exec_child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                             const std::string& program = "keel-api") {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a crashed test must not leave a server behind
    for (const auto& [key, value] : env) {
        ::setenv(key.c_str(), value.c_str(), 1);
    }
    std::vector<char*> argv;
    const std::string binary = keel_binary(program);
    argv.push_back(const_cast<char*>(binary.c_str()));
    for (const auto& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    ::_exit(127);
}

}  // namespace

std::string keel_binary(const std::string& name) {
    const char* dir = std::getenv("KEEL_BIN_DIR");
    return std::string(dir != nullptr ? dir : "bin") + "/" + name;
}

ApiProcess::ApiProcess(const std::string& database_url, const std::vector<std::string>& args,
                       const std::map<std::string, std::string>& env, const std::string& program) {
    port_ = free_loopback_port();
    auto environment = child_env(database_url, env);
    environment.emplace("KEEL_LISTEN", "127.0.0.1:" + std::to_string(port_));
    pid_ = ::fork();
    if (pid_ == 0) {
        exec_child(args, environment, program);
    }
    if (pid_ < 0) {
        throw std::runtime_error("fork failed");
    }
    const bool serves_http = program == "keel-api" && !args.empty() && args.front() == "serve";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (serves_http && !loopback_port_open(port_)) {
        if (!alive() || std::chrono::steady_clock::now() > deadline) {
            throw std::runtime_error("keel-api did not start listening");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

ApiProcess::~ApiProcess() {
    if (!reaped_ && pid_ > 0) {
        ::kill(pid_, SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (alive() && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (alive()) {
            ::kill(pid_, SIGKILL);
        }
        wait();
    }
}

bool ApiProcess::alive() const {
    if (reaped_) {
        return false;
    }
    int status = 0;
    return ::waitpid(pid_, &status, WNOHANG) == 0;
}

void ApiProcess::signal(int number) const {
    ::kill(pid_, number);
}

int ApiProcess::wait() {
    if (reaped_) {
        return 0;
    }
    int status = 0;
    ::waitpid(pid_, &status, 0);
    reaped_ = true;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

int run_program(const std::string& binary, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env, const std::string& stdin_text) {
    int pipe_fds[2];
    if (::pipe(pipe_fds) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const int pid = ::fork();
    if (pid == 0) {
        ::dup2(pipe_fds[0], STDIN_FILENO);
        ::close(pipe_fds[0]);
        ::close(pipe_fds[1]);
        exec_child(args, env, binary);
    }
    ::close(pipe_fds[0]);
    (void)!::write(pipe_fds[1], stdin_text.data(), stdin_text.size());
    ::close(pipe_fds[1]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

int run_keel_api(const std::string& database_url, const std::vector<std::string>& args, const std::string& stdin_text) {
    return run_program("keel-api", args, child_env(database_url, {}), stdin_text);
}
}  // namespace keel::testing
