#include "einblick/server/pg/access_log_repository.hpp"

#include "access_log_append.hpp"
#include "einblick/server/access_counts.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/log_chain.hpp"
#include "einblick/server/log_tree_nodes.hpp"
#include "einblick/server/pg/array_text.hpp"
#include "einblick/server/pg/log_partitions.hpp"
#include "log_tree.hpp"
#include "repository_support.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <tuple>

namespace einblick::server {
namespace {

using namespace pg;

// The codes of kind and outcome, as SQLite's migration 12 stores them.
constexpr std::int64_t kind_code(AccessKind kind) {
    return kind == AccessKind::Access ? 1 : 0;
}
constexpr std::int64_t outcome_code(AccessOutcome outcome) {
    return outcome == AccessOutcome::Denied ? 1 : 0;
}

// An entry's columns as read_entry reads them, with the words of its codes, from LOG (the
// table, or a page of it selected first) joined to the names.
#define EINBLICK_PG_ENTRY_SELECT(HASH)                                                             \
    "SELECT l.id, l.seq, CASE l.kind WHEN 0 THEN 'check' WHEN 1 THEN 'access' END, "               \
    "CASE l.outcome WHEN 0 THEN 'allowed' WHEN 1 THEN 'denied' END, r.reason, "                    \
    "l.citizen_pseudonym, l.purpose_id, l.purpose_version_id, l.register, l.data_categories, "     \
    "l.legal_basis, l.consent_id, l.official, l.correlation_id, l.occurred_at, l.recorded_at, "    \
    "l.prev_hash, " HASH ", a.id, a.code, a.name, pv.name, pv.version FROM "
#define EINBLICK_PG_NAME_JOINS                                                                     \
    " l JOIN log_reasons r ON r.code = l.reason JOIN agencies a ON a.id = l.agency_id "            \
    "LEFT JOIN purpose_versions pv ON pv.id = l.purpose_version_id "

// Reads leave the hash out (an empty `hash`), as SQLite's do: only the chain's check needs it.
constexpr const char* entry_columns =
    EINBLICK_PG_ENTRY_SELECT("NULL::bytea") "access_log" EINBLICK_PG_NAME_JOINS;
// The same, for the rows of a subquery that follows.
constexpr const char* page_columns = EINBLICK_PG_ENTRY_SELECT("NULL::bytea");
constexpr const char* page_name_joins = EINBLICK_PG_NAME_JOINS;

// An entry's hash is the next entry's prev_hash, or the head's for the newest (as SQLite's
// EINBLICK_SQL_STORED_HASH): NULL when neither exists, which the chain's check reports.
constexpr const char* chained_entry_columns =
    EINBLICK_PG_ENTRY_SELECT("coalesce((SELECT nx.prev_hash FROM access_log nx WHERE nx.seq = "
                             "l.seq + 1 LIMIT 1), "
                             "(SELECT h.last_hash FROM access_log_head h WHERE h.id = 1 AND "
                             "h.last_seq = l.seq))") "access_log" EINBLICK_PG_NAME_JOINS;

#undef EINBLICK_PG_NAME_JOINS
#undef EINBLICK_PG_ENTRY_SELECT

LogEntryRecord read_entry(const Result& rows, int row) {
    LogEntryRecord e;
    e.id = rows.int64(row, 0);
    e.seq = rows.int64(row, 1);
    e.kind = enum_cell(rows, row, 2, AccessKind::Access);
    e.outcome = enum_cell(rows, row, 3, AccessOutcome::Allowed);
    e.reason = rows.text(row, 4);
    e.citizen_pseudonym = rows.text(row, 5);
    e.purpose_id = optional_id(rows, row, 6);
    e.purpose_version_id = optional_id(rows, row, 7);
    e.register_code = rows.text(row, 8);
    e.data_categories = parse_json_array(rows.text(row, 9));
    e.legal_basis = rows.text(row, 10);
    e.consent_id = optional_id(rows, row, 11);
    e.official = optional_text(rows, row, 12);
    e.correlation_id = optional_text(rows, row, 13);
    e.occurred_at = rows.int64(row, 14);
    e.recorded_at = rows.int64(row, 15);
    e.prev_hash = rows.bytes(row, 16);
    if (!rows.is_null(row, 17)) {
        e.hash = rows.bytes(row, 17);
    }
    e.agency_id = rows.int64(row, 18);
    e.agency = {e.agency_id, rows.text(row, 19), rows.text(row, 20)};
    e.purpose_name = optional_text(rows, row, 21).value_or("");
    e.purpose_version = rows.is_null(row, 22) ? 0 : static_cast<int>(rows.int64(row, 22));
    return e;
}

std::vector<LogEntryRecord> read_entries(const Result& rows) {
    std::vector<LogEntryRecord> entries;
    entries.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = 0; row < rows.rows(); ++row) {
        entries.push_back(read_entry(rows, row));
    }
    return entries;
}

// A statement whose placeholders are numbered as their values are added.
struct Query {
    std::string sql;
    Params params;

