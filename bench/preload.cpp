#include "preload.hpp"

#include "bench_fixture.hpp"
#include "clock.hpp"
#include "database_files.hpp"
#include "einblick/server/backend.hpp"
#include "einblick/server/purpose_service.hpp"
#include "einblick/server/sqlite_storage.hpp"
#include "einblick/shared/api_rules.hpp"
#include "spread.hpp"

#include <SQLiteCpp/Database.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unistd.h>
#include <vector>

namespace einblick::bench {
namespace {

using namespace einblick::server;
namespace fs = std::filesystem;

constexpr std::int64_t per_job = 10'000;   // entries per append(), one transaction
constexpr std::int64_t citizens = 100'000; // pseudonyms, computed once and reused
constexpr std::int64_t progress_every = 1'000'000;
constexpr UnixMillis year_millis = 365LL * 24 * 3'600'000;
// What the fixture holds besides the log; a file made with another is made again. 2: the
// citizen's objections and a DPO who can log in. 3: schema 12 (the log's numbers, codes and
// hashes), which a file of schema 11 would otherwise reach by rewriting its log on every copy.
// 4: schema 13 (the tree's nodes keyed by their last leaf), for the same reason.
constexpr int fixture_version = 4;

std::uintmax_t size_or_zero(const std::string& path) {
    std::error_code error;
    const std::uintmax_t size = fs::file_size(path, error);
    return error ? 0 : size;
}

// Copies the WAL back into the file and empties it, so the file alone is the database.
void checkpoint(const std::string& path) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

// What AccessService::evaluate finds for an agency's purpose: the version in force and its
// legal basis.
struct PurposeInForce {
    const BenchAgency* agency = nullptr;
    std::optional<RowId> version_id;
    std::string legal_basis;
};

class EntryMaker {
public:
    EntryMaker(Backend& backend, const Fixture& f, std::int64_t events)
        : events_(events), start_(backend.clock.now() - year_millis) {
        for (const BenchAgency& agency : f.agencies) {
            PurposeInForce p{&agency, std::nullopt, {}};
            if (const auto purpose = backend.purposes.find(agency.purpose)) {
                if (const PurposeVersionRecord* in_force = version_in_force(*purpose)) {
                    p.version_id = in_force->id;
                    p.legal_basis = in_force->content.legal_basis;
                }
            }
            purposes_.push_back(p);
        }
        const std::int64_t count = std::min(events, citizens);
        pseudonyms_.reserve(static_cast<std::size_t>(count));
        for (std::int64_t i = 0; i < count; ++i) {
            pseudonyms_.push_back(backend.pseudonymizer.pseudonym(citizen_id(static_cast<int>(i))));
        }
    }

