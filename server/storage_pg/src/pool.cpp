#include <einblick/server/pg/error.hpp>
#include <einblick/server/pg/pool.hpp>
#include <utility>

namespace einblick::server::pg {

Pool::Lease::Lease(Pool& pool, std::unique_ptr<Connection> connection)
    : pool_(&pool), connection_(std::move(connection)) {}

Pool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), connection_(std::move(other.connection_)) {}

Pool::Lease::~Lease() {
    if (connection_) {
        pool_->give_back(std::move(connection_));
    }
}

Pool::Pool(std::string url, std::size_t max_connections, std::optional<std::string> schema,
           std::chrono::milliseconds acquire_timeout)
    : url_(std::move(url)), max_connections_(max_connections), schema_(std::move(schema)),
      acquire_timeout_(acquire_timeout) {
    if (max_connections_ == 0) {
        throw Error("a connection pool needs room for at least one connection");
    }
}

Pool::~Pool() = default;

Pool::Lease Pool::acquire() {
    std::unique_lock lock(mutex_);
    const bool available = returned_.wait_for(
        lock, acquire_timeout_, [&] { return !idle_.empty() || open_ < max_connections_; });
    if (!available) {
        throw Error("no PostgreSQL connection became free within " +
                    std::to_string(acquire_timeout_.count()) + " ms (all " +
                    std::to_string(max_connections_) + " are in use)");
    }
    if (!idle_.empty()) {
        std::unique_ptr<Connection> connection = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(connection));
    }
    // Counted before it exists, so that no other caller opens one beyond the limit; opened
    // outside the lock, so that a slow connect does not hold up leases of idle connections.
    ++open_;
    lock.unlock();
    try {
        return Lease(*this, open_connection());
    } catch (...) {
        lock.lock();
        --open_;
        lock.unlock();
        returned_.notify_one();
        throw;
    }
}

std::unique_ptr<Connection> Pool::open_connection() {
    auto connection = std::make_unique<Connection>(url_);
    if (schema_) {
        // A parameter, not SQL text: quote_ident makes any schema name one identifier.
        // is_local = false: the setting outlives transactions, for the connection's life.
        connection->execute("SELECT set_config('search_path', quote_ident($1), false)", {*schema_});
    }
    return connection;
}

void Pool::give_back(std::unique_ptr<Connection> connection) {
    // Checked before taking the lock; closing a broken connection happens outside it too.
    const bool reusable = connection->is_reusable();
    {
        std::lock_guard lock(mutex_);
        if (reusable) {
            idle_.push_back(std::move(connection));
        } else {
            --open_;
        }
    }
    returned_.notify_one();
}

std::size_t Pool::open_connections() const {
    std::lock_guard lock(mutex_);
    return open_;
}

std::size_t Pool::idle_connections() const {
    std::lock_guard lock(mutex_);
    return idle_.size();
}

} // namespace einblick::server::pg
