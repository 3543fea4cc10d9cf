#pragma once
// What the person asked their browser and system for, as CSS media features: more contrast
// (prefers-contrast: more), forced colours (forced-colors: active, with the system's colours
// read from the CSS system colours Canvas, CanvasText, …) and reduced motion
// (prefers-reduced-motion: reduce). Watched with matchMedia, so a change at run time reaches
// the next frame.

#include "einblick/client/views/style.hpp"

#include <optional>
#include <string>

namespace einblick::client::platform {

class MediaPreferences {
public:
    // Starts listening to the media queries' change events.
    void install();

    // The preferences, when a watched query changed since the last call (and on the first
    // call); nothing otherwise. Cheap: one call into JavaScript per frame.
    std::optional<views::DisplayPreferences> take_change();

    // For the browser test: {"contrast":"standard|more|forced","reduced_motion":…,
    // "cursor_blink":…,"changes":n,"time":seconds} (time: ImGui's clock).
    std::string info_json() const;

    // Whether prefers-reduced-motion asked for no motion (as last taken).
    bool reduced_motion() const { return current_.reduced_motion; }

private:
    int version_ = -1; // the JavaScript side's count of changes last read
    int changes_ = 0;  // how often the preferences were applied
    views::DisplayPreferences current_;
};

} // namespace einblick::client::platform
