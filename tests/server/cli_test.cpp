// Starts the real `einblick` executable as a user or an operator would. On the PostgreSQL
// registration (pg.cli) a case's `--db` is a schema of its own (TestDatabase); what only a
// SQLite file has (--demo's files beside it, its migrations) is the doctest suite "sqlite".
#include "child_process.hpp"
#include "einblick/server/database_choice.hpp"
#include "einblick/server/pg_storage.hpp"
#include "einblick/server/sqlite/migrations.hpp"
#include "einblick/shared/api_rules.hpp"
#include "einblick/shared/civil_time.hpp"
#include "older_schema.hpp"
#include "raw_connection.hpp"
#include "tampered_log.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <chrono>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/stat.h>
#include <vector>

using einblick::testing::accepts_connections;
using einblick::testing::eventually;
using einblick::testing::port_of;
using einblick::testing::Process;
using einblick::testing::RawConnection;
using einblick::testing::run;

TEST_CASE("--version and --help answer and exit 0") {
    std::string out;
    CHECK(run({"--version"}, &out) == 0);
    CHECK(out.find("einblick " EINBLICK_VERSION) != std::string::npos);
    CHECK(run({"serve", "--help"}, &out) == 0);
    for (const char* flag :
         {"--db", "--read-db", "--port", "--bind", "--demo", "--demo-dir", "--web-root",
          "--workers", "--max-connections", "--max-connections-per-address", "--listen-backlog",
          "--keep-alive-requests", "--keep-alive-timeout", "--request-head-timeout",
          "--body-timeout", "--shutdown-grace", "--trusted-proxy"}) {
        CHECK(out.find(flag) != std::string::npos);
    }
    CHECK(run({"migrate", "--help"}, &out) == 0);
    CHECK(out.find("--db") != std::string::npos);
}

TEST_CASE("bad configuration fails at start with one readable line") {
    struct Case {
        std::vector<std::string> args;
        std::string mentions;
    };
    const einblick::testing::TempDir temp("einblick-cli-bad-config");
    const std::filesystem::path& dir = temp.path();
    const std::vector<Case> cases{
        {{"serve", "--port", "70000"}, "--port"},
        {{"serve", "--port", "abc"}, "--port"},
        {{"serve", "--bind", "not-an-address", "--demo", "--db", (dir / "a.db").string()},
         "--bind"},
        {{"serve", "--db", (dir / "b.db").string()}, "pseudonym key"},
        {{"serve", "--web-root", "/does/not/exist"}, "web-root"},
        {{"serve", "--demo", "--db", "/does/not/exist/x.db"}, "database"},
        // The demo's key files lie beside a SQLite file, or in --demo-dir; a URL needs the
        // latter, and its password is not shown.
        {{"serve", "--demo", "--db", "postgresql://u:secret@127.0.0.1:1/db"},
         "--demo on postgresql://u:***@127.0.0.1:1/db needs --demo-dir DIR"},
        {{"serve", "--demo-dir", (dir / "state").string()}, "--demo"},
        // A replica is PostgreSQL's alone, and named by a URL.
        {{"serve", "--db", (dir / "d.db").string(), "--read-db",
          "postgresql://u:secret@127.0.0.1:1/db"},
         "--read-db needs a postgresql:// --db"},
        {{"serve", "--db", "postgresql://u:secret@127.0.0.1:1/db", "--read-db", "replica.db"},
         "--read-db must be a postgresql:// URL, got 'replica.db'"},
        {{"serve", "--demo", "--demo-dir", "/does/not/exist/state", "--db",
          (dir / "c.db").string()},
         "cannot create --demo-dir '/does/not/exist/state'"},
        {{"serve", "--trusted-proxy", "10.0.0.1/8"}, "--trusted-proxy: '10.0.0.1/8'"},
        {{"serve", "--trusted-proxy", "::1", "--trusted-proxy", "proxy.local"}, "proxy.local"},
        {{"serve", "--workers", "0"}, "--workers"},
        // PostgreSQL's pool: at least 2 (the log's writer holds one while it commits), and
        // refused, not ignored, with a SQLite file, which has no such pool.
        {{"serve", "--db-pool-size", "1"}, "--db-pool-size"},
        {{"serve", "--db-pool-size", "many"}, "--db-pool-size"},
        {{"serve", "--db-pool-size", "1001"}, "--db-pool-size"},
        {{"serve", "--db-pool-size", "4", "--db", (dir / "d.db").string()},
         "--db-pool-size is for a postgresql:// database; SQLite ('" + (dir / "d.db").string() +
             "') has no connection pool"},
        {{"serve", "--shutdown-grace", "-1"}, "--shutdown-grace"},
        {{"serve", "--demo-date", "2026-11-30T09:00:00Z"}, "--demo"},
        {{"serve", "--demo", "--demo-date", "yesterday"}, "yesterday"},
        {{"frobnicate"}, "frobnicate"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.mentions);
        std::string err;
        CHECK(run(c.args, nullptr, &err) != 0);
        // Exactly one error line, and it names the problem (a warning may precede it).
        const auto error_line = err.find("einblick: error: ");
        REQUIRE(error_line != std::string::npos);
        CHECK(err.find("einblick: error: ", error_line + 1) == std::string::npos);
        const std::string line = err.substr(error_line, err.find('\n', error_line) - error_line);
        CHECK(line.find(c.mentions) != std::string::npos);
        CHECK(err.substr(err.find('\n', error_line) + 1).empty());
    }
}

