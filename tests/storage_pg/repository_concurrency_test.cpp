// What PostgreSQL needs and SQLite's single writer never did: concurrent writes of the same row
// from several connections. Each repository serialises them by a row lock (SELECT … FOR
// UPDATE), so that the outcome is the one a single writer would produce: numbered versions
// without a clash, one winner and ConflictErrors for the others, one gapless log.
#include "einblick/server/log_chain.hpp"
#include "einblick/server/pg/access_log_repository.hpp"
#include "einblick/server/pg/consent_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/pg/migrations.hpp"
#include "einblick/server/pg/objection_repository.hpp"
#include "einblick/server/pg/purpose_repository.hpp"
#include "log_test_support.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <latch>
#include <map>
#include <set>
#include <test_cluster.hpp>
#include <thread>
#include <vector>

using namespace einblick::server;
using einblick::UnixMillis;
using einblick::testing::access_at;
namespace merkle = einblick::merkle;

namespace {

constexpr int writers = 4;

struct PgRepositories {
    pg::Connection setup{einblick::testing::test_cluster_url()};
    einblick::testing::ScratchSchema schema{setup};
    pg::Pool pool{einblick::testing::test_cluster_url(), writers,
                  einblick::testing::migrated_schema(setup, schema)};
    PgAgencyRepository agencies{pool};
    PgAccountRepository accounts{pool};
    PgPurposeRepository purposes{pool};
    PgConsentRepository consents{pool};
    PgObjectionRepository objections{pool};

    RowId agency = agencies.create("kfz", "Kfz-Zulassung");
    RowId dpo = accounts.create({"dsb", "hash", "DSB", AccountRole::Dpo, {}, {}}, 0);
    RowId purpose = purposes.create(agency, content(), audit());
    bool warm = open_every_connection();

    // Opens the pool's connections before a race: opening one on demand takes longer than a
    // write and would let the racers run one after the other.
    bool open_every_connection() {
        std::vector<pg::Pool::Lease> leases;
        for (int i = 0; i < writers; ++i) {
            leases.push_back(pool.acquire());
        }
        return true;
    }

