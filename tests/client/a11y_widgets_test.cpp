// The accessible widgets one by one: what each records, and that the page's requests operate
// them like a click would.
#include "a11y_harness.hpp"
#include "einblick/client/views/ui.hpp"

#include <array>
#include <cstring>
#include <imgui_internal.h>

using namespace einblick::client;
using a11y::Role;
using testing::A11yHarness;
using testing::in_window;

TEST_CASE("nothing is recorded without a frame scope, and widgets still draw") {
    A11yHarness imgui;
    imgui.run(
        [](a11y::Recorder& recorder) {
            recorder.begin_frame();
            ImGui::Begin("plain");
            CHECK_FALSE(ui::button("Los"));
            ui::text("Hallo");
            ImGui::End();
            recorder.end_frame();
        },
        2); // a new window is hidden in its first frame
    CHECK(imgui.recorder.tree().nodes.empty());
    CHECK(ImGui::GetDrawData()->TotalVtxCount > 0);
}

TEST_CASE("regions, headings and text nest as drawn") {
    A11yHarness imgui;
    imgui.run([](a11y::Recorder& recorder) {
        in_window(recorder, [] {
            ui::begin_region(Role::Dialog, "Einwilligung widerrufen");
            ui::heading(2, "Widerruf");
            ui::paragraph("Der Widerruf gilt ab sofort.");
            ui::progress("Wird gesendet …", -1.0F);
            ui::progress("Export", 0.42F);
            ui::end_region();
        });
    });
    const a11y::Node& dialog = imgui.node(Role::Dialog, "Einwilligung widerrufen");
    const a11y::Node& heading = imgui.node(Role::Heading, "Widerruf");
    CHECK(heading.level == 2);
    CHECK(imgui.parent_of(heading).id == dialog.id);
    CHECK(imgui.node(Role::ProgressBar, "Wird gesendet …").has(a11y::state::busy));
    CHECK(imgui.node(Role::ProgressBar, "Export").value == "42 %");
    CHECK(dialog.rect.height >= heading.rect.height * 3.0F);
}

TEST_CASE("check box, radio and link respond to the page") {
    A11yHarness imgui;
    bool accepted = false;
    int choice = 0;
    int opened = 0;
    auto draw = [&](a11y::Recorder& recorder) {
        in_window(recorder, [&] {
            ui::checkbox("Ich stimme zu", accepted);
            ui::begin_region(Role::RadioGroup, "Format");
            if (ui::radio("JSON", choice == 0)) {
                choice = 0;
            }
            if (ui::radio("CSV", choice == 1)) {
                choice = 1;
            }
            ui::end_region();
            if (ui::link("Datenschutzerklärung")) {
                ++opened;
            }
        });
    };
    imgui.run(draw);
    CHECK_FALSE(imgui.node(Role::CheckBox, "Ich stimme zu").has(a11y::state::checked));
    CHECK(imgui.node(Role::Radio, "JSON").has(a11y::state::checked));
    CHECK(imgui.parent_of(imgui.node(Role::Radio, "CSV")).role == Role::RadioGroup);

    imgui.recorder.request_activate(imgui.node(Role::CheckBox, "Ich stimme zu").id);
    imgui.recorder.request_activate(imgui.node(Role::Radio, "CSV").id);
    imgui.recorder.request_activate(imgui.node(Role::Link, "Datenschutzerklärung").id);
    imgui.run(draw, 2);
    CHECK(accepted);
    CHECK(choice == 1);
    CHECK(opened == 1);
    CHECK(imgui.node(Role::CheckBox, "Ich stimme zu").has(a11y::state::checked));
    CHECK(imgui.node(Role::Radio, "CSV").has(a11y::state::checked));
}

TEST_CASE("a check box whose label wraps takes the page's focus") {
    A11yHarness imgui;
    bool restrict = false;
    auto draw = [&](a11y::Recorder& recorder) {
        in_window(recorder, [&] {
            ui::button("Weiter");
            ImGui::BeginChild("narrow", ImVec2(120.0F, 200.0F));
            ui::checkbox("Verarbeitung bis zur Entscheidung einschränken###restrict", restrict);
            ImGui::EndChild();
        });
    };
    imgui.run(draw);
    const a11y::Node box =
        imgui.node(Role::CheckBox, "Verarbeitung bis zur Entscheidung einschränken");
    CHECK(box.rect.height > 2.0F * ImGui::GetFrameHeight()); // the label wraps under the box
    imgui.recorder.request_focus(box.id);
    // Longer than the recorder waits for ImGui to take a focus the page moved.
    imgui.run(draw, a11y::Recorder::focus_patience + 4);
    CHECK(imgui.recorder.tree().focused() == box.id);
    CHECK(imgui.node(Role::CheckBox, "Verarbeitung bis zur Entscheidung einschränken")
              .has(a11y::state::focused));
}

