#pragma once
// What a data protection officer reads to supervise an agency (Art. 39 GDPR): the agency's
// log entries, newest first, with the same filters and paging as a citizen's history. The
// citizens stay pseudonymous: each entry names its citizen by a short reference derived from
// the pseudonym, equal for equal citizens, so that many look-ups of one person stand out
// without anyone being identified.

#include "einblick/server/access_log_repository.hpp"
#include "einblick/server/access_service.hpp"
#include "einblick/server/actor.hpp"
#include "einblick/server/identity_repository.hpp"
#include "einblick/shared/api_types.hpp"

#include <string>
#include <string_view>

namespace einblick::server {

class SupervisionService {
public:
    SupervisionService(AccessLogRepository& log, AgencyRepository& agencies)
        : log_(log), agencies_(agencies) {}

    // Throws Forbidden for anyone but a DPO, NotFound for an unknown agency and for one the DPO
    // does not cover ("absent" and "not yours" alike), Validation for a bad query. The filter's
    // own agency is ignored: the agency is the one named.
    api::AccessEventPage agency_accesses(const Actor& dpo, std::string_view agency_code,
                                         const HistoryQuery& query);

    // The short citizen reference shown to DPOs: "B-" and 10 hex digits of a hash of the
    // pseudonym (never the pseudonym itself, which other tables and exports carry).
    static std::string citizen_reference(const std::string& citizen_pseudonym);

private:
    AccessLogRepository& log_;
    AgencyRepository& agencies_;
};

} // namespace einblick::server
