#include "einblick/server/sqlite/access_log_repository.hpp"

#include "einblick/server/access_counts.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/log_tree_nodes.hpp"
#include "log_tree.hpp"
#include "sql_helpers.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace einblick::server {
namespace {

using namespace sql;

// A citizen's number in the log (log_citizens, migration 12), from the pseudonym bound in its
// place: a scalar subquery, evaluated once per statement.
constexpr const char* citizen_number_sql = "(SELECT id FROM log_citizens WHERE pseudonym = ?)";

// The codes of kind and outcome (migration 12). Reads turn them back into the words the rest of
// the server and the canonical encoding use; `einblick verify` and the check at start read
// them strictly (log_snapshot.cpp) and name a code that is neither.
constexpr int kind_code(AccessKind kind) {
    return kind == AccessKind::Access ? 1 : 0;
}
constexpr int outcome_code(AccessOutcome outcome) {
    return outcome == AccessOutcome::Denied ? 1 : 0;
}

// An entry's columns as read_entry reads them, with the words of its codes and numbers. The
// access path (an index) goes between the two halves.
#define EINBLICK_ENTRY_SELECT(HASH)                                                                \
    "SELECT l.id, l.seq, CASE l.kind WHEN 0 THEN 'check' WHEN 1 THEN 'access' END, "               \
    "CASE l.outcome WHEN 0 THEN 'allowed' WHEN 1 THEN 'denied' END, r.reason, c.pseudonym, "       \
    "l.purpose_id, l.purpose_version_id, l.register, l.data_categories, l.legal_basis, "           \
    "l.consent_id, l.official, l.correlation_id, l.occurred_at, l.recorded_at, "                   \
    "l.idempotency_key, l.request_hash, l.prev_hash, " HASH ", a.id, a.code, a.name, pv.name, "    \
    "pv.version FROM access_log l "
#define EINBLICK_ENTRY_JOINS                                                                       \
    "JOIN log_citizens c ON c.id = l.citizen_id JOIN log_reasons r ON r.code = l.reason "          \
    "JOIN agencies a ON a.id = l.agency_id "                                                       \
    "LEFT JOIN purpose_versions pv ON pv.id = l.purpose_version_id "

// Reads of entries leave the hash out (NULL: an empty `hash`), since only the chain's check
// needs it and looking it up (EINBLICK_SQL_STORED_HASH) would cost every read of a page
// another row.
constexpr const char* entry_columns = EINBLICK_ENTRY_SELECT("NULL") EINBLICK_ENTRY_JOINS;

// The entries with their hashes, for the chain's check.
constexpr const char* chained_entry_columns =
    EINBLICK_ENTRY_SELECT(EINBLICK_SQL_STORED_HASH) EINBLICK_ENTRY_JOINS;

// A citizen's history must walk that citizen's index whatever the filters; without statistics
// SQLite may otherwise prefer the agency index and read a whole agency's log.
constexpr const char* citizen_history_columns =
    EINBLICK_ENTRY_SELECT("NULL") "INDEXED BY access_log_by_citizen " EINBLICK_ENTRY_JOINS;

// An agency's entries walk the agency index: its rows are in (occurred_at, id) order there,
// id being the rowid every index ends with, so newest-first paging needs no sort.
constexpr const char* agency_history_columns =
    EINBLICK_ENTRY_SELECT("NULL") "INDEXED BY access_log_by_agency_time " EINBLICK_ENTRY_JOINS;

#undef EINBLICK_ENTRY_SELECT
#undef EINBLICK_ENTRY_JOINS

// The filters and keyset paging after "<columns> WHERE <scope> = ? ".
std::string page_sql(std::string sql, const HistoryFilter& filter, bool with_cursor) {
    if (filter.agency_code) {
        sql += "AND a.code = ? ";
    }
    if (filter.purpose_id) {
        sql += "AND l.purpose_id = ? ";
    }
    if (filter.outcome) {
        sql += "AND l.outcome = ? ";
    }
    if (filter.from) {
        sql += "AND l.occurred_at >= ? ";
    }
    if (filter.to) {
        sql += "AND l.occurred_at < ? ";
    }
    if (filter.data_category) {
        sql += "AND EXISTS (SELECT 1 FROM json_each(l.data_categories) WHERE json_each.value = ?) ";
    }
    if (with_cursor) {
        sql += "AND (l.occurred_at, l.id) < (?, ?) ";
    }
    return sql + "ORDER BY l.occurred_at DESC, l.id DESC LIMIT ?";
}

LogEntryRecord read_entry(SQLite::Statement& q) {
    LogEntryRecord e;
    e.id = q.getColumn(0).getInt64();
    e.seq = q.getColumn(1).getInt64();
    e.kind = column_enum(q.getColumn(2), AccessKind::Access);
    e.outcome = column_enum(q.getColumn(3), AccessOutcome::Allowed);
    e.reason = q.getColumn(4).getString();
    e.citizen_pseudonym = q.getColumn(5).getString();
    e.purpose_id = column_optional_id(q.getColumn(6));
    e.purpose_version_id = column_optional_id(q.getColumn(7));
    e.register_code = q.getColumn(8).getString();
    e.data_categories = parse_json_array(q.getColumn(9).getString());
    e.legal_basis = q.getColumn(10).getString();
    e.consent_id = column_optional_id(q.getColumn(11));
    e.official = column_optional_text(q.getColumn(12));
    e.correlation_id = column_optional_text(q.getColumn(13));
    e.occurred_at = q.getColumn(14).getInt64();
    e.recorded_at = q.getColumn(15).getInt64();
    e.idempotency_key = column_optional_text(q.getColumn(16));
    if (!q.getColumn(17).isNull()) {
        e.request_hash = column_bytes(q.getColumn(17));
    }
    e.prev_hash = column_bytes(q.getColumn(18));
    if (!q.getColumn(19).isNull()) {
        e.hash = column_bytes(q.getColumn(19));
    }
    e.agency_id = q.getColumn(20).getInt64();
    e.agency = {e.agency_id, q.getColumn(21).getString(), q.getColumn(22).getString()};
    e.purpose_name = column_optional_text(q.getColumn(23)).value_or("");
    e.purpose_version = q.getColumn(24).isNull() ? 0 : q.getColumn(24).getInt();
    return e;
}

std::optional<LogEntryRecord> find_in(SqliteConnection& c, RowId id) {
    static const std::string sql = std::string(entry_columns) + "WHERE l.id = ?";
    auto query = c.cached(sql);
    query->bind(1, id);
    if (!query->executeStep()) {
        return std::nullopt;
    }
    return read_entry(*query);
}

// Returns the stored row for a repeated idempotency key, or nothing for a new key. Looks at
// the entry's own row and the key's first (item 0): every stored request under a key has an
// item 0, and all rows of a key share its scope and request hash.
std::optional<LogEntryRecord> idempotent_replay(SqliteConnection& c, const NewLogEntry& entry) {
    if (!entry.idempotency_key) {
        return std::nullopt;
    }
    std::optional<RowId> own;
    {
        auto query = c.cached("SELECT id, request_hash, idempotency_scope, idempotency_item "
                              "FROM access_log WHERE agency_id = ? AND idempotency_key = ? "
                              "AND idempotency_item IN (0, ?)");
        query->bind(1, entry.agency_id);
        query->bind(2, *entry.idempotency_key);
        query->bind(3, entry.idempotency_item);
        while (query->executeStep()) {
            const auto scope = column_optional_text(query->getColumn(2));
            if (scope && *scope != to_text(entry.idempotency_scope)) {
                // NULL: stored before scopes were recorded (migration 7), matches any endpoint.
                throw IdempotencyConflict("idempotency key '" + *entry.idempotency_key +
                                              "' was first used on " + *scope,
                                          idempotency_scope_from_text(*scope));
            }
            if (column_bytes(query->getColumn(1)) != entry.request_hash) {
                throw IdempotencyConflict("idempotency key '" + *entry.idempotency_key +
                                              "' was used before for a different request",
                                          std::nullopt);
            }
            if (query->getColumn(3).getInt() == entry.idempotency_item) {
                own = query->getColumn(0).getInt64();
            }
        }
    }
    // Without a row of its own the entry is new: with rows of the key, they are the earlier
    // entries of this very batch.
    return own ? find_in(c, *own) : std::nullopt;
}

// The end of the chain, read once per job and written back once after it: a batch of 1,000
// events read and rewrote the one-row head table 1,000 times.
struct ChainHead {
    std::int64_t seq = 0;
    Bytes hash;
    bool advanced = false;
    std::int64_t counts_from_hour = 0; // access_counts_hourly holds the hours from this one on
};

ChainHead read_head(SqliteConnection& c) {
    auto head =
        c.cached("SELECT last_seq, last_hash, counts_from_hour FROM access_log_head WHERE id = 1");
    if (!head->executeStep()) {
        throw std::runtime_error("access log: the chain's head row is missing");
    }
    return {head->getColumn(0).getInt64(), column_bytes(head->getColumn(1)), false,
            head->getColumn(2).getInt64()};
}

// A job's accesses per (hour, agency), added to access_counts_hourly once at the job's end.
void write_hourly_counts(SqliteConnection& c, const HourlyAccessCounts& counts) {
    auto upsert = c.cached("INSERT INTO access_counts_hourly (hour, agency_id, accesses) "
                           "VALUES (?, ?, ?) ON CONFLICT (hour, agency_id) "
                           "DO UPDATE SET accesses = accesses + excluded.accesses");
    for (const auto& [key, count] : counts.counts()) {
        upsert->bind(1, key.first);
        upsert->bind(2, key.second);
        upsert->bind(3, count);
        upsert->exec();
        upsert->reset();
    }
}

void write_head(SqliteConnection& c, const ChainHead& head) {
    auto advance = c.cached("UPDATE access_log_head SET last_seq = ?, last_hash = ? WHERE id = 1");
    advance->bind(1, head.seq);
    bind_bytes(*advance, 2, head.hash);
    advance->exec();
}

// The names a stored entry is answered with, looked up once per job: an answer is built from
// the entry in memory instead of reading the new row back with its joins.
class EntryLabels {
public:
    explicit EntryLabels(SqliteConnection& c) : c_(c) {}

