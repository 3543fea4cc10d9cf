#include "bench_fixture.hpp"

#include "einblick/server/crypto.hpp"
#include "einblick/server/database_choice.hpp"
#include "einblick/shared/citizen_id.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace einblick::bench {

using namespace einblick::server;

std::string citizen_id(int n) {
    char ten[16];
    std::snprintf(ten, sizeof ten, "%010d", 1'000'000'000 + n % 999'999'999);
    return std::string(ten) + std::to_string(*citizen_id_check_digit(ten));
}

BackendOptions backend_options(const std::string& path, bool keep) {
    // A postgresql:// URL names a schema or database the caller made fresh (pg_bench.hpp).
    const bool file = database_backend(path) == DatabaseBackend::sqlite;
    for (const char* suffix : {"", "-wal", "-shm"}) {
        if (!keep && file) {
            std::filesystem::remove(path + suffix);
        }
    }
    BackendOptions o;
    o.database_path = path;
    o.pseudonym_key = Bytes(32, 1);
    return o;
}

AccessRequest access_request(const Fixture& fixture, const BenchAgency& agency, int citizen) {
    AccessRequest r;
    r.citizen_id = citizen < 0 ? fixture.citizen_id : citizen_id(citizen);
    r.purpose_id = agency.purpose;
    r.register_code = "melderegister";
    r.data_categories = {"address"};
    return r;
}

std::string access_json(const Fixture& fixture, const BenchAgency& agency, int citizen) {
    const std::string id = citizen < 0 ? fixture.citizen_id : citizen_id(citizen);
    return R"({"citizen_id":")" + id + R"(","purpose_id":)" + std::to_string(agency.purpose) +
           R"(,"register":"melderegister","data_categories":["address"]})";
}

Fixture prepare(Backend& backend, int agencies, int history_rows) {
    Fixture fixture = prepare_directory(backend, agencies);
    record_history(backend, fixture, history_rows);
    return fixture;
}

Fixture prepare_directory(Backend& backend, int agencies) {
    Fixture fixture;
    fixture.citizen_id = citizen_id(999'999);
    // Cheap hashing, as the citizen's below: the login is not what is measured.
    fixture.dpo = backend.storage.accounts.create(
        {fixture.dpo_username,
         hash_password(fixture.dpo_password, PasswordHashing{1, 8 * 1024}),
         "DPO",
         AccountRole::Dpo,
         {},
         {}},
        0);
    const RowId dpo = fixture.dpo;
    for (int i = 0; i < agencies; ++i) {
        BenchAgency agency;
        const std::string code = "bench-" + std::to_string(i);
        agency.record = {backend.agencies.create(code, "Benchmark-Behörde " + code), code,
                         "Benchmark-Behörde " + code};
        agency.key = "ebk_bench_" + code;
        backend.auth.install_api_key(agency.record.id, agency.key, "bench");
        api::PurposeContent content{"Benchmark", "Messung",         "§ 1 Test", "A6-1-e",
                                    {"address"}, {"melderegister"}, {},         730};
        agency.purpose =
            backend.purpose_service.propose(Actor::agency_key(agency.record.id), content).id;
        backend.purpose_service.decide(Actor::dpo(dpo, std::nullopt), agency.purpose, 1,
                                       PurposeDecision::Approve, "ok");
        fixture.agencies.push_back(agency);
    }
    // Cheap hashing: the login is not what is measured.
    backend.storage.accounts.create({fixture.username,
                                     hash_password(fixture.password, PasswordHashing{1, 8 * 1024}),
                                     "Bürger",
                                     AccountRole::Citizen,
                                     backend.pseudonymizer.pseudonym(fixture.citizen_id),
                                     {}},
                                    backend.clock.now());
    return fixture;
}

void record_history(Backend& backend, const Fixture& fixture, int history_rows) {
    for (int done = 0; done < history_rows; done += 1000) {
        const std::vector<AccessRequest> batch(1000,
                                               access_request(fixture, fixture.agencies[0], -1));
        backend.access.record_batch(fixture.agencies[0].record, batch, {});
    }
    const std::string pseudonym = backend.pseudonymizer.pseudonym(fixture.citizen_id);
    const auto account = backend.storage.accounts.find_by_username(fixture.username);
    const std::size_t objections =
        std::min(fixture.agencies.size(), static_cast<std::size_t>(fixture_objections));
    for (std::size_t i = 0; account && i < objections; ++i) {
        ObjectionRequest objection;
        objection.purpose_id = fixture.agencies[i].purpose;
        objection.reason = "Benchmark: Widerspruch " + std::to_string(i + 1);
        backend.objection_service.file(Actor::citizen(account->id), pseudonym, objection);
    }
}

Fixture rebuilt_fixture(int agencies) {
    SystemClock clock;
    Backend scratch(backend_options(":memory:"), clock);
    return prepare_directory(scratch, agencies);
}

} // namespace einblick::bench
