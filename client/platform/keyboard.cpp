#include "keyboard.hpp"

#include <GLFW/glfw3.h>
#include <algorithm>
#include <imgui_impl_glfw.h>

namespace einblick::client::platform {

void KeyboardFilter::install(GLFWwindow* window) {
    window_ = window;
    glfwSetWindowUserPointer(window, this);
    glfwSetKeyCallback(window, &KeyboardFilter::on_key);
}

void KeyboardFilter::on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
    auto* self = static_cast<KeyboardFilter*>(glfwGetWindowUserPointer(window));
    if (self == nullptr) {
        ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
        return;
    }
    auto& pressed = self->pressed_since_frame_;
    if (action == GLFW_RELEASE && std::find(pressed.begin(), pressed.end(), key) != pressed.end()) {
        self->held_releases_.push_back({key, scancode, mods});
        return;
    }
    if (action == GLFW_PRESS) {
        pressed.push_back(key);
    }
    ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
}

void KeyboardFilter::end_frame() {
    pressed_since_frame_.clear();
    for (const HeldRelease& release : held_releases_) {
        ImGui_ImplGlfw_KeyCallback(window_, release.key, release.scancode, GLFW_RELEASE,
                                   release.mods);
    }
    held_releases_.clear();
}

} // namespace einblick::client::platform
