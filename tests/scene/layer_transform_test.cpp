// Layer placement: matrices against hand-computed rotations, world boxes, and the view-state
// fields in and out with per-field reports.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "json/json.h"
#include "scene/view_state.h"

TEST_CASE("layer transform: scale, then x, y, z rotations, then translation", "[layer_transform]") {
  hs::LayerTransform t;
  t.scale = 2.0;
  t.rotation_deg = {0.0, 0.0, 90.0};  // about z: x -> y
  t.translation_nm = {10.0, 20.0, 30.0};
  const Eigen::Vector3d p = hs::layer_to_world(t, {1.0, 0.0, 0.0});
  CHECK(p.x() == Approx(10.0).margin(1e-12));
  CHECK(p.y() == Approx(22.0));
  CHECK(p.z() == Approx(30.0));
  // x first, then z: (0, 1, 0) -> about x by 90 -> (0, 0, 1) -> about z: unchanged.
  hs::LayerTransform xz;
  xz.rotation_deg = {90.0, 0.0, 90.0};
  const Eigen::Vector3d q = hs::layer_to_world(xz, {0.0, 1.0, 0.0});
  CHECK(q.x() == Approx(0.0).margin(1e-12));
  CHECK(q.y() == Approx(0.0).margin(1e-12));
  CHECK(q.z() == Approx(1.0));
  Eigen::Vector3d lo, hi;
  hs::layer_world_box(t, {0.0, 0.0, 0.0}, {1.0, 2.0, 3.0}, lo, hi);
  CHECK(lo.x() == Approx(6.0));  // y in [0, 2] -> x in [-4, 0] after scale 2 and the turn
  CHECK(hi.x() == Approx(10.0));
  CHECK(lo.y() == Approx(20.0).margin(1e-12));
  CHECK(hi.y() == Approx(22.0));
  CHECK(hi.z() == Approx(36.0));
  CHECK(hs::LayerTransform{}.is_identity());
  CHECK_FALSE(t.is_identity());
}

TEST_CASE("layer transform: view state fields round-trip and invalid ones are reported", "[layer_transform]") {
  const std::string text =
      R"({"version":1,"layers":[{"source":"a.zarr","transform":{"translation_nm":[1000,-2.5,0],)"
      R"("rotation_deg":[0,45,-90],"scale":0.001}}]})";
  hs::StateReport report;
  auto state = hs::view_state_from_text(text, "test", report);
  REQUIRE(state.ok());
  CHECK(report.clean());
  CHECK(state->layers[0].transform.translation_nm == Eigen::Vector3d(1000.0, -2.5, 0.0));
  CHECK(state->layers[0].transform.rotation_deg == Eigen::Vector3d(0.0, 45.0, -90.0));
  CHECK(state->layers[0].transform.scale == 0.001);
  CHECK(hs::json::write(hs::view_state_to_json(*state)) == text);

  hs::StateReport bad;
  auto ignored = hs::view_state_from_text(
      R"({"version":1,"layers":[{"source":"a.zarr","transform":{"translation_nm":[1,2],"rotation_deg":[0,400,0],)"
      R"("scale":0,"skew":1}}]})",
      "test", bad);
  REQUIRE(ignored.ok());
  CHECK(ignored->layers[0].transform.is_identity());
  REQUIRE(bad.errors.size() == 3u);
  CHECK(bad.errors[0] == "layers[0].transform.translation_nm: expected an array of 3 numbers, got [1,2]");
  CHECK(bad.errors[1] == "layers[0].transform.rotation_deg[1]: expected a number from -360 to 360, got 400");
  CHECK(bad.errors[2] == "layers[0].transform.scale: expected a number from 0.000001 to 1000000, got 0");
  CHECK(bad.warnings == std::vector<std::string>{"layers[0].transform.skew: unknown key, ignored"});
}
