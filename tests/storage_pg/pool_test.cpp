// pg::Pool against the run's throwaway cluster: connections are opened on demand up to the
// limit and reused, a caller waits for a lent one (and gives up after the timeout), a broken
// connection or one left inside a transaction is closed instead of lent again, and every
// connection of a pool with a schema works in that schema.
#include <chrono>
#include <einblick/server/pg/pool.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <future>
#include <string>
#include <test_cluster.hpp>

namespace pg = einblick::server::pg;
using einblick::testing::pg_error_of;
using einblick::testing::ScratchSchema;
using einblick::testing::test_cluster_url;
using namespace std::chrono_literals;

namespace {

std::int64_t backend_pid(pg::Connection& connection) {
    return connection.execute("SELECT pg_backend_pid()::bigint").int64(0, 0);
}

} // namespace

TEST_CASE("a pool opens connections on demand up to its limit and lends idle ones again") {
    pg::Pool pool(test_cluster_url(), 2);
    CHECK(pool.open_connections() == 0);

    std::int64_t first_pid = 0;
    {
        pg::Pool::Lease first = pool.acquire();
        pg::Pool::Lease second = pool.acquire();
        first_pid = backend_pid(*first);
        CHECK(first_pid != backend_pid(*second));
        CHECK(pool.open_connections() == 2);
        CHECK(pool.idle_connections() == 0);
    }
    CHECK(pool.idle_connections() == 2);

    pg::Pool::Lease again = pool.acquire();
    CHECK(pool.open_connections() == 2); // an idle one, not a third
    CHECK(pool.idle_connections() == 1);
}

TEST_CASE("a caller waits for a lent connection, and gives up after the timeout") {
    pg::Pool pool(test_cluster_url(), 1, std::nullopt, 100ms);
    std::optional<pg::Pool::Lease> held(pool.acquire());

    const pg::Error timeout = pg_error_of([&] { pool.acquire(); });
    CHECK(std::string(timeout.what()).find("no PostgreSQL connection became free") !=
          std::string::npos);

    pg::Pool patient(test_cluster_url(), 1);
    std::optional<pg::Pool::Lease> busy(patient.acquire());
    const std::int64_t pid = backend_pid(**busy);
    auto waiting = std::async(std::launch::async, [&] {
        pg::Pool::Lease lease = patient.acquire();
        return backend_pid(*lease);
    });
    CHECK(waiting.wait_for(100ms) == std::future_status::timeout);
    busy.reset();
    CHECK(waiting.get() == pid); // the same connection, handed on
}

TEST_CASE("a broken connection is closed, not lent again") {
    pg::Pool pool(test_cluster_url(), 1);
    pg::Connection admin(test_cluster_url());
    std::int64_t broken_pid = 0;
    {
        pg::Pool::Lease lease = pool.acquire();
        broken_pid = backend_pid(*lease);
        // With a timeout, pg_terminate_backend waits until the server process has gone: the
        // next call cannot slip in before it. libpq notices the loss at that call.
        admin.execute("SELECT pg_terminate_backend($1::int, 5000)", {broken_pid});
        CHECK_THROWS_AS(lease->execute("SELECT 1"), pg::Error);
    }
    CHECK(pool.open_connections() == 0);

    pg::Pool::Lease fresh = pool.acquire();
    CHECK(backend_pid(*fresh) != broken_pid);
    CHECK(fresh->execute("SELECT 1::bigint").int64(0, 0) == 1);
}

TEST_CASE("a connection given back inside a transaction is closed, not lent again") {
    pg::Pool pool(test_cluster_url(), 1);
    {
        pg::Pool::Lease lease = pool.acquire();
        lease->execute_script("BEGIN"); // and never ended: its locks must not reach the next
    }
    CHECK(pool.open_connections() == 0);
    pg::Pool::Lease next = pool.acquire();
    CHECK(next->is_reusable());
}

TEST_CASE("every connection of a pool with a schema works in that schema") {
    pg::Connection setup(test_cluster_url());
    ScratchSchema schema(setup);
    setup.execute_script("CREATE TABLE marker (id bigint)");
    pg::Pool pool(test_cluster_url(), 2, schema.name());

    pg::Pool::Lease first = pool.acquire();
    pg::Pool::Lease second = pool.acquire();
    for (pg::Connection* connection : {&*first, &*second}) {
        CHECK(connection->execute("SELECT current_schema()").text(0, 0) == schema.name());
        CHECK(connection->execute("SELECT count(*) FROM marker").int64(0, 0) == 0);
    }
}

TEST_CASE("a connection that cannot be opened leaves room for the next try") {
    einblick::testing::UnusedPort port;
    pg::Pool pool("postgresql://einblick@127.0.0.1:" + std::to_string(port.number()) + "/einblick",
                  1);
    CHECK_THROWS_AS(pool.acquire(), pg::Error);
    CHECK(pool.open_connections() == 0);
    CHECK_THROWS_AS(pool.acquire(), pg::Error); // refused again, not "none became free"
}
