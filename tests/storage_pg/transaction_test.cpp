// pg::Transaction against the run's throwaway cluster: nothing of an uncommitted transaction
// survives, a committed one is what another connection sees, and a failure inside one can
// neither be committed by mistake nor poison the connection.
#include <einblick/server/pg/transaction.hpp>
#include <stdexcept>
#include <string>
#include <test_cluster.hpp>

namespace pg = einblick::server::pg;
using einblick::testing::count_rows;
using einblick::testing::pg_error_of;
using einblick::testing::recreate_table;
using einblick::testing::test_cluster_url;

TEST_CASE("a transaction left without commit leaves nothing behind") {
    pg::Connection connection(test_cluster_url());
    pg::Connection other(test_cluster_url());
    recreate_table(connection, "pg_uncommitted", "id bigint PRIMARY KEY");

    {
        pg::Transaction transaction(connection);
        transaction.execute("INSERT INTO pg_uncommitted (id) VALUES ($1)", {std::int64_t{1}});
        CHECK(count_rows(connection, "pg_uncommitted") == 1); // seen inside, until the scope ends
    }

    CHECK(count_rows(connection, "pg_uncommitted") == 0);
    CHECK(count_rows(other, "pg_uncommitted") == 0);
}

TEST_CASE("an exception inside a transaction rolls it back and the connection stays usable") {
    pg::Connection connection(test_cluster_url());
    recreate_table(connection, "pg_rolled_back", "id bigint PRIMARY KEY");

    const auto insert_then_fail = [&] {
        pg::Transaction transaction(connection);
        transaction.execute("INSERT INTO pg_rolled_back (id) VALUES (1)");
        throw std::runtime_error("a rule of the caller failed");
    };
    CHECK_THROWS_AS(insert_then_fail(), std::runtime_error);
    CHECK(count_rows(connection, "pg_rolled_back") == 0);

    pg::Transaction next(connection);
    next.execute("INSERT INTO pg_rolled_back (id) VALUES (2)");
    next.commit();
    CHECK(count_rows(connection, "pg_rolled_back") == 1);
}

TEST_CASE("a committed transaction is visible from a second connection, and not before") {
    pg::Connection writer(test_cluster_url());
    pg::Connection reader(test_cluster_url());
    recreate_table(writer, "pg_committed", "id bigint PRIMARY KEY, name text");

    pg::Transaction transaction(writer);
    transaction.execute("INSERT INTO pg_committed (id, name) VALUES ($1, $2)",
                        {std::int64_t{7}, "Erika Mustermann"});
    CHECK(count_rows(reader, "pg_committed") == 0);
    transaction.commit();

    const pg::Result result =
        reader.execute("SELECT name FROM pg_committed WHERE id = $1", {std::int64_t{7}});
    REQUIRE(result.rows() == 1);
    CHECK(result.text(0, 0) == "Erika Mustermann");
}

TEST_CASE("a transaction whose statement failed refuses to commit and keeps nothing") {
    pg::Connection connection(test_cluster_url());
    recreate_table(connection, "pg_failed_inside", "id bigint PRIMARY KEY");

    pg::Transaction transaction(connection);
    transaction.execute("INSERT INTO pg_failed_inside (id) VALUES (1)");
    CHECK(pg_error_of([&] {
              transaction.execute("INSERT INTO pg_failed_inside (id) VALUES (1)");
          }).is_unique_violation());
    const pg::Error error = pg_error_of([&] { transaction.commit(); });

    CHECK(error.sqlstate() == "25P02");
    CHECK(std::string(error.what()).find("cannot commit") != std::string::npos);
    CHECK(count_rows(connection, "pg_failed_inside") == 0);
}

TEST_CASE("a concurrent update under repeatable read is a retryable failure with SQLSTATE 40001") {
    pg::Connection first(test_cluster_url());
    pg::Connection second(test_cluster_url());
    recreate_table(first, "pg_serialization", "id bigint PRIMARY KEY, n bigint NOT NULL");
    first.execute("INSERT INTO pg_serialization (id, n) VALUES (1, 0)");

    pg::Transaction transaction(first, pg::Isolation::repeatable_read);
    CHECK(transaction.execute("SELECT n FROM pg_serialization WHERE id = 1").int64(0, 0) == 0);
    second.execute("UPDATE pg_serialization SET n = 1 WHERE id = 1"); // commits on its own
    const pg::Error error =
        pg_error_of([&] { transaction.execute("UPDATE pg_serialization SET n = 2 WHERE id = 1"); });

    CHECK(error.sqlstate() == "40001");
    CHECK(error.is_retryable());
    CHECK_FALSE(error.is_unique_violation());
}