    // Adds `value` and returns its placeholder ($n).
    std::string placeholder(Param value) {
        params.push_back(std::move(value));
        return "$" + std::to_string(params.size());
    }
    void require(const std::string& condition_before, Param value) {
        const std::string at = placeholder(std::move(value));
        sql += "AND " + condition_before + at + " ";
    }
};

// A page of history: "WHERE <scope> = $1", the filters and the keyset select the page's rows
// from access_log alone, in the order of the scope's index and with the LIMIT inside, and only
// those rows are joined to the names. Filtering by agencies.code in a join instead let the
// planner join agencies first and read all of a citizen's rows to sort them: 13.9 ms against
// 0.7 ms for a page at 10 M entries (BENCHMARKS.md, thirteenth stop).
PageQuery page_query(const std::string& scope, Param scope_value, const HistoryFilter& filter,
                     const std::optional<HistoryCursor>& after, int limit) {
    Query q{std::string(page_columns) + "(SELECT * FROM access_log l WHERE " + scope + " = $1 ",
            {std::move(scope_value)}};
    if (filter.agency_code) {
        const std::string code = q.placeholder(*filter.agency_code);
        q.sql += "AND l.agency_id = (SELECT id FROM agencies WHERE code = " + code + ") ";
    }
    if (filter.purpose_id) {
        q.require("l.purpose_id = ", id_param(*filter.purpose_id));
    }
    if (filter.outcome) {
        q.require("l.outcome = ", outcome_code(*filter.outcome));
    }
    if (filter.from) {
        q.require("l.occurred_at >= ", std::int64_t{*filter.from});
    }
    if (filter.to) {
        q.require("l.occurred_at < ", std::int64_t{*filter.to});
    }
    if (filter.data_category) {
        const std::string category = q.placeholder(*filter.data_category);
        q.sql += "AND EXISTS (SELECT 1 FROM json_array_elements_text(l.data_categories::json) "
                 "AS c (category) WHERE c.category = " +
                 category + ") ";
    }
    if (after) {
        const std::string occurred_at = q.placeholder(std::int64_t{after->occurred_at});
        const std::string id = q.placeholder(id_param(after->id));
        q.sql += "AND (l.occurred_at, l.id) < (" + occurred_at + "::bigint, " + id + "::bigint) ";
    }
    const std::string count = q.placeholder(std::int64_t{limit});
    constexpr const char* newest_first = "ORDER BY l.occurred_at DESC, l.id DESC";
    q.sql += std::string(newest_first) + " LIMIT " + count + ")" + page_name_joins + newest_first;
    return {std::move(q.sql), std::move(q.params)};
}

std::optional<LogEntryRecord> find_in(Connection& c, RowId id) {
    const Result rows = c.execute(std::string(entry_columns) + "WHERE l.id = $1", {id_param(id)});
    if (rows.rows() == 0) {
        return std::nullopt;
    }
    return read_entry(rows, 0);
}

// ---- append ---------------------------------------------------------------------------------

// The end of the chain, locked, read once per append and written back once after it.
struct ChainHead {
    std::int64_t seq = 0;
    Bytes hash;
    bool advanced = false;
    std::int64_t counts_from_hour = 0; // access_counts_hourly holds the hours from this one on
};

// FOR UPDATE: every append and retention takes the head first, so they run one after the other
// however many connections they come on, and each sees the head the one before it committed
// (read committed: every later statement of the transaction sees what was committed before
// the lock was granted, the idempotency keys included).
ChainHead lock_head(Connection& c) {
    const Result head = c.execute("SELECT last_seq, last_hash, counts_from_hour "
                                  "FROM access_log_head WHERE id = 1 FOR UPDATE");
    if (head.rows() == 0) {
        throw std::runtime_error("access log: the chain's head row is missing");
    }
    return {head.int64(0, 0), head.bytes(0, 1), false, head.int64(0, 2)};
}

void write_head(Connection& c, const ChainHead& head) {
    c.execute("UPDATE access_log_head SET last_seq = $1, last_hash = $2 WHERE id = 1",
              {std::int64_t{head.seq}, head.hash});
}

// An append's accesses per (hour, agency), added to access_counts_hourly once at its end, in
// one statement however many agencies and hours (each (hour, agency) once: ON CONFLICT may
// not meet the same row twice in one statement).
void write_hourly_counts(Connection& c, const HourlyAccessCounts& counts) {
    if (counts.counts().empty()) {
        return;
    }
    ArrayText hours;
    ArrayText agencies;
    ArrayText accesses;
    for (const auto& [key, count] : counts.counts()) {
        hours.integer(key.first);
        agencies.integer(key.second);
        accesses.integer(count);
    }
    c.execute("INSERT INTO access_counts_hourly (hour, agency_id, accesses) "
              "SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) "
              "ON CONFLICT (hour, agency_id) "
              "DO UPDATE SET accesses = access_counts_hourly.accesses + excluded.accesses",
              {hours.str(), agencies.str(), accesses.str()});
}

// The names a stored entry is answered with, and the reasons' codes, looked up once per append.
class EntryLabels {
public:
    explicit EntryLabels(Connection& c) : c_(&c) {}

    const AgencyRecord& agency(RowId id) {
        auto known = agencies_.find(id);
        if (known == agencies_.end()) {
            const Result row =
                c_->execute("SELECT code, name FROM agencies WHERE id = $1", {id_param(id)});
            require_row(row, "agency", id);
            known = agencies_.emplace(id, AgencyRecord{id, row.text(0, 0), row.text(0, 1)}).first;
        }
        return known->second;
    }

    // The name and number of a purpose version.
    const std::pair<std::string, int>& purpose_version(RowId id) {
        auto known = versions_.find(id);
        if (known == versions_.end()) {
            const Result row = c_->execute(
                "SELECT name, version FROM purpose_versions WHERE id = $1", {id_param(id)});
            require_row(row, "purpose version", id);
            known =
                versions_.emplace(id, std::pair{row.text(0, 0), static_cast<int>(row.int64(0, 1))})
                    .first;
        }
        return known->second;
    }

