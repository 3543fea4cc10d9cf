// `einblick serve --db postgresql://…` as an operator runs it: the real executable on the run's
// throwaway cluster, in a schema of its own named in the URL's options. The accounts, the agency
// and its key are stored beforehand by the same wiring in this process (Backend on PgStorage),
// since no route creates them; everything after goes over HTTP.
#include "einblick/server/backend.hpp"
#include "einblick/server/pg_storage.hpp"

#include <child_process.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <optional>
#include <raw_connection.hpp>
#include <sys/stat.h>
#include <temp_dir.hpp>
#include <test_backend.hpp>
#include <test_cluster.hpp>
#include <thread>
#include <vector>

using namespace einblick::server;
using einblick::testing::Process;
using nlohmann::json;

namespace {

const std::string erika_id = einblick::testing::valid_citizen_id("4567890123");

struct Seeded {
    std::string api_key;
    RowId purpose;
};

// What the server's routes need and none creates: stored through the PostgreSQL wiring with
// the key the server will use.
Seeded seed(const std::string& url, const Bytes& pseudonym_key) {
    SystemClock clock;
    BackendOptions options;
    options.pseudonym_key = pseudonym_key;
    options.sign_checkpoints = false;
    Backend backend(std::make_unique<PgStorage>(url, 2), options, clock);
    CHECK(backend.sqlite() == nullptr);
    const auto hashed = [](const std::string& password) {
        return hash_password(password, einblick::testing::fast_hashing);
    };
    backend.storage.accounts.create({"erika", hashed("pw-erika"), "Erika", AccountRole::Citizen,
                                     backend.pseudonymizer.pseudonym(erika_id), std::nullopt},
                                    clock.now());
    const RowId dpo = backend.storage.accounts.create(
        {"dsb", hashed("pw-dsb"), "DSB", AccountRole::Dpo, std::nullopt, std::nullopt},
        clock.now());
    const RowId agency = backend.agencies.create("kfz", "Kfz-Zulassungsbehörde Leipzig");
    const RowId purpose =
        backend.purpose_service
            .propose(Actor::agency_key(agency), einblick::testing::sample_purpose())
            .id;
    backend.purpose_service.decide(Actor::dpo(dpo, std::nullopt), purpose, 1,
                                   PurposeDecision::Approve, "geprüft");
    const std::string api_key =
        backend.auth
            .create_api_key(agency, "test",
                            Actor::system().audit(clock.now(), "api_key.created", "api_key"))
            .key;
    return {api_key, purpose};
}

// The arguments of `einblick serve` on `url`, with `more` appended.
std::vector<std::string> serve_args(const std::string& url, const std::string& key_file,
                                    const einblick::testing::TempDir& temp,
                                    const std::vector<std::string>& more = {}) {
    std::vector<std::string> args{"serve",
                                  "--db",
                                  url,
                                  "--pseudonym-key-file",
                                  key_file,
                                  "--web-root",
                                  temp.path().string(),
                                  "--port",
                                  "0",
                                  "--no-request-log"};
    args.insert(args.end(), more.begin(), more.end());
    return args;
}

// The real executable on a schema of its own, seeded.
struct ServedOnPg {
    // With `read_from_replica`, `--read-db` names the cluster's replica, in the same schema.
    explicit ServedOnPg(bool read_from_replica = false) {
        std::vector<std::string> more;
        if (read_from_replica) {
            more = {"--read-db", schema_url(einblick::testing::test_replica_url())};
        }
        server.emplace(serve_args(url, key_file, temp, more));
        const std::string line = server->wait_for_line("listening on http://127.0.0.1:");
        REQUIRE_FALSE(line.empty());
        client.emplace("127.0.0.1", einblick::testing::port_of(line));
        REQUIRE(client->Get("/health/ready")->status == 200);
    }

    std::string schema_url(const std::string& cluster_url) const {
        return cluster_url + "?options=-csearch_path%3D" + schema.name();
    }

