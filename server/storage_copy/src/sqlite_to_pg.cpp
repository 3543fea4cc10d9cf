#include "einblick/server/storage_copy/sqlite_to_pg.hpp"

#include "einblick/server/crypto.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <chrono>
#include <einblick/server/pg/access_log_repository.hpp>
#include <einblick/server/pg/copy_text.hpp>
#include <einblick/server/pg/pool.hpp>
#include <map>
#include <memory>
#include <span>
#include <sqlite3.h>
#include <stdexcept>

namespace einblick::server::storage_copy {
namespace {

using Steady = std::chrono::steady_clock;

double seconds_since(Steady::time_point start) {
    return std::chrono::duration<double>(Steady::now() - start).count();
}

// One PostgreSQL table and where its rows come from in SQLite: by default the table of the same
// name and the columns of the same names; `from` and `expressions` where the layouts differ.
struct TableCopy {
    std::string table;                              // the PostgreSQL table
    std::string from;                               // SQLite FROM clause (and WHERE)
    std::map<std::string, std::string> expressions; // PostgreSQL column -> SQLite expression
    std::string order;                              // ORDER BY, where the order matters
};

// In the order of their foreign keys. sessions are not copied (a login is redone); log_citizens
// is SQLite's numbering of pseudonyms, which PostgreSQL keeps in the rows themselves.
std::vector<TableCopy> tables_to_copy() {
    const auto same = [](const char* table) { return TableCopy{table, table, {}, ""}; };
    const std::string log_with_citizen = "access_log l JOIN log_citizens c ON c.id = l.citizen_id";
    return {
        same("agencies"),
        same("api_keys"),
        same("accounts"),
        same("purposes"),
        same("purpose_versions"),
        same("consents"),
        same("log_reasons"),
        // In the log's order, as the entries were written.
        {"access_log", log_with_citizen, {{"citizen_pseudonym", "c.pseudonym"}}, "l.id"},
        {"access_log_idempotency",
         log_with_citizen + " WHERE l.idempotency_key IS NOT NULL",
         {{"citizen_pseudonym", "c.pseudonym"},
          {"log_id", "l.id"},
          {"idempotency_item", "coalesce(l.idempotency_item, 0)"}},
         ""},
        same("access_counts_hourly"),
        same("objections"),
        same("audit_log"),
        same("retention_runs"),
        same("log_tree_nodes"),
        same("log_checkpoints"),
        same("log_cosignatures"),
    };
}

// How a column's SQLite value is written for PostgreSQL: SQLite keeps booleans as integers,
// and everything else but bytea and integers goes in as its text form.
enum class Kind { bytea, boolean, integer, text };

struct Column {
    std::string name;
    Kind kind = Kind::text;
};

Kind kind_of(const std::string& data_type) {
    if (data_type == "bytea") {
        return Kind::bytea;
    }
    if (data_type == "boolean") {
        return Kind::boolean;
    }
    if (data_type == "bigint" || data_type == "integer" || data_type == "smallint") {
        return Kind::integer;
    }
    return Kind::text;
}

std::vector<Column> pg_columns(pg::Transaction& tx, const std::string& table) {
    const pg::Result rows =
        tx.execute("SELECT column_name, data_type FROM information_schema.columns "
                   "WHERE table_schema = current_schema() AND table_name = $1 "
                   "ORDER BY ordinal_position",
                   {table});
    std::vector<Column> columns;
    for (int row = 0; row < rows.rows(); ++row) {
        columns.push_back({rows.text(row, 0), kind_of(rows.text(row, 1))});
    }
    if (columns.empty()) {
        throw std::runtime_error("the target has no table " + table);
    }
    return columns;
}

// One SQLite cell as a field of COPY's text format.
void append_field(std::string& row, sqlite3_stmt* statement, int index, Kind kind) {
    if (sqlite3_column_type(statement, index) == SQLITE_NULL) {
        pg::copy_text::null(row);
        return;
    }
    switch (kind) {
    case Kind::bytea: {
        const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(statement, index));
        const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement, index));
        pg::copy_text::bytea(row, std::span<const std::uint8_t>(data, size));
        return;
    }
    case Kind::boolean:
        pg::copy_text::boolean(row, sqlite3_column_int64(statement, index) != 0);
        return;
    case Kind::integer:
        pg::copy_text::integer(row, sqlite3_column_int64(statement, index));
        return;
    case Kind::text:
        break;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, index));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement, index));
    pg::copy_text::text(row, std::string_view(text, size));
}

