// The view state document: hand-written JSON in and out, validation reports, hostile values, and
// bit-exact round trips of random valid states.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "json/json.h"
#include "scene/view_state.h"

namespace {

// Numerical Recipes' 32-bit LCG: a fixed, portable pseudo-random sequence.
struct Lcg {
  std::uint32_t state;
  std::uint32_t next() { return state = state * 1664525u + 1013904223u; }
  std::uint64_t next64() { return (std::uint64_t{next()} << 32) | next(); }
  double unit() { return static_cast<double>(next64() >> 11) * 0x1p-53; }  // [0, 1)
  double uniform(double min, double max) { return min + unit() * (max - min); }
};

std::uint64_t bits_of(double value) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

bool has_raw_control_character(std::string_view text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

struct ReadResult {
  hs::Result<hs::ViewState> state;
  hs::StateReport report;
};

ReadResult read(std::string_view text) {
  hs::StateReport report;
  hs::Result<hs::ViewState> state = hs::view_state_from_text(text, "state.json", report);
  return {std::move(state), std::move(report)};
}

// Reads a document expected to be usable, returning its state.
hs::ViewState read_ok(std::string_view text, hs::StateReport& report) {
  INFO("document: " << text.substr(0, 200));
  auto state = hs::view_state_from_text(text, "state.json", report);
  REQUIRE(state.ok());
  return *state;
}

std::string camera_doc(std::string_view members) {
  return "{\"version\":1,\"camera\":{" + std::string(members) + "}}";
}

// A random state satisfying every documented constraint, with full-precision doubles.
hs::ViewState random_valid_state(Lcg& lcg) {
  hs::ViewState s;
  for (int i = 0; i < 3; ++i) {
    const std::uint64_t bits = lcg.next64();
    double raw = 0;
    std::memcpy(&raw, &bits, sizeof raw);
    const bool raw_ok = std::isfinite(raw) && std::fabs(raw) <= 1e12 && raw != 0;
    s.camera.target_nm[i] = raw_ok ? raw : lcg.uniform(-1e12, 1e12);
  }
  s.camera.distance_nm = hs::kMinDistanceNm * std::pow(hs::kMaxDistanceNm / hs::kMinDistanceNm, lcg.unit());
  s.camera.azimuth_deg = lcg.uniform(-180.0, 180.0);
  if (s.camera.azimuth_deg <= -180.0) s.camera.azimuth_deg = 180.0;
  s.camera.elevation_deg = lcg.uniform(-hs::kMaxElevationDeg, hs::kMaxElevationDeg);
  s.camera.fov_y_deg = lcg.uniform(hs::kMinFovDeg, hs::kMaxFovDeg);
  s.camera.projection = lcg.next() % 2 ? hs::Projection::orthographic : hs::Projection::perspective;
  s.panels.layers = lcg.next() % 2;
  s.panels.status_bar = lcg.next() % 2;
  s.overlays.grid = lcg.next() % 2;
  s.overlays.axes = lcg.next() % 2;
  s.overlays.scale_bar = lcg.next() % 2;
  s.background = static_cast<hs::Background>(lcg.next() % 4);
  return s;
}

void require_bit_exact(const hs::ViewState& a, const hs::ViewState& b) {
  REQUIRE(a == b);
  for (int i = 0; i < 3; ++i) REQUIRE(bits_of(a.camera.target_nm[i]) == bits_of(b.camera.target_nm[i]));
  REQUIRE(bits_of(a.camera.distance_nm) == bits_of(b.camera.distance_nm));
  REQUIRE(bits_of(a.camera.azimuth_deg) == bits_of(b.camera.azimuth_deg));
  REQUIRE(bits_of(a.camera.elevation_deg) == bits_of(b.camera.elevation_deg));
  REQUIRE(bits_of(a.camera.fov_y_deg) == bits_of(b.camera.fov_y_deg));
}

}  // namespace

TEST_CASE("view state: the default state is just the version", "[view_state]") {
  CHECK(hs::json::write(hs::view_state_to_json(hs::ViewState{})) == R"({"version":1})");
  hs::StateReport report;
  CHECK(read_ok(R"({"version":1})", report) == hs::ViewState{});
  CHECK(report.clean());
}

TEST_CASE("view state: only fields that differ from their defaults are written", "[view_state]") {
  hs::ViewState s;
  s.camera.distance_nm = 250;
  s.camera.projection = hs::Projection::orthographic;
  s.overlays.grid = false;
  CHECK(
      hs::json::write(hs::view_state_to_json(s)) ==
      R"({"version":1,"camera":{"distance_nm":250,"projection":"orthographic"},"overlays":{"grid":false}})");

  hs::ViewState t;
  t.camera.target_nm = {1.5, -2, 0};
  t.camera.azimuth_deg = 180;
  t.panels.status_bar = false;
  CHECK(hs::json::write(hs::view_state_to_json(t)) ==
        R"({"version":1,"camera":{"target_nm":[1.5,-2,0],"azimuth_deg":180},"panels":{"status_bar":false}})");
}

TEST_CASE("view state: a complete document is read field by field", "[view_state]") {
  const std::string text = R"({
    "version": 1,
    "camera": {"target_nm": [10, -20.5, 3e3], "distance_nm": 5000, "azimuth_deg": 45,
               "elevation_deg": -10, "fov_y_deg": 60, "projection": "orthographic"},
    "panels": {"layers": false, "status_bar": true},
    "overlays": {"grid": false, "axes": false, "scale_bar": true}
  })";
  hs::StateReport report;
  const hs::ViewState s = read_ok(text, report);
  CHECK(report.clean());
  CHECK(s.camera.target_nm == Eigen::Vector3d(10, -20.5, 3000));
  CHECK(s.camera.distance_nm == 5000);
  CHECK(s.camera.azimuth_deg == 45);
  CHECK(s.camera.elevation_deg == -10);
  CHECK(s.camera.fov_y_deg == 60);
  CHECK(s.camera.projection == hs::Projection::orthographic);
  CHECK_FALSE(s.panels.layers);
  CHECK(s.panels.status_bar);
  CHECK_FALSE(s.overlays.grid);
  CHECK_FALSE(s.overlays.axes);
  CHECK(s.overlays.scale_bar);
}

