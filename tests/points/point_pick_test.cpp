// Ion picking: hand-computed pixel positions with an identity clip matrix (clip = NDC), the
// nearest of several ions under the cursor, the pixel radius, the view volume, the visibility
// filter, and a random cluster against brute force and against searching pieces of it.
#include <catch2/catch.hpp>

#include <vector>

#include "points/point_pick.h"

namespace {

// Viewport 200 × 100 px with clip = NDC: x_px = (x + 1) * 100, y_px = (1 - y) * 50.
hs::PickQuery query_at(double x_px, double y_px) {
  hs::PickQuery q;
  q.viewport_px = {200.0, 100.0};
  q.cursor_px = {x_px, y_px};
  q.radius_px = 3.0;
  return q;
}

}  // namespace

TEST_CASE("point pick: the nearest ion within the radius wins, by depth then row", "[point_pick]") {
  // Ion 0 at pixel (100, 50) depth 0.5; ion 1 at pixel (102, 50) depth 0.2; ion 2 at pixel
  // (110, 50) depth -0.9 (too far from the cursor); ion 3 behind the far plane.
  const std::vector<float> xyz = {0.0f, 0.0f, 0.5f, 0.02f, 0.0f, 0.2f, 0.1f, 0.0f, -0.9f, 0.0f, 0.0f, 1.5f};
  const auto picked = hs::pick_point(xyz, 1000, query_at(100.0, 50.0), nullptr);
  REQUIRE(picked);
  CHECK(picked->row == 1001);
  CHECK(picked->distance_px == Approx(2.0));
  CHECK(picked->depth == Approx(0.2));
  // Without ion 1 (filtered out), ion 0 is the one.
  const auto filtered = hs::pick_point(xyz, 1000, query_at(100.0, 50.0), [](std::size_t i) { return i != 1; });
  REQUIRE(filtered);
  CHECK(filtered->row == 1000);
  // Nothing within 3 px of (150, 20).
  CHECK_FALSE(hs::pick_point(xyz, 0, query_at(150.0, 20.0), nullptr));
  // y grows downwards in pixels: an ion at NDC y = 0.5 sits at pixel row 25.
  const std::vector<float> up = {0.0f, 0.5f, 0.0f};
  CHECK(hs::pick_point(up, 0, query_at(100.0, 25.0), nullptr));
  CHECK_FALSE(hs::pick_point(up, 0, query_at(100.0, 75.0), nullptr));
}

TEST_CASE("point pick: the nearest ion of a cluster, against brute force and split searches", "[point_pick]") {
  std::vector<float> xyz;
  std::uint32_t state = 12345;
  const auto next = [&] {  // LCG in [-1, 1)
    state = state * 1664525u + 1013904223u;
    return static_cast<float>(state >> 8) / 8388608.0f - 1.0f;
  };
  for (int i = 0; i < 3000; ++i) {
    xyz.push_back(next() * 0.05f);  // a cluster around the centre
    xyz.push_back(next() * 0.1f);
    xyz.push_back(next());
  }
  const hs::PickQuery q = query_at(100.0, 50.0);
  const auto whole = hs::pick_point(xyz, 0, q, nullptr);
  std::optional<hs::PickedPoint> pieces;
  for (std::size_t start = 0; start < 3000; start += 700) {
    const std::size_t n = std::min<std::size_t>(700, 3000 - start);
    const auto piece = hs::pick_point(std::span<const float>(xyz).subspan(3 * start, 3 * n), start, q, nullptr);
    if (piece && (!pieces || piece->depth < pieces->depth)) pieces = piece;
  }
  REQUIRE(whole);
  REQUIRE(pieces);
  CHECK(pieces->row == whole->row);
  // Brute force: the smallest depth among ions within 3 px.
  double best_depth = 2.0;
  for (std::size_t i = 0; i < 3000; ++i) {
    const double px = (xyz[3 * i] + 1.0) * 100.0, py = (1.0 - xyz[3 * i + 1]) * 50.0;
    if ((px - 100.0) * (px - 100.0) + (py - 50.0) * (py - 50.0) <= 9.0) best_depth = std::min(best_depth, double{xyz[3 * i + 2]});
  }
  CHECK(whole->depth == Approx(best_depth));
}
