#pragma once
// Read access to the audit trail of state changes (who, what, when) for DPOs responsible for
// all agencies. Entries are written by the repositories together with each change.

#include "einblick/server/actor.hpp"
#include "einblick/server/identity_repository.hpp"

#include <optional>
#include <vector>

namespace einblick::server {

class AuditService {
public:
    explicit AuditService(AuditRepository& audit) : audit_(audit) {}
    // Throws Forbidden unless `dpo` is a DPO for all agencies.
    std::vector<AuditRecord> page(const Actor& dpo, std::optional<RowId> before_id, int limit);

private:
    AuditRepository& audit_;
};

} // namespace einblick::server
