#pragma once
// A fresh PostgreSQL database per test binary, migrated, dropped at the end: tests own their data.
#include <string>

namespace keel::testing {

class TestDatabase {
public:
    // Uses DATABASE_URL (the ./dev cluster) as the administrative connection. Throws when unset.
    TestDatabase();
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    const std::string& url() const { return url_; }
    const std::string& name() const { return name_; }
    // Runs SQL on the test database (setup and assertions only).
    std::string scalar(const std::string& sql) const;
    void execute(const std::string& sql) const;
    // `pg_dump` of the test database as text (what an operator's backup holds); throws when pg_dump fails.
    std::string dump() const;

private:
    std::string admin_url_;
    std::string name_;
    std::string url_;
};

// True when the integration environment (./dev test) is present.
bool integration_environment();

}  // namespace keel::testing
