#include "access_log_append.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/storage_health.hpp"
#include "einblick/server/thread_setup.hpp"

#include <algorithm>
#include <chrono>
#include <einblick/server/pg/append_writer.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <exception>
#include <future>
#include <string>

namespace einblick::server::pg {

// One caller's append, waiting in the queue and then in a batch.
struct AppendWriter::Call {
    std::span<const NewLogEntry> entries;
    std::vector<CanonicalLogParts> parts;
    std::vector<AppendResult> results;
    std::exception_ptr error;
    std::promise<void> answered;
};

AppendWriter::AppendWriter(Pool& pool, ReplicaReads* reads)
    : pool_(pool), reads_(reads), thread_([this] { writer_loop(); }) {}

AppendWriter::~AppendWriter() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
}

std::vector<AppendResult> AppendWriter::append(std::span<const NewLogEntry> entries) {
    Call call;
    call.entries = entries;
    // Encoded on the caller's thread, before queueing: the batch adds only seq and prev_hash.
    call.parts.reserve(entries.size());
    for (const NewLogEntry& entry : entries) {
        call.parts.push_back(canonical_log_parts(entry));
    }
    std::future<void> answered = call.answered.get_future();
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            throw StorageUnavailable("the access log's writer is stopping");
        }
        queue_.push_back(&call);
    }
    changed_.notify_all();
    answered.get();
    if (call.error) {
        std::rethrow_exception(call.error);
    }
    return std::move(call.results);
}

AppendStatistics AppendWriter::statistics() const {
    std::lock_guard lock(mutex_);
    return statistics_;
}

std::size_t AppendWriter::queued_calls() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

bool AppendWriter::writes_failing() const {
    std::lock_guard lock(mutex_);
    return writes_failing_;
}

bool AppendWriter::probe_write() {
    try {
        Pool::Lease connection = pool_.acquire();
        Transaction transaction(*connection);
        transaction.execute("UPDATE access_log_head SET last_seq = last_seq WHERE id = 1");
        transaction.commit();
    } catch (const std::exception&) {
        return false;
    }
    std::lock_guard lock(mutex_);
    writes_failing_ = false;
    return true;
}

void AppendWriter::pause() {
    std::lock_guard lock(mutex_);
    paused_ = true;
}

void AppendWriter::resume() {
    {
        std::lock_guard lock(mutex_);
        paused_ = false;
    }
    changed_.notify_all();
}

void AppendWriter::writer_loop() {
    name_this_thread("pg-writer");
    leave_batch_policy(); // the one serial thread keeps wake-up preemption (thread_setup.hpp)
    for (;;) {
        std::vector<Call*> batch;
        {
            std::unique_lock lock(mutex_);
            // Stopping overrides a pause: every accepted call is answered before the thread ends.
            changed_.wait(lock, [this] { return stopping_ || (!paused_ && !queue_.empty()); });
            if (queue_.empty()) {
                return; // stopping, and every accepted call has been answered
            }
            while (!queue_.empty() && batch.size() < max_calls_per_batch) {
                batch.push_back(queue_.front());
                queue_.pop_front();
            }
        }
        run_batch(batch);
    }
}

void AppendWriter::run_batch(std::vector<Call*>& batch) {
    bool committed = false;
    bool call_by_call = false;
    double commit_seconds = 0;
    std::uint64_t round_trips = 0;
    try {
        // A connection per batch from the pool: an idle one costs no round trip, none is held
        // while no one appends, and a broken one is closed by the pool when its lease ends, so
        // that the next batch runs on a new connection.
        Pool::Lease connection = pool_.acquire();
        const auto begun = std::chrono::steady_clock::now();
        const std::uint64_t round_trips_before = connection->round_trips();
        if (!run_together(*connection, batch)) {
            call_by_call = true;
            Transaction transaction(*connection);
            run_calls(*connection, batch);
            transaction.commit();
        }
        committed = true;
        commit_seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - begun).count();
        round_trips = connection->round_trips() - round_trips_before;
        if (reads_ != nullptr && reads_->has_replica()) {
            // Before anyone is answered: a caller's next read already knows its commit.
            reads_->committed(*connection, appended_citizens(batch));
        }
    } catch (const std::exception& failure) {
        // The batch as a whole failed (connection lost, commit refused): the transaction was
        // rolled back, so none of its calls is stored, whatever each of them did before.
        const std::exception_ptr unavailable = std::make_exception_ptr(
            StorageUnavailable(std::string("the access log cannot store: ") + failure.what()));
        fail_all(batch, unavailable);
    } catch (...) {
        // Nothing but std::exception is thrown below; should anything else be, it must not
        // end the writer thread and leave the callers waiting.
        fail_all(batch, std::make_exception_ptr(
                            StorageUnavailable("the access log cannot store: unknown failure")));
    }
    answer(batch, committed, commit_seconds, call_by_call, round_trips);
}