    // Reads the agencies and purpose versions of all `calls` not known yet, one statement each,
    // so that a batch of many agencies does not look them up one round trip each. Ids that do
    // not exist stay unknown: agency() and purpose_version() then throw for them.
    void load(std::span<const CallEntries> calls) {
        ArrayText agency_ids;
        ArrayText version_ids;
        std::set<RowId> agencies_asked;
        std::set<RowId> versions_asked;
        for (const CallEntries& call : calls) {
            for (const NewLogEntry& e : call.entries) {
                if (!agencies_.contains(e.agency_id) && agencies_asked.insert(e.agency_id).second) {
                    agency_ids.integer(e.agency_id);
                }
                if (e.purpose_version_id && !versions_.contains(*e.purpose_version_id) &&
                    versions_asked.insert(*e.purpose_version_id).second) {
                    version_ids.integer(*e.purpose_version_id);
                }
            }
        }
        if (agency_ids.size() > 0) {
            const Result rows =
                c_->execute("SELECT id, code, name FROM agencies WHERE id = ANY ($1::bigint[])",
                            {agency_ids.str()});
            for (int row = 0; row < rows.rows(); ++row) {
                const RowId id = rows.int64(row, 0);
                agencies_.emplace(id, AgencyRecord{id, rows.text(row, 1), rows.text(row, 2)});
            }
        }
        if (version_ids.size() > 0) {
            const Result rows = c_->execute(
                "SELECT id, name, version FROM purpose_versions WHERE id = ANY ($1::bigint[])",
                {version_ids.str()});
            for (int row = 0; row < rows.rows(); ++row) {
                versions_.emplace(
                    rows.int64(row, 0),
                    std::pair{rows.text(row, 1), static_cast<int>(rows.int64(row, 2))});
            }
        }
    }

    // The code of a reason's word in log_reasons, stored on its first use.
    std::int64_t reason_code(const std::string& reason) {
        auto known = reasons_.find(reason);
        if (known == reasons_.end()) {
            known = reasons_.emplace(reason, stored_reason_code(reason)).first;
        }
        return known->second;
    }

private:
    static void require_row(const Result& row, const char* what, RowId id) {
        if (row.rows() == 0) {
            throw std::runtime_error(std::string("access log: ") + what + " " + std::to_string(id) +
                                     " does not exist");
        }
    }

    std::int64_t stored_reason_code(const std::string& reason) {
        constexpr const char* find = "SELECT code FROM log_reasons WHERE reason = $1";
        if (const Result found = c_->execute(find, {reason}); found.rows() > 0) {
            return found.int64(0, 0);
        }
        // DO NOTHING: should another writer have added the word meanwhile, its row is read.
        const Result added = c_->execute("INSERT INTO log_reasons (reason) VALUES ($1) "
                                         "ON CONFLICT (reason) DO NOTHING RETURNING code",
                                         {reason});
        return added.rows() > 0 ? added.int64(0, 0) : c_->execute(find, {reason}).int64(0, 0);
    }

