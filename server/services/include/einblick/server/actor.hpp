#pragma once
// Who performs an action, as services need it for authorization and the audit trail.

#include "einblick/server/records.hpp"

#include <optional>
#include <string>

namespace einblick::server {

struct Actor {
    ActorRole role = ActorRole::System;
    std::optional<RowId> account_id; // citizens, DPOs, agency staff
    std::optional<RowId> agency_id;  // agency staff and API keys: their agency; DPOs: their scope

    static Actor citizen(RowId account) { return {ActorRole::Citizen, account, std::nullopt}; }
    static Actor dpo(RowId account, std::optional<RowId> scope) {
        return {ActorRole::Dpo, account, scope};
    }
    static Actor agency_staff(RowId account, RowId agency) {
        return {ActorRole::Agency, account, agency};
    }
    static Actor agency_key(RowId agency) { return {ActorRole::Agency, std::nullopt, agency}; }
    static Actor system() { return {}; }
    // A member of the public: sees only what is public.
    static Actor anonymous() { return {ActorRole::Citizen, std::nullopt, std::nullopt}; }

    bool is_dpo_for(RowId agency) const {
        return role == ActorRole::Dpo && (!agency_id || *agency_id == agency);
    }
    bool is_agency(RowId agency) const { return role == ActorRole::Agency && agency_id == agency; }

    AuditEntry audit(UnixMillis now, std::string action, std::string subject_type,
                     std::optional<RowId> subject_id = std::nullopt,
                     std::string details_json = "{}") const {
        return {now,
                role,
                account_id ? account_id : agency_id,
                std::move(action),
                std::move(subject_type),
                subject_id,
                std::move(details_json)};
    }
};

} // namespace einblick::server
