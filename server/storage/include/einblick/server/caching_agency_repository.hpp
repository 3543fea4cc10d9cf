#pragma once
// An agency store in front of another one that answers find_by_api_key_hash() from memory.
//
// Every request an agency sends names its API key, and finding the key's agency was a read
// transaction per request (BENCHMARKS.md, issue 12), the same cost the objection cache took
// off every event. This cache remembers the keys it has found; it never remembers a key it
// did not find, so unknown keys cannot fill it.
//
// Correct invalidation rests on the same fact as the other caches': this process is the
// database's only writer, and every change to an agency or a key goes through this object.
// Each change, once the inner write has returned, empties the cache and bumps a generation; a
// look-up that began before the bump does not keep what it read. So a revoked key is refused
// from the moment its revocation is acknowledged. Past `max_entries` keys the cache is emptied
// and fills again from the requests that follow.

#include "einblick/server/identity_repository.hpp"

#include <atomic>
#include <cstdint>
#include <map>
#include <shared_mutex>

namespace einblick::server {

class CachingAgencyRepository final : public AgencyRepository {
public:
    static constexpr std::size_t default_max_entries = 100'000;

    explicit CachingAgencyRepository(AgencyRepository& inner,
                                     std::size_t max_entries = default_max_entries)
        : inner_(inner), max_entries_(max_entries) {}

    RowId create(const std::string& code, const std::string& name) override;
    std::optional<AgencyRecord> find_by_id(RowId id) override;
    std::optional<AgencyRecord> find_by_code(const std::string& code) override;
    std::vector<AgencyRecord> list() override;
    RowId add_api_key(RowId agency_id, const Bytes& key_hash, const std::string& label,
                      const AuditEntry& audit) override;
    void revoke_api_key(RowId agency_id, RowId key_id, const AuditEntry& audit) override;
    std::vector<ApiKeyRecord> list_api_keys(RowId agency_id) override;
    std::optional<AgencyRecord> find_by_api_key_hash(const Bytes& key_hash) override;

    // Look-ups answered from memory (for tests).
    std::uint64_t hits() const { return hits_; }

private:
    template <typename Change> auto changed(Change change) -> decltype(change());

    AgencyRepository& inner_;
    const std::size_t max_entries_;
    std::shared_mutex mutex_;
    std::uint64_t generation_ = 0; // guarded by mutex_
    std::map<Bytes, AgencyRecord> by_key_hash_;
    std::atomic<std::uint64_t> hits_{0};
};

} // namespace einblick::server
