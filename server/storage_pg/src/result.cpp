#include <charconv>
#include <einblick/server/pg/error.hpp>
#include <einblick/server/pg/result.hpp>
#include <libpq-fe.h>
#include <string>

namespace einblick::server::pg {

namespace {

// bytea's type OID, fixed in PostgreSQL's catalog (BYTEAOID in the server's headers).
constexpr Oid bytea_type = 17;

std::string cell_name(const PGresult* result, int row, int column) {
    const char* name = PQfname(result, column);
    return "row " + std::to_string(row) + ", column " + (name ? name : std::to_string(column));
}

} // namespace

void Result::Clear::operator()(pg_result* result) const {
    PQclear(result);
}

Result::Result(pg_result* result) : result_(result) {}

int Result::rows() const {
    return PQntuples(result_.get());
}

int Result::columns() const {
    return PQnfields(result_.get());
}

std::int64_t Result::affected_rows() const {
    const std::string count = PQcmdTuples(result_.get());
    return count.empty() ? 0 : std::stoll(count);
}

bool Result::is_null(int row, int column) const {
    if (row < 0 || row >= rows() || column < 0 || column >= columns()) {
        throw Error("no " + cell_name(result_.get(), row, column) + " in a result of " +
                    std::to_string(rows()) + " rows and " + std::to_string(columns()) + " columns");
    }
    return PQgetisnull(result_.get(), row, column) == 1;
}

const char* Result::value(int row, int column) const {
    if (is_null(row, column)) {
        throw Error(cell_name(result_.get(), row, column) + " is NULL");
    }
    return PQgetvalue(result_.get(), row, column);
}

std::string Result::text(int row, int column) const {
    const char* cell = value(row, column);
    return std::string(cell, static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

Bytes Result::bytes(int row, int column) const {
    const char* cell = value(row, column);
    // Decoding another type's text would invent bytes; only a bytea cell holds bytes.
    if (PQftype(result_.get(), column) != bytea_type) {
        throw Error(cell_name(result_.get(), row, column) + " is not a bytea");
    }
    // bytea arrives in the text format as \x followed by hex digits; libpq decodes it.
    std::size_t length = 0;
    unsigned char* decoded = PQunescapeBytea(reinterpret_cast<const unsigned char*>(cell), &length);
    if (decoded == nullptr) {
        throw Error("cannot decode " + cell_name(result_.get(), row, column) + " as bytea");
    }
    Bytes bytes(decoded, decoded + length);
    PQfreemem(decoded);
    return bytes;
}

std::int64_t Result::int64(int row, int column) const {
    const std::string cell = text(row, column);
    std::int64_t number = 0;
    const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), number);
    if (error != std::errc() || end != cell.data() + cell.size()) {
        throw Error(cell_name(result_.get(), row, column) + " is not a 64-bit integer: " + cell);
    }
    return number;
}

} // namespace einblick::server::pg
