#include "einblick/server/caching_purpose_repository.hpp"

#include "invalidate_after_change.hpp"

#include <mutex>

namespace einblick::server {

template <typename Change>
auto CachingPurposeRepository::changed(Change change) -> decltype(change()) {
    return invalidate_after_change(
        mutex_, generation_, [this] { entries_.clear(); }, change);
}

RowId CachingPurposeRepository::create(RowId agency_id, const PurposeContent& content,
                                       const AuditEntry& audit) {
    return changed([&] { return inner_.create(agency_id, content, audit); });
}

PurposeVersionRecord CachingPurposeRepository::add_version(RowId purpose_id,
                                                           const PurposeContent& content,
                                                           const AuditEntry& audit) {
    return changed([&] { return inner_.add_version(purpose_id, content, audit); });
}

void CachingPurposeRepository::decide(RowId version_id, PurposeStatus decision,
                                      RowId dpo_account_id, const std::string& reason,
                                      const AuditEntry& audit) {
    changed([&] { inner_.decide(version_id, decision, dpo_account_id, reason, audit); });
}

void CachingPurposeRepository::retire(RowId purpose_id, const std::string& reason,
                                      const AuditEntry& audit) {
    changed([&] { inner_.retire(purpose_id, reason, audit); });
}

std::optional<PurposeRecord> CachingPurposeRepository::find(RowId purpose_id) {
    std::uint64_t generation = 0;
    {
        std::shared_lock lock(mutex_);
        generation = generation_;
        if (const auto it = entries_.find(purpose_id); it != entries_.end()) {
            ++hits_;
            return it->second;
        }
    }
    ++misses_;
    std::optional<PurposeRecord> purpose = inner_.find(purpose_id);
    std::unique_lock lock(mutex_);
    // A change finished while we read: what we read may be from before it. Not kept.
    if (generation_ == generation) {
        if (entries_.size() >= max_entries) {
            entries_.clear();
        }
        entries_[purpose_id] = purpose;
    }
    return purpose;
}

std::optional<PurposeVersionRecord> CachingPurposeRepository::find_version(RowId version_id) {
    return inner_.find_version(version_id);
}

std::vector<PurposeRecord> CachingPurposeRepository::list(const PurposeFilter& filter) {
    return inner_.list(filter);
}

} // namespace einblick::server
