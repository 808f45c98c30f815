#pragma once
// A named SQL statement: prepared once per connection under its name, so logs and pg_stat_statements show
// "servers.find", not a string.

namespace keel::db {

struct Statement {
    const char* name;
    const char* sql;
};

}  // namespace keel::db