std::int64_t pg_count(pg::Transaction& tx, const std::string& table) {
    return tx.execute("SELECT count(*) FROM " + table).int64(0, 0);
}

std::int64_t sqlite_count(SQLite::Database& db, const std::string& from) {
    return db.execAndGet("SELECT count(*) FROM " + from).getInt64();
}

// Streams one table with COPY FROM STDIN; returns the rows copied.
std::int64_t copy_table(SQLite::Database& source, pg::Transaction& tx, const TableCopy& copy) {
    const std::vector<Column> columns = pg_columns(tx, copy.table);
    std::string select = "SELECT ";
    std::string names;
    const bool aliased = copy.from.starts_with("access_log l");
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string separator = i == 0 ? "" : ", ";
        const auto expression = copy.expressions.find(columns[i].name);
        select += separator + (expression != copy.expressions.end() ? expression->second
                               : aliased                            ? "l." + columns[i].name
                                                                    : columns[i].name);
        names += separator + columns[i].name;
    }
    // SQLite's C API: each cell is read in the form the target wants, without an object per
    // cell (a million-entry log has tens of millions of them).
    const std::string sql =
        select + " FROM " + copy.from + (copy.order.empty() ? "" : " ORDER BY " + copy.order);
    sqlite3_stmt* prepared = nullptr;
    if (sqlite3_prepare_v2(source.getHandle(), sql.c_str(), -1, &prepared, nullptr) != SQLITE_OK) {
        throw std::runtime_error(std::string("cannot read the source's ") + copy.table + ": " +
                                 sqlite3_errmsg(source.getHandle()));
    }
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> rows(prepared, sqlite3_finalize);
    sqlite3_stmt* statement = rows.get();
    std::int64_t read = 0;
    const std::int64_t copied =
        tx.copy_in("COPY " + copy.table + " (" + names + ") FROM STDIN", [&](std::string& buffer) {
            if (const int step = sqlite3_step(statement); step != SQLITE_ROW) {
                if (step != SQLITE_DONE) {
                    throw std::runtime_error(std::string("reading the source's ") + copy.table +
                                             ": " + sqlite3_errmsg(source.getHandle()));
                }
                return false;
            }
            for (std::size_t i = 0; i < columns.size(); ++i) {
                if (i > 0) {
                    buffer += '\t';
                }
                append_field(buffer, statement, static_cast<int>(i), columns[i].kind);
            }
            buffer += '\n';
            ++read;
            return true;
        });
    if (copied != read) {
        throw std::runtime_error(copy.table + ": " + std::to_string(read) + " rows sent, " +
                                 std::to_string(copied) + " copied");
    }
    return copied;
}

// The monthly partitions of the log for every month the copied entries were recorded in, so
// that none lands in the DEFAULT partition.
void create_partitions(SQLite::Database& source, pg::Transaction& tx) {
    SQLite::Statement range(source, "SELECT min(recorded_at), max(recorded_at) FROM access_log");
    range.executeStep();
    if (range.getColumn(0).isNull()) {
        return;
    }
    tx.execute("SELECT access_log_create_month_partition(m) FROM generate_series("
               "date_trunc('month', to_timestamp($1::bigint / 1000.0) AT TIME ZONE 'UTC'), "
               "to_timestamp($2::bigint / 1000.0) AT TIME ZONE 'UTC', interval '1 month') m",
               {static_cast<std::int64_t>(range.getColumn(0).getInt64()),
                static_cast<std::int64_t>(range.getColumn(1).getInt64())});
}

