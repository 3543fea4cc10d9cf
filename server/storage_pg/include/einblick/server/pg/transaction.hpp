#pragma once
// A transaction on one connection that rolls back when it goes out of scope uncommitted: an
// exception between BEGIN and COMMIT leaves nothing behind and the connection ready for the
// next transaction.
//
//     pg::Transaction tx(connection, pg::Isolation::serializable);
//     tx.execute("UPDATE ...", {...});
//     tx.commit();
//
// Under repeatable read and serializable, a conflict with a concurrent transaction throws a
// pg::Error whose is_retryable() is true; the caller runs the whole transaction again.

#include <einblick/server/pg/connection.hpp>
#include <string_view>

namespace einblick::server::pg {

enum class Isolation { read_committed, repeatable_read, serializable };

class Transaction {
public:
    explicit Transaction(Connection& connection, Isolation isolation = Isolation::read_committed);
    ~Transaction(); // rolls back unless committed; never throws

    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    Transaction(Transaction&&) = delete;
    Transaction& operator=(Transaction&&) = delete;

    Result execute(std::string_view sql, const Params& params = {}) {
        return connection_.execute(sql, params);
    }
    void execute_script(std::string_view sql) { connection_.execute_script(sql); }
    std::int64_t copy_in(std::string_view copy_statement,
                         const std::function<bool(std::string& buffer)>& produce) {
        return connection_.copy_in(copy_statement, produce);
    }
    // Commits; throws pg::Error when the server refuses (the transaction is then rolled back).
    void commit();

private:
    Connection& connection_;
    bool finished_ = false;
};

} // namespace einblick::server::pg
