// The semantic tree without ImGui: recorder nesting and requests, the DOM diff and its JSON.
#include "einblick/client/a11y/diff.hpp"
#include "einblick/client/a11y/recorder.hpp"

#include <doctest/doctest.h>
#include <optional>
#include <string>

using namespace einblick::client::a11y;

namespace {

Node make(NodeId id, Role role, std::string name, Rect rect = {}) {
    Node node;
    node.id = id;
    node.role = role;
    node.name = std::move(name);
    node.rect = rect;
    return node;
}

// A small login-like frame: main > form > (heading, textbox, button).
Tree login_frame(Recorder& recorder, const std::string& button_name = "Anmelden",
                 bool focus_button = false) {
    recorder.begin_frame();
    recorder.open(make(1, Role::Main, "Einblick"));
    recorder.open(make(2, Role::Form, "Anmeldung"));
    recorder.add(make(3, Role::Heading, "Einblick", Rect{10, 10, 100, 20}));
    recorder.add(make(4, Role::TextBox, "Benutzername", Rect{10, 40, 200, 30}));
    const int button = recorder.add(make(5, Role::Button, button_name, Rect{10, 80, 200, 30}));
    if (focus_button) {
        recorder.mark_focused(button);
    }
    recorder.end_frame(); // closes form and main
    return recorder.tree();
}

// One frame of a tree with buttons 1 and 2 in which ImGui's focus is on `imgui_focus` (0: none);
// button `take` takes the page's focus request, as ui::button does before it draws.
void frame_with_focus(Recorder& recorder, NodeId imgui_focus, NodeId take = 0) {
    recorder.begin_frame();
    for (const NodeId id : {NodeId{1}, NodeId{2}}) {
        if (id == take) {
            recorder.take_focus_request(id);
        }
        const int index = recorder.add(make(id, Role::Button, id == 1 ? "A" : "B"));
        if (id == imgui_focus) {
            recorder.mark_focused(index);
        }
    }
    recorder.end_frame();
}

} // namespace

TEST_CASE("the recorder nests nodes in document order and unites rectangles") {
    Recorder recorder;
    const Tree tree = login_frame(recorder);
    REQUIRE(tree.nodes.size() == 5);
    CHECK(tree.nodes[0].parent == -1);
    CHECK(tree.nodes[1].parent == 0);
    CHECK(tree.nodes[4].parent == 1);
    CHECK(tree.children(1) == std::vector<int>{2, 3, 4});
    CHECK(tree.parent_id(4) == 2);
    // Containers without a rectangle of their own cover their children.
    CHECK(tree.nodes[1].rect == Rect{10, 10, 200, 100});
    CHECK(tree.nodes[0].rect == tree.nodes[1].rect);
    CHECK(recorder.depth() == 0);
    CHECK(tree.focused() == 0);
}

TEST_CASE("only the widget marked last is focused") {
    Recorder recorder;
    recorder.begin_frame();
    const int a = recorder.add(make(1, Role::Button, "A"));
    const int b = recorder.add(make(2, Role::Button, "B"));
    recorder.mark_focused(a);
    recorder.mark_focused(b);
    CHECK(recorder.focused_id() == 2);
    recorder.end_frame();
    CHECK_FALSE(recorder.tree().nodes[0].has(state::focused));
    CHECK(recorder.tree().nodes[1].has(state::focused));
    CHECK(recorder.tree().focused() == 2);
}

TEST_CASE("page requests reach their widget once and expire after one frame") {
    Recorder recorder;
    recorder.request_focus(4);
    recorder.request_activate(5);
    recorder.request_edit(4, TextEdit{"erika", 5, 5});
    recorder.request_edit(4, TextEdit{"erika2", -1, -1}); // the newest content wins
    CHECK(recorder.has_requests());
    recorder.begin_frame();
    CHECK_FALSE(recorder.take_focus_request(5));
    CHECK(recorder.take_focus_request(4));
    CHECK_FALSE(recorder.take_focus_request(4));
    CHECK(recorder.take_activation(5));
    CHECK_FALSE(recorder.take_activation(5));
    const auto edit = recorder.take_edit(4);
    REQUIRE(edit.has_value());
    CHECK(edit->text == "erika2");
    CHECK_FALSE(recorder.take_edit(4).has_value());

    recorder.request_activate(9); // no widget with id 9 in this frame
    recorder.end_frame();
    CHECK_FALSE(recorder.has_requests());
}

