#include "js_bridge.hpp"

#include <cstdlib>
#include <emscripten/em_js.h>
#include <emscripten/emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

// [SECTION] JavaScript side. EM_JS bodies end up in einblick.js, not in the HTML, so the
// page's Content-Security-Policy (script-src 'self' 'wasm-unsafe-eval') allows them.

// clang-format off
EM_JS(void, einblick_js_notify_first_frame, (), {
    Module["einblickFirstFrameRendered"] = true;
    if (typeof Module["onFirstFrame"] === "function") Module["onFirstFrame"]();
});

EM_JS(void, einblick_js_show_fatal_error, (const char* message), {
    if (typeof Module["showFatalError"] === "function") Module["showFatalError"](UTF8ToString(message));
});

EM_JS(void, einblick_js_set_clipboard_text, (const char* text), {
    const value = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(value).catch(function() {});
    }
});

EM_JS(void, einblick_js_download, (const char* url), {
    // An <a download> click: the browser saves the answer as a file instead of navigating.
    const link = document.createElement('a');
    link.href = UTF8ToString(url);
    link.download = "";
    link.rel = 'noopener';
    document.body.appendChild(link);
    link.click();
    link.remove();
});

EM_JS(void, einblick_js_set_cursor, (const char* css_cursor), {
    Module["canvas"].style.cursor = UTF8ToString(css_cursor);
});

// The page's language follows the switch, so that screen readers pronounce the mirror's text
// in the right language (WCAG 3.1.1); the choice is remembered in this browser.
EM_JS(void, einblick_js_set_document_language, (const char* code), {
    const language = UTF8ToString(code);
    document.documentElement.lang = language;
    try {
        window.localStorage.setItem("einblick.language", language);
    } catch (error) {
        // Storage may be switched off; the switch still works for this page.
    }
});

EM_JS(void, einblick_js_set_document_title, (const char* title), {
    document.title = UTF8ToString(title);
});

// The caller frees the copy (std::free).
EM_JS(char*, einblick_js_location_fragment, (), {
    const text = window.location.hash;
    const size = lengthBytesUTF8(text) + 1;
    const pointer = _malloc(size);
    stringToUTF8(text, pointer, size);
    return pointer;
});

// The history entry's URL keeps path and query; only the fragment is the app's.
EM_JS(void, einblick_js_set_location_fragment, (const char* fragment, int push), {
    const url = window.location.pathname + window.location.search + UTF8ToString(fragment);
    if (push) {
        window.history.pushState(null, "", url);
    } else {
        window.history.replaceState(null, "", url);
    }
});

// popstate comes for Back, Forward and a fragment edited in the address bar (pushState and
// replaceState fire none).
EM_JS(void, einblick_js_install_location_listener, (), {
    window.addEventListener("popstate", function() {
        const text = window.location.hash;
        const size = lengthBytesUTF8(text) + 1;
        const pointer = _malloc(size);
        stringToUTF8(text, pointer, size);
        Module["_einblick_location_changed"](pointer);
        _free(pointer);
    });
});

EM_JS(int, einblick_js_stored_language_is_english, (), {
    try {
        return window.localStorage.getItem("einblick.language") === "en" ? 1 : 0;
    } catch (error) {
        return 0;
    }
});

