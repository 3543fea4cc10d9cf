// GET /metrics (README.md, "Metrics"): Prometheus text that moves with the requests, the
// connections and the storage's group commits, with no personal data in it, and only for
// loopback clients or holders of the metrics token.

#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <doctest/doctest.h>
#include <httplib.h>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

using namespace einblick::testing;
using json = nlohmann::json;

namespace {

// Every sample line of a scrape, "name{labels}" → value; fails on a line that is neither a
// comment nor a sample.
std::map<std::string, double> samples(const std::string& text) {
    // Label values are quoted and may hold braces ("/api/v1/objections/{id}").
    static const std::regex sample(
        R"(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_]+="([^"\\]|\\.)*",?)*\})?) (\S+)$)");
    std::map<std::string, double> result;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
            continue;
        }
        std::smatch match;
        INFO("line: " << line);
        REQUIRE(std::regex_match(line, match, sample));
        result[match[1].str()] = std::stod(match[5].str());
    }
    return result;
}

double value(const std::map<std::string, double>& scraped, const std::string& name) {
    const auto found = scraped.find(name);
    return found == scraped.end() ? 0.0 : found->second;
}

HttpOptions with(std::vector<std::string> trusted, std::string token = {}) {
    HttpOptions options;
    options.trusted_proxies = TrustedProxies(trusted);
    options.metrics_token = std::move(token);
    return options;
}

} // namespace

TEST_CASE("metrics: counters move with requests, connections and group commits") {
    TestBackend backend;
    const std::string citizen_id = valid_citizen_id("4567890123");
    backend.add_citizen("erika", "pw-erika", citizen_id);
    const auto agency = backend.add_agency("kfz", "Kfz-Zulassungsbehörde");
    const std::string key = backend.add_api_key(agency);
    const auto purpose = backend.approved_purpose(agency);
    RunningServer server(backend);
    httplib::Client client("127.0.0.1", server.port());

    const auto scrape = [&] {
        const auto response = client.Get("/metrics");
        REQUIRE(response);
        REQUIRE(response->status == 200);
        CHECK(response->get_header_value("Content-Type").rfind("text/plain", 0) == 0);
        return response->body;
    };
    const auto before = samples(scrape());
    const std::string live =
        R"(einblick_http_requests_total{method="GET",route="/health/live",status="200"})";
    const std::string objection =
        R"(einblick_http_requests_total{method="GET",route="/api/v1/objections/{id}",status="401"})";
    const std::string unknown =
        R"(einblick_http_requests_total{method="GET",route="none",status="404"})";
    for (int i = 0; i < 3; ++i) {
        REQUIRE(client.Get("/health/live")->status == 200);
    }
    REQUIRE(client.Get("/api/v1/objections/" + citizen_id)->status == 401);
    REQUIRE(client.Get("/nowhere/" + citizen_id)->status == 404);
    const json event = {{"citizen_id", citizen_id},    {"purpose_id", purpose},
                        {"register", "melderegister"}, {"data_categories", {"address"}},
                        {"official", "SB-17"},         {"correlation_id", "AZ-2026-1"}};
    REQUIRE(client
                .Post("/api/v1/access-events", {{"Authorization", "Bearer " + key}}, event.dump(),
                      "application/json")
                ->status == 201);

    const std::string text = scrape();
    const auto after = samples(text);
    CHECK(value(after, live) - value(before, live) == 3);
    CHECK(value(after, objection) - value(before, objection) == 1);
    CHECK(value(after, unknown) - value(before, unknown) == 1);
    const std::string latency_count =
        R"(einblick_http_request_duration_seconds_count{method="GET",route="/health/live"})";
    CHECK(value(after, latency_count) - value(before, latency_count) == 3);
    CHECK(value(after, "einblick_storage_write_batches_total") >
          value(before, "einblick_storage_write_batches_total"));
    CHECK(value(after, "einblick_storage_commit_seconds_count") >
          value(before, "einblick_storage_commit_seconds_count"));
    CHECK(value(after, R"(einblick_storage_write_batch_size_bucket{le="+Inf"})") >
          value(before, R"(einblick_storage_write_batch_size_bucket{le="+Inf"})"));
    CHECK(after.count("einblick_storage_queued_writes") == 1);
    // In memory (and on PostgreSQL) there is no write-ahead log to report on.
    CHECK(after.count("einblick_storage_wal_finishes_total") == 0);
    CHECK(after.count("einblick_storage_wal_restarts_total") == 0);
    CHECK(value(after, "einblick_http_open_connections") >= 1); // this client's
    CHECK(value(after, "einblick_http_accepted_connections_total") >= 1);
    CHECK(after.count(R"(einblick_http_refused_connections_total{reason="capacity"})") == 1);
    // No identifier, pseudonym or path in any label.
    CHECK(text.find(citizen_id) == std::string::npos);
    CHECK(text.find(backend.pseudonym(citizen_id)) == std::string::npos);
    CHECK(text.find("nowhere") == std::string::npos);
}