    Connection* c_; // a pointer: a batch copies and assigns its labels (AppendBatch::mark)
    std::map<RowId, AgencyRecord> agencies_;
    std::map<RowId, std::pair<std::string, int>> versions_;
    std::map<std::string, std::int64_t, std::less<>> reasons_;
};

// Returns the stored entry for a repeated idempotency key, or nothing for a new key; throws
// IdempotencyConflict as SQLite's does. Looks at the entry's own key row and the key's first
// (item 0): every stored request under a key has an item 0, and all rows of a key share its
// scope and request hash. The key row names the entry by its whole key (id, pseudonym,
// recorded_at), so that the entry is read from its own shard and partition.
std::optional<LogEntryRecord> idempotent_replay(Connection& c, const NewLogEntry& entry) {
    if (!entry.idempotency_key) {
        return std::nullopt;
    }
    const Result keys = c.execute(
        "SELECT log_id, citizen_pseudonym, recorded_at, request_hash, idempotency_scope, "
        "idempotency_item FROM access_log_idempotency WHERE agency_id = $1 "
        "AND idempotency_key = $2 AND idempotency_item IN (0, $3)",
        {id_param(entry.agency_id), *entry.idempotency_key, std::int64_t{entry.idempotency_item}});
    std::optional<int> own;
    for (int row = 0; row < keys.rows(); ++row) {
        const auto scope = optional_text(keys, row, 4);
        if (scope && *scope != to_text(entry.idempotency_scope)) {
            // NULL: stored before scopes were recorded (SQLite's migration 7), matches any.
            throw IdempotencyConflict("idempotency key '" + *entry.idempotency_key +
                                          "' was first used on " + *scope,
                                      idempotency_scope_from_text(*scope));
        }
        const Bytes stored_hash = keys.is_null(row, 3) ? Bytes{} : keys.bytes(row, 3);
        if (stored_hash != entry.request_hash) {
            throw IdempotencyConflict("idempotency key '" + *entry.idempotency_key +
                                          "' was used before for a different request",
                                      std::nullopt);
        }
        if (keys.int64(row, 5) == entry.idempotency_item) {
            own = row;
        }
    }
    // Without a row of its own the entry is new: with rows of the key, they are the earlier
    // entries of this very batch.
    if (!own) {
        return std::nullopt;
    }
    const Result stored =
        c.execute(std::string(entry_columns) + "WHERE l.id = $1 AND l.citizen_pseudonym = $2 "
                                               "AND l.recorded_at = $3",
                  {keys.int64(*own, 0), keys.text(*own, 1), keys.int64(*own, 2)});
    if (stored.rows() == 0) {
        // Retention deletes an entry's keys with it, so this is a damaged database.
        throw std::runtime_error("access log: idempotency key '" + *entry.idempotency_key +
                                 "' names entry " + std::to_string(keys.int64(*own, 0)) +
                                 ", which is not stored");
    }
    LogEntryRecord replayed = read_entry(stored, 0);
    replayed.idempotency_key = entry.idempotency_key;
    replayed.request_hash = entry.request_hash;
    return replayed;
}

Param optional_bytes(const Bytes& bytes) {
    return bytes.empty() ? Param(null) : Param(bytes);
}

RowId insert_row(Connection& c, const NewLogEntry& e, EntryLabels& labels, std::int64_t seq,
                 const Bytes& prev_hash) {
    const Result inserted = c.execute(
        "INSERT INTO access_log (seq, kind, outcome, reason, citizen_pseudonym, agency_id, "
        "purpose_id, purpose_version_id, register, data_categories, legal_basis, consent_id, "
        "official, correlation_id, occurred_at, recorded_at, prev_hash) VALUES ($1, $2, $3, $4, "
        "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
        {std::int64_t{seq}, kind_code(e.kind), outcome_code(e.outcome),
         labels.reason_code(e.reason), e.citizen_pseudonym, id_param(e.agency_id),
         optional_param(e.purpose_id), optional_param(e.purpose_version_id), e.register_code,
         json_array(e.data_categories), e.legal_basis, optional_param(e.consent_id),
         optional_param(e.official), optional_param(e.correlation_id), std::int64_t{e.occurred_at},
         std::int64_t{e.recorded_at}, prev_hash});
    return inserted.int64(0, 0);
}

// The key of a new entry, in its transaction: the primary key refuses a key used twice, should
// anything bypass the head's lock.
void insert_idempotency_key(Connection& c, const NewLogEntry& e, RowId log_id) {
    c.execute("INSERT INTO access_log_idempotency (agency_id, idempotency_key, idempotency_item, "
              "idempotency_scope, request_hash, citizen_pseudonym, log_id, recorded_at) "
              "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
              {id_param(e.agency_id), *e.idempotency_key, std::int64_t{e.idempotency_item},
               std::string(to_text(e.idempotency_scope)), optional_bytes(e.request_hash),
               e.citizen_pseudonym, id_param(log_id), std::int64_t{e.recorded_at}});
}

// Appends `e` after `head` (advancing it) and returns the entry as it was stored.
LogEntryRecord insert_entry(Connection& c, const NewLogEntry& e, const CanonicalLogParts& parts,
                            ChainHead& head, pg::TreeAppender& tree, EntryLabels& labels) {
    ChainedEntry chained = chain_entry(e, parts, head.seq, head.hash);
    LogEntryRecord stored = std::move(chained.record);
    tree.append(stored.seq - 1, chained.leaf);
    stored.id = insert_row(c, e, labels, stored.seq, stored.prev_hash);
    if (e.idempotency_key) {
        insert_idempotency_key(c, e, stored.id);
    }
    stored.agency = labels.agency(e.agency_id);
    if (e.purpose_version_id) {
        const auto& [name, version] = labels.purpose_version(*e.purpose_version_id);
        stored.purpose_name = name;
        stored.purpose_version = version;
    }
    head = {stored.seq, stored.hash, true, head.counts_from_hour};
    return stored;
}

// Whether the batch's calls can go together (AppendBatch::append_together), as far as memory
// tells: no idempotency key used by two calls, nor twice for the same item.
bool keys_apart(std::span<const CallEntries> calls) {
    std::map<std::pair<RowId, std::string_view>, std::size_t> call_of_key;
    std::set<std::tuple<RowId, std::string_view, int>> items;
    for (std::size_t call = 0; call < calls.size(); ++call) {
        for (const NewLogEntry& e : calls[call].entries) {
            if (!e.idempotency_key) {
                continue;
            }
            const auto [at, added] = call_of_key.emplace(
                std::pair<RowId, std::string_view>{e.agency_id, *e.idempotency_key}, call);
            if ((!added && at->second != call) ||
                !items.emplace(e.agency_id, *e.idempotency_key, e.idempotency_item).second) {
                return false;
            }
        }
    }
    return true;
}

// Whether any of the batch's idempotency keys is stored already: one statement for them all.
bool any_key_stored(Connection& c, std::span<const CallEntries> calls) {
    ArrayText agencies;
    ArrayText keys;
    for (const CallEntries& call : calls) {
        for (const NewLogEntry& e : call.entries) {
            if (e.idempotency_key) {
                agencies.integer(e.agency_id);
                keys.text(*e.idempotency_key);
            }
        }
    }
    if (keys.size() == 0) {
        return false;
    }
    return c.execute("SELECT 1 FROM access_log_idempotency i JOIN unnest($1::bigint[], "
                     "$2::text[]) AS k (agency_id, idempotency_key) "
                     "USING (agency_id, idempotency_key) LIMIT 1",
                     {agencies.str(), keys.str()})
               .rows() > 0;
}

// The columns of access_log's rows inserted together, one array each, in insert_row's order.
struct EntryArrays {
    ArrayText seq, kind, outcome, reason, citizen, agency, purpose, purpose_version, register_code,
        data_categories, legal_basis, consent, official, correlation, occurred_at, recorded_at,
        prev_hash;

    void add(const LogEntryRecord& e, std::int64_t reason_code) {
        seq.integer(e.seq);
        kind.integer(kind_code(e.kind));
        outcome.integer(outcome_code(e.outcome));
        reason.integer(reason_code);
        citizen.text(e.citizen_pseudonym);
        agency.integer(e.agency_id);
        purpose.optional_integer(e.purpose_id);
        purpose_version.optional_integer(e.purpose_version_id);
        register_code.text(e.register_code);
        data_categories.text(json_array(e.data_categories));
        legal_basis.text(e.legal_basis);
        consent.optional_integer(e.consent_id);
        official.optional_text(e.official);
        correlation.optional_text(e.correlation_id);
        occurred_at.integer(e.occurred_at);
        recorded_at.integer(e.recorded_at);
        prev_hash.bytea(e.prev_hash);
    }

    // Inserts them all; returns each new row's id by its seq.
    std::map<std::int64_t, RowId> insert(Connection& c) const {
        const Result inserted = c.execute(
            "INSERT INTO access_log (seq, kind, outcome, reason, citizen_pseudonym, agency_id, "
            "purpose_id, purpose_version_id, register, data_categories, legal_basis, "
            "consent_id, official, correlation_id, occurred_at, recorded_at, prev_hash) "
            "SELECT * FROM unnest($1::bigint[], $2::smallint[], $3::smallint[], $4::integer[], "
            "$5::text[], $6::bigint[], $7::bigint[], $8::bigint[], $9::text[], $10::text[], "
            "$11::text[], $12::bigint[], $13::text[], $14::text[], $15::bigint[], $16::bigint[], "
            "$17::bytea[]) RETURNING seq, id",
            {seq.str(), kind.str(), outcome.str(), reason.str(), citizen.str(), agency.str(),
             purpose.str(), purpose_version.str(), register_code.str(), data_categories.str(),
             legal_basis.str(), consent.str(), official.str(), correlation.str(), occurred_at.str(),
             recorded_at.str(), prev_hash.str()});
        std::map<std::int64_t, RowId> ids;
        for (int row = 0; row < inserted.rows(); ++row) {
            ids.emplace(inserted.int64(row, 0), inserted.int64(row, 1));
        }
        return ids;
    }
};

// The idempotency keys of entries inserted together, in insert_idempotency_key's columns.
struct KeyArrays {
    ArrayText agency, key, item, scope, request_hash, citizen, log_id, recorded_at;