// Emscripten 3.1.6"s GLFW drops characters typed with Ctrl held (AltGr on Windows reports
// Ctrl+Alt, so "@" and "€" would be lost) and its clipboard is an empty stub. Capturing
// listeners on window hand such characters and pasted text straight to ImGui.
EM_JS(void, einblick_js_install_input_fixes, (), {
    window.addEventListener("keypress", function(event) {
        if (event.ctrlKey && event.altKey && event.charCode >= 32) {
            Module["_einblick_input_char"](event.charCode);
        }
    }, true);
    window.addEventListener("paste", function(event) {
        const text = event.clipboardData ? event.clipboardData.getData("text/plain") : "";
        for (const ch of text) {
            const code = ch.codePointAt(0);
            if (code >= 32) Module["_einblick_input_char"](code);
        }
        event.preventDefault();
    }, true);
});
// The events are only noted: the next animation frame decides (frame_pacer.hpp). Passive, so
// that no listener here delays scrolling or typing. Keys typed into the mirror stop at the
// mirror's own listener (assets/a11y_mirror.js); what they do reaches the client through its
// requests (einblick_a11y_*), which wake the loop as well.
EM_JS(void, einblick_js_install_wake_listeners, (), {
    Module["einblickWoken"] = true;
    const wake = function() { Module["einblickWoken"] = true; };
    const kinds = ["pointerdown", "pointermove", "pointerup", "pointercancel", "mousedown",
                   "mousemove", "mouseup", "wheel", "touchstart", "touchmove", "touchend",
                   "touchcancel", "click", "dblclick", "contextmenu", "keydown", "keyup",
                   "keypress", "focus", "blur", "input", "beforeinput", "change",
                   "selectionchange", "compositionstart", "compositionupdate", "compositionend",
                   "paste", "copy", "cut", "resize", "visibilitychange", "pageshow"];
    for (const kind of kinds) {
        window.addEventListener(kind, wake, {capture: true, passive: true});
    }
    if (window.visualViewport) {
        window.visualViewport.addEventListener("resize", wake, {passive: true});
        window.visualViewport.addEventListener("scroll", wake, {passive: true});
    }
});

EM_JS(int, einblick_js_take_wake, (), {
    const woken = Module["einblickWoken"] === true;
    Module["einblickWoken"] = false;
    return woken ? 1 : 0;
});
// clang-format on

// [SECTION] Entry points for the JavaScript above.

extern "C" EMSCRIPTEN_KEEPALIVE void einblick_input_char(unsigned int code_point) {
    if (ImGui::GetCurrentContext() != nullptr) {
        ImGui::GetIO().AddInputCharacter(code_point);
    }
}

// [SECTION] C++ side.

namespace einblick::client::platform::js {

void notify_first_frame() {
    einblick_js_notify_first_frame();
}

void show_fatal_error(const char* message) {
    einblick_js_show_fatal_error(message);
}

void canvas_css_size(int& width, int& height) {
    double css_width = 0.0;
    double css_height = 0.0;
    emscripten_get_element_css_size("#canvas", &css_width, &css_height);
    width = static_cast<int>(css_width);
    height = static_cast<int>(css_height);
}

void resize_canvas(int width, int height) {
    // Not glfwSetWindowSize: Emscripten 3.1.6's GLFW turns a size equal to the screen's into a
    // fullscreen request (refused without a user gesture, leaving the old size). The
    // deprecated emscripten_set_canvas_size is the one call that also notifies GLFW's resize
    // listener; emscripten_set_canvas_element_size does not.
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wdeprecated-declarations"
    emscripten_set_canvas_size(width, height);
#pragma clang diagnostic pop
}

void download(const char* url) {
    einblick_js_download(url);
}

void set_cursor(const char* css_cursor) {
    einblick_js_set_cursor(css_cursor);
}

void install_input_fixes() {
    einblick_js_install_input_fixes();
}

void install_wake_listeners() {
    einblick_js_install_wake_listeners();
}

bool take_wake() {
    return einblick_js_take_wake() != 0;
}

void set_clipboard_text(const char* text) {
    einblick_js_set_clipboard_text(text);
}

void set_document_language(const char* code) {
    einblick_js_set_document_language(code);
}

void set_document_title(const char* title) {
    einblick_js_set_document_title(title);
}

std::string location_fragment() {
    char* copy = einblick_js_location_fragment();
    std::string fragment = copy != nullptr ? copy : "";
    std::free(copy);
    return fragment;
}

void set_location_fragment(const char* fragment, bool push) {
    einblick_js_set_location_fragment(fragment, push ? 1 : 0);
}

void install_location_listener() {
    einblick_js_install_location_listener();
}

bool stored_language_is_english() {
    return einblick_js_stored_language_is_english() != 0;
}

} // namespace einblick::client::platform::js
