// The check of the settings durable acknowledgements need: the throwaway cluster (started with
// fsync and synchronous_commit on) passes; a session or a URL that switches synchronous_commit
// off fails with a reason an operator can act on.
#include <einblick/server/pg/durability.hpp>
#include <string>
#include <test_cluster.hpp>
#include <vector>

namespace pg = einblick::server::pg;
using einblick::testing::pg_error_of;
using einblick::testing::test_cluster_url;

TEST_CASE("the throwaway cluster's settings pass the durability check") {
    pg::Connection connection(test_cluster_url());

    CHECK(pg::durability_problems(connection).empty());
    CHECK_NOTHROW(pg::require_durable_settings(connection));
}

TEST_CASE("a session with synchronous_commit off fails the durability check, saying why") {
    pg::Connection connection(test_cluster_url());
    connection.execute_script("SET synchronous_commit = off");

    const std::vector<std::string> problems = pg::durability_problems(connection);
    const pg::Error error = pg_error_of([&] { pg::require_durable_settings(connection); });

    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("synchronous_commit is 'off' but must be 'on'") != std::string::npos);
    const std::string message = error.what();
    CHECK(message.find("would lose acknowledged writes") != std::string::npos);
    CHECK(message.find("synchronous_commit is 'off'") != std::string::npos);
}

TEST_CASE("synchronous_commit local, set through the URL's options, fails the durability check") {
    const std::string url = test_cluster_url() + "?options=-c%20synchronous_commit%3Dlocal";
    pg::Connection connection(url);

    const std::vector<std::string> problems = pg::durability_problems(connection);

    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("synchronous_commit is 'local'") != std::string::npos);
}
