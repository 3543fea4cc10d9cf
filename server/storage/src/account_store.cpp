#include "einblick/server/account_store.hpp"

#include <SQLiteCpp/Statement.h>

namespace einblick::server {
namespace {

constexpr const char* select_account =
    "SELECT id, username, password_hash, display_name, role, citizen_pseudonym, agency_id "
    "FROM accounts ";

AccountRecord read_account(SQLite::Statement& query) {
    AccountRecord account;
    account.id = query.getColumn(0).getInt64();
    account.username = query.getColumn(1).getString();
    account.password_hash = query.getColumn(2).getString();
    account.display_name = query.getColumn(3).getString();
    account.role = query.getColumn(4).getString() == "dpo" ? AccountRole::Dpo : AccountRole::Citizen;
    if (!query.getColumn(5).isNull()) {
        account.citizen_pseudonym = query.getColumn(5).getString();
    }
    if (!query.getColumn(6).isNull()) {
        account.agency_id = query.getColumn(6).getInt64();
    }
    return account;
}

std::optional<AccountRecord> first_account(SQLite::Statement& query) {
    if (!query.executeStep()) {
        return std::nullopt;
    }
    return read_account(query);
}

} // namespace

RowId AccountStore::create(const NewAccount& account, UnixMillis now) {
    auto guard = db_.lock();
    SQLite::Statement insert(db_.connection(),
                             "INSERT INTO accounts (username, password_hash, display_name, role, "
                             "citizen_pseudonym, agency_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, account.username);
    insert.bind(2, account.password_hash);
    insert.bind(3, account.display_name);
    insert.bind(4, account.role == AccountRole::Dpo ? "dpo" : "citizen");
    if (account.citizen_pseudonym) {
        insert.bind(5, *account.citizen_pseudonym);
    }
    if (account.agency_id) {
        insert.bind(6, *account.agency_id);
    }
    insert.bind(7, now);
    insert.exec();
    return db_.connection().getLastInsertRowid();
}

std::optional<AccountRecord> AccountStore::find_by_username(const std::string& username) {
    auto guard = db_.lock();
    SQLite::Statement query(db_.connection(), std::string(select_account) + "WHERE username = ?");
    query.bind(1, username);
    return first_account(query);
}

std::optional<AccountRecord> AccountStore::find_by_id(RowId id) {
    auto guard = db_.lock();
    SQLite::Statement query(db_.connection(), std::string(select_account) + "WHERE id = ?");
    query.bind(1, id);
    return first_account(query);
}

} // namespace einblick::server
