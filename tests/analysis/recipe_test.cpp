// The segmentation recipe: JSON round trip and strict parsing with messages naming the member,
// and run_recipe on hand-built volumes of balls (separate, touching, tiny) with known truth.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <limits>
#include <set>

#include "analysis/recipe.h"

namespace hs {
namespace {

std::string parse_error(std::string_view text) {
  auto recipe = parse_recipe(text, "r.json");
  REQUIRE(!recipe.ok());
  CHECK(recipe.error().code == ErrorCode::parse);
  return recipe.error().message;
}

struct Ball {
  std::array<double, 3> centre;
  double radius;
};

bool inside(const Ball& b, std::int64_t z, std::int64_t y, std::int64_t x) {
  const double dz = static_cast<double>(z) - b.centre[0], dy = static_cast<double>(y) - b.centre[1],
               dx = static_cast<double>(x) - b.centre[2];
  return dz * dz + dy * dy + dx * dx <= b.radius * b.radius;
}

// Balls of value 10 (plus a small deterministic ripple) on a background of 1 (or of no data);
// unit voxels in micrometres.
FloatGrid balls_volume(const std::vector<Ball>& balls, GridShape shape, bool no_data_background = false) {
  constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
  FloatGrid grid = make_grid(shape, 1.0f, VoxelSize{{1, 1, 1}, "micrometer"});
  for (std::int64_t z = 0; z < shape.nz; ++z) {
    for (std::int64_t y = 0; y < shape.ny; ++y) {
      for (std::int64_t x = 0; x < shape.nx; ++x) {
        float& v = grid.at(z, y, x);
        v = no_data_background ? kNaN : static_cast<float>(1.0 + 0.1 * ((x * 7 + y * 3 + z) % 5));
        for (const Ball& b : balls) {
          if (inside(b, z, y, x)) v = static_cast<float>(10.0 + 0.1 * ((x + y * 5 + z * 3) % 5));
        }
      }
    }
  }
  return grid;
}

// The label found at each ball's centre, and whether each ball's voxels all carry that label.
std::vector<std::uint32_t> centre_labels(const Labels& labels, const std::vector<Ball>& balls) {
  std::vector<std::uint32_t> out;
  for (const Ball& b : balls) {
    out.push_back(labels.grid.at(static_cast<std::int64_t>(b.centre[0]), static_cast<std::int64_t>(b.centre[1]),
                                 static_cast<std::int64_t>(b.centre[2])));
  }
  return out;
}

}  // namespace

TEST_CASE("recipe: the default recipe as JSON, and back", "[recipe]") {
  const SegmentationRecipe defaults;
  CHECK(json::write(recipe_to_json(defaults)) ==
        "{\"level\":\"auto\",\"channel\":0,\"time\":0,\"smoothing\":{\"kind\":\"none\"},"
        "\"threshold\":{\"kind\":\"auto\",\"bins\":256},\"fill_holes\":true,\"opening_radius\":0,\"min_voxels\":0,"
        "\"connectivity\":6,\"watershed\":{\"enabled\":true,\"h\":\"auto\"}}");
  auto back = parse_recipe(json::write(recipe_to_json(defaults)), "r.json");
  REQUIRE(back.ok());
  CHECK(*back == defaults);
  auto empty = parse_recipe("{}", "r.json");
  REQUIRE(empty.ok());
  CHECK(*empty == defaults);
}

TEST_CASE("recipe: every field survives a JSON round trip", "[recipe]") {
  SegmentationRecipe r;
  r.level = 2;
  r.channel = 3;
  r.time = 4;
  r.smoothing = SmoothingKind::gaussian;
  r.gaussian_sigma = 1.5;
  r.threshold = ThresholdKind::multi_otsu;
  r.multi_otsu_classes = 4;
  r.multi_otsu_foreground = 2;
  r.histogram_bins = 128;
  r.fill_holes = false;
  r.opening_radius = 2.5;
  r.min_voxels = 27;
  r.connectivity = Connectivity::edges18;
  r.watershed = false;
  r.watershed_h = 0.75;
  auto back = parse_recipe(json::write_pretty(recipe_to_json(r)), "r.json");
  REQUIRE(back.ok());
  CHECK(*back == r);
  SegmentationRecipe manual;
  manual.threshold = ThresholdKind::manual;
  manual.threshold_value = -8.125;
  manual.smoothing = SmoothingKind::median;
  auto manual_back = parse_recipe(json::write(recipe_to_json(manual)), "r.json");
  REQUIRE(manual_back.ok());
  CHECK(*manual_back == manual);
}

TEST_CASE("recipe: strict parsing names the file, the member and the problem", "[recipe]") {
  CHECK(parse_error("{\"thresh\": 1}") == "r.json: thresh: unknown member");
  CHECK(parse_error("{\"threshold\": {\"kind\": \"multi-otsu\", \"classes\": 7}}") ==
        "r.json: threshold.classes: must be a whole number from 2 to 4 (got 7)");
  CHECK(parse_error("{\"threshold\": {\"kind\": \"triangle\"}}") ==
        "r.json: threshold.kind: must be one of \"auto\", \"valid\", \"manual\", \"otsu\", \"multi-otsu\" "
        "(got \"triangle\")");
  CHECK(parse_error("{\"threshold\": {\"kind\": \"manual\"}}") == "r.json: threshold.value: missing member");
  CHECK(parse_error("{\"threshold\": {\"kind\": \"otsu\", \"value\": 3}}") == "r.json: threshold.value: unknown member");
  CHECK(parse_error("{\"smoothing\": {\"sigma\": 1}}").find("smoothing.kind: missing member") != std::string::npos);
  CHECK(parse_error("{\"smoothing\": {\"kind\": \"gaussian\", \"sigma\": -1}}") ==
        "r.json: smoothing.sigma: must be a length >= 0 (got -1)");
  CHECK(parse_error("{\"fill_holes\": 1}") == "r.json: fill_holes: must be true or false");
  CHECK(parse_error("{\"connectivity\": 8}") == "r.json: connectivity: must be 6, 18 or 26 (got 8)");
  CHECK(parse_error("{\"min_voxels\": 2.5}") == "r.json: min_voxels: must be a whole number of voxels (got 2.5)");
  CHECK(parse_error("{\"level\": -1}") == "r.json: level: must be \"auto\" or a level number from 0 to 64 (got -1)");
  CHECK(parse_error("{\"watershed\": {\"h\": 0}}") == "r.json: watershed.h: must be \"auto\" or a length > 0 (got 0)");
  CHECK(parse_error("{\"watershed\": true}") == "r.json: watershed: must be an object");
  CHECK(parse_error("[1]") == "r.json: a recipe must be a JSON object");
  CHECK(parse_error("{\"channel\": 1,}").starts_with("r.json"));
  CHECK(parse_error("").starts_with("r.json"));
}

TEST_CASE("recipe: mutated recipe texts parse or fail with a message, never crash", "[recipe]") {
  SegmentationRecipe full;
  full.threshold = ThresholdKind::multi_otsu;
  full.smoothing = SmoothingKind::gaussian;
  full.watershed_h = 1.5;
  full.level = 1;
  const std::string valid = json::write(recipe_to_json(full));
  std::uint64_t state = 12345;
  const auto next = [&]() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::size_t>(state >> 33);
  };
  const std::string alphabet = "{}[]\":,0123456789.-+eE truefalsnul\\aotsu";
  std::size_t parsed = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = valid;
    const std::size_t edits = 1 + next() % 4;
    for (std::size_t e = 0; e < edits && !text.empty(); ++e) {
      const std::size_t at = next() % text.size();
      switch (next() % 3) {
        case 0: text[at] = alphabet[next() % alphabet.size()]; break;
        case 1: text.erase(at, 1 + next() % 8); break;
        default: text.insert(at, 1, alphabet[next() % alphabet.size()]); break;
      }
    }
    auto recipe = parse_recipe(text, "r.json");
    if (recipe.ok()) {
      ++parsed;
      auto again = parse_recipe(json::write(recipe_to_json(*recipe)), "r.json");
      REQUIRE(again.ok());
      CHECK(*again == *recipe);
    } else {
      CHECK(recipe.error().message.rfind("r.json", 0) == 0);
    }
  }
  CHECK(parsed > 0);
}