TEST_CASE("view state: azimuth is wrapped into -180 (excluded) to 180 (included)", "[view_state]") {
  const std::pair<const char*, double> cases[] = {
      {"190", -170}, {"-180", 180}, {"180", 180}, {"540", 180},     {"360", 0},
      {"-190", 170}, {"725", 5},    {"-725", -5}, {"179.5", 179.5}, {"-179.5", -179.5},
  };
  for (const auto& [text, expected] : cases) {
    hs::StateReport report;
    const hs::ViewState s = read_ok(camera_doc(std::string("\"azimuth_deg\":") + text), report);
    INFO("azimuth " << text);
    CHECK(s.camera.azimuth_deg == expected);
    CHECK(report.clean());
  }
}

TEST_CASE("view state: range limits are inclusive and out-of-range values keep the default", "[view_state]") {
  const char* accepted[] = {
      "\"distance_nm\":0.001", "\"distance_nm\":1e9", "\"elevation_deg\":89",         "\"elevation_deg\":-89",
      "\"fov_y_deg\":5",       "\"fov_y_deg\":120",   "\"target_nm\":[1e12,-1e12,0]",
  };
  for (const char* members : accepted) {
    hs::StateReport report;
    read_ok(camera_doc(members), report);
    INFO(members);
    CHECK(report.clean());
  }
  const std::pair<const char*, const char*> rejected[] = {
      {"\"distance_nm\":0", "camera.distance_nm: "},
      {"\"distance_nm\":0.00099", "camera.distance_nm: "},
      {"\"distance_nm\":1.000001e9", "camera.distance_nm: "},
      {"\"elevation_deg\":89.001", "camera.elevation_deg: "},
      {"\"elevation_deg\":-90", "camera.elevation_deg: "},
      {"\"fov_y_deg\":4.99", "camera.fov_y_deg: "},
      {"\"fov_y_deg\":121", "camera.fov_y_deg: "},
      {"\"target_nm\":[1.000001e12,0,0]", "camera.target_nm[0]: "},
      {"\"target_nm\":[0,0,-1e13]", "camera.target_nm[2]: "},
  };
  for (const auto& [members, path] : rejected) {
    hs::StateReport report;
    const hs::ViewState s = read_ok(camera_doc(members), report);
    INFO(members);
    CHECK(s == hs::ViewState{});
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0].rfind(path, 0) == 0);
    CHECK(report.warnings.empty());
  }
}

