// `einblick serve --db postgresql://…` as an operator runs it: the real executable on the run's
// throwaway cluster, in a schema of its own named in the URL's options. The accounts, the agency
// and its key are stored beforehand by the same wiring in this process (Backend on PgStorage),
// since no route creates them; everything after goes over HTTP.
#include "einblick/server/backend.hpp"
#include "einblick/server/pg_storage.hpp"

#include <child_process.hpp>
#include <csignal>
#include <fstream>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <temp_dir.hpp>
#include <test_backend.hpp>
#include <test_cluster.hpp>

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

} // namespace

TEST_CASE("einblick serve on PostgreSQL records an access event and shows it to the citizen") {
    pg::Connection connection(einblick::testing::test_cluster_url());
    einblick::testing::ScratchSchema schema(connection);
    const std::string url =
        einblick::testing::test_cluster_url() + "?options=-csearch_path%3D" + schema.name();
    const einblick::testing::TempDir temp("einblick-serve-pg");
    const std::string key_file = temp.file("pseudonym-key");
    {
        std::ofstream(key_file) << std::string(64, 'a') << '\n';
        ::chmod(key_file.c_str(), 0600);
    }
    const Seeded seeded = seed(url, Bytes(32, 0xaa));
    const httplib::Headers agency{{"Authorization", "Bearer " + seeded.api_key}};

    // A web root of its own: without the browser client built the server would warn first.
    Process server({"serve", "--db", url, "--pseudonym-key-file", key_file, "--web-root",
                    temp.path().string(), "--port", "0", "--no-request-log"});
    const std::string line = server.wait_for_line("listening on http://127.0.0.1:");
    REQUIRE_FALSE(line.empty());
    httplib::Client client("127.0.0.1", einblick::testing::port_of(line));
    REQUIRE(client.Get("/health/ready")->status == 200);

    const json recorded_body = {{"citizen_id", erika_id},      {"purpose_id", seeded.purpose},
                                {"register", "melderegister"}, {"data_categories", {"address"}},
                                {"official", "SB-17"},         {"correlation_id", "AZ-2026-1"}};
    const auto recorded =
        client.Post("/api/v1/access-events", agency, recorded_body.dump(), "application/json");
    REQUIRE(recorded);
    INFO(recorded->body);
    REQUIRE(recorded->status == 201);

    const auto login = client.Post(
        "/api/v1/session", R"({"username":"erika","password":"pw-erika"})", "application/json");
    REQUIRE(login->status == 201);
    const std::string cookie = login->get_header_value("Set-Cookie");
    const auto history =
        client.Get("/api/v1/me/access-events", {{"Cookie", cookie.substr(0, cookie.find(';'))}});
    REQUIRE(history->status == 200);
    INFO(history->body);
    const json items = json::parse(history->body).at("items");
    REQUIRE(items.size() == 1);
    CHECK(items[0].at("correlation_id") == "AZ-2026-1");
    CHECK(items[0].at("agency").at("code") == "kfz");
    CHECK(items[0].at("purpose_ref").at("id") == seeded.purpose);
    CHECK(items[0].at("seq") == 1);

    server.signal(SIGTERM);
    CHECK(server.wait() == 0);
}
