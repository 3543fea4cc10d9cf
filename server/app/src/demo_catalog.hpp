#pragma once
// The data of the demo scenario (../shared/DOMAIN.md): agencies, their purposes, and the kinds
// of access that happen in a family's life in Leipzig.

#include <string>
#include <vector>

namespace einblick::server::demo {

struct AgencyEntry {
    std::string code;
    std::string name;
};

struct PurposeEntry {
    std::string key; // how accesses refer to it
    std::string agency;
    std::string name;
    std::string description;
    std::string legal_basis;
    std::string gdpr_basis;
    std::vector<std::string> categories;
    std::vector<std::string> registers;
    std::vector<std::string> recipients;
    int retention_days;
};

struct AccessTemplate {
    std::string purpose; // PurposeEntry::key
    std::string register_code;
    std::vector<std::string> categories;
};

struct LifeEvent {
    int days_ago;
    int hour_utc;
    AccessTemplate what;
    // Reported this many days after it happened (at 10:00 UTC): a late report, marked
    // "nachträglich gemeldet" for the citizen. 0: reported the same half day.
    int reported_days_later = 0;
};

std::vector<AgencyEntry> agencies();
std::vector<PurposeEntry> purposes();
// Proposed later and still waiting, rejected, and an old version replaced by a newer one.
PurposeEntry proposed_purpose();
PurposeEntry rejected_purpose();
PurposeEntry retired_purpose();
PurposeEntry revised_purpose_v2(); // a newer version of purposes()[key "elstam"]

std::vector<LifeEvent> family_life_events();
std::vector<AccessTemplate> routine_accesses();

} // namespace einblick::server::demo