    void record(const std::string& correlation_id) {
        const json body = {{"citizen_id", erika_id},      {"purpose_id", seeded.purpose},
                           {"register", "melderegister"}, {"data_categories", {"address"}},
                           {"official", "SB-17"},         {"correlation_id", correlation_id}};
        const auto recorded =
            client->Post("/api/v1/access-events", agency, body.dump(), "application/json");
        REQUIRE(recorded);
        INFO(recorded->body);
        REQUIRE(recorded->status == 201);
    }

    // Erika's first history page, logged in once.
    json history() {
        if (cookie.empty()) {
            const auto login =
                client->Post("/api/v1/session", R"({"username":"erika","password":"pw-erika"})",
                             "application/json");
            REQUIRE(login->status == 201);
            const std::string set_cookie = login->get_header_value("Set-Cookie");
            cookie = set_cookie.substr(0, set_cookie.find(';'));
        }
        const auto page = client->Get("/api/v1/me/access-events", {{"Cookie", cookie}});
        REQUIRE(page->status == 200);
        INFO(page->body);
        return json::parse(page->body).at("items");
    }

    void stop() {
        server->signal(SIGTERM);
        CHECK(server->wait() == 0);
    }

    pg::Connection connection{einblick::testing::test_cluster_url()};
    einblick::testing::ScratchSchema schema{connection};
    const std::string url = schema_url(einblick::testing::test_cluster_url());
    const einblick::testing::TempDir temp{"einblick-serve-pg"};
    const std::string key_file = [this] {
        const std::string file = temp.file("pseudonym-key");
        std::ofstream(file) << std::string(64, 'a') << '\n';
        ::chmod(file.c_str(), 0600);
        return file;
    }();
    const Seeded seeded = seed(url, Bytes(32, 0xaa));
    const httplib::Headers agency{{"Authorization", "Bearer " + seeded.api_key}};
    std::string cookie;
    // A web root of its own: without the browser client built the server would warn first.
    std::optional<Process> server;
    std::optional<httplib::Client> client;
};

// A sample's value in a /metrics scrape, or -1 when it is missing.
double metric(const std::string& scrape, const std::string& sample) {
    const auto at = scrape.find("\n" + sample + " ");
    return at == std::string::npos ? -1 : std::stod(scrape.substr(at + sample.size() + 2));
}

} // namespace

TEST_CASE("einblick serve on PostgreSQL records an access event and shows it to the citizen") {
    ServedOnPg served;
    served.record("AZ-2026-1");
    const json items = served.history();
    REQUIRE(items.size() == 1);
    CHECK(items[0].at("correlation_id") == "AZ-2026-1");
    CHECK(items[0].at("agency").at("code") == "kfz");
    CHECK(items[0].at("purpose_ref").at("id") == served.seeded.purpose);
    CHECK(items[0].at("seq") == 1);
    served.stop();
}

TEST_CASE("einblick serve --read-db reads the citizen's history from the replica once it has it") {
    pg::Connection replica(einblick::testing::test_replica_url());
    ServedOnPg served(true);
    served.record("AZ-2026-1");
    // The very next read shows the new entry, whichever server answers it.
    CHECK(served.history().size() == 1);
    // Once the replica has replayed the commit, it answers.
    einblick::testing::wait_for_replica(served.connection, replica);
    CHECK(served.history().size() == 1);
    const std::string scrape = served.client->Get("/metrics")->body;
    INFO(scrape);
    const double from_replica = metric(scrape, R"(einblick_storage_reads_total{server="replica"})");
    const double from_primary = metric(scrape, R"(einblick_storage_reads_total{server="primary"})");
    CHECK(from_replica >= 1);
    CHECK(from_replica + from_primary == 2);
    served.stop();
}

