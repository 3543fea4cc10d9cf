#pragma once
// The access log on PostgreSQL, with the semantics of SqliteAccessLogRepository: the same
// gapless seq, hash chain (log_chain.hpp), Merkle tree nodes numbered as SQLite's (node =
// last leaf * 64 + level), hourly counts, idempotency answers, orders, paging and errors.
//
// What SQLite's single writer gave for free, the head row's lock gives here: every append (and
// retention) takes `access_log_head` FOR UPDATE first, inside its transaction, so appends from
// many pooled connections queue on that row and produce one chain, whichever connection they
// ran on. The lock is held until the commit has been flushed, so appends commit one after the
// other; a batch (append of many entries) shares one commit (docs/SCALE-OUT.md).

#include "einblick/server/access_log_repository.hpp"

#include <einblick/server/pg/pool.hpp>

namespace einblick::server {

class PgAccessLogRepository final : public AccessLogRepository {
public:
    explicit PgAccessLogRepository(pg::Pool& pool) : pool_(pool) {}
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

private:
    pg::Pool& pool_;
};

} // namespace einblick::server