    const AgencyRecord& agency(RowId id) {
        return remembered(
            agencies_, id, "SELECT code, name FROM agencies WHERE id = ?", "agency",
            [id](SQLite::Statement& row) {
                return AgencyRecord{id, row.getColumn(0).getString(), row.getColumn(1).getString()};
            });
    }

    // The name and number of a purpose version.
    const std::pair<std::string, int>& purpose_version(RowId id) {
        return remembered(
            versions_, id, "SELECT name, version FROM purpose_versions WHERE id = ?",
            "purpose version", [](SQLite::Statement& row) {
                return std::pair{row.getColumn(0).getString(), row.getColumn(1).getInt()};
            });
    }

private:
    // The value `read` makes of row `id` of `sql` (whose one parameter is the id), read on the
    // first ask and kept in `memo` for the rest of the job; `what` names a row that is missing.
    template <typename Value, typename Read>
    const Value& remembered(std::map<RowId, Value>& memo, RowId id, std::string_view sql,
                            const char* what, Read read) {
        auto known = memo.find(id);
        if (known == memo.end()) {
            auto query = c_.cached(sql);
            query->bind(1, id);
            if (!query->executeStep()) {
                throw std::runtime_error(std::string("access log: ") + what + " " +
                                         std::to_string(id) + " does not exist");
            }
            known = memo.emplace(id, read(*query)).first;
        }
        return known->second;
    }