namespace {

std::string schema_url(const std::string& schema) {
    return einblick::testing::test_cluster_url() + "?options=-csearch_path%3D" + schema;
}

// A pseudonym key file in `temp`, for servers that need no seeded data.
std::string key_file_in(const einblick::testing::TempDir& temp) {
    const std::string key_file = temp.file("pseudonym-key");
    std::ofstream(key_file) << std::string(64, 'a') << '\n';
    ::chmod(key_file.c_str(), 0600);
    return key_file;
}

// The serve lock's key as pg/serve_lock.hpp takes it, for SQL run beside the server.
std::string serve_lock_key(const std::string& schema) {
    return std::to_string(pg::ServeLock::key_class) + ", hashtext('" + schema + "')";
}

// The backend holding the server's lock on `schema`, or 0.
std::int64_t serve_lock_holder(pg::Connection& connection, const std::string& schema) {
    const pg::Result holder = connection.execute(
        "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND "
        "classid = " +
            std::to_string(pg::ServeLock::key_class) + "::oid AND objid = hashtext($1)::oid",
        {schema});
    return holder.rows() == 1 ? holder.int64(0, 0) : 0;
}

int ready_status(int port) {
    const auto answer = httplib::Client("127.0.0.1", port).Get("/health/ready");
    return answer ? answer->status : -1;
}

} // namespace

TEST_CASE("a second einblick serve on one PostgreSQL schema stops at start; another schema is "
          "served") {
    pg::Connection first_connection(einblick::testing::test_cluster_url());
    einblick::testing::ScratchSchema first_schema(first_connection);
    pg::Connection other_connection(einblick::testing::test_cluster_url());
    einblick::testing::ScratchSchema other_schema(other_connection);
    const einblick::testing::TempDir temp("einblick-serve-pg-lock");
    const std::string key_file = key_file_in(temp);

    Process first(serve_args(schema_url(first_schema.name()), key_file, temp));
    const std::string first_line = first.wait_for_line("listening on http://127.0.0.1:");
    REQUIRE_FALSE(first_line.empty());
    CHECK(serve_lock_holder(first_connection, first_schema.name()) != 0);

    // The same database, another schema: not locked.
    Process other(serve_args(schema_url(other_schema.name()), key_file, temp));
    const std::string other_line = other.wait_for_line("listening on http://127.0.0.1:");
    REQUIRE_FALSE(other_line.empty());
    CHECK(ready_status(einblick::testing::port_of(other_line)) == 200);

    // Read up to its exit: should the lock fail to refuse, the second would serve, and this
    // fails on its "listening on" instead of waiting for ever.
    Process second(serve_args(schema_url(first_schema.name()), key_file, temp));
    REQUIRE(second.wait_for_line("listening on").empty());
    CHECK(second.wait() == 1);
    const std::string err = second.stderr_text();
    INFO(err);
    CHECK(err.rfind("einblick: error: database '" +
                        pg::url_without_password(schema_url(first_schema.name())) +
                        "' is already open for writing",
                    0) == 0);
    CHECK(err.find("schema '" + first_schema.name() + "'") != std::string::npos);
    CHECK(err.find('\n') == err.size() - 1); // one line
    // The first goes on undisturbed.
    CHECK(ready_status(einblick::testing::port_of(first_line)) == 200);

    other.signal(SIGTERM);
    CHECK(other.wait() == 0);
    first.signal(SIGTERM);
    CHECK(first.wait() == 0);
    // Its lock goes with its session, which ends a moment after the process.
    CHECK(einblick::testing::eventually(
        [&] { return serve_lock_holder(first_connection, first_schema.name()) == 0; },
        std::chrono::seconds(10)));
}

