#include "testbed/seeder/seed.hpp"

#include "core/cluster_fields.hpp"
#include "testbed/schema_sql.hpp"
#include "testbed/seeder/catalog.hpp"
#include "testbed/seeder/curated.hpp"
#include "testbed/seeder/generated.hpp"
#include "testbed/seeder/rng.hpp"
#include "testbed/seeder/tables.hpp"
#include "whmcs/mariadb_connection.hpp"

#include <chrono>
#include <cstdio>

namespace keel::testbed {
namespace {

using Clock = std::chrono::steady_clock;
using whmcs::MariadbConnection;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

bool is_plain_host(std::string_view host) {
    for (const char c : host) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '%' || c == '_' || c == ':' || c == '-';
        if (!ok) {
            return false;
        }
    }
    return !host.empty();
}

Status validate(const SeedOptions& options) {
    if (!whmcs::is_plain_identifier(options.database)) {
        return fail(ErrorCode::kInvalidArgument, "testbed: database name must match [A-Za-z0-9_]{1,64}");
    }
    if (options.generated_clients < 0) {
        return fail(ErrorCode::kInvalidArgument, "testbed: --clients must not be negative");
    }
    if (const std::string& token = options.proxmox.token; !token.empty()) {
        const auto equals = token.find('=');
        if (equals == std::string::npos || !check_token_id(token.substr(0, equals)) ||
            !check_token_secret(token.substr(equals + 1))) {
            return fail(ErrorCode::kInvalidArgument, "testbed: the Proxmox token must be USER@REALM!TOKENID=SECRET");
        }
    }
    if (options.read_only) {
        if (!whmcs::is_plain_identifier(options.read_only->user) || !is_plain_host(options.read_only->host)) {
            return fail(ErrorCode::kInvalidArgument, "testbed: read-only user or host is not a plain name");
        }
        if (options.read_only->password.empty()) {
            return fail(ErrorCode::kInvalidArgument, "testbed: the read-only account needs a password");
        }
    }
    return {};
}

// Non-strict mode is what lets the DDL's zero-date defaults and unset NOT NULL columns through (reference §1.1).
Status recreate_database(MariadbConnection& connection, const std::string& database) {
    const std::string statements[] = {
        "SET SESSION sql_mode='NO_AUTO_VALUE_ON_ZERO'",
        "DROP DATABASE IF EXISTS `" + database + "`",
        "CREATE DATABASE `" + database + "` CHARACTER SET utf8mb3 COLLATE utf8mb3_unicode_ci",
        "USE `" + database + "`",
    };
    for (const std::string& sql : statements) {
        if (auto done = connection.execute(sql); !done) {
            return std::unexpected(done.error());
        }
    }
    return connection.execute_script(kSchemaSql);
}

Status grant_read_only(MariadbConnection& connection, const std::string& database, const ReadOnlyAccount& account) {
    const std::string who = connection.quoted(account.user) + "@" + connection.quoted(account.host);
    const std::string password = connection.quoted(account.password);
    const std::string statements[] = {
        "CREATE USER IF NOT EXISTS " + who + " IDENTIFIED BY " + password,
        "ALTER USER " + who + " IDENTIFIED BY " + password,
        "GRANT SELECT ON `" + database + "`.* TO " + who,
    };
    for (const std::string& sql : statements) {
        if (auto done = connection.execute(sql); !done) {
            return std::unexpected(done.error());
        }
    }
    return {};
}

}  // namespace

Result<SeedReport> seed_testbed(const SeedOptions& options, const ProgressLine& progress) {
    if (auto valid = validate(options); !valid) {
        return std::unexpected(valid.error());
    }
    const auto start = Clock::now();
    auto say = [&](const std::string& line) {
        if (progress) {
            progress(line);
        }
    };
    whmcs::MysqlUrl url = options.admin_url;
    url.database.clear();
    auto connection = MariadbConnection::connect(url);
    if (!connection) {
        return std::unexpected(connection.error());
    }
    if (auto made = recreate_database(*connection, options.database); !made) {
        return std::unexpected(made.error());
    }
    if (auto written = catalog::write_catalog(*connection); !written) {
        return std::unexpected(written.error());
    }
    Secrets secrets(options.seed, options.proxmox.token);
    if (auto written = write_servers(*connection, options.proxmox, secrets); !written) {
        return std::unexpected(written.error());
    }
    say("schema and catalog loaded into " + options.database);

    SeedReport report;
    report.cc_encryption_hash = secrets.cc_encryption_hash();
    ProxmoxWorld world{secrets, report.sim_vms};
    Rng rng(options.seed);
    Tables tables(*connection, FirstGeneratedIds{});
    if (auto written = write_curated(tables, rng, world); !written) {
        return std::unexpected(written.error());
    }
    const auto on_progress = [&](std::int64_t done) {
        if (options.generated_clients >= 10000) {
            char line[160];
            std::snprintf(line, sizeof(line), "%lld/%lld clients, %llu rows sent, %.1f s", static_cast<long long>(done),
                          static_cast<long long>(options.generated_clients),
                          static_cast<unsigned long long>(tables.rows_sent()), seconds_since(start));
            say(line);
        }
    };
    if (auto written = write_generated(tables, rng, world, options.generated_clients, on_progress); !written) {
        return std::unexpected(written.error());
    }
    if (auto flushed = tables.flush(); !flushed) {
        return std::unexpected(flushed.error());
    }
    if (options.read_only) {
        if (auto granted = grant_read_only(*connection, options.database, *options.read_only); !granted) {
            return std::unexpected(granted.error());
        }
    }
    report.rows = tables.rows_sent();
    report.seconds = seconds_since(start);
    return report;
}

}  // namespace keel::testbed
