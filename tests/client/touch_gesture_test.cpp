// The touch gesture's arithmetic (client/platform/touch_gesture.hpp): tap or drag, the scroll
// of a drag, the glide after a flick and its decay, whole pixels for ImGui.
#include "touch_gesture.hpp"

#include <cmath>
#include <doctest/doctest.h>

using einblick::client::platform::InertiaSettings;
using einblick::client::platform::PixelAccumulator;
using einblick::client::platform::ScrollDelta;
using einblick::client::platform::tap_slop_px;
using einblick::client::platform::TouchGesture;
using einblick::client::platform::TouchPoint;

namespace {

// A finger from (100, y0) straight up or down to (100, y1) in `steps` moves over `seconds`.
void drag(TouchGesture& gesture, float y0, float y1, int steps, double seconds,
          double start = 0.0) {
    gesture.begin({100.0F, y0}, start);
    for (int i = 1; i <= steps; ++i) {
        const float y = y0 + (y1 - y0) * static_cast<float>(i) / static_cast<float>(steps);
        gesture.move({100.0F, y}, start + seconds * i / steps);
    }
}

// The whole glide, in steps of 1/60 s (at most ten seconds).
float glide_distance(TouchGesture& gesture) {
    float total = 0.0F;
    for (int frame = 0; frame < 600 && gesture.gliding(); ++frame) {
        total += gesture.glide(1.0F / 60.0F).y;
    }
    return total;
}

} // namespace

TEST_CASE("touch: a touch that stays within the slop is a tap and scrolls nothing") {
    TouchGesture gesture;
    gesture.begin({50.0F, 50.0F}, 0.0);
    const ScrollDelta moved = gesture.move({50.0F + tap_slop_px - 1.0F, 50.0F}, 0.05);
    CHECK(moved.x == 0.0F);
    CHECK(moved.y == 0.0F);
    CHECK_FALSE(gesture.dragging());
    CHECK(gesture.end(0.1, true));
    CHECK_FALSE(gesture.gliding());
}

TEST_CASE("touch: beyond the slop it is a drag, never a tap, and scrolls from there on") {
    TouchGesture gesture;
    gesture.begin({50.0F, 300.0F}, 0.0);
    const ScrollDelta crossing = gesture.move({50.0F, 300.0F - tap_slop_px - 1.0F}, 0.02);
    CHECK(gesture.dragging());
    CHECK(crossing.y == 0.0F); // the slop itself is not scrolled: no jump
    const ScrollDelta next = gesture.move({50.0F, 300.0F - tap_slop_px - 21.0F}, 0.04);
    CHECK(next.y == doctest::Approx(20.0F)); // finger up 20 px: the content 20 px on
    // Back to the start does not make it a tap again.
    gesture.move({50.0F, 300.0F}, 0.06);
    CHECK_FALSE(gesture.end(0.5, true));
}

TEST_CASE("touch: after a flick the page glides on, slower each frame, and stops") {
    TouchGesture gesture;
    drag(gesture, 600.0F, 200.0F, 10, 0.2); // 400 px in 0.2 s: 2000 px/s
    CHECK_FALSE(gesture.end(0.2, true));
    REQUIRE(gesture.gliding());
    CHECK(gesture.speed().y == doctest::Approx(2000.0F).epsilon(0.01));
    const float first = gesture.glide(1.0F / 60.0F).y;
    const float second = gesture.glide(1.0F / 60.0F).y;
    CHECK(first > 0.0F);
    CHECK(second < first);
    // In all about v0 · τ (less what stops below the stop speed).
    const InertiaSettings settings;
    const float rest = glide_distance(gesture);
    CHECK(first + second + rest ==
          doctest::Approx(2000.0F * settings.time_constant_s).epsilon(0.02));
    CHECK_FALSE(gesture.gliding());
}

TEST_CASE("touch: the glide covers the same distance at any frame rate") {
    TouchGesture smooth;
    drag(smooth, 600.0F, 200.0F, 10, 0.2);
    smooth.end(0.2, true);
    TouchGesture choppy;
    drag(choppy, 600.0F, 200.0F, 10, 0.2);
    choppy.end(0.2, true);
    float choppy_total = 0.0F;
    while (choppy.gliding()) {
        choppy_total += choppy.glide(0.1F).y;
    }
    CHECK(choppy_total == doctest::Approx(glide_distance(smooth)).epsilon(0.05));
}

TEST_CASE("touch: no glide with reduced motion, after a rest, or for a slow drag") {
    TouchGesture reduced;
    drag(reduced, 600.0F, 200.0F, 10, 0.2);
    reduced.end(0.2, false);
    CHECK_FALSE(reduced.gliding());
    CHECK(reduced.glide(1.0F / 60.0F).y == 0.0F);

    TouchGesture rested; // the finger stopped, then lifted half a second later
    drag(rested, 600.0F, 200.0F, 10, 0.2);
    rested.end(0.7, true);
    CHECK_FALSE(rested.gliding());

    TouchGesture slow; // 20 px in 2 s: 10 px/s, below the stop speed
    drag(slow, 300.0F, 260.0F, 40, 4.0);
    slow.end(4.0, true);
    CHECK_FALSE(slow.gliding());
}

TEST_CASE("touch: moves further apart than the sample window still give the release speed") {
    TouchGesture gesture; // one move per 120 ms, as a slow machine delivers them
    drag(gesture, 600.0F, 200.0F, 8, 0.96);
    CHECK_FALSE(gesture.end(0.99, true));
    REQUIRE(gesture.gliding());
    CHECK(gesture.speed().y == doctest::Approx(50.0F / 0.12F).epsilon(0.01));
    TouchGesture stale; // but not from a move long before
    stale.begin({100.0F, 600.0F}, 0.0);
    stale.move({100.0F, 500.0F}, 0.1);
    stale.move({100.0F, 490.0F}, 1.0);
    stale.end(1.0, true);
    CHECK_FALSE(stale.gliding());
}

TEST_CASE("touch: a flick's speed is capped and a new touch holds the glide") {
    TouchGesture gesture;
    drag(gesture, 700.0F, 100.0F, 3, 0.01); // 600 px in 10 ms
    gesture.end(0.01, true);
    CHECK(gesture.speed().y == doctest::Approx(InertiaSettings{}.max_speed_px_s));
    gesture.begin({100.0F, 400.0F}, 0.05);
    CHECK_FALSE(gesture.gliding());
    CHECK(gesture.glide(1.0F / 60.0F).y == 0.0F);
}

TEST_CASE("touch: a cancelled gesture is neither a tap nor a glide") {
    TouchGesture gesture;
    drag(gesture, 600.0F, 200.0F, 10, 0.2);
    gesture.cancel();
    CHECK_FALSE(gesture.end(0.2, true));
    CHECK_FALSE(gesture.gliding());
}

TEST_CASE("touch: whole pixels go to ImGui and the fractions add up") {
    PixelAccumulator pixels;
    float handed = 0.0F;
    for (int i = 0; i < 10; ++i) {
        const ScrollDelta whole = pixels.take({0.0F, 0.3F});
        CHECK(whole.y == std::trunc(whole.y));
        handed += whole.y;
    }
    CHECK(handed == doctest::Approx(3.0F)); // ten times 0.3 px: three whole pixels
    const ScrollDelta back = pixels.take({0.0F, -2.5F});
    CHECK(back.y == -2.0F);
}
