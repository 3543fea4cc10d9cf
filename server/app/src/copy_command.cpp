#include "copy_command.hpp"

#include "einblick/server/sqlite/access_log_repository.hpp"
#include "einblick/server/sqlite/database.hpp"
#include "einblick/server/sqlite/migrations.hpp"

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <cstdint>
#include <einblick/server/pg/access_log_repository.hpp>
#include <einblick/server/pg/connection.hpp>
#include <einblick/server/pg/migrations.hpp>
#include <einblick/server/pg/pool.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace einblick::server {
namespace {

// One PostgreSQL table and where its rows come from in SQLite: by default the table of the same
// name and the columns of the same names; `from` and `expressions` where the layouts differ.
struct TableCopy {
    std::string table;                              // the PostgreSQL table
    std::string from;                               // SQLite FROM clause (and WHERE)
    std::map<std::string, std::string> expressions; // PostgreSQL column -> SQLite expression
};

// In the order of their foreign keys. sessions are not copied (a login is redone); log_citizens
// is SQLite's numbering of pseudonyms, which PostgreSQL keeps in the rows themselves.
std::vector<TableCopy> tables_to_copy() {
    const std::string log_with_citizen = "access_log l JOIN log_citizens c ON c.id = l.citizen_id";
    return {
        {"agencies", "agencies", {}},
        {"api_keys", "api_keys", {}},
        {"accounts", "accounts", {}},
        {"purposes", "purposes", {}},
        {"purpose_versions", "purpose_versions", {}},
        {"consents", "consents", {}},
        {"log_reasons", "log_reasons", {}},
        {"access_log", log_with_citizen, {{"citizen_pseudonym", "c.pseudonym"}}},
        {"access_log_idempotency",
         log_with_citizen + " WHERE l.idempotency_key IS NOT NULL",
         {{"citizen_pseudonym", "c.pseudonym"},
          {"log_id", "l.id"},
          {"idempotency_item", "coalesce(l.idempotency_item, 0)"}}},
        {"access_counts_hourly", "access_counts_hourly", {}},
        {"objections", "objections", {}},
        {"audit_log", "audit_log", {}},
        {"retention_runs", "retention_runs", {}},
        {"log_tree_nodes", "log_tree_nodes", {}},
        {"log_checkpoints", "log_checkpoints", {}},
        {"log_cosignatures", "log_cosignatures", {}},
    };
}

struct Column {
    std::string name;
    std::string type; // information_schema's data_type
};

std::vector<Column> pg_columns(pg::Transaction& tx, const std::string& table) {
    const pg::Result rows =
        tx.execute("SELECT column_name, data_type FROM information_schema.columns "
                   "WHERE table_schema = current_schema() AND table_name = $1 "
                   "ORDER BY ordinal_position",
                   {table});
    std::vector<Column> columns;
    for (int row = 0; row < rows.rows(); ++row) {
        columns.push_back({rows.text(row, 0), rows.text(row, 1)});
    }
    if (columns.empty()) {
        throw std::runtime_error("the target has no table " + table);
    }
    return columns;
}

pg::Param pg_value(const SQLite::Column& value, const std::string& type) {
    if (value.isNull()) {
        return pg::null;
    }
    if (type == "bytea") {
        const auto* data = static_cast<const std::uint8_t*>(value.getBlob());
        return pg::Bytes(data, data + value.getBytes());
    }
    if (type == "boolean") {
        return std::string(value.getInt64() != 0 ? "true" : "false");
    }
    if (type == "bigint" || type == "integer" || type == "smallint") {
        return static_cast<std::int64_t>(value.getInt64());
    }
    return value.getString();
}

std::int64_t pg_count(pg::Transaction& tx, const std::string& table) {
    return tx.execute("SELECT count(*) FROM " + table).int64(0, 0);
}

std::int64_t sqlite_count(SQLite::Database& db, const std::string& from) {
    return db.execAndGet("SELECT count(*) FROM " + from).getInt64();
}

// Copies one table row by row; returns the rows copied.
std::int64_t copy_table(SQLite::Database& source, pg::Transaction& tx, const TableCopy& copy) {
    const std::vector<Column> columns = pg_columns(tx, copy.table);
    std::string select = "SELECT ";
    std::string insert = "INSERT INTO " + copy.table + " (";
    std::string values = ") VALUES (";
    const bool aliased = copy.from.starts_with("access_log l");
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const std::string separator = i == 0 ? "" : ", ";
        const auto expression = copy.expressions.find(columns[i].name);
        select += separator + (expression != copy.expressions.end() ? expression->second
                               : aliased                            ? "l." + columns[i].name
                                                                    : columns[i].name);
        insert += separator + columns[i].name;
        values += separator + "$" + std::to_string(i + 1);
    }
    SQLite::Statement rows(source, select + " FROM " + copy.from);
    const std::string sql = insert + values + ")";
    std::int64_t copied = 0;
    while (rows.executeStep()) {
        pg::Params params;
        params.reserve(columns.size());
        for (std::size_t i = 0; i < columns.size(); ++i) {
            params.push_back(pg_value(rows.getColumn(static_cast<int>(i)), columns[i].type));
        }
        tx.execute(sql, params);
        ++copied;
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
    tx.execute("UPDATE access_log_head SET last_seq = $1, last_hash = $2, counts_from_hour = $3 "
               "WHERE id = 1",
               {pg_value(head.getColumn(0), "bigint"), pg_value(head.getColumn(1), "bytea"),
                pg_value(head.getColumn(2), "bigint")});
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

int sqlite_version_on_disk(const std::string& path) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        throw std::runtime_error("no SQLite database at '" + path + "'");
    }
    try {
        SQLite::Database db(path, SQLite::OPEN_READONLY);
        return db.execAndGet("PRAGMA user_version").getInt();
    } catch (const SQLite::Exception& e) {
        throw std::runtime_error("cannot open database '" + path + "': " + e.what());
    }
}

