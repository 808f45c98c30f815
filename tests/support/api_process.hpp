#pragma once
// Runs the real keel-api binary as a child process against a test database, on a free loopback port.
#include <map>
#include <string>
#include <vector>

#include "http_client.hpp"

namespace keel::testing {

inline constexpr const char* kTestJwtSecret = "integration-test-secret-0123456789abcdef";
// KEEL_SECRET_KEY of every keel-api the tests start (64 hex digits): seals the test clusters' token secrets.
inline constexpr const char* kTestSecretKey = "5ec2e7a1b0c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8";

class ApiProcess {
public:
    // `env` adds to or overrides the defaults (DATABASE_URL, KEEL_JWT_SECRET, KEEL_SECRET_KEY, instant mock
    // hypervisor).
    ApiProcess(const std::string& database_url, const std::vector<std::string>& args = {"serve"},
               const std::map<std::string, std::string>& env = {}, const std::string& program = "keel-api");
    ~ApiProcess();
    ApiProcess(const ApiProcess&) = delete;
    ApiProcess& operator=(const ApiProcess&) = delete;

    int port() const { return port_; }
    HttpClient client() const { return HttpClient("127.0.0.1", port_); }
    bool alive() const;
    void signal(int number) const;
    // Waits for the process to exit; returns its exit status or -signal.
    int wait();

private:
    int pid_ = -1;
    int port_ = 0;
    bool reaped_ = false;
};

// Runs build/bin/`binary` with `args` and `env` added to this process's environment, feeding `stdin_text`;
// returns the exit code (or -signal).
int run_program(const std::string& binary, const std::vector<std::string>& args,
                const std::map<std::string, std::string>& env, const std::string& stdin_text = {});
// keel-api against `database_url` with the test settings.
int run_keel_api(const std::string& database_url, const std::vector<std::string>& args, const std::string& stdin_text);

std::string keel_binary(const std::string& name);

}  // namespace keel::testing
