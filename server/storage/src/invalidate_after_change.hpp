#pragma once
// The guard the caching repositories (CachingPurposeRepository, CachingObjectionRepository)
// run every change through: one definition, so that both invalidate by the same rule.
//
// The cache is emptied once the inner write has returned, so once the change is durable, and
// also when the change threw: it may have been stored before the error reached us. Emptying
// also bumps the cache's generation under the exclusive lock: a load that began before the
// bump may have read the store from before the change, and does not keep what it read.

#include <mutex>
#include <shared_mutex>

namespace einblick::server {

// Runs `change()` and returns what it returns; then, under a unique lock on `mutex`, bumps
// `generation` and runs `drop()`, which empties the cache.
template <typename Generation, typename Drop, typename Change>
auto invalidate_after_change(std::shared_mutex& mutex, Generation& generation, Drop drop,
                             Change change) -> decltype(change()) {
    struct Invalidate {
        std::shared_mutex& mutex;
        Generation& generation;
        Drop& drop;
        ~Invalidate() {
            std::unique_lock lock(mutex);
            ++generation;
            drop();
        }
    } invalidate{mutex, generation, drop};
    return change();
}

} // namespace einblick::server
