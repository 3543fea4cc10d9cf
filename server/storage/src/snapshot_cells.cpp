#include "einblick/server/snapshot_cells.hpp"

#include <nlohmann/json.hpp>

namespace einblick::server {

template <typename E> E SnapshotCells::enumeration(int column) {
    const std::string value = text(column);
    const auto known = api::from_text<E>(value);
    if (!known) {
        malformed(column_name(column) + " holds '" + value + "', which is not one of its values");
        return E{};
    }
    return *known;
}

std::vector<std::string> SnapshotCells::string_array(int column) {
    const auto parsed = nlohmann::json::parse(text(column), nullptr, false);
    std::vector<std::string> items;
    if (parsed.is_array()) {
        for (const auto& item : parsed) {
            if (!item.is_string()) {
                break;
            }
            items.push_back(item.get<std::string>());
        }
        if (items.size() == parsed.size()) {
            return items;
        }
    }
    malformed(column_name(column) + " is not a JSON array of texts");
    return {};
}

void SnapshotCells::read_into(SnapshotEntry& e) {
    e = SnapshotEntry{};
    entry_ = &e;
    e.id = row_id(0);
    e.seq = integer(1);
    NewLogEntry& f = e.facts;
    f.kind = enumeration<AccessKind>(2);
    f.outcome = enumeration<AccessOutcome>(3);
    f.reason = text(4);
    f.citizen_pseudonym = text(5);
    f.agency_id = integer(6);
    f.purpose_id = optional_integer(7);
    f.purpose_version_id = optional_integer(8);
    f.register_code = text(9);
    f.data_categories = string_array(10);
    f.legal_basis = text(11);
    f.consent_id = optional_integer(12);
    f.official = optional_text(13);
    f.correlation_id = optional_text(14);
    f.occurred_at = integer(15);
    e.prev_hash = blob(16);
    e.hash = blob(17);
    e.stored_leaf = optional_blob(18);
    entry_ = nullptr;
}

} // namespace einblick::server
