// Which ticks of the animation-frame loop draw (client/platform/frame_pacer.hpp): every tick
// while something happens or settles, when a frame is due, and otherwise once a second.
#include "frame_pacer.hpp"

#include <doctest/doctest.h>

using einblick::client::platform::cursor_blink_change_in;
using einblick::client::platform::cursor_change_margin_s;
using einblick::client::platform::FramePacer;
using einblick::client::platform::FramePacing;
using einblick::client::platform::TickFacts;

namespace {

constexpr double tick_s = 1.0 / 60.0;

// Ticks at 60 per second from `start_s` for `seconds` with the same facts; frames drawn.
int frames_over(FramePacer& pacer, double start_s, double seconds, TickFacts facts = {}) {
    int drawn = 0;
    const int ticks = static_cast<int>(seconds / tick_s + 0.5);
    for (int i = 0; i < ticks; ++i) {
        if (pacer.should_draw(start_s + i * tick_s, facts)) {
            ++drawn;
        }
    }
    return drawn;
}

// A pacer whose last event lies `quiet_s` back at `now_s`.
FramePacer quiet_pacer(double now_s, double quiet_s) {
    FramePacer pacer;
    CHECK(pacer.should_draw(now_s - quiet_s, TickFacts{.event = true}));
    frames_over(pacer, now_s - quiet_s + tick_s, quiet_s - tick_s);
    return pacer;
}

} // namespace

TEST_CASE("the first tick draws, with nothing happening") {
    FramePacer pacer;
    CHECK(pacer.should_draw(100.0, TickFacts{}));
    CHECK(pacer.frames_drawn() == 1);
}

TEST_CASE("with nothing happening, a tick draws once per idle interval only") {
    FramePacer pacer = quiet_pacer(10.0, 2.0);
    const int drawn = frames_over(pacer, 10.0, 10.0);
    CHECK(drawn == 10); // 600 ticks, one frame a second
    CHECK(pacer.ticks() > 600);
}

TEST_CASE("no input, result or resize waits: the tick after it draws") {
    FramePacer pacer = quiet_pacer(10.0, 5.0);
    CHECK_FALSE(pacer.should_draw(10.0, TickFacts{}));
    CHECK(pacer.should_draw(10.0 + tick_s, TickFacts{.event = true}));
}

TEST_CASE("after an event every tick draws until the screen has settled, then drawing stops") {
    const FramePacing pacing;
    FramePacer pacer = quiet_pacer(10.0, 5.0);
    CHECK(pacer.should_draw(10.0, TickFacts{.event = true}));
    // At 60 ticks a second the settling frames outlast the settling time.
    CHECK(pacing.settle_frames * tick_s > pacing.settle_s);
    CHECK(frames_over(pacer, 10.0 + tick_s, (pacing.settle_frames - 1) * tick_s) ==
          pacing.settle_frames - 1);
    // Settled: the next frame is a whole idle interval after the last one drawn.
    const double settled = 10.0 + (pacing.settle_frames + 1) * tick_s;
    CHECK(frames_over(pacer, settled, pacing.idle_interval_s - 3 * tick_s) == 0);
    CHECK(pacer.should_draw(settled + pacing.idle_interval_s, TickFacts{}));
}

TEST_CASE("on a slow machine the settling time outlasts the settling frames") {
    const FramePacing pacing;
    FramePacer pacer = quiet_pacer(10.0, 5.0);
    CHECK(pacer.should_draw(10.0, TickFacts{.event = true}));
    const double slow_tick_s = pacing.settle_s / 3; // three ticks in the settling time
    int drawn = 0;
    for (int i = 1; i <= pacing.settle_frames + 3; ++i) {
        drawn += pacer.should_draw(10.0 + i * slow_tick_s, TickFacts{}) ? 1 : 0;
    }
    CHECK(drawn == pacing.settle_frames - 1); // the event's frame was the first
}

TEST_CASE("every tick draws while something moves without input") {
    FramePacer pacer = quiet_pacer(10.0, 5.0);
    CHECK(frames_over(pacer, 10.0, 2.0, TickFacts{.moving = true}) == 120);
    // When it stops, so does the drawing (no event started a settling window).
    CHECK(frames_over(pacer, 12.0, 0.9) == 0);
}

TEST_CASE("a frame due at a time is drawn on the first tick from then on, once") {
    FramePacer pacer = quiet_pacer(10.0, 5.0);
    CHECK_FALSE(pacer.should_draw(10.0, TickFacts{.due_s = 10.01}));
    CHECK(pacer.should_draw(10.0 + tick_s, TickFacts{.due_s = 10.01}));
    // The frame drawn says when the next one is due; until then nothing is drawn.
    CHECK(frames_over(pacer, 10.0 + 2 * tick_s, 0.3, TickFacts{.due_s = 10.4}) == 0);
    CHECK(pacer.should_draw(10.4, TickFacts{.due_s = 10.4}));
}

TEST_CASE("a blinking cursor needs a frame only when it shows or hides") {
    const double margin = cursor_change_margin_s;
    // After a keystroke (timer -0.3) it stays for 0.3 s and then the shown 0.8 s of a period.
    CHECK(cursor_blink_change_in(-0.3) == doctest::Approx(1.1 + margin));
    CHECK(cursor_blink_change_in(0.0) == doctest::Approx(0.8 + margin));
    CHECK(cursor_blink_change_in(0.5) == doctest::Approx(0.3 + margin));
    // Hidden from 0.8 to 1.2 of each 1.2 s period, shown again from there.
    CHECK(cursor_blink_change_in(0.9) == doctest::Approx(0.3 + margin));
    CHECK(cursor_blink_change_in(1.2 + 0.1) == doctest::Approx(0.7 + margin));
    CHECK(cursor_blink_change_in(12 * 1.2 + 1.0) == doctest::Approx(0.2 + margin));
    // Drawn at exactly those times, a cursor costs two frames a period instead of 72.
    FramePacer pacer = quiet_pacer(10.0, 5.0);
    double anim = 0.0;
    double due = 10.0 + cursor_blink_change_in(anim);
    double last = 10.0;
    int drawn = 0;
    for (int i = 0; i < 360; ++i) { // six seconds, five periods
        const double now = 10.0 + i * tick_s;
        if (pacer.should_draw(now, TickFacts{.due_s = due})) {
            anim += now - last;
            last = now;
            due = now + cursor_blink_change_in(anim);
            ++drawn;
        }
    }
    CHECK(drawn >= 9);
    CHECK(drawn <= 11);
}

TEST_CASE("the pacing can be set: a longer settling time draws longer") {
    FramePacer pacer(FramePacing{.settle_frames = 1, .settle_s = 2.0, .idle_interval_s = 5.0});
    CHECK(pacer.should_draw(0.0, TickFacts{.event = true}));
    CHECK(frames_over(pacer, tick_s, 1.9) == 114);
    CHECK(frames_over(pacer, 2.1, 2.8) == 0);
}
