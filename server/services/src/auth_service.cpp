#include "einblick/server/auth_service.hpp"

#include "einblick/server/service_error.hpp"

namespace einblick::server {
namespace {

constexpr std::size_t session_token_bytes = 32; // 256 bits
constexpr std::size_t api_key_bytes = 32;
constexpr std::string_view api_key_prefix = "ebk_";

// Sessions are refreshed at most this often: every refresh is a durable write.
constexpr UnixMillis touch_interval = 60 * 1000;

std::variant<CitizenPrincipal, DpoPrincipal, AgencyStaffPrincipal>
principal_of(const AccountRecord& account) {
    switch (account.role) {
    case AccountRole::Citizen:
        return CitizenPrincipal{account.id, account.citizen_pseudonym.value_or("")};
    case AccountRole::Dpo:
        return DpoPrincipal{account.id, account.agency_id};
    case AccountRole::Agency:
        return AgencyStaffPrincipal{account.id, account.agency_id.value_or(0)};
    }
    return DpoPrincipal{account.id, account.agency_id};
}

} // namespace

PasswordLoginProvider::PasswordLoginProvider(AccountRepository& accounts)
    : accounts_(accounts), decoy_hash_(hash_password(random_token(16))) {}

std::optional<AccountRecord> PasswordLoginProvider::verify(const std::string& username,
                                                           const std::string& password) {
    auto account = accounts_.find_by_username(username);
    if (!account) {
        (void)verify_password(decoy_hash_, password);
        return std::nullopt;
    }
    if (!verify_password(account->password_hash, password)) {
        return std::nullopt;
    }
    return account;
}

AuthService::AuthService(LoginProvider& provider, AccountRepository& accounts,
                         SessionRepository& sessions, AgencyRepository& agencies,
                         const Clock& clock, SessionPolicy policy, ThrottleLimits throttle)
    : provider_(provider), accounts_(accounts), sessions_(sessions), agencies_(agencies),
      clock_(clock), policy_(policy), throttle_(throttle) {}

api::SessionInfo AuthService::session_info(const AccountRecord& account) {
    return {account.username, account.display_name, account.role};
}

LoginResult AuthService::login(const std::string& username, const std::string& password,
                               const std::string& client_address) {
    const UnixMillis now = clock_.now();
    if (const auto wait = throttle_.blocked_for(username, client_address, now)) {
        const auto minutes = std::to_string((*wait + 59'999) / 60'000);
        throw ServiceError(ErrorKind::RateLimited, "Zu viele Anmeldeversuche",
                           "Bitte warten Sie " + minutes +
                               " Minute(n), bevor Sie es erneut versuchen.")
            .retry_after(static_cast<int>((*wait + 999) / 1000));
    }
    const auto account = provider_.verify(username, password);
    if (!account) {
        throttle_.record_failure(username, client_address, now);
        throw ServiceError(ErrorKind::Unauthenticated, "Anmeldung fehlgeschlagen",
                           "Benutzername oder Passwort ist falsch.");
    }
    throttle_.record_success(username);
    sessions_.remove_expired(now - policy_.idle_timeout, now - policy_.absolute_timeout);
    LoginResult result{random_token(session_token_bytes), session_info(*account)};
    sessions_.create({sha256(result.session_token), account->id, now, now});
    return result;
}

std::optional<AccountSession> AuthService::session(const std::string& token) {
    if (token.empty()) {
        return std::nullopt;
    }
    const Bytes token_hash = sha256(token);
    const auto stored = sessions_.find(token_hash);
    if (!stored) {
        return std::nullopt;
    }
    const UnixMillis now = clock_.now();
    if (now - stored->last_seen_at >= policy_.idle_timeout ||
        now - stored->created_at >= policy_.absolute_timeout) {
        sessions_.remove(token_hash);
        return std::nullopt;
    }
    auto account = accounts_.find_by_id(stored->account_id);
    if (!account) {
        return std::nullopt;
    }
    if (now - stored->last_seen_at >= touch_interval) {
        sessions_.touch(token_hash, now);
    }
    auto principal = principal_of(*account);
    return AccountSession{std::move(*account), std::move(principal)};
}

void AuthService::logout(const std::string& token) {
    if (!token.empty()) {
        sessions_.remove(sha256(token));
    }
}

AuthService::CreatedKey AuthService::create_api_key(RowId agency_id, const std::string& label,
                                                    const AuditEntry& audit) {
    std::string key = std::string(api_key_prefix) + random_token(api_key_bytes);
    const RowId id = agencies_.add_api_key(agency_id, sha256(key), label, audit);
    return {{id, agency_id, label, audit.occurred_at, std::nullopt}, std::move(key)};
}

void AuthService::install_api_key(RowId agency_id, const std::string& key,
                                  const std::string& label) {
    agencies_.add_api_key(
        agency_id, sha256(key), label,
        {clock_.now(), ActorRole::System, {}, "api_key.created", "api_key", {}, "{}"});
}

void AuthService::revoke_api_key(RowId agency_id, RowId key_id, const AuditEntry& audit) {
    try {
        agencies_.revoke_api_key(agency_id, key_id, audit);
    } catch (const NotFoundError&) {
        throw ServiceError(ErrorKind::NotFound, "Nicht gefunden",
                           "Diesen aktiven API-Schlüssel gibt es bei Ihrer Behörde nicht.");
    }
}

std::vector<ApiKeyRecord> AuthService::api_keys(RowId agency_id) {
    return agencies_.list_api_keys(agency_id);
}

std::optional<AgencyRecord> AuthService::agency_for_api_key(const std::string& key) {
    if (key.empty()) {
        return std::nullopt;
    }
    // Keys carry 256 random bits, so a fast hash suffices; no slow password hash is needed.
    return agencies_.find_by_api_key_hash(sha256(key));
}

} // namespace einblick::server
