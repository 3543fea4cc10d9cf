// Reads of the access log from a streaming replica (`serve --read-db`, pg::ReplicaReads), on the
// run's throwaway primary and its real replica (pg_cluster.py start --replica). Replay on the
// replica is paused to hold it behind: a citizen whose log just grew is read from the primary,
// one whose log did not from the replica, and once replay has caught up the replica serves the
// first one too; what the primary showed a citizen of a second server's commits the replica must
// have before it serves them again. Where a read went is told by ReplicaReads::statistics().
//
// Pausing replay holds up the replica for every test: only this case does it (in one test case,
// so that ctest -j cannot run two such steps side by side), and it always resumes.
#include "einblick/server/pg/access_log_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/pg/replica_reads.hpp"

#include <chrono>
#include <test_cluster.hpp>
#include <thread>

using namespace einblick::server;
using einblick::UnixMillis;
using namespace std::chrono_literals;

namespace {

UnixMillis now_millis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// An access now (counted in the weekly counts).
NewLogEntry access_now(RowId agency, const std::string& pseudonym) {
    NewLogEntry e;
    e.occurred_at = e.recorded_at = now_millis();
    e.agency_id = agency;
    e.citizen_pseudonym = pseudonym;
    e.reason = "allowed";
    e.legal_basis = "§ 34 BMG";
    e.register_code = "melderegister";
    return e;
}

// Where the reads so far went, in one line.
std::string served(const pg::ReplicaReads& reads) {
    const pg::ReplicaReadStatistics seen = reads.statistics();
    return "replica " + std::to_string(seen.replica_reads) + ", primary " +
           std::to_string(seen.primary_reads) + " (behind " + std::to_string(seen.replica_behind) +
           ", failed " + std::to_string(seen.replica_failed) + ")";
}

// Agency-wide reads accept this lag: short, so that the case can wait it out.
constexpr auto max_lag = 300ms;

struct Replicated {
    pg::Connection setup{einblick::testing::test_cluster_url()};
    einblick::testing::ScratchSchema schema{setup};
    std::string schema_name = einblick::testing::migrated_schema(setup, schema);
    pg::Pool primary{einblick::testing::test_cluster_url(), 4, schema_name};
    pg::Pool replica{einblick::testing::test_replica_url(), 4, schema_name};
    pg::Connection replica_control{einblick::testing::test_replica_url()};
    pg::ReplicaReads reads{primary, &replica, {max_lag, 1000, 5000ms}};
    PgAgencyRepository agencies{primary};
    RowId agency = agencies.create("kfz", "Kfz-Zulassung");
    PgAccessLogRepository log{primary, reads};

    void append_for(const std::string& pseudonym) {
        const NewLogEntry e = access_now(agency, pseudonym);
        REQUIRE(log.append({&e, 1}).size() == 1);
    }

    std::size_t history_size(const std::string& pseudonym) {
        return log.history_page(pseudonym, {}, std::nullopt, 100).size();
    }

    std::int64_t weekly_accesses() {
        std::int64_t accesses = 0;
        for (const AgencyWeekCount& count : log.weekly_access_counts(now_millis() + 1, 2)) {
            accesses += count.accesses;
        }
        return accesses;
    }

    // Waits until the replica has replayed everything the primary has written so far.
    void catch_up() { einblick::testing::wait_for_replica(setup, replica_control); }

    void pause_replay() {
        replica_control.execute("SELECT pg_wal_replay_pause()");
        for (int attempt = 0; attempt < 300; ++attempt) {
            if (replica_control.execute("SELECT pg_get_wal_replay_pause_state()").text(0, 0) ==
                "paused") {
                return;
            }
            std::this_thread::sleep_for(100ms);
        }
        FAIL("replay on the replica did not pause within 30 s");
    }
};

// Resumes replay when the case ends, however it ends.
struct ReplayResumed {
    pg::Connection& replica_control;
    ~ReplayResumed() {
        try {
            replica_control.execute("SELECT pg_wal_replay_resume()");
        } catch (const pg::Error&) {
        }
    }
};

} // namespace

