// Point cloud layer display settings in the view state: a hand-written layer in and out, defaults
// left out, round trips of random settings through JSON and both URL forms, one report entry per
// invalid field (the field keeps its default), and the slab, range and hidden-species helpers.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "json/json.h"
#include "scene/point_display.h"
#include "scene/url_state.h"
#include "scene/view_state.h"

namespace {

// Numerical Recipes' 32-bit LCG: a fixed, portable pseudo-random sequence.
struct Lcg {
  std::uint32_t state;
  std::uint32_t next() { return state = state * 1664525u + 1013904223u; }
  double unit() { return static_cast<double>(((std::uint64_t{next()} << 32) | next()) >> 11) * 0x1p-53; }
  double uniform(double min, double max) { return min + unit() * (max - min); }
  std::uint32_t below(std::uint32_t n) { return next() % n; }
};

hs::ViewState read_state(const std::string& text, hs::StateReport& report) {
  INFO("document: " << text.substr(0, 300));
  auto state = hs::view_state_from_text(text, "test", report);
  REQUIRE(state.ok());
  return *state;
}

std::string layer_doc(const std::string& points) {
  return R"({"version":1,"layers":[{"source":"apt.zarr","points":)" + points + "}]}";
}

// Ni+ and O2+ with one range each, colours exact in RRGGBB.
hs::RangeTable two_ion_table() {
  hs::RangeTable table;
  table.ions.push_back(hs::IonSpecies{"Ni", {{"Ni", 1}}, 1, {0.0f, 1.0f, 0.0f}});
  table.ions.push_back(hs::IonSpecies{"O2", {{"O", 2}}, 1, {1.0f, 0.0f, 0.0f}});
  table.ranges = {{57.5, 58.5, 0, 0.0}, {31.8, 32.2, 1, 0.0}};
  return table;
}

hs::RgbColor random_byte_color(Lcg& lcg) {
  return {static_cast<float>(lcg.below(256)) / 255.0f, static_cast<float>(lcg.below(256)) / 255.0f,
          static_cast<float>(lcg.below(256)) / 255.0f};
}

// Every field drawn at random within its documented limits.
hs::PointDisplay random_display(Lcg& lcg) {
  hs::PointDisplay d;
  d.color_by = static_cast<hs::PointColorBy>(lcg.below(4));
  d.single_color = random_byte_color(lcg);
  d.colormap = hs::kColormaps[lcg.below(static_cast<std::uint32_t>(hs::kColormaps.size()))];
  d.reversed = lcg.below(2) == 1;
  if (lcg.below(2) == 1) {
    const double start = lcg.uniform(0.0, 500.0);
    d.mass_window = std::pair(start, start + lcg.uniform(0.01, 100.0));
  }
  d.unranged = static_cast<hs::UnrangedIons>(lcg.below(3));
  d.point_size_unit = lcg.below(2) == 1 ? hs::PointSizeUnit::nm : hs::PointSizeUnit::px;
  d.point_size = d.point_size_unit == hs::PointSizeUnit::nm ? lcg.uniform(0.01, 50.0) : lcg.uniform(0.5, 64.0);
  d.point_budget = 10'000 + lcg.below(50'000'000 - 10'000 + 1);
  d.depth_cue = lcg.below(2) == 1;
  d.depth_cue_strength = lcg.uniform(0.0, 5.0);
  if (lcg.below(2) == 1) {
    hs::PointSlab slab;
    slab.center_nm = {lcg.uniform(-1e4, 1e4), lcg.uniform(-1e4, 1e4), lcg.uniform(-1e4, 1e4)};
    Eigen::Vector3d n;
    do {
      n = {lcg.uniform(-1.0, 1.0), lcg.uniform(-1.0, 1.0), lcg.uniform(-1.0, 1.0)};
    } while (n.norm() < 0.1);
    slab.normal = n / n.norm();
    slab.thickness_nm = lcg.uniform(0.1, 1000.0);
    d.slab = slab;
  }
  for (int axis = 0; axis < 3; ++axis) {
    d.clip_min[axis] = lcg.uniform(0.0, 0.5);
    d.clip_max[axis] = lcg.uniform(0.5, 1.0);
  }
  if (lcg.below(2) == 1) d.ranges = two_ion_table();
  for (const char* name : {"Ni", "O2", "NiO", "Li"}) {
    if (lcg.below(2) == 1) d.hidden_ions.emplace_back(name);
  }
  return d;
}

}  // namespace

