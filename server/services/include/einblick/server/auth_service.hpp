#pragma once
// Who is asking: citizens and DPOs by session (after a login), agencies by API key.

#include "einblick/server/clock.hpp"
#include "einblick/server/crypto.hpp"
#include "einblick/server/identity_repository.hpp"
#include "einblick/server/login_throttle.hpp"
#include "einblick/shared/api_types.hpp"

#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace einblick::server {

// Checks credentials. Username and password stand in for the German eID card today; an eID or
// OpenID Connect provider can replace this without touching sessions or routes.
class LoginProvider {
public:
    virtual ~LoginProvider() = default;
    virtual std::optional<AccountRecord> verify(const std::string& username,
                                                const std::string& password) = 0;
};

class PasswordLoginProvider final : public LoginProvider {
public:
    explicit PasswordLoginProvider(AccountRepository& accounts);
    std::optional<AccountRecord> verify(const std::string& username,
                                        const std::string& password) override;

private:
    AccountRepository& accounts_;
    std::string decoy_hash_; // verified for unknown names so that timing does not reveal them
};

struct CitizenPrincipal {
    RowId account_id = 0;
    std::string pseudonym;
};

struct DpoPrincipal {
    RowId account_id = 0;
    std::optional<RowId> agency_id; // empty: all agencies

    bool covers(RowId agency) const { return !agency_id || *agency_id == agency; }
};

// Staff of an agency, logged in through the browser (machines use API keys instead).
struct AgencyStaffPrincipal {
    RowId account_id = 0;
    RowId agency_id = 0;
};

struct AccountSession {
    AccountRecord account;
    std::variant<CitizenPrincipal, DpoPrincipal, AgencyStaffPrincipal> principal;
};

struct LoginResult {
    std::string session_token; // goes into the cookie, never stored
    api::SessionInfo info;
};

struct SessionPolicy {
    UnixMillis idle_timeout = 30 * 60 * 1000;
    UnixMillis absolute_timeout = 12 * 60 * 60 * 1000;
};

class AuthService {
public:
    AuthService(LoginProvider& provider, AccountRepository& accounts, SessionRepository& sessions,
                AgencyRepository& agencies, const Clock& clock, SessionPolicy policy = {},
                ThrottleLimits throttle = {});

    // Throws ServiceError: Unauthenticated for wrong credentials, RateLimited when throttled.
    LoginResult login(const std::string& username, const std::string& password,
                      const std::string& client_address);
    // The live session for this token, refreshing its idle timer; nothing if absent or expired.
    std::optional<AccountSession> session(const std::string& token);
    void logout(const std::string& token);

    // A new API key for an agency; the plain key is returned once and stored only as a hash.
    struct CreatedKey {
        ApiKeyRecord record;
        std::string key;
    };
    CreatedKey create_api_key(RowId agency_id, const std::string& label, const AuditEntry& audit);
    // Registers a key chosen by the caller (the demo's documented keys).
    void install_api_key(RowId agency_id, const std::string& key, const std::string& label);
    void revoke_api_key(RowId agency_id, RowId key_id, const AuditEntry& audit);
    std::vector<ApiKeyRecord> api_keys(RowId agency_id);
    std::optional<AgencyRecord> agency_for_api_key(const std::string& key);
    std::optional<AgencyRecord> find_agency(RowId id) { return agencies_.find_by_id(id); }

    static api::SessionInfo session_info(const AccountRecord& account);
    UnixMillis now() const { return clock_.now(); }

private:
    LoginProvider& provider_;
    AccountRepository& accounts_;
    SessionRepository& sessions_;
    AgencyRepository& agencies_;
    const Clock& clock_;
    SessionPolicy policy_;
    LoginThrottle throttle_;
};

} // namespace einblick::server
