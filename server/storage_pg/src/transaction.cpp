#include <einblick/server/pg/transaction.hpp>
#include <string>

namespace einblick::server::pg {

namespace {

std::string_view begin_statement(Isolation isolation) {
    switch (isolation) {
    case Isolation::repeatable_read:
        return "BEGIN ISOLATION LEVEL REPEATABLE READ";
    case Isolation::serializable:
        return "BEGIN ISOLATION LEVEL SERIALIZABLE";
    case Isolation::read_committed:
        break;
    }
    return "BEGIN ISOLATION LEVEL READ COMMITTED";
}

} // namespace

Transaction::Transaction(Connection& connection, Isolation isolation) : connection_(connection) {
    connection_.execute_script(begin_statement(isolation));
}

Transaction::~Transaction() {
    if (finished_) {
        return;
    }
    try {
        connection_.execute_script("ROLLBACK");
    } catch (const Error&) {
        // Only a broken connection fails to roll back, and the server ends the transaction of
        // a connection that is gone. A destructor must not throw.
    }
}

void Transaction::commit() {
    // Whatever happens below, the transaction is over: nothing is left to roll back.
    finished_ = true;
    // After a failed statement PostgreSQL answers COMMIT with ROLLBACK and no error; the caller
    // must not believe its writes were kept.
    if (connection_.in_failed_transaction()) {
        connection_.execute_script("ROLLBACK");
        throw Error("cannot commit: a statement of this transaction failed, so PostgreSQL has "
                    "rolled the whole transaction back",
                    std::string(sqlstate::in_failed_sql_transaction));
    }
    connection_.execute_script("COMMIT");
}

} // namespace einblick::server::pg
