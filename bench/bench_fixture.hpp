#pragma once
// The same starting state for the in-process and the HTTP measurements: agencies with API
// keys and approved purposes, a DPO who can log in, and one citizen account with a history and
// pending objections. Built on a fresh database in a fixed order, so ids and keys are the same
// in both.

#include "einblick/server/backend.hpp"

#include <string>
#include <vector>

namespace einblick::bench {

struct BenchAgency {
    server::AgencyRecord record;
    std::string key;
    server::RowId purpose = 0;
};

struct Fixture {
    std::vector<BenchAgency> agencies;
    std::string citizen_id;
    std::string username = "buerger";
    std::string password = "Bench-Secret-2026";
    server::RowId dpo = 0; // a data protection officer for all agencies, who can log in
    std::string dpo_username = "dpo";
    std::string dpo_password = "Bench-Secret-2026";
};

// Pending objections of the citizen, one per purpose of the first agencies (record_history
// files them): what the DPO's queue shows.
inline constexpr int fixture_objections = 5;

// Options for a database at `path`, deleted first unless `keep` (a benchmark reusing a filled
// file). A postgresql:// URL is taken as it is: its schema or database was made fresh.
server::BackendOptions backend_options(const std::string& path, bool keep = false);
// The agencies, their keys and purposes, the citizen's account, then `history_rows` entries in
// the citizen's history and its objections: prepare_directory() followed by record_history().
Fixture prepare(server::Backend& backend, int agencies, int history_rows);
// prepare() in two steps, for a pre-loaded log between them (the history stays the newest).
Fixture prepare_directory(server::Backend& backend, int agencies);
// The history, then the citizen's objections (min(fixture_objections, agencies), to purposes,
// pending, no restriction asked: checks stay allowed). Adds no agency, key, purpose or account.
void record_history(server::Backend& backend, const Fixture& fixture, int history_rows);
// The fixture of a database prepared with `agencies` (the same ids and keys, built the same
// way on a scratch database), for a program that did not prepare that database itself.
Fixture rebuilt_fixture(int agencies);
std::string citizen_id(int n);
server::AccessRequest access_request(const Fixture& fixture, const BenchAgency& agency,
                                     int citizen);
// The same request as the JSON body the API takes.
std::string access_json(const Fixture& fixture, const BenchAgency& agency, int citizen);

} // namespace einblick::bench