TEST_CASE("demo start: seeded data, private key file, readiness, graceful SIGTERM, same data after "
          "restart" *
          doctest::test_suite("sqlite")) {
    const einblick::testing::TempDir temp("einblick-cli-demo");
    const std::filesystem::path& dir = temp.path();
    const std::string db = (dir / "demo.db").string();
    nlohmann::json first_page;
    for (int start = 0; start < 2; ++start) {
        CAPTURE(start);
        Process server({"serve", "--demo", "--db", db, "--port", "0", "--no-request-log"});
        const std::string line = server.wait_for_line("listening on http://127.0.0.1:");
        REQUIRE_FALSE(line.empty());
        httplib::Client client("127.0.0.1", port_of(line));
        REQUIRE(client.Get("/health/ready")->status == 200);

        const auto login = client.Post("/api/v1/session",
                                       R"({"username":"erika","password":"Einblick-Demo-2026"})",
                                       "application/json");
        REQUIRE(login);
        REQUIRE(login->status == 201);
        const std::string cookie = login->get_header_value("Set-Cookie");
        const int page_size = einblick::api::limits::history_page_size_max;
        const auto page =
            client.Get(("/api/v1/me/access-events?limit=" + std::to_string(page_size)).c_str(),
                       {{"Cookie", cookie.substr(0, cookie.find(';'))}});
        REQUIRE(page);
        REQUIRE(page->status == 200);
        const auto items = nlohmann::json::parse(page->body)["items"];
        CHECK(items.size() == static_cast<std::size_t>(page_size)); // hundreds: the page is full
        if (start == 0) {
            first_page = items;
        } else {
            // The same key (else Erika's pseudonym, and so her history, would differ) and the
            // same data after a restart, entry for entry.
            CHECK(items == first_page);
        }

        server.signal(SIGTERM);
        CHECK(server.wait() == 0);
    }
    for (const char* key : {".pseudonym-key", ".checkpoint-key"}) {
        CAPTURE(key);
        struct stat info {};
        REQUIRE(::stat((db + key).c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0600);
    }
    // The log was signed as it was at start: a checkpoint of its whole tree.
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("SELECT max(size) FROM log_checkpoints").getInt64() ==
          raw.execAndGet("SELECT last_seq FROM access_log_head").getInt64());
}

TEST_CASE("--demo-date runs the demo as if that instant were now" * doctest::test_suite("sqlite")) {
    const einblick::testing::TempDir temp("einblick-cli-demo-date");
    Process server({"serve", "--demo", "--demo-date", "2020-06-15T10:00:00Z", "--db",
                    (temp.path() / "d.db").string(), "--port", "0", "--no-request-log"});
    const std::string line = server.wait_for_line("listening on http://127.0.0.1:");
    REQUIRE_FALSE(line.empty());
    httplib::Client client("127.0.0.1", port_of(line));
    const auto login =
        client.Post("/api/v1/session", R"({"username":"erika","password":"Einblick-Demo-2026"})",
                    "application/json");
    REQUIRE(login);
    REQUIRE(login->status == 201);
    const std::string cookie = login->get_header_value("Set-Cookie");
    const httplib::Headers session{{"Cookie", cookie.substr(0, cookie.find(';'))}};
    const auto page = client.Get("/api/v1/me/access-events?limit=1", session);
    REQUIRE(page);
    REQUIRE(page->status == 200);
    // The demo's newest access lies in the days before that instant, not before today.
    const std::string newest = nlohmann::json::parse(page->body)["items"][0]["occurred_at"];
    CAPTURE(newest);
    const auto newest_at = einblick::parse_rfc3339(newest);
    const auto demo_now = einblick::parse_rfc3339("2020-06-15T10:00:00Z");
    REQUIRE(newest_at);
    CHECK(*newest_at <= *demo_now);
    CHECK(*newest_at > *demo_now - 7 * 24 * 3600 * 1000LL);
    // The session, too, lives in the shifted time: it expires after that instant.
    const auto me = client.Get("/api/v1/session", session);
    REQUIRE(me);
    CHECK(me->status == 200);
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
}

