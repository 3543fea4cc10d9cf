#pragma once
// Names and scheduling of the server's own threads.
//
// Every durable write passes one serial thread: the storage writer (SQLite's or PostgreSQL's),
// which gathers the waiting writes into one commit. On a machine with few cores the request
// threads (the HTTP edge and its workers, 64 by default) outnumber the cores, and under Linux's
// default policy each of them preempts a running thread when it wakes up. Measured with 64
// writers over HTTP on 2 cores, the writer was preempted about 29,000 times in 8 s and waited
// on the run queue for a third of its time, while every request waited for it (BENCHMARKS.md,
// fifteenth stop). So the request threads run as SCHED_BATCH: a waking batch thread never
// preempts a running one (it waits for the tick or for the running thread to block), and it
// still gets its full share of the CPU, unlike a lower nice value. The writers run as SCHED_OTHER
// explicitly, whatever their creator's policy, so that they keep the wake-up preemption.
// Both policies are open to unprivileged processes.

#include <string>

namespace einblick::server {

// Names the calling thread, so that `top -H`, `ps -L`, perf and /proc/<pid>/task/*/comm tell
// the server's threads apart. Linux keeps 15 characters; longer names are cut.
void name_this_thread(const std::string& name);

// A request thread: from SCHED_OTHER to SCHED_BATCH (nice unchanged). Any other policy, such as
// a real-time one an operator chose with chrt, is left alone. False when nothing changed,
// also when the system refuses (a seccomp profile, say), which costs speed and nothing else.
bool enter_batch_policy();

// A writer: back from SCHED_BATCH to SCHED_OTHER, should its creator have been a request
// thread. Any other policy is left alone.
void leave_batch_policy();

// A request thread for as long as the scope lives (the thread that runs the edge's loop is the
// caller's, often the process's main thread).
class BatchPolicyScope {
public:
    BatchPolicyScope() : entered_(enter_batch_policy()) {}
    ~BatchPolicyScope() {
        if (entered_) {
            leave_batch_policy();
        }
    }
    BatchPolicyScope(const BatchPolicyScope&) = delete;
    BatchPolicyScope& operator=(const BatchPolicyScope&) = delete;

private:
    bool entered_;
};

} // namespace einblick::server
