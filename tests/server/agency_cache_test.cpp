// The API-key cache in front of the agency store (issue 12): requests find their key's agency
// in memory, and a key's revocation is seen by the next request.
#include "einblick/server/caching_agency_repository.hpp"
#include "test_backend.hpp"

#include <doctest/doctest.h>
#include <functional>

using namespace einblick::testing;

namespace {

struct AgencyCacheFixture {
    AgencyCacheFixture() {
        kfz = backend.add_agency("kfz", "Kfz-Zulassung");
        key = backend.add_api_key(kfz);
    }
    Backend& b() { return *backend.backend; }
    std::optional<AgencyRecord> agency_for(const std::string& api_key) {
        return b().auth.agency_for_api_key(api_key);
    }
    RowId only_key_id() {
        const std::vector<ApiKeyRecord> keys = b().agencies.list_api_keys(kfz.id);
        REQUIRE(keys.size() == 1);
        return keys.front().id;
    }
    AuditEntry audit() {
        return {backend.clock.now(),
                ActorRole::Agency,
                std::nullopt,
                "api_key.revoked",
                "api_key",
                {},
                "{}"};
    }
    TestBackend backend;
    AgencyRecord kfz;
    std::string key;
};

// An agency store that runs `during_find` inside find_by_api_key_hash, after reading: a change
// that races with a look-up.
class RacingStore final : public AgencyRepository {
public:
    explicit RacingStore(AgencyRepository& inner) : inner_(inner) {}
    RowId create(const std::string& code, const std::string& name) override {
        return inner_.create(code, name);
    }
    std::optional<AgencyRecord> find_by_id(RowId id) override { return inner_.find_by_id(id); }
    std::optional<AgencyRecord> find_by_code(const std::string& code) override {
        return inner_.find_by_code(code);
    }
    std::vector<AgencyRecord> list() override { return inner_.list(); }
    RowId add_api_key(RowId agency_id, const Bytes& key_hash, const std::string& label,
                      const AuditEntry& audit) override {
        return inner_.add_api_key(agency_id, key_hash, label, audit);
    }
    void revoke_api_key(RowId agency_id, RowId key_id, const AuditEntry& audit) override {
        inner_.revoke_api_key(agency_id, key_id, audit);
    }
    std::vector<ApiKeyRecord> list_api_keys(RowId agency_id) override {
        return inner_.list_api_keys(agency_id);
    }
    std::optional<AgencyRecord> find_by_api_key_hash(const Bytes& key_hash) override {
        auto found = inner_.find_by_api_key_hash(key_hash);
        if (during_find) {
            std::exchange(during_find, nullptr)();
        }
        return found;
    }
    std::function<void()> during_find;

private:
    AgencyRepository& inner_;
};

} // namespace

TEST_CASE_FIXTURE(AgencyCacheFixture, "agency cache: a key's agency is found in memory after the "
                                      "first request") {
    const std::uint64_t before = b().agencies.hits();
    const auto first = agency_for(key);
    REQUIRE(first);
    CHECK(first->id == kfz.id);
    CHECK(first->code == "kfz");
    CHECK(first->name == "Kfz-Zulassung");
    const auto second = agency_for(key);
    REQUIRE(second);
    CHECK(second->id == kfz.id);
    CHECK(second->name == "Kfz-Zulassung");
    CHECK(b().agencies.hits() == before + 1);
}

TEST_CASE_FIXTURE(AgencyCacheFixture,
                  "agency cache: a revoked key is refused by the next request") {
    REQUIRE(agency_for(key));
    REQUIRE(agency_for(key)); // now from memory
    b().auth.revoke_api_key(kfz.id, only_key_id(), audit());
    CHECK_FALSE(agency_for(key));
    CHECK_FALSE(agency_for(key));
}

TEST_CASE_FIXTURE(AgencyCacheFixture, "agency cache: unknown keys are not remembered, and a key "
                                      "added after a miss is found") {
    const std::uint64_t before = b().agencies.hits();
    CHECK_FALSE(agency_for("ebk_unknown"));
    CHECK_FALSE(agency_for("ebk_unknown"));
    CHECK(b().agencies.hits() == before);
    b().auth.install_api_key(kfz.id, "ebk_installed-later", "later");
    const auto found = agency_for("ebk_installed-later");
    REQUIRE(found);
    CHECK(found->id == kfz.id);
}

TEST_CASE_FIXTURE(AgencyCacheFixture, "agency cache: a look-up that a revocation overtook is not "
                                      "kept") {
    RacingStore racing(b().storage.agencies);
    CachingAgencyRepository cache(racing);
    const Bytes key_hash = einblick::server::sha256(key);
    // The look-up reads the key as valid; before it returns, the key is revoked through the
    // cache. Its answer was right when read, but must not be remembered.
    racing.during_find = [&] { cache.revoke_api_key(kfz.id, only_key_id(), audit()); };
    CHECK(cache.find_by_api_key_hash(key_hash));
    CHECK_FALSE(cache.find_by_api_key_hash(key_hash));
    CHECK(cache.hits() == 0);
}

TEST_CASE_FIXTURE(AgencyCacheFixture, "agency cache: past its size it starts again and still "
                                      "answers right") {
    CachingAgencyRepository cache(b().storage.agencies, 2);
    std::vector<std::pair<std::string, RowId>> keys;
    for (int i = 0; i < 5; ++i) {
        const AgencyRecord agency = backend.add_agency("a" + std::to_string(i), "Agency");
        keys.emplace_back(backend.add_api_key(agency), agency.id);
    }
    for (int round = 0; round < 3; ++round) {
        for (const auto& [api_key, agency_id] : keys) {
            const auto found = cache.find_by_api_key_hash(einblick::server::sha256(api_key));
            REQUIRE(found);
            CHECK(found->id == agency_id);
        }
    }
    // Five keys in turn through a cache of two: it restarts before any key comes round again.
    CHECK(cache.hits() == 0);
    CHECK(cache.find_by_api_key_hash(einblick::server::sha256(keys.back().first)));
    CHECK(cache.hits() == 1);
}
