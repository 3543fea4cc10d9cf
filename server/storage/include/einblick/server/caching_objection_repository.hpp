#pragma once
// An objection store in front of another one that answers block_for() from memory.
//
// Every access check and every logged access asks whether the citizen's objections block the
// purpose. Asked of the database, that was a read transaction per event: 10 % of the CPU time
// of recording accesses, more than the look-up itself (BENCHMARKS.md, issue 12). Few
// (citizen, purpose) pairs are ever blocked, by an upheld objection or a pending one with
// restriction requested; this cache holds all of them, so a pair it does not hold is not
// blocked.
//
// Correct invalidation rests on the same fact as CachingPurposeRepository's: this process is
// the database's only writer, and every change to an objection goes through this object. Each
// change, once the inner write has returned, drops the set and bumps a generation; a load that
// began before the bump is not kept. With more blocked pairs than `max_entries` the cache keeps
// nothing and every look-up goes to the inner store (tried again after the next change).

#include "einblick/server/objection_repository.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <shared_mutex>
#include <utility>

namespace einblick::server {

class CachingObjectionRepository final : public ObjectionRepository {
public:
    static constexpr std::size_t default_max_entries = 200'000;

    explicit CachingObjectionRepository(ObjectionRepository& inner,
                                        std::size_t max_entries = default_max_entries)
        : inner_(inner), max_entries_(max_entries) {}

    ObjectionRecord create(const NewObjection& objection, const AuditEntry& audit) override;
    std::optional<ObjectionRecord> find(RowId id) override;
    std::vector<ObjectionRecord> list_for_citizen(const std::string& citizen_pseudonym) override;
    std::vector<ObjectionRecord> queue(const ObjectionQueueFilter& filter) override;
    ObjectionRecord extend(RowId id, int expected_revision, UnixMillis new_due_at,
                           const std::string& reason, const AuditEntry& audit) override;
    ObjectionRecord decide(RowId id, int expected_revision, ObjectionStatus decision,
                           RowId dpo_account_id, const std::string& reason,
                           const AuditEntry& audit) override;
    ObjectionBlock block_for(const std::string& citizen_pseudonym, RowId purpose_id) override;
    std::vector<BlockingObjections> blocking(std::size_t limit) override;

    // Look-ups answered from memory, and loads of the blocked pairs (for tests).
    std::uint64_t hits() const { return hits_; }
    std::uint64_t loads() const { return loads_; }

private:
    enum class State { Unloaded, Loaded, TooMany };
    using Key = std::pair<std::string, RowId>;

    template <typename Change> auto changed(Change change) -> decltype(change());
    // Loads the blocked pairs unless a change raced with the load.
    void load();

    ObjectionRepository& inner_;
    const std::size_t max_entries_;
    std::shared_mutex mutex_;
    std::uint64_t generation_ = 0; // guarded by mutex_
    State state_ = State::Unloaded;
    std::map<Key, ObjectionBlock> blocked_;
    std::atomic<std::uint64_t> hits_{0};
    std::atomic<std::uint64_t> loads_{0};
};

} // namespace einblick::server
