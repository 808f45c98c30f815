#include "test_database.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "db/connection.hpp"
#include "db/schema_migrations.hpp"

namespace keel::testing {

namespace {

// postgresql://user:pw@host:port/dbname?params → same URL with another database name.
std::string with_database(const std::string& url, const std::string& database) {
    const auto scheme_end = url.find("://");
    const auto path = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
    if (path == std::string::npos) {
        return url + "/" + database;
    }
    const auto query = url.find('?', path);
    return url.substr(0, path + 1) + database + (query == std::string::npos ? "" : url.substr(query));
}

db::Connection connect_or_throw(const std::string& url) {
    auto connection = db::Connection::open(url);
    if (!connection) {
        throw std::runtime_error(connection.error().detail);
    }
    return std::move(*connection);
}

}  // namespace

bool integration_environment() {
    return std::getenv("DATABASE_URL") != nullptr;
}

TestDatabase::TestDatabase() {
    const char* admin = std::getenv("DATABASE_URL");
    if (admin == nullptr) {
        throw std::runtime_error("DATABASE_URL is not set: run the integration tests through ./dev test");
    }
    admin_url_ = admin;
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count() % 1000000000;
    name_ = "keel_test_" + std::to_string(::getpid()) + "_" + std::to_string(stamp);
    url_ = with_database(admin_url_, name_);
    auto connection = connect_or_throw(admin_url_);
    if (auto created = connection.exec_script("CREATE DATABASE " + name_); !created) {
        throw std::runtime_error(created.error().detail);
    }
    auto test_connection = connect_or_throw(url_);
    if (auto migrated = db::apply_migrations(test_connection, db::embedded_migrations()); !migrated) {
        throw std::runtime_error(migrated.error().detail);
    }
}

TestDatabase::~TestDatabase() {
    auto connection = db::Connection::open(admin_url_);
    if (connection) {
        (void)connection->exec_script("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
    }
}

std::string TestDatabase::scalar(const std::string& sql) const {
    auto connection = connect_or_throw(url_);
    auto rows = connection.exec_script(sql);
    if (!rows) {
        throw std::runtime_error(rows.error().detail);
    }
    return rows->rows() > 0 && !rows->is_null(0, 0) ? rows->string(0, 0) : std::string();
}

void TestDatabase::execute(const std::string& sql) const {
    auto connection = connect_or_throw(url_);
    if (auto done = connection.exec_script(sql); !done) {
        throw std::runtime_error(done.error().detail);
    }
}

std::string TestDatabase::dump() const {
    std::string quoted_url = "'";
    for (char c : url_) {
        quoted_url += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    FILE* pipe = ::popen(("pg_dump " + quoted_url + "' 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        throw std::runtime_error("cannot run pg_dump");
    }
    std::string dump;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) {
        dump.append(buffer, n);
    }
    if (::pclose(pipe) != 0) {
        throw std::runtime_error("pg_dump failed: " + dump);
    }
    return dump;
}

}  // namespace keel::testing
