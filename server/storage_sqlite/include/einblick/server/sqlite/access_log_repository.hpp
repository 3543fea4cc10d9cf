#pragma once
// The access log on SQLite: one table in `seq` order, the head (last seq and hash) in its own
// row so that retention cannot reset the numbering.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/sqlite/database.hpp"

namespace einblick::server {

// Migration 8's step after its SQL: the Merkle tree's nodes for the entries stored before it.
// Throws if retention has deleted entries already (their leaves can no longer be computed).
void build_log_tree(SqliteConnection& c);

class SqliteAccessLogRepository final : public AccessLogRepository {
public:
    explicit SqliteAccessLogRepository(SqliteDatabase& database) : db_(database) {}
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

    // Retention's search for the first entry it keeps, exposed for a test of its query plan
    // (along the seq index, stopping at the first match: no scan of the whole log).
    static const char* const first_kept_sql;
    // The SQL of history_page, exposed so that a test can check its query plan.
    static std::string history_page_sql(const HistoryFilter& filter, bool with_cursor);
    // The SQL of agency_page (placeholder 1: the agency id).
    static std::string agency_page_sql(const HistoryFilter& filter, bool with_cursor);
    // The SQL that reads `count` tree nodes for appends, roots and proofs.
    static std::string tree_nodes_sql(std::size_t count);
    // The SQL of weekly_access_counts: from the hourly counts (whole hours between the
    // periods' edges, and one hour), from the log for hours before the counts begin, and from
    // the log per agency for part of an hour an edge splits.
    static const char* weekly_counts_sql();
    static const char* hour_counts_sql();
    static const char* weekly_counts_from_log_sql();
    static const char* log_counts_sql();

private:
    SqliteDatabase& db_;
};

} // namespace einblick::server
