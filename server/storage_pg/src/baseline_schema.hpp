#pragma once
// The SQL of PostgreSQL's first schema step: SQLite's schema 13, laid out for Citus.

#include <string_view>

namespace einblick::server::pg {

extern const std::string_view baseline_schema_sql;

} // namespace einblick::server::pg
