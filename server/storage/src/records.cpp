// The rules on records that need no storage at all. Every backend uses these. (The text forms
// of the stored enums are the API's wire texts: api::to_text in einblick/shared/api_rules.hpp.)

#include "einblick/server/records.hpp"

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/consent_repository.hpp"

namespace einblick::server {

ConsentState consent_state(const ConsentRecord& consent, UnixMillis now) {
    if (consent.withdrawn_at) {
        return ConsentState::Withdrawn;
    }
    return now >= consent.expires_at ? ConsentState::Expired : ConsentState::Given;
}

std::optional<IdempotencyScope> idempotency_scope_from_text(std::string_view text) {
    for (const IdempotencyScope scope :
         {IdempotencyScope::AccessCheck, IdempotencyScope::AccessEvent,
          IdempotencyScope::AccessEventBatch}) {
        if (to_text(scope) == text) {
            return scope;
        }
    }
    return std::nullopt;
}

} // namespace einblick::server
