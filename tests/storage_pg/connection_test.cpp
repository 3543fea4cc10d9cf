// pg::Connection against the run's throwaway PostgreSQL cluster: parameters of every kind
// arrive and come back unchanged, statements are cached per connection, and failures say what
// went wrong, with the SQLSTATE when the server gave one.
#include <algorithm>
#include <cstdint>
#include <einblick/server/pg/array_text.hpp>
#include <einblick/server/pg/connection.hpp>
#include <einblick/server/pg/copy_text.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <test_cluster.hpp>

namespace pg = einblick::server::pg;
using einblick::testing::pg_error_of;
using einblick::testing::recreate_table;
using einblick::testing::test_cluster_url;

namespace {

std::int64_t code_points(const std::string& utf8) {
    return std::count_if(utf8.begin(), utf8.end(),
                         [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
}

std::set<std::string> prepared_on_server(pg::Connection& connection) {
    const pg::Result result = connection.execute(
        "SELECT statement FROM pg_prepared_statements WHERE name LIKE 'einblick\\_%'");
    std::set<std::string> statements;
    for (int row = 0; row < result.rows(); ++row) {
        statements.insert(result.text(row, 0));
    }
    return statements;
}

} // namespace

TEST_CASE("text with umlauts and other non-ASCII letters round-trips through a parameter") {
    pg::Connection connection(test_cluster_url());
    recreate_table(connection, "pg_text_round_trip", "value text NOT NULL");
    const std::string text = "Jürgen Müller, Großbeerenstraße 5, Łódź, 東京 😀";

    connection.execute("INSERT INTO pg_text_round_trip (value) VALUES ($1)", {text});
    const pg::Result result = connection.execute(
        "SELECT value, octet_length(value), char_length(value) FROM pg_text_round_trip");

    CHECK(result.text(0, 0) == text);
    // The server holds the same bytes and counts the same letters: nothing was re-encoded.
    CHECK(result.int64(0, 1) == static_cast<std::int64_t>(text.size()));
    CHECK(result.int64(0, 2) == code_points(text));
}

TEST_CASE("bytea with zero bytes, and an empty bytea, round-trip through parameters") {
    pg::Connection connection(test_cluster_url());
    recreate_table(connection, "pg_bytea_round_trip", "id bigint PRIMARY KEY, value bytea");
    const pg::Bytes bytes{0x00, 0x01, 0x00, 0xFF, '\\', 'x', 0x00};

    connection.execute("INSERT INTO pg_bytea_round_trip (id, value) VALUES (1, $1), (2, $2)",
                       {bytes, pg::Bytes{}});
    const pg::Result result =
        connection.execute("SELECT value, length(value) FROM pg_bytea_round_trip ORDER BY id");

    CHECK(result.bytes(0, 0) == bytes);
    CHECK(result.int64(0, 1) == 7);
    CHECK_FALSE(result.is_null(1, 0));
    CHECK(result.bytes(1, 0).empty());
}

TEST_CASE("int64 extremes round-trip through parameters and compare as numbers") {
    pg::Connection connection(test_cluster_url());
    recreate_table(connection, "pg_int64_round_trip", "value bigint NOT NULL");
    constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t highest = std::numeric_limits<std::int64_t>::max();

    for (const std::int64_t value : {highest, std::int64_t{0}, lowest, std::int64_t{-1}}) {
        connection.execute("INSERT INTO pg_int64_round_trip (value) VALUES ($1)", {value});
    }
    const pg::Result result =
        connection.execute("SELECT value FROM pg_int64_round_trip ORDER BY value");

    REQUIRE(result.rows() == 4);
    CHECK(result.int64(0, 0) == lowest);
    CHECK(result.int64(1, 0) == -1);
    CHECK(result.int64(2, 0) == 0);
    CHECK(result.int64(3, 0) == highest);
    CHECK(connection.execute("SELECT $1::bigint = 9223372036854775807", {highest}).text(0, 0) ==
          "t");
}

TEST_CASE("NULL parameters are stored as NULL, and reading NULL as a value throws") {
    pg::Connection connection(test_cluster_url());
    recreate_table(connection, "pg_null_round_trip", "t text, b bytea, n bigint");

    connection.execute("INSERT INTO pg_null_round_trip (t, b, n) VALUES ($1, $2, $3)",
                       {pg::null, pg::null, pg::null});
    const pg::Result result = connection.execute(
        "SELECT t, b, n, t IS NULL AND b IS NULL AND n IS NULL FROM pg_null_round_trip");

    CHECK(result.is_null(0, 0));
    CHECK(result.is_null(0, 1));
    CHECK(result.is_null(0, 2));
    CHECK(result.text(0, 3) == "t");
    CHECK(std::string(pg_error_of([&] { (void)result.text(0, 0); }).what()).find("is NULL") !=
          std::string::npos);
    CHECK_THROWS_AS((void)result.int64(0, 2), pg::Error);
}

TEST_CASE("a text parameter with a NUL byte is refused instead of being cut short") {
    pg::Connection connection(test_cluster_url());
    const std::string with_nul("before\0after", 12);

    const pg::Error error = pg_error_of([&] { connection.execute("SELECT $1::text", {with_nul}); });

    CHECK(std::string(error.what()).find("NUL byte") != std::string::npos);
}

TEST_CASE("a statement is prepared once per connection and reused by its SQL text") {
    pg::Connection connection(test_cluster_url());
    const std::string sql = "SELECT $1::bigint * 2";

    for (std::int64_t i = 0; i < 3; ++i) {
        CHECK(connection.execute(sql, {i}).int64(0, 0) == 2 * i);
    }

    CHECK(connection.cached_statement_count() == 1);
    const std::set<std::string> on_server = prepared_on_server(connection);
    CHECK(on_server.count(sql) == 1);
    CHECK(on_server.size() == 2); // and the query of pg_prepared_statements itself
}

TEST_CASE("a full statement cache deallocates its least recently used statement") {
    pg::Connection connection(test_cluster_url(), /*statement_capacity=*/3);
    const std::string a = "SELECT 'a'", b = "SELECT 'b'", c = "SELECT 'c'", d = "SELECT 'd'";

    for (const std::string& sql : {a, b, c, a, d}) { // a is used again: b is the oldest
        connection.execute(sql);
    }
    CHECK(connection.cached_statement_count() == 3);

    // Querying the server prepares one statement more, which evicts c.
    const std::set<std::string> on_server = prepared_on_server(connection);
    CHECK(on_server.size() == 3);
    CHECK(on_server.count(a) == 1);
    CHECK(on_server.count(d) == 1);
    CHECK(on_server.count(b) == 0);
    CHECK(on_server.count(c) == 0);
}

TEST_CASE("a unique violation is a pg::Error with SQLSTATE 23505") {
    pg::Connection connection(test_cluster_url());
    recreate_table(connection, "pg_unique_violation", "name text PRIMARY KEY");
    connection.execute("INSERT INTO pg_unique_violation (name) VALUES ($1)", {"Müller"});

    const pg::Error error = pg_error_of([&] {
        connection.execute("INSERT INTO pg_unique_violation (name) VALUES ($1)", {"Müller"});
    });

    CHECK(error.sqlstate() == "23505");
    CHECK(error.is_unique_violation());
    CHECK_FALSE(error.is_retryable());
    CHECK(std::string(error.what()).find("duplicate key") != std::string::npos);
    // The parameter's value is personal data and stays out of the message's statement part.
    CHECK(std::string(error.what()).find("INSERT INTO pg_unique_violation") != std::string::npos);
}

TEST_CASE("errors that say PostgreSQL cannot serve now are told apart from the request's own") {
    pg::Connection connection(test_cluster_url());
    recreate_table(connection, "pg_unavailable", "name text PRIMARY KEY");
    connection.execute("INSERT INTO pg_unavailable (name) VALUES ('a')");

    // A server that refuses writes (a standby after a failover) says 25006.
    connection.execute_script("SET default_transaction_read_only = on");
    const pg::Error read_only =
        pg_error_of([&] { connection.execute("INSERT INTO pg_unavailable (name) VALUES ('b')"); });
    connection.execute_script("RESET default_transaction_read_only");
    CHECK(read_only.sqlstate() == "25006");
    CHECK(read_only.is_unavailable());
    // A connection that was ended, and one that cannot be opened.
    pg::Connection lost(test_cluster_url());
    connection.execute("SELECT pg_terminate_backend($1::int, 5000)",
                       {lost.execute("SELECT pg_backend_pid()").int64(0, 0)});
    const pg::Error terminated = pg_error_of([&] { lost.execute("SELECT 1"); });
    INFO(terminated.what());
    CHECK(terminated.is_unavailable());
    const einblick::testing::UnusedPort port;
    const pg::Error refused = pg_error_of([&] {
        pg::Connection nobody("postgresql://x@127.0.0.1:" + std::to_string(port.number()) + "/x");
    });
    CHECK(refused.sqlstate() == "08001");
    CHECK(refused.is_connection_failure());
    CHECK(refused.is_unavailable());
    // Out of disk, memory or connections; I/O errors; shutting down.
    for (const char* code : {"53100", "53200", "53300", "58030", "57P01", "57P03", "08006"}) {
        CHECK(pg::Error("x", code).is_unavailable());
    }
    // The request's own errors are not.
    const pg::Error duplicate =
        pg_error_of([&] { connection.execute("INSERT INTO pg_unavailable (name) VALUES ('a')"); });
    CHECK_FALSE(duplicate.is_unavailable());
    CHECK_FALSE(pg_error_of([&] { connection.execute("SELEKT 1"); }).is_unavailable());
    for (const char* code : {"23505", "40001", "57014", "22P02", "P0001"}) {
        CHECK_FALSE(pg::Error("x", code).is_unavailable());
    }
    // Nor a mistake of this side, such as reading NULL as a value.
    CHECK_FALSE(pg_error_of([&] {
                    (void)connection.execute("SELECT NULL::text").text(0, 0);
                }).is_unavailable());
}

TEST_CASE("a syntax error carries SQLSTATE 42601 and leaves neither cache entry nor harm") {
    pg::Connection connection(test_cluster_url());

    const pg::Error error = pg_error_of([&] { connection.execute("SELEKT 1"); });

    CHECK(error.sqlstate() == "42601");
    CHECK(connection.cached_statement_count() == 0);
    CHECK(connection.execute("SELECT 1").int64(0, 0) == 1);
}

TEST_CASE("a URL that is not postgresql:// is refused with a clear message") {
    const pg::Error path = pg_error_of([] { pg::Connection connection("einblick.db"); });
    CHECK(std::string(path.what()).find("not a PostgreSQL URL") != std::string::npos);
    CHECK(std::string(path.what()).find("\"einblick.db\"") != std::string::npos);
    CHECK(path.sqlstate().empty());

    const pg::Error keywords =
        pg_error_of([] { pg::Connection connection("host=db password=sekret-1"); });
    CHECK(std::string(keywords.what()).find("not a PostgreSQL URL") != std::string::npos);
    CHECK(std::string(keywords.what()).find("sekret") == std::string::npos);

    const pg::Error malformed = pg_error_of([] { pg::Connection connection("postgresql://[::1"); });
    CHECK(std::string(malformed.what()).find("cannot connect to PostgreSQL") != std::string::npos);
}

TEST_CASE("a refused connection names the address and the cause, but not the password") {
    einblick::testing::UnusedPort port;
    const std::string address = "127.0.0.1:" + std::to_string(port.number());

    const pg::Error error = pg_error_of([&] {
        pg::Connection connection("postgresql://einblick:sekret-2@" + address + "/einblick_test");
    });

    const std::string message = error.what();
    CHECK(message.find("cannot connect to PostgreSQL at postgresql://einblick:***@" + address +
                       "/einblick_test") != std::string::npos);
    CHECK(message.find("Connection refused") != std::string::npos);
    CHECK(message.find("sekret") == std::string::npos);
}

TEST_CASE("a wrong password is refused with the server's reason") {
    std::string url = test_cluster_url();
    const std::size_t password_start = url.find(':', url.find("://") + 3) + 1;
    url.replace(password_start, url.find('@') - password_start, "wrong");

    const pg::Error error = pg_error_of([&] { pg::Connection connection(url); });

    CHECK(std::string(error.what()).find("password authentication failed") != std::string::npos);
}

TEST_CASE("url_without_password hides the password in the user part and in the query") {
    CHECK(pg::url_without_password("postgresql://u:p@h:5432/d") == "postgresql://u:***@h:5432/d");
    CHECK(pg::url_without_password("postgresql://u@h/d") == "postgresql://u@h/d");
    CHECK(pg::url_without_password("postgresql://h/d?user=u&password=p&sslmode=require") ==
          "postgresql://h/d?user=u&password=***&sslmode=require");
    CHECK(pg::url_without_password("postgres://u:p%40q@h/d?password=x") ==
          "postgres://u:***@h/d?password=***");
}

TEST_CASE("copy_in streams rows in COPY's text format: separators and backslashes in values") {
    pg::Connection connection(test_cluster_url());
    recreate_table(connection, "pg_copy_in",
                   "id bigint PRIMARY KEY, name text, flag boolean, payload bytea");
    const std::vector<std::string> names = {
        "tab\there", "line\nbreak", "carriage\rreturn", "back\\slash \\N \\.", "Müller", ""};
    const pg::Bytes payload{0x00, '\\', '\t', '\n', 0xFF};
    std::size_t next = 0;

    const std::int64_t copied = connection.copy_in(
        "COPY pg_copy_in (id, name, flag, payload) FROM STDIN", [&](std::string& buffer) {
            pg::copy_text::integer(buffer, static_cast<std::int64_t>(next) - 2);
            buffer += '\t';
            pg::copy_text::text(buffer, names[next]);
            buffer += '\t';
            pg::copy_text::boolean(buffer, next % 2 == 0);
            buffer += '\t';
            pg::copy_text::bytea(buffer, payload);
            buffer += '\n';
            return ++next < names.size();
        });
    connection.copy_in("COPY pg_copy_in (id, name, flag, payload) FROM STDIN",
                       [](std::string& buffer) {
                           buffer += "100\t";
                           pg::copy_text::null(buffer);
                           buffer += '\t';
                           pg::copy_text::null(buffer);
                           buffer += '\t';
                           pg::copy_text::bytea(buffer, pg::Bytes{});
                           buffer += '\n';
                           return false;
                       });

    CHECK(copied == static_cast<std::int64_t>(names.size()));
    const pg::Result rows =
        connection.execute("SELECT id, name, flag, payload FROM pg_copy_in ORDER BY id");
    REQUIRE(rows.rows() == static_cast<int>(names.size()) + 1);
    for (int row = 0; row < static_cast<int>(names.size()); ++row) {
        CHECK(rows.int64(row, 0) == row - 2);
        CHECK(rows.text(row, 1) == names[static_cast<std::size_t>(row)]);
        CHECK(rows.text(row, 2) == (row % 2 == 0 ? "t" : "f"));
        CHECK(rows.bytes(row, 3) == payload);
    }
    CHECK(rows.is_null(static_cast<int>(names.size()), 1));
    CHECK(rows.is_null(static_cast<int>(names.size()), 2));
    CHECK(rows.bytes(static_cast<int>(names.size()), 3).empty());
}

TEST_CASE("copy_in: more than one chunk, a refused row and a failing producer") {
    pg::Connection connection(test_cluster_url());
    recreate_table(connection, "pg_copy_chunks", "id bigint PRIMARY KEY, name text NOT NULL");
    const std::string long_name(1000, 'x');
    std::int64_t next = 0;
    const std::int64_t rows = 3 * static_cast<std::int64_t>(pg::Connection::copy_chunk_bytes) /
                              static_cast<std::int64_t>(long_name.size());
    CHECK(connection.copy_in("COPY pg_copy_chunks (id, name) FROM STDIN", [&](std::string& buffer) {
        pg::copy_text::integer(buffer, ++next);
        buffer += '\t';
        pg::copy_text::text(buffer, long_name);
        buffer += '\n';
        return next < rows;
    }) == rows);
    CHECK(connection.execute("SELECT count(*) FROM pg_copy_chunks").int64(0, 0) == rows);

    // A row the server refuses (a duplicate key): its SQLSTATE, and the transaction can only
    // roll back.
    {
        pg::Transaction tx(connection);
        const pg::Error refused = pg_error_of([&] {
            tx.copy_in("COPY pg_copy_chunks (id, name) FROM STDIN", [](std::string& buffer) {
                buffer += "1\tagain\n";
                return false;
            });
        });
        CHECK(refused.sqlstate() == "23505");
        CHECK(connection.in_failed_transaction());
    }
    // A producer that throws: its exception, nothing copied, the connection usable.
    CHECK_THROWS_WITH_AS(connection.copy_in("COPY pg_copy_chunks (id, name) FROM STDIN",
                                            [](std::string& buffer) -> bool {
                                                buffer += "0\tfirst\n";
                                                throw std::runtime_error("the source failed");
                                            }),
                         "the source failed", std::runtime_error);
    CHECK(connection.is_reusable());
    CHECK(connection.execute("SELECT count(*) FROM pg_copy_chunks").int64(0, 0) == rows);
    // Not a COPY FROM STDIN.
    CHECK_THROWS_AS(connection.copy_in("SELECT 1", [](std::string&) { return false; }), pg::Error);
    CHECK(connection.is_reusable());
}

TEST_CASE("array parameters carry any text, NULL, integers and bytea unchanged, one element each") {
    pg::Connection c(test_cluster_url());
    const std::vector<std::string> texts{
        "", "NULL", "a,b", "{x}", "say \"hi\"", "a\\b", " pad ", "Müller\tZeile\n2", "\\\"", "'"};
    pg::ArrayText text_array;
    for (const std::string& text : texts) {
        text_array.text(text);
    }
    text_array.null();
    const pg::Result read =
        c.execute("SELECT t, t IS NULL FROM unnest($1::text[]) WITH ORDINALITY AS a (t, n) "
                  "ORDER BY n",
                  {text_array.str()});
    REQUIRE(read.rows() == static_cast<int>(texts.size()) + 1);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        CHECK(read.text(static_cast<int>(i), 0) == texts[i]);
    }
    CHECK(read.is_null(static_cast<int>(texts.size()), 0));

    pg::ArrayText numbers;
    numbers.integer(std::numeric_limits<std::int64_t>::min()).integer(0).optional_integer({});
    numbers.optional_integer(std::numeric_limits<std::int64_t>::max());
    const pg::Result summed =
        c.execute("SELECT count(*), count(n), min(n), max(n) FROM unnest($1::bigint[]) AS a (n)",
                  {numbers.str()});
    CHECK(summed.int64(0, 0) == 4);
    CHECK(summed.int64(0, 1) == 3);
    CHECK(summed.int64(0, 2) == std::numeric_limits<std::int64_t>::min());
    CHECK(summed.int64(0, 3) == std::numeric_limits<std::int64_t>::max());

    const pg::Bytes bytes{0, 1, 0x5c, 0x22, 0xff};
    pg::ArrayText bytea;
    bytea.bytea(bytes).bytea(pg::Bytes{});
    const pg::Result blobs = c.execute(
        "SELECT b FROM unnest($1::bytea[]) WITH ORDINALITY AS a (b, n) ORDER BY n", {bytea.str()});
    REQUIRE(blobs.rows() == 2);
    CHECK(blobs.bytes(0, 0) == bytes);
    CHECK(blobs.bytes(1, 0).empty());
}
