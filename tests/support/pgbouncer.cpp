#include "pgbouncer.hpp"

#include "loopback.hpp"

#include <pwd.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace keel::testing {

namespace {

constexpr const char* kPgBouncer = "/usr/sbin/pgbouncer";

struct UrlParts {
    std::string user, password, host, port, database;
};

// postgresql://user:password@host:port/database (the form ./dev and TestDatabase use; no multi-host here).
UrlParts parse_url(const std::string& url) {
    const auto scheme_end = url.find("://");
    const auto at = url.find('@');
    const auto slash = url.find('/', at == std::string::npos ? 0 : at);
    if (scheme_end == std::string::npos || at == std::string::npos || slash == std::string::npos) {
        throw std::runtime_error("PgBouncer: cannot read the upstream URL");
    }
    const std::string credentials = url.substr(scheme_end + 3, at - scheme_end - 3);
    const std::string address = url.substr(at + 1, slash - at - 1);
    const auto query = url.find('?', slash);
    UrlParts parts;
    const auto colon = credentials.find(':');
    parts.user = credentials.substr(0, colon);
    parts.password = colon == std::string::npos ? "" : credentials.substr(colon + 1);
    const auto port_colon = address.rfind(':');
    parts.host = address.substr(0, port_colon);
    parts.port = port_colon == std::string::npos ? "5432" : address.substr(port_colon + 1);
    parts.database = url.substr(slash + 1, query == std::string::npos ? std::string::npos : query - slash - 1);
    return parts;
}

}  // namespace

bool pgbouncer_available() {
    return ::access(kPgBouncer, X_OK) == 0;
}

PgBouncer::PgBouncer(const std::string& upstream_url) {
    const auto parts = parse_url(upstream_url);
    port_ = free_loopback_port();
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp != nullptr ? tmp : "/tmp") + "/keel-pgbouncer-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error("PgBouncer: mkdtemp failed");
    }
    dir_ = pattern;
    config_path_ = dir_ + "/pgbouncer.ini";
    {
        // PgBouncer logs in to PostgreSQL with the password it finds here (scram-sha-256 needs it in clear).
        std::ofstream users(dir_ + "/userlist.txt");
        users << '"' << parts.user << "\" \"" << parts.password << "\"\n";
    }
    {
        std::ofstream config(config_path_);
        config << "[databases]\n"
               << "* = host=" << parts.host << " port=" << parts.port << "\n"
               << "[pgbouncer]\n"
               << "listen_addr = 127.0.0.1\n"
               << "listen_port = " << port_ << "\n"
               << "unix_socket_dir =\n"
               << "auth_type = scram-sha-256\n"
               << "auth_file = " << dir_ << "/userlist.txt\n"
               << "pool_mode = transaction\n"
               << "default_pool_size = 8\n"
               << "max_client_conn = 200\n"
               << "ignore_startup_parameters = extra_float_digits\n"
               << "logfile = " << dir_ << "/pgbouncer.log\n"
               << "pidfile = " << dir_ << "/pgbouncer.pid\n";
    }
    // PgBouncer refuses to run as root: under root (CI) it runs as postgres, which must read and write its folder.
    if (::getuid() == 0) {
        if (const passwd* postgres = ::getpwnam("postgres")) {
            for (const auto& path : {dir_, dir_ + "/userlist.txt", config_path_}) {
                (void)!::chown(path.c_str(), postgres->pw_uid, postgres->pw_gid);
            }
        }
    }
    url_ = "postgresql://" + parts.user + ":" + parts.password + "@127.0.0.1:" + std::to_string(port_) + "/" +
           parts.database;
    start();
}

PgBouncer::~PgBouncer() {
    stop();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

void PgBouncer::start() {
    if (pid_ > 0) {
        return;
    }
    pid_ = ::fork();
    if (pid_ == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // a crashed test must not leave a pooler behind
        if (::getuid() == 0) {
            if (const passwd* postgres = ::getpwnam("postgres")) {
                (void)!::setgid(postgres->pw_gid);
                (void)!::setuid(postgres->pw_uid);
            }
        }
        ::execl(kPgBouncer, kPgBouncer, "-q", config_path_.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    if (pid_ < 0) {
        throw std::runtime_error("PgBouncer: fork failed");
    }
    if (!wait_for_listener(pid_, port_, std::chrono::seconds(10))) {
        pid_ = -1;
        throw std::runtime_error("PgBouncer did not start listening (see " + dir_ + "/pgbouncer.log)");
    }
}

void PgBouncer::stop() {
    if (pid_ <= 0) {
        return;
    }
    ::kill(pid_, SIGINT);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() > deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
}

}  // namespace keel::testing
