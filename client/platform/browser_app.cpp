#include "browser_app.hpp"

#include "a11y_bridge.hpp"
#include "display.hpp"
#include "einblick/client/a11y/recorder.hpp"
#include "einblick/client/app.hpp"
#include "einblick/client/test_snapshot.hpp"
#include "einblick/client/views/style.hpp"
#include "einblick/client/views/views.hpp"
#include "fetch_transport.hpp"
#include "frame_pacer.hpp"
#include "js_bridge.hpp"
#include "keyboard.hpp"
#include "log_crypto_web.hpp"
#include "media_preferences.hpp"
#include "touch.hpp"
#include "wheel.hpp"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten/emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_internal.h> // the text cursor's blink timer
#include <optional>
#include <string>
#include <vector>

namespace einblick::client::platform {
namespace {

constexpr const char* font_path = "/fonts/ui.ttf"; // preloaded, see client/CMakeLists.txt
constexpr float font_pixel_size = 17.0F;

// Everything the frame loop owns. Lives as long as the page.
struct BrowserHost {
    GLFWwindow* window = nullptr;
    FetchTransport transport;
    WebLogCrypto log_crypto;          // Web Crypto for the browser's own check of the log
    LocalCheckpointStore checkpoints; // the last checkpoint this browser accepted
    App app{transport};
    KeyboardFilter keyboard;
    WheelInput wheel;
    TouchInput touch; // taps, drags that scroll, the keyboard for a tapped text field
    views::Intents intents;
    a11y::Recorder recorder; // the frame's semantic tree and the page's requests
    A11yBridge a11y;
    Display display{font_path, font_pixel_size};
    MediaPreferences media; // contrast, forced colours, reduced motion
    ImGuiMouseCursor cursor = ImGuiMouseCursor_Arrow;
    Language language = Language::German; // the language the page was last told
    std::string title;                    // the document title the page was last told
    // Fragments from popstate, applied at the start of the next frame like network results.
    std::vector<std::string> locations;
    FramePacer pacer;     // draws only the frames that may differ from the last
    double tick_s = 0.0;  // when this tick began: the time of the frame it draws
    double due_s = never; // when the last frame drawn said the next one is due without input
    // A request from the DOM mirror or the page's history since the last tick.
    bool requested = false;
    bool first_frame_done = false;
    std::string snapshot; // keeps the last test snapshot alive for the JS caller
};

// The one global: JavaScript's window.einblickTestState() has no other way to reach the host.
BrowserHost* g_host = nullptr;

const char* css_cursor(ImGuiMouseCursor cursor) {
    switch (cursor) {
    case ImGuiMouseCursor_None:
        return "none";
    case ImGuiMouseCursor_TextInput:
        return "text";
    case ImGuiMouseCursor_Hand:
        return "pointer";
    case ImGuiMouseCursor_ResizeAll:
        return "move";
    case ImGuiMouseCursor_ResizeNS:
        return "ns-resize";
    case ImGuiMouseCursor_ResizeEW:
        return "ew-resize";
    case ImGuiMouseCursor_ResizeNESW:
        return "nesw-resize";
    case ImGuiMouseCursor_ResizeNWSE:
        return "nwse-resize";
    case ImGuiMouseCursor_NotAllowed:
        return "not-allowed";
    default:
        return "default";
    }
}

// ImGui's GLFW backend would call glfwSetInputMode every frame, which in Emscripten's GLFW
// means exitPointerLock() and an error per frame; CSS cursors are what a page has anyway.
void follow_mouse_cursor(BrowserHost& host) {
    const ImGuiMouseCursor cursor = ImGui::GetMouseCursor();
    if (cursor != host.cursor) {
        host.cursor = cursor;
        js::set_cursor(css_cursor(cursor));
    }
}

// The page's lang attribute follows the language switch, its title the page and the
// language (see js_bridge.hpp).
void follow_language_and_title(BrowserHost& host) {
    const Language language = host.app.state().language;
    if (language != host.language) {
        host.language = language;
        js::set_document_language(language == Language::English ? "en" : "de");
    }
    std::string title = document_title(host.app.state());
    if (title != host.title) {
        host.title = std::move(title);
        js::set_document_title(host.title.c_str());
    }
}

void apply_locations(BrowserHost& host) {
    std::vector<std::string> locations;
    locations.swap(host.locations);
    for (const std::string& fragment : locations) {
        host.app.apply_location(fragment);
    }
}

// The frame pacer's clock: performance.now(), as GLFW's that ImGui's frame times come from.
double seconds_now() {
    return emscripten_get_now() / 1000.0;
}

// Whether this tick of the animation-frame loop draws (frame_pacer.hpp): takes what happened
// since the last tick, and follows the canvas and the display preferences on every tick.
bool tick_draws(BrowserHost& host) {
    TickFacts facts;
    facts.event = js::take_wake();
    if (host.display.follow_canvas()) {
        facts.event = true; // a resized canvas is blank until drawn
    }
    if (const std::optional<views::DisplayPreferences> preferences = host.media.take_change()) {
        views::apply_display_preferences(*preferences);
        facts.event = true;
    }
    if (host.requested || !host.locations.empty() || host.app.pending_results() > 0) {
        facts.event = true;
    }
    host.requested = false;
    facts.moving = host.touch.gliding();
    facts.due_s = host.due_s;
    host.tick_s = seconds_now();
    return host.pacer.should_draw(host.tick_s, facts);
}

// When the next frame is due without any input: when the focused text field's blinking
// cursor shows or hides.
double next_frame_due(double now_s) {
    const ImGuiContext& g = *GImGui;
    if (!g.IO.ConfigInputTextCursorBlink || g.ActiveId == 0 || g.InputTextState.ID != g.ActiveId) {
        return never;
    }
    return now_s + cursor_blink_change_in(g.InputTextState.CursorAnim);
}

void frame(void* arg) {
    BrowserHost& host = *static_cast<BrowserHost*>(arg);
    if (!tick_draws(host)) {
        return;
    }
    host.app.begin_frame();
    apply_locations(host);

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    host.display.apply_to_imgui();
    host.touch.apply_to_imgui(host.media.reduced_motion());
    ImGui::NewFrame();
    views::draw_app(host.app.state(), host.intents, host.recorder);
    ImGui::Render();
    host.due_s = next_frame_due(host.tick_s);
    host.a11y.publish(host.recorder.tree());
    host.keyboard.end_frame();
    follow_mouse_cursor(host);

    int fb_width = 0;
    int fb_height = 0;
    glfwGetFramebufferSize(host.window, &fb_width, &fb_height);
    glViewport(0, 0, fb_width, fb_height);
    const ImVec4& background = views::palette::window_background;
    glClearColor(background.x, background.y, background.z, background.w);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    // Intents act after the frame so that the views always draw one consistent state.
    for (const Intent& intent : host.intents) {
        host.app.dispatch(intent);
    }
    host.intents.clear();
    follow_language_and_title(host);

    if (!host.first_frame_done) {
        host.first_frame_done = true;
        js::notify_first_frame();
    }
}

void set_clipboard(void* /*user_data*/, const char* text) {
    js::set_clipboard_text(text);
}

// Reading the clipboard is asynchronous in browsers; pasting goes through the paste event
// (see js_bridge.cpp), so ImGui's own Ctrl+V finds nothing here.
const char* get_clipboard(void* /*user_data*/) {
    return "";
}

void init_imgui(GLFWwindow* window) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr; // no layout to remember, and nothing to write into MEMFS
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    io.ConfigFlags |= ImGuiConfigFlags_NoMouseCursorChange; // see follow_mouse_cursor()
    views::apply_style(); // the font comes with the first frame, at the device pixel ratio
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init("#version 300 es");
    io.SetClipboardTextFn = set_clipboard;
    io.GetClipboardTextFn = get_clipboard;
    js::install_input_fixes();
}

} // namespace

