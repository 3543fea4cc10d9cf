#include "einblick/server/caching_agency_repository.hpp"

#include "invalidate_after_change.hpp"

#include <mutex>

namespace einblick::server {

template <typename Change>
auto CachingAgencyRepository::changed(Change change) -> decltype(change()) {
    return invalidate_after_change(
        mutex_, generation_, [this] { by_key_hash_.clear(); }, change);
}

RowId CachingAgencyRepository::create(const std::string& code, const std::string& name) {
    return changed([&] { return inner_.create(code, name); });
}

RowId CachingAgencyRepository::add_api_key(RowId agency_id, const Bytes& key_hash,
                                           const std::string& label, const AuditEntry& audit) {
    return changed([&] { return inner_.add_api_key(agency_id, key_hash, label, audit); });
}

void CachingAgencyRepository::revoke_api_key(RowId agency_id, RowId key_id,
                                             const AuditEntry& audit) {
    changed([&] { inner_.revoke_api_key(agency_id, key_id, audit); });
}

std::optional<AgencyRecord> CachingAgencyRepository::find_by_api_key_hash(const Bytes& key_hash) {
    std::uint64_t generation = 0;
    {
        std::shared_lock lock(mutex_);
        if (const auto found = by_key_hash_.find(key_hash); found != by_key_hash_.end()) {
            ++hits_;
            return found->second;
        }
        generation = generation_;
    }
    std::optional<AgencyRecord> agency = inner_.find_by_api_key_hash(key_hash);
    if (agency) {
        std::unique_lock lock(mutex_);
        if (generation == generation_) { // no change since the read began
            if (by_key_hash_.size() >= max_entries_) {
                by_key_hash_.clear();
            }
            by_key_hash_.emplace(key_hash, *agency);
        }
    }
    return agency;
}

std::optional<AgencyRecord> CachingAgencyRepository::find_by_id(RowId id) {
    return inner_.find_by_id(id);
}

std::optional<AgencyRecord> CachingAgencyRepository::find_by_code(const std::string& code) {
    return inner_.find_by_code(code);
}

std::vector<AgencyRecord> CachingAgencyRepository::list() {
    return inner_.list();
}

std::vector<ApiKeyRecord> CachingAgencyRepository::list_api_keys(RowId agency_id) {
    return inner_.list_api_keys(agency_id);
}

} // namespace einblick::server
