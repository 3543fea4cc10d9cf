#include "einblick/server/caching_objection_repository.hpp"

#include "invalidate_after_change.hpp"

#include <mutex>

namespace einblick::server {

template <typename Change>
auto CachingObjectionRepository::changed(Change change) -> decltype(change()) {
    return invalidate_after_change(
        mutex_, generation_,
        [this] {
            state_ = State::Unloaded;
            blocked_.clear();
        },
        change);
}

ObjectionRecord CachingObjectionRepository::create(const NewObjection& objection,
                                                   const AuditEntry& audit) {
    return changed([&] { return inner_.create(objection, audit); });
}

ObjectionRecord CachingObjectionRepository::extend(RowId id, int expected_revision,
                                                   UnixMillis new_due_at, const std::string& reason,
                                                   const AuditEntry& audit) {
    return changed([&] { return inner_.extend(id, expected_revision, new_due_at, reason, audit); });
}

ObjectionRecord CachingObjectionRepository::decide(RowId id, int expected_revision,
                                                   ObjectionStatus decision, RowId dpo_account_id,
                                                   const std::string& reason,
                                                   const AuditEntry& audit) {
    return changed([&] {
        return inner_.decide(id, expected_revision, decision, dpo_account_id, reason, audit);
    });
}

void CachingObjectionRepository::load() {
    std::uint64_t generation = 0;
    {
        std::shared_lock lock(mutex_);
        generation = generation_;
    }
    ++loads_;
    // One more than fits: then there are too many to hold.
    std::vector<BlockingObjections> found = inner_.blocking(max_entries_ + 1);
    std::unique_lock lock(mutex_);
    if (generation_ != generation || state_ != State::Unloaded) {
        return; // a change finished meanwhile (what we read may predate it), or loaded already
    }
    if (found.size() > max_entries_) {
        state_ = State::TooMany;
        return;
    }
    for (BlockingObjections& pair : found) {
        blocked_.emplace(Key{std::move(pair.citizen_pseudonym), pair.purpose_id}, pair.block);
    }
    state_ = State::Loaded;
}

ObjectionBlock CachingObjectionRepository::block_for(const std::string& citizen_pseudonym,
                                                     RowId purpose_id) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        {
            std::shared_lock lock(mutex_);
            if (state_ == State::Loaded) {
                ++hits_;
                const auto it = blocked_.find(Key{citizen_pseudonym, purpose_id});
                return it == blocked_.end() ? ObjectionBlock{} : it->second;
            }
            if (state_ == State::TooMany) {
                break;
            }
        }
        if (attempt == 0) {
            load();
        }
    }
    return inner_.block_for(citizen_pseudonym, purpose_id);
}

std::optional<ObjectionRecord> CachingObjectionRepository::find(RowId id) {
    return inner_.find(id);
}

std::vector<ObjectionRecord>
CachingObjectionRepository::list_for_citizen(const std::string& citizen_pseudonym) {
    return inner_.list_for_citizen(citizen_pseudonym);
}

std::vector<ObjectionRecord> CachingObjectionRepository::queue(const ObjectionQueueFilter& filter) {
    return inner_.queue(filter);
}

std::vector<BlockingObjections> CachingObjectionRepository::blocking(std::size_t limit) {
    return inner_.blocking(limit);
}

} // namespace einblick::server
