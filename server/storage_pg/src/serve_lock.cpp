#include <einblick/server/pg/serve_lock.hpp>
#include <string_view>
#include <utility>

namespace einblick::server::pg {
namespace {

const std::string key_sql =
    std::to_string(ServeLock::key_class) + ", hashtext(coalesce(current_schema(), ''))";
const std::string try_sql =
    "SELECT coalesce(current_schema(), ''), pg_try_advisory_lock(" + key_sql + ")";
const std::string wait_sql = "SELECT pg_advisory_lock(" + key_sql + ")";
constexpr std::string_view lock_not_available = "55P03";

} // namespace

ServeLock::ServeLock(std::string url) : url_(std::move(url)) {
    auto connection = std::make_unique<Connection>(url_);
    if (!take(*connection, true)) {
        throw ServeLockHeld("database '" + url_without_password(url_) +
                            "' is already open for writing (by another einblick serve?): the "
                            "advisory lock of its schema '" +
                            schema_ + "' is held by another session");
    }
    connection_ = std::move(connection);
}

ServeLock::~ServeLock() = default; // closing the session releases the lock

bool ServeLock::take(Connection& connection, bool wait) {
    const Result result = connection.execute(try_sql);
    schema_ = result.text(0, 0);
    if (result.text(0, 1) == "t" || !wait) {
        return result.text(0, 1) == "t";
    }
    // The holder may be a server that was just killed: PostgreSQL ends its session, and the
    // lock with it, once it finds the socket closed, a moment after. A restart (by systemd, or
    // a crash test) must not race that, so a held lock is waited for, briefly.
    try {
        connection.execute_script("SET lock_timeout = '" + std::to_string(start_wait_seconds) +
                                  "s'");
        connection.execute(wait_sql);
        connection.execute_script("RESET lock_timeout");
        return true;
    } catch (const Error& error) {
        if (error.sqlstate() == lock_not_available) {
            return false;
        }
        throw;
    }
}

bool ServeLock::held() {
    std::lock_guard guard(mutex_);
    try {
        if (connection_) {
            connection_->execute("SELECT 1");
            return true;
        }
    } catch (const Error&) {
        connection_.reset(); // the session, and with it the lock, is gone
    }
    try {
        auto connection = std::make_unique<Connection>(url_);
        if (!take(*connection, false)) {
            return false; // another server took it meanwhile
        }
        connection_ = std::move(connection);
        return true;
    } catch (const std::exception&) {
        return false; // PostgreSQL does not answer (yet)
    }
}

} // namespace einblick::server::pg
