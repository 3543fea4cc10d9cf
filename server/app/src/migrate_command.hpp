#pragma once
// `einblick migrate`: applies the schema's numbered migrations to a SQLite file or a PostgreSQL
// database explicitly (the server also applies them when it opens a SQLite file) and says what
// it did in one line. Thin: picks the backend by the --db argument, runs its migrate, reports.

#include <CLI/CLI.hpp>
#include <string>

namespace einblick::server {

struct MigrateConfig {
    std::string database; // --db: a SQLite file path, or a postgresql:// URL
};

// Exit codes of `einblick migrate` (2 is a usage error, as for every command).
inline constexpr int migrate_done = 0;   // migrated, or nothing to do
inline constexpr int migrate_failed = 1; // unreachable, unopenable, newer schema, failed step

CLI::App* add_migrate_command(CLI::App& app, MigrateConfig& config);
// Prints the outcome on stdout; throws std::runtime_error (or pg::Error) when it failed.
int run_migrate(const MigrateConfig& config);

} // namespace einblick::server
