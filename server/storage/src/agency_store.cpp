#include "einblick/server/agency_store.hpp"

#include <SQLiteCpp/Statement.h>

namespace einblick::server {
namespace {
AgencyRecord read_agency(SQLite::Statement& query) {
    return {query.getColumn(0).getInt64(), query.getColumn(1).getString(),
            query.getColumn(2).getString()};
}
} // namespace

RowId AgencyStore::create(const std::string& code, const std::string& name) {
    auto guard = db_.lock();
    SQLite::Statement insert(db_.connection(), "INSERT INTO agencies (code, name) VALUES (?, ?)");
    insert.bind(1, code);
    insert.bind(2, name);
    insert.exec();
    return db_.connection().getLastInsertRowid();
}

std::optional<AgencyRecord> AgencyStore::find_by_code(const std::string& code) {
    auto guard = db_.lock();
    SQLite::Statement query(db_.connection(), "SELECT id, code, name FROM agencies WHERE code = ?");
    query.bind(1, code);
    if (!query.executeStep()) {
        return std::nullopt;
    }
    return read_agency(query);
}

RowId AgencyStore::add_api_key(RowId agency_id, const Bytes& key_hash, const std::string& label,
                               UnixMillis now) {
    auto guard = db_.lock();
    SQLite::Statement insert(db_.connection(),
                             "INSERT INTO api_keys (agency_id, key_hash, label, created_at) "
                             "VALUES (?, ?, ?, ?)");
    insert.bind(1, agency_id);
    insert.bind(2, key_hash.data(), static_cast<int>(key_hash.size()));
    insert.bind(3, label);
    insert.bind(4, now);
    insert.exec();
    return db_.connection().getLastInsertRowid();
}

std::optional<AgencyRecord> AgencyStore::find_by_api_key_hash(const Bytes& key_hash) {
    auto guard = db_.lock();
    SQLite::Statement query(db_.connection(),
                            "SELECT a.id, a.code, a.name FROM api_keys k "
                            "JOIN agencies a ON a.id = k.agency_id "
                            "WHERE k.key_hash = ? AND k.revoked_at IS NULL");
    query.bind(1, key_hash.data(), static_cast<int>(key_hash.size()));
    if (!query.executeStep()) {
        return std::nullopt;
    }
    return read_agency(query);
}

} // namespace einblick::server
