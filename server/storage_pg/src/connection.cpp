#include <algorithm>
#include <einblick/server/pg/connection.hpp>
#include <libpq-fe.h>
#include <string>
#include <utility>

namespace einblick::server::pg {

namespace {

enum Format : int { text_format = 0, binary_format = 1 };

// libpq's pointers, lengths and formats for one call; int64 parameters are sent as decimal text.
struct EncodedParams {
    std::vector<std::string> numbers;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;

    void add(const char* value, std::size_t length, Format format) {
        values.push_back(value);
        lengths.push_back(static_cast<int>(length));
        formats.push_back(format);
    }
};

EncodedParams encode(const Params& params) {
    EncodedParams encoded;
    encoded.numbers.reserve(params.size()); // values point into numbers: no reallocation
    for (const Param& param : params) {
        if (const auto* text = std::get_if<std::string>(&param)) {
            // libpq reads a text parameter up to its first NUL; PostgreSQL's text cannot hold
            // one either. Cutting the value short silently would store something else.
            if (text->find('\0') != std::string::npos) {
                throw Error("a text parameter contains a NUL byte; send such data as Bytes");
            }
            encoded.add(text->c_str(), text->size(), text_format);
        } else if (const auto* bytes = std::get_if<Bytes>(&param)) {
            // A null pointer would mean SQL NULL; an empty bytea needs a non-null one.
            const char* data = bytes->empty() ? "" : reinterpret_cast<const char*>(bytes->data());
            encoded.add(data, bytes->size(), binary_format);
        } else if (const auto* number = std::get_if<std::int64_t>(&param)) {
            encoded.numbers.push_back(std::to_string(*number));
            encoded.add(encoded.numbers.back().c_str(), encoded.numbers.back().size(), text_format);
        } else {
            encoded.add(nullptr, 0, text_format);
        }
    }
    return encoded;
}

std::string trimmed(std::string message) {
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    return message;
}

// The start of a statement, to say which one failed; parameters are never shown (they may
// hold personal data).
std::string statement_excerpt(std::string_view sql) {
    constexpr std::size_t limit = 160;
    return sql.size() <= limit ? std::string(sql) : std::string(sql.substr(0, limit)) + "…";
}

// Takes ownership of `raw`; returns it as a Result or throws its error with its SQLSTATE.
// Errors the client library raises without the server's word have no SQLSTATE; a connection
// that is gone gets connection_failure, as other clients report it, so that callers can tell
// it from a mistake of the request (Error::is_unavailable).
Result checked(PGconn* connection, PGresult* raw, std::string_view sql) {
    const bool connection_lost = PQstatus(connection) == CONNECTION_BAD;
    if (raw == nullptr) { // out of memory, or the connection is gone
        throw Error("PostgreSQL: " + trimmed(PQerrorMessage(connection)) +
                        " (running: " + statement_excerpt(sql) + ")",
                    connection_lost ? std::string(sqlstate::connection_failure) : "");
    }
    Result result(raw);
    const ExecStatusType status = PQresultStatus(raw);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
        return result;
    }
    const char* sqlstate = PQresultErrorField(raw, PG_DIAG_SQLSTATE);
    std::string message = trimmed(PQresultErrorMessage(raw));
    if (message.empty()) {
        message = std::string("unexpected result ") + PQresStatus(status);
    }
    throw Error("PostgreSQL: " + message + " (running: " + statement_excerpt(sql) + ")",
                sqlstate          ? sqlstate
                : connection_lost ? std::string(sqlstate::connection_failure)
                                  : "");
}

// Notices (for example "there is no transaction in progress") are the server log's business,
// not the server process's stderr.
void ignore_notice(void*, const char*) {}

// Replaces the value of every "password=" in the query string with ***.
std::string redact_query_passwords(std::string url) {
    const std::size_t query = url.find('?');
    if (query == std::string::npos) {
        return url;
    }
    for (std::size_t at = url.find("password=", query); at != std::string::npos;
         at = url.find("password=", at + 1)) {
        const std::size_t value = at + std::string_view("password=").size();
        const std::size_t end = std::min(url.find('&', value), url.size());
        url.replace(value, end - value, "***");
    }
    return url;
}

} // namespace

bool is_postgresql_url(std::string_view url) {
    return url.starts_with("postgresql://") || url.starts_with("postgres://");
}

std::string url_without_password(std::string_view url) {
    std::string redacted(url);
    const std::size_t scheme_end = redacted.find("://");
    if (scheme_end != std::string::npos) {
        const std::size_t authority = scheme_end + 3;
        const std::size_t authority_end =
            std::min(redacted.find_first_of("/?#", authority), redacted.size());
        const std::size_t at = redacted.rfind('@', authority_end);
        if (at != std::string::npos && at >= authority) {
            const std::size_t colon = redacted.find(':', authority);
            if (colon < at) {
                redacted.replace(colon + 1, at - colon - 1, "***");
            }
        }
    }
    return redact_query_passwords(std::move(redacted));
}

void Connection::Finish::operator()(pg_conn* connection) const {
    PQfinish(connection);
}