TEST_CASE("SIGINT lets an in-flight request finish before exit" * doctest::test_suite("sqlite")) {
    const einblick::testing::TempDir temp("einblick-cli-sigint");
    const std::filesystem::path& dir = temp.path();
    Process server(
        {"serve", "--demo", "--db", (dir / "d.db").string(), "--port", "0", "--no-request-log"});
    const std::string line = server.wait_for_line("listening on");
    REQUIRE_FALSE(line.empty());
    const int port = port_of(line);

    // A login whose body follows only after "100 Continue": the server sends that once a
    // worker has read the headers, so from then on the request is in flight for certain.
    const std::string body = R"({"username":"erika","password":"Einblick-Demo-2026"})";
    RawConnection connection(port);
    connection.send("POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) +
                    "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n");
    const std::string interim = connection.read_until("\r\n\r\n", std::chrono::seconds(30));
    REQUIRE(interim.rfind("HTTP/1.1 100 Continue\r\n", 0) == 0);

    // Interrupt, and wait until the listener has closed: the shutdown is under way.
    server.signal(SIGINT);
    REQUIRE(eventually([&] { return !accepts_connections(port); }, std::chrono::seconds(30)));

    // The request in flight is still answered in full: the login happened.
    connection.send(body);
    const std::string answer = connection.read_until("", std::chrono::seconds(60));
    INFO(answer);
    REQUIRE(answer.rfind("HTTP/1.1 201 ", 0) == 0);
    CHECK(answer.find("Set-Cookie: einblick_session=") != std::string::npos);
    const auto end_of_headers = answer.find("\r\n\r\n");
    REQUIRE(end_of_headers != std::string::npos);
    const auto session = nlohmann::json::parse(answer.substr(end_of_headers + 4), nullptr, false);
    CHECK(session.value("role", "") == "citizen");
    CHECK(server.wait() == 0);
}

// On PostgreSQL the lock is an advisory lock per database and schema (pg/serve_lock.hpp), held
// on a connection of the server's own.
TEST_CASE("a database another einblick serve writes to is refused at start with one line") {
    const einblick::testing::TempDir temp("einblick-cli-one-db");
    const einblick::testing::TestDatabase database(temp.file("shared.db"));
    const std::string& db = database.db();
    const std::string key = temp.file("key");
    {
        std::ofstream(key) << std::string(64, 'a') << '\n';
        ::chmod(key.c_str(), 0600);
    }
    // A web root of its own: without the browser client built the server would warn first.
    const auto args = [&](const std::string& port) {
        return std::vector<std::string>{"serve",
                                        "--db",
                                        db,
                                        "--pseudonym-key-file",
                                        key,
                                        "--web-root",
                                        temp.path().string(),
                                        "--port",
                                        port,
                                        "--no-request-log"};
    };
    Process first(args("0"));
    const std::string line = first.wait_for_line("listening on");
    REQUIRE_FALSE(line.empty());
    httplib::Client client("127.0.0.1", port_of(line));

    // Read up to its exit: should the lock fail to refuse, the second would serve, and this
    // fails on its "listening on" instead of waiting for ever.
    Process second(args("0"));
    REQUIRE(second.wait_for_line("listening on").empty());
    CHECK(second.wait() == 1);
    const std::string err = second.stderr_text();
    INFO(err);
    CHECK(err.rfind("einblick: error: ", 0) == 0);
    CHECK(err.find('\n') == err.size() - 1); // one line
    CHECK(err.find("'" + einblick::server::shown_database(db) + "' is already open for writing") !=
          std::string::npos);
    // The first goes on undisturbed.
    CHECK(client.Get("/health/ready")->status == 200);

    // Its lock goes with it: the next start succeeds.
    first.signal(SIGTERM);
    CHECK(first.wait() == 0);
    Process next(args("0"));
    const std::string next_line = next.wait_for_line("listening on");
    REQUIRE_FALSE(next_line.empty());
    // An answer says it serves, before it is asked to stop.
    CHECK(httplib::Client("127.0.0.1", port_of(next_line)).Get("/health/ready")->status == 200);
    next.signal(SIGTERM);
    CHECK(next.wait() == 0);
}

