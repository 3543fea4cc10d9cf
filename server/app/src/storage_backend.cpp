#include "einblick/server/storage_backend.hpp"

#include "einblick/server/database_choice.hpp"
#include "einblick/server/sqlite_storage.hpp"

#include <stdexcept>

namespace einblick::server {

std::unique_ptr<StorageBackend> open_storage(const std::string& database) {
    if (database_backend(database) == DatabaseBackend::postgresql) {
        // Refused, not mistaken for a file name: the PostgreSQL wiring is not built yet.
        throw std::invalid_argument("the server cannot run on PostgreSQL yet: " +
                                    shown_database(database));
    }
    return std::make_unique<SqliteStorage>(database);
}

} // namespace einblick::server