TEST_CASE("the page's focus stands until ImGui follows it") {
    Recorder recorder;
    frame_with_focus(recorder, 1);
    CHECK(recorder.tree().focused() == 1);
    recorder.request_focus(2);
    frame_with_focus(recorder, 1, 2); // taken; ImGui still on 1
    CHECK(recorder.tree().focused() == 2);
    frame_with_focus(recorder, 1);
    CHECK(recorder.tree().focused() == 2);
    frame_with_focus(recorder, 2); // ImGui got there
    CHECK(recorder.tree().focused() == 2);
    // From now on ImGui's focus is the tree's again, e.g. when the app moves it.
    frame_with_focus(recorder, 1);
    CHECK(recorder.tree().focused() == 1);
}

TEST_CASE("the app moving the focus is newer than the page's focus") {
    Recorder recorder;
    frame_with_focus(recorder, 1);
    recorder.request_focus(2);
    frame_with_focus(recorder, 1, 2); // taken; ImGui still on 1
    CHECK(recorder.tree().focused() == 2);
    // The app puts the focus back on 1 (an error in that field): no waiting for ImGui to
    // reach 2 first.
    recorder.focus_moving_to(1);
    frame_with_focus(recorder, 1);
    CHECK(recorder.tree().focused() == 1);
    // Reported as soon as it is asked for, while ImGui is still on the way.
    recorder.focus_moving_to(2);
    frame_with_focus(recorder, 1);
    CHECK(recorder.tree().focused() == 2);
}

TEST_CASE("a page focus ImGui never follows lapses") {
    Recorder recorder;
    frame_with_focus(recorder, 1);
    recorder.request_focus(2);
    frame_with_focus(recorder, 1, 2);
    for (int i = 1; i < Recorder::focus_patience; ++i) {
        frame_with_focus(recorder, 1);
        CHECK(recorder.tree().focused() == 2);
    }
    frame_with_focus(recorder, 1);
    CHECK(recorder.tree().focused() == 1);

    // No widget took the request (its widget went away): ImGui's focus stays the tree's.
    recorder.request_focus(2);
    frame_with_focus(recorder, 1);
    CHECK(recorder.tree().focused() == 1);
    // A request for a node this frame does not have changes nothing either.
    recorder.request_focus(7);
    frame_with_focus(recorder, 1);
    CHECK(recorder.tree().focused() == 1);
}

TEST_CASE("the first diff creates every node in document order") {
    Recorder recorder;
    const Tree after = login_frame(recorder);
    const std::vector<Op> ops = diff(Tree{}, after);
    REQUIRE(ops.size() == 5);
    for (const Op& op : ops) {
        CHECK(op.kind == OpKind::Create);
    }
    CHECK(ops[0].parent == 0);
    CHECK(ops[2].parent == 2);
    CHECK(ops[2].after == 0);
    CHECK(ops[3].after == 3);
    CHECK(ops[4].after == 4);
}

TEST_CASE("an unchanged frame needs no DOM work") {
    Recorder recorder;
    const Tree before = login_frame(recorder);
    const Tree after = login_frame(recorder);
    CHECK(diff(before, after).empty());
}

TEST_CASE("a change of a node's language alone is an update") {
    Recorder recorder;
    const Tree before = login_frame(recorder);
    Tree after = before;
    after.nodes[static_cast<std::size_t>(after.find(5))].lang = "en";
    const std::vector<Op> ops = diff(before, after);
    REQUIRE(ops.size() == 1);
    CHECK(ops[0].kind == OpKind::Update);
    CHECK(ops[0].node->lang == "en");
}

TEST_CASE("a node inside one in another language gets the page's language back") {
    const auto frame = [](Recorder& recorder, std::string page_language) {
        recorder.begin_frame(std::move(page_language));
        Node cell = make(1, Role::Cell, "Halterabfrage");
        cell.lang = "de";
        recorder.open(cell);
        recorder.open(make(2, Role::Text, "refused"));
        recorder.add(make(3, Role::Text, "nested"));
        recorder.close();
        recorder.close();
        recorder.add(make(4, Role::Text, "outside"));
        recorder.end_frame();
        return recorder.tree();
    };
    Recorder recorder;
    const Tree english = frame(recorder, "en");
    CHECK(english.nodes[0].lang == "de");
    CHECK(english.nodes[1].lang == "en"); // would inherit "de" in the DOM
    CHECK(english.nodes[2].lang.empty()); // inherits "en" from its parent, which is right
    CHECK(english.nodes[3].lang.empty());
    // Without a page language the recorder cannot tell, and leaves the tree alone.
    const Tree unknown = frame(recorder, "");
    CHECK(unknown.nodes[1].lang.empty());
}