    static PurposeContent content() {
        return {"Halterauskunft", "", "§ 6 FZV", "A6-1-e", {"name"}, {"ZFZR"}, {}, 30};
    }
    static AuditEntry audit() { return {1, ActorRole::System, {}, "test", "test", {}, "{}"}; }
};

enum class Outcome { done, conflict, other_error };

// Runs `write` on `writers` threads released at once; the outcome of each.
template <typename Write> std::vector<Outcome> race(Write write) {
    std::latch start(writers);
    std::vector<Outcome> outcomes(writers, Outcome::other_error);
    std::vector<std::thread> threads;
    for (int i = 0; i < writers; ++i) {
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            try {
                write(i);
                outcomes[i] = Outcome::done;
            } catch (const ConflictError&) {
                outcomes[i] = Outcome::conflict;
            } catch (...) {
                outcomes[i] = Outcome::other_error;
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    return outcomes;
}

long count(const std::vector<Outcome>& outcomes, Outcome wanted) {
    return std::count(outcomes.begin(), outcomes.end(), wanted);
}

} // namespace

TEST_CASE("concurrent new versions of one purpose are numbered one after the other") {
    PgRepositories r;
    const auto outcomes = race([&](int) {
        r.purposes.add_version(r.purpose, PgRepositories::content(), PgRepositories::audit());
    });
    CHECK(count(outcomes, Outcome::done) == writers);
    const auto versions = r.purposes.find(r.purpose)->versions;
    REQUIRE(versions.size() == writers + 1);
    for (int i = 0; i <= writers; ++i) {
        CHECK(versions[i].version == i + 1);
    }
}

TEST_CASE("of concurrent withdrawals of one consent one succeeds, the others conflict") {
    PgRepositories r;
    const RowId version = r.purposes.find(r.purpose)->versions.front().id;
    const ConsentRecord consent =
        r.consents.grant("p-erika", r.purpose, version, 10'000, PgRepositories::audit());
    const auto outcomes = race([&](int i) {
        AuditEntry audit = PgRepositories::audit();
        audit.occurred_at = 100 + i;
        r.consents.withdraw("p-erika", consent.id, audit);
    });
    CHECK(count(outcomes, Outcome::done) == 1);
    CHECK(count(outcomes, Outcome::conflict) == writers - 1);
}

TEST_CASE("of concurrent decisions at one objection revision one wins, the others conflict") {
    PgRepositories r;
    const ObjectionRecord filed = r.objections.create(
        {"p-erika", r.agency, r.purpose, std::nullopt, "Nein.", false, 1000, 2000},
        PgRepositories::audit());
    const auto outcomes = race([&](int i) {
        r.objections.decide(filed.id, filed.revision,
                            i % 2 == 0 ? ObjectionStatus::Upheld : ObjectionStatus::Rejected, r.dpo,
                            "entschieden", PgRepositories::audit());
    });
    CHECK(count(outcomes, Outcome::done) == 1);
    CHECK(count(outcomes, Outcome::conflict) == writers - 1);
    CHECK(r.objections.find(filed.id)->revision == filed.revision + 1);
}

namespace {

merkle::Hash root_of(const std::vector<merkle::Hash>& leaves, std::size_t begin, std::size_t end) {
    if (end - begin == 1) {
        return leaves[begin];
    }
    const std::size_t k = std::bit_floor(end - begin - 1);
    return merkle::node_hash(log_tree_sha256(), root_of(leaves, begin, begin + k),
                             root_of(leaves, begin + k, end));
}

} // namespace

TEST_CASE("appends racing through the pool end in one gapless chain with every acknowledged "
          "entry in it once") {
    PgRepositories r;
    PgAccessLogRepository log(r.pool);
    constexpr int appends_per_writer = 25;
    std::vector<std::vector<LogEntryRecord>> acknowledged(writers);
    const auto outcomes = race([&](int writer) {
        for (int i = 0; i < appends_per_writer; ++i) {
            const std::string citizen = "w" + std::to_string(writer);
            std::vector<NewLogEntry> batch{access_at(r.agency, 1000 + i, citizen)};
            if (i % 5 == 0) { // batches of two as well
                batch.push_back(access_at(r.agency, 1000 + i, citizen));
            }
            for (const AppendResult& result : log.append(batch)) {
                acknowledged[static_cast<std::size_t>(writer)].push_back(result.entry);
            }
        }
    });
    CHECK(count(outcomes, Outcome::done) == writers);

    std::map<std::int64_t, LogEntryRecord> by_seq;
    std::set<RowId> ids;
    for (const auto& entries : acknowledged) {
        for (const LogEntryRecord& entry : entries) {
            CHECK(by_seq.emplace(entry.seq, entry).second); // no seq handed out twice
            CHECK(ids.insert(entry.id).second);
        }
    }
    const auto total = static_cast<std::int64_t>(writers * (appends_per_writer + 5));
    REQUIRE(static_cast<std::int64_t>(by_seq.size()) == total);
    CHECK(by_seq.begin()->first == 1);
    CHECK(by_seq.rbegin()->first == total); // so 1..total, no gap
    std::vector<merkle::Hash> leaves;
    Bytes previous(32, 0);
    for (const auto& [seq, entry] : by_seq) {
        CAPTURE(seq);
        CHECK(entry.prev_hash == previous); // each linked to the one acknowledged before it
        previous = entry.hash;
        leaves.push_back(log_leaf_hash(canonical_log_encoding(entry, seq, entry.prev_hash)));
        const auto found = log.find(entry.id);
        REQUIRE(found.has_value());
        CHECK(found->seq == seq);
        CHECK(found->citizen_pseudonym == entry.citizen_pseudonym);
    }
    const ChainCheck check = log.verify_chain();
    CHECK(check.intact);
    CHECK(check.rows == total);
    const LogTreeHead head = log.tree_head();
    CHECK(head.size == total);
    CHECK(head.root == root_of(leaves, 0, leaves.size()));
    for (int writer = 0; writer < writers; ++writer) {
        CHECK(log.count_for_citizen("w" + std::to_string(writer)) == appends_per_writer + 5);
    }
}

TEST_CASE("of appends racing with one idempotency key one stores the entry, the others replay "
          "it") {
    PgRepositories r;
    PgAccessLogRepository log(r.pool);
    NewLogEntry keyed = access_at(r.agency, 1000, "p-erika");
    keyed.idempotency_key = "same";
    keyed.request_hash = Bytes(32, 7);
    std::vector<AppendResult> results(writers);
    const auto outcomes = race([&](int writer) {
        results[static_cast<std::size_t>(writer)] = log.append(std::span(&keyed, 1)).at(0);
    });
    CHECK(count(outcomes, Outcome::done) == writers);
    CHECK(std::count_if(results.begin(), results.end(),
                        [](const AppendResult& x) { return !x.replayed; }) == 1);
    for (const AppendResult& result : results) {
        CHECK(result.entry.id == results.front().entry.id);
        CHECK(result.entry.seq == 1);
    }
    CHECK(log.count_for_citizen("p-erika") == 1);
    CHECK(log.tree_head().size == 1);
}

TEST_CASE("retention racing appends deletes a prefix and leaves one verifying chain") {
    PgRepositories r;
    PgAccessLogRepository log(r.pool);
    constexpr int appends_per_writer = 20;
    std::atomic<UnixMillis> clock{1000};
    std::vector<std::int64_t> deleted_per_run;
    const auto outcomes = race([&](int writer) {
        for (int i = 0; i < appends_per_writer; ++i) {
            if (writer == 0) { // retention, ever later cutoffs
                deleted_per_run.push_back(
                    log.delete_recorded_before(clock.load(), PgRepositories::audit()));
            } else {
                log.append(std::vector{
                    access_at(r.agency, clock.fetch_add(1), "w" + std::to_string(writer))});
            }
        }
    });
    CHECK(count(outcomes, Outcome::done) == writers);
    const auto appended = static_cast<std::int64_t>((writers - 1) * appends_per_writer);
    std::int64_t deleted = 0;
    for (const std::int64_t run : deleted_per_run) {
        deleted += run;
    }
    const ChainCheck check = log.verify_chain();
    CHECK(check.intact);
    CHECK(check.rows == appended - deleted);
    CHECK(log.tree_head().size == appended);
    // What is left is the newest entries, seq deleted + 1 up to the last: a suffix.
    std::int64_t remaining = 0;
    for (int writer = 1; writer < writers; ++writer) {
        remaining += log.count_for_citizen("w" + std::to_string(writer));
    }
    CHECK(remaining == appended - deleted);
}
