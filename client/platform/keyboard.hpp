#pragma once
// Keeps short key presses from getting lost.
//
// ImGui 1.86 reads key state (io.KeysDown) once per frame; it has no input event queue yet.
// A key that goes down and up between two frames (a quick tap, or any automated press such
// as Playwright's keyboard.press) is never seen as pressed, so Tab, Backspace or Enter would
// do nothing. This filter sits between GLFW and ImGui's GLFW backend and holds such a release
// back until the frame has seen the key down.

#include <vector>

struct GLFWwindow;

namespace einblick::client::platform {

class KeyboardFilter {
public:
    // Replaces the key callback that ImGui_ImplGlfw_InitForOpenGL installed. Uses the window's
    // GLFW user pointer.
    void install(GLFWwindow* window);
    // Call after ImGui::NewFrame has read the keys: applies the held-back releases.
    void end_frame();

private:
    struct HeldRelease {
        int key;
        int scancode;
        int mods;
    };

    static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods);

    GLFWwindow* window_ = nullptr;
    std::vector<int> pressed_since_frame_;
    std::vector<HeldRelease> held_releases_;
};

} // namespace einblick::client::platform