TEST_CASE("a server whose lock session is lost takes the lock again, and is not ready while "
          "another session holds it") {
    pg::Connection connection(einblick::testing::test_cluster_url());
    einblick::testing::ScratchSchema schema(connection);
    const einblick::testing::TempDir temp("einblick-serve-pg-lock-lost");
    Process server(serve_args(schema_url(schema.name()), key_file_in(temp), temp));
    const std::string line = server.wait_for_line("listening on http://127.0.0.1:");
    REQUIRE_FALSE(line.empty());
    const int port = einblick::testing::port_of(line);
    REQUIRE(ready_status(port) == 200);

    // The lock's session ends (as at a PostgreSQL restart), and another session takes the lock
    // before the server notices: it waits for the terminated session to end.
    const std::int64_t holder = serve_lock_holder(connection, schema.name());
    REQUIRE(holder != 0);
    connection.execute("SELECT pg_terminate_backend($1::integer)", {holder});
    pg::Connection thief(schema_url(schema.name()));
    thief.execute("SELECT pg_advisory_lock(" + serve_lock_key(schema.name()) + ")");
    CHECK(ready_status(port) == 503);
    CHECK(ready_status(port) == 503);

    // Once it is free, the next readiness probe takes it again on a new session.
    thief.execute("SELECT pg_advisory_unlock(" + serve_lock_key(schema.name()) + ")");
    CHECK(ready_status(port) == 200);
    const std::int64_t new_holder = serve_lock_holder(connection, schema.name());
    CHECK(new_holder != 0);
    CHECK(new_holder != holder);

    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
}

