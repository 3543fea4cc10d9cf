// The access log's monthly partitions (pg/log_partitions.hpp): maintenance creates the months
// ahead and moves what landed in DEFAULT into a month of its own, a write for any month is
// stored, and retention drops whole months before its cutoff (the tables are gone from the
// catalog) while the tree, checkpoints, proofs, the integrity check and verify still pass.
// That retention's result is the same as deleting rows is the contract's
// access_log_retention_drops_whole_months (repository_contract_test.cpp), on both backends.
#include "einblick/server/checkpoint_service.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/log_integrity_service.hpp"
#include "einblick/server/log_verifier.hpp"
#include "einblick/server/pg/access_log_repository.hpp"
#include "einblick/server/pg/checkpoint_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/pg/log_partitions.hpp"
#include "einblick/server/pg/log_snapshot.hpp"
#include "einblick/server/pg/log_window.hpp"
#include "einblick/server/pg/transaction.hpp"
#include "einblick/server/signed_note.hpp"
#include "log_test_support.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <doctest/doctest.h>
#include <test_cluster.hpp>
#include <thread>

using namespace einblick::server;
using einblick::UnixMillis;
using einblick::testing::access_at;
namespace merkle = einblick::merkle;

namespace {

constexpr UnixMillis day = 86'400'000;
constexpr UnixMillis jan_2020 = 1'577'836'800'000; // 2020-01-01 UTC
constexpr UnixMillis feb_2020 = 1'580'515'200'000;
constexpr UnixMillis mar_2020 = 1'583'020'800'000;
constexpr UnixMillis apr_2020 = 1'585'699'200'000;
constexpr UnixMillis may_2020 = 1'588'291'200'000;

struct PgLog : einblick::testing::PgLogRepositories {
    PgLog() : PgLogRepositories(3) {}
};

// Partitions of January to March 2020 (the current month, jan_2020, and two ahead), and an
// agency whose accesses the test case appends.
RowId with_three_months(PgLog& log) {
    pg::PartitionMaintenanceOptions options;
    options.months_ahead = 2;
    REQUIRE(pg::maintain_log_partitions(log.setup, jan_2020, options).created.size() == 3);
    return log.agencies.create("a", "Agency");
}

// Whether the catalog still has the table at all (a partition or not), and whether it is a
// partition of access_log (pg_inherits).
bool table_exists(pg::Connection& c, const std::string& name) {
    return c.execute("SELECT count(*) FROM pg_class WHERE relname = $1 AND relnamespace = "
                     "current_schema()::regnamespace",
                     {name})
               .int64(0, 0) > 0;
}

bool is_partition(pg::Connection& c, const std::string& name) {
    return c.execute("SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                     "WHERE i.inhparent = 'access_log'::regclass AND c.relname = $1",
                     {name})
               .int64(0, 0) > 0;
}

// The partition a stored entry's row is in.
std::string partition_of(pg::Connection& c, std::int64_t seq) {
    return c
        .execute("SELECT tableoid::regclass::text FROM access_log WHERE seq = $1",
                 {std::int64_t{seq}})
        .text(0, 0);
}

merkle::Hash leaf_of(const LogEntryRecord& row) {
    return log_leaf_hash(canonical_log_encoding(row, row.seq, row.prev_hash));
}

} // namespace

TEST_CASE("PostgreSQL: partition maintenance creates the current month and the months ahead") {
    PgLog log;
    pg::PartitionMaintenanceOptions options;
    options.months_ahead = 3;
    // 2031-05-17: May to August 2031, none of which the migration created.
    const UnixMillis now = 1'936'742'400'000;
    const pg::PartitionMaintenanceReport report =
        pg::maintain_log_partitions(log.setup, now, options);
    CHECK(report.created == std::vector<std::string>{"access_log_2031_05", "access_log_2031_06",
                                                     "access_log_2031_07", "access_log_2031_08"});
    CHECK(report.filled.empty());
    CHECK(report.postponed.empty());
    CHECK(report.failed.empty());
    for (const char* name : {"access_log_2031_05", "access_log_2031_08"}) {
        CAPTURE(name);
        CHECK(is_partition(log.setup, name));
    }
    CHECK_FALSE(table_exists(log.setup, "access_log_2031_09"));
    // UTC month bounds in Unix milliseconds.
    for (const pg::LogPartition& p : pg::log_partitions(log.setup)) {
        if (p.name == "access_log_2031_05") {
            CHECK(p.from == 1'935'360'000'000); // 2031-05-01
            CHECK(p.to == 1'938'038'400'000);   // 2031-06-01
        }
    }
    CHECK(pg::log_partitions(log.setup).back().is_default());
    // A second run finds every month there.
    const pg::PartitionMaintenanceReport again =
        pg::maintain_log_partitions(log.setup, now, options);
    CHECK(again.created.empty());
    CHECK(again.postponed.empty());
}

