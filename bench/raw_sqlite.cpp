#include "raw_sqlite.hpp"

#include <cstdio>
#include <filesystem>
#include <sqlite3.h>
#include <stdexcept>
#include <vector>

namespace einblick::bench {
namespace {

constexpr int citizens = 2000;

void exec(sqlite3* db, const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error != nullptr ? error : "?";
        sqlite3_free(error);
        throw std::runtime_error(std::string("sqlite: ") + message);
    }
}

sqlite3_stmt* prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr) !=
        SQLITE_OK) {
        throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db));
    }
    return statement;
}

std::string pseudonym(int citizen) {
    char text[65];
    std::snprintf(text, sizeof text, "%064d", citizen % citizens);
    return text;
}

// One row like an access log entry: pseudonym, agency, purpose, time, register, categories,
// outcome and a 32-byte hash.
void insert(sqlite3_stmt* statement, int n) {
    const std::string citizen = pseudonym(n);
    static const std::vector<unsigned char> hash(32, 0xab);
    sqlite3_reset(statement);
    sqlite3_bind_text(statement, 1, citizen.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(statement, 2, 1 + n % 64);
    sqlite3_bind_int(statement, 3, 1 + n % 64);
    sqlite3_bind_int64(statement, 4, 1'795'867'200'000LL + n);
    sqlite3_bind_text(statement, 5, "melderegister", -1, SQLITE_STATIC);
    sqlite3_bind_text(statement, 6, "[\"address\"]", -1, SQLITE_STATIC);
    sqlite3_bind_text(statement, 7, "allowed", -1, SQLITE_STATIC);
    sqlite3_bind_blob(statement, 8, hash.data(), 32, SQLITE_STATIC);
    if (sqlite3_step(statement) != SQLITE_DONE) {
        throw std::runtime_error("sqlite: insert failed");
    }
}

sqlite3* open_fresh(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(path + suffix);
    }
    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        throw std::runtime_error("sqlite: cannot open " + path);
    }
    exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA cache_size=-262144;"
             "CREATE TABLE log(seq INTEGER PRIMARY KEY, citizen TEXT NOT NULL, agency INTEGER,"
             " purpose INTEGER, occurred_at INTEGER, register TEXT, categories TEXT,"
             " outcome TEXT, hash BLOB);"
             "CREATE INDEX log_by_citizen ON log(citizen, occurred_at DESC, seq DESC);");
    return db;
}

} // namespace

RawSqliteFigures measure_raw_sqlite(const std::string& path, int single_rows, int batch_rows) {
    RawSqliteFigures figures;
    sqlite3* db = open_fresh(path);
    sqlite3_stmt* add = prepare(db, "INSERT INTO log(citizen, agency, purpose, occurred_at,"
                                    " register, categories, outcome, hash)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    auto start = Steady::now();
    for (int i = 0; i < single_rows; ++i) {
        insert(add, i); // autocommit: one fsync'd transaction per row
    }
    figures.single_commit_rows_per_s =
        single_rows / std::chrono::duration<double>(Steady::now() - start).count();

    start = Steady::now();
    for (int done = 0; done < batch_rows; done += 1000) {
        exec(db, "BEGIN");
        for (int i = 0; i < 1000; ++i) {
            insert(add, single_rows + done + i);
        }
        exec(db, "COMMIT");
    }
    figures.batch_rows_per_s =
        batch_rows / std::chrono::duration<double>(Steady::now() - start).count();

    sqlite3_stmt* newest = prepare(db, "SELECT seq, agency, purpose, occurred_at, register,"
                                       " categories, outcome, hash FROM log WHERE citizen = ?"
                                       " ORDER BY occurred_at DESC, seq DESC LIMIT 50");
    std::vector<double> micros;
    for (int i = 0; i < 2000; ++i) {
        const std::string citizen = pseudonym(i * 7919);
        const auto t0 = Steady::now();
        sqlite3_reset(newest);
        sqlite3_bind_text(newest, 1, citizen.c_str(), -1, SQLITE_TRANSIENT);
        while (sqlite3_step(newest) == SQLITE_ROW) {
        }
        micros.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
    }
    figures.newest_50 = percentiles(micros);
    sqlite3_finalize(newest);
    sqlite3_finalize(add);
    sqlite3_close(db);
    return figures;
}

} // namespace einblick::bench