TEST_CASE("view state: error messages name path, expectation and value", "[view_state]") {
  hs::StateReport report;
  read_ok(camera_doc(R"("distance_nm":-3,"projection":"fisheye","azimuth_deg":"north")"), report);
  REQUIRE(report.errors.size() == 3);
  CHECK(report.errors[0] == "camera.distance_nm: expected a number from 0.001 to 1000000000, got -3");
  CHECK(report.errors[1] == R"(camera.projection: expected "perspective" or "orthographic", got "fisheye")");
  CHECK(report.errors[2] == R"(camera.azimuth_deg: expected a finite number, got "north")");

  hs::StateReport sections;
  read_ok(R"({"version":1,"camera":5,"panels":[true],"overlays":{"grid":"yes","axes":null}})", sections);
  REQUIRE(sections.errors.size() == 4);
  CHECK(sections.errors[0] == "camera: expected an object, got 5");
  CHECK(sections.errors[1] == "panels: expected an object, got [true]");
  CHECK(sections.errors[2] == R"(overlays.grid: expected true or false, got "yes")");
  CHECK(sections.errors[3] == "overlays.axes: expected true or false, got null");
}

TEST_CASE("view state: a target needs exactly three valid numbers", "[view_state]") {
  const std::pair<const char*, const char*> cases[] = {
      {R"("target_nm":[1,2])", "camera.target_nm: expected an array of 3 numbers, got [1,2]"},
      {R"("target_nm":[1,2,3,4])", "camera.target_nm: expected an array of 3 numbers, got [1,2,3,4]"},
      {R"("target_nm":{"x":1})", R"(camera.target_nm: expected an array of 3 numbers, got {"x":1})"},
      {R"("target_nm":[1,"a",3])",
       R"(camera.target_nm[1]: expected a number from -1000000000000 to 1000000000000, got "a")"},
  };
  for (const auto& [members, message] : cases) {
    hs::StateReport report;
    const hs::ViewState s = read_ok(camera_doc(members), report);
    CHECK(s.camera.target_nm == Eigen::Vector3d::Zero());
    REQUIRE(report.errors.size() == 1);
    CHECK(report.errors[0] == message);
  }
}

TEST_CASE("view state: unknown keys at every level are warnings with their path", "[view_state]") {
  hs::StateReport report;
  const hs::ViewState s =
      read_ok(R"({"version":1,"layers_v2":[],"camera":{"foo":1,"distance_nm":20},"panels":{"plots":true},)"
              R"("overlays":{"compass":false,"grid":false}})",
              report);
  CHECK(report.errors.empty());
  REQUIRE(report.warnings.size() == 4);
  CHECK(report.warnings[0] == "layers_v2: unknown key, ignored");
  CHECK(report.warnings[1] == "camera.foo: unknown key, ignored");
  CHECK(report.warnings[2] == "panels.plots: unknown key, ignored");
  CHECK(report.warnings[3] == "overlays.compass: unknown key, ignored");
  CHECK(s.camera.distance_nm == 20);
  CHECK_FALSE(s.overlays.grid);
}

TEST_CASE("view state: the version decides whether the document is usable", "[view_state]") {
  const std::pair<const char*, hs::ErrorCode> unusable[] = {
      {R"({})", hs::ErrorCode::parse},
      {R"({"camera":{}})", hs::ErrorCode::parse},
      {R"({"version":"1"})", hs::ErrorCode::parse},
      {R"({"version":1.5})", hs::ErrorCode::parse},
      {R"({"version":null})", hs::ErrorCode::parse},
      {R"({"version":0})", hs::ErrorCode::parse},
      {R"({"version":-1})", hs::ErrorCode::parse},
      {R"({"version":2})", hs::ErrorCode::unsupported},
      {R"({"version":1e300})", hs::ErrorCode::unsupported},
      {R"([{"version":1}])", hs::ErrorCode::parse},
      {R"("version")", hs::ErrorCode::parse},
      {R"(null)", hs::ErrorCode::parse},
  };
  for (const auto& [text, code] : unusable) {
    INFO(text);
    const ReadResult result = read(text);
    REQUIRE_FALSE(result.state.ok());
    CHECK(result.state.error().code == code);
    CHECK(result.state.error().message.rfind("state.json: view state: ", 0) == 0);
  }
  CHECK(read(R"({"version":2})").state.error().message ==
        "state.json: view state: version 2 is newer than this viewer reads (1)");
  CHECK(read(R"({"version":1.0})").state.ok());
  CHECK(read(R"({"camera":{},"version":1e0})").state.ok());
}

