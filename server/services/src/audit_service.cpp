#include "einblick/server/audit_service.hpp"

#include "einblick/server/service_error.hpp"
#include "einblick/shared/api_rules.hpp"

namespace einblick::server {

std::vector<AuditRecord> AuditService::page(const Actor& dpo, std::optional<RowId> before_id,
                                            int limit) {
    if (dpo.role != ActorRole::Dpo || dpo.agency_id) {
        throw ServiceError(ErrorKind::Forbidden, "Keine Berechtigung",
                           "Das Prüfprotokoll sehen nur Datenschutzbeauftragte für alle Behörden.");
    }
    Violations v;
    if (limit < 1 || limit > api::limits::audit_page_size_max) {
        v.add("limit", "range",
              "Muss zwischen 1 und " + std::to_string(api::limits::audit_page_size_max) +
                  " liegen.");
    }
    v.throw_if_any();
    return audit_.page(before_id, limit);
}

} // namespace einblick::server
