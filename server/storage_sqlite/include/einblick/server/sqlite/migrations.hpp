#pragma once
// Numbered schema migrations of the SQLite database. The database's `PRAGMA user_version` is the
// number of the last migration applied; each migration runs in its own transaction. Another
// backend keeps its own numbered migrations in its own folder.

#include "einblick/server/sqlite/connection.hpp"

#include <SQLiteCpp/Database.h>
#include <span>
#include <string_view>

namespace einblick::server::sqlite {

struct Migration {
    int version;
    std::string_view description;
    std::string_view sql;
    // A step SQL cannot do (hashing), run after `sql` in the same transaction.
    void (*then)(SqliteConnection&) = nullptr;
};

std::span<const Migration> all_migrations();
int latest_schema_version();
// Throws std::runtime_error naming both versions when `version` is newer than this build knows.
void refuse_newer_schema(int version);
void migrate(SqliteConnection& connection);

} // namespace einblick::server::sqlite