    void add(const LogEntryRecord& e) {
        agency.integer(e.agency_id);
        key.text(*e.idempotency_key);
        item.integer(e.idempotency_item);
        scope.text(to_text(e.idempotency_scope));
        if (e.request_hash.empty()) {
            request_hash.null();
        } else {
            request_hash.bytea(e.request_hash);
        }
        citizen.text(e.citizen_pseudonym);
        log_id.integer(e.id);
        recorded_at.integer(e.recorded_at);
    }

    void insert(Connection& c) const {
        if (key.size() == 0) {
            return;
        }
        c.execute("INSERT INTO access_log_idempotency (agency_id, idempotency_key, "
                  "idempotency_item, idempotency_scope, request_hash, citizen_pseudonym, log_id, "
                  "recorded_at) SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[], "
                  "$4::text[], $5::bytea[], $6::text[], $7::bigint[], $8::bigint[])",
                  {agency.str(), key.str(), item.str(), scope.str(), request_hash.str(),
                   citizen.str(), log_id.str(), recorded_at.str()});
    }
};

} // namespace

// ---- one batch of appends -----------------------------------------------------------------

namespace pg {

struct AppendBatch::State {
    ChainHead head;
    TreeAppender tree;
    EntryLabels labels;
    HourlyAccessCounts counts;

    // As they were at mark(): all small (the tree's mark copies only its right edge).
    ChainHead marked_head;
    TreeAppender::Mark marked_tree;
    EntryLabels marked_labels;
    HourlyAccessCounts marked_counts;
};

AppendBatch::AppendBatch(Connection& c) : c_(c) {
    const ChainHead head = lock_head(c);
    state_ = std::make_unique<State>(State{head,
                                           TreeAppender(c),
                                           EntryLabels(c),
                                           HourlyAccessCounts(head.counts_from_hour),
                                           head,
                                           {},
                                           EntryLabels(c),
                                           HourlyAccessCounts(head.counts_from_hour)});
}

AppendBatch::~AppendBatch() = default;

std::vector<AppendResult> AppendBatch::append(std::span<const NewLogEntry> entries,
                                              std::span<const CanonicalLogParts> parts) {
    State& s = *state_;
    std::vector<AppendResult> results;
    results.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (auto replay = idempotent_replay(c_, entries[i])) {
            results.push_back({std::move(*replay), true});
            continue;
        }
        results.push_back(
            {insert_entry(c_, entries[i], parts[i], s.head, s.tree, s.labels), false});
        s.counts.add(entries[i]);
    }
    return results;
}

std::optional<std::vector<std::vector<AppendResult>>>
AppendBatch::append_together(std::span<const CallEntries> calls) {
    if (!keys_apart(calls) || any_key_stored(c_, calls)) {
        return std::nullopt;
    }
    State& s = *state_;
    s.labels.load(calls);
    std::vector<std::vector<AppendResult>> results(calls.size());
    EntryArrays rows;
    for (std::size_t call = 0; call < calls.size(); ++call) {
        const CallEntries& entries = calls[call];
        results[call].reserve(entries.entries.size());
        for (std::size_t i = 0; i < entries.entries.size(); ++i) {
            const NewLogEntry& e = entries.entries[i];
            ChainedEntry chained = chain_entry(e, entries.parts[i], s.head.seq, s.head.hash);
            LogEntryRecord& stored =
                results[call].emplace_back(std::move(chained.record), false).entry;
            s.tree.append(stored.seq - 1, chained.leaf);
            // Before the rows: an unknown agency or purpose version throws here.
            stored.agency = s.labels.agency(e.agency_id);
            if (e.purpose_version_id) {
                const auto& [name, version] = s.labels.purpose_version(*e.purpose_version_id);
                stored.purpose_name = name;
                stored.purpose_version = version;
            }
            rows.add(stored, s.labels.reason_code(e.reason));
            s.counts.add(e);
            s.head = {stored.seq, stored.hash, true, s.head.counts_from_hour};
        }
    }
    const std::map<std::int64_t, RowId> ids = rows.insert(c_);
    KeyArrays keys;
    for (std::vector<AppendResult>& call : results) {
        for (AppendResult& result : call) {
            const auto id = ids.find(result.entry.seq);
            if (id == ids.end()) {
                throw std::runtime_error("access log: entry " + std::to_string(result.entry.seq) +
                                         " was not inserted");
            }
            result.entry.id = id->second;
            if (result.entry.idempotency_key) {
                keys.add(result.entry);
            }
        }
    }
    keys.insert(c_);
    return results;
}

void AppendBatch::mark() {
    State& s = *state_;
    s.marked_head = s.head;
    s.marked_tree = s.tree.mark();
    s.marked_labels = s.labels; // reason codes added after it may be rolled back
    s.marked_counts = s.counts;
}

void AppendBatch::roll_back_to_mark() {
    State& s = *state_;
    s.head = s.marked_head;
    s.tree.roll_back_to(s.marked_tree);
    s.labels = s.marked_labels;
    s.counts = s.marked_counts;
}

void AppendBatch::finish() {
    State& s = *state_;
    if (s.head.advanced) {
        s.tree.store();
        write_head(c_, s.head);
        write_hourly_counts(c_, s.counts);
    }
}

} // namespace pg

