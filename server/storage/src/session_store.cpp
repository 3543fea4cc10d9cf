#include "einblick/server/session_store.hpp"

#include <SQLiteCpp/Statement.h>

namespace einblick::server {
namespace {
void bind_bytes(SQLite::Statement& statement, int index, const Bytes& bytes) {
    statement.bind(index, bytes.data(), static_cast<int>(bytes.size()));
}
} // namespace

void SessionStore::create(const SessionRecord& session) {
    auto guard = db_.lock();
    SQLite::Statement insert(db_.connection(),
                             "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) "
                             "VALUES (?, ?, ?, ?)");
    bind_bytes(insert, 1, session.token_hash);
    insert.bind(2, session.account_id);
    insert.bind(3, session.created_at);
    insert.bind(4, session.last_seen_at);
    insert.exec();
}

std::optional<SessionRecord> SessionStore::find(const Bytes& token_hash) {
    auto guard = db_.lock();
    SQLite::Statement query(db_.connection(),
                            "SELECT account_id, created_at, last_seen_at FROM sessions "
                            "WHERE token_hash = ?");
    bind_bytes(query, 1, token_hash);
    if (!query.executeStep()) {
        return std::nullopt;
    }
    return SessionRecord{token_hash, query.getColumn(0).getInt64(), query.getColumn(1).getInt64(),
                         query.getColumn(2).getInt64()};
}

void SessionStore::touch(const Bytes& token_hash, UnixMillis now) {
    auto guard = db_.lock();
    SQLite::Statement update(db_.connection(),
                             "UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?");
    update.bind(1, now);
    bind_bytes(update, 2, token_hash);
    update.exec();
}

void SessionStore::remove(const Bytes& token_hash) {
    auto guard = db_.lock();
    SQLite::Statement remove_one(db_.connection(), "DELETE FROM sessions WHERE token_hash = ?");
    bind_bytes(remove_one, 1, token_hash);
    remove_one.exec();
}

int SessionStore::remove_expired(UnixMillis idle_cutoff, UnixMillis absolute_cutoff) {
    auto guard = db_.lock();
    SQLite::Statement remove_old(db_.connection(),
                                 "DELETE FROM sessions WHERE last_seen_at < ? OR created_at < ?");
    remove_old.bind(1, idle_cutoff);
    remove_old.bind(2, absolute_cutoff);
    return remove_old.exec();
}

} // namespace einblick::server
