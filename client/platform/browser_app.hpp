#pragma once
// The browser's frame loop: GLFW window on the page's canvas, ImGui's GLFW + OpenGL 3 (WebGL 2)
// backends, and the App driven once per animation frame.

namespace einblick::client::platform {

// Sets everything up and hands control to the browser's animation-frame loop. Returns at
// once (the runtime stays alive, EXIT_RUNTIME=0); non-zero if the page cannot run the client.
int run_browser_app();

} // namespace einblick::client::platform
