#include "einblick/server/access_event_store.hpp"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <nlohmann/json.hpp>

namespace einblick::server {
namespace {

constexpr const char* history_columns =
    "SELECT e.id, e.purpose, e.legal_basis, e.data_categories, e.occurred_at, e.recorded_at, "
    "a.id, a.code, a.name FROM access_events e JOIN agencies a ON a.id = e.agency_id ";

AccessEventRecord read_event(SQLite::Statement& query) {
    AccessEventRecord event;
    event.id = query.getColumn(0).getInt64();
    event.purpose = query.getColumn(1).getString();
    event.legal_basis = query.getColumn(2).getString();
    event.data_categories =
        nlohmann::json::parse(query.getColumn(3).getString()).get<std::vector<std::string>>();
    event.occurred_at = query.getColumn(4).getInt64();
    event.recorded_at = query.getColumn(5).getInt64();
    event.agency = {query.getColumn(6).getInt64(), query.getColumn(7).getString(),
                    query.getColumn(8).getString()};
    return event;
}

} // namespace

RowId AccessEventStore::insert_locked(const NewAccessEvent& event) {
    SQLite::Statement insert(db_.connection(),
                             "INSERT INTO access_events (citizen_pseudonym, agency_id, purpose, "
                             "legal_basis, data_categories, occurred_at, recorded_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, event.citizen_pseudonym);
    insert.bind(2, event.agency_id);
    insert.bind(3, event.purpose);
    insert.bind(4, event.legal_basis);
    insert.bind(5, nlohmann::json(event.data_categories).dump());
    insert.bind(6, event.occurred_at);
    insert.bind(7, event.recorded_at);
    insert.exec();
    return db_.connection().getLastInsertRowid();
}

RowId AccessEventStore::append(const NewAccessEvent& event) {
    auto guard = db_.lock();
    return insert_locked(event);
}

std::vector<RowId> AccessEventStore::append_all(std::span<const NewAccessEvent> events) {
    auto guard = db_.lock();
    SQLite::Transaction transaction(db_.connection());
    std::vector<RowId> ids;
    ids.reserve(events.size());
    for (const NewAccessEvent& event : events) {
        ids.push_back(insert_locked(event));
    }
    transaction.commit();
    return ids;
}

std::vector<AccessEventRecord>
AccessEventStore::history_page(const std::string& citizen_pseudonym,
                               const std::optional<HistoryCursor>& after, int limit) {
    auto guard = db_.lock();
    SQLite::Statement query(db_.connection(), history_page_sql(after.has_value()));
    int index = 1;
    query.bind(index++, citizen_pseudonym);
    if (after) {
        query.bind(index++, after->occurred_at);
        query.bind(index++, after->id);
    }
    query.bind(index, limit);
    std::vector<AccessEventRecord> page;
    while (query.executeStep()) {
        page.push_back(read_event(query));
    }
    return page;
}

std::string AccessEventStore::history_page_sql(bool with_cursor) {
    std::string sql = std::string(history_columns) + "WHERE e.citizen_pseudonym = ? ";
    if (with_cursor) {
        sql += "AND (e.occurred_at, e.id) < (?, ?) ";
    }
    return sql + "ORDER BY e.occurred_at DESC, e.id DESC LIMIT ?";
}

std::int64_t AccessEventStore::count_for_citizen(const std::string& citizen_pseudonym) {
    auto guard = db_.lock();
    SQLite::Statement query(db_.connection(),
                            "SELECT count(*) FROM access_events WHERE citizen_pseudonym = ?");
    query.bind(1, citizen_pseudonym);
    query.executeStep();
    return query.getColumn(0).getInt64();
}

} // namespace einblick::server
