#include "einblick/server/database_choice.hpp"

#include <einblick/server/pg/connection.hpp>
#include <stdexcept>

namespace einblick::server {

DatabaseBackend database_backend(std::string_view database) {
    return pg::is_postgresql_url(database) ? DatabaseBackend::postgresql : DatabaseBackend::sqlite;
}

std::string shown_database(std::string_view database) {
    return database_backend(database) == DatabaseBackend::postgresql
               ? pg::url_without_password(database)
               : std::string(database);
}

void refuse_unusable_read_database(std::string_view database, std::string_view read_database) {
    if (read_database.empty()) {
        return;
    }
    if (database_backend(database) != DatabaseBackend::postgresql) {
        throw std::invalid_argument("--read-db needs a postgresql:// --db: a SQLite database (" +
                                    std::string(database) + ") has no replicas");
    }
    if (database_backend(read_database) != DatabaseBackend::postgresql) {
        throw std::invalid_argument("--read-db must be a postgresql:// URL, got '" +
                                    std::string(read_database) + "'");
    }
}

} // namespace einblick::server
