#pragma once
// The rows a statement returned, in PostgreSQL's text format, read cell by cell with the type
// the caller expects. Reading a NULL as a value, or a cell as a type it does not hold, throws
// pg::Error instead of inventing a value.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

struct pg_result; // libpq's PGresult; libpq's headers stay inside the library

namespace einblick::server::pg {

using Bytes = std::vector<std::uint8_t>;

class Result {
public:
    explicit Result(pg_result* result);

    int rows() const;
    int columns() const;
    // Rows an INSERT, UPDATE or DELETE touched (0 for other statements).
    std::int64_t affected_rows() const;

    bool is_null(int row, int column) const;
    std::string text(int row, int column) const;
    Bytes bytes(int row, int column) const; // a bytea cell
    std::int64_t int64(int row, int column) const;

private:
    const char* value(int row, int column) const; // never NULL: throws for a NULL cell

    struct Clear {
        void operator()(pg_result* result) const;
    };
    std::unique_ptr<pg_result, Clear> result_;
};

} // namespace einblick::server::pg