    SqliteConnection& c_;
    std::map<RowId, AgencyRecord> agencies_;
    std::map<RowId, std::pair<std::string, int>> versions_;
};

// Numbers for texts a table holds once each (log_citizens' pseudonyms, log_reasons' words),
// looked up, or given to a text not stored yet, once per job.
class TextNumbers {
public:
    // `find_sql` selects the number of the text bound to it, `add_sql` inserts that text.
    TextNumbers(SqliteConnection& c, const char* find_sql, const char* add_sql)
        : c_(c), find_sql_(find_sql), add_sql_(add_sql) {}

    RowId number(const std::string& text) {
        auto known = numbers_.find(text);
        if (known == numbers_.end()) {
            const std::optional<RowId> found = stored(text);
            known = numbers_.emplace(text, found ? *found : added(text)).first;
        }
        return known->second;
    }

private:
    std::optional<RowId> stored(const std::string& text) {
        auto find = c_.cached(find_sql_);
        find->bind(1, text);
        if (!find->executeStep()) {
            return std::nullopt;
        }
        return find->getColumn(0).getInt64();
    }
    RowId added(const std::string& text) {
        auto add = c_.cached(add_sql_);
        add->bind(1, text);
        add->exec();
        return c_.getLastInsertRowid();
    }

    SqliteConnection& c_;
    const char* find_sql_;
    const char* add_sql_;
    std::map<std::string, RowId, std::less<>> numbers_;
};

// The numbers a job's rows refer to: citizens and reasons.
struct RowNumbers {
    explicit RowNumbers(SqliteConnection& c)
        : citizens(c, "SELECT id FROM log_citizens WHERE pseudonym = ?",
                   "INSERT INTO log_citizens (pseudonym) VALUES (?)"),
          reasons(c, "SELECT code FROM log_reasons WHERE reason = ?",
                  "INSERT INTO log_reasons (reason) VALUES (?)") {}