void copy_head(SQLite::Database& source, pg::Transaction& tx) {
    SQLite::Statement head(source,
                           "SELECT last_seq, last_hash, counts_from_hour FROM access_log_head");
    if (!head.executeStep()) {
        throw std::runtime_error("the source has no access_log_head row");
    }
    const auto value = [&](int index, Kind kind) -> pg::Param {
        const SQLite::Column cell = head.getColumn(index);
        if (cell.isNull()) {
            return pg::null;
        }
        if (kind == Kind::bytea) {
            const auto* data = static_cast<const std::uint8_t*>(cell.getBlob());
            return pg::Bytes(data, data + cell.getBytes());
        }
        return static_cast<std::int64_t>(cell.getInt64());
    };
    tx.execute("UPDATE access_log_head SET last_seq = $1, last_hash = $2, counts_from_hour = $3 "
               "WHERE id = 1",
               {value(0, Kind::integer), value(1, Kind::bytea), value(2, Kind::integer)});
}

// Moves every identity column's sequence past the copied ids.
void reset_sequences(pg::Transaction& tx) {
    const pg::Result identities =
        tx.execute("SELECT c.table_name, c.column_name FROM information_schema.columns c "
                   "JOIN pg_class t ON t.relname = c.table_name "
                   "AND t.relnamespace = current_schema()::regnamespace "
                   "WHERE c.table_schema = current_schema() AND c.is_identity = 'YES' "
                   "AND NOT t.relispartition");
    for (int row = 0; row < identities.rows(); ++row) {
        const std::string table = identities.text(row, 0);
        const std::string column = identities.text(row, 1);
        tx.execute("SELECT setval(pg_get_serial_sequence($1, $2), max(" + column + ")) FROM " +
                       table + " HAVING max(" + column + ") IS NOT NULL",
                   {table, column});
    }
}

void refuse_non_empty(pg::Transaction& tx, const std::string& shown_target) {
    for (const TableCopy& copy : tables_to_copy()) {
        if (const std::int64_t rows = pg_count(tx, copy.table); rows != 0) {
            throw std::runtime_error(shown_target + " is not empty (" + copy.table + " has " +
                                     std::to_string(rows) + " rows): einblick copy does not merge");
        }
    }
    if (tx.execute("SELECT last_seq FROM access_log_head").int64(0, 0) != 0) {
        throw std::runtime_error(shown_target +
                                 " is not empty (its log head is past seq 0): einblick "
                                 "copy does not merge");
    }
}

// session_replication_role = replica for the transaction, if the role may set it; a refusal
// is rolled back to a savepoint so that the transaction goes on.
bool turn_triggers_off(pg::Transaction& tx) {
    tx.execute_script("SAVEPOINT einblick_triggers_off");
    try {
        tx.execute_script("SET LOCAL session_replication_role = replica");
    } catch (const pg::Error&) {
        tx.execute_script("ROLLBACK TO SAVEPOINT einblick_triggers_off");
        return false;
    }
    tx.execute_script("RELEASE SAVEPOINT einblick_triggers_off");
    return true;
}

struct Index {
    std::string name;
    std::string definition;
};

// The log's secondary indexes (not those of its constraints), dropped.
std::vector<Index> drop_log_indexes(pg::Transaction& tx) {
    const pg::Result found =
        tx.execute("SELECT i.indexname, i.indexdef FROM pg_indexes i "
                   "WHERE i.schemaname = current_schema() AND i.tablename = 'access_log' "
                   "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)");
    std::vector<Index> indexes;
    for (int row = 0; row < found.rows(); ++row) {
        indexes.push_back({found.text(row, 0), found.text(row, 1)});
        tx.execute_script("DROP INDEX \"" + indexes.back().name + "\"");
    }
    return indexes;
}

void build_indexes(pg::Transaction& tx, const std::vector<Index>& indexes) {
    for (const Index& index : indexes) {
        // ON ONLY is how PostgreSQL shows a partitioned table's index; without it, CREATE INDEX
        // builds it on every partition.
        std::string definition = index.definition;
        if (const std::size_t only = definition.find(" ON ONLY "); only != std::string::npos) {
            definition.replace(only, 9, " ON ");
        }
        tx.execute_script(definition);
    }
}

} // namespace

