// Tours: steps merged onto each other, strict errors naming the field, and the playback clock.
#include <catch2/catch.hpp>

#include <string>

#include "scene/tour.h"

namespace {

constexpr const char* kTour = R"({
  "version": 1, "title": "Electrode to needle", "loop": true,
  "steps": [
    {"caption": "The electrode", "duration_s": 10, "transition_s": 0,
     "state": {"layers": [{"source": "data/a.zarr"}, {"source": "data/b.zarr"}],
               "camera": {"distance_nm": 800000}, "panels": {"layers": false}}},
    {"caption": "Closer", "duration_s": 6, "transition_s": 4,
     "state": {"camera": {"distance_nm": 800, "azimuth_deg": 10}}},
    {"duration_s": 4,
     "state": {"layers": [{"source": "data/b.zarr"}], "panels": null}}
  ]})";

hs::Tour parsed(const std::string& text) {
  auto tour = hs::parse_tour(text, "demo.json");
  INFO((tour ? std::string() : tour.error().message));
  REQUIRE(tour);
  return std::move(*tour);
}

std::string error_of(const std::string& text) {
  auto tour = hs::parse_tour(text, "demo.json");
  REQUIRE_FALSE(tour);
  return tour.error().message;
}

}  // namespace

TEST_CASE("tour: each step's state is merged onto the step before", "[scene][tour]") {
  const hs::Tour tour = parsed(kTour);
  CHECK(tour.title == "Electrode to needle");
  CHECK(tour.loop);
  CHECK(tour.warnings.empty());
  REQUIRE(tour.steps.size() == 3);
  const auto& s0 = tour.steps[0].state;
  const auto& s1 = tour.steps[1].state;
  const auto& s2 = tour.steps[2].state;
  CHECK(tour.steps[0].caption == "The electrode");
  CHECK(tour.steps[0].transition_s == 0.0);
  REQUIRE(s0.layers.size() == 2);
  CHECK(s0.camera.distance_nm == 800000.0);
  CHECK_FALSE(s0.panels.layers);
  // Step 1 changes the camera only: the layers and panels carry over, the azimuth changes.
  REQUIRE(s1.layers.size() == 2);
  CHECK(s1.camera.distance_nm == 800.0);
  CHECK(s1.camera.azimuth_deg == 10.0);
  CHECK_FALSE(s1.panels.layers);
  CHECK(tour.steps[1].caption == "Closer");
  // Step 2 replaces the layer list (arrays are replaced) and drops "panels" back to the defaults.
  REQUIRE(s2.layers.size() == 1);
  CHECK(s2.layers[0].source == "data/b.zarr");
  CHECK(s2.camera.distance_nm == 800.0);
  CHECK(s2.panels.layers == hs::PanelState{}.layers);
  CHECK(tour.steps[2].caption.empty());
  CHECK(tour.steps[2].transition_s == 2.0);  // the default
}

TEST_CASE("tour: bad documents are errors naming the file and the field", "[scene][tour]") {
  CHECK_THAT(error_of("{"), Catch::Contains("demo.json"));
  CHECK_THAT(error_of("[]"), Catch::Contains("demo.json: expected a JSON object"));
  CHECK_THAT(error_of(R"({"steps": []})"), Catch::Contains("demo.json: version"));
  CHECK_THAT(error_of(R"({"version": 2, "steps": []})"), Catch::Contains("version: expected 1"));
  CHECK_THAT(error_of(R"({"version": 1})"), Catch::Contains("demo.json: steps"));
  CHECK_THAT(error_of(R"({"version": 1, "steps": []})"), Catch::Contains("steps"));
  CHECK_THAT(error_of(R"({"version": 1, "steps": [3]})"), Catch::Contains("steps[0]: expected an object"));
  CHECK_THAT(error_of(R"({"version": 1, "steps": [{}]})"), Catch::Contains("steps[0].duration_s"));
  CHECK_THAT(error_of(R"({"version": 1, "steps": [{"duration_s": 0.1}]})"),
             Catch::Contains("steps[0].duration_s"));
  CHECK_THAT(
      error_of(R"({"version": 1, "steps": [{"duration_s": 5}, {"duration_s": 5, "transition_s": 6}]})"),
      Catch::Contains("steps[1].transition_s"));
  CHECK_THAT(error_of(R"({"version": 1, "steps": [{"duration_s": 5, "caption": 7}]})"),
             Catch::Contains("steps[0].caption"));
  CHECK_THAT(error_of(R"({"version": 1, "steps": [{"duration_s": 5, "state": []}]})"),
             Catch::Contains("steps[0].state: expected an object"));
  CHECK_THAT(error_of(R"({"version": 1, "steps": [{"duration_s": 5, "state": {"version": 9}}]})"),
             Catch::Contains("steps[0].state"));
  CHECK_THAT(error_of(R"({"version": 1, "loop": "yes", "steps": [{"duration_s": 5}]})"),
             Catch::Contains("loop"));
  std::string many = R"({"version": 1, "steps": [)";
  for (int i = 0; i < 201; ++i) many += std::string(i ? "," : "") + R"({"duration_s": 1})";
  CHECK_THAT(error_of(many + "]}"), Catch::Contains("steps: expected an array of 1 to 200"));
}

TEST_CASE("tour: unknown keys and bad state fields are warnings", "[scene][tour]") {
  const hs::Tour tour = parsed(R"({"version": 1, "colour": 1, "steps": [
      {"duration_s": 5, "sound": "on", "state": {"camera": {"distance_nm": -4}}}]})");
  REQUIRE(tour.warnings.size() == 3);
  CHECK_THAT(tour.warnings[0], Catch::Contains("colour"));
  CHECK_THAT(tour.warnings[1], Catch::Contains("steps[0].sound"));
  CHECK_THAT(tour.warnings[2], Catch::Contains("steps[0].state.camera.distance_nm"));
  CHECK(tour.steps[0].state.camera.distance_nm == hs::CameraState{}.distance_nm);
}

TEST_CASE("tour: the playback clock", "[scene][tour]") {
  hs::Tour tour = parsed(kTour);  // steps of 10, 6 and 4 s; transitions 0, 4 and 2 s
  CHECK(hs::tour_step_start_s(tour, 0) == 0.0);
  CHECK(hs::tour_step_start_s(tour, 2) == 16.0);
  CHECK(hs::tour_step_start_s(tour, 3) == 20.0);

  auto at = [&](double t) { return hs::tour_position(tour, t); };
  CHECK(at(0.0).step == 0);
  CHECK(at(0.0).flight == 1.0);  // no transition
  CHECK(at(9.99).step == 0);
  CHECK(at(10.0).step == 1);
  CHECK(at(10.0).flight == 0.0);
  CHECK(at(11.0).flight == Approx(0.15625));  // a quarter of the 4 s flight, eased
  CHECK(at(12.0).flight == Approx(0.5));
  CHECK(at(14.5).flight == 1.0);
  CHECK(at(17.0).step == 2);
  CHECK(at(17.0).time_in_step_s == Approx(1.0));
  CHECK(at(17.0).flight == Approx(0.5));
  // Looping: 20 s later it is the same place; a negative time is the start.
  CHECK(at(37.0).step == 2);
  CHECK(at(37.0).time_in_step_s == Approx(1.0));
  CHECK(at(20.0).step == 0);
  CHECK_FALSE(at(1e6).finished);
  CHECK(at(-5.0).step == 0);

  tour.loop = false;
  CHECK_FALSE(at(19.9).finished);
  CHECK(at(20.0).finished);
  CHECK(at(20.0).step == 2);
  CHECK(at(500.0).finished);
}
