#include "einblick/server/storage_backend.hpp"

#include "einblick/server/database_choice.hpp"
#include "einblick/server/pg_storage.hpp"
#include "einblick/server/sqlite_storage.hpp"

namespace einblick::server {

std::unique_ptr<StorageBackend> open_storage(const std::string& database) {
    if (database_backend(database) == DatabaseBackend::postgresql) {
        return std::make_unique<PgStorage>(database);
    }
    return std::make_unique<SqliteStorage>(database);
}

} // namespace einblick::server