Connection::Connection(const std::string& url, std::size_t statement_capacity)
    : statement_capacity_(std::max<std::size_t>(statement_capacity, 1)) {
    if (!is_postgresql_url(url)) {
        const bool may_hold_password = url.find("password") != std::string::npos;
        throw Error("not a PostgreSQL URL (expected postgresql://user@host:port/database): " +
                    (may_hold_password ? std::string("(not shown)") : "\"" + url + "\""));
    }
    // libpq waits for an unreachable host as long as TCP does; a URL may set its own timeout.
    const char* const keywords[] = {"connect_timeout", "dbname", nullptr};
    const char* const values[] = {"10", url.c_str(), nullptr};
    connection_.reset(PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
    if (!connection_) {
        throw Error("cannot connect to PostgreSQL: libpq is out of memory");
    }
    if (PQstatus(connection_.get()) != CONNECTION_OK) {
        throw Error("cannot connect to PostgreSQL at " + url_without_password(url) + ": " +
                        trimmed(PQerrorMessage(connection_.get())),
                    std::string(sqlstate::unable_to_connect));
    }
    // Einblick's text is UTF-8 everywhere, whatever the server's or the URL's default.
    if (PQsetClientEncoding(connection_.get(), "UTF8") != 0) {
        throw Error("cannot set the client encoding to UTF-8: " +
                    trimmed(PQerrorMessage(connection_.get())));
    }
    PQsetNoticeProcessor(connection_.get(), ignore_notice, nullptr);
}

Connection::~Connection() = default;

Result Connection::execute(std::string_view sql, const Params& params) {
    const std::string& name = prepared_name(sql);
    const EncodedParams encoded = encode(params);
    ++round_trips_;
    PGresult* raw = PQexecPrepared(connection_.get(), name.c_str(),
                                   static_cast<int>(encoded.values.size()), encoded.values.data(),
                                   encoded.lengths.data(), encoded.formats.data(), text_format);
    return checked(connection_.get(), raw, sql);
}

void Connection::execute_script(std::string_view sql) {
    const std::string text(sql);
    ++round_trips_;
    checked(connection_.get(), PQexec(connection_.get(), text.c_str()), sql);
}

std::int64_t Connection::copy_in(std::string_view copy_statement,
                                 const std::function<bool(std::string&)>& produce) {
    PGconn* connection = connection_.get();
    const std::string text(copy_statement);
    round_trips_ += 2; // the start, and the end that answers with the rows copied
    PGresult* started = PQexec(connection, text.c_str());
    if (started != nullptr && PQresultStatus(started) == PGRES_COPY_IN) {
        PQclear(started);
    } else {
        checked(connection, started, copy_statement); // throws the server's error
        throw Error("not a COPY … FROM STDIN statement: " + statement_excerpt(copy_statement));
    }
    std::string buffer;
    buffer.reserve(copy_chunk_bytes + copy_chunk_bytes / 4);
    try {
        for (bool more = true; more;) {
            more = produce(buffer);
            if (buffer.size() >= copy_chunk_bytes || (!more && !buffer.empty())) {
                if (PQputCopyData(connection, buffer.data(), static_cast<int>(buffer.size())) !=
                    1) {
                    throw Error("PostgreSQL: " + trimmed(PQerrorMessage(connection)) +
                                " (running: " + statement_excerpt(copy_statement) + ")");
                }
                buffer.clear();
            }
        }
    } catch (...) {
        // The server ends the COPY with an error; its results are read so that the connection
        // is ready for the next statement.
        PQputCopyEnd(connection, "the client stopped sending the data");
        while (PGresult* rest = PQgetResult(connection)) {
            PQclear(rest);
        }
        throw;
    }
    if (PQputCopyEnd(connection, nullptr) != 1) {
        throw Error("PostgreSQL: " + trimmed(PQerrorMessage(connection)) +
                    " (running: " + statement_excerpt(copy_statement) + ")");
    }
    PGresult* ended = PQgetResult(connection);
    while (PGresult* rest = PQgetResult(connection)) {
        PQclear(rest);
    }
    return checked(connection, ended, copy_statement).affected_rows();
}

bool Connection::in_failed_transaction() const {
    return PQtransactionStatus(connection_.get()) == PQTRANS_INERROR;
}

bool Connection::is_reusable() const {
    return PQstatus(connection_.get()) == CONNECTION_OK &&
           PQtransactionStatus(connection_.get()) == PQTRANS_IDLE;
}

const std::string& Connection::prepared_name(std::string_view sql) {
    if (const auto found = statement_by_sql_.find(sql); found != statement_by_sql_.end()) {
        statements_.splice(statements_.begin(), statements_, found->second);
        return found->second->name;
    }
    if (statements_.size() >= statement_capacity_) {
        evict_least_recently_used();
    }
    std::string name = "einblick_" + std::to_string(++statements_prepared_);
    std::string text(sql);
    // The parameter types are left to the server (nullptr): see the header.
    ++round_trips_;
    checked(connection_.get(), PQprepare(connection_.get(), name.c_str(), text.c_str(), 0, nullptr),
            sql);
    statements_.push_front(Statement{std::move(text), std::move(name)});
    statement_by_sql_.emplace(statements_.front().sql, statements_.begin());
    return statements_.front().name;
}

void Connection::evict_least_recently_used() {
    const Statement& oldest = statements_.back();
    // Deallocated before it leaves the cache, so a failure leaves cache and server agreeing.
    // The name is ours (einblick_<n>) and needs no quoting.
    execute_script("DEALLOCATE " + oldest.name);
    statement_by_sql_.erase(oldest.sql);
    statements_.pop_back();
}

} // namespace einblick::server::pg
