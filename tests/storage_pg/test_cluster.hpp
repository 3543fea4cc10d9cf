#pragma once
// What the PostgreSQL tests share: the URL of the run's throwaway cluster (started by the CTest
// fixture storage_pg.start_throwaway_cluster, tests/support/pg_cluster.py), fresh tables or a
// fresh schema, a port nobody listens on, and the pg::Error a call throws.

#include <cstdint>
#include <doctest/doctest.h>
#include <einblick/server/pg/connection.hpp>
#include <einblick/server/pg/error.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace einblick::testing {

// The cluster's postgresql:// URL. Throws, saying how to start the cluster, when there is none.
std::string test_cluster_url();
// The URL of the cluster's streaming replica (pg_cluster.py start --replica, as the fixture
// starts it). Throws as test_cluster_url does when there is none.
std::string test_replica_url();
// Waits until the replica has replayed everything the primary wrote so far (fails the case
// after 30 s).
void wait_for_replica(server::pg::Connection& primary, server::pg::Connection& replica);

// Drops the table if an earlier run left it, and creates it. Every test case has tables of its
// own: ctest -j runs test cases side by side against the same database.
void recreate_table(server::pg::Connection& connection, std::string_view name,
                    std::string_view columns);

// A schema of its own for one test case, made the connection's only schema on its search_path,
// and dropped with everything in it when the case ends: a whole Einblick schema per case, so
// that ctest -j can run the cases side by side in the one test database.
class ScratchSchema {
public:
    explicit ScratchSchema(server::pg::Connection& connection);
    ~ScratchSchema();
    ScratchSchema(const ScratchSchema&) = delete;
    ScratchSchema& operator=(const ScratchSchema&) = delete;

    const std::string& name() const { return name_; }

private:
    server::pg::Connection& connection_;
    std::string name_;
};

// Migrates the schema (the connection's search_path) and returns its name, for a pg::Pool whose
// connections are to work in it.
std::string migrated_schema(server::pg::Connection& connection, const ScratchSchema& schema);

std::int64_t count_rows(server::pg::Connection& connection, std::string_view table);

// A TCP port on 127.0.0.1 that is bound but not listening while this lives: a connection to it
// is refused, and no other process can start listening on it meanwhile.
class UnusedPort {
public:
    UnusedPort();
    ~UnusedPort();
    UnusedPort(const UnusedPort&) = delete;
    UnusedPort& operator=(const UnusedPort&) = delete;

    int number() const { return port_; }

private:
    int socket_ = -1;
    int port_ = 0;
};

// The pg::Error that `call` throws; fails the test case when it throws none.
template <typename Call> server::pg::Error pg_error_of(Call&& call) {
    try {
        call();
    } catch (const server::pg::Error& error) {
        return error;
    }
    FAIL("expected a pg::Error, but the call succeeded");
    return server::pg::Error("unreachable");
}

} // namespace einblick::testing