TEST_CASE("a tampered log is found at start: ALARM, not ready, nothing signed") {
    const einblick::testing::TempDir temp("einblick-cli-tampered");
    const einblick::testing::TestDatabase database(temp.file("log.db"));
    const std::string& db = database.db();
    const std::string pseudonym_key = temp.file("pseudonym-key");
    const std::string checkpoint_key = temp.file("checkpoint-key");
    for (const auto& [file, digit] : {std::pair{pseudonym_key, 'a'}, {checkpoint_key, '1'}}) {
        std::ofstream(file) << std::string(64, digit) << '\n';
        ::chmod(file.c_str(), 0600);
    }
    // One count on either backend (the same SQL on both).
    const auto count = [&](const std::string& sql) -> std::int64_t {
        if (database.postgresql()) {
            return einblick::server::pg::Connection(db).execute(sql).int64(0, 0);
        }
        SQLite::Database raw(db, SQLite::OPEN_READONLY);
        return raw.execAndGet(sql).getInt64();
    };
    const std::string tampering = "UPDATE access_log SET official = 'sb-9999' WHERE seq = 12";
    if (database.postgresql()) {
        einblick::server::PgStorage storage(db, 2);
        einblick::testing::write_signed_log(storage.agencies, storage.log, storage.checkpoints,
                                            "integrity.test/log",
                                            einblick::server::Bytes(32, 0x11));
    } else {
        einblick::testing::write_signed_log(db, "integrity.test/log",
                                            einblick::server::Bytes(32, 0x11));
    }
    const auto checkpoints = [&] { return count("SELECT count(*) FROM log_checkpoints"); };
    const std::int64_t signed_before = checkpoints();
    if (database.postgresql()) {
        database.execute(tampering);
    } else {
        einblick::testing::tamper(db, tampering);
    }

    Process server({"serve", "--db", db, "--pseudonym-key-file", pseudonym_key,
                    "--checkpoint-key-file", checkpoint_key, "--log-origin", "integrity.test/log",
                    "--web-root", temp.path().string(), "--port", "0", "--no-request-log"});
    // The first line on stdout: no "log checkpoints signed as" before it.
    const std::string first = server.wait_for_line("");
    CHECK(first.rfind("listening on http://127.0.0.1:", 0) == 0);
    httplib::Client client("127.0.0.1", port_of(first));
    const auto ready = client.Get("/health/ready");
    REQUIRE(ready);
    CHECK(ready->status == 503);
    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
    const std::string& err = server.stderr_text();
    INFO(err);
    CHECK(err.find("einblick: ALARM: access log integrity: entry 12 (row 12): its stored hash is "
                   "not the hash of its contents") != std::string::npos);
    CHECK(err.find("the access log failed its integrity check: no checkpoint is signed") !=
          std::string::npos);
    CHECK(checkpoints() == signed_before);
    CHECK(count("SELECT count(*) FROM audit_log WHERE action = 'log.integrity_failed'") == 1);
}

TEST_CASE("demo witness: --demo runs a witness that cosigns, --no-demo-witness none" *
          doctest::test_suite("sqlite")) {
    const einblick::testing::TempDir temp("einblick-cli-demo-witness");
    const std::string db = (temp.path() / "w.db").string();
    {
        Process server({"serve", "--demo", "--db", db, "--port", "0", "--no-request-log"});
        const std::string started = server.wait_for_line("demo witness");
        REQUIRE(started.find("demo.einblick.example/witness started (pid ") != std::string::npos);
        const std::string line = server.wait_for_line("listening on http://127.0.0.1:");
        REQUIRE_FALSE(line.empty());
        // The child's own line, on the server's stdout: the demo's checkpoint is cosigned.
        REQUIRE_FALSE(server.wait_for_line("einblick witness: cosigned: ").empty());
        httplib::Client client("127.0.0.1", port_of(line));
        const auto key = client.Get("/api/v1/log/public-key");
        REQUIRE(key);
        const auto witnesses = nlohmann::json::parse(key->body).at("witness_keys");
        REQUIRE(witnesses.size() == 1);
        CHECK(witnesses[0].get<std::string>().starts_with("demo.einblick.example/witness+"));
        const auto cosigned = client.Get("/api/v1/log/cosigned-checkpoint");
        REQUIRE(cosigned);
        CHECK(cosigned->status == 200);
        CHECK(cosigned->body.find("\xe2\x80\x94 demo.einblick.example/witness ") !=
              std::string::npos);
        struct stat info {};
        REQUIRE(::stat((db + ".demo-witness-key").c_str(), &info) == 0);
        CHECK((info.st_mode & 0777) == 0600);
        CHECK(std::filesystem::exists(db + ".demo-witness-state"));

        // The server stops its witness: the child is gone once the server has exited.
        const pid_t child = std::stoi(started.substr(started.find("(pid ") + 5));
        server.signal(SIGTERM);
        CHECK(server.wait() == 0);
        CHECK(::kill(child, 0) != 0);
    }
    Process server(
        {"serve", "--demo", "--no-demo-witness", "--db", db, "--port", "0", "--no-request-log"});
    const std::string line = server.wait_for_line("listening on http://127.0.0.1:");
    CHECK(line.find("demo witness") == std::string::npos);
    REQUIRE_FALSE(line.empty());
    httplib::Client client("127.0.0.1", port_of(line));
    const auto key = client.Get("/api/v1/log/public-key");
    REQUIRE(key);
    CHECK(nlohmann::json::parse(key->body).at("witness_keys").empty());
}

