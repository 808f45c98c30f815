// The seeded default fixture must match testbed/manifest.json exactly: counts, distributions, the migrator's
// scope and the named services. On a mismatch the test prints the actual value to paste into the manifest.
#include "testbed/seeder/seed.hpp"
#include "tests/integration/testbed/migration_scope_sql.hpp"
#include "tests/integration/testbed/testbed_environment.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace keel::testbed::test {
namespace {

namespace json = boost::json;

using Counts = std::map<std::string, std::int64_t>;

Result<Counts> grouped(whmcs::MariadbConnection& connection, std::string_view sql) {
    auto rows = connection.stream(sql);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    Counts counts;
    while (true) {
        auto more = rows->next();
        if (!more) {
            return std::unexpected(more.error());
        }
        if (!*more) {
            return counts;
        }
        counts[std::string(rows->value(0).value_or("NULL"))] = std::stoll(std::string(*rows->value(1)));
    }
}

Counts counts_of(const json::object& object) {
    Counts counts;
    for (const auto& [key, value] : object) {
        counts[std::string(key)] = value.as_int64();
    }
    return counts;
}

std::string as_json(const Counts& counts) {
    json::object object;
    for (const auto& [key, value] : counts) {
        object[key] = value;
    }
    return json::serialize(object);
}

using TestbedManifest = SeededTestbed;

TEST_F(TestbedManifest, DescribesTheDefaultFixture) {
    const auto& fixture = db().manifest.at("fixture").as_object();
    EXPECT_EQ(fixture.at("seed").as_int64(), 1);
    EXPECT_EQ(fixture.at("generated_clients").as_int64(), kDefaultGeneratedClients);
}

TEST_F(TestbedManifest, TableCountsMatch) {
    Counts counts;
    for (const auto& [table, expected] : db().manifest.at("tables").as_object()) {
        auto count = query_int(connection(), "SELECT COUNT(*) FROM `" + std::string(table) + "`");
        ASSERT_TRUE(count) << table << ": " << count.error().detail;
        counts[std::string(table)] = *count;
    }
    EXPECT_EQ(counts, counts_of(db().manifest.at("tables").as_object())) << "actual: " << as_json(counts);
}

TEST_F(TestbedManifest, ValueDistributionsMatch) {
    for (const auto& [key, expected] : db().manifest.at("by_value").as_object()) {
        SCOPED_TRACE(std::string(key));
        const std::string name(key);
        const auto dot = name.find('.');
        const std::string table = name.substr(0, dot);
        const std::string column = name.substr(dot + 1);
        auto actual =
            grouped(connection(), "SELECT `" + column + "`, COUNT(*) FROM `" + table + "` GROUP BY `" + column + "`");
        ASSERT_TRUE(actual) << actual.error().detail;
        EXPECT_EQ(*actual, counts_of(expected.as_object())) << "actual: " << as_json(*actual);
    }
}

TEST_F(TestbedManifest, MigrationScopeMatches) {
    auto actual = grouped(connection(), reason_counts_sql());
    ASSERT_TRUE(actual) << actual.error().detail;
    const auto& migration = db().manifest.at("migration").as_object();
    Counts expected = counts_of(migration.at("skip").as_object());
    expected["migrate"] = migration.at("migrate").as_int64();
    std::erase_if(expected, [](const auto& entry) { return entry.second == 0; });
    EXPECT_EQ(*actual, expected) << "actual: " << as_json(*actual);

    std::int64_t candidates = 0;
    for (const auto& [reason, count] : *actual) {
        candidates += count;
    }
    EXPECT_EQ(candidates, migration.at("candidates").as_int64());
}

// A second database from the same seed must be identical, table by table.
TEST_F(TestbedManifest, SameSeedGivesSameData) {
    SeedOptions options;
    options.admin_url = db().admin;
    options.database = db().database + "_again";
    auto seeded = seed_testbed(options, nullptr);
    ASSERT_TRUE(seeded) << seeded.error().detail;
    for (const auto& [table, expected] : db().manifest.at("tables").as_object()) {
        SCOPED_TRACE(std::string(table));
        const std::string name(table);
        auto rows = connection().stream("CHECKSUM TABLE `" + db().database + "`.`" + name + "`, `" + options.database +
                                        "`.`" + name + "`");
        ASSERT_TRUE(rows) << rows.error().detail;
        std::vector<std::string> checksums;
        while (*rows->next()) {
            checksums.emplace_back(rows->value(1).value_or("NULL"));
        }
        ASSERT_EQ(checksums.size(), 2U);
        EXPECT_EQ(checksums[0], checksums[1]);
    }
    ASSERT_TRUE(connection().execute("DROP DATABASE `" + options.database + "`"));
}

}  // namespace
}  // namespace keel::testbed::test
