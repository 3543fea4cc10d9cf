#pragma once
// The SQLite database's SQL for every step of the shared list of schema steps
// (einblick/server/schema_steps.hpp, which also names them). The database's `PRAGMA
// user_version` is the number of the last step applied; each step runs in its own transaction.

#include "einblick/server/sqlite/connection.hpp"

#include <SQLiteCpp/Database.h>
#include <span>
#include <string_view>

namespace einblick::server::sqlite {

struct Migration {
    int version; // of the shared list
    std::string_view sql;
    // A step SQL cannot do (hashing), run after `sql` in the same transaction.
    void (*then)(SqliteConnection&) = nullptr;
};

std::span<const Migration> all_migrations();
// The shared list's (einblick/server/schema_steps.hpp), under the names the SQLite code uses.
int latest_schema_version();
void refuse_newer_schema(int version);
// Applies every step newer than user_version. Throws std::logic_error first when this backend's
// steps do not reach the shared list's latest (a step added to the list but not here).
void migrate(SqliteConnection& connection);

} // namespace einblick::server::sqlite
