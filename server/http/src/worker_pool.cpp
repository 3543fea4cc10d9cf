#include "einblick/server/worker_pool.hpp"

#include "einblick/server/thread_setup.hpp"

#include <algorithm>
#include <utility>

namespace einblick::server {

WorkerPool::WorkerPool(int threads, std::size_t max_queued) : max_queued_(max_queued) {
    threads_.reserve(static_cast<std::size_t>(threads));
    for (int i = 0; i < threads; ++i) {
        threads_.emplace_back([this] { work(); });
    }
}

WorkerPool::~WorkerPool() {
    stop();
}

bool WorkerPool::submit(std::function<void()> job) {
    Waiting* waiting = nullptr;
    {
        std::lock_guard guard(mutex_);
        if (stopping_) {
            return false;
        }
        if (!waiting_.empty()) {
            waiting = waiting_.back(); // the one that waited least: its caches are still warm
            waiting_.pop_back();
            waiting->job = std::move(job);
        } else if (jobs_.size() >= max_queued_) {
            return false;
        } else {
            jobs_.push_back(std::move(job));
        }
    }
    if (waiting != nullptr) {
        waiting->wake.notify_one();
    }
    return true;
}

void WorkerPool::stop() {
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard guard(mutex_);
        stopping_ = true;
        dropped.swap(jobs_);
        for (Waiting* waiting : waiting_) {
            waiting->wake.notify_one();
        }
    }
    dropped.clear(); // released outside the lock
    for (std::thread& thread : threads_) {
        if (thread.joinable()) {
            thread.join();
        }
    }
}

std::size_t WorkerPool::idle_threads() const {
    std::lock_guard guard(mutex_);
    return waiting_.size();
}

void WorkerPool::work() {
    name_this_thread("http-worker");
    Waiting self;
    std::unique_lock lock(mutex_);
    for (;;) {
        std::function<void()> job;
        if (!jobs_.empty()) {
            job = std::move(jobs_.front());
            jobs_.pop_front();
        } else if (!stopping_) {
            waiting_.push_back(&self);
            self.wake.wait(lock, [&] { return stopping_ || self.job != nullptr; });
            job = std::exchange(self.job, nullptr);
        }
        if (stopping_) {
            waiting_.erase(std::remove(waiting_.begin(), waiting_.end(), &self), waiting_.end());
            lock.unlock();
            return; // a job handed over but not started is dropped like a queued one
        }
        lock.unlock();
        job();
        job = nullptr; // whatever the job holds is released outside the lock
        lock.lock();
    }
}

} // namespace einblick::server
