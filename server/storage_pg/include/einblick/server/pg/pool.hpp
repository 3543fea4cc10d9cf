#pragma once
// A small pool of connections to one PostgreSQL URL, shared by the repositories.
//
//     pg::Pool pool(url, 8);
//     {
//         pg::Pool::Lease connection = pool.acquire();
//         connection->execute("SELECT 1");
//     } // back in the pool
//
// Connections are opened on demand, up to `max_connections`, and kept open between leases (a
// connection costs the server a process; opening one costs a round trip and authentication).
// A connection that is no longer usable (the server went away, or a transaction was left
// open) is closed when its lease ends instead of going back, so the next caller gets a fresh
// one. With `schema` set, every connection opened sets its search_path to that schema alone:
// one database can hold several Einblick schemas (the tests give each case one of its own).
// Thread-safe; a lease is used by one thread at a time.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <einblick/server/pg/connection.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace einblick::server::pg {

class Pool {
public:
    class Lease {
    public:
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease(); // gives the connection back, or closes it when it is no longer usable

        Connection& operator*() const { return *connection_; }
        Connection* operator->() const { return connection_.get(); }

    private:
        friend class Pool;
        Lease(Pool& pool, std::unique_ptr<Connection> connection);

        Pool* pool_;
        std::unique_ptr<Connection> connection_;
    };

    static constexpr std::chrono::milliseconds default_acquire_timeout{30'000};

    // Opens no connection yet. `schema`: the search_path of every connection (none: the
    // URL's); `acquire_timeout`: how long acquire() waits when all connections are lent.
    // Throws pg::Error for a max_connections of 0.
    Pool(std::string url, std::size_t max_connections, std::optional<std::string> schema = {},
         std::chrono::milliseconds acquire_timeout = default_acquire_timeout);
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;
    // Every lease must have ended before the pool goes.
    ~Pool();

    // An idle connection, a new one while fewer than max_connections are open, or else the
    // first one given back within acquire_timeout. Throws pg::Error when none comes in time or
    // a new connection cannot be opened (the pool then has room for another try).
    Lease acquire();

    // Connections open now, lent or idle (for tests and metrics).
    std::size_t open_connections() const;
    std::size_t idle_connections() const;

private:
    std::unique_ptr<Connection> open_connection();
    void give_back(std::unique_ptr<Connection> connection);

    const std::string url_;
    const std::size_t max_connections_;
    const std::optional<std::string> schema_;
    const std::chrono::milliseconds acquire_timeout_;
    mutable std::mutex mutex_;
    std::condition_variable returned_;
    std::vector<std::unique_ptr<Connection>> idle_;
    std::size_t open_ = 0; // idle and lent, and those being opened
};

} // namespace einblick::server::pg
