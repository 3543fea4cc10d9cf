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

} // namespace einblick
