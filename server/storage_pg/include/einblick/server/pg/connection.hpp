#pragma once
// One connection to PostgreSQL over libpq, opened from a postgresql:// URL.
//
//     pg::Connection c("postgresql://einblick@db.example/einblick");
//     c.execute("INSERT INTO t (name, payload, n) VALUES ($1, $2, $3)",
//               {std::string("Müller"), pg::Bytes{0, 1}, std::int64_t{42}});
//
// Every statement runs as a prepared statement, prepared once per connection and kept by its
// SQL text: the server then parses and plans a per-request statement once, and parameters never
// become part of the SQL (no quoting, no injection). The parameters' types are left for the
// server to infer from the SQL (cast with $1::bigint where it cannot), because a statement
// cached by its text must not depend on the argument types of the call that prepared it.
//
// The cache holds at most `statement_capacity` statements; when full, the least recently used
// one is deallocated. A connection is used by one thread at a time. Failures throw pg::Error.
//
// Bulk data goes in with COPY … FROM STDIN (copy_in), its rows written in COPY's text format
// (pg/copy_text.hpp): one statement for a whole table instead of a round trip per row.

#include <cstddef>
#include <cstdint>
#include <einblick/server/pg/error.hpp>
#include <einblick/server/pg/result.hpp>
#include <functional>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

struct pg_conn; // libpq's PGconn

namespace einblick::server::pg {

// SQL NULL as a parameter.
struct Null {};
inline constexpr Null null{};

// A statement's parameter: text (UTF-8), bytea, a 64-bit integer, or NULL.
using Param = std::variant<Null, std::string, Bytes, std::int64_t>;
using Params = std::vector<Param>;

class Connection {
public:
    static constexpr std::size_t default_statement_capacity = 256;

    // Connects to a postgresql:// (or postgres://) URL. The client encoding is always UTF-8.
    // Throws pg::Error naming the URL without its password, and libpq's reason.
    explicit Connection(const std::string& url,
                        std::size_t statement_capacity = default_statement_capacity);
    ~Connection();

    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    Connection(Connection&&) = delete;
    Connection& operator=(Connection&&) = delete;

    // Runs one statement with its parameters ($1, $2, ...) as a cached prepared statement.
    Result execute(std::string_view sql, const Params& params = {});
    // Runs SQL text without parameters and without preparing it: transaction control, DDL,
    // several statements separated by semicolons.
    void execute_script(std::string_view sql);

    // Runs one COPY … FROM STDIN statement and streams its data: `produce` appends one or more
    // whole rows in COPY's text format to the buffer it is given and returns whether more
    // follow; the buffer goes to the server whenever it holds copy_chunk_bytes or more, and at
    // the end. Returns the rows the server copied. A row the server refuses throws pg::Error
    // with its SQLSTATE; if `produce` throws, the COPY is ended as failed (in a transaction,
    // the transaction with it) and the exception goes on. Either way the connection stays
    // usable.
    static constexpr std::size_t copy_chunk_bytes = std::size_t{1} << 20;
    std::int64_t copy_in(std::string_view copy_statement,
                         const std::function<bool(std::string& buffer)>& produce);

    // Whether a statement of the open transaction failed, so that it can only roll back.
    bool in_failed_transaction() const;

    // Whether the connection may serve the next caller: still connected (libpq's PQstatus is
    // OK; it turns bad once a call finds the server gone) and outside any transaction, so that
    // nothing of the last caller's work leaks into the next one's.
    bool is_reusable() const;

    // Statements prepared on this connection and cached (for tests and metrics).
    std::size_t cached_statement_count() const { return statements_.size(); }

    // Requests that waited for the server's answer since the connection opened: a statement,
    // a script, a statement's preparation, a COPY's start and its end. Each is a round trip,
    // which on a busy writer costs more than the work it asks for (the access log's group
    // commit counts them per batch).
    std::uint64_t round_trips() const { return round_trips_; }

private:
    struct Statement {
        std::string sql;
        std::string name; // the server's name for it, unique on this connection
    };
    using Statements = std::list<Statement>; // most recently used first

    const std::string& prepared_name(std::string_view sql);
    void evict_least_recently_used();

    struct Finish {
        void operator()(pg_conn* connection) const;
    };
    std::unique_ptr<pg_conn, Finish> connection_;
    std::size_t statement_capacity_;
    Statements statements_;
    std::unordered_map<std::string_view, Statements::iterator> statement_by_sql_;
    std::uint64_t statements_prepared_ = 0;
    std::uint64_t round_trips_ = 0;
};

// Whether `url` names a PostgreSQL database (postgresql:// or postgres://): the one rule for
// telling it from a SQLite file path.
bool is_postgresql_url(std::string_view url);

// Removes the password from a postgresql:// URL, for messages and logs.
std::string url_without_password(std::string_view url);

} // namespace einblick::server::pg