PgAccessLogRepository::PgAccessLogRepository(pg::Pool& pool)
    : pool_(pool), own_reads_(std::make_unique<pg::ReplicaReads>(pool)), reads_(*own_reads_),
      writer_(pool) {}

PgAccessLogRepository::PgAccessLogRepository(pg::Pool& pool, pg::ReplicaReads& reads)
    : pool_(pool), reads_(reads), writer_(pool, &reads) {}

PgAccessLogRepository::~PgAccessLogRepository() = default;

std::vector<AppendResult> PgAccessLogRepository::append(std::span<const NewLogEntry> entries) {
    if (entries.empty()) {
        return {};
    }
    return writer_.append(entries);
}

// ---- reads ----------------------------------------------------------------------------------

PageQuery PgAccessLogRepository::history_page_query(const std::string& citizen_pseudonym,
                                                    const HistoryFilter& filter,
                                                    const std::optional<HistoryCursor>& after,
                                                    int limit) {
    // The pseudonym first: Citus routes the query to the citizen's shard.
    return page_query("l.citizen_pseudonym", citizen_pseudonym, filter, after, limit);
}

PageQuery PgAccessLogRepository::agency_page_query(RowId agency_id, const HistoryFilter& filter,
                                                   const std::optional<HistoryCursor>& after,
                                                   int limit) {
    HistoryFilter scoped = filter;
    scoped.agency_code.reset(); // the scope is the agency
    return page_query("l.agency_id", id_param(agency_id), scoped, after, limit);
}

std::vector<LogEntryRecord>
PgAccessLogRepository::history_page(const std::string& citizen_pseudonym,
                                    const HistoryFilter& filter,
                                    const std::optional<HistoryCursor>& after, int limit) {
    const PageQuery q = history_page_query(citizen_pseudonym, filter, after, limit);
    std::vector<LogEntryRecord> entries;
    reads_.for_citizen(citizen_pseudonym,
                       [&](Connection& c) { entries = read_entries(c.execute(q.sql, q.params)); });
    return entries;
}

std::vector<LogEntryRecord>
PgAccessLogRepository::agency_page(RowId agency_id, const HistoryFilter& filter,
                                   const std::optional<HistoryCursor>& after, int limit) {
    const PageQuery q = agency_page_query(agency_id, filter, after, limit);
    std::vector<LogEntryRecord> entries;
    reads_.agency_wide([&](Connection& c) { entries = read_entries(c.execute(q.sql, q.params)); });
    return entries;
}

std::optional<LogEntryRecord> PgAccessLogRepository::find(RowId id) {
    Pool::Lease connection = pool_.acquire();
    return find_in(*connection, id);
}

std::int64_t PgAccessLogRepository::count_for_citizen(const std::string& citizen_pseudonym) {
    Pool::Lease connection = pool_.acquire();
    return connection
        ->execute("SELECT count(*) FROM access_log WHERE citizen_pseudonym = $1",
                  {citizen_pseudonym})
        .int64(0, 0);
}

std::vector<LogFact> PgAccessLogRepository::facts_for_citizen(const std::string& pseudonym,
                                                              UnixMillis from) {
    std::optional<Result> read;
    reads_.for_citizen(pseudonym, [&](Connection& c) {
        read = c.execute("SELECT occurred_at, kind, outcome FROM access_log "
                         "WHERE citizen_pseudonym = $1 AND occurred_at >= $2 "
                         "ORDER BY occurred_at DESC, id DESC",
                         {pseudonym, std::int64_t{from}});
    });
    const Result& rows = *read;
    std::vector<LogFact> facts;
    facts.reserve(static_cast<std::size_t>(rows.rows()));
    for (int row = rows.rows() - 1; row >= 0; --row) { // oldest first
        facts.push_back({rows.int64(row, 0),
                         rows.int64(row, 1) == kind_code(AccessKind::Check) ? AccessKind::Check
                                                                            : AccessKind::Access,
                         rows.int64(row, 2) == outcome_code(AccessOutcome::Denied)
                             ? AccessOutcome::Denied
                             : AccessOutcome::Allowed});
    }
    return facts;
}

// ---- retention ------------------------------------------------------------------------------

namespace {

// How long retention waits for the lock that dropping months takes (remove_months).
constexpr std::chrono::milliseconds retention_lock_timeout{2000};

// A monthly partition that retention removes whole: it lies entirely before the cutoff and
// holds only entries below keep_from.
struct DroppedMonth {
    LogPartition partition;
    std::int64_t rows = 0;
};

// The monthly partitions whose upper bound is at or before the cutoff and whose every row
// (by their largest seq) lies below keep_from. An appended entry is recorded at the clock's
// now, after the cutoff, so none can arrive in them later; should the clock have stepped back,
// a month holding an entry from keep_from on is not taken whole but trimmed by rows below.
// The months' rows are counted, so that the run reports what deleting them by rows would.
std::vector<DroppedMonth> whole_months_before(Connection& c, UnixMillis cutoff,
                                              std::int64_t keep_from) {
    std::vector<DroppedMonth> months;
    for (LogPartition& p : log_partitions(c)) {
        if (p.is_default() || *p.to > cutoff) {
            continue;
        }
        // The largest seq along the month's seq index first; the count only for a month that
        // goes, so that a month kept back is not counted again at every run.
        if (c.execute("SELECT coalesce(max(seq), 0) FROM ONLY " + p.quoted_name).int64(0, 0) <
            keep_from) {
            const std::int64_t rows =
                c.execute("SELECT count(*) FROM ONLY " + p.quoted_name).int64(0, 0);
            months.push_back({std::move(p), rows});
        }
    }
    return months;
}

// Removes the months with DETACH PARTITION and DROP TABLE, inside retention's transaction: no
// row is deleted, written to the WAL or left for vacuum. Both take ACCESS EXCLUSIVE on
// access_log until the commit, so this runs last before it, and waits for the lock at most
// `lock_timeout`: a request queued behind a long read would hold up every write behind it.
// DETACH … CONCURRENTLY would take a weaker lock, but PostgreSQL refuses it while the log has
// a DEFAULT partition, which is what keeps every write from failing for want of a month (and
// it cannot run in a transaction). Should the lock not come in time, the months lose their
// rows by DELETE instead: what the log then holds is the same.
void remove_months(Connection& c, const std::vector<DroppedMonth>& months, std::int64_t keep_from) {
    if (months.empty()) {
        return;
    }
    c.execute_script("SAVEPOINT drop_months");
    try {
        c.execute("SELECT set_config('lock_timeout', $1, true)",
                  {std::to_string(retention_lock_timeout.count()) + "ms"});
        for (const DroppedMonth& month : months) {
            c.execute_script("ALTER TABLE access_log DETACH PARTITION " +
                             month.partition.quoted_name + "; DROP TABLE " +
                             month.partition.quoted_name);
        }
        c.execute_script("RELEASE SAVEPOINT drop_months");
        return;
    } catch (const Error& error) {
        if (error.sqlstate() != "55P03" /* lock_not_available */ && !error.is_retryable()) {
            throw;
        }
    }
    c.execute_script("ROLLBACK TO SAVEPOINT drop_months; RELEASE SAVEPOINT drop_months");
    for (const DroppedMonth& month : months) {
        c.execute("DELETE FROM ONLY " + month.partition.quoted_name + " WHERE seq < $1",
                  {std::int64_t{keep_from}});
    }
}

} // namespace

