#pragma once
// LogWindowReader on PostgreSQL: the head, the newest entries and the tree nodes above them,
// read in one repeatable-read, read-only transaction per call, so that appends committed
// meanwhile (on other pooled connections) are not half seen.

#include "einblick/server/log_window.hpp"

#include <einblick/server/pg/pool.hpp>

namespace einblick::server {

class PgLogWindow final : public LogWindowReader {
public:
    explicit PgLogWindow(pg::Pool& pool) : pool_(pool) {}
    LogWindow newest(std::int64_t count) override;

private:
    pg::Pool& pool_;
};

} // namespace einblick::server