std::string hex(const merkle::Hash& hash) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string text;
    for (const auto byte : hash) {
        text += digits[static_cast<std::uint8_t>(byte) >> 4];
        text += digits[static_cast<std::uint8_t>(byte) & 15];
    }
    return text;
}

// Empties a target whose copy was committed and then failed the repositories' checks: the
// target was empty before, so this is what a rollback would have left.
void empty_target(pg::Connection& connection, std::int64_t counts_from_hour) {
    std::string tables;
    for (const TableCopy& copy : tables_to_copy()) {
        tables += (tables.empty() ? "" : ", ") + copy.table;
    }
    pg::Transaction tx(connection);
    tx.execute("TRUNCATE " + tables + " RESTART IDENTITY CASCADE");
    tx.execute("UPDATE access_log_head SET last_seq = 0, last_hash = decode(repeat('00', 32), "
               "'hex'), counts_from_hour = $1 WHERE id = 1",
               {counts_from_hour});
    tx.commit();
}

} // namespace

CLI::App* add_copy_command(CLI::App& app, CopyConfig& config) {
    CLI::App* copy = app.add_subcommand(
        "copy", "Copy a SQLite database into an empty PostgreSQL database in one transaction, "
                "then check that counts, the tree head and the chain are equal. Exit 0 copied, "
                "1 refused or failed (nothing copied)");
    copy->add_option("--from", config.from, "sqlite:PATH of the database to copy")->required();
    copy->add_option("--to", config.to, "postgresql:// URL of a migrated, empty database")
        ->required();
    return copy;
}