TEST_CASE("point display: a hand-written layer reads to the expected settings and back", "[point_display]") {
  const std::string text = layer_doc(
      R"({"color_by":"mass","single_color":"FF8000","colormap":"magma","reversed":true,"mass_window":[10,120.5],)"
      R"("unranged":"hidden","point_size":0.25,"point_size_unit":"nm","point_budget":5000000,"depth_cue":false,)"
      R"("depth_cue_strength":2.5,"slab":{"center_nm":[1,-2,30.5],"normal":[0.48,0.6,0.64],"thickness_nm":4},)"
      R"("clip":[[0,0.1,0.2],[0.9,1,0.8]],)"
      R"("ranges":{"ions":[{"name":"Ni","composition":{"Ni":1},"charge":1,"color":"00FF00"},)"
      R"({"name":"O2","composition":{"O":2},"charge":1,"color":"FF0000"}],)"
      R"("ranges":[{"low_da":57.5,"high_da":58.5,"ion":0},{"low_da":31.8,"high_da":32.2,"ion":1}]},)"
      R"("hidden_ions":["O2","H"]})");
  hs::StateReport report;
  const hs::ViewState state = read_state(text, report);
  CHECK(report.clean());
  REQUIRE(state.layers.size() == 1u);
  const hs::PointDisplay& d = state.layers[0].points;
  CHECK(d.color_by == hs::PointColorBy::mass);
  CHECK(d.single_color == hs::RgbColor{1.0f, 128.0f / 255.0f, 0.0f});
  CHECK(d.colormap == hs::ColormapId::magma);
  CHECK(d.reversed);
  REQUIRE(d.mass_window.has_value());
  CHECK(*d.mass_window == std::pair(10.0, 120.5));
  CHECK(d.unranged == hs::UnrangedIons::hidden);
  CHECK(d.point_size == 0.25);
  CHECK(d.point_size_unit == hs::PointSizeUnit::nm);
  CHECK(d.point_budget == 5'000'000u);
  CHECK_FALSE(d.depth_cue);
  CHECK(d.depth_cue_strength == 2.5);
  REQUIRE(d.slab.has_value());
  CHECK(d.slab->center_nm == Eigen::Vector3d(1, -2, 30.5));
  CHECK(d.slab->normal == Eigen::Vector3d(0.48, 0.6, 0.64));  // 0.2304 + 0.36 + 0.4096 = 1: kept as written
  CHECK(d.slab->thickness_nm == 4);
  CHECK(d.clip_min == std::array<double, 3>{0.0, 0.1, 0.2});
  CHECK(d.clip_max == std::array<double, 3>{0.9, 1.0, 0.8});
  REQUIRE(d.ranges.has_value());
  CHECK(*d.ranges == two_ion_table());
  CHECK(d.hidden_ions == std::vector<std::string>{"O2", "H"});
  CHECK(state.layers[0].display == hs::ImageDisplay{});
  CHECK(hs::json::write(hs::view_state_to_json(state)) == text);
}

