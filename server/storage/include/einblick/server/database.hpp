#pragma once
// One SQLite database (file or ":memory:") in WAL mode with the schema migrated to the latest
// version. Connections are not shared between threads without the lock: every store method
// takes `lock()` for the duration of its statements.

#include <mutex>
#include <string>

#include <SQLiteCpp/Database.h>

namespace einblick::server {

class Database {
public:
    // Opens (creating if needed) and migrates. Throws std::runtime_error with a readable
    // message when the file cannot be opened or has a newer schema than this build knows.
    explicit Database(const std::string& path);

    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    [[nodiscard]] std::unique_lock<std::mutex> lock() { return std::unique_lock(mutex_); }
    SQLite::Database& connection() { return connection_; }

    int schema_version();
    // A cheap read that proves the database answers (used by /health/ready).
    bool ping();

private:
    std::mutex mutex_;
    SQLite::Database connection_;
};

} // namespace einblick::server
