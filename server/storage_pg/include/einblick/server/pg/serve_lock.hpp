#pragma once
// One server per PostgreSQL schema, as SQLite's "<db>.lock" makes it one server per file: a
// session-level advisory lock, taken on a connection of its own before the schema is migrated
// and held for as long as this object lives (PgStorage holds one for the server's lifetime).
//
// The key is a fixed class (key_class) and hashtext() of the connection's current schema, in
// the URL's database: two servers on one database and schema exclude each other, another
// schema or database is not locked. (Advisory locks live per database; a collision of two
// schemas' hashes would only make the second server refuse to start, never two run on one.)
// `einblick migrate`, `copy` and `verify` do not take it: migrate is serialised by its own
// transaction-level lock, copy refuses a target that holds data, verify only reads.
//
// When the lock's connection is lost (PostgreSQL restarted, the session was terminated), so is
// the lock. held() notices it, opens a new connection and takes the lock again if no one else
// did meanwhile; the server's readiness asks it on every probe, so a server without its lock
// answers 503 until it has it back (docs/SCALE-OUT.md). Its writes go on meanwhile: the access
// log's head row lock keeps the chain one even with two appenders, so the lock guards against
// a second server by mistake, not the chain's correctness.

#include <cstdint>
#include <einblick/server/pg/connection.hpp>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

namespace einblick::server::pg {

// The lock is held by another session: another einblick serve on the same database and schema.
class ServeLockHeld : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

class ServeLock {
public:
    // The advisory lock's first key ("EINB"); the second is hashtext(current_schema()).
    static constexpr std::int32_t key_class = 0x45494E42;

    // Seconds the constructor waits for a lock another session holds: a server killed a
    // moment ago still holds it until PostgreSQL notices that its socket closed.
    static constexpr int start_wait_seconds = 5;

    // Opens a connection to `url` and takes the lock. Throws ServeLockHeld when another
    // session holds it still after start_wait_seconds, pg::Error when the database cannot be
    // reached.
    explicit ServeLock(std::string url);
    ~ServeLock();
    ServeLock(const ServeLock&) = delete;
    ServeLock& operator=(const ServeLock&) = delete;

    // Whether the lock is held now: one round trip on its connection. A lost connection is
    // replaced and the lock taken again if it is free. Never throws; thread-safe.
    bool held();

    // The schema the lock is for, as the server saw it when it took the lock.
    const std::string& schema() const { return schema_; }

private:
    // Takes the lock on `connection`: true when taken, false when another session holds it
    // (with `wait`: still after start_wait_seconds).
    bool take(Connection& connection, bool wait);

    const std::string url_;
    std::string schema_;
    std::mutex mutex_;
    std::unique_ptr<Connection> connection_; // null while lost and not taken again
};

} // namespace einblick::server::pg
