#pragma once
// Headless ImGui frames with a semantic recorder, for the a11y tests: one context per test,
// torn down even when a check fails, and look-ups of recorded nodes by role and name.

#include "einblick/client/a11y/recorder.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/ui.hpp"
#include "einblick/client/views/views.hpp"

#include <algorithm>
#include <doctest/doctest.h>
#include <imgui.h>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace einblick::client::testing {

class A11yHarness {
public:
    A11yHarness() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280.0F, 800.0F);
        io.DeltaTime = 1.0F / 60.0F;
        io.KeyMap[ImGuiKey_Enter] = enter_key;
        views::apply_style();
        views::add_ui_font(*io.Fonts, EINBLICK_TEST_FONT, 17.0F);
        unsigned char* pixels = nullptr;
        int width = 0;
        int height = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    }
    ~A11yHarness() { ImGui::DestroyContext(); }
    A11yHarness(const A11yHarness&) = delete;
    A11yHarness& operator=(const A11yHarness&) = delete;

    // Runs `frames` frames of `draw` (which gets the recorder) and returns the last tree.
    template <typename Draw> const a11y::Tree& run(Draw&& draw, int frames = 1) {
        for (int i = 0; i < frames; ++i) {
            ImGui::NewFrame();
            draw(recorder);
            ImGui::Render();
        }
        return recorder.tree();
    }

    // The one node with this role and name; fails the test if there is none or several.
    const a11y::Node& node(a11y::Role role, const std::string& name) const {
        const a11y::Node* found = nullptr;
        int count = 0;
        for (const a11y::Node& candidate : recorder.tree().nodes) {
            if (candidate.role == role && candidate.name == name) {
                found = &candidate;
                ++count;
            }
        }
        INFO("role ", a11y::role_name(role), " name ", name);
        REQUIRE(count == 1);
        return *found;
    }

    std::vector<const a11y::Node*> all(a11y::Role role) const {
        std::vector<const a11y::Node*> result;
        for (const a11y::Node& candidate : recorder.tree().nodes) {
            if (candidate.role == role) {
                result.push_back(&candidate);
            }
        }
        return result;
    }

    const a11y::Node& parent_of(const a11y::Node& node) const {
        REQUIRE(node.parent >= 0);
        return recorder.tree().nodes.at(static_cast<std::size_t>(node.parent));
    }

    static constexpr int enter_key = 257; // any free index; the browser backend maps GLFW's
    a11y::Recorder recorder;
};

// A plain window to try single widgets in.
template <typename Draw> void in_window(a11y::Recorder& recorder, Draw&& draw) {
    recorder.begin_frame();
    const ui::FrameScope scope(recorder);
    ImGui::SetNextWindowPos(ImVec2(0.0F, 0.0F));
    ImGui::SetNextWindowSize(ImVec2(800.0F, 600.0F));
    ImGui::Begin("test");
    draw();
    ImGui::End();
    recorder.end_frame();
}

// A whole screen (views::draw_app) over a prepared AppState; `intents` holds what the last
// frame emitted.
struct ScreenUnderTest {
    AppState state;
    views::Intents intents;

    const a11y::Tree& draw(A11yHarness& imgui, int frames = 2) {
        return imgui.run(
            [this](a11y::Recorder& recorder) {
                intents.clear();
                views::draw_app(state, intents, recorder);
            },
            frames);
    }

    // Activates the node (as a click in the mirror would) and draws once more; returns the
    // intents that frame emitted.
    const views::Intents& activate(A11yHarness& imgui, const a11y::Node& node) {
        imgui.recorder.request_activate(node.id);
        draw(imgui, 1);
        return intents;
    }
};

// Logged in as `role` on `page`, nothing loaded yet.
inline ScreenUnderTest dashboard(api::Role role, Page page) {
    ScreenUnderTest screen;
    screen.state.screen = Screen::Dashboard;
    screen.state.session = api::SessionInfo{"user", "Test Person", role};
    screen.state.page = page;
    return screen;
}

template <class T, class Variant> struct is_alternative : std::false_type {};
template <class T, class... Ts>
struct is_alternative<T, std::variant<Ts...>> : std::bool_constant<(std::is_same_v<T, Ts> || ...)> {
};

// The first intent of type T in `intents`, or nullptr. Intents of a feature are nested one
// level: find<intent::citizen::WithdrawConsent>(intents) looks inside CitizenIntent too.
template <class T> const T* find_intent(const views::Intents& intents) {
    for (const Intent& outer : intents) {
        if constexpr (is_alternative<T, Intent>::value) {
            if (const T* direct = std::get_if<T>(&outer)) {
                return direct;
            }
        }
        const T* nested = nullptr;
        std::visit(
            [&nested](const auto& inner) {
                using Inner = std::decay_t<decltype(inner)>;
                if constexpr (is_alternative<T, Inner>::value) {
                    nested = std::get_if<T>(&inner);
                }
            },
            outer);
        if (nested != nullptr) {
            return nested;
        }
    }
    return nullptr;
}

// GOV.UK's and KERN's order of a form field: the label, the hint under it, the error message,
// then the control. The label is not recorded (the control carries its name), so: `above` (the
// hint, or the error where there is no hint) is recorded before the control with only error
// messages in between, lies above it, leaves a line for the label above itself, and its text
// is part of the control's description (the mirror reads it with the field).
inline void check_field_order(const A11yHarness& imgui, const a11y::Node& field,
                              const std::string& above) {
    const auto& nodes = imgui.recorder.tree().nodes;
    const int field_index = static_cast<int>(&field - nodes.data());
    INFO("field ", field.name, ", above it: ", above);
    int index = field_index - 1;
    while (index >= 0 && !(nodes[static_cast<std::size_t>(index)].role == a11y::Role::Text &&
                           nodes[static_cast<std::size_t>(index)].name == above)) {
        const std::string& between = nodes[static_cast<std::size_t>(index)].name;
        CHECK((between.starts_with("Fehler: ") || between.starts_with("Error: ")));
        --index;
    }
    REQUIRE(index >= 0);
    const a11y::Node& hint = nodes[static_cast<std::size_t>(index)];
    CHECK(hint.rect.y + hint.rect.height <= field.rect.y);
    CHECK(field.description.find(above) != std::string::npos);
    // What was recorded before it (not a region it belongs to) ends a label's line higher.
    std::vector<int> ancestors;
    for (int at = hint.parent; at >= 0; at = nodes[static_cast<std::size_t>(at)].parent) {
        ancestors.push_back(at);
    }
    for (int before = index - 1; before >= 0; --before) {
        const a11y::Node& node = nodes[static_cast<std::size_t>(before)];
        if (std::find(ancestors.begin(), ancestors.end(), before) != ancestors.end() ||
            node.rect.empty()) {
            continue;
        }
        const float label_line = 15.0F; // a line of the 17 px font, less its spacing
        CHECK(node.rect.y + node.rect.height + label_line <= hint.rect.y);
        break;
    }
}

} // namespace einblick::client::testing