TEST_CASE("recipe: the default recipe splits touching balls and keeps separate ones", "[recipe]") {
  // Two separate balls, and two of radius 6 whose centres are 10 apart (they overlap).
  const std::vector<Ball> balls = {{{8, 8, 8}, 5}, {{30, 9, 30}, 4.5}, {{20, 28, 12}, 6}, {{20, 28, 22}, 6}};
  const FloatGrid grid = balls_volume(balls, GridShape{40, 38, 40});
  auto labels = run_recipe(grid, SegmentationRecipe{});
  REQUIRE(labels.ok());
  CHECK(labels->count == 4);
  const std::vector<std::uint32_t> at_centres = centre_labels(*labels, balls);
  CHECK(std::set<std::uint32_t>(at_centres.begin(), at_centres.end()).size() == 4);
  CHECK(std::find(at_centres.begin(), at_centres.end(), 0u) == at_centres.end());
  // Every ball voxel is labelled, nothing else is; the touching pair is cut near the mid-plane x = 17.
  std::size_t wrong = 0;
  for (std::int64_t z = 0; z < 40; ++z) {
    for (std::int64_t y = 0; y < 38; ++y) {
      for (std::int64_t x = 0; x < 40; ++x) {
        bool in_any = false;
        for (const Ball& b : balls) in_any = in_any || inside(b, z, y, x);
        const std::uint32_t label = labels->grid.at(z, y, x);
        wrong += in_any != (label != 0);
        if (inside(balls[2], z, y, x) && x < 16) wrong += label != at_centres[2];
        if (inside(balls[3], z, y, x) && x > 18) wrong += label != at_centres[3];
      }
    }
  }
  CHECK(wrong == 0);
  // Deterministic: the same labels again.
  auto again = run_recipe(grid, SegmentationRecipe{});
  REQUIRE(again.ok());
  CHECK(again->grid.values == labels->grid.values);

  SegmentationRecipe no_split;
  no_split.watershed = false;
  auto components = run_recipe(grid, no_split);
  REQUIRE(components.ok());
  CHECK(components->count == 3);

  // A refined map (no data outside the balls, values varying inside): the automatic threshold
  // keeps every voxel with data, where Otsu would cut the balls by value.
  const FloatGrid map = balls_volume(balls, GridShape{40, 38, 40}, true);
  auto refined = run_recipe(map, SegmentationRecipe{});
  REQUIRE(refined.ok());
  CHECK(refined->count == 4);
  CHECK(refined->grid.values == labels->grid.values);
  SegmentationRecipe otsu;
  otsu.threshold = ThresholdKind::otsu;
  auto cut = run_recipe(map, otsu);
  REQUIRE(cut.ok());
  CHECK(std::count(cut->grid.values.begin(), cut->grid.values.end(), 0u) >
        std::count(labels->grid.values.begin(), labels->grid.values.end(), 0u));
}

