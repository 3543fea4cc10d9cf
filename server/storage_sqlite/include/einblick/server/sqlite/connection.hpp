#pragma once
// One SQLite connection with a cache of its prepared statements, keyed by their SQL text.
//
// Preparing a statement costs far more than running one of the small look-ups the server does
// per request (a profile of filling the access log spent two thirds of the writer's time in
// sqlite3_prepare_v2 and sqlite3_finalize), so the statements that run per request are prepared
// once per connection and reused:
//
//     auto query = c.cached("SELECT ... WHERE id = ?");
//     query->bind(1, id);
//     while (query->executeStep()) { ... }
//
// The handle is the statement's only user until it goes; its destructor resets the statement
// (a SELECT left mid-way would keep its read transaction open, and with it the connection's
// snapshot and the WAL pages it pins) and clears its bindings. Asking for an SQL text whose
// statement is checked out (a nested use) gives a freshly prepared statement of its own, not
// the same one twice. The cache holds at most `capacity` statements (some SQL is built per
// request: filters, node lists); when full the least recently used idle one makes way.
//
// A connection is used by one thread at a time, as SqliteDatabase hands them out; the cache
// has no lock of its own. Cached statements are finalized before the connection closes.

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

namespace einblick::server {

// Process-wide settings of the SQLite library, to be made before anything in the process uses
// SQLite (it refuses them afterwards; then it keeps its defaults and this returns false):
// without SQLite's memory statistics, each of its allocations takes no global lock (a profile
// of 64 concurrent writers spent a tenth of its time locking and unlocking mutexes).
bool configure_sqlite_library();

class SqliteConnection : public SQLite::Database {
    struct Entry {
        std::string sql;
        std::unique_ptr<SQLite::Statement> statement;
        bool in_use = false;
    };
    using Entries = std::list<Entry>; // most recently used first

public:
    static constexpr std::size_t default_statement_capacity = 128;

    // Opens like SQLite::Database(path, flags); throws SQLite::Exception when it cannot.
    SqliteConnection(const std::string& path, int flags,
                     std::size_t statement_capacity = default_statement_capacity);
    ~SqliteConnection();

    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;
    SqliteConnection(SqliteConnection&&) = delete;
    SqliteConnection& operator=(SqliteConnection&&) = delete;

    // A statement checked out of the cache (or, for a nested use or a full cache of busy
    // statements, one of its own). Resets the statement and clears its bindings when it goes.
    class CachedStatement {
    public:
        CachedStatement(CachedStatement&& other) noexcept;
        CachedStatement& operator=(CachedStatement&&) = delete;
        CachedStatement(const CachedStatement&) = delete;
        CachedStatement& operator=(const CachedStatement&) = delete;
        ~CachedStatement();

        SQLite::Statement& operator*() const { return *statement_; }
        SQLite::Statement* operator->() const { return statement_; }
        // Whether the statement is the cache's (false: prepared for this use alone).
        bool is_cached() const { return entry_ != nullptr; }

    private:
        friend class SqliteConnection;
        explicit CachedStatement(Entry& entry);
        explicit CachedStatement(std::unique_ptr<SQLite::Statement> own);

        Entry* entry_ = nullptr;
        std::unique_ptr<SQLite::Statement> own_;
        SQLite::Statement* statement_ = nullptr;
    };

    // The prepared statement of `sql`, prepared now if this connection has none idle. Throws
    // SQLite::Exception when the SQL does not prepare.
    CachedStatement cached(std::string_view sql);

    // Statements held by the cache, and statements cached() has prepared (cache misses and
    // uses of their own) since the connection opened: for tests and diagnostics.
    std::size_t cached_statements() const { return entries_.size(); }
    std::uint64_t statements_prepared() const { return statements_prepared_; }
    std::size_t statement_capacity() const { return capacity_; }

private:
    std::size_t capacity_;
    std::uint64_t statements_prepared_ = 0;
    // Destroyed before the base class closes the connection: every cached statement is
    // finalized first (sqlite3_close refuses a connection with unfinalized statements).
    Entries entries_;
    std::unordered_map<std::string_view, Entries::iterator> by_sql_; // views Entry::sql
};

} // namespace einblick::server
