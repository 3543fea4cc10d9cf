#pragma once
// `einblick copy --from sqlite:PATH --to postgresql://…`: moves a SQLite Einblick database into
// a migrated, empty PostgreSQL database in one transaction, keeping ids, seq, hashes, the tree
// and the checkpoints (each table streamed with COPY FROM STDIN: server/storage_copy), then
// checks that counts, the tree head and the chain are equal.

#include <CLI/CLI.hpp>
#include <string>

namespace einblick::server {

struct CopyConfig {
    std::string from; // --from: sqlite:PATH (or a bare path)
    std::string to;   // --to: a postgresql:// URL
};

// Exit codes of `einblick copy`, as `einblick migrate`'s (2 is a usage error).
inline constexpr int copy_done = 0;
inline constexpr int copy_failed = 1;

CLI::App* add_copy_command(CLI::App& app, CopyConfig& config);
// Prints the outcome on stdout; throws std::runtime_error (or pg::Error) when it failed, with
// nothing left in the target.
int run_copy(const CopyConfig& config);

} // namespace einblick::server