TEST_CASE("after a commit of the access log failed, PostgreSQL is not ready until a write "
          "succeeds again") {
    pg::Connection connection(einblick::testing::test_cluster_url());
    einblick::testing::ScratchSchema schema(connection);
    const std::string url = schema_url(schema.name());
    const einblick::testing::TempDir temp("einblick-serve-pg-ready");
    const Seeded seeded = seed(url, Bytes(32, 0xaa));
    const httplib::Headers agency{{"Authorization", "Bearer " + seeded.api_key}};
    Process server(serve_args(url, key_file_in(temp), temp));
    const std::string line = server.wait_for_line("listening on http://127.0.0.1:");
    REQUIRE_FALSE(line.empty());
    const int port = einblick::testing::port_of(line);
    httplib::Client client("127.0.0.1", port);
    const auto record = [&](const std::string& correlation_id) {
        const json body = {{"citizen_id", erika_id},      {"purpose_id", seeded.purpose},
                           {"register", "melderegister"}, {"data_categories", {"address"}},
                           {"official", "SB-17"},         {"correlation_id", correlation_id}};
        const auto answer =
            client.Post("/api/v1/access-events", agency, body.dump(), "application/json");
        return answer ? answer->status : -1;
    };
    REQUIRE(record("AZ-1") == 201);
    REQUIRE(ready_status(port) == 200);

    // Every commit that writes the log's head is refused, at COMMIT (a deferred trigger): the
    // batch fails as a whole, as when the disk is full or the server goes read-only.
    connection.execute_script(
        "CREATE FUNCTION refuse_commit() RETURNS trigger LANGUAGE plpgsql AS "
        "$$BEGIN RAISE EXCEPTION 'commit refused by the test'; END$$; "
        "CREATE CONSTRAINT TRIGGER refuse_commit AFTER UPDATE ON access_log_head "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_commit()");
    CHECK(record("AZ-2") == 503);
    // Remembered: its probe write fails the same way.
    CHECK(ready_status(port) == 503);
    CHECK(ready_status(port) == 503);

    // Writes succeed again: the next probe commits, and it is ready without another request.
    connection.execute_script("DROP TRIGGER refuse_commit ON access_log_head");
    CHECK(ready_status(port) == 200);
    CHECK(record("AZ-3") == 201);
    CHECK(einblick::testing::count_rows(connection, "access_log") == 2);

    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
}

TEST_CASE("a write PostgreSQL cannot store now answers 503, and the server is not ready until a "
          "write succeeds again") {
    pg::Connection connection(einblick::testing::test_cluster_url());
    einblick::testing::ScratchSchema schema(connection);
    const std::string url = schema_url(schema.name());
    const einblick::testing::TempDir temp("einblick-serve-pg-outage");
    seed(url, Bytes(32, 0xaa));
    Process server(serve_args(url, key_file_in(temp), temp));
    const std::string line = server.wait_for_line("listening on http://127.0.0.1:");
    REQUIRE_FALSE(line.empty());
    const int port = einblick::testing::port_of(line);
    httplib::Client client("127.0.0.1", port);
    const auto login = [&] {
        return client.Post("/api/v1/session", R"({"username":"erika","password":"pw-erika"})",
                           "application/json");
    };
    REQUIRE(login()->status == 201);
    REQUIRE(ready_status(port) == 200);

    // The disk is full: every write of a session, and the readiness probe's write of the log's
    // head, fails with PostgreSQL's disk_full (53100), none of it through the log's writer.
    connection.execute_script(
        "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS "
        "$$BEGIN RAISE EXCEPTION 'no space left (the test)' USING ERRCODE = 'disk_full'; END$$; "
        "CREATE TRIGGER disk_full BEFORE INSERT ON sessions "
        "FOR EACH ROW EXECUTE FUNCTION disk_full(); "
        "CREATE TRIGGER disk_full BEFORE UPDATE ON access_log_head "
        "FOR EACH ROW EXECUTE FUNCTION disk_full()");
    const auto refused = login();
    REQUIRE(refused);
    CHECK(refused->status == 503);
    CHECK(refused->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
    INFO(refused->body);
    CHECK(json::parse(refused->body).value("type", "") == "urn:einblick:problem:unavailable");
    CHECK(refused->get_header_value("Retry-After") == "30");
    // Remembered: the probe's write fails the same way.
    CHECK(ready_status(port) == 503);
    CHECK(ready_status(port) == 503);

    // Space again: the next probe commits, and it is ready without another request.
    connection.execute_script("DROP TRIGGER disk_full ON sessions; "
                              "DROP TRIGGER disk_full ON access_log_head");
    CHECK(ready_status(port) == 200);
    CHECK(login()->status == 201);

    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
}

TEST_CASE("--db-pool-size N: the server opens at most N connections, besides its lock's") {
    pg::Connection connection(einblick::testing::test_cluster_url());
    einblick::testing::ScratchSchema schema(connection);
    // The server's connections are told apart by the application_name the URL gives them.
    const std::string application = "einblick-pool-" + schema.name();
    const std::string url = schema_url(schema.name()) + "&application_name=" + application;
    const einblick::testing::TempDir temp("einblick-serve-pg-pool");
    Process server(serve_args(url, key_file_in(temp), temp, {"--db-pool-size", "3"}));
    const std::string line = server.wait_for_line("listening on http://127.0.0.1:");
    REQUIRE_FALSE(line.empty());
    const int port = einblick::testing::port_of(line);
    const auto connections = [&] {
        return connection
            .execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1",
                     {application})
            .int64(0, 0);
    };

    // Logins wait on the accounts table while this holds it: each holds a pooled connection
    // meanwhile, and those beyond the pool wait for one.
    pg::Connection blocker(schema_url(schema.name()));
    blocker.execute_script("BEGIN; LOCK TABLE accounts IN ACCESS EXCLUSIVE MODE");
    std::vector<std::thread> logins;
    for (int i = 0; i < 8; ++i) {
        logins.emplace_back([port] {
            httplib::Client client("127.0.0.1", port);
            client.set_read_timeout(std::chrono::seconds(60));
            client.Post("/api/v1/session", R"({"username":"nobody","password":"pw"})",
                        "application/json");
        });
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (connections() < 4 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(connections() == 4); // three pooled and the lock's
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(connections() == 4); // and no more, with five logins still waiting for one
    blocker.execute_script("COMMIT");
    for (std::thread& login : logins) {
        login.join();
    }
    CHECK(ready_status(port) == 200);

    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
}