namespace {

int user_version(const std::string& db) {
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    return raw.execAndGet("PRAGMA user_version").getInt();
}

} // namespace

TEST_CASE("migrate creates a missing SQLite file at the latest schema, then has nothing to do" *
          doctest::test_suite("sqlite")) {
    const einblick::testing::TempDir temp("einblick-cli-migrate-fresh");
    const std::string db = (temp.path() / "fresh.db").string();
    const std::string latest = std::to_string(einblick::server::sqlite::latest_schema_version());
    std::string out;
    std::string err;

    CHECK(run({"migrate", "--db", db}, &out, &err) == 0);
    CHECK(out == "migrated " + db + " from schema 0 to " + latest + "\n");
    CHECK(err.empty());
    CHECK(user_version(db) == einblick::server::sqlite::latest_schema_version());

    CHECK(run({"migrate", "--db", db}, &out, &err) == 0);
    CHECK(out == db + " is at schema " + latest + ": nothing to do\n");
    CHECK(err.empty());
}

TEST_CASE("migrate upgrades a SQLite file of an older schema and says from which" *
          doctest::test_suite("sqlite")) {
    const einblick::testing::TempDir temp("einblick-cli-migrate-older");
    const std::string db = (temp.path() / "older.db").string();
    REQUIRE(run({"migrate", "--db", db}) == 0);
    {
        SQLite::Database raw(db, SQLite::OPEN_READWRITE);
        einblick::testing::undo_tree_by_last_leaf(raw);
        raw.exec("PRAGMA user_version = 12");
    }
    std::string out;
    std::string err;

    CHECK(run({"migrate", "--db", db}, &out, &err) == 0);
    CHECK(out == "migrated " + db + " from schema 12 to 13\n");
    CHECK(err.empty());
    CHECK(user_version(db) == 13);
    SQLite::Database raw(db, SQLite::OPEN_READONLY);
    CHECK(raw.execAndGet("SELECT count(*) FROM pragma_table_info('log_tree_nodes') "
                         "WHERE name = 'node'")
              .getInt() == 1);
}

TEST_CASE("migrate refuses a newer SQLite schema and a file it cannot open: exit 1, one line" *
          doctest::test_suite("sqlite")) {
    const einblick::testing::TempDir temp("einblick-cli-migrate-refused");
    const std::string newer = (temp.path() / "newer.db").string();
    REQUIRE(run({"migrate", "--db", newer}) == 0);
    const int too_new = einblick::server::sqlite::latest_schema_version() + 1;
    {
        SQLite::Database raw(newer, SQLite::OPEN_READWRITE);
        raw.exec("PRAGMA user_version = " + std::to_string(too_new));
    }
    struct Case {
        std::string db;
        std::string mentions;
    };
    const std::vector<Case> cases{
        {newer, "schema version " + std::to_string(too_new) + " is newer than this build"},
        {"/does/not/exist/x.db", "/does/not/exist/x.db"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.db);
        std::string out;
        std::string err;
        CHECK(run({"migrate", "--db", c.db}, &out, &err) == 1);
        CHECK(out.empty());
        CHECK(err.rfind("einblick: error: ", 0) == 0);
        CHECK(err.find(c.mentions) != std::string::npos);
        CHECK(std::count(err.begin(), err.end(), '\n') == 1);
    }
    CHECK(user_version(newer) == too_new);
}
