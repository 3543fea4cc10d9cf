#pragma once
// Einblick acknowledges a write only once it is durable. On PostgreSQL that holds only while
// the server flushes the WAL before it reports a commit (synchronous_commit) and flushes at all
// (fsync), and writes whole pages after a checkpoint so a torn page can be repaired
// (full_page_writes). The server, a role or a session can switch each off, so the backend checks
// the settings its connections actually run with instead of assuming the defaults.

#include <einblick/server/pg/connection.hpp>
#include <string>
#include <vector>

namespace einblick::server::pg {

// One sentence per setting that would let an acknowledged write be lost in a crash; empty when
// the connection's settings are durable.
std::vector<std::string> durability_problems(Connection& connection);

// Throws pg::Error listing every problem, and how to fix it, unless the settings are durable.
void require_durable_settings(Connection& connection);

} // namespace einblick::server::pg
