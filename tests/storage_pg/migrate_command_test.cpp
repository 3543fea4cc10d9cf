// `einblick migrate --db postgresql://…` as an operator runs it: the real executable against the
// run's throwaway cluster, each case in a schema of its own (named in the URL's options, so the
// executable's connection works in it), and against a port nobody listens on.
#include <child_process.hpp>
#include <einblick/server/pg/migrations.hpp>
#include <string>
#include <test_cluster.hpp>

namespace pg = einblick::server::pg;
using einblick::testing::run;
using einblick::testing::ScratchSchema;
using einblick::testing::test_cluster_url;
using einblick::testing::UnusedPort;

namespace {

// The cluster's URL with the schema as the connection's search_path.
std::string url_in_schema(const std::string& schema) {
    return test_cluster_url() + "?options=-csearch_path%3D" + schema;
}

// The password of a postgresql://user:password@host URL.
std::string password_of(const std::string& url) {
    const std::size_t user = url.find("://") + 3;
    const std::size_t colon = url.find(':', user);
    const std::size_t at = url.find('@', user);
    REQUIRE(colon < at);
    return url.substr(colon + 1, at - colon - 1);
}

} // namespace

TEST_CASE("einblick migrate brings an empty PostgreSQL schema to 13, then has nothing to do") {
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    const std::string url = url_in_schema(schema.name());
    const std::string shown = pg::url_without_password(url);
    const std::string password = password_of(url);
    std::string out;
    std::string err;

    CHECK(run({"migrate", "--db", url}, &out, &err) == 0);
    CHECK(out == "migrated " + shown + " from schema 0 to 13\n");
    CHECK(err.empty());
    CHECK(pg::schema_version(connection) == 13);
    CHECK(einblick::testing::count_rows(connection, "access_log_head") == 1);

    CHECK(run({"migrate", "--db", url}, &out, &err) == 0);
    CHECK(out == shown + " is at schema 13: nothing to do\n");
    CHECK(err.empty());
    CHECK(out.find(password) == std::string::npos);
    CHECK(einblick::testing::count_rows(connection, "schema_version") == 1);
}

TEST_CASE("einblick migrate refuses a PostgreSQL schema a newer build migrated: exit 1") {
    pg::Connection connection(test_cluster_url());
    ScratchSchema schema(connection);
    pg::migrate(connection);
    connection.execute("INSERT INTO schema_version (version, description, applied_at) "
                       "VALUES (14, 'a step of a newer build', 0)");
    std::string out;
    std::string err;

    CHECK(run({"migrate", "--db", url_in_schema(schema.name())}, &out, &err) == 1);
    CHECK(out.empty());
    CHECK(err.find("einblick: error: database schema version 14 is newer than this build "
                   "supports (13)") == 0);
    CHECK(pg::schema_version(connection) == 14);
}

TEST_CASE("einblick migrate against an unreachable server: exit 1, a message without the "
          "password") {
    const UnusedPort port;
    const std::string password = "migrate-secret-4711";
    const std::string url = "postgresql://einblick:" + password +
                            "@127.0.0.1:" + std::to_string(port.number()) +
                            "/einblick?connect_timeout=5";
    std::string out;
    std::string err;

    CHECK(run({"migrate", "--db", url}, &out, &err) == 1);
    INFO(err);
    CHECK(out.empty());
    CHECK(err.find("einblick: error: cannot connect to PostgreSQL at "
                   "postgresql://einblick:***@127.0.0.1:") == 0);
    CHECK(err.find(password) == std::string::npos);
}
