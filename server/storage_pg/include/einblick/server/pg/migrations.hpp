#pragma once
// The PostgreSQL schema, created and upgraded by numbered steps.
//
// The steps are the shared list's (einblick/server/schema_steps.hpp): a schema of version N
// holds the same tables and facts on SQLite and here. PostgreSQL begins with one baseline step,
// 13, standing for steps 1 to 13 (SQLite's layout after them, laid out for Citus); every later
// step has its own entry here, as on SQLite. The version is recorded in the table
// schema_version, one row per step applied, described as the shared list names it.

#include <einblick/server/pg/connection.hpp>
#include <span>
#include <string_view>

namespace einblick::server::pg {

struct Migration {
    int version; // of the shared list; the first entry is the baseline
    std::string_view sql;
};

std::span<const Migration> all_migrations();
// The shared list's.
int latest_schema_version();

// The version recorded in the connection's schema (its search_path); 0 when migrate() never ran
// there.
int schema_version(Connection& connection);

// The versions migrate() found and left: equal when there was nothing to do.
struct MigrationOutcome {
    int from;
    int to;
};

// Applies every step newer than the recorded version, all in one transaction, so a failure
// leaves the database as it was; a database already at the latest version is left untouched.
// Concurrent calls on one schema wait for each other. Throws std::logic_error first when this
// backend's steps do not reach the shared list's latest, std::runtime_error, naming both
// versions, for a database whose version is newer than this build knows (a newer build
// migrated it; this one would misread it), and pg::Error when a step fails.
MigrationOutcome migrate(Connection& connection);

} // namespace einblick::server::pg
