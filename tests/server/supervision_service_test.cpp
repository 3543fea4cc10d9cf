// A DPO's view of one agency's log: only that agency, every citizen, pseudonymous references,
// the history's filters and paging, and the DPO's scope.
#include "einblick/server/supervision_service.hpp"
#include "test_backend.hpp"

#include <doctest/doctest.h>
#include <set>

using namespace einblick::testing;

namespace {

struct SupervisionFixture {
    SupervisionFixture() {
        kfz = backend.add_agency("kfz", "Kfz-Zulassung");
        polizei = backend.add_agency("polizei", "Polizei");
        kfz_purpose = backend.approved_purpose(kfz);
        polizei_purpose = backend.approved_purpose(polizei);
        dpo_all = Actor::dpo(backend.add_dpo("dsb", "pw"), std::nullopt);
        dpo_polizei = Actor::dpo(backend.add_dpo("dsb-polizei", "pw", polizei.id), polizei.id);
    }

    void record(const AgencyRecord& agency, RowId purpose, const std::string& citizen_id,
                UnixMillis at) {
        AccessRequest r;
        r.citizen_id = citizen_id;
        r.purpose_id = purpose;
        r.register_code = "melderegister";
        r.data_categories = {"address"};
        r.occurred_at = at;
        backend.backend->access.record(agency, r, {});
    }

    SupervisionService& supervision() { return backend.backend->supervision; }

    TestBackend backend;
    AgencyRecord kfz;
    AgencyRecord polizei;
    RowId kfz_purpose = 0;
    RowId polizei_purpose = 0;
    Actor dpo_all;
    Actor dpo_polizei;
    std::string erika = valid_citizen_id("4567890123");
    std::string max = valid_citizen_id("1234567890");
};

} // namespace

TEST_CASE_FIXTURE(SupervisionFixture,
                  "a DPO reads one agency's entries of all citizens, newest first") {
    record(kfz, kfz_purpose, erika, test_now - 3 * day);
    record(polizei, polizei_purpose, erika, test_now - 2 * day);
    record(kfz, kfz_purpose, max, test_now - day);
    record(kfz, kfz_purpose, erika, test_now - 1000);

    const api::AccessEventPage page = supervision().agency_accesses(dpo_all, "kfz", {});
    REQUIRE(page.items.size() == 3);
    CHECK_FALSE(page.next_cursor);
    CHECK(page.items[0].occurred_at == test_now - 1000);
    CHECK(page.items[2].occurred_at == test_now - 3 * day);
    std::set<std::string> references;
    for (const auto& item : page.items) {
        CHECK(item.agency_code == "kfz");
        REQUIRE(item.citizen_ref);
        CHECK(item.citizen_ref->size() == 12);
        CHECK(item.citizen_ref->rfind("B-", 0) == 0);
        // Never the pseudonym or a prefix of it.
        CHECK(backend.pseudonym(erika).find(item.citizen_ref->substr(2)) == std::string::npos);
        references.insert(*item.citizen_ref);
    }
    // Erika twice, Max once: equal citizens, equal references.
    CHECK(references.size() == 2);
    CHECK(page.items[0].citizen_ref == page.items[2].citizen_ref);
    CHECK(page.items[0].citizen_ref != page.items[1].citizen_ref);
}

TEST_CASE_FIXTURE(SupervisionFixture, "the agency view pages with the history's cursor") {
    for (int i = 0; i < 5; ++i) {
        record(kfz, kfz_purpose, erika, test_now - (i + 1) * day);
    }
    HistoryQuery query;
    query.limit = 2;
    std::vector<UnixMillis> seen;
    for (int pages = 0; pages < 5; ++pages) {
        const auto page = supervision().agency_accesses(dpo_all, "kfz", query);
        for (const auto& item : page.items) {
            seen.push_back(item.occurred_at);
        }
        if (!page.next_cursor) {
            break;
        }
        query.cursor = page.next_cursor;
    }
    REQUIRE(seen.size() == 5);
    CHECK(std::is_sorted(seen.rbegin(), seen.rend()));
    query = {};
    query.filter.from = test_now - 2 * day - 1;
    CHECK(supervision().agency_accesses(dpo_all, "kfz", query).items.size() == 2);
}

TEST_CASE_FIXTURE(SupervisionFixture, "only DPOs, and a scoped DPO only for their agency") {
    record(kfz, kfz_purpose, erika, test_now - day);
    CHECK(service_error_of([&] { supervision().agency_accesses(dpo_polizei, "kfz", {}); }) ==
          ErrorKind::NotFound);
    CHECK(service_error_of([&] { supervision().agency_accesses(dpo_all, "nirgends", {}); }) ==
          ErrorKind::NotFound);
    CHECK(supervision().agency_accesses(dpo_polizei, "polizei", {}).items.empty());
    CHECK(service_error_of([&] {
              supervision().agency_accesses(Actor::agency_staff(1, kfz.id), "kfz", {});
          }) == ErrorKind::Forbidden);
    HistoryQuery bad;
    bad.limit = 0;
    CHECK(service_error_of([&] { supervision().agency_accesses(dpo_all, "kfz", bad); }) ==
          ErrorKind::Validation);
}
