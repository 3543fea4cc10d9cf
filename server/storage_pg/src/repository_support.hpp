#pragma once
// What the PostgreSQL repositories share: a write as one transaction on a pooled connection,
// a read as one snapshot, parameters from optionals and enumerations, cells into optionals and
// enumerations, JSON arrays, and the audit entry written inside the change's transaction.

#include "einblick/server/records.hpp"
#include "einblick/shared/api_rules.hpp"

#include <einblick/server/pg/pool.hpp>
#include <einblick/server/pg/transaction.hpp>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

namespace einblick::server::pg {

// Runs `work(transaction)` in one read-committed transaction and commits it: every write of a
// repository, with its audit entry, is all or nothing. An exception rolls it back.
template <typename Work> auto write_transaction(Pool& pool, Work&& work) {
    Pool::Lease connection = pool.acquire();
    Transaction transaction(*connection);
    if constexpr (std::is_void_v<decltype(work(transaction))>) {
        work(transaction);
        transaction.commit();
    } else {
        auto result = work(transaction);
        transaction.commit();
        return result;
    }
}

// Runs `work(transaction)` in a repeatable-read transaction: a read of several statements (a
// purpose and its versions) sees one snapshot, as SQLite's read transactions do.
template <typename Work> auto read_snapshot(Pool& pool, Work&& work) {
    Pool::Lease connection = pool.acquire();
    Transaction transaction(*connection, Isolation::repeatable_read);
    auto result = work(transaction);
    transaction.commit();
    return result;
}

inline Param id_param(RowId id) {
    return std::int64_t{id};
}
inline Param optional_param(const std::optional<RowId>& value) {
    return value ? Param(std::int64_t{*value}) : Param(null);
}
inline Param optional_param(const std::optional<std::string>& value) {
    return value ? Param(*value) : Param(null);
}
template <api::WireEnum E> Param enum_param(E value) {
    return std::string(api::to_text(value));
}

std::optional<RowId> optional_id(const Result& result, int row, int column);
std::optional<std::string> optional_text(const Result& result, int row, int column);
// A stored text read back; `fallback` for a text this build does not know.
template <api::WireEnum E> E enum_cell(const Result& result, int row, int column, E fallback) {
    return api::from_text<E>(result.text(row, column)).value_or(fallback);
}

std::string json_array(const std::vector<std::string>& items);
std::vector<std::string> parse_json_array(const std::string& text);

// Appends to audit_log inside the change's transaction.
void insert_audit(Transaction& transaction, const AuditEntry& entry);

} // namespace einblick::server::pg
