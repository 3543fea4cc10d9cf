#pragma once
// Which storage backend a `--db` argument names, the one rule `einblick migrate` and
// `einblick serve` (open_storage) follow: a postgresql:// or postgres:// URL is PostgreSQL,
// anything else is the path of a SQLite file (":memory:" included).

#include <string>
#include <string_view>

namespace einblick::server {

enum class DatabaseBackend { sqlite, postgresql };

DatabaseBackend database_backend(std::string_view database);

// The argument as a message may show it: a PostgreSQL URL without its password.
std::string shown_database(std::string_view database);

// `--read-db` (empty: none) is a postgresql:// URL and comes with a postgresql:// `--db`;
// throws std::invalid_argument, in one line, when not.
void refuse_unusable_read_database(std::string_view database, std::string_view read_database);

} // namespace einblick::server
