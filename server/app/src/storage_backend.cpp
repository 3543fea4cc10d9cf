#include "einblick/server/storage_backend.hpp"

#include "einblick/server/database_choice.hpp"
#include "einblick/server/pg_storage.hpp"
#include "einblick/server/sqlite_storage.hpp"

namespace einblick::server {

std::unique_ptr<StorageBackend> open_storage(const std::string& database, std::size_t pg_pool_size,
                                             const std::string& read_database) {
    refuse_unusable_read_database(database, read_database);
    if (database_backend(database) == DatabaseBackend::postgresql) {
        return std::make_unique<PgStorage>(database, pg_pool_size, read_database);
    }
    return std::make_unique<SqliteStorage>(database);
}

} // namespace einblick::server
