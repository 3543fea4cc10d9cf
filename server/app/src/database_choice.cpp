#include "einblick/server/database_choice.hpp"

#include <einblick/server/pg/connection.hpp>

namespace einblick::server {

DatabaseBackend database_backend(std::string_view database) {
    return pg::is_postgresql_url(database) ? DatabaseBackend::postgresql : DatabaseBackend::sqlite;
}

std::string shown_database(std::string_view database) {
    return database_backend(database) == DatabaseBackend::postgresql
               ? pg::url_without_password(database)
               : std::string(database);
}

} // namespace einblick::server