TEST_CASE("recipe: manual threshold, small-object removal, connectivity and hole filling", "[recipe]") {
  FloatGrid grid = make_grid(GridShape{12, 12, 12}, 0.0f, VoxelSize{{1, 1, 1}, "micrometer"});
  // A hollow 5³ cube (hole at its centre) and two single voxels touching only at a corner.
  for (std::int64_t z = 2; z < 7; ++z) {
    for (std::int64_t y = 2; y < 7; ++y) {
      for (std::int64_t x = 2; x < 7; ++x) grid.at(z, y, x) = 5.0f;
    }
  }
  grid.at(4, 4, 4) = 0.0f;
  grid.at(9, 9, 9) = 5.0f;
  grid.at(10, 10, 10) = 5.0f;
  SegmentationRecipe r;
  r.threshold = ThresholdKind::manual;
  r.threshold_value = 2.5;
  r.watershed = false;
  r.connectivity = Connectivity::corners26;
  auto labels = run_recipe(grid, r);
  REQUIRE(labels.ok());
  CHECK(labels->count == 2);  // 26-connected: the corner pair is one object
  CHECK(labels->grid.at(4, 4, 4) == labels->grid.at(2, 2, 2));  // the hole was filled
  r.connectivity = Connectivity::faces6;
  auto six = run_recipe(grid, r);
  REQUIRE(six.ok());
  CHECK(six->count == 3);
  r.min_voxels = 2;
  auto big = run_recipe(grid, r);
  REQUIRE(big.ok());
  CHECK(big->count == 1);
  r.fill_holes = false;
  auto hollow = run_recipe(grid, r);
  REQUIRE(hollow.ok());
  CHECK(hollow->grid.at(4, 4, 4) == 0);
}

TEST_CASE("recipe: no valid voxel, too few values for multi-Otsu, and cancel are errors", "[recipe]") {
  const FloatGrid empty = make_grid(GridShape{4, 4, 4}, std::numeric_limits<float>::quiet_NaN());
  auto none = run_recipe(empty, SegmentationRecipe{});
  REQUIRE(!none.ok());
  CHECK(none.error().message.find("no valid voxel") != std::string::npos);
  FloatGrid two = make_grid(GridShape{4, 4, 4}, 1.0f);
  two.at(1, 1, 1) = 2.0f;
  SegmentationRecipe multi;
  multi.threshold = ThresholdKind::multi_otsu;
  multi.multi_otsu_classes = 4;
  CHECK(!run_recipe(two, multi).ok());

  const FloatGrid grid = balls_volume({{{8, 8, 8}, 5}}, GridShape{16, 16, 16});
  std::atomic<bool> cancel{true};
  AnalysisControl control;
  control.cancel = &cancel;
  auto cancelled = run_recipe(grid, SegmentationRecipe{}, &control);
  REQUIRE(!cancelled.ok());
  CHECK(cancelled.error().message.find("cancelled") != std::string::npos);
  cancel = false;
  std::vector<double> fractions;
  control.progress = [&](double f) { fractions.push_back(f); };
  REQUIRE(run_recipe(grid, SegmentationRecipe{}, &control).ok());
  REQUIRE(!fractions.empty());
  CHECK(std::is_sorted(fractions.begin(), fractions.end()));
  CHECK(fractions.back() == Approx(1.0));
}

}  // namespace hs
