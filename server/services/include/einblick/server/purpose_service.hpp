#pragma once
// The purpose registry: agencies propose and revise purposes, DPOs approve or reject each
// version with a reason, owners or DPOs retire them. Approved purposes are public.

#include "einblick/server/actor.hpp"
#include "einblick/server/clock.hpp"
#include "einblick/server/purpose_repository.hpp"
#include "einblick/server/service_error.hpp"
#include "einblick/shared/api_registry.hpp"

#include <optional>
#include <vector>

namespace einblick::server {

using api::PurposeDecision;

class PurposeService {
public:
    PurposeService(PurposeRepository& purposes, const Clock& clock);

    // Agency (staff or key): a new purpose, version 1 proposed. Throws Validation.
    api::Purpose propose(const Actor& agency, const api::PurposeContent& content);
    // Agency: a new proposed version of its own purpose.
    api::Purpose revise(const Actor& agency, RowId purpose_id, const api::PurposeContent& content);
    // DPO covering the purpose's agency: decide a proposed version, with a written reason.
    api::Purpose decide(const Actor& dpo, RowId purpose_id, int version, PurposeDecision decision,
                        const std::string& reason);
    // The owning agency or a covering DPO.
    api::Purpose retire(const Actor& actor, RowId purpose_id, const std::string& reason);

    // What `viewer` may see: the public (and citizens) see purposes in force, with only the
    // version in force; the owning agency and covering DPOs see every version. Others: 404.
    api::Purpose get(const Actor& viewer, RowId purpose_id);
    std::vector<api::Purpose> list(const Actor& viewer);

    // For the access check: the record, regardless of who asks.
    std::optional<PurposeRecord> find(RowId purpose_id) { return purposes_.find(purpose_id); }

    static void validate(const api::PurposeContent& content, Violations& violations);

private:
    bool sees_all_versions(const Actor& viewer, const PurposeRecord& purpose) const;
    api::Purpose to_api(const PurposeRecord& purpose, bool all_versions) const;
    PurposeRecord owned_or_not_found(const Actor& agency, RowId purpose_id);

    PurposeRepository& purposes_;
    const Clock& clock_;
};

// The version of a purpose in force, if any.
const PurposeVersionRecord* version_in_force(const PurposeRecord& purpose);
api::PurposeVersion to_api(const PurposeVersionRecord& version);

} // namespace einblick::server