    TextNumbers citizens;
    TextNumbers reasons;
};

RowId insert_row(SqliteConnection& c, const NewLogEntry& e, RowNumbers& numbers, std::int64_t seq,
                 const Bytes& prev_hash) {
    auto insert = c.cached(
        "INSERT INTO access_log (seq, kind, outcome, reason, citizen_id, agency_id, "
        "purpose_id, purpose_version_id, register, data_categories, legal_basis, consent_id, "
        "official, correlation_id, occurred_at, recorded_at, idempotency_key, request_hash, "
        "prev_hash, idempotency_scope, idempotency_item) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert->bind(1, seq);
    insert->bind(2, kind_code(e.kind));
    insert->bind(3, outcome_code(e.outcome));
    insert->bind(4, numbers.reasons.number(e.reason));
    insert->bind(5, numbers.citizens.number(e.citizen_pseudonym));
    insert->bind(6, e.agency_id);
    bind_optional(*insert, 7, e.purpose_id);
    bind_optional(*insert, 8, e.purpose_version_id);
    insert->bind(9, e.register_code);
    insert->bind(10, json_array(e.data_categories));
    insert->bind(11, e.legal_basis);
    bind_optional(*insert, 12, e.consent_id);
    bind_optional(*insert, 13, e.official);
    bind_optional(*insert, 14, e.correlation_id);
    insert->bind(15, e.occurred_at);
    insert->bind(16, e.recorded_at);
    bind_optional(*insert, 17, e.idempotency_key);
    if (e.request_hash.empty()) {
        insert->bind(18);
    } else {
        bind_bytes(*insert, 18, e.request_hash);
    }
    bind_bytes(*insert, 19, prev_hash);
    if (e.idempotency_key) {
        insert->bind(20, std::string(to_text(e.idempotency_scope)));
        insert->bind(21, e.idempotency_item);
    } else {
        insert->bind(20);
        insert->bind(21);
    }
    insert->exec();
    return c.getLastInsertRowid();
}

// Appends `e` after `head` (advancing it) and returns the entry as it was stored.
LogEntryRecord insert_entry(SqliteConnection& c, const NewLogEntry& e,
                            const CanonicalLogParts& parts, ChainHead& head,
                            sqlite::TreeAppender& tree, EntryLabels& labels, RowNumbers& numbers) {
    ChainedEntry chained = chain_entry(e, parts, head.seq, head.hash);
    LogEntryRecord stored = std::move(chained.record);
    tree.append(stored.seq - 1, chained.leaf);
    stored.id = insert_row(c, e, numbers, stored.seq, stored.prev_hash);
    stored.agency = labels.agency(e.agency_id);
    if (e.purpose_version_id) {
        const auto& [name, version] = labels.purpose_version(*e.purpose_version_id);
        stored.purpose_name = name;
        stored.purpose_version = version;
    }
    head = {stored.seq, stored.hash, true};
    return stored;
}

} // namespace

std::vector<AppendResult> SqliteAccessLogRepository::append(std::span<const NewLogEntry> entries) {
    // Encoded here, on the caller's thread: the single writer only adds seq and prev_hash.
    std::vector<CanonicalLogParts> parts;
    parts.reserve(entries.size());
    for (const NewLogEntry& entry : entries) {
        parts.push_back(canonical_log_parts(entry));
    }
    return db_.write([&](SqliteConnection& c) {
        std::vector<AppendResult> results;
        results.reserve(entries.size());
        ChainHead head = read_head(c);
        sqlite::TreeAppender tree(c);
        EntryLabels labels(c);
        RowNumbers numbers(c);
        HourlyAccessCounts counts(head.counts_from_hour);
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (auto replay = idempotent_replay(c, entries[i])) {
                results.push_back({std::move(*replay), true});
                continue;
            }
            results.push_back(
                {insert_entry(c, entries[i], parts[i], head, tree, labels, numbers), false});
            counts.add(entries[i]);
        }
        if (head.advanced) {
            write_head(c, head);
            write_hourly_counts(c, counts);
        }
        return results;
    });
}

