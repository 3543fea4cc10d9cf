#pragma once
// Machine codes used in the API and their German and English labels for people.

#include <span>
#include <string>
#include <string_view>

namespace einblick {

enum class Language { German, English };

struct VocabularyEntry {
    std::string_view code;
    std::string_view german;
    std::string_view english;
};

// Data categories (Datenkategorien): what kind of data was accessed, never the values.
std::span<const VocabularyEntry> data_categories();
bool is_known_data_category(std::string_view code);
// The label in the given language; an unknown code is shown as it is.
std::string data_category_label(std::string_view code, Language language);

// Registers (Register) agencies fetch data from.
std::span<const VocabularyEntry> registers();
bool is_known_register(std::string_view code);
std::string register_label(std::string_view code, Language language);

// Machine-readable GDPR legal bases ("A6-1-e" = Art. 6 Abs. 1 lit. e DSGVO).
std::span<const VocabularyEntry> gdpr_bases();
bool is_known_gdpr_basis(std::string_view code);
std::string gdpr_basis_label(std::string_view code, Language language);
inline constexpr std::string_view consent_basis = "A6-1-a";
inline constexpr std::string_view public_task_basis = "A6-1-e";

// Why an access check allowed or denied, in words for people.
std::span<const VocabularyEntry> access_decision_reasons();
std::string access_decision_reason_label(std::string_view code, Language language);

} // namespace einblick
