// The running server's watch over its own access log (issue 11 item 7, LogIntegrityService):
// each of the six tamperings (tampered_log.hpp, the same ones `einblick verify` faces) is
// found by the check at start and by the periodic one; then /health/ready answers 503, an
// ALARM line names the entry, an audit record and the metrics say so, and no checkpoint is
// signed any more, while appends go on.

#include "einblick/server/service_error.hpp"
#include "tampered_log.hpp"
#include "temp_dir.hpp"
#include "test_backend.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <httplib.h>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

using namespace einblick::testing;
using nlohmann::json;

namespace {

// A log of tampered_log_size entries in a file, signed at every size with a fixed key, served
// by a backend that can be stopped and started again on the same file (a server restart).
class WatchedLog {
public:
    explicit WatchedLog(std::int64_t window = 1000) : window_(window) {
        start();
        const RowId agency = backend().agencies.create("kba", "Kraftfahrt-Bundesamt");
        for (int i = 1; i <= tampered_log_size; ++i) {
            backend().storage.log.append(std::vector{tampered_log_entry(agency, i)});
            test_.clock.advance(1000);
            backend().checkpoints.sign_current();
        }
        agency_ = agency;
    }

    void stop() { test_.backend.reset(); }
    void start() {
        BackendOptions options;
        options.database_path = path_;
        options.pseudonym_key = Bytes(32, 7);
        options.log_origin = "integrity.test/log";
        options.checkpoint_key = Bytes(32, 9);
        options.log_check_window = window_;
        options.log_alarm = [this](const std::string& line) { alarms.push_back(line); };
        test_.backend = std::make_unique<Backend>(options, test_.clock);
    }
    // Tampers with the file while no server has it open, then starts one on it.
    void tamper_then_start(const Tampering& tampering) {
        stop();
        tampering.apply(path_);
        start();
    }

    Backend& backend() { return *test_.backend; }
    TestBackend& test() { return test_; }
    const std::string& path() const { return path_; }
    RowId agency() const { return agency_; }

    bool alarmed(const std::string& text) const {
        return std::any_of(alarms.begin(), alarms.end(), [&text](const std::string& line) {
            return line.find(text) != std::string::npos;
        });
    }
    std::vector<AuditRecord> integrity_audits() {
        std::vector<AuditRecord> found;
        for (const AuditRecord& r : backend().storage.audit_log.page(std::nullopt, 100)) {
            if (r.action == "log.integrity_failed") {
                found.push_back(r);
            }
        }
        return found;
    }

    std::vector<std::string> alarms;

private:
    TempDir dir_{"einblick-integrity"};
    std::string path_ = dir_.file("log.db");
    std::int64_t window_;
    TestBackend test_{{}, ":memory:"};
    RowId agency_ = 0;
};

// A failed check's consequences, whatever the tampering. Appends go on, except where the
// tampering itself broke the tree's right edge (a truncated or bumped head: the next leaf's
// nodes collide or are missing), which refuses them before anything is acknowledged.
void require_alarm_raised(WatchedLog& log, bool appends_work = true) {
    Backend& backend = log.backend();
    CHECK_FALSE(backend.log_integrity.intact());
    CHECK_FALSE(backend.log_integrity.findings().empty());
    CHECK(log.alarmed("ALARM: access log integrity: checkpoint signing halted"));
    const auto audits = log.integrity_audits();
    REQUIRE(audits.size() == 1);
    CHECK(audits[0].actor_role == ActorRole::System);
    CHECK_FALSE(json::parse(audits[0].details_json)["findings"].empty());
    const LogIntegrityStatistics stats = backend.log_integrity.statistics();
    CHECK_FALSE(stats.intact);
    CHECK(stats.failures == 1);
    // Nothing is signed over a broken log; the checkpoints signed before stay.
    CHECK(backend.checkpoints.signing_halted());
    CHECK(service_error_of([&] { backend.checkpoints.sign_current(); }) == ErrorKind::Unavailable);
    REQUIRE(backend.checkpoints.latest());
    CHECK(backend.checkpoints.latest()->size == tampered_log_size);
    // Acknowledged data is never refused for the alarm: appends go on.
    if (appends_work) {
        CHECK(
            backend.storage.log.append(std::vector{tampered_log_entry(log.agency(), 99)}).size() ==
            1);
    }
}

} // namespace

TEST_CASE("log integrity: an intact log passes at start and as it grows") {
    WatchedLog log;
    log.stop();
    log.start();
    const IntegrityCheck first = log.backend().log_integrity.check();
    CHECK(log.alarms.empty());
    CHECK(first.intact());
    CHECK(first.head_size == tampered_log_size);
    CHECK(first.entries == tampered_log_size);
    CHECK(first.checkpoint == tampered_log_size);

    // New entries beyond the latest checkpoint, then a checkpoint over them: still intact.
    log.backend().storage.log.append(std::vector{tampered_log_entry(log.agency(), 13)});
    CHECK(log.backend().log_integrity.check().intact());
    CHECK(log.backend().checkpoints.sign_current().size == tampered_log_size + 1);
    CHECK(log.backend().log_integrity.check().intact());

    CHECK(log.backend().log_integrity.intact());
    CHECK(log.alarms.empty());
    CHECK(log.integrity_audits().empty());
    const LogIntegrityStatistics stats = log.backend().log_integrity.statistics();
    CHECK(stats.checks == 3);
    CHECK(stats.failures == 0);
    CHECK_FALSE(log.backend().checkpoints.signing_halted());
}

