#include "einblick/server/sqlite/connection.hpp"

#include <sqlite3.h>
#include <utility>

namespace einblick::server {

bool configure_sqlite_library() {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK;
}

SqliteConnection::SqliteConnection(const std::string& path, int flags,
                                   std::size_t statement_capacity)
    : SQLite::Database(path, flags), capacity_(statement_capacity) {}

SqliteConnection::~SqliteConnection() {
    // Explicit, not left to member order alone: no statement may outlive the connection.
    by_sql_.clear();
    entries_.clear();
}

SqliteConnection::CachedStatement::CachedStatement(Entry& entry)
    : entry_(&entry), statement_(entry.statement.get()) {
    entry.in_use = true;
}

SqliteConnection::CachedStatement::CachedStatement(std::unique_ptr<SQLite::Statement> own)
    : own_(std::move(own)), statement_(own_.get()) {}

SqliteConnection::CachedStatement::CachedStatement(CachedStatement&& other) noexcept
    : entry_(std::exchange(other.entry_, nullptr)), own_(std::move(other.own_)),
      statement_(std::exchange(other.statement_, nullptr)) {}

SqliteConnection::CachedStatement::~CachedStatement() {
    if (statement_ == nullptr) {
        return; // moved from
    }
    // Ends the statement's read (its snapshot) whatever state it was left in: mid-way through
    // rows, after an error, or done. The result is the last step's, already reported then.
    statement_->tryReset();
    try {
        statement_->clearBindings(); // sqlite3_clear_bindings cannot fail; SQLiteCpp checks it
    } catch (...) {
        // nothing to undo: the next user binds every parameter it uses
    }
    if (entry_ != nullptr) {
        entry_->in_use = false;
    }
}

SqliteConnection::CachedStatement SqliteConnection::cached(std::string_view sql) {
    if (const auto found = by_sql_.find(sql); found != by_sql_.end()) {
        const Entries::iterator entry = found->second;
        if (entry->in_use) { // a nested use of the same SQL: a statement of its own
            ++statements_prepared_;
            return CachedStatement(std::make_unique<SQLite::Statement>(*this, std::string(sql)));
        }
        entries_.splice(entries_.begin(), entries_, entry); // now the most recently used
        return CachedStatement(*entry);
    }
    std::string text(sql);
    auto statement = std::make_unique<SQLite::Statement>(*this, text); // may throw: nothing kept
    ++statements_prepared_;
    if (entries_.size() >= capacity_) {
        // Makes way for the new one: the least recently used statement not checked out.
        auto victim = entries_.end();
        while (victim != entries_.begin()) {
            --victim;
            if (!victim->in_use) {
                by_sql_.erase(victim->sql);
                entries_.erase(victim);
                break;
            }
        }
    }
    if (entries_.size() >= capacity_) { // all checked out (or no room at all): not cached
        return CachedStatement(std::move(statement));
    }
    entries_.push_front(Entry{std::move(text), std::move(statement), false});
    by_sql_.emplace(entries_.front().sql, entries_.begin());
    return CachedStatement(entries_.front());
}

} // namespace einblick::server