std::string SqliteAccessLogRepository::history_page_sql(const HistoryFilter& filter,
                                                        bool with_cursor) {
    return page_sql(std::string(citizen_history_columns) +
                        "WHERE l.citizen_id = " + citizen_number_sql + " ",
                    filter, with_cursor);
}

std::string SqliteAccessLogRepository::tree_nodes_sql(std::size_t count) {
    return sqlite::tree_nodes_sql(count);
}

std::string SqliteAccessLogRepository::agency_page_sql(const HistoryFilter& filter,
                                                       bool with_cursor) {
    HistoryFilter scoped = filter;
    scoped.agency_code.reset(); // the scope is the agency
    return page_sql(std::string(agency_history_columns) + "WHERE l.agency_id = ? ", scoped,
                    with_cursor);
}

namespace {

// Binds the values page_sql's placeholders expect from `i` on (after the scope's) and reads.
std::vector<LogEntryRecord> read_page(SQLite::Statement& query, int i, const HistoryFilter& filter,
                                      const std::optional<HistoryCursor>& after, int limit) {
    if (filter.agency_code) {
        query.bind(i++, *filter.agency_code);
    }
    if (filter.purpose_id) {
        query.bind(i++, *filter.purpose_id);
    }
    if (filter.outcome) {
        query.bind(i++, outcome_code(*filter.outcome));
    }
    if (filter.from) {
        query.bind(i++, *filter.from);
    }
    if (filter.to) {
        query.bind(i++, *filter.to);
    }
    if (filter.data_category) {
        query.bind(i++, *filter.data_category);
    }
    if (after) {
        query.bind(i++, after->occurred_at);
        query.bind(i++, after->id);
    }
    query.bind(i, limit);
    std::vector<LogEntryRecord> page;
    while (query.executeStep()) {
        page.push_back(read_entry(query));
    }
    return page;
}

} // namespace

std::vector<LogEntryRecord>
SqliteAccessLogRepository::history_page(const std::string& citizen_pseudonym,
                                        const HistoryFilter& filter,
                                        const std::optional<HistoryCursor>& after, int limit) {
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached(history_page_sql(filter, after.has_value()));
        query->bind(1, citizen_pseudonym);
        return read_page(*query, 2, filter, after, limit);
    });
}

std::vector<LogEntryRecord>
SqliteAccessLogRepository::agency_page(RowId agency_id, const HistoryFilter& filter,
                                       const std::optional<HistoryCursor>& after, int limit) {
    HistoryFilter scoped = filter;
    scoped.agency_code.reset();
    return db_.read([&](SqliteConnection& c) {
        auto query = c.cached(agency_page_sql(scoped, after.has_value()));
        query->bind(1, agency_id);
        return read_page(*query, 2, scoped, after, limit);
    });
}

std::optional<LogEntryRecord> SqliteAccessLogRepository::find(RowId id) {
    return db_.read([&](SqliteConnection& c) { return find_in(c, id); });
}