int run_browser_app() {
    if (glfwInit() != GLFW_TRUE) {
        js::show_fatal_error("Einblick konnte nicht gestartet werden (GLFW).");
        return 1;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    int width = 0;
    int height = 0;
    js::canvas_css_size(width, height);
    GLFWwindow* window = glfwCreateWindow(width > 0 ? width : 1280, height > 0 ? height : 720,
                                          "Einblick", nullptr, nullptr);
    if (window == nullptr) {
        js::show_fatal_error("Ihr Browser unterstützt WebGL 2 nicht oder hat es abgeschaltet. "
                             "Bitte verwenden Sie einen aktuellen Browser.");
        return 1;
    }
    glfwMakeContextCurrent(window);
    init_imgui(window);

    // Deliberately never freed: the host lives until the page is closed.
    auto* host = new BrowserHost{};
    host->window = window;
    host->keyboard.install(window);
    host->wheel.install(window);
    host->touch.install();
    host->media.install();
    js::install_wake_listeners();
    g_host = host;
    host->app.set_log_checks(&host->log_crypto, &host->checkpoints);
    host->app.set_download_handler([](const std::string& url) { js::download(url.c_str()); });
    host->app.set_location_handler([](const std::string& fragment, HistoryEntry entry) {
        js::set_location_fragment(fragment.c_str(), entry == HistoryEntry::Push);
    });
    host->app.start();
    if (js::stored_language_is_english()) {
        host->app.dispatch(intent::SetLanguage{Language::English});
    }
    host->app.apply_location(js::location_fragment()); // a link, a bookmark or a reload
    js::install_location_listener();
    emscripten_set_main_loop_arg(frame, host, 0, false);
    return 0;
}

} // namespace einblick::client::platform