std::int64_t PgAccessLogRepository::delete_recorded_before(UnixMillis cutoff,
                                                           const AuditEntry& audit) {
    Pool::Lease connection = pool_.acquire();
    Connection& c = *connection;
    Transaction transaction(c);
    // The head's lock: no append runs meanwhile, as behind SQLite's single writer.
    const ChainHead head = lock_head(c);
    // The first entry, in seq order, recorded at or after the cutoff: it and everything after
    // it stay. recorded_at grows with seq (one writer, one clock); should the clock ever step
    // back, this keeps more rather than opening a hole.
    const Result first_kept =
        c.execute("SELECT seq FROM access_log WHERE recorded_at >= $1 ORDER BY seq LIMIT 1",
                  {std::int64_t{cutoff}});
    const std::int64_t keep_from = first_kept.rows() > 0 ? first_kept.int64(0, 0) : head.seq + 1;
    // The keys of the deleted entries go with them, as they do with SQLite's rows: a key is
    // answered from its entry. Found through the keys' time index up to the newest deleted
    // entry's recorded_at, not by a scan of all keys.
    c.execute("DELETE FROM access_log_idempotency WHERE recorded_at <= "
              "(SELECT max(recorded_at) FROM access_log WHERE seq < $1) "
              "AND log_id IN (SELECT id FROM access_log WHERE seq < $1)",
              {std::int64_t{keep_from}});
    // Whole months before the cutoff are dropped (below); the other partitions, the month
    // holding the cutoff and DEFAULT, lose their rows below keep_from one by one.
    const std::vector<DroppedMonth> months = whole_months_before(c, cutoff, keep_from);
    std::int64_t deleted = 0;
    for (const LogPartition& p : log_partitions(c)) {
        const bool whole = std::any_of(months.begin(), months.end(), [&](const DroppedMonth& m) {
            return m.partition.name == p.name;
        });
        if (!whole) {
            deleted += c.execute("DELETE FROM ONLY " + p.quoted_name + " WHERE seq < $1",
                                 {std::int64_t{keep_from}})
                           .affected_rows();
        }
    }
    for (const DroppedMonth& month : months) {
        deleted += month.rows;
    }
    const Result run =
        c.execute("INSERT INTO retention_runs (ran_at, cutoff, deleted_count) "
                  "VALUES ($1, $2, $3) RETURNING id",
                  {std::int64_t{audit.occurred_at}, std::int64_t{cutoff}, std::int64_t{deleted}});
    AuditEntry entry = audit;
    entry.subject_id = run.int64(0, 0);
    entry.details_json =
        nlohmann::json{{"cutoff", cutoff}, {"deleted", deleted}, {"kept_from_seq", keep_from}}
            .dump();
    insert_audit(transaction, entry);
    remove_months(c, months, keep_from);
    transaction.commit();
    // Every citizen's log changed: a replica serves none of them before it has this commit.
    reads_.committed_for_everyone(c);
    return deleted;
}

// ---- the chain ------------------------------------------------------------------------------

ChainCheck PgAccessLogRepository::verify_chain() {
    // One snapshot for the whole walk, read in pages along the seq index: the log is never
    // held in memory at once.
    constexpr std::int64_t rows_per_page = 1000;
    Pool::Lease connection = pool_.acquire();
    Transaction snapshot(*connection, Isolation::repeatable_read);
    const std::string sql =
        std::string(chained_entry_columns) + "WHERE l.seq > $1 ORDER BY l.seq LIMIT $2";
    ChainVerifier verifier;
    std::int64_t after_seq = 0;
    for (bool more = true; more;) {
        const Result rows = connection->execute(sql, {after_seq, rows_per_page});
        more = rows.rows() == rows_per_page;
        for (int row = 0; row < rows.rows(); ++row) {
            const LogEntryRecord entry = read_entry(rows, row);
            after_seq = entry.seq;
            if (!verifier.add(entry)) {
                more = false;
                break;
            }
        }
    }
    snapshot.commit();
    return verifier.result();
}

// ---- weekly counts --------------------------------------------------------------------------

namespace {

AgencyCounts agency_counts(const Result& rows) {
    AgencyCounts counts;
    for (int row = 0; row < rows.rows(); ++row) {
        counts[rows.int64(row, 0)] += rows.int64(row, 1);
    }
    return counts;
}

void add_period_rows(const Result& rows, const WeeklyCountRows::AddRow& add) {
    for (int row = 0; row < rows.rows(); ++row) {
        add(rows.int64(row, 0), static_cast<int>(rows.int64(row, 1)), rows.int64(row, 2));
    }
}

// The statements of SqliteAccessLogRepository's, on one connection in one snapshot.
class PgWeeklyCountRows final : public WeeklyCountRows {
public:
    explicit PgWeeklyCountRows(Connection& c) : c_(c) {}

