#pragma once
// Names and scheduling of the server's own threads.
//
// Every durable write passes one serial thread: the storage writer (SQLite's or PostgreSQL's),
// which gathers the waiting writes into one commit. On a machine with few cores the request
// workers (64 by default) outnumber the cores, and under Linux's default policy each of them
// preempts a running thread when it wakes up, the writer too. Measured with 64 writers over
// HTTP on 2 cores, the writer was preempted about 29,000 times in 8 s (BENCHMARKS.md, fifteenth
// stop). So a worker runs a write as SCHED_BATCH: waking up, a batch thread never preempts a
// running one (it waits for the tick or for the running thread to block), and it keeps its full
// share of the CPU, unlike a lower priority (which starved the writer's batches: eleventh
// stop). A write waits for the writer's commit anyway. A read is answered to someone who waits
// for it and is short: it keeps SCHED_OTHER, and so does the access check, which an official
// waits on before each access and whose p99 has a target of its own (twenty-first stop). The
// writers run as SCHED_OTHER explicitly, whatever their creator's policy. Work nobody waits for,
// SQLite's copies of its write-ahead log back into the file, runs as SCHED_IDLE: only on a core
// that no other thread wants. At full normal share each copy of up to 1,000 pages took a core from
// the writer and the workers. On 2 cores at 10 M entries the access check's p99 fell from 12-14 ms
// to about 3.5 ms over HTTP, and from about 4.7 to 1.6-1.9 ms in process, when it gave way
// (BENCHMARKS.md, eighteenth stop). These policies are open to unprivileged processes; a policy an
// operator chose (`chrt`) is left alone, and where the system refuses, only speed changes.

#include <string>

namespace einblick::server {

// Names the calling thread, so that `top -H`, `ps -L`, perf and /proc/<pid>/task/*/comm tell
// the server's threads apart. Linux keeps 15 characters; longer names are cut.
void name_this_thread(const std::string& name);

// How a request thread is scheduled for the request it runs next.
enum class RequestKind {
    // SCHED_OTHER: reads (GET and HEAD), and the few writes someone waits on before acting (the
    // access check, asked before each access). A batch thread woken by the writer's commit waits
    // for the tick or for another thread to block when both cores are busy; for the check that
    // wait was its tail (BENCHMARKS.md, twenty-first stop).
    Prompt,
    // SCHED_BATCH: every other write. Waking up, it never preempts the storage writer.
    Batch,
};

// Sets the calling request thread's policy for its next request. The first call on a thread
// decides whether its policy is the server's to change (it is SCHED_OTHER then); later calls
// change it only when the kind changes, so a run of writes or of reads costs no system call.
void set_policy_for_request(RequestKind kind);

// A writer: back from SCHED_BATCH to SCHED_OTHER, should its creator have run as SCHED_BATCH
// (a request thread). Any other policy is left alone.
void leave_batch_policy();

// Background work: SCHED_IDLE, unless the calling thread runs under a policy other than
// SCHED_OTHER and SCHED_BATCH. Unprivileged, the thread cannot go back.
void run_only_on_idle_cores();

} // namespace einblick::server
