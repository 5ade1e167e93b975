// Reference check: every colormap, forward and reversed, against matplotlib's at 33 points
// (tests/reference/colormaps_check.py, Debian's python3-matplotlib): within 1/255 per channel.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "json/json.h"
#include "scene/colormap.h"
#include "support/python_reference.h"

namespace hs {
namespace {

// The array member `key` of a map entry.
const json::Array& array_member(const json::Value& map, const char* key) {
  const json::Value* member = map.find(key);
  INFO("member " << key);
  REQUIRE(member != nullptr);
  REQUIRE(member->is_array());
  return member->as_array();
}

// Largest channel difference, in 1/255 units, between our colour and a JSON [r, g, b] in [0, 1].
double max_error_255(const std::array<float, 3>& ours, const json::Value& expected) {
  REQUIRE(expected.is_array());
  REQUIRE(expected.as_array().size() == 3);
  double error = 0.0;
  for (std::size_t c = 0; c < 3; ++c) {
    REQUIRE(expected.as_array()[c].is_number());
    error = std::max(error, std::abs(ours[c] - expected.as_array()[c].as_number()) * 255.0);
  }
  return error;
}

TEST_CASE("colormap every map matches matplotlib within 1 in 255 forward and reversed",
          "[colormap][reference]") {
  // Tolerance: the control points reproduce the published 256-entry tables within 0.5/255 and
  // coolwarm's Msh interpolation comes within 0.4/255 of Moreland's 33-entry table, which is what
  // matplotlib carries; 1/255, less than one 8-bit step, bounds both.
  constexpr double kToleranceOf255 = 1.0;

  Result<json::Value> doc = json::parse(test::run_python_reference("tests/reference/colormaps_check.py"), "colormaps_check.py output");
  REQUIRE(doc.ok());
  const json::Value* maps = doc->find("maps");
  REQUIRE(maps != nullptr);
  REQUIRE(maps->is_array());

  std::set<std::string> seen;
  for (const json::Value& map : maps->as_array()) {
    REQUIRE(map.find("name") != nullptr);
    REQUIRE(map.find("name")->is_string());
    const std::string name = map.find("name")->as_string();
    INFO("map " << name);
    const Result<ColormapId> id = parse_colormap_name(name, "colormaps_check.py");
    REQUIRE(id.ok());
    seen.insert(name);

    const json::Array& t = array_member(map, "t");
    const json::Array& forward = array_member(map, "forward");
    const json::Array& reversed = array_member(map, "reversed");
    REQUIRE(t.size() == 33);
    REQUIRE(forward.size() == t.size());
    REQUIRE(reversed.size() == t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
      REQUIRE(t[i].is_number());
      const double at = t[i].as_number();
      INFO("t = " << at);
      CHECK(max_error_255(colormap_rgb(*id, at, false), forward[i]) <= kToleranceOf255);
      CHECK(max_error_255(colormap_rgb(*id, at, true), reversed[i]) <= kToleranceOf255);
    }
  }
  CHECK(seen.size() == kColormaps.size());
}

}  // namespace
}  // namespace hs