TEST_CASE("changes become updates, moves, removals and a focus move") {
    Recorder recorder;
    const Tree before = login_frame(recorder);
    Tree after = login_frame(recorder, "Anmeldung läuft …", true);
    std::vector<Op> ops = diff(before, after);
    REQUIRE(ops.size() == 2);
    CHECK(ops[0].kind == OpKind::Update);
    CHECK(ops[0].node->name == "Anmeldung läuft …");
    CHECK(ops[1].kind == OpKind::Focus);
    CHECK(ops[1].id == 5);

    // An alert appears before the text box: the alert is created, the text box moved.
    recorder.begin_frame();
    recorder.open(make(1, Role::Main, "Einblick"));
    recorder.open(make(2, Role::Form, "Anmeldung"));
    recorder.add(make(3, Role::Heading, "Einblick"));
    recorder.add(make(6, Role::Alert, "Falsch."));
    recorder.add(make(4, Role::TextBox, "Benutzername", Rect{10, 40, 200, 30}));
    recorder.end_frame();
    ops = diff(after, recorder.tree());
    // The button (5) goes first; the alert is created after the heading and the text box moved
    // behind it; rectangles that changed (heading, form, main) are updates.
    REQUIRE(ops.size() == 6);
    CHECK(ops[0].kind == OpKind::Remove);
    CHECK(ops[0].id == 5);
    const auto find = [&ops](NodeId id) {
        for (const Op& op : ops) {
            if (op.id == id) {
                return op;
            }
        }
        FAIL("no operation for ", id);
        return Op{};
    };
    CHECK(find(6).kind == OpKind::Create);
    CHECK(find(6).after == 3);
    CHECK(find(4).kind == OpKind::Move);
    CHECK(find(4).after == 6);
    CHECK(find(3).kind == OpKind::Update);
    CHECK(find(1).kind == OpKind::Update);
}

TEST_CASE("removing a container removes its subtree with one operation") {
    Recorder recorder;
    const Tree before = login_frame(recorder);
    recorder.begin_frame();
    recorder.add(make(1, Role::Main, "Einblick"));
    recorder.end_frame();
    const std::vector<Op> ops = diff(before, recorder.tree());
    REQUIRE(ops.size() == 2); // remove the form; main's rectangle changed
    CHECK(ops[0].kind == OpKind::Remove);
    CHECK(ops[0].id == 2);
    CHECK(ops[1].kind == OpKind::Update);
}

TEST_CASE("a node id that comes to hold another kind of element gets a new element") {
    // Ids made from the position among siblings move to whatever stands there next: here a
    // group (with a check box in it) becomes a text when something is inserted above it.
    Recorder recorder;
    recorder.begin_frame();
    recorder.open(make(1, Role::Form, "Zweck"));
    recorder.add(make(2, Role::Text, "Hinweis"));
    recorder.open(make(3, Role::Group, "Datenkategorien"));
    recorder.mark_focused(recorder.add(make(4, Role::CheckBox, "Anschrift")));
    recorder.end_frame();
    const Tree before = recorder.tree();

    recorder.begin_frame();
    recorder.open(make(1, Role::Form, "Zweck"));
    recorder.add(make(2, Role::Heading, "Fehler"));
    recorder.add(make(3, Role::Text, "Hinweis"));
    recorder.open(make(5, Role::Group, "Datenkategorien"));
    const int box = recorder.add(make(4, Role::CheckBox, "Anschrift"));
    recorder.mark_focused(box);
    recorder.end_frame();
    const std::vector<Op> ops = diff(before, recorder.tree());

    // 2 and 3 are removed (3 with the check box in it) and created anew, as is the check box,
    // which keeps the focus it had.
    std::vector<std::pair<OpKind, NodeId>> kinds;
    for (const Op& op : ops) {
        kinds.emplace_back(op.kind, op.id);
    }
    const std::vector<std::pair<OpKind, NodeId>> expected{
        {OpKind::Remove, 2}, {OpKind::Remove, 3}, {OpKind::Create, 2}, {OpKind::Create, 3},
        {OpKind::Create, 5}, {OpKind::Create, 4}, {OpKind::Focus, 4}};
    CHECK(kinds == expected);
    CHECK(ops[2].node->role == Role::Heading);
}