int run_copy(const CopyConfig& config) {
    const std::string path =
        config.from.starts_with("sqlite:") ? config.from.substr(7) : config.from;
    if (!pg::is_postgresql_url(config.to)) {
        throw std::runtime_error("--to must be a postgresql:// URL");
    }
    const std::string shown_target = pg::url_without_password(config.to);
    const int version = sqlite_version_on_disk(path);
    sqlite::refuse_newer_schema(version);
    if (version != sqlite::latest_schema_version()) {
        throw std::runtime_error("'" + path + "' is at schema " + std::to_string(version) +
                                 ", not " + std::to_string(sqlite::latest_schema_version()) +
                                 ": run einblick migrate --db " + path + " first");
    }

    SqliteDatabase source(path);
    SqliteAccessLogRepository source_log(source);
    const ChainCheck source_chain = source_log.verify_chain();
    if (!source_chain.intact) {
        throw std::runtime_error("the source's chain is broken at seq " +
                                 std::to_string(source_chain.first_broken_seq.value_or(0)) +
                                 ": nothing copied");
    }
    const LogTreeHead source_head = source_log.tree_head();

    pg::Connection target(config.to);
    pg::migrate(target);
    const std::vector<TableCopy> tables = tables_to_copy();
    std::vector<std::pair<std::string, std::int64_t>> copied;
    const std::int64_t counts_from_hour =
        target.execute("SELECT counts_from_hour FROM access_log_head").int64(0, 0);
    source.read([&](SqliteConnection& db) {
        db.exec("BEGIN"); // one snapshot of the source for the copy and its counts
        struct EndRead {
            SQLite::Database& db;
            ~EndRead() {
                try {
                    db.exec("ROLLBACK");
                } catch (...) {
                }
            }
        } end_read{db};
        pg::Transaction tx(target);
        for (const TableCopy& copy : tables) {
            if (const std::int64_t rows = pg_count(tx, copy.table); rows != 0) {
                throw std::runtime_error(shown_target + " is not empty (" + copy.table + " has " +
                                         std::to_string(rows) +
                                         " rows): einblick copy does not merge");
            }
        }
        if (tx.execute("SELECT last_seq FROM access_log_head").int64(0, 0) != 0) {
            throw std::runtime_error(shown_target +
                                     " is not empty (its log head is past seq 0): einblick "
                                     "copy does not merge");
        }
        create_partitions(db, tx);
        for (const TableCopy& copy : tables) {
            copied.emplace_back(copy.table, copy_table(db, tx, copy));
        }
        copy_head(db, tx);
        reset_sequences(tx);
        for (const TableCopy& copy : tables) {
            const std::int64_t expected = sqlite_count(db, copy.from);
            const std::int64_t actual = pg_count(tx, copy.table);
            if (expected != actual) {
                throw std::runtime_error(copy.table + ": " + std::to_string(expected) +
                                         " rows in the source, " + std::to_string(actual) +
                                         " in the target: rolled back, nothing copied");
            }
        }
        tx.commit();
    });

    // The repositories read what was committed: on any difference the target is emptied.
    std::string difference;
    try {
        pg::Pool pool(config.to, 1);
        PgAccessLogRepository target_log(pool);
        const LogTreeHead target_head = target_log.tree_head();
        const ChainCheck target_chain = target_log.verify_chain();
        if (target_head.size != source_head.size || target_head.root != source_head.root) {
            difference = "tree head differs: source size " + std::to_string(source_head.size) +
                         " root " + hex(source_head.root) + ", target size " +
                         std::to_string(target_head.size) + " root " + hex(target_head.root);
        } else if (!target_chain.intact || target_chain.rows != source_chain.rows) {
            difference = "the target's chain is not intact (" + std::to_string(target_chain.rows) +
                         " of " + std::to_string(source_chain.rows) + " entries checked)";
        }
    } catch (const std::exception& e) {
        difference = std::string("the target's log cannot be read back (") + e.what() + ")";
    }
    if (!difference.empty()) {
        empty_target(target, counts_from_hour);
        throw std::runtime_error(difference + ": target emptied again, nothing copied");
    }

    std::ostringstream line;
    line << "copied";
    for (const auto& [table, rows] : copied) {
        line << (table == "agencies" ? " " : ", ") << rows << ' ' << table;
    }
    line << " (sessions not copied) from " << path << " to " << shown_target << "; tree size "
         << source_head.size << ", root " << hex(source_head.root) << " equal\n";
    std::cout << line.str();
    return copy_done;
}

} // namespace einblick::server