    std::int64_t counts_from_hour() override {
        const Result head = c_.execute("SELECT counts_from_hour FROM access_log_head WHERE id = 1");
        return head.rows() > 0 ? head.int64(0, 0) : 0;
    }

    void counted_by_period(std::int64_t last_hour, std::int64_t from_hour, std::int64_t edge_hour,
                           const AddRow& add) override {
        add_period_rows(
            c_.execute("SELECT agency_id, ($1::bigint - hour) / 168, "
                       "sum(accesses)::bigint FROM access_counts_hourly "
                       "WHERE hour >= $2 AND hour <= $1::bigint "
                       "AND ($3::bigint - hour) % 168 <> 0 GROUP BY 1, 2",
                       {std::int64_t{last_hour}, std::int64_t{from_hour}, std::int64_t{edge_hour}}),
            add);
    }

    void logged_by_period(UnixMillis now, UnixMillis week_millis, UnixMillis after,
                          UnixMillis up_to, const AddRow& add) override {
        add_period_rows(c_.execute("SELECT agency_id, ($1::bigint - occurred_at) / $2::bigint, "
                                   "count(*) FROM access_log "
                                   "WHERE occurred_at > $3 AND occurred_at <= $4 "
                                   "AND kind = 1 GROUP BY 1, 2",
                                   {std::int64_t{now}, std::int64_t{week_millis},
                                    std::int64_t{after}, std::int64_t{up_to}}),
                        add);
    }

    AgencyCounts counted_in_hour(std::int64_t hour) override {
        return agency_counts(
            c_.execute("SELECT agency_id, accesses FROM access_counts_hourly WHERE hour = $1",
                       {std::int64_t{hour}}));
    }

    // Through the log's time index.
    AgencyCounts logged_between(UnixMillis after, UnixMillis up_to) override {
        return agency_counts(c_.execute("SELECT agency_id, count(*) FROM access_log "
                                        "WHERE occurred_at > $1 AND occurred_at <= $2 AND kind = 1 "
                                        "GROUP BY agency_id",
                                        {std::int64_t{after}, std::int64_t{up_to}}));
    }

private:
    Connection& c_;
};

} // namespace

// SqliteAccessLogRepository::weekly_access_counts, statement for statement, in one snapshot
// (the reasoning is in server::weekly_access_counts): whole hours between the periods' edges
// from the hourly counts, the hours before the counts begin from the log, and an hour a period's
// edge splits divided by the log.
std::vector<AgencyWeekCount> PgAccessLogRepository::weekly_access_counts(UnixMillis now,
                                                                         int weeks) {
    std::vector<AgencyWeekCount> counts;
    reads_.agency_wide([&](Connection& c) {
        Transaction snapshot(c, Isolation::repeatable_read);
        PgWeeklyCountRows rows(c);
        counts = server::weekly_access_counts(rows, now, weeks);
        snapshot.commit();
    });
    return counts;
}

// ---- the tree -------------------------------------------------------------------------------

namespace {

// The head's size. Nodes are never changed or deleted and are committed with the head that
// counts them, so a later statement on any connection finds every node of that size: the tree
// reads need no snapshot.
std::int64_t tree_size(Connection& c) {
    const Result head = c.execute("SELECT last_seq FROM access_log_head WHERE id = 1");
    if (head.rows() == 0) {
        throw std::runtime_error("access log: the chain's head row is missing");
    }
    return head.int64(0, 0);
}

} // namespace

LogTreeHead PgAccessLogRepository::tree_head() {
    Pool::Lease connection = pool_.acquire();
    const std::int64_t size = tree_size(*connection);
    return LogTreeHead{size, merkle::tree_root(log_tree_sha256(), static_cast<std::uint64_t>(size),
                                               pg::tree_node_reader(*connection))};
}

merkle::Hash PgAccessLogRepository::tree_root(std::int64_t size) {
    Pool::Lease connection = pool_.acquire();
    require_log_tree_size(size, tree_size(*connection));
    return merkle::tree_root(log_tree_sha256(), static_cast<std::uint64_t>(size),
                             pg::tree_node_reader(*connection));
}

std::vector<merkle::Hash> PgAccessLogRepository::inclusion_proof(std::int64_t index,
                                                                 std::int64_t size) {
    Pool::Lease connection = pool_.acquire();
    require_log_tree_size(size, tree_size(*connection));
    if (index < 0) {
        throw std::invalid_argument("no entry " + std::to_string(index) + " in the tree");
    }
    return merkle::inclusion_proof(log_tree_sha256(), static_cast<std::uint64_t>(index),
                                   static_cast<std::uint64_t>(size),
                                   pg::tree_node_reader(*connection));
}

std::vector<std::vector<merkle::Hash>>
PgAccessLogRepository::inclusion_proofs(std::span<const std::int64_t> indices, std::int64_t size) {
    Pool::Lease connection = pool_.acquire();
    require_log_tree_size(size, tree_size(*connection));
    require_log_tree_leaves(indices, size);
    return pg::inclusion_proofs(*connection, indices, size);
}

std::vector<merkle::Hash> PgAccessLogRepository::consistency_proof(std::int64_t first,
                                                                   std::int64_t second) {
    Pool::Lease connection = pool_.acquire();
    require_log_tree_size(second, tree_size(*connection));
    if (first < 0) {
        throw std::invalid_argument("no tree of " + std::to_string(first) + " entries");
    }
    return merkle::consistency_proof(log_tree_sha256(), static_cast<std::uint64_t>(first),
                                     static_cast<std::uint64_t>(second),
                                     pg::tree_node_reader(*connection));
}

} // namespace einblick::server