    // As AccessService::base_entry and record / record_batch / check build it: an access
    // (two in three) or a check (allowed, or every 17th denied for a category its purpose does
    // not cover), reported within a minute of the access or, every 50th, up to three days later.
    // Recorded in order over the last year.
    NewLogEntry operator()(std::int64_t n) const {
        const std::uint64_t m = spread(static_cast<std::uint64_t>(n));
        const PurposeInForce& p = purposes_[(m >> 32) % purposes_.size()];
        NewLogEntry e;
        e.kind = n % 3 == 0 ? AccessKind::Check : AccessKind::Access;
        const bool denied = e.kind == AccessKind::Check && n % 17 == 0;
        e.outcome = denied ? AccessOutcome::Denied : AccessOutcome::Allowed;
        e.reason =
            to_text(denied ? api::AccessReason::CategoryNotCovered : api::AccessReason::Allowed);
        e.citizen_pseudonym = pseudonyms_[m % pseudonyms_.size()];
        e.agency_id = p.agency->record.id;
        e.purpose_id = p.agency->purpose;
        e.purpose_version_id = p.version_id;
        e.register_code = "melderegister";
        e.data_categories = denied ? std::vector<std::string>{"address", "income"}
                                   : std::vector<std::string>{"address"};
        e.legal_basis = p.legal_basis;
        e.recorded_at =
            start_ + static_cast<UnixMillis>(static_cast<double>(year_millis) *
                                             static_cast<double>(n) / static_cast<double>(events_));
        e.occurred_at = e.recorded_at;
        if (e.kind == AccessKind::Access) {
            e.correlation_id = "AZ-" + std::to_string(n);
            e.occurred_at -= n % 50 == 0 ? (n / 50 % 72 + 1) * 3'600'000 : n % 60'000;
        }
        return e;
    }

private:
    std::int64_t events_;
    UnixMillis start_;
    std::vector<PurposeInForce> purposes_;
    std::vector<std::string> pseudonyms_;
};

// The bulk path: `events` entries through the repository in jobs of `per_job`. Returns seconds.
double bulk_load(Backend& backend, const Fixture& f, std::int64_t events) {
    const EntryMaker entry(backend, f, events);
    backend.sqlite()->database.set_commits_durable(false);
    const auto start = Steady::now();
    auto last = start;
    std::vector<NewLogEntry> job;
    job.reserve(per_job);
    for (std::int64_t n = 0; n < events;) {
        job.clear();
        for (const std::int64_t end = std::min(events, n + per_job); n < end; ++n) {
            job.push_back(entry(n));
        }
        backend.storage.log.append(job);
        if (n % progress_every == 0 && n < events) {
            std::fprintf(stderr,
                         "preload: %lld of %lld entries, %.0f entries/s (last million %.0f/s)\n",
                         static_cast<long long>(n), static_cast<long long>(events),
                         static_cast<double>(n) / seconds_since(start),
                         static_cast<double>(progress_every) / seconds_since(last));
            last = Steady::now();
        }
    }
    const double seconds = seconds_since(start);
    backend.sqlite()->database.set_commits_durable(true);
    return seconds;
}

nlohmann::json to_json(const PreloadFigures& p) {
    return {{"events", p.events},   {"log_entries", p.log_entries},
            {"seconds", p.seconds}, {"events_per_s", p.events_per_s},
            {"made", p.made},       {"fixture", fixture_version}};
}

} // namespace

std::string preloaded_path(const std::string& dir, std::int64_t events, int agencies,
                           int history_rows) {
    return dir + "/preloaded-" + std::to_string(events) + "-" + std::to_string(agencies) +
           "agencies-" + std::to_string(history_rows) + "history.db";
}

void copy_database(const std::string& from, const std::string& to) {
    checkpoint(from);
    remove_database(to);
    fs::copy_file(from, to);
    // On disk before anything is measured: otherwise the kernel writes the gigabytes of the
    // copy back while the first path measures, and every fsync of that path waits behind them.
    const int fd = ::open(to.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0) {
        if (fd >= 0) {
            ::close(fd);
        }
        throw std::runtime_error("cannot flush the copy " + to);
    }
    ::close(fd);
}

PreloadFigures preload(const std::string& path, std::int64_t events, int agencies, int history_rows,
                       bool reuse) {
    // The figures of the load travel with the file: a reused file reports how it was made.
    const std::string sidecar = path + ".json";
    PreloadFigures p;
    if (reuse && fs::exists(path) && fs::exists(sidecar)) {
        const nlohmann::json made = nlohmann::json::parse(std::ifstream(sidecar));
        if (made.value("events", std::int64_t{-1}) == events &&
            made.value("fixture", 1) == fixture_version) {
            p.events = events;
            p.log_entries = made.at("log_entries").get<std::int64_t>();
            p.seconds = made.at("seconds").get<double>();
            p.events_per_s = made.at("events_per_s").get<double>();
            p.made = made.at("made").get<std::string>();
            p.reused = true;
            checkpoint(path);
            p.file_bytes = size_or_zero(path) + size_or_zero(path + "-wal");
            p.bytes_per_entry =
                static_cast<double>(p.file_bytes) / static_cast<double>(p.log_entries);
            std::cerr << "preload: reusing " << path << " (" << p.log_entries << " entries, made "
                      << p.made << ")\n";
            return p;
        }
    }
    // Made under another name and renamed when complete: an interrupted load is never reused.
    remove_database(path);
    fs::remove(sidecar);
    const std::string loading = path + ".loading";
    remove_database(loading);
    {
        SystemClock clock;
        Backend backend(backend_options(loading), clock);
        const Fixture f = prepare_directory(backend, agencies);
        p.seconds = bulk_load(backend, f, events);
        record_history(backend, f, history_rows);
        p.log_entries = backend.storage.log.tree_head().size;
    }
    checkpoint(loading);
    p.file_bytes = size_or_zero(loading) + size_or_zero(loading + "-wal");
    fs::rename(loading, path);
    remove_database(loading);
    p.events = events;
    p.events_per_s = static_cast<double>(events) / std::max(p.seconds, 1e-9);
    p.bytes_per_entry = static_cast<double>(p.file_bytes) / static_cast<double>(p.log_entries);
    p.made = utc_now();
    std::ofstream(sidecar) << to_json(p).dump(2) << '\n';
    std::fprintf(stderr,
                 "preload: %lld entries in %.1f s (%.0f entries/s), %s: %.1f MB, %.0f bytes per "
                 "entry\n",
                 static_cast<long long>(events), p.seconds, p.events_per_s, path.c_str(),
                 static_cast<double>(p.file_bytes) / 1e6, p.bytes_per_entry);
    return p;
}

} // namespace einblick::bench