bool AppendWriter::run_together(Connection& c, std::vector<Call*>& batch) {
    std::vector<CallEntries> calls;
    calls.reserve(batch.size());
    for (const Call* call : batch) {
        calls.push_back({call->entries, call->parts});
    }
    Transaction transaction(c);
    try {
        AppendBatch appends(c);
        auto results = appends.append_together(calls);
        if (!results) {
            return false;
        }
        appends.finish();
        for (std::size_t i = 0; i < batch.size(); ++i) {
            batch[i]->results = std::move((*results)[i]);
        }
    } catch (const std::exception&) {
        // A call's own failure, most likely (or the connection's, which the run call by call
        // meets again at its BEGIN): the transaction rolls back as it goes out of scope.
        for (Call* call : batch) {
            call->results.clear();
        }
        return false;
    }
    // Outside the try: a commit that fails fails the batch; whether it took effect is not
    // known, so it is never run again.
    transaction.commit();
    return true;
}

// A SAVEPOINT per call rather than validating every call before writing: what makes a call
// fail is known only by running it (an idempotency key used by an earlier call of the same
// batch, a foreign key, an unknown agency), and a failed statement aborts PostgreSQL's whole
// transaction unless a savepoint takes it back. A savepoint costs two short round trips.
void AppendWriter::run_calls(Connection& c, std::vector<Call*>& batch) {
    AppendBatch appends(c); // the head's lock, once for the batch
    for (Call* call : batch) {
        c.execute_script("SAVEPOINT append_call");
        appends.mark();
        try {
            call->results = appends.append(call->entries, call->parts);
        } catch (...) {
            call->error = std::current_exception();
        }
        if (call->error) {
            // Takes back the call's rows; throws, failing the batch, when the connection is
            // gone (then the call's own error was most likely that).
            c.execute_script("ROLLBACK TO SAVEPOINT append_call");
            appends.roll_back_to_mark();
        }
        c.execute_script("RELEASE SAVEPOINT append_call");
    }
    appends.finish();
}

std::vector<std::string> AppendWriter::appended_citizens(const std::vector<Call*>& batch) {
    std::vector<std::string> citizens;
    for (const Call* call : batch) {
        if (call->error) {
            continue;
        }
        for (const AppendResult& result : call->results) {
            if (!result.replayed) {
                citizens.push_back(result.entry.citizen_pseudonym);
            }
        }
    }
    std::sort(citizens.begin(), citizens.end());
    citizens.erase(std::unique(citizens.begin(), citizens.end()), citizens.end());
    return citizens;
}

void AppendWriter::fail_all(std::vector<Call*>& batch, const std::exception_ptr& error) {
    for (Call* call : batch) {
        call->results.clear();
        call->error = error;
    }
}

void AppendWriter::answer(std::vector<Call*>& batch, bool committed, double commit_seconds,
                          bool call_by_call, std::uint64_t round_trips) {
    {
        // Counted before anyone is answered, so that a caller reads counts that include its call.
        std::lock_guard lock(mutex_);
        statistics_.calls += batch.size();
        // Settled before anyone is answered, so that a readiness check after the answer sees it.
        writes_failing_ = !committed;
        if (committed) {
            statistics_.commits += 1;
            statistics_.batch_sizes.observe(static_cast<double>(batch.size()));
            statistics_.commit_seconds.observe(commit_seconds);
            statistics_.commits_call_by_call += call_by_call ? 1 : 0;
            statistics_.round_trips += round_trips;
        }
    }
    for (Call* call : batch) {
        call->answered.set_value();
    }
}

} // namespace einblick::server::pg
