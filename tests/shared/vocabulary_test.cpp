#include "einblick/shared/text.hpp"
#include "einblick/shared/vocabulary.hpp"

#include <doctest/doctest.h>
#include <set>

using namespace einblick;

TEST_CASE("data category codes are unique and labelled in both languages") {
    std::set<std::string_view> codes;
    for (const auto& entry : data_categories()) {
        CHECK(codes.insert(entry.code).second);
        CHECK_FALSE(entry.german.empty());
        CHECK_FALSE(entry.english.empty());
    }
    CHECK(codes.size() >= 10);
}

TEST_CASE("labels are looked up by code, unknown codes show as they are") {
    CHECK(is_known_data_category("address"));
    CHECK_FALSE(is_known_data_category("Address"));
    CHECK(data_category_label("address", Language::German) == "Anschrift");
    CHECK(data_category_label("address", Language::English) == "Address");
    CHECK(data_category_label("family_status", Language::German) == "Familienstand");
    CHECK(data_category_label("unbekannt", Language::German) == "unbekannt");
}

TEST_CASE("text limits count characters, not bytes") {
    CHECK(einblick::utf8_length("") == 0);
    CHECK(einblick::utf8_length("Straße") == 6);
    CHECK(einblick::utf8_length("„Zweck“ – €") == 11);
    CHECK(einblick::is_blank(" \t\r\n"));
    CHECK_FALSE(einblick::is_blank(" a "));
}