TEST_CASE("operations serialise to JSON with escaped text") {
    Recorder recorder;
    recorder.begin_frame();
    Node node = make(7, Role::Button, "Sag \"Hallo\"\\\n\x01 – ä", Rect{1.25F, 2, 3, 4});
    node.states = state::disabled | state::busy;
    node.lang = "en";
    recorder.add(std::move(node));
    recorder.end_frame();
    std::vector<Op> ops = diff(Tree{}, recorder.tree());
    ops.push_back(Op{OpKind::Remove, 9, 0, 0, nullptr});
    const std::string json = to_json(ops);
    CHECK(json ==
          "[{\"k\":\"c\",\"id\":7,\"p\":0,\"a\":0,\"r\":\"button\","
          "\"n\":\"Sag \\\"Hallo\\\"\\\\\\n\\u0001 – ä\",\"v\":\"\",\"d\":\"\",\"g\":\"en\","
          "\"s\":130,\"l\":0,\"x\":1.2,\"y\":2.0,\"w\":3.0,\"h\":4.0},"
          "{\"k\":\"r\",\"id\":9}]");
    CHECK(to_json({}) == "[]");
}

TEST_CASE("role names are ARIA's and interactive roles are known") {
    CHECK(std::string(role_name(Role::TextBox)) == "textbox");
    CHECK(std::string(role_name(Role::ColumnHeader)) == "columnheader");
    CHECK(std::string(role_name(Role::ProgressBar)) == "progressbar");
    CHECK(std::string(role_name(Role::Image)) == "img");
    CHECK(std::string(role_name(Role::Figure)) == "figure");
    CHECK(std::string(role_name(Role::List)) == "list");
    CHECK(std::string(role_name(Role::ListItem)) == "listitem");
    CHECK(is_interactive(Role::Button));
    CHECK(is_interactive(Role::ComboBox));
    CHECK_FALSE(is_interactive(Role::Cell));
    CHECK_FALSE(is_interactive(Role::Status));
}

namespace {

// A frame of main > (button 1, tab panel 8 > button 2), with ImGui's focus on `imgui_focus`.
void frame_with_panel(Recorder& recorder, NodeId imgui_focus) {
    recorder.begin_frame();
    recorder.open(make(1000, Role::Main, "Einblick"));
    const int first = recorder.add(make(1, Role::Button, "A"));
    recorder.open(make(8, Role::TabPanel, "Übersicht"));
    const int second = recorder.add(make(2, Role::Button, "B"));
    if (imgui_focus == 1) {
        recorder.mark_focused(first);
    } else if (imgui_focus == 2) {
        recorder.mark_focused(second);
    }
    recorder.end_frame();
}

} // namespace

TEST_CASE("the page's focus may rest on a tab panel until the pointer is pressed") {
    Recorder recorder;
    frame_with_panel(recorder, 1);
    recorder.request_focus(8); // a skip link's target: no widget takes it
    frame_with_panel(recorder, 1);
    CHECK(recorder.static_focus() == 8);
    CHECK(recorder.tree().focused() == 8);
    frame_with_panel(recorder, 2); // ImGui's navigation moved on its own: the panel stays
    CHECK(recorder.tree().focused() == 8);
    recorder.pointer_pressed(); // a click on the canvas
    frame_with_panel(recorder, 2);
    CHECK(recorder.tree().focused() == 2);
    CHECK(recorder.static_focus() == 0);

    // Asked for by a view during the frame (after logging in), before the panel is drawn.
    recorder.begin_frame();
    recorder.request_focus(8);
    recorder.end_frame(); // no panel in this frame: nothing to rest on
    CHECK(recorder.static_focus() == 0);
    frame_with_panel(recorder, 0);
    CHECK(recorder.tree().focused() == 0);
    recorder.request_focus(8);
    frame_with_panel(recorder, 0);
    CHECK(recorder.tree().focused() == 8);
    // The page's next focus (Tab to a control) ends it.
    recorder.request_focus(2);
    frame_with_panel(recorder, 0);
    CHECK(recorder.static_focus() == 0);
}

TEST_CASE("a request for a control no widget takes does not rest on it") {
    Recorder recorder;
    frame_with_panel(recorder, 1);
    recorder.request_focus(2); // a button, but this frame's button 2 does not take it
    frame_with_panel(recorder, 1);
    CHECK(recorder.static_focus() == 0);
    CHECK(recorder.tree().focused() == 1);
}

TEST_CASE("Escape in a dialog reaches it once and expires with the frame") {
    Recorder recorder;
    recorder.request_dismiss(5);
    CHECK(recorder.has_requests());
    recorder.begin_frame();
    CHECK_FALSE(recorder.take_dismissal(4));
    CHECK(recorder.take_dismissal(5));
    CHECK_FALSE(recorder.take_dismissal(5));
    recorder.request_dismiss(6); // no dialog 6 took it in this frame
    recorder.end_frame();
    CHECK_FALSE(recorder.has_requests());
}