std::vector<std::string> copied_tables() {
    std::vector<std::string> tables;
    for (const TableCopy& copy : tables_to_copy()) {
        tables.push_back(copy.table);
    }
    return tables;
}

std::int64_t CopyOutcome::rows_of(std::string_view table) const {
    for (const TableCopied& copied : tables) {
        if (copied.table == table) {
            return copied.rows;
        }
    }
    return 0;
}

CopyOutcome copy_sqlite_to_pg(SQLite::Database& source, pg::Transaction& tx,
                              const std::string& shown_target, const BulkLoad& bulk,
                              const std::function<void(const TableCopied&)>& on_table) {
    CopyOutcome outcome;
    refuse_non_empty(tx, shown_target);
    if (bulk.commit_without_waiting) {
        tx.execute_script("SET LOCAL synchronous_commit = off");
    }
    if (!bulk.maintenance_work_mem.empty()) {
        tx.execute("SELECT set_config('maintenance_work_mem', $1, true)",
                   {bulk.maintenance_work_mem});
    }
    if (bulk.triggers_off) {
        outcome.triggers_off = turn_triggers_off(tx);
    }
    // Before the partitions are made, so that none gets the indexes only to lose them.
    const std::vector<Index> indexes =
        bulk.rebuild_log_indexes ? drop_log_indexes(tx) : std::vector<Index>{};
    create_partitions(source, tx);
    const std::vector<TableCopy> tables = tables_to_copy();
    for (const TableCopy& copy : tables) {
        const auto start = Steady::now();
        outcome.tables.push_back({copy.table, copy_table(source, tx, copy), 0});
        outcome.tables.back().seconds = seconds_since(start);
        if (on_table) {
            on_table(outcome.tables.back());
        }
    }
    copy_head(source, tx);
    reset_sequences(tx);
    const auto index_start = Steady::now();
    build_indexes(tx, indexes);
    outcome.index_seconds = seconds_since(index_start);
    for (const TableCopy& copy : tables) {
        const std::int64_t expected = sqlite_count(source, copy.from);
        const std::int64_t actual = pg_count(tx, copy.table);
        if (expected != actual) {
            throw std::runtime_error(copy.table + ": " + std::to_string(expected) +
                                     " rows in the source, " + std::to_string(actual) +
                                     " in the target: rolled back, nothing copied");
        }
    }
    return outcome;
}

std::string difference_from_source(const std::string& url, const LogTreeHead& source_head,
                                   std::optional<std::int64_t> source_chain_rows) {
    const auto hex = [](const merkle::Hash& hash) {
        return to_hex(Bytes(hash.begin(), hash.end()));
    };
    try {
        pg::Pool pool(url, 1);
        PgAccessLogRepository target_log(pool);
        const LogTreeHead target_head = target_log.tree_head();
        if (target_head.size != source_head.size || target_head.root != source_head.root) {
            return "tree head differs: source size " + std::to_string(source_head.size) + " root " +
                   hex(source_head.root) + ", target size " + std::to_string(target_head.size) +
                   " root " + hex(target_head.root);
        }
        const ChainCheck target_chain = target_log.verify_chain();
        if (!target_chain.intact ||
            (source_chain_rows && target_chain.rows != *source_chain_rows)) {
            return "the target's chain is not intact (" + std::to_string(target_chain.rows) +
                   " of " + std::to_string(source_chain_rows.value_or(target_chain.rows)) +
                   " entries checked)";
        }
    } catch (const std::exception& e) {
        return std::string("the target's log cannot be read back (") + e.what() + ")";
    }
    return "";
}

void empty_target(pg::Connection& target, std::int64_t counts_from_hour) {
    std::string tables;
    for (const std::string& table : copied_tables()) {
        tables += (tables.empty() ? "" : ", ") + table;
    }
    pg::Transaction tx(target);
    tx.execute("TRUNCATE " + tables + " RESTART IDENTITY CASCADE");
    tx.execute("UPDATE access_log_head SET last_seq = 0, last_hash = decode(repeat('00', 32), "
               "'hex'), counts_from_hour = $1 WHERE id = 1",
               {counts_from_hour});
    tx.commit();
}

} // namespace einblick::server::storage_copy
