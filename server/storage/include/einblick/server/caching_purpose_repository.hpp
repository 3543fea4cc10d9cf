#pragma once
// A purpose registry in front of another one that answers find() from memory.
//
// Every access check and every logged access looks its purpose up; a purpose changes a few
// times a year. Read from the database, that look-up (the purpose, its versions and their JSON
// lists) was a quarter of the CPU time of recording an access (BENCHMARKS.md, issue 12).
//
// Correct invalidation rests on one fact: this process is the database's only writer (the
// SQLite backend holds an exclusive lock on the file), and every change to a purpose goes
// through this object. Each change, once the inner write has returned (so once it is durable),
// empties the cache and bumps a generation; a load that began before the bump is not kept, as
// it may have read the registry from before the change. Every other call passes straight
// through.

#include "einblick/server/purpose_repository.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <shared_mutex>

namespace einblick::server {

class CachingPurposeRepository final : public PurposeRepository {
public:
    // Beyond this many cached purposes the cache starts over (a registry holds hundreds).
    static constexpr std::size_t max_entries = 10'000;

    explicit CachingPurposeRepository(PurposeRepository& inner) : inner_(inner) {}

    RowId create(RowId agency_id, const PurposeContent& content, const AuditEntry& audit) override;
    PurposeVersionRecord add_version(RowId purpose_id, const PurposeContent& content,
                                     const AuditEntry& audit) override;
    std::optional<PurposeRecord> find(RowId purpose_id) override;
    std::optional<PurposeVersionRecord> find_version(RowId version_id) override;
    std::vector<PurposeRecord> list(const PurposeFilter& filter) override;
    void decide(RowId version_id, PurposeStatus decision, RowId dpo_account_id,
                const std::string& reason, const AuditEntry& audit) override;
    void retire(RowId purpose_id, const std::string& reason, const AuditEntry& audit) override;

    // Look-ups answered from memory, and those that read the inner registry (for tests).
    std::uint64_t hits() const { return hits_; }
    std::uint64_t misses() const { return misses_; }

private:
    // Runs a change through the inner registry, then invalidates, also when the change threw
    // (it may have been stored before the error reached us).
    template <typename Change> auto changed(Change change) -> decltype(change());

    PurposeRepository& inner_;
    std::atomic<std::uint64_t> generation_{0};
    std::shared_mutex mutex_;
    std::map<RowId, std::optional<PurposeRecord>> entries_; // cleared by every change
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> misses_{0};
};

} // namespace einblick::server
