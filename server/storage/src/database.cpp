#include "einblick/server/database.hpp"

#include <stdexcept>

#include "einblick/server/migrations.hpp"

namespace einblick::server {
namespace {

SQLite::Database open_connection(const std::string& path) {
    try {
        return SQLite::Database(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE |
                                          SQLite::OPEN_FULLMUTEX);
    } catch (const SQLite::Exception& error) {
        throw std::runtime_error("cannot open database '" + path + "': " + error.what());
    }
}

} // namespace

Database::Database(const std::string& path) : connection_(open_connection(path)) {
    try {
        connection_.setBusyTimeout(5000);
        connection_.exec("PRAGMA foreign_keys = ON");
        if (path != ":memory:") {
            connection_.exec("PRAGMA journal_mode = WAL");
        }
        // FULL: a commit is on disk before we acknowledge it, also across power loss.
        connection_.exec("PRAGMA synchronous = FULL");
        migrate(connection_);
    } catch (const SQLite::Exception& error) {
        throw std::runtime_error("cannot prepare database '" + path + "': " + error.what());
    }
}

int Database::schema_version() {
    auto guard = lock();
    return connection_.execAndGet("PRAGMA user_version").getInt();
}

bool Database::ping() {
    try {
        auto guard = lock();
        return connection_.execAndGet("SELECT count(*) FROM agencies").getInt64() >= 0;
    } catch (const std::exception&) {
        return false;
    }
}

} // namespace einblick::server