TEST_CASE("the focus is within a node when ImGui's or the page's focus is inside it") {
    Recorder recorder;
    recorder.begin_frame();
    const int dialog = recorder.open(make(3, Role::Dialog, "Einzelheiten"));
    recorder.add(make(4, Role::Button, "Schließen"));
    CHECK_FALSE(recorder.focus_within(dialog));
    recorder.mark_focused(recorder.add(make(5, Role::Button, "Widerspruch einlegen")));
    CHECK(recorder.focus_within(dialog));
    recorder.close();
    CHECK_FALSE(recorder.focus_within(recorder.add(make(6, Role::Button, "Weiter"))));
    CHECK_FALSE(recorder.focus_within(-1));
    recorder.end_frame();

    recorder.request_focus(4); // the page moved there; ImGui has not followed yet
    recorder.begin_frame();
    const int again = recorder.open(make(3, Role::Dialog, "Einzelheiten"));
    recorder.take_focus_request(4);
    recorder.add(make(4, Role::Button, "Schließen"));
    CHECK(recorder.focus_within(again));
    recorder.end_frame();
}

TEST_CASE("a selected tab names the panel it controls in the JSON") {
    Node tab = make(7, Role::Tab, "Zugriffe");
    tab.controls = 8;
    Node other = tab;
    other.controls = 0;
    CHECK_FALSE(tab.same_content(other));
    Tree before;
    Tree after;
    after.nodes.push_back(tab);
    const std::string json = to_json(diff(before, after));
    CHECK(json.find("\"r\":\"tab\"") != std::string::npos);
    CHECK(json.find(",\"t\":8") != std::string::npos);
    after.nodes[0] = other;
    CHECK(to_json(diff(before, after)).find("\"t\":") == std::string::npos);
    CHECK(std::string(role_name(Role::TabPanel)) == "tabpanel");
    CHECK(takes_static_focus(Role::TabPanel));
    CHECK(takes_static_focus(Role::Dialog));
    CHECK_FALSE(takes_static_focus(Role::Button));
    CHECK_FALSE(is_interactive(Role::TabPanel));
}

TEST_CASE("the page is told where the focus went when it moved away in between") {
    // The page focused a link (2) that, pressed in the same frame, moved the focus on to a
    // field (1) which held ImGui's focus already: the tree's focus did not change.
    Recorder recorder;
    frame_with_focus(recorder, 1);
    const Tree before = recorder.tree();
    frame_with_focus(recorder, 1);
    const Tree after = recorder.tree();
    CHECK(diff(before, after).empty());
    CHECK(diff(before, after, 1).empty()); // the page is where the tree says
    const std::vector<Op> ops = diff(before, after, 2);
    REQUIRE(ops.size() == 1);
    CHECK(ops[0].kind == OpKind::Focus);
    CHECK(ops[0].id == 1);
}

TEST_CASE("a node reaching outside its window's clip carries the insets to cut it to") {
    Recorder recorder;
    std::optional<Rect> window_clip = Rect{0, 50, 400, 700}; // the page under a 50 px header
    recorder.set_clip_source([&window_clip] { return window_clip; });
    recorder.begin_frame();
    recorder.add(make(1, Role::Button, "unter der Kopfzeile", Rect{10, 40, 100, 30}));
    recorder.add(make(2, Role::Button, "ganz sichtbar", Rect{10, 100, 100, 30}));
    recorder.add(make(3, Role::Button, "weggescrollt", Rect{10, 0, 100, 30}));
    window_clip.reset();
    recorder.add(make(4, Role::Button, "ohne Fenster", Rect{10, 0, 100, 30}));
    recorder.end_frame();
    const std::string json = to_json(diff(Tree{}, recorder.tree()));
    // 10 px of the first are under the header, the third is wholly outside (insets > height).
    CHECK(json.find("\"n\":\"unter der Kopfzeile\"") < json.find(",\"c\":[10,0,0,0]"));
    CHECK(json.find(",\"c\":[50,0,0,0]") != std::string::npos);
    const auto clips = [&json] {
        std::size_t count = 0;
        for (std::size_t at = json.find(",\"c\":"); at != std::string::npos;
             at = json.find(",\"c\":", at + 1)) {
            ++count;
        }
        return count;
    };
    CHECK(clips() == 2);

    // Scrolling the page changes the cut, which the page must hear about.
    Tree before = recorder.tree();
    Tree after = before;
    after.nodes[0].clip = Rect{0, 30, 400, 700};
    CHECK_FALSE(after.nodes[0].same_content(before.nodes[0]));
    CHECK(diff(before, after).size() == 1);
}