TEST_CASE("metrics: the write-ahead log's copies and the writer's finishes, on a file" *
          doctest::test_suite("sqlite")) {
    const TempDir dir;
    TestBackend backend({}, dir.file("metrics.db"));
    RunningServer server(backend);
    httplib::Client client("127.0.0.1", server.port());
    const auto response = client.Get("/metrics");
    REQUIRE(response);
    const auto scraped = samples(response->body);
    CHECK(scraped.count("einblick_storage_wal_checkpoints_total") == 1);
    CHECK(scraped.count("einblick_storage_wal_finishes_total") == 1);
    CHECK(scraped.count("einblick_storage_wal_restarts_total") == 1);
    // The finishes' times are in the commits' buckets, +Inf last; a short log has none yet.
    CHECK(scraped.count(R"(einblick_storage_wal_finish_seconds_bucket{le="0.0005"})") == 1);
    CHECK(scraped.count(R"(einblick_storage_wal_finish_seconds_bucket{le="+Inf"})") == 1);
    CHECK(value(scraped, "einblick_storage_wal_finish_seconds_count") >=
          value(scraped, "einblick_storage_wal_finishes_total"));
}

TEST_CASE("metrics: only for loopback clients, or with the metrics token") {
    TestBackend backend;
    const httplib::Headers from_outside{{"X-Forwarded-For", "203.0.113.9"}};
    const auto status_of = [](const httplib::Result& response) {
        REQUIRE(response);
        return response->status;
    };

    SUBCASE("a forwarded client from outside, through a trusted proxy on loopback: 403") {
        RunningServer server(backend, with({"127.0.0.1"}));
        httplib::Client client("127.0.0.1", server.port());
        const auto refused = client.Get("/metrics", from_outside);
        CHECK(status_of(refused) == 403);
        CHECK(refused->get_header_value("Content-Type").rfind("application/problem+json", 0) == 0);
        CHECK(json::parse(refused->body)["status"] == 403);
        CHECK(status_of(client.Get("/metrics")) == 200); // the proxy's own host
    }
    SUBCASE("X-Forwarded-For from an untrusted peer is ignored: loopback stays loopback") {
        RunningServer server(backend, with({}));
        httplib::Client client("127.0.0.1", server.port());
        CHECK(status_of(client.Get("/metrics", from_outside)) == 200);
    }
    SUBCASE("the token opens it to others, a wrong or missing one does not") {
        RunningServer server(backend, with({"127.0.0.1"}, "s3cret-metrics"));
        httplib::Client client("127.0.0.1", server.port());
        auto with_token = [&](const std::string& token) {
            httplib::Headers headers = from_outside;
            headers.emplace("Authorization", "Bearer " + token);
            return client.Get("/metrics", headers);
        };
        CHECK(status_of(with_token("s3cret-metrics")) == 200);
        CHECK(status_of(with_token("s3cret-metricz")) == 403);
        CHECK(status_of(with_token("")) == 403);
        CHECK(status_of(client.Get("/metrics", from_outside)) == 403);
    }
}
