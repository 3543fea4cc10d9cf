#pragma once
// The purpose registry (records of processing activities, GDPR Art. 30). A purpose belongs to
// one agency; every change is a new version with its own status:
// proposed -> approved | rejected; approved -> superseded (by a newer approved version) | retired.

#include "einblick/server/records.hpp"
#include "einblick/shared/api_rules.hpp"

#include <optional>
#include <string>
#include <vector>

namespace einblick::server {

using api::PurposeStatus; // stored as its wire text (api::to_text)

struct PurposeContent {
    std::string name;
    std::string description;
    std::string legal_basis; // statute text, e.g. "Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 6 FZV"
    std::string gdpr_basis;  // machine-readable code, e.g. "A6-1-e"; "A6-1-a" means consent
    std::vector<std::string> data_categories;
    std::vector<std::string> source_registers;
    std::vector<std::string> recipients;
    int retention_days = 0;
};

struct PurposeVersionRecord {
    RowId id = 0;
    RowId purpose_id = 0;
    int version = 0;
    PurposeContent content;
    PurposeStatus status = PurposeStatus::Proposed;
    UnixMillis proposed_at = 0;
    std::optional<UnixMillis> decided_at;
    std::optional<RowId> decided_by;
    std::string decision_reason;
};

struct PurposeRecord {
    RowId id = 0;
    AgencyRecord agency;
    UnixMillis created_at = 0;
    std::vector<PurposeVersionRecord> versions; // oldest first
};

struct PurposeFilter {
    std::optional<RowId> agency_id;
    // Only purposes with a version in force (what the public registry shows).
    bool in_force_only = false;
};

class PurposeRepository {
public:
    virtual ~PurposeRepository() = default;
    // A new purpose with version 1 in status proposed. Returns the purpose id.
    virtual RowId create(RowId agency_id, const PurposeContent& content,
                         const AuditEntry& audit) = 0;
    // A new proposed version; throws ConflictError if the purpose is retired.
    virtual PurposeVersionRecord add_version(RowId purpose_id, const PurposeContent& content,
                                             const AuditEntry& audit) = 0;
    virtual std::optional<PurposeRecord> find(RowId purpose_id) = 0;
    virtual std::optional<PurposeVersionRecord> find_version(RowId version_id) = 0;
    virtual std::vector<PurposeRecord> list(const PurposeFilter& filter) = 0;
    // proposed -> approved (the previous approved version becomes superseded) or rejected.
    // Throws ConflictError unless the version is still proposed.
    virtual void decide(RowId version_id, PurposeStatus decision, RowId dpo_account_id,
                        const std::string& reason, const AuditEntry& audit) = 0;
    // The version in force becomes retired and open proposals are rejected.
    // Throws ConflictError if nothing is in force.
    virtual void retire(RowId purpose_id, const std::string& reason, const AuditEntry& audit) = 0;
};

} // namespace einblick::server
