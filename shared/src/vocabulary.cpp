#include "einblick/shared/vocabulary.hpp"

#include "einblick/shared/api_rules.hpp"

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

constexpr std::array<VocabularyEntry, 12> register_entries{{
    {"melderegister", "Melderegister", "Population register"},
    {"fahrzeugregister", "Fahrzeugregister", "Vehicle register"},
    {"personenstandsregister", "Personenstandsregister", "Civil status register"},
    {"steuerdaten", "Steuerdatenbestand", "Tax records"},
    {"idnr_datenbank", "IdNr-Datenbank (BZSt)", "Tax ID database"},
    {"rentenversicherung", "Versicherungskonto Rentenversicherung", "Pension insurance account"},
    {"familienleistungen", "Familienleistungsakte", "Family benefits file"},
    {"elterngeldakte", "Elterngeldakte", "Parental allowance file"},
    {"beitragskonto", "Beitragskonto Rundfunkbeitrag", "Broadcasting fee account"},
    {"versicherungsnachweise", "Versicherungsnachweise (eVB)", "Insurance confirmations"},
    {"polizeiliche_auskunft", "Polizeiliche Auskunftssysteme", "Police information systems"},
    {"statistikregister", "Statistikregister", "Statistics register"},
}};

constexpr std::array<VocabularyEntry, 6> gdpr_basis_entries{{
    {"A6-1-a", "Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)", "Consent (GDPR Art. 6(1)(a))"},
    {"A6-1-b", "Vertrag (Art. 6 Abs. 1 lit. b DSGVO)", "Contract (GDPR Art. 6(1)(b))"},
    {"A6-1-c", "Rechtliche Verpflichtung (Art. 6 Abs. 1 lit. c DSGVO)",
     "Legal obligation (GDPR Art. 6(1)(c))"},
    {"A6-1-d", "Lebenswichtige Interessen (Art. 6 Abs. 1 lit. d DSGVO)",
     "Vital interests (GDPR Art. 6(1)(d))"},
    {"A6-1-e", "Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)",
     "Public task (GDPR Art. 6(1)(e))"},
    {"A9-2-g", "Erhebliches öffentliches Interesse (Art. 9 Abs. 2 lit. g DSGVO)",
     "Substantial public interest (GDPR Art. 9(2)(g))"},
}};

// The codes are the wire texts of api::AccessReason, in its order.
using api::AccessReason;
constexpr std::array<VocabularyEntry, 10> access_reason_entries{{
    {to_text(AccessReason::Allowed), "Zulässig", "Allowed"},
    {to_text(AccessReason::PurposeUnknown), "Zweck unbekannt", "Purpose unknown"},
    {to_text(AccessReason::PurposeNotApproved), "Zweck nicht genehmigt", "Purpose not approved"},
    {to_text(AccessReason::PurposeOtherAgency), "Zweck gehört einer anderen Behörde",
     "Purpose of another agency"},
    {to_text(AccessReason::RegisterNotCovered), "Register vom Zweck nicht umfasst",
     "Register not covered by the purpose"},
    {to_text(AccessReason::CategoryNotCovered), "Datenkategorie vom Zweck nicht umfasst",
     "Data category not covered by the purpose"},
    {to_text(AccessReason::ConsentMissing), "Keine gültige Einwilligung", "No valid consent"},
    {to_text(AccessReason::ObjectionUpheld), "Widerspruch stattgegeben", "Objection upheld"},
    {to_text(AccessReason::RestrictedPendingObjection), "Eingeschränkt: Widerspruch in Prüfung",
     "Restricted while an objection is pending"},
    {to_text(AccessReason::InternalError), "Prüfung fehlgeschlagen", "Check failed"},
}};
static_assert(access_reason_entries.size() == api::wire_texts<AccessReason>().size(),
              "one label per access reason");

template <std::size_t N>
const VocabularyEntry* find_in(const std::array<VocabularyEntry, N>& entries,
                               std::string_view code) {
    const auto* it = std::find_if(entries.begin(), entries.end(),
                                  [&](const VocabularyEntry& e) { return e.code == code; });
    return it == entries.end() ? nullptr : it;
}

std::string label_of(const VocabularyEntry* entry, std::string_view code, Language language) {
    if (entry == nullptr) {
        return std::string(code);
    }
    return std::string(language == Language::German ? entry->german : entry->english);
}
} // namespace

std::span<const VocabularyEntry> data_categories() {
    return data_category_entries;
}

bool is_known_data_category(std::string_view code) {
    return find_in(data_category_entries, code) != nullptr;
}

std::string data_category_label(std::string_view code, Language language) {
    return label_of(find_in(data_category_entries, code), code, language);
}

std::span<const VocabularyEntry> registers() {
    return register_entries;
}

bool is_known_register(std::string_view code) {
    return find_in(register_entries, code) != nullptr;
}

std::string register_label(std::string_view code, Language language) {
    return label_of(find_in(register_entries, code), code, language);
}

std::span<const VocabularyEntry> gdpr_bases() {
    return gdpr_basis_entries;
}

bool is_known_gdpr_basis(std::string_view code) {
    return find_in(gdpr_basis_entries, code) != nullptr;
}

std::string gdpr_basis_label(std::string_view code, Language language) {
    return label_of(find_in(gdpr_basis_entries, code), code, language);
}

std::span<const VocabularyEntry> access_decision_reasons() {
    return access_reason_entries;
}

std::string access_decision_reason_label(std::string_view code, Language language) {
    return label_of(find_in(access_reason_entries, code), code, language);
}

} // namespace einblick