TEST_CASE("log integrity: each of the six tamperings is found by the check at start") {
    // What the ALARM names, per tampering (window 1000: the whole log; checkpoint 12).
    const std::vector<std::pair<std::string, std::vector<std::string>>> expected{
        {"changed field",
         {"entry 5 (row 5): its stored hash is not the hash of its contents",
          "entry 5 (row 5): its leaf in the Merkle tree is not the hash of its contents"}},
        {"denied made allowed",
         {"entry 3 (row 3): its leaf in the Merkle tree is not the hash of its contents",
          "entry 4 (row 4): its stored hash is not the hash of its contents"}},
        {"deleted middle", {"entry 7: missing between entry 6 and entry 8"}},
        {"truncated tail",
         {"checkpoint 12: was signed for 12 entries, but the head says the log has 9: entries "
          "10..12 were removed"}},
        {"rewritten and rechained",
         {"checkpoint 12: the tree's root at size 12 is not the signed root"}},
        {"bumped head",
         {"entries 13..17: missing at the tail: the head says the log has 17 entries"}},
    };
    REQUIRE(six_tamperings().size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const Tampering& tampering = six_tamperings()[i];
        CAPTURE(tampering.name);
        REQUIRE(tampering.name == expected[i].first);
        WatchedLog log;
        log.tamper_then_start(tampering);
        CHECK_FALSE(log.backend().log_integrity.check().intact());
        std::string alarms;
        for (const std::string& line : log.alarms) {
            alarms += line + "\n";
        }
        INFO(alarms);
        for (const std::string& text : expected[i].second) {
            CHECK(log.alarmed("ALARM: access log integrity: " + text));
        }
        require_alarm_raised(log,
                             tampering.name != "truncated tail" && tampering.name != "bumped head");
    }
}

TEST_CASE("log integrity: the periodic check finds a tampering made while the server runs") {
    WatchedLog log;
    RunningServer server(log.test());
    httplib::Client client("127.0.0.1", server.port());
    const auto metric = [&client](const std::string& name) {
        const auto scraped = client.Get("/metrics");
        REQUIRE(scraped);
        const auto at = scraped->body.find("\n" + name + " ");
        REQUIRE(at != std::string::npos);
        return std::stod(scraped->body.substr(at + name.size() + 2));
    };

    CHECK(log.backend().log_integrity.check().intact());
    CHECK(client.Get("/health/ready")->status == 200);
    CHECK(metric("einblick_log_integrity_ok") == 1);
    CHECK(metric("einblick_log_integrity_checks_total") == 1);

    // An attacker changes an entry in the file under the running server.
    tamper(log.path(), "UPDATE access_log SET official = 'sb-9999' WHERE seq = 11");
    CHECK_FALSE(log.backend().log_integrity.check().intact());
    CHECK(log.alarmed("ALARM: access log integrity: entry 11 (row 11): its stored hash is not "
                      "the hash of its contents"));
    require_alarm_raised(log);

    const auto ready = client.Get("/health/ready");
    REQUIRE(ready);
    CHECK(ready->status == 503);
    CHECK(ready->get_header_value("Content-Type").find("application/problem+json") == 0);
    CHECK(json::parse(ready->body)["detail"].get<std::string>().find(
              "Integritätsprüfung nicht bestanden") != std::string::npos);
    CHECK(metric("einblick_log_integrity_ok") == 0);
    CHECK(metric("einblick_log_integrity_failures_total") == 1);
    CHECK(metric("einblick_log_integrity_checks_total") == 2);
    CHECK(metric("einblick_log_integrity_check_seconds_count") == 2);
    // The latest good checkpoint is still served.
    const auto checkpoint = client.Get("/api/v1/log/checkpoint");
    REQUIRE(checkpoint);
    CHECK(checkpoint->status == 200);
    CHECK(checkpoint->body.find("\n12\n") != std::string::npos);

    // Undoing the change does not clear the alarm: an operator has to look and restart.
    tamper(log.path(), "UPDATE access_log SET official = 'sb-11' WHERE seq = 11");
    CHECK(log.backend().log_integrity.check().intact());
    CHECK_FALSE(log.backend().log_integrity.intact());
    CHECK(client.Get("/health/ready")->status == 503);
    CHECK(log.integrity_audits().size() == 1); // one alarm, not one per check
}

TEST_CASE("log integrity: a tampering older than the window is found only against a "
          "checkpoint") {
    // With a window of the newest 3 entries (10..12), a change to entry 5 that leaves the tree
    // alone goes unseen at runtime (`einblick verify` finds it), ...
    {
        WatchedLog log(3);
        log.tamper_then_start(six_tamperings()[0]); // changed field, entry 5
        CHECK(log.backend().log_integrity.check().intact());
        CHECK(log.alarms.empty());
    }
    // ... but one that recomputes the chain and the tree to hide it breaks the signed root.
    {
        WatchedLog log(3);
        log.tamper_then_start(six_tamperings()[4]); // rewritten and rechained from entry 6
        const IntegrityCheck check = log.backend().log_integrity.check();
        CHECK_FALSE(check.intact());
        CHECK(check.entries == 3);
        CHECK(log.alarmed("checkpoint 12: the tree's root at size 12 is not the signed root"));
        require_alarm_raised(log);
    }
}
