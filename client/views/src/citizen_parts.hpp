#pragma once
// What the citizen's screens (history detail, objection flow) need besides page_parts.hpp: the
// legal bases explained in plain words. Header-only, file-local to the views library.

#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/views.hpp"

#include <string_view>

namespace einblick::client::views::citizen {

// What a GDPR legal basis means for the person, in plain words; empty for an unknown code.
inline const char* basis_explanation(std::string_view code, Language language) {
    if (code == "A6-1-a") {
        return tr(language,
                  "Sie haben in diese Verarbeitung eingewilligt. Sie können Ihre Einwilligung "
                  "jederzeit widerrufen; danach darf die Stelle Ihre Daten für diesen Zweck nicht "
                  "mehr verwenden.",
                  "You consented to this processing. You can withdraw your consent at any time; "
                  "after that the authority may no longer use your data for this purpose.");
    }
    if (code == "A6-1-b") {
        return tr(language,
                  "Die Stelle braucht Ihre Daten, um einen Vertrag mit Ihnen zu erfüllen oder auf "
                  "Ihren Antrag hin vorzubereiten.",
                  "The authority needs your data to fulfil a contract with you or to prepare one "
                  "at your request.");
    }
    if (code == "A6-1-c") {
        return tr(language,
                  "Ein Gesetz verpflichtet die Stelle, Ihre Daten so zu verarbeiten; sie hat dabei "
                  "keinen Entscheidungsspielraum.",
                  "A law obliges the authority to process your data in this way; it has no "
                  "discretion.");
    }
    if (code == "A6-1-d") {
        return tr(language,
                  "Die Verarbeitung schützt lebenswichtige Interessen – Ihre oder die eines "
                  "anderen Menschen.",
                  "The processing protects vital interests – yours or another person's.");
    }
    if (code == "A6-1-e") {
        return tr(language,
                  "Die Stelle erfüllt mit Ihren Daten eine Aufgabe, die ihr ein Gesetz im "
                  "öffentlichen Interesse überträgt. Dafür braucht sie Ihre Einwilligung nicht; "
                  "Sie können aber widersprechen.",
                  "The authority uses your data for a task a law assigns to it in the public "
                  "interest. It does not need your consent for this, but you may object.");
    }
    if (code == "A9-2-g") {
        return tr(language,
                  "Es geht um besonders geschützte Daten. Ein Gesetz erlaubt ihre Verarbeitung "
                  "wegen eines erheblichen öffentlichen Interesses und verlangt besondere "
                  "Schutzmaßnahmen.",
                  "These are specially protected data. A law allows their processing for a "
                  "substantial public interest and requires special safeguards.");
    }
    return "";
}

} // namespace einblick::client::views::citizen
