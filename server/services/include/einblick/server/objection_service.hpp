#pragma once
// Objections (Widerspruch, GDPR Art. 21) to processing on a public task (A6-1-e): the citizen
// objects to an access event or a purpose with a reason. Deadline: receipt + one calendar month
// (Art. 12(3)), extendable once by up to two months with a reason the citizen sees. While
// pending, restriction can be requested (Art. 18): checks for that purpose then deny. A DPO
// decides upheld or rejected with a written reason; upheld blocks the purpose for the citizen.

#include "einblick/server/access_service.hpp"
#include "einblick/server/actor.hpp"
#include "einblick/server/clock.hpp"
#include "einblick/server/objection_repository.hpp"
#include "einblick/server/purpose_repository.hpp"
#include "einblick/shared/api_rights.hpp"

#include <optional>
#include <string>
#include <vector>

namespace einblick::server {

struct ObjectionRequest {
    std::optional<RowId> event_id;   // one of these two
    std::optional<RowId> purpose_id; //
    std::string reason;
    bool restrict_processing = false;
};

using api::ObjectionDecision;

class ObjectionService {
public:
    ObjectionService(ObjectionRepository& objections, PurposeRepository& purposes,
                     AccessService& access, const Clock& clock);

    api::Objection file(const Actor& citizen, const std::string& citizen_pseudonym,
                        const ObjectionRequest& request);
    std::vector<api::Objection> list_mine(const std::string& citizen_pseudonym);
    api::Objection mine(const std::string& citizen_pseudonym, RowId id);

    // The DPO's queue: pending first by deadline (overdue flagged); decided ones after.
    std::vector<api::Objection> queue(const Actor& dpo, std::optional<ObjectionStatus> status);
    api::Objection get_for_dpo(const Actor& dpo, RowId id);
    // Optimistic concurrency: `if_match` is the revision the DPO saw (ETag). Missing -> 428,
    // outdated -> 412.
    api::Objection extend(const Actor& dpo, RowId id, std::optional<int> if_match, int months,
                          const std::string& reason);
    api::Objection decide(const Actor& dpo, RowId id, std::optional<int> if_match,
                          ObjectionDecision decision, const std::string& reason);

    static std::string reference_of(RowId id, UnixMillis received_at);

private:
    api::Objection to_api(const ObjectionRecord& objection, UnixMillis now);
    ObjectionRecord for_dpo(const Actor& dpo, RowId id);
    int require_revision(const ObjectionRecord& current, std::optional<int> if_match);

    ObjectionRepository& objections_;
    PurposeRepository& purposes_;
    AccessService& access_;
    const Clock& clock_;
};

} // namespace einblick::server