TEST_CASE("view state: JSON syntax errors name the source", "[view_state]") {
  const ReadResult result = read(R"({"version":1,})");
  REQUIRE_FALSE(result.state.ok());
  CHECK(result.state.error().code == hs::ErrorCode::parse);
  CHECK(result.state.error().message.rfind("state.json: invalid JSON at byte 13", 0) == 0);
}

TEST_CASE("view state: markup in keys and values is reported, never acted on", "[view_state][hostile]") {
  const std::string script = "<script>alert(1)</script>";
  hs::StateReport report;
  const hs::ViewState s = read_ok(R"({"version":1,")" + script + R"(":1,"camera":{"distance_nm":")" + script +
                                      R"(","projection":")" + script + R"("}})",
                                  report);
  CHECK(s == hs::ViewState{});
  REQUIRE(report.warnings.size() == 1);
  CHECK(report.warnings[0] == script + ": unknown key, ignored");
  REQUIRE(report.errors.size() == 2);
  CHECK(report.errors[0] ==
        "camera.distance_nm: expected a number from 0.001 to 1000000000, got \"" + script + "\"");
  CHECK(hs::json::write(hs::view_state_to_json(s)).find('<') == std::string::npos);
}

TEST_CASE("view state: control characters and long values are escaped and cut in messages",
          "[view_state][hostile]") {
  hs::StateReport report;
  read_ok(camera_doc(R"("projection":"a\u0000b\nc\u202ed\u0085")"), report);
  REQUIRE(report.errors.size() == 1);
  const std::string& message = report.errors[0];
  CHECK_FALSE(has_raw_control_character(message));
  CHECK(message.find("\xE2\x80\xAE") == std::string::npos);  // no raw RIGHT-TO-LEFT OVERRIDE
  CHECK(message ==
        R"(camera.projection: expected "perspective" or "orthographic", got "a\x00b\nc\u{202e}d\u{85}")");

  hs::StateReport long_report;
  const std::string long_value(100000, 'x');
  read_ok(camera_doc(R"("fov_y_deg":")" + long_value + "\"," + "\"" + std::string(5000, 'k') + "\":1"),
          long_report);
  REQUIRE(long_report.errors.size() == 1);
  CHECK(long_report.errors[0] ==
        "camera.fov_y_deg: expected a number from 5 to 120, got \"" + std::string(40, 'x') + "...\"");
  REQUIRE(long_report.warnings.size() == 1);
  CHECK(long_report.warnings[0] == "camera." + std::string(40, 'k') + "...: unknown key, ignored");

  hs::StateReport array_report;
  std::string many_numbers = "1";
  for (int i = 0; i < 5000; ++i) many_numbers += ",1";
  read_ok(camera_doc(R"("distance_nm":[)" + many_numbers + "]"), array_report);
  REQUIRE(array_report.errors.size() == 1);
  CHECK(array_report.errors[0].size() < 150);
}

TEST_CASE("view state: non-finite numbers built in code are rejected", "[view_state][hostile]") {
  hs::json::Value doc = hs::json::Object{{"version", 1}};
  doc.set("camera",
          hs::json::Object{{"distance_nm", std::numeric_limits<double>::quiet_NaN()},
                           {"azimuth_deg", std::numeric_limits<double>::infinity()},
                           {"target_nm", hs::json::Array{0, -std::numeric_limits<double>::infinity(), 0}}});
  hs::StateReport report;
  const auto s = hs::view_state_from_json(doc, report);
  REQUIRE(s.ok());
  CHECK(*s == hs::ViewState{});
  REQUIRE(report.errors.size() == 3);
  CHECK(report.errors[0] == "camera.distance_nm: expected a number from 0.001 to 1000000000, got NaN");
  CHECK(report.errors[1] == "camera.azimuth_deg: expected a finite number, got Infinity");
  CHECK(report.errors[2] ==
        "camera.target_nm[1]: expected a number from -1000000000000 to 1000000000000, got -Infinity");
}

