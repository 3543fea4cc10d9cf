#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <einblick/server/pg/migrations.hpp>
#include <fstream>
#include <netinet/in.h>
#include <stdexcept>
#include <string>
#include <sys/socket.h>
#include <test_cluster.hpp>
#include <thread>
#include <unistd.h>

namespace einblick::testing {

namespace {

std::string url_from(const std::string& path) {
    std::ifstream file(path);
    std::string url;
    if (!file || !std::getline(file, url) || url.empty()) {
        throw std::runtime_error("no throwaway PostgreSQL cluster: " + path +
                                 " is missing; run the tests through ctest, whose fixture "
                                 "storage_pg.start_throwaway_cluster starts the cluster");
    }
    return url;
}

} // namespace

std::string test_cluster_url() {
    return url_from(EINBLICK_PG_URL_FILE);
}

std::string test_replica_url() {
    // Beside the primary's URL file.
    const std::string primary = EINBLICK_PG_URL_FILE;
    return url_from(primary.substr(0, primary.rfind('/') + 1) + "replica_url");
}

void wait_for_replica(server::pg::Connection& primary, server::pg::Connection& replica) {
    const std::string written = primary.execute("SELECT pg_current_wal_lsn()::text").text(0, 0);
    for (int attempt = 0; attempt < 300; ++attempt) {
        if (replica.execute("SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn", {written})
                .text(0, 0) == "t") {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    FAIL("the replica did not replay " << written << " within 30 s");
}

void recreate_table(server::pg::Connection& connection, std::string_view name,
                    std::string_view columns) {
    const std::string table(name);
    connection.execute_script("DROP TABLE IF EXISTS " + table + "; CREATE TABLE " + table + " (" +
                              std::string(columns) + ")");
}

namespace {

// Unique among the processes running at once (each ctest entry is a process of its own).
std::string scratch_schema_name() {
    static int created = 0;
    return "scratch_" + std::to_string(::getpid()) + "_" + std::to_string(++created);
}

} // namespace

ScratchSchema::ScratchSchema(server::pg::Connection& connection)
    : connection_(connection), name_(scratch_schema_name()) {
    // A killed earlier run whose process had the same id may have left the schema behind.
    connection_.execute_script("DROP SCHEMA IF EXISTS " + name_ + " CASCADE; CREATE SCHEMA " +
                               name_ + "; SET search_path TO " + name_);
}

ScratchSchema::~ScratchSchema() {
    try {
        connection_.execute_script("RESET search_path; DROP SCHEMA IF EXISTS " + name_ +
                                   " CASCADE");
    } catch (const server::pg::Error&) {
        // A broken connection leaves the schema to the cluster, which the run removes.
    }
}

std::string migrated_schema(server::pg::Connection& connection, const ScratchSchema& schema) {
    server::pg::migrate(connection);
    return schema.name();
}

std::int64_t count_rows(server::pg::Connection& connection, std::string_view table) {
    return connection.execute("SELECT count(*) FROM " + std::string(table)).int64(0, 0);
}

UnusedPort::UnusedPort() {
    socket_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (socket_ < 0 || ::bind(socket_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        ::getsockname(socket_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        const std::string reason = std::strerror(errno);
        if (socket_ >= 0) {
            ::close(socket_);
        }
        throw std::runtime_error("cannot reserve a local port: " + reason);
    }
    port_ = ntohs(address.sin_port);
}

UnusedPort::~UnusedPort() {
    ::close(socket_);
}

} // namespace einblick::testing
