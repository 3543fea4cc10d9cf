#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "einblick/server/database.hpp"
#include "einblick/server/records.hpp"

namespace einblick::server {

class AccessEventStore {
public:
    explicit AccessEventStore(Database& database) : db_(database) {}

    RowId append(const NewAccessEvent& event);
    // Appends all in one transaction (one durable commit); returns their ids in order.
    std::vector<RowId> append_all(std::span<const NewAccessEvent> events);

    // Newest first (occurred_at, then id, both descending): a stable order for keyset paging.
    // With `after`, only rows strictly older than that position.
    std::vector<AccessEventRecord> history_page(const std::string& citizen_pseudonym,
                                                const std::optional<HistoryCursor>& after,
                                                int limit);
    std::int64_t count_for_citizen(const std::string& citizen_pseudonym);

    // The SQL of history_page, exposed so that a test can check its query plan.
    static std::string history_page_sql(bool with_cursor);

private:
    RowId insert_locked(const NewAccessEvent& event);
    Database& db_;
};

} // namespace einblick::server