TEST_CASE("reads go to the replica unless it lacks what the reader may have seen") {
    Replicated db;
    const std::string anna = "pseudonym-anna";
    const std::string bruno = "pseudonym-bruno";
    db.append_for(anna);
    db.append_for(bruno);
    db.catch_up();

    // Everything replayed: both citizens and the agency-wide counts are read from the replica.
    CHECK(db.history_size(anna) == 1);
    CHECK(db.history_size(bruno) == 1);
    CHECK(db.weekly_accesses() == 2);
    CHECK(db.reads.has_replica());
    CHECK(served(db.reads) == "replica 3, primary 0 (behind 0, failed 0)");

    db.pause_replay();
    const ReplayResumed resumed{db.replica_control};
    db.append_for(anna);

    SUBCASE("a citizen's next read shows their new entry, from the primary") {
        CHECK(db.history_size(anna) == 2);
        CHECK(db.log.facts_for_citizen(anna, 0).size() == 2);
        CHECK(served(db.reads) == "replica 3, primary 2 (behind 2, failed 0)");
        // The replica itself has not got it: the primary was needed.
        pg::Connection direct(einblick::testing::test_replica_url());
        direct.execute("SELECT set_config('search_path', quote_ident($1), false)",
                       {db.schema_name});
        CHECK(einblick::testing::count_rows(direct, "access_log") == 2);
    }

    SUBCASE("another citizen whose log did not change is read from the replica") {
        CHECK(db.history_size(bruno) == 1);
        CHECK(db.log.facts_for_citizen(bruno, 0).size() == 1);
        CHECK(served(db.reads) == "replica 5, primary 0 (behind 0, failed 0)");
    }

    SUBCASE("agency-wide reads accept the replica up to the maximum lag") {
        // The commit the replica lacks is younger than max_lag: the replica serves, a step
        // behind.
        CHECK(db.weekly_accesses() == 2);
        CHECK(served(db.reads) == "replica 4, primary 0 (behind 0, failed 0)");
        std::this_thread::sleep_for(max_lag + 100ms);
        CHECK(db.weekly_accesses() == 3);
        CHECK(db.log.agency_page(db.agency, {}, std::nullopt, 100).size() == 3);
        CHECK(served(db.reads) == "replica 4, primary 2 (behind 2, failed 0)");
    }

    SUBCASE("once replay has caught up, the replica serves the citizen again") {
        db.replica_control.execute("SELECT pg_wal_replay_resume()");
        db.catch_up();
        CHECK(db.history_size(anna) == 2);
        CHECK(served(db.reads) == "replica 4, primary 0 (behind 0, failed 0)");
    }

    SUBCASE("what the primary showed a citizen of another server's commit, the replica does "
            "not take back") {
        // A second server on the same database: the first does not know of its commits.
        pg::ReplicaReads other_reads{db.primary, &db.replica, {max_lag, 1000, 5000ms}};
        PgAccessLogRepository other_log{db.primary, other_reads};
        const NewLogEntry e = access_now(db.agency, anna);
        REQUIRE(other_log.append({&e, 1}).size() == 1);
        const pg::ReplicaReads::Lsn other_commit = other_reads.required_for(anna);
        CHECK(db.reads.required_for(anna) < other_commit);

        // The replica lacks the first server's own commit: the primary serves, with both.
        CHECK(db.history_size(anna) == 3);
        CHECK(served(db.reads) == "replica 3, primary 1 (behind 1, failed 0)");
        // A replica that has replayed the first server's commit but not the second's would
        // show 2: the citizen's next read now waits for the second's too.
        CHECK(db.reads.required_for(anna) >= other_commit);
        // Not so for a citizen the primary showed nothing.
        CHECK(db.reads.required_for(bruno) < other_commit);
    }

    SUBCASE("retention's commit makes every citizen wait for the replica") {
        AuditEntry audit;
        audit.action = "retention.run";
        audit.subject_type = "access_log";
        audit.occurred_at = now_millis();
        db.log.delete_recorded_before(0, audit);
        CHECK(db.history_size(bruno) == 1);
        CHECK(served(db.reads) == "replica 3, primary 1 (behind 1, failed 0)");
    }
}

TEST_CASE("reads answer from the primary when the replica cannot be reached") {
    pg::Connection setup(einblick::testing::test_cluster_url());
    einblick::testing::ScratchSchema schema(setup);
    const std::string schema_name = einblick::testing::migrated_schema(setup, schema);
    pg::Pool primary(einblick::testing::test_cluster_url(), 2, schema_name);
    const einblick::testing::UnusedPort port;
    pg::Pool replica("postgresql://einblick@127.0.0.1:" + std::to_string(port.number()) +
                         "/einblick_test?connect_timeout=5",
                     2, schema_name);
    pg::ReplicaReads reads(primary, &replica);
    PgAgencyRepository agencies(primary);
    PgAccessLogRepository log(primary, reads);
    const NewLogEntry e = access_now(agencies.create("kfz", "Kfz-Zulassung"), "pseudonym-carla");
    log.append({&e, 1});

    CHECK(log.history_page("pseudonym-carla", {}, std::nullopt, 10).size() == 1);
    CHECK(log.history_page("pseudonym-dora", {}, std::nullopt, 10).empty());
    CHECK(log.weekly_access_counts(now_millis() + 1, 1).size() == 1);
    // The first tried and failed; the others did not wait for it again.
    CHECK(served(reads) == "replica 0, primary 3 (behind 0, failed 3)");
    CHECK(replica.open_connections() == 0);
}

TEST_CASE("a --read-db that is no standby gets no reads") {
    Replicated db;
    // The primary named as the replica: it replays no WAL, so it is never known to be current.
    pg::Pool not_standby(einblick::testing::test_cluster_url(), 1, db.schema_name);
    pg::ReplicaReads reads(db.primary, &not_standby);
    PgAccessLogRepository log(db.primary, reads);
    CHECK(log.history_page("pseudonym-emil", {}, std::nullopt, 10).empty());
    CHECK(served(reads) == "replica 0, primary 1 (behind 1, failed 0)");
}
