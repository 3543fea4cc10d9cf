#pragma once
// A fixed set of threads that run the edge's requests, with a bounded queue in front. A new job
// goes straight to the thread that became free last (a LIFO hand-over): it is woken alone, and
// its stack and caches are the warmest.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace einblick::server {

class WorkerPool {
public:
    WorkerPool(int threads, std::size_t max_queued);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False (and the job is not taken) when max_queued jobs are already waiting.
    bool submit(std::function<void()> job);
    // Drops the jobs still waiting, lets the running ones finish and joins the threads.
    void stop();
    // Threads waiting for a job.
    std::size_t idle_threads() const;

private:
    // A thread with nothing to do, waiting for a job handed to it alone.
    struct Waiting {
        std::condition_variable wake;
        std::function<void()> job;
    };

    void work();

    mutable std::mutex mutex_;
    std::vector<Waiting*> waiting_;          // the last one to wait is handed the next job
    std::deque<std::function<void()>> jobs_; // only while no thread waits
    std::size_t max_queued_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace einblick::server
