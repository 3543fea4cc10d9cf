#pragma once
// The same starting state for the in-process and the HTTP measurements: agencies with API
// keys and approved purposes, and one citizen account with a history. Built on a fresh
// database in a fixed order, so ids and keys are the same in both.

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
};

// Options for a database at `path`, deleted first unless `keep` (a benchmark reusing a filled
// file).
server::BackendOptions backend_options(const std::string& path, bool keep = false);
Fixture prepare(server::Backend& backend, int agencies, int history_rows);
std::string citizen_id(int n);
server::AccessRequest access_request(const Fixture& fixture, const BenchAgency& agency,
                                     int citizen);
// The same request as the JSON body the API takes.
std::string access_json(const Fixture& fixture, const BenchAgency& agency, int citizen);

} // namespace einblick::bench
