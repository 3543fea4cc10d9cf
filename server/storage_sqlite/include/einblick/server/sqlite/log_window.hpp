#pragma once
// LogWindowReader on the server's own database (its read pool): one read transaction per call.

#include "einblick/server/log_window.hpp"
#include "einblick/server/sqlite/database.hpp"

namespace einblick::server {

class SqliteLogWindow final : public LogWindowReader {
public:
    explicit SqliteLogWindow(SqliteDatabase& database) : db_(database) {}
    LogWindow newest(std::int64_t count) override;
    // The nodes above the leaves of a window, with their children; its plan is tested.
    static const char* parents_sql();

private:
    SqliteDatabase& db_;
};

} // namespace einblick::server
