#pragma once
// Everything the client says to or asks of the page's JavaScript (assets/boot.js).

#include <string>

namespace einblick::client::platform::js {

// Tells the page (and the browser test) that a frame has been drawn: hides the HTML
// "loading" message and sets Module.einblickFirstFrameRendered.
void notify_first_frame();

// Shows a German message in the page instead of the canvas, e.g. when WebGL 2 is missing.
void show_fatal_error(const char* message);

// The canvas's size in CSS pixels, as laid out by assets/einblick.css.
void canvas_css_size(int& width, int& height);

// Resizes the canvas's drawing buffer and tells GLFW (and so ImGui) about the new size.
void resize_canvas(int width, int height);

// Sets the mouse pointer over the canvas as a CSS cursor name ("default", "text", …).
void set_cursor(const char* css_cursor);

// Installs the keyboard and clipboard fixes for Emscripten 3.1.6's GLFW (see boot.js).
void install_input_fixes();

// Listens (capturing, on window) to every kind of DOM event that can change what the client
// draws: pointer, mouse, touch, wheel, keyboard, focus, text input, resize, visibility.
void install_wake_listeners();

// Whether such an event came since the last call (see frame_pacer.hpp).
bool take_wake();

// Writes text to the system clipboard (ImGui's copy; GLFW's own is an empty stub here).
void set_clipboard_text(const char* text);

// Sets the page's language (<html lang>, a BCP 47 code such as "de") and remembers it in the
// browser's local storage.
void set_document_language(const char* code);

// Sets document.title.
void set_document_title(const char* title);

// The location's fragment ("#/zugriffe/17", "" for none).
std::string location_fragment();

// Puts a fragment into the address: a new history entry (push) or the current one changed.
// An empty fragment leaves the address without one.
void set_location_fragment(const char* fragment, bool push);

// Calls einblick_location_changed (browser_app.cpp) with the new fragment whenever the browser
// moves in its history (Back, Forward, an address edited by hand), between frames.
void install_location_listener();

// Whether this browser remembered English as the chosen language (German otherwise).
bool stored_language_is_english();

// Starts a download of a same-origin URL (the session cookie goes along), e.g. the export.
void download(const char* url);

} // namespace einblick::client::platform::js
