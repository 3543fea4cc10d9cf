// The browser's own check of the history against the signed log, in plain words: one line for
// the page (what "geprüft" means, or a warning) and a word under each entry's time. Both are
// drawn from the first frame on and only change their text when a check arrives, so that the
// page keeps its height and the mirror its nodes while a finger scrolls it.
#include "einblick/client/views/i18n.hpp"
#include "einblick/client/views/layout.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "history_parts.hpp"

#include <algorithm>
#include <array>
#include <imgui.h>
#include <initializer_list>
#include <string>

namespace einblick::client::views::access_history {
namespace {

bool is_warning(LogStatus status) {
    return status == LogStatus::SignatureInvalid || status == LogStatus::KeyChanged ||
           status == LogStatus::Forked || status == LogStatus::RolledBack;
}

// `text` with each "{}" replaced by the next of `numbers`, in order.
std::string with_numbers(std::string text, std::initializer_list<unsigned long long> numbers) {
    for (const unsigned long long number : numbers) {
        text.replace(text.find("{}"), 2, std::to_string(number));
    }
    return text;
}

std::string verified_text(const AppState& state) {
    const HistoryState& history = state.history;
    long long verified = 0;
    for (const EventRow& row : history.rows) {
        const auto found = history.trust.entries.find(row.id);
        verified += found != history.trust.entries.end() && found->second == EntryTrust::Verified;
    }
    const long long shown = static_cast<long long>(history.rows.size());
    const std::string counted =
        tr(state, "{} von {} Einträgen geprüft. ", "{} of {} entries verified. ");
    std::string out = with_numbers(counted, {static_cast<unsigned long long>(verified),
                                             static_cast<unsigned long long>(shown)});
    // Witnesses (docs/TRANSPARENCY.md, "Witnesses"): how many independent bodies cosigned a
    // checkpoint that this history extends.
    out +=
        plural(state, history.trust.witnesses,
               {"Von {} unabhängigen Prüfstelle bestätigt. ",
                "Von {} unabhängigen Prüfstellen bestätigt. ",
                "Noch von keiner unabhängigen Prüfstelle bestätigt. "},
               {"Confirmed by {} independent witness. ", "Confirmed by {} independent witnesses. ",
                "Not yet confirmed by any independent witness. "});
    return out + tr(state,
                    "„Geprüft“ heißt: Ihr Browser hat selbst nachgerechnet, dass der Eintrag "
                    "unverändert im Protokoll steht, das Einblick unterschrieben hat. Niemand kann "
                    "ihn später entfernen oder ändern, ohne dass es auffällt.",
                    "“Verified” means: your browser itself checked that the entry is contained "
                    "unchanged in the log Einblick signed. Nobody can remove or alter it later "
                    "without it being detected.");
}

std::string page_text(const AppState& state, LogStatus status) {
    const HistoryTrust& trust = state.history.trust;
    switch (status) {
    case LogStatus::Checking:
        return tr(state,
                  "Wird geprüft: Ihr Browser gleicht die Einträge mit dem öffentlichen, "
                  "unterschriebenen Protokoll ab …",
                  "Checking: your browser compares the entries with the public, signed log …");
    case LogStatus::Verified:
        return verified_text(state);
    case LogStatus::Unavailable:
        return tr(state,
                  "Nicht geprüft: Der Server hat keine Nachweise geliefert. Die Einträge sind "
                  "deshalb nicht bestätigt.",
                  "Not checked: the server gave no proofs. The entries are therefore not "
                  "confirmed.");
    case LogStatus::SignatureInvalid:
        return tr(state,
                  "Warnung: Die Unterschrift des Protokolls ist ungültig. Die Einträge sind nicht "
                  "bestätigt.",
                  "Warning: the log's signature is invalid. The entries are not confirmed.");
    case LogStatus::KeyChanged:
        return tr(state,
                  "Warnung: Das Protokoll ist mit einem anderen Schlüssel unterschrieben als bei "
                  "Ihrem letzten Besuch. Die Einträge sind nicht bestätigt.",
                  "Warning: the log is signed with another key than at your last visit. The "
                  "entries are not confirmed.");
    case LogStatus::Forked:
    case LogStatus::RolledBack: {
        if (status == LogStatus::Forked && trust.witness_fork) {
            std::string out =
                tr(state,
                   "Warnung: Das Protokoll wurde zurückgesetzt oder verändert. Es passt nicht zu "
                   "dem Stand, den unabhängige Prüfstellen bestätigt haben ({} Einträge, jetzt "
                   "{}). Einträge können entfernt oder geändert worden sein; sie sind nicht "
                   "bestätigt. Wenden Sie sich an die Datenschutzaufsicht.",
                   "Warning: the log was rolled back or altered. It does not match what "
                   "independent witnesses confirmed ({} entries, now {}). Entries may have been "
                   "removed or altered; they are not confirmed. Contact the data protection "
                   "authority.");
            return with_numbers(out, {trust.witnessed_size, trust.tree_size});
        }
        std::string out = tr(
            state,
            "Warnung: Das Protokoll wurde zurückgesetzt oder verändert. Es passt nicht zu dem "
            "Stand, den Ihr Browser bei Ihrem letzten Besuch gesehen hat ({} Einträge, jetzt {}). "
            "Einträge können entfernt oder geändert worden sein; sie sind nicht bestätigt. "
            "Wenden Sie sich an die Datenschutzaufsicht.",
            "Warning: the log was rolled back or altered. It does not match what your browser "
            "saw at your last visit ({} entries, now {}). Entries may have been removed or "
            "altered; they are not confirmed. Contact the data protection authority.");
        return with_numbers(out, {trust.remembered_size, trust.tree_size});
    }
    }
    return {};
}

int line_count(const std::string& text, float width) {
    const auto measure = [](std::string_view piece) {
        return ImGui::CalcTextSize(piece.data(), piece.data() + piece.size()).x;
    };
    if (width <= 0.0F || measure(text) <= width) {
        return 1;
    }
    return static_cast<int>(layout::wrap_words(text, width, measure).size());
}

} // namespace

void draw_trust_line(const AppState& state) {
    const LogStatus status = state.history.trust.status;
    const std::string text = page_text(state, status);
    const ImVec4* color = is_warning(status) ? &palette::error : &palette::muted_text;
    // The lines the calm states could take: reserved from the first frame, so that a check
    // arriving never moves what follows. A warning may take more.
    const float width = ImGui::GetContentRegionAvail().x;
    int reserved = 0;
    for (const LogStatus calm :
         {LogStatus::Checking, LogStatus::Verified, LogStatus::Unavailable}) {
        reserved = std::max(reserved, line_count(page_text(state, calm), width));
    }
    const int used = line_count(text, width);
    // Busy (aria-busy) while a check is under way: tests and screen readers wait for its result.
    const bool busy = status == LogStatus::Checking || state.history.trust.pending > 0;
    ui::status(text.c_str(), color, busy);
    ImGui::Dummy(ImVec2(0.0F, static_cast<float>(std::max(0, reserved - used)) *
                                  ImGui::GetTextLineHeight()));
}

std::string entry_trust_fact(const AppState& state, const std::string& event_id) {
    const HistoryTrust& trust = state.history.trust;
    const auto found = trust.entries.find(event_id);
    if (found == trust.entries.end()) {
        return trust.pending > 0 || trust.status == LogStatus::Checking
                   ? tr(state, "wird geprüft", "checking")
                   : tr(state, "nicht geprüft: nicht unter den geladenen Zugriffen",
                        "not checked: not among the loaded accesses");
    }
    return found->second == EntryTrust::Verified
               ? tr(state, "geprüft: unverändert im Protokoll, das Einblick unterschrieben hat",
                    "verified: contained unchanged in the log Einblick signed")
               : tr(state,
                    "nicht bestätigt: Ihr Browser konnte diesen Eintrag nicht im unterschriebenen "
                    "Protokoll nachweisen",
                    "not confirmed: your browser could not find this entry in the signed log");
}

void draw_entry_trust(const AppState& state, const std::string& event_id) {
    const HistoryTrust& trust = state.history.trust;
    const auto found = trust.entries.find(event_id);
    if (found == trust.entries.end()) {
        ui::text(tr(state, "wird geprüft", "checking"), &palette::muted_text);
    } else if (found->second == EntryTrust::Verified) {
        ui::text(tr(state, "geprüft", "verified"), &palette::success);
    } else {
        ui::text(tr(state, "nicht bestätigt", "not confirmed"), &palette::error);
    }
}

} // namespace einblick::client::views::access_history

namespace einblick::client::views::access_history {

void draw_overview_trust(const AppState& state) {
    const LogStatus status = state.history.trust.status;
    if (is_warning(status)) {
        ui::status(page_text(state, status).c_str(), &palette::error);
        return;
    }
    const bool busy = status == LogStatus::Checking || state.history.trust.pending > 0;
    ui::status(tr(state,
                  "„Geprüft“ heißt: Ihr Browser hat selbst nachgerechnet, dass der Zugriff "
                  "unverändert im Protokoll steht, das Einblick unterschrieben hat.",
                  "“Verified” means: your browser itself checked that the access is contained "
                  "unchanged in the log Einblick signed."),
               &palette::muted_text, busy);
}

} // namespace einblick::client::views::access_history