std::int64_t SqliteAccessLogRepository::count_for_citizen(const std::string& citizen_pseudonym) {
    return db_.read([&](SqliteConnection& c) {
        static const std::string sql =
            std::string("SELECT count(*) FROM access_log WHERE citizen_id = ") + citizen_number_sql;
        auto query = c.cached(sql);
        query->bind(1, citizen_pseudonym);
        query->executeStep();
        return query->getColumn(0).getInt64();
    });
}

const char* const SqliteAccessLogRepository::first_kept_sql =
    "SELECT seq FROM access_log WHERE recorded_at >= ? ORDER BY seq LIMIT 1";

std::int64_t SqliteAccessLogRepository::delete_recorded_before(UnixMillis cutoff,
                                                               const AuditEntry& audit) {
    return db_.write([&](SqliteConnection& c) {
        // The first entry, in seq order, recorded at or after the cutoff: it and everything
        // after it stay. Read along the seq index from the oldest stored entry, so the scan
        // stops after the entries deleted. recorded_at grows with seq (one writer, one clock);
        // should the clock ever step back, this keeps more rather than opening a hole.
        SQLite::Statement first_kept(c, first_kept_sql);
        first_kept.bind(1, cutoff);
        std::int64_t keep_from = 0;
        if (first_kept.executeStep()) {
            keep_from = first_kept.getColumn(0).getInt64();
        } else {
            keep_from = c.execAndGet("SELECT last_seq + 1 FROM access_log_head").getInt64();
        }
        // The citizens of the deleted entries lose their number with their last entry: the log
        // keeps no pseudonym it has no entry for.
        first_kept.reset();
        c.exec("CREATE TEMP TABLE IF NOT EXISTS retired_citizens (id INTEGER PRIMARY KEY)");
        SQLite::Statement retiring(c, "INSERT OR IGNORE INTO temp.retired_citizens "
                                      "SELECT citizen_id FROM access_log WHERE seq < ?");
        retiring.bind(1, keep_from);
        retiring.exec();
        SQLite::Statement remove(c, "DELETE FROM access_log WHERE seq < ?");
        remove.bind(1, keep_from);
        const std::int64_t deleted = remove.exec();
        c.exec("DELETE FROM log_citizens WHERE id IN (SELECT id FROM temp.retired_citizens) "
               "AND NOT EXISTS (SELECT 1 FROM access_log WHERE citizen_id = log_citizens.id)");
        c.exec("DELETE FROM temp.retired_citizens");
        SQLite::Statement run(c, "INSERT INTO retention_runs (ran_at, cutoff, deleted_count) "
                                 "VALUES (?, ?, ?)");
        run.bind(1, audit.occurred_at);
        run.bind(2, cutoff);
        run.bind(3, deleted);
        run.exec();
        AuditEntry entry = audit;
        entry.subject_id = c.getLastInsertRowid();
        entry.details_json =
            nlohmann::json{{"cutoff", cutoff}, {"deleted", deleted}, {"kept_from_seq", keep_from}}
                .dump();
        insert_audit(c, entry);
        return deleted;
    });
}

std::vector<LogFact> SqliteAccessLogRepository::facts_for_citizen(const std::string& pseudonym,
                                                                  UnixMillis from) {
    return db_.read([&](SqliteConnection& c) {
        static const std::string sql =
            std::string("SELECT occurred_at, kind, outcome "
                        "FROM access_log INDEXED BY access_log_by_citizen "
                        "WHERE citizen_id = ") +
            citizen_number_sql + " AND occurred_at >= ? ORDER BY occurred_at DESC, id DESC";
        auto query = c.cached(sql);
        query->bind(1, pseudonym);
        query->bind(2, from);
        std::vector<LogFact> facts;
        while (query->executeStep()) {
            facts.push_back({query->getColumn(0).getInt64(),
                             query->getColumn(1).getInt() == kind_code(AccessKind::Check)
                                 ? AccessKind::Check
                                 : AccessKind::Access,
                             query->getColumn(2).getInt() == outcome_code(AccessOutcome::Denied)
                                 ? AccessOutcome::Denied
                                 : AccessOutcome::Allowed});
        }
        std::reverse(facts.begin(), facts.end());
        return facts;
    });
}

