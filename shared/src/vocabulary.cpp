#include "einblick/shared/vocabulary.hpp"

#include <algorithm>
#include <array>

namespace einblick {
namespace {
constexpr std::array<VocabularyEntry, 14> data_category_entries{{
    {"identity", "Identitätsdaten", "Identity data"},
    {"address", "Anschrift", "Address"},
    {"family_status", "Familienstand", "Family status"},
    {"children", "Kinder", "Children"},
    {"birth", "Geburtsdaten", "Birth data"},
    {"vehicle", "Fahrzeugdaten", "Vehicle data"},
    {"insurance", "Versicherungsnachweis", "Insurance confirmation"},
    {"income", "Einkommen", "Income"},
    {"tax", "Steuerdaten", "Tax data"},
    {"benefits", "Sozialleistungen", "Social benefits"},
    {"employment", "Beschäftigung", "Employment"},
    {"nationality", "Staatsangehörigkeit", "Nationality"},
    {"identity_document", "Ausweisdaten", "Identity document"},
    {"criminal_record", "Strafregister", "Criminal record"},
}};

const VocabularyEntry* find_entry(std::string_view code) {
    const auto* it = std::find_if(data_category_entries.begin(), data_category_entries.end(),
                                  [&](const VocabularyEntry& e) { return e.code == code; });
    return it == data_category_entries.end() ? nullptr : it;
}
} // namespace

std::span<const VocabularyEntry> data_categories() { return data_category_entries; }

bool is_known_data_category(std::string_view code) { return find_entry(code) != nullptr; }

std::string data_category_label(std::string_view code, Language language) {
    const VocabularyEntry* entry = find_entry(code);
    if (entry == nullptr) {
        return std::string(code);
    }
    return std::string(language == Language::German ? entry->german : entry->english);
}

} // namespace einblick