TEST_CASE("PostgreSQL: the partition maintenance job runs when constructed and then "
          "periodically") {
    PgLog log;
    std::atomic<UnixMillis> now{1'936'742'400'000}; // 2031-05-17
    pg::PartitionMaintenanceOptions options;
    options.months_ahead = 1;
    options.period = std::chrono::milliseconds(20);
    {
        pg::LogPartitionMaintenance job(log.pool, options, [&] { return now.load(); });
        CHECK(job.runs() >= 1);
        CHECK(is_partition(log.setup, "access_log_2031_06")); // before construction returns
        now = 1'936'742'400'000 + 365 * day;                  // 2032-05-16
        // The run counts itself after its last month commits: wait for both, not the table
        // alone (seen failing under load when only the table was waited for).
        for (int wait = 0;
             wait < 500 && (job.runs() < 2 || !table_exists(log.setup, "access_log_2032_06"));
             ++wait) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        CHECK(job.runs() >= 2);
    }
    CHECK(is_partition(log.setup, "access_log_2032_05"));
    CHECK(is_partition(log.setup, "access_log_2032_06"));
}

TEST_CASE("PostgreSQL: a write for a month without a partition is stored, and maintenance "
          "moves it into a partition of its month") {
    PgLog log;
    const RowId agency = log.agencies.create("a", "Agency");
    // 1999 and 2090: long before and after any partition the migration created.
    const UnixMillis past = 915'148'800'000 + 40 * day;    // 1999-02-10
    const UnixMillis future = 3'786'912'000'000 + 3 * day; // 2090-01-04
    const auto written = log.access_log.append(std::vector{
        access_at(agency, past), access_at(agency, future), access_at(agency, past + 1)});
    REQUIRE(written.size() == 3);
    CHECK(partition_of(log.setup, 1) == "access_log_default");
    CHECK(partition_of(log.setup, 2) == "access_log_default");

    // What DEFAULT does to a plain CREATE TABLE … PARTITION OF: PostgreSQL refuses a partition
    // whose range holds rows of DEFAULT. The schema's own function therefore fails here.
    const pg::Error refused = einblick::testing::pg_error_of(
        [&] { log.setup.execute("SELECT access_log_create_month_partition('2090-01-15')"); });
    CHECK(refused.sqlstate() == "23514");

    pg::PartitionMaintenanceOptions options;
    options.months_ahead = 0;
    const pg::PartitionMaintenanceReport report =
        pg::maintain_log_partitions(log.setup, future + 20 * day, options);
    CHECK(report.filled == std::vector<std::string>{"access_log_1999_02", "access_log_2090_01"});
    CHECK(report.moved_rows == 3);
    CHECK(report.created.empty()); // January 2090 came with its rows
    CHECK(report.postponed.empty());
    CHECK(partition_of(log.setup, 1) == "access_log_1999_02");
    CHECK(partition_of(log.setup, 2) == "access_log_2090_01");
    CHECK(partition_of(log.setup, 3) == "access_log_1999_02");
    CHECK(einblick::testing::count_rows(log.setup, "access_log_default") == 0);
    // The moved partition is like the others: bounds, indexes, foreign keys, and the identity of
    // the parent for the next rows.
    const auto partitions = pg::log_partitions(log.setup);
    const auto feb_1999 = std::find_if(partitions.begin(), partitions.end(), [](const auto& p) {
        return p.name == "access_log_1999_02";
    });
    REQUIRE(feb_1999 != partitions.end());
    CHECK(feb_1999->from == 917'827'200'000); // 1999-02-01
    CHECK(feb_1999->to == 920'246'400'000);   // 1999-03-01
    CHECK(log.setup
              .execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'access_log_1999_02' "
                       "AND schemaname = current_schema()")
              .int64(0, 0) == 5);
    const pg::Error orphan = einblick::testing::pg_error_of(
        [&] { log.setup.execute("UPDATE access_log SET agency_id = 999 WHERE seq = 1"); });
    CHECK(orphan.sqlstate() == "23503"); // the foreign key holds on the moved rows

    // Everything reads and verifies as before, and later writes land in the new partitions.
    CHECK(log.access_log.verify_chain().intact);
    CHECK(log.access_log.verify_chain().rows == 3);
    CHECK(log.access_log.find(written[1].entry.id)->seq == 2);
    const auto later = log.access_log.append(std::vector{access_at(agency, future + day)});
    CHECK(later.at(0).entry.seq == 4);
    CHECK(later.at(0).entry.id > written[2].entry.id);
    CHECK(partition_of(log.setup, 4) == "access_log_2090_01");
    CHECK(log.access_log.verify_chain().intact);
}

TEST_CASE("PostgreSQL: partition maintenance reports a month it cannot make and still makes "
          "the others") {
    PgLog log;
    const RowId agency = log.agencies.create("a", "Agency");
    log.access_log.append(std::vector{access_at(agency, 918'604'800'000)}); // 1999-02-10
    // A table of February 1999's name that is not its partition (left by hand, say).
    log.setup.execute_script("CREATE TABLE access_log_1999_02 (note text)");
    pg::PartitionMaintenanceOptions options;
    options.months_ahead = 0;
    const pg::PartitionMaintenanceReport report =
        pg::maintain_log_partitions(log.setup, 1'936'742'400'000, options); // 2031-05-17
    REQUIRE(report.failed.size() == 1);
    CHECK(report.failed[0].find("access_log_1999_02") == 0);
    CHECK(report.filled.empty());
    CHECK(report.created == std::vector<std::string>{"access_log_2031_05"});
    CHECK(partition_of(log.setup, 1) == "access_log_default"); // nothing lost, nothing moved
}

TEST_CASE("PostgreSQL: partition maintenance postpones a month whose lock does not come in "
          "time") {
    PgLog log;
    pg::Connection reader(einblick::testing::test_cluster_url());
    reader.execute_script("SET search_path TO " + log.schema.name());
    pg::Transaction reading(reader);
    reader.execute("SELECT count(*) FROM access_log"); // holds ACCESS SHARE until it ends
    pg::PartitionMaintenanceOptions options;
    options.months_ahead = 0;
    options.lock_timeout = std::chrono::milliseconds(100);
    const UnixMillis now = 1'936'742'400'000; // 2031-05-17
    const pg::PartitionMaintenanceReport report =
        pg::maintain_log_partitions(log.setup, now, options);
    CHECK(report.created.empty());
    CHECK(report.postponed == std::vector<std::string>{"access_log_2031_05"});
    CHECK_FALSE(table_exists(log.setup, "access_log_2031_05"));
    reading.commit();
    CHECK(pg::maintain_log_partitions(log.setup, now, options).created ==
          std::vector<std::string>{"access_log_2031_05"});
}

TEST_CASE("PostgreSQL: retention drops whole months and trims the month holding the cutoff; "
          "proofs, checkpoints, the integrity check and verify still pass") {
    PgLog log;
    pg::PartitionMaintenanceOptions options;
    options.months_ahead = 4; // January to May 2020
    REQUIRE(pg::maintain_log_partitions(log.setup, jan_2020, options).created.size() == 5);
    const RowId agency = log.agencies.create("a", "Agency");
    ManualClock clock(may_2020 + 10 * day);
    const NoteSigner witness("witness.test/dpa", Bytes(32, 6));
    CheckpointService signer(log.access_log, log.checkpoints,
                             NoteSigner("partitions.test/log", Bytes(32, 5)), clock,
                             {witness.verifier()});
    // Five entries a month from January to April, a checkpoint after each month.
    std::vector<LogEntryRecord> rows;
    for (const UnixMillis month : {jan_2020, feb_2020, mar_2020, apr_2020}) {
        std::vector<NewLogEntry> batch;
        for (int i = 0; i < 5; ++i) {
            batch.push_back(access_at(agency, month + (3 + 5 * i) * day));
        }
        batch[0].idempotency_key = "key-" + std::to_string(month);
        batch[0].request_hash = Bytes(32, 1);
        for (const AppendResult& r : log.access_log.append(batch)) {
            rows.push_back(r.entry);
        }
        signer.sign_current();
    }
    const StoredCheckpoint ten = *log.checkpoints.at_size(10);
    CHECK(signer.add_cosignature(10, witness.signature_line(parse_note(ten.note)->text)).new_line);
    CHECK(partition_of(log.setup, 1) == "access_log_2020_01");
    const LogTreeHead before = log.access_log.tree_head();
    REQUIRE(before.size == 20);

    // March 11: January and February go whole, March loses its first two entries by rows.
    const AuditEntry audit{
        may_2020, ActorRole::System, {}, "retention.deleted", "retention_run", {}, "{}"};
    CHECK(log.access_log.delete_recorded_before(mar_2020 + 10 * day, audit) == 12);
    for (const char* gone : {"access_log_2020_01", "access_log_2020_02"}) {
        CAPTURE(gone);
        CHECK_FALSE(is_partition(log.setup, gone));
        CHECK_FALSE(table_exists(log.setup, gone));
    }
    CHECK(is_partition(log.setup, "access_log_2020_03"));
    CHECK(einblick::testing::count_rows(log.setup, "access_log_2020_03") == 3);
    CHECK(einblick::testing::count_rows(log.setup, "access_log_2020_04") == 5);
    CHECK(log.setup.execute("SELECT count(*) FROM access_log_idempotency").int64(0, 0) == 1);
    CHECK(log.setup.execute("SELECT deleted_count FROM retention_runs").int64(0, 0) == 12);

    // The verifiable log is whole: tree, checkpoints, cosignature; proofs of dropped and kept
    // entries; the running server's check and `einblick verify`.
    CHECK(log.access_log.tree_head().root == before.root);
    CHECK(log.access_log.verify_chain().intact);
    CHECK(log.access_log.verify_chain().rows == 8);
    for (const LogEntryRecord& entry : {rows[0], rows[9], rows[11], rows[12], rows[19]}) {
        CAPTURE(entry.seq);
        CHECK(merkle::verify_inclusion(log_tree_sha256(), entry.seq - 1, 20, leaf_of(entry),
                                       log.access_log.inclusion_proof(entry.seq - 1, 20),
                                       before.root));
    }
    CHECK(merkle::verify_consistency(log_tree_sha256(), 5, 20, log.access_log.tree_root(5),
                                     before.root, log.access_log.consistency_proof(5, 20)));
    const NoteVerifier key = *NoteVerifier::parse(signer.verifier_key());
    einblick::testing::integrity_check_finding_nothing(log.window, log.access_log, signer,
                                                       log.audit, clock, key);
    PgLogSnapshot snapshot(log.pool);
    const VerifyReport report = einblick::testing::verify_finding_nothing(snapshot, key);
    CHECK(report.intact());
    CHECK(report.entries == 8);
    CHECK(report.first_stored_seq == 13);
    CHECK(report.checkpoints == 4);
    CHECK(report.newest_verified == 20);
}

TEST_CASE("PostgreSQL: retention deletes rows instead when a whole month's lock does not come "
          "in time") {
    PgLog log;
    const RowId agency = with_three_months(log);
    log.access_log.append(std::vector{access_at(agency, jan_2020 + day),
                                      access_at(agency, jan_2020 + 2 * day),
                                      access_at(agency, feb_2020 + day)});
    // A long read of the log holds ACCESS SHARE: DETACH PARTITION would wait behind it.
    pg::Connection reader(einblick::testing::test_cluster_url());
    reader.execute_script("SET search_path TO " + log.schema.name());
    pg::Transaction reading(reader);
    reader.execute("SELECT count(*) FROM access_log");
    const AuditEntry audit{
        mar_2020, ActorRole::System, {}, "retention.deleted", "retention_run", {}, "{}"};
    CHECK(log.access_log.delete_recorded_before(feb_2020, audit) == 2);
    reading.commit();
    CHECK(is_partition(log.setup, "access_log_2020_01")); // kept, emptied by rows
    CHECK(einblick::testing::count_rows(log.setup, "access_log_2020_01") == 0);
    CHECK(log.access_log.verify_chain().intact);
    CHECK(log.access_log.verify_chain().rows == 1);
    // The next run drops the empty month.
    CHECK(log.access_log.delete_recorded_before(feb_2020, audit) == 0);
    CHECK_FALSE(table_exists(log.setup, "access_log_2020_01"));
    CHECK(is_partition(log.setup, "access_log_2020_02"));
}

TEST_CASE("PostgreSQL: retention keeps a month before the cutoff that holds an entry recorded "
          "after the first kept one") {
    PgLog log;
    const RowId agency = with_three_months(log);
    // seq 3 was recorded in January again after seq 2 in March: the clock stepped back.
    log.access_log.append(std::vector{access_at(agency, jan_2020 + day),
                                      access_at(agency, mar_2020 + day),
                                      access_at(agency, jan_2020 + 2 * day)});
    const AuditEntry audit{
        mar_2020, ActorRole::System, {}, "retention.deleted", "retention_run", {}, "{}"};
    // Before February: seq 1 only (seq 2, recorded in March, is the first kept).
    CHECK(log.access_log.delete_recorded_before(feb_2020, audit) == 1);
    CHECK(is_partition(log.setup, "access_log_2020_01"));
    CHECK(einblick::testing::count_rows(log.setup, "access_log_2020_01") == 1);
    CHECK(partition_of(log.setup, 3) == "access_log_2020_01");
    CHECK(log.access_log.verify_chain().intact);
    CHECK(log.access_log.verify_chain().rows == 2);
    // February, empty and before the cutoff of March 2, goes; January still holds seq 3.
    CHECK(log.access_log.delete_recorded_before(mar_2020 + day, audit) == 0);
    CHECK_FALSE(table_exists(log.setup, "access_log_2020_02"));
    CHECK(is_partition(log.setup, "access_log_2020_01"));
}