TEST_CASE("a select records its options and takes a choice from the page") {
    A11yHarness imgui;
    const std::vector<std::string> items{"Alle Stellen", "Kfz-Zulassung", "Meldebehörde"};
    int current = 0;
    auto draw = [&](a11y::Recorder& recorder) {
        in_window(recorder, [&] { ui::select("Stelle", current, items); });
    };
    imgui.run(draw);
    const a11y::Node& combo = imgui.node(Role::ComboBox, "Stelle");
    CHECK(combo.value == "Alle Stellen");
    CHECK_FALSE(combo.has(a11y::state::expanded));
    const auto options = imgui.all(Role::Option);
    REQUIRE(options.size() == 3);
    CHECK(options[0]->has(a11y::state::selected));
    CHECK(imgui.parent_of(*options[2]).id == combo.id);

    imgui.recorder.request_activate(options[2]->id);
    imgui.run(draw);
    CHECK(current == 2);
    CHECK(imgui.node(Role::ComboBox, "Stelle").value == "Meldebehörde");
    CHECK(imgui.all(Role::Option)[2]->has(a11y::state::selected));
}

TEST_CASE("tabs keep their selection in the caller's state") {
    A11yHarness imgui;
    int page = 0;
    auto draw = [&](a11y::Recorder& recorder) {
        in_window(recorder, [&] {
            if (ui::begin_tabs("Bereiche")) {
                if (ui::tab("Zugriffe", page == 0)) {
                    page = 0;
                }
                if (ui::tab("Einwilligungen", page == 1)) {
                    page = 1;
                }
                ui::end_tabs();
            }
        });
    };
    imgui.run(draw, 2);
    const a11y::Node& list = imgui.node(Role::TabList, "Bereiche");
    CHECK(imgui.parent_of(imgui.node(Role::Tab, "Zugriffe")).id == list.id);
    CHECK(imgui.node(Role::Tab, "Zugriffe").has(a11y::state::selected));
    imgui.recorder.request_activate(imgui.node(Role::Tab, "Einwilligungen").id);
    imgui.run(draw, 2);
    CHECK(page == 1);
    CHECK(imgui.node(Role::Tab, "Einwilligungen").has(a11y::state::selected));
    CHECK_FALSE(imgui.node(Role::Tab, "Zugriffe").has(a11y::state::selected));
}

TEST_CASE("disabled widgets ignore the page's presses") {
    A11yHarness imgui;
    int presses = 0;
    auto draw = [&](a11y::Recorder& recorder) {
        in_window(recorder, [&] {
            ImGui::BeginDisabled(true);
            if (ui::button("Senden")) {
                ++presses;
            }
            ImGui::EndDisabled();
        });
    };
    imgui.run(draw);
    CHECK(imgui.node(Role::Button, "Senden").has(a11y::state::disabled));
    imgui.recorder.request_activate(imgui.node(Role::Button, "Senden").id);
    imgui.run(draw);
    CHECK(presses == 0);
}

TEST_CASE("text from the page is cut to the buffer on a character boundary") {
    A11yHarness imgui;
    std::array<char, 8> buffer{};
    auto draw = [&](a11y::Recorder& recorder) {
        in_window(recorder, [&] { ui::text_input("Kurz", buffer.data(), buffer.size()); });
    };
    imgui.run(draw);
    // "äöüß" is 8 bytes; 7 fit, but the 7th would split "ß".
    imgui.recorder.request_edit(imgui.node(Role::TextBox, "Kurz").id, a11y::TextEdit{"äöüß"});
    imgui.run(draw);
    CHECK(std::string(buffer.data()) == "äöü");
    CHECK(imgui.node(Role::TextBox, "Kurz").value == "äöü");
}

TEST_CASE("focus requests move ImGui's focus between widgets both ways") {
    A11yHarness imgui;
    std::array<char, 32> name{};
    bool focus_name = false;
    auto draw = [&](a11y::Recorder& recorder) {
        in_window(recorder, [&] {
            ui::TextInputOptions options;
            options.focus = focus_name;
            ui::text_input("Name", name.data(), name.size(), options);
            ui::button("Weiter");
        });
        focus_name = false;
    };
    imgui.run(draw);
    CHECK(imgui.recorder.tree().focused() == 0);
    const a11y::NodeId field = imgui.node(Role::TextBox, "Name").id;
    const a11y::NodeId next = imgui.node(Role::Button, "Weiter").id;
    imgui.recorder.request_focus(next);
    imgui.run(draw, 2);
    CHECK(imgui.recorder.tree().focused() == next);
    // The app moves focus (e.g. after an error): the tree follows, so the page can.
    focus_name = true;
    imgui.run(draw, 2);
    CHECK(imgui.recorder.tree().focused() == field);
    CHECK(ImGui::GetCurrentContext()->ActiveId == field);
    imgui.recorder.request_focus(next);
    imgui.run(draw, 2);
    CHECK(imgui.recorder.tree().focused() == next);
    CHECK(ImGui::GetCurrentContext()->ActiveId != field);
}
