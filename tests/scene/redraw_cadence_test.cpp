// Redraw cadence: hand-worked frame sequences, and properties checked over random frame streams.
#include <catch2/catch.hpp>

#include <random>
#include <vector>

#include "scene/redraw_cadence.h"

using hs::FrameActivity;
using hs::RedrawCadence;

TEST_CASE("redraw cadence: at rest and on interaction every frame is drawn", "[redraw_cadence]") {
  RedrawCadence cadence;
  for (int i = 0; i < 10; ++i) CHECK(cadence.should_draw({i / 60.0, false, false, 0}));
  // Loading, but the user drags: drawn every frame although nothing new arrived.
  for (int i = 10; i < 20; ++i) CHECK(cadence.should_draw({i / 60.0, true, true, 7}));
}

TEST_CASE("redraw cadence: while loading, new content waits for the interval", "[redraw_cadence]") {
  // Defaults: at least 0.25 s apart, at least twice the last draw's cost, at most 0.5 s.
  RedrawCadence cadence;
  CHECK(cadence.should_draw({0.0, false, true, 0}));  // the first frame is always drawn
  // The next frame comes 0.1 s later: the draw cost 0.1 s, so new content waits max(0.25, 0.2).
  CHECK_FALSE(cadence.should_draw({0.1, false, true, 1}));
  CHECK(cadence.loading_interval_s() == Approx(0.25));
  CHECK_FALSE(cadence.should_draw({0.2, false, true, 2}));
  CHECK(cadence.should_draw({0.3, false, true, 3}));
  // The frame after it comes 0.4 s later: that draw cost 0.4 s, the wait is min(0.8, 0.5).
  CHECK_FALSE(cadence.should_draw({0.7, false, true, 4}));
  CHECK(cadence.loading_interval_s() == Approx(0.5));
  CHECK_FALSE(cadence.should_draw({0.75, false, true, 5}));
  CHECK(cadence.should_draw({0.8, false, true, 5}));
  // Nothing new: not drawn however long it waits; loading ends: drawn at once.
  CHECK_FALSE(cadence.should_draw({0.9, false, true, 5}));
  CHECK_FALSE(cadence.should_draw({5.0, false, true, 5}));
  CHECK(cadence.should_draw({5.01, false, false, 5}));
}

TEST_CASE("redraw cadence: properties over random frame streams", "[redraw_cadence]") {
  const hs::RedrawCadenceOptions options;  // 0.25 .. 0.5 s
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> gap(0.004, 0.9);
  std::bernoulli_distribution interacts(0.05), loads(0.8), arrives(0.3);
  for (int run = 0; run < 50; ++run) {
    RedrawCadence cadence(options);
    double now_s = 0;
    std::uint64_t content = 0;
    std::vector<FrameActivity> frames;
    std::vector<bool> drawn;
    for (int i = 0; i < 400; ++i) {
      now_s += gap(rng);
      if (arrives(rng)) ++content;
      const FrameActivity frame{now_s, interacts(rng), loads(rng), content};
      frames.push_back(frame);
      drawn.push_back(cadence.should_draw(frame));
    }
    std::size_t last = 0;  // the last drawn frame before i
    std::uint64_t shown = frames[0].content;
    REQUIRE(drawn[0]);
    for (std::size_t i = 1; i < frames.size(); ++i) {
      const FrameActivity& f = frames[i];
      // Interaction and rest are drawn at once.
      if (f.interacting || !f.loading) CHECK(drawn[i]);
      if (!f.interacting && f.loading) {
        const double since_s = f.now_s - frames[last].now_s;
        // Nothing new while loading: never drawn.
        if (f.content == shown) CHECK_FALSE(drawn[i]);
        // Loading draws are at least min_interval_s apart...
        if (drawn[i]) CHECK(since_s >= options.min_interval_s);
        // ...and new content is never held back longer than max_interval_s.
        if (f.content != shown && since_s >= options.max_interval_s) CHECK(drawn[i]);
      }
      if (drawn[i]) {
        last = i;
        shown = f.content;
      }
    }
  }
}