// For the browser test: a JSON summary of the state (see test_snapshot.hpp). The pointer
// stays valid until the next call.
extern "C" EMSCRIPTEN_KEEPALIVE const char* einblick_test_state() {
    using einblick::client::platform::g_host;
    if (g_host == nullptr) {
        return "{\"screen\":\"none\"}";
    }
    g_host->snapshot = einblick::client::test_snapshot_json(g_host->app.state());
    return g_host->snapshot.c_str();
}

// For the browser test: device pixel ratio, CSS size, framebuffer scale and font size.
extern "C" EMSCRIPTEN_KEEPALIVE const char* einblick_render_info() {
    using einblick::client::platform::g_host;
    if (g_host == nullptr) {
        return "{}";
    }
    g_host->snapshot = g_host->display.info_json();
    return g_host->snapshot.c_str();
}

// For the browser test: {"ticks":n,"drawn":n}, animation frames the loop ran and frames it
// drew since the page loaded (see frame_pacer.hpp).
extern "C" EMSCRIPTEN_KEEPALIVE const char* einblick_frame_info() {
    using einblick::client::platform::g_host;
    if (g_host == nullptr) {
        return "{}";
    }
    g_host->snapshot = "{\"ticks\":" + std::to_string(g_host->pacer.ticks()) +
                       ",\"drawn\":" + std::to_string(g_host->pacer.frames_drawn()) + "}";
    return g_host->snapshot.c_str();
}

// For the browser test: the contrast mode and motion in force (see media_preferences.hpp).
extern "C" EMSCRIPTEN_KEEPALIVE const char* einblick_display_preferences() {
    using einblick::client::platform::g_host;
    if (g_host == nullptr) {
        return "{}";
    }
    g_host->snapshot = g_host->media.info_json();
    return g_host->snapshot.c_str();
}

// [SECTION] Requests from the page's DOM mirror (assets/a11y_mirror.js). They arrive between
// frames and act in the next one, like any other input.
extern "C" EMSCRIPTEN_KEEPALIVE void einblick_a11y_focus(unsigned int id) {
    if (einblick::client::platform::g_host != nullptr) {
        einblick::client::platform::g_host->recorder.request_focus(id);
        einblick::client::platform::g_host->a11y.page_focused(id);
        einblick::client::platform::g_host->requested = true;
    }
}

extern "C" EMSCRIPTEN_KEEPALIVE void einblick_a11y_activate(unsigned int id) {
    if (einblick::client::platform::g_host != nullptr) {
        einblick::client::platform::g_host->recorder.request_activate(id);
        einblick::client::platform::g_host->requested = true;
    }
}

// The browser moved in its history (js_bridge.cpp); `fragment` is UTF-8 owned by the caller.
extern "C" EMSCRIPTEN_KEEPALIVE void einblick_location_changed(const char* fragment) {
    if (einblick::client::platform::g_host != nullptr && fragment != nullptr) {
        einblick::client::platform::g_host->locations.emplace_back(fragment);
    }
}

// Escape inside a dialog of the mirror: the view that draws the dialog closes it.
extern "C" EMSCRIPTEN_KEEPALIVE void einblick_a11y_dismiss(unsigned int id) {
    if (einblick::client::platform::g_host != nullptr) {
        einblick::client::platform::g_host->recorder.request_dismiss(id);
        einblick::client::platform::g_host->requested = true;
    }
}

// `text` is UTF-8 owned by the caller; selection offsets are bytes, -1 when unknown.
extern "C" EMSCRIPTEN_KEEPALIVE void einblick_a11y_edit(unsigned int id, const char* text,
                                                        int selection_start, int selection_end) {
    if (einblick::client::platform::g_host != nullptr && text != nullptr) {
        einblick::client::platform::g_host->recorder.request_edit(
            id, einblick::client::a11y::TextEdit{text, selection_start, selection_end});
        einblick::client::platform::g_host->requested = true;
    }
}
