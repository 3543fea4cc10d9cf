// What PostgreSQL needs and SQLite's single writer never did: concurrent writes of the same row
// from several connections. Each repository serialises them by a row lock (SELECT … FOR
// UPDATE), so that the outcome is the one a single writer would produce: numbered versions
// without a clash, one winner and ConflictErrors for the others.
#include "einblick/server/pg/consent_repository.hpp"
#include "einblick/server/pg/identity_repository.hpp"
#include "einblick/server/pg/migrations.hpp"
#include "einblick/server/pg/objection_repository.hpp"
#include "einblick/server/pg/purpose_repository.hpp"

#include <algorithm>
#include <atomic>
#include <latch>
#include <test_cluster.hpp>
#include <thread>
#include <vector>

using namespace einblick::server;

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