namespace {

AgencyCounts agency_counts(SQLite::Statement& query) {
    AgencyCounts counts;
    while (query.executeStep()) {
        counts[query.getColumn(0).getInt64()] += query.getColumn(1).getInt64();
    }
    return counts;
}

void add_period_rows(SQLite::Statement& query, const WeeklyCountRows::AddRow& add) {
    while (query.executeStep()) {
        add(query.getColumn(0).getInt64(), query.getColumn(1).getInt(),
            query.getColumn(2).getInt64());
    }
}

// The statements weekly_access_counts reads with, on one read connection.
class SqliteWeeklyCountRows final : public WeeklyCountRows {
public:
    explicit SqliteWeeklyCountRows(SqliteConnection& c) : c_(c) {}

    std::int64_t counts_from_hour() override {
        auto head = c_.cached("SELECT counts_from_hour FROM access_log_head WHERE id = 1");
        return head->executeStep() ? head->getColumn(0).getInt64() : 0;
    }

    void counted_by_period(std::int64_t last_hour, std::int64_t from_hour, std::int64_t edge_hour,
                           const AddRow& add) override {
        auto counted = c_.cached(SqliteAccessLogRepository::weekly_counts_sql());
        counted->bind(1, last_hour);
        counted->bind(2, from_hour);
        counted->bind(3, edge_hour);
        add_period_rows(*counted, add);
    }

    void logged_by_period(UnixMillis now, UnixMillis week_millis, UnixMillis after,
                          UnixMillis up_to, const AddRow& add) override {
        auto logged = c_.cached(SqliteAccessLogRepository::weekly_counts_from_log_sql());
        logged->bind(1, now);
        logged->bind(2, week_millis);
        logged->bind(3, after);
        logged->bind(4, up_to);
        add_period_rows(*logged, add);
    }

    AgencyCounts counted_in_hour(std::int64_t hour) override {
        auto query = c_.cached(SqliteAccessLogRepository::hour_counts_sql());
        query->bind(1, hour);
        return agency_counts(*query);
    }

    // Through the log's time index.
    AgencyCounts logged_between(UnixMillis after, UnixMillis up_to) override {
        auto query = c_.cached(SqliteAccessLogRepository::log_counts_sql());
        query->bind(1, after);
        query->bind(2, up_to);
        return agency_counts(*query);
    }

private:
    SqliteConnection& c_;
};

} // namespace

// server::weekly_access_counts (the reasoning is there) over this connection's statements.
std::vector<AgencyWeekCount> SqliteAccessLogRepository::weekly_access_counts(UnixMillis now,
                                                                             int weeks) {
    return db_.read([&](SqliteConnection& c) {
        SqliteWeeklyCountRows rows(c);
        return server::weekly_access_counts(rows, now, weeks);
    });
}

const char* SqliteAccessLogRepository::weekly_counts_sql() {
    return "SELECT agency_id, (?1 - hour) / 168, sum(accesses) FROM access_counts_hourly "
           "WHERE hour >= ?2 AND hour <= ?1 AND (?3 - hour) % 168 != 0 "
           "GROUP BY agency_id, (?1 - hour) / 168";
}

const char* SqliteAccessLogRepository::hour_counts_sql() {
    return "SELECT agency_id, accesses FROM access_counts_hourly WHERE hour = ?";
}

const char* SqliteAccessLogRepository::weekly_counts_from_log_sql() {
    return "SELECT agency_id, (?1 - occurred_at) / ?2, count(*) "
           "FROM access_log INDEXED BY access_log_by_time "
           "WHERE occurred_at > ?3 AND occurred_at <= ?4 AND kind = 1 "
           "GROUP BY agency_id, (?1 - occurred_at) / ?2";
}

const char* SqliteAccessLogRepository::log_counts_sql() {
    return "SELECT agency_id, count(*) FROM access_log INDEXED BY access_log_by_time "
           "WHERE occurred_at > ? AND occurred_at <= ? AND kind = 1 GROUP BY agency_id";
}

namespace {

std::int64_t tree_size(SqliteConnection& c) {
    auto query = c.cached("SELECT last_seq FROM access_log_head WHERE id = 1");
    query->executeStep();
    return query->getColumn(0).getInt64(); // throws without a row, as execAndGet did
}

} // namespace

