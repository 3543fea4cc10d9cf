#pragma once
// A fixed set of threads that run the edge's requests, with a bounded queue in front.

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

private:
    void work();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    std::size_t max_queued_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace einblick::server
