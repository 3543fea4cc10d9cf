#pragma once
// What the agency staff's pages (purposes, API keys) need besides page_parts.hpp: moving the
// keyboard focus when the widget that had it goes away (a form opens or closes, a confirmation
// appears). Header-only; plain ImGui here only keeps per-window widget memory.

#include "einblick/client/views/ui.hpp"

#include <imgui.h>
#include <string>

namespace einblick::client::views::agency {

// Asks for the keyboard focus on the widget with this ImGui label (in the current ID stack),
// drawn later in this frame; ImGui scrolls it into view.
inline void focus_widget(const char* label) {
    if (a11y::Recorder* rec = ui::recorder()) {
        rec->request_focus(ImGui::GetID(label));
    }
}

// What a page showed in its previous frame (small integers), so it can tell that something
// just appeared or went away. Kept in ImGui's per-window storage, like ImGui's own widget
// state; a page that was not drawn in the previous frame (another page was shown) remembers
// nothing, so coming back to it never moves the focus.
class FrameMemory {
public:
    explicit FrameMemory(const char* page) : page_(page) {
        ImGuiStorage* storage = ImGui::GetStateStorage();
        const int last_frame = storage->GetInt(key("frame"), -10);
        fresh_ = last_frame != ImGui::GetFrameCount() - 1;
    }

    int previous(const char* what, int fallback) const {
        return fresh_ ? fallback : ImGui::GetStateStorage()->GetInt(key(what), fallback);
    }

    void remember(const char* what, int value) const {
        ImGuiStorage* storage = ImGui::GetStateStorage();
        storage->SetInt(key(what), value);
        storage->SetInt(key("frame"), ImGui::GetFrameCount());
    }

private:
    ImGuiID key(const char* what) const {
        return ImGui::GetID((std::string(page_) + "/memory/" + what).c_str());
    }

    const char* page_;
    bool fresh_ = true;
};

} // namespace einblick::client::views::agency