LogTreeHead SqliteAccessLogRepository::tree_head() {
    return db_.read([&](SqliteConnection& c) {
        const std::int64_t size = tree_size(c);
        return LogTreeHead{size,
                           merkle::tree_root(log_tree_sha256(), static_cast<std::uint64_t>(size),
                                             sqlite::tree_node_reader(c))};
    });
}

merkle::Hash SqliteAccessLogRepository::tree_root(std::int64_t size) {
    return db_.read([&](SqliteConnection& c) {
        require_log_tree_size(size, tree_size(c));
        return merkle::tree_root(log_tree_sha256(), static_cast<std::uint64_t>(size),
                                 sqlite::tree_node_reader(c));
    });
}

std::vector<merkle::Hash> SqliteAccessLogRepository::inclusion_proof(std::int64_t index,
                                                                     std::int64_t size) {
    return db_.read([&](SqliteConnection& c) {
        require_log_tree_size(size, tree_size(c));
        if (index < 0) {
            throw std::invalid_argument("no entry " + std::to_string(index) + " in the tree");
        }
        return merkle::inclusion_proof(log_tree_sha256(), static_cast<std::uint64_t>(index),
                                       static_cast<std::uint64_t>(size),
                                       sqlite::tree_node_reader(c));
    });
}

std::vector<std::vector<merkle::Hash>>
SqliteAccessLogRepository::inclusion_proofs(std::span<const std::int64_t> indices,
                                            std::int64_t size) {
    return db_.read([&](SqliteConnection& c) {
        require_log_tree_size(size, tree_size(c));
        require_log_tree_leaves(indices, size);
        return sqlite::inclusion_proofs(c, indices, size);
    });
}

std::vector<merkle::Hash> SqliteAccessLogRepository::consistency_proof(std::int64_t first,
                                                                       std::int64_t second) {
    return db_.read([&](SqliteConnection& c) {
        require_log_tree_size(second, tree_size(c));
        if (first < 0) {
            throw std::invalid_argument("no tree of " + std::to_string(first) + " entries");
        }
        return merkle::consistency_proof(log_tree_sha256(), static_cast<std::uint64_t>(first),
                                         static_cast<std::uint64_t>(second),
                                         sqlite::tree_node_reader(c));
    });
}

void build_log_tree(SqliteConnection& c) {
    // Runs inside migration 8, so on that schema: the citizen was a pseudonym column then (the
    // columns as entry_columns has them, for read_entry).
    SQLite::Statement query(
        c, "SELECT l.id, l.seq, l.kind, l.outcome, l.reason, l.citizen_pseudonym, l.purpose_id, "
           "l.purpose_version_id, l.register, l.data_categories, l.legal_basis, l.consent_id, "
           "l.official, l.correlation_id, l.occurred_at, l.recorded_at, l.idempotency_key, "
           "l.request_hash, l.prev_hash, l.hash, a.id, a.code, a.name, pv.name, pv.version "
           "FROM access_log l JOIN agencies a ON a.id = l.agency_id "
           "LEFT JOIN purpose_versions pv ON pv.id = l.purpose_version_id ORDER BY l.seq");
    std::int64_t expected = 1;
    // It starts with no nodes and keeps the right edge it wrote, so it never reads the table.
    sqlite::TreeAppender tree(c, sqlite::TreeLayout::ByLevelBeforeMigration13);
    while (query.executeStep()) {
        const LogEntryRecord row = read_entry(query);
        if (row.seq != expected) {
            throw std::runtime_error(
                "cannot build the access log's Merkle tree: entry " + std::to_string(expected) +
                " was deleted before the tree existed (retention of an older Einblick)");
        }
        const std::string canonical = canonical_log_encoding(row, row.seq, row.prev_hash);
        tree.append(row.seq - 1, log_leaf_hash(canonical));
        ++expected;
    }
}

ChainCheck SqliteAccessLogRepository::verify_chain() {
    return db_.read([&](SQLite::Database& c) {
        SQLite::Statement query(c, std::string(chained_entry_columns) + "ORDER BY l.seq");
        ChainVerifier verifier;
        while (query.executeStep() && verifier.add(read_entry(query))) {
        }
        return verifier.result();
    });
}

} // namespace einblick::server
