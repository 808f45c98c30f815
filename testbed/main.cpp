// keel-testbed: (re)builds the WHMCS testbed database. See testbed/README.md.
#include "testbed/seeder/seed.hpp"
#include "whmcs/mysql_url.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    CLI::App app{"Drop, recreate and seed a WHMCS 8.4 testbed database"};
    // ./dev passes its defaults first and the caller's arguments after: the last one wins.
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    std::string url_text;
    keel::testbed::SeedOptions options;
    keel::testbed::ReadOnlyAccount read_only;
    app.add_option("--url", url_text,
                   "mysql://admin:password@host:port[/database] of an account that may create "
                   "databases and users")
        ->required();
    app.add_option("--database", options.database, "database to (re)create; default: the URL's, else whmcs");
    app.add_option("--seed", options.seed, "random seed; the manifest describes seed 1")->capture_default_str();
    app.add_option("--clients", options.generated_clients,
                   "generated clients on top of the 12 hand-written ones (default: the small fixture)")
        ->capture_default_str();
    app.add_option("--ro-user", read_only.user, "read-only account to create")->capture_default_str();
    app.add_option("--ro-password", read_only.password, "its password; without it no account is created");
    app.add_option("--ro-host", read_only.host, "its host part")->capture_default_str();
    CLI11_PARSE(app, argc, argv);

    auto url = keel::whmcs::parse_mysql_url(url_text);
    if (!url) {
        std::fprintf(stderr, "keel-testbed: %s\n", url.error().detail.c_str());
        return 2;
    }
    options.admin_url = *url;
    if (app.count("--database") == 0 && !url->database.empty()) {
        options.database = url->database;
    }
    if (!read_only.password.empty()) {
        options.read_only = read_only;
    }
    auto report = keel::testbed::seed_testbed(options, [](std::string_view line) {
        std::fprintf(stderr, "keel-testbed: %.*s\n", static_cast<int>(line.size()), line.data());
    });
    if (!report) {
        std::fprintf(stderr, "keel-testbed: %s\n", report.error().detail.c_str());
        return 1;
    }
    std::fprintf(stderr, "keel-testbed: %s seeded (seed %llu): %llu rows in %.2f s\n", options.database.c_str(),
                 static_cast<unsigned long long>(options.seed), static_cast<unsigned long long>(report->rows),
                 report->seconds);
    return 0;
}
