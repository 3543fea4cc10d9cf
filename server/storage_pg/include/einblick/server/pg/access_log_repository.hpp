#pragma once
// The access log on PostgreSQL, with the semantics of SqliteAccessLogRepository: the same
// gapless seq, hash chain (log_chain.hpp), Merkle tree nodes numbered as SQLite's (node =
// last leaf * 64 + level), hourly counts, idempotency answers, orders, paging and errors.
//
// Appends go through one pg::AppendWriter, which gathers the calls queued at that moment into
// one transaction and one durable commit (group commit, as SQLite's single writer does). The
// writer's batch and retention both take `access_log_head` FOR UPDATE first, inside their
// transactions, so that they run one after the other and produce one chain even should another
// process append to the same database (docs/SCALE-OUT.md).
//
// With a pg::ReplicaReads that has a replica, a citizen's history pages and statistics, an
// agency's page and the weekly counts are read from the replica when that is safe
// (pg/replica_reads.hpp); every other read, and every write, goes to the primary's pool.

#include "einblick/server/access_log_repository.hpp"

#include <einblick/server/pg/append_writer.hpp>
#include <einblick/server/pg/pool.hpp>
#include <einblick/server/pg/replica_reads.hpp>
#include <memory>

namespace einblick::server {

// A statement and its parameters, as a history page is read (for the tests of its plans).
struct PageQuery {
    std::string sql;
    pg::Params params;
};

class PgAccessLogRepository final : public AccessLogRepository {
public:
    // Starts the appends' writer thread; the destructor answers every accepted append first.
    explicit PgAccessLogRepository(pg::Pool& pool);
    // Reads that may come from a replica go through `reads`, which must outlive this.
    PgAccessLogRepository(pg::Pool& pool, pg::ReplicaReads& reads);
    ~PgAccessLogRepository() override;
    std::vector<AppendResult> append(std::span<const NewLogEntry> entries) override;
    std::vector<LogEntryRecord> history_page(const std::string& citizen_pseudonym,
                                             const HistoryFilter& filter,
                                             const std::optional<HistoryCursor>& after,
                                             int limit) override;
    std::vector<LogEntryRecord> agency_page(RowId agency_id, const HistoryFilter& filter,
                                            const std::optional<HistoryCursor>& after,
                                            int limit) override;
    std::optional<LogEntryRecord> find(RowId id) override;
    std::int64_t count_for_citizen(const std::string& citizen_pseudonym) override;
    std::int64_t delete_recorded_before(UnixMillis cutoff, const AuditEntry& audit) override;
    ChainCheck verify_chain() override;
    std::vector<LogFact> facts_for_citizen(const std::string& citizen_pseudonym,
                                           UnixMillis from) override;
    std::vector<AgencyWeekCount> weekly_access_counts(UnixMillis now, int weeks) override;
    LogTreeHead tree_head() override;
    merkle::Hash tree_root(std::int64_t size) override;
    std::vector<merkle::Hash> inclusion_proof(std::int64_t index, std::int64_t size) override;
    std::vector<std::vector<merkle::Hash>> inclusion_proofs(std::span<const std::int64_t> indices,
                                                            std::int64_t size) override;
    std::vector<merkle::Hash> consistency_proof(std::int64_t first, std::int64_t second) override;

    // The statements history_page and agency_page run (for the tests of their plans).
    static PageQuery history_page_query(const std::string& citizen_pseudonym,
                                        const HistoryFilter& filter,
                                        const std::optional<HistoryCursor>& after, int limit);
    static PageQuery agency_page_query(RowId agency_id, const HistoryFilter& filter,
                                       const std::optional<HistoryCursor>& after, int limit);

    // The writer every append goes through: its statistics, and pause() for tests.
    pg::AppendWriter& append_writer() { return writer_; }

private:
    pg::Pool& pool_;
    std::unique_ptr<pg::ReplicaReads> own_reads_; // without a replica: the primary's alone
    pg::ReplicaReads& reads_;
    pg::AppendWriter writer_;
};

} // namespace einblick::server