TEST_CASE("view state: every valid state round-trips bit-exactly through text", "[view_state]") {
  hs::ViewState edges;
  edges.camera.target_nm = {5e-324, -1e12, 0.1 + 0.2};
  edges.camera.distance_nm = hs::kMinDistanceNm;
  edges.camera.azimuth_deg = std::nextafter(-180.0, 0.0);
  edges.camera.elevation_deg = -hs::kMaxElevationDeg;
  edges.camera.fov_y_deg = hs::kMaxFovDeg;
  Lcg lcg{4242};
  for (int i = 0; i < 5000; ++i) {
    const hs::ViewState s = i == 0 ? edges : random_valid_state(lcg);
    const std::string text = i % 2 ? hs::json::write_pretty(hs::view_state_to_json(s))
                                   : hs::json::write(hs::view_state_to_json(s));
    hs::StateReport report;
    const hs::ViewState back = read_ok(text, report);
    INFO(text);
    REQUIRE(report.clean());
    require_bit_exact(back, s);
  }
}

TEST_CASE("view state: layers keep their sources, order and visibility through JSON", "[view_state]") {
  hs::StateReport report;
  const hs::ViewState state = read_ok(
      R"({"version":1,"layers":[{"source":"data/apt-nmc811.zarr"},)"
      R"({"source":"https://example.org/a%20b/x.zarr","visible":false},{"source":"../x.zarr?v=2#frag"}]})",
      report);
  CHECK(report.clean());
  REQUIRE(state.layers.size() == 3u);
  CHECK(state.layers[0] == hs::LayerState{"data/apt-nmc811.zarr", true, {}, {}});
  CHECK(state.layers[1] == hs::LayerState{"https://example.org/a%20b/x.zarr", false, {}, {}});
  CHECK(state.layers[2].source == "../x.zarr?v=2#frag");
  CHECK(hs::json::write(hs::view_state_to_json(state)) ==
        R"({"version":1,"layers":[{"source":"data/apt-nmc811.zarr"},)"
        R"({"source":"https://example.org/a%20b/x.zarr","visible":false},{"source":"../x.zarr?v=2#frag"}]})");
}

TEST_CASE("view state: layer sources that are not http(s) or relative are refused", "[view_state]") {
  for (const char* bad : {"javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd",
                          "blob:https://x/1", "", "a b.zarr", "x\ty"}) {
    INFO(bad);
    CHECK_FALSE(hs::is_valid_layer_source(bad));
  }
  CHECK_FALSE(hs::is_valid_layer_source(std::string(hs::kMaxSourceLength + 1, 'a')));
  CHECK(hs::is_valid_layer_source(std::string(hs::kMaxSourceLength, 'a')));
  CHECK(hs::is_valid_layer_source("HTTPS://host/x.zarr"));
  CHECK(hs::is_valid_layer_source("dir/a:b.zarr"));  // a colon after a slash is not a scheme

  const ReadResult r = read(
      R"j({"version":1,"layers":[{"source":"javascript:alert(1)"},{"visible":true},7,)j"
      R"j({"source":"ok.zarr","colour":"red"}]})j");
  REQUIRE(r.state.ok());
  REQUIRE(r.state->layers.size() == 1u);
  CHECK(r.state->layers[0].source == "ok.zarr");
  REQUIRE(r.report.errors.size() == 3u);
  CHECK(r.report.errors[0] == R"j(layers[0].source: expected an http(s) URL or a relative path, got "javascript:alert(1)")j");
  CHECK(r.report.errors[1] == R"(layers[1]: no "source": layer ignored)");
  CHECK(r.report.errors[2] == "layers[2]: expected an object, got 7");
  CHECK(r.report.warnings == std::vector<std::string>{"layers[3].colour: unknown key, ignored"});

  std::string many = R"({"version":1,"layers":[)";
  for (std::size_t i = 0; i <= hs::kMaxLayers; ++i) many += std::string(i ? "," : "") + R"({"source":"a.zarr"})";
  const ReadResult capped = read(many + "]}");
  REQUIRE(capped.state.ok());
  CHECK(capped.state->layers.size() == hs::kMaxLayers);
  CHECK(capped.report.errors.size() == 1u);
  CHECK(read(R"({"version":1,"layers":{}})").report.errors == std::vector<std::string>{"layers: expected an array, got {}"});
}

TEST_CASE("view state: an analysis recipe and selection round-trip, and a bad recipe is reported", "[view_state]") {
  hs::ViewState state;
  state.layers.push_back(hs::LayerState{"x.zarr", true, {}, {}});
  hs::AnalysisState analysis;
  analysis.recipe.threshold = hs::ThresholdKind::otsu;
  analysis.recipe.min_voxels = 5;
  analysis.selected = 7;
  state.analysis = analysis;
  hs::StateReport report;
  auto back = hs::view_state_from_text(hs::json::write(hs::view_state_to_json(state)), "test", report);
  REQUIRE(back.ok());
  CHECK(report.clean());
  CHECK(*back == state);

  hs::StateReport bad;
  auto read = hs::view_state_from_text(
      R"({"version":1,"analysis":{"layer":0,"recipe":{"threshold":{"kind":"magic"}},"selected":3}})", "test", bad);
  REQUIRE(read.ok());
  CHECK_FALSE(read->analysis.has_value());
  REQUIRE(bad.errors.size() == 1u);
  CHECK(bad.errors[0].find("analysis.recipe") == 0);
  CHECK(bad.errors[0].find("magic") != std::string::npos);
}

TEST_CASE("view state: the background is written only when not dark and read by name", "[view_state]") {
  hs::ViewState state;
  CHECK(hs::json::write(hs::view_state_to_json(state)) == R"({"version":1})");
  const std::vector<std::pair<hs::Background, std::string>> names = {
      {hs::Background::black, "black"}, {hs::Background::white, "white"}, {hs::Background::grey, "grey"}};
  for (const auto& [background, name] : names) {
    state.background = background;
    const std::string text = R"({"version":1,"background":")" + name + "\"}";
    CHECK(hs::json::write(hs::view_state_to_json(state)) == text);
    hs::StateReport report;
    CHECK(read_ok(text, report).background == background);
    CHECK(report.clean());
  }
  hs::StateReport dark;
  CHECK(read_ok(R"({"version":1,"background":"dark"})", dark).background == hs::Background::dark);
  CHECK(dark.clean());
}

