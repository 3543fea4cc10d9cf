#include "einblick/server/supervision_service.hpp"

#include "einblick/server/crypto.hpp"
#include "einblick/server/service_error.hpp"

namespace einblick::server {

api::AccessEventPage SupervisionService::agency_accesses(const Actor& dpo,
                                                         std::string_view agency_code,
                                                         const HistoryQuery& query) {
    if (dpo.role != ActorRole::Dpo) {
        throw ServiceError(ErrorKind::Forbidden, "Keine Berechtigung",
                           "Die Zugriffe einer Stelle sehen nur Datenschutzbeauftragte.");
    }
    const std::optional<AgencyRecord> agency = agencies_.find_by_code(std::string(agency_code));
    if (!agency || !dpo.is_dpo_for(agency->id)) {
        throw ServiceError(ErrorKind::NotFound, "Nicht gefunden",
                           "Diese Stelle gibt es nicht oder sie gehört nicht zu Ihrem Bereich.");
    }
    const std::optional<HistoryCursor> after = AccessService::validate(query);
    HistoryFilter filter = query.filter;
    filter.agency_code.reset();
    std::vector<LogEntryRecord> rows = log_.agency_page(agency->id, filter, after, query.limit + 1);
    std::vector<std::string> references;
    references.reserve(rows.size());
    for (const LogEntryRecord& row : rows) {
        references.push_back(citizen_reference(row.citizen_pseudonym));
    }
    api::AccessEventPage page = AccessService::page_of(std::move(rows), query.limit);
    for (std::size_t i = 0; i < page.items.size(); ++i) {
        page.items[i].citizen_ref = references[i];
    }
    return page;
}

std::string SupervisionService::citizen_reference(const std::string& citizen_pseudonym) {
    // A separate hash, so the reference cannot be matched against stored pseudonyms.
    return "B-" +
           to_hex(sha256("einblick/dpo-citizen-reference/v1:" + citizen_pseudonym)).substr(0, 10);
}

} // namespace einblick::server