TEST_CASE("point display: defaults write nothing, each change writes only its own key", "[point_display]") {
  CHECK(hs::point_display_to_json(hs::PointDisplay{}).empty());
  hs::ViewState state;
  state.layers.push_back(hs::LayerState{"apt.zarr", true, {}, {}});
  CHECK(hs::json::write(hs::view_state_to_json(state)) == R"({"version":1,"layers":[{"source":"apt.zarr"}]})");

  const auto written = [](void (*change)(hs::PointDisplay&)) {
    hs::PointDisplay d;
    change(d);
    return hs::json::write(hs::json::Value(hs::point_display_to_json(d)));
  };
  CHECK(written([](hs::PointDisplay& d) { d.color_by = hs::PointColorBy::single; }) == R"({"color_by":"single"})");
  CHECK(written([](hs::PointDisplay& d) { d.single_color = {0.0f, 0.0f, 1.0f}; }) == R"({"single_color":"0000FF"})");
  CHECK(written([](hs::PointDisplay& d) { d.unranged = hs::UnrangedIons::shown; }) == R"({"unranged":"shown"})");
  CHECK(written([](hs::PointDisplay& d) { d.point_size_unit = hs::PointSizeUnit::nm; }) == R"({"point_size_unit":"nm"})");
  CHECK(written([](hs::PointDisplay& d) { d.point_budget = 10'000; }) == R"({"point_budget":10000})");
  CHECK(written([](hs::PointDisplay& d) { d.depth_cue = false; }) == R"({"depth_cue":false})");
  CHECK(written([](hs::PointDisplay& d) { d.clip_max[2] = 0.5; }) == R"({"clip":[[0,0,0],[1,1,0.5]]})");
  CHECK(written([](hs::PointDisplay& d) { d.hidden_ions = {"Li"}; }) == R"({"hidden_ions":["Li"]})");
  CHECK(written([](hs::PointDisplay& d) { d.ranges = hs::RangeTable{}; }) == R"({"ranges":{"ions":[],"ranges":[]}})");
  CHECK(written([](hs::PointDisplay& d) { d.slab = hs::PointSlab{}; }) ==
        R"({"slab":{"center_nm":[0,0,0],"normal":[0,0,1],"thickness_nm":10}})");

  // The written default single colour reads back as the default itself.
  hs::StateReport report;
  CHECK(read_state(layer_doc(R"({"single_color":"C8C8C8"})"), report).layers[0].points == hs::PointDisplay{});
  CHECK(report.clean());
}

TEST_CASE("point display: random settings round-trip through JSON and both URL forms", "[point_display][url_state]") {
  Lcg lcg{2024};
  for (int i = 0; i < 200; ++i) {
    hs::ViewState state;
    state.background = static_cast<hs::Background>(lcg.below(4));
    hs::LayerState layer;
    layer.source = "data/apt-" + std::to_string(i) + ".zarr";
    layer.points = random_display(lcg);
    state.layers.push_back(layer);
    const std::string json_text = hs::json::write(hs::view_state_to_json(state));
    INFO("state: " << json_text);
    for (const hs::HashForm form : {hs::HashForm::plain, hs::HashForm::compressed}) {
      const auto decoded = hs::decode_state_hash(hs::encode_state_hash(json_text, form));
      REQUIRE(decoded.ok());
      REQUIRE(decoded->has_value());
      hs::StateReport report;
      const auto back = hs::view_state_from_text(**decoded, "URL hash", report);
      REQUIRE(back.ok());
      CHECK(report.errors.empty());
      CHECK(report.warnings.empty());
      REQUIRE(*back == state);
    }
  }
}

TEST_CASE("point display: a slab normal is stored at unit length and the zero vector is refused", "[point_display]") {
  const auto normal_of = [](const std::string& normal) {
    hs::StateReport report;
    const hs::ViewState state =
        read_state(layer_doc(R"({"slab":{"center_nm":[0,0,0],"normal":)" + normal + R"(,"thickness_nm":1}})"), report);
    CHECK(report.clean());
    REQUIRE(state.layers[0].points.slab.has_value());
    return state.layers[0].points.slab->normal;
  };
  CHECK(normal_of("[0,0,2]") == Eigen::Vector3d(0, 0, 1));
  CHECK(normal_of("[3,4,0]") == Eigen::Vector3d(0.6, 0.8, 0));  // 3/5 and 4/5, correctly rounded
  CHECK(normal_of("[0,-1e-7,0]") == Eigen::Vector3d(0, -1, 0));

  hs::StateReport report;
  const hs::ViewState state =
      read_state(layer_doc(R"({"slab":{"center_nm":[0,0,0],"normal":[0,0,0],"thickness_nm":1}})"), report);
  CHECK_FALSE(state.layers[0].points.slab.has_value());
  CHECK(report.errors ==
        std::vector<std::string>{"layers[0].points.slab.normal: expected a direction (not all zero), got [0,0,0]"});
}

TEST_CASE("point display: many invalid fields at once are each reported and keep their defaults", "[point_display]") {
  hs::StateReport report;
  const hs::ViewState state = read_state(
      layer_doc(R"({"point_size":100,"color_by":"rainbow","single_color":"red","colormap":"jet","reversed":1,)"
                R"("mass_window":[5,2],"unranged":"grey","point_size_unit":"mm","point_budget":5000,"depth_cue":"yes",)"
                R"("depth_cue_strength":6,"slab":{"center_nm":[0,0,0],"normal":[0,0,0],"thickness_nm":1},)"
                R"("clip":[[0.5,0,0],[0.4,1,1]],"ranges":{"ions":[],"ranges":[{"low_da":1,"high_da":2,"ion":0}]},)"
                R"("hidden_ions":["O","O"],"glow":1})"),
      report);
  REQUIRE(state.layers.size() == 1u);
  CHECK(state.layers[0].points == hs::PointDisplay{});
  REQUIRE(report.errors.size() == 15u);
  CHECK(report.errors[0] ==
        R"(layers[0].points.color_by: expected "species", "mass", "depth" or "single", got "rainbow")");
  CHECK(report.errors[1] == R"(layers[0].points.single_color: expected a colour "RRGGBB", got "red")");
  CHECK(report.errors[2].rfind("layers[0].points.colormap", 0) == 0);
  CHECK(report.errors[2].find("jet") != std::string::npos);
  CHECK(report.errors[3] == "layers[0].points.reversed: expected true or false, got 1");
  CHECK(report.errors[4] == "layers[0].points.mass_window: expected [start_da, end_da] with start < end, got [5,2]");
  CHECK(report.errors[5] == R"(layers[0].points.unranged: expected "shown", "dimmed" or "hidden", got "grey")");
  CHECK(report.errors[6] == R"(layers[0].points.point_size_unit: expected "px" or "nm", got "mm")");
  CHECK(report.errors[7] == "layers[0].points.point_budget: expected a whole number from 10000 to 50000000, got 5000");
  CHECK(report.errors[8] == R"(layers[0].points.depth_cue: expected true or false, got "yes")");
  CHECK(report.errors[9] == "layers[0].points.depth_cue_strength: expected a number from 0 to 5, got 6");
  CHECK(report.errors[10] == "layers[0].points.slab.normal: expected a direction (not all zero), got [0,0,0]");
  CHECK(report.errors[11] == "layers[0].points.clip: expected lower ends below upper ends, got [[0.5,0,0],[0.4,1,1]]");
  CHECK(report.errors[12] == "layers[0].points.ranges: range 1 points at ion 1 of 0");
  CHECK(report.errors[13] == R"(layers[0].points.hidden_ions[1]: expected a name not listed before, got "O")");
  // The size is checked last, against the unit's limits (px: the unit given was invalid).
  CHECK(report.errors[14] == "layers[0].points.point_size: expected a number from 0.5 to 64, got 100");
  CHECK(report.warnings == std::vector<std::string>{"layers[0].points.glow: unknown key, ignored"});
}

TEST_CASE("point display: wrong types, limits and bad parts are reported by path", "[point_display]") {
  const std::string name64(64, 'a');
  std::string names257;
  for (int i = 0; i < 257; ++i) names257 += std::string(i == 0 ? "" : ",") + "\"i" + std::to_string(i) + "\"";
  struct Case {
    std::string points;
    std::string error;  // the whole message, or its start when prefix_only
    bool prefix_only = false;
  };
  const std::vector<Case> cases = {
      {"[]", "layers[0].points: expected an object, got []"},
      {R"({"color_by":2})", R"(layers[0].points.color_by: expected "species", "mass", "depth" or "single", got 2)"},
      {R"({"single_color":123})", R"(layers[0].points.single_color: expected a colour "RRGGBB", got 123)"},
      {R"({"single_color":"FF80001"})", R"(layers[0].points.single_color: expected a colour "RRGGBB", got "FF80001")"},
      {R"({"colormap":3})", "layers[0].points.colormap: expected a colormap name, got 3"},
      {R"({"mass_window":"all"})", R"(layers[0].points.mass_window: expected [start_da, end_da] with start < end, got "all")"},
      {R"({"mass_window":[-1,5]})", "layers[0].points.mass_window[0]: expected a number from 0 to 100000, got -1"},
      {R"({"mass_window":[1,2,3]})", "layers[0].points.mass_window: expected [start_da, end_da] with start < end, got [1,2,3]"},
      {R"({"point_size":"big"})", R"(layers[0].points.point_size: expected a number from 0.5 to 64, got "big")"},
      {R"({"point_size":0.4})", "layers[0].points.point_size: expected a number from 0.5 to 64, got 0.4"},
      {R"({"point_budget":1500000.5})", "layers[0].points.point_budget: expected a whole number from 10000 to 50000000, got 1500000.5"},
      {R"({"point_budget":50000001})", "layers[0].points.point_budget: expected a whole number from 10000 to 50000000, got 50000001"},
      {R"({"depth_cue_strength":-0.1})", "layers[0].points.depth_cue_strength: expected a number from 0 to 5, got -0.1"},
      {R"({"slab":3})", "layers[0].points.slab: expected an object, got 3"},
      {R"({"slab":{"normal":[0,0,1],"thickness_nm":5}})", R"(layers[0].points.slab: no "center_nm": slab ignored)"},
      {R"({"slab":{"center_nm":[0,0,0],"normal":[0,0,1],"thickness_nm":0}})",
       "layers[0].points.slab.thickness_nm: expected a number above 0 and at most 1000000, got 0"},
      {R"({"slab":{"center_nm":[0,0,0],"normal":[0,0,1],"thickness_nm":1000001}})",
       "layers[0].points.slab.thickness_nm: expected a number above 0 and at most 1000000, got 1000001"},
      {R"({"slab":{"center_nm":[1e13,0,0],"normal":[0,0,1],"thickness_nm":1}})",
       "layers[0].points.slab.center_nm[0]: expected a number from -1000000000000 to 1000000000000, got 10000000000000"},
      {R"({"slab":{"center_nm":[0,0,0],"normal":[0,1],"thickness_nm":1}})",
       "layers[0].points.slab.normal: expected an array of 3 numbers, got [0,1]"},
      {R"({"clip":[[0,0,0]]})", "layers[0].points.clip: expected [[x0, y0, z0], [x1, y1, z1]] fractions of the box, got [[0,0,0]]"},
      {R"({"clip":[[0,0,0],[1,1.5,1]]})", "layers[0].points.clip[1][1]: expected a number from 0 to 1, got 1.5"},
      {R"({"ranges":5})", "layers[0].points.ranges must be an object"},
      {R"({"ranges":{"ions":[{"name":"Ni","composition":{"Ni":1},"charge":1,"color":"GG0000"}],"ranges":[]}})",
       "layers[0].points.ranges.ions[].color must be six hex digits RRGGBB"},
      {R"({"hidden_ions":"O"})", R"(layers[0].points.hidden_ions: expected an array of at most 256 ion names, got "O")"},
      {R"({"hidden_ions":["O",3]})", "layers[0].points.hidden_ions[1]: expected an ion name of at most 64 bytes, got 3"},
      {R"({"hidden_ions":[")" + name64 + R"(a"]})", "layers[0].points.hidden_ions[0]: expected an ion name of at most 64 bytes, got \"aaaa",
       true},
      {R"({"hidden_ions":[)" + names257 + "]}",
       R"(layers[0].points.hidden_ions: expected an array of at most 256 ion names, got ["i0","i1")", true},
  };
  for (const Case& c : cases) {
    hs::StateReport report;
    const hs::ViewState state = read_state(layer_doc(c.points), report);
    INFO("points: " << c.points.substr(0, 200));
    REQUIRE(state.layers.size() == 1u);
    CHECK(state.layers[0].points == hs::PointDisplay{});
    REQUIRE(report.errors.size() == 1u);
    if (c.prefix_only) {
      CHECK(report.errors[0].rfind(c.error, 0) == 0);
    } else {
      CHECK(report.errors[0] == c.error);
    }
    CHECK(report.warnings.empty());
  }

  // At the limits: 256 names of 64 bytes are fine.
  std::string names256;
  for (int i = 0; i < 256; ++i) names256 += std::string(i == 0 ? "" : ",") + "\"" + name64.substr(3) + std::to_string(100 + i) + "\"";
  hs::StateReport report;
  const hs::ViewState state = read_state(layer_doc(R"({"hidden_ions":[)" + names256 + "]}"), report);
  CHECK(report.clean());
  CHECK(state.layers[0].points.hidden_ions.size() == 256u);
  CHECK(state.layers[0].points.hidden_ions[255] == name64.substr(3) + "355");
}

TEST_CASE("point display: the point size is checked against its own unit, in any member order", "[point_display]") {
  hs::StateReport report;
  const hs::ViewState small = read_state(layer_doc(R"({"point_size":0.02,"point_size_unit":"nm"})"), report);
  CHECK(report.clean());
  CHECK(small.layers[0].points.point_size == 0.02);
  CHECK(small.layers[0].points.point_size_unit == hs::PointSizeUnit::nm);

  hs::StateReport too_big;
  const hs::ViewState big = read_state(layer_doc(R"({"point_size_unit":"nm","point_size":60})"), too_big);
  CHECK(too_big.errors == std::vector<std::string>{"layers[0].points.point_size: expected a number from 0.01 to 50, got 60"});
  CHECK(big.layers[0].points.point_size == 2.0);
  CHECK(big.layers[0].points.point_size_unit == hs::PointSizeUnit::nm);

  hs::StateReport limits;
  CHECK(read_state(layer_doc(R"({"point_size":64})"), limits).layers[0].points.point_size == 64);
  CHECK(read_state(layer_doc(R"({"point_size":0.5})"), limits).layers[0].points.point_size == 0.5);
  CHECK(read_state(layer_doc(R"({"point_size":50,"point_size_unit":"nm"})"), limits).layers[0].points.point_size == 50);
  CHECK(limits.clean());
}

TEST_CASE("point display: slab membership, shown ranges and hidden species", "[point_display]") {
  hs::PointSlab slab;
  slab.center_nm = {1, 2, 3};
  slab.normal = {0, 0.6, 0.8};
  slab.thickness_nm = 4;
  // Along the normal by s, plus (7, 80, -60) across it (dot product with the normal 0).
  const auto at = [&](double s) { return Eigen::Vector3d(1 + 7, 2 + 0.6 * s + 80, 3 + 0.8 * s - 60); };
  CHECK(hs::in_slab(slab, slab.center_nm));
  CHECK(hs::in_slab(slab, at(1.9)));
  CHECK(hs::in_slab(slab, at(-1.9)));
  CHECK_FALSE(hs::in_slab(slab, at(2.1)));
  CHECK_FALSE(hs::in_slab(slab, at(-2.1)));
  slab.thickness_nm = 3.6;
  CHECK_FALSE(hs::in_slab(slab, at(1.9)));

  hs::PointDisplay display;
  const hs::RangeTable store = two_ion_table();
  CHECK(&hs::shown_ranges(display, store) == &store);
  display.ranges = hs::RangeTable{};
  CHECK(&hs::shown_ranges(display, store) == &*display.ranges);

  CHECK_FALSE(hs::ion_hidden(display, "O2"));
  display.hidden_ions = {"Ni", "O2"};
  CHECK(hs::ion_hidden(display, "O2"));
  CHECK(hs::ion_hidden(display, "Ni"));
  CHECK_FALSE(hs::ion_hidden(display, "O"));
  CHECK_FALSE(hs::ion_hidden(display, "NiO"));
}