TEST_CASE("view state: a bad background is reported and stays dark", "[view_state]") {
  for (const char* bad : {R"("pink")", R"("White")", "3", "null", "[]"}) {
    const ReadResult result = read(std::string(R"({"version":1,"background":)") + bad + "}");
    REQUIRE(result.state.ok());
    CHECK(result.state->background == hs::Background::dark);
    CHECK(result.report.errors ==
          std::vector<std::string>{std::string(R"(background: expected "dark", "black", "white" or "grey", got )") + bad});
  }
}

TEST_CASE("view state: an atom probe analysis job round-trips, and a bad one is reported", "[view_state]") {
  hs::StateReport report;
  const std::string text =
      R"({"version":1,"apt":{"layer":1,"job":{"kind":"freqdist","species":["Cr"],"frequency":{"block_atoms":50}}}})";
  auto read = hs::view_state_from_text(text, "test", report);
  REQUIRE(read.ok());
  CHECK(report.clean());
  REQUIRE(read->apt.has_value());
  CHECK(read->apt->layer == 1);
  const hs::json::Value* kind = read->apt->job.find("kind");
  REQUIRE(kind != nullptr);
  CHECK(kind->as_string() == "freqdist");
  hs::StateReport again;
  auto back = hs::view_state_from_text(hs::json::write(hs::view_state_to_json(*read)), "test", again);
  REQUIRE(back.ok());
  CHECK(again.clean());
  CHECK(*back == *read);

  for (const char* bad_text : {R"({"version":1,"apt":{"layer":0,"job":{"kind":"magic"}}})",
                               R"({"version":1,"apt":{"layer":0}})", R"({"version":1,"apt":{"layer":-1,"job":{"kind":"profile"}}})"}) {
    hs::StateReport bad;
    auto parsed = hs::view_state_from_text(bad_text, "test", bad);
    REQUIRE(parsed.ok());
    INFO(bad_text);
    CHECK_FALSE(parsed->apt.has_value());
    REQUIRE(bad.errors.size() == 1u);
    CHECK(bad.errors[0].find("apt") == 0);
  }
}
