// Octree builder in memory: rows and nodes against a brute-force octree, node table consistency,
// sampling statistics of the output, degenerate inputs, errors, cancellation and progress.
#include <catch2/catch.hpp>

#include <atomic>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "octree_test_support.h"
#include "points/octree_build.h"

namespace {

using hs::Ion;
using hs::OctreeBuildOptions;
using hs::test::BuildOutput;
using hs::test::run_build;

OctreeBuildOptions options_with(std::uint64_t capacity, int max_depth = 20, std::uint64_t seed = 0) {
  OctreeBuildOptions options;
  options.node_capacity = capacity;
  options.max_depth = max_depth;
  options.seed = seed;
  options.source_name = "test.pos";
  return options;
}

std::vector<Ion> concat(std::vector<Ion> a, const std::vector<Ion>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

// The 5 x 5 x 5 integer grid 0..4: many ions exactly on mid-planes (2, 1, 3, ...).
std::vector<Ion> grid_ions() {
  std::vector<Ion> ions;
  for (int z = 0; z < 5; ++z)
    for (int y = 0; y < 5; ++y)
      for (int x = 0; x < 5; ++x) ions.push_back(Ion{float(x), float(y), float(z), float(x + y + z)});
  return ions;
}

void check_against_reference(const std::vector<Ion>& ions, const OctreeBuildOptions& options) {
  const BuildOutput out = run_build(ions, options);
  const hs::test::ReferenceOctree ref =
      hs::test::reference_octree(ions, options.node_capacity, options.max_depth, options.seed);
  hs::test::check_matches_reference(out, ref);
  hs::test::check_node_table(*out.result, out.rows, out.indices, options);
  CHECK_FALSE(out.result->spilled);
}

// Octant of a point relative to the root cube's centre, as child indices count.
int root_octant(const hs::OctreeBuildResult& result, const Ion& ion) {
  const hs::OctreeNode& root = result.nodes.at(0);
  int octant = 0;
  const double p[3] = {ion.x_nm, ion.y_nm, ion.z_nm};
  for (int a = 0; a < 3; ++a) octant |= (p[a] >= (root.min_nm[a] + root.max_nm[a]) / 2 ? 1 : 0) << a;
  return octant;
}

}  // namespace

TEST_CASE("octree build: rows and nodes match a brute-force octree", "[octree]") {
  SECTION("uniform ions in a flat box") {
    check_against_reference(hs::test::uniform_ions(500, {10, 6, 3}, 1), options_with(7));
  }
  SECTION("a cluster in a sparse background, another seed") {
    const auto ions =
        concat(hs::test::uniform_ions(300, {50, 50, 50}, 2), hs::test::ball_ions(300, {10, 40, 20}, 2, 3));
    check_against_reference(ions, options_with(5, 20, 0xDEADBEEFu));
  }
  SECTION("ions on mid-planes go to the upper child") {
    check_against_reference(grid_ions(), options_with(3));
    check_against_reference(grid_ions(), options_with(1, 20, 99));
  }
  SECTION("duplicated positions and a shallow maximum depth") {
    std::vector<Ion> ions = hs::test::uniform_ions(200, {4, 4, 4}, 4);
    for (int i = 0; i < 60; ++i) ions.push_back(Ion{1.5f, 2.5f, 0.5f, float(i)});
    check_against_reference(ions, options_with(4, 3));
  }
  SECTION("capacity larger than the input: the root keeps everything") {
    check_against_reference(hs::test::uniform_ions(100, {1, 1, 1}, 5), options_with(1000));
  }
  SECTION("an extent that rounds down: the cube is widened to reach the highest ion") {
    // min = -3 * 2^-55, max = 1: max - min rounds to 1, and min + 1 rounds to 1 - 2^-53 < max.
    const float low = std::ldexp(-3.0f, -55);
    std::vector<Ion> ions{Ion{low, 0, 0, 1}, Ion{1, 0, 0, 2}, Ion{0.5f, 0.25f, 0, 3}, Ion{1, 1, 1, 4}};
    const BuildOutput out = run_build(ions, options_with(1));
    REQUIRE(out.result.ok());
    CHECK(out.result->cube.edge_nm > 1.0);
    CHECK(out.result->nodes.at(0).max_nm[0] >= 1.0);
    check_against_reference(ions, options_with(1));
  }
  SECTION("maximum depth 0") {
    check_against_reference(hs::test::uniform_ions(100, {1, 1, 1}, 6), options_with(10, 0));
  }
}

TEST_CASE("octree build: the first rows of a uniform cloud are uniform across octants", "[octree]") {
  // 200,000 ions; the first 10 % of the rows lie in the root node (default capacity 65536), a
  // uniform sample of all ions. Chi-square of the octant counts, 7 degrees of freedom.
  const std::vector<Ion> ions = hs::test::uniform_ions(200000, {100, 80, 60}, 7);
  const BuildOutput out = run_build(ions, OctreeBuildOptions{});
  REQUIRE(out.result.ok());
  REQUIRE(out.rows.size() == ions.size());
  std::array<double, 8> population{}, prefix{};
  for (const Ion& ion : out.rows) population[static_cast<std::size_t>(root_octant(*out.result, ion))] += 1;
  const std::size_t k = ions.size() / 10;
  for (std::size_t r = 0; r < k; ++r)
    prefix[static_cast<std::size_t>(root_octant(*out.result, out.rows[r]))] += 1;
  double chi2 = 0;
  for (std::size_t o = 0; o < 8; ++o) {
    const double expected = static_cast<double>(k) * population[o] / static_cast<double>(ions.size());
    REQUIRE(expected > 100);
    chi2 += (prefix[o] - expected) * (prefix[o] - expected) / expected;
  }
  INFO("chi-square " << chi2);
  CHECK(chi2 < 40);  // P(chi2_7 > 40) ~ 1e-6
}

TEST_CASE("octree build: the first rows of a clustered cloud keep the cluster fraction", "[octree]") {
  // 180,000 background ions and 20,000 in a ball of 5 nm (fraction 0.1), input indices >= 180,000.
  const auto ions = concat(hs::test::uniform_ions(180000, {100, 100, 100}, 8),
                           hs::test::ball_ions(20000, {30, 30, 30}, 5, 9));
  const BuildOutput out = run_build(ions, OctreeBuildOptions{});
  REQUIRE(out.result.ok());
  const std::size_t k = ions.size() / 10;
  std::size_t in_cluster = 0;
  for (std::size_t r = 0; r < k; ++r) in_cluster += out.indices[r] >= 180000 ? 1 : 0;
  // Hypergeometric: mean k f, variance k f (1 - f) (N - k) / (N - 1).
  const double n = static_cast<double>(ions.size()), f = 0.1;
  const double mean = static_cast<double>(k) * f;
  const double sigma =
      std::sqrt(static_cast<double>(k) * f * (1 - f) * (n - static_cast<double>(k)) / (n - 1));
  INFO("cluster ions in the prefix: " << in_cluster << ", expected " << mean << " +- " << sigma);
  CHECK(std::abs(static_cast<double>(in_cluster) - mean) < 4 * sigma);
}

TEST_CASE("octree build: every node is a uniform sample of what its ancestors left", "[octree]") {
  // Capacity 2000 splits the clustered cloud over several levels. A node keeps n of the S ions of
  // its subtree, K of them in the cluster: its cluster count is hypergeometric (n, K, S).
  const auto ions = concat(hs::test::uniform_ions(180000, {100, 100, 100}, 10),
                           hs::test::ball_ions(20000, {30, 30, 30}, 5, 11));
  const OctreeBuildOptions options = options_with(2000);
  const BuildOutput out = run_build(ions, options);
  REQUIRE(out.result.ok());
  const std::vector<hs::OctreeNode>& nodes = out.result->nodes;
  hs::test::check_node_table(*out.result, out.rows, out.indices, options);
  std::vector<double> own(nodes.size()), subtree(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    for (std::uint64_t r = nodes[i].row_start; r < nodes[i].row_start + nodes[i].row_count; ++r) {
      own[i] += out.indices[r] >= 180000 ? 1 : 0;
    }
    subtree[i] = own[i];
  }
  for (std::size_t i = nodes.size(); i-- > 1;) subtree[nodes[i].parent] += subtree[i];
  int tested = 0;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const double n = static_cast<double>(nodes[i].row_count),
                 s = static_cast<double>(nodes[i].subtree_row_count);
    if (nodes[i].first_child == hs::kNoOctreeNode) continue;  // a leaf keeps everything
    const double f = subtree[i] / s;
    const double variance = n * f * (1 - f) * (s - n) / (s - 1);
    if (variance < 5) continue;
    ++tested;
    INFO("node " << i << ": " << own[i] << " cluster ions, expected " << n * f << " +- "
                 << std::sqrt(variance));
    CHECK(std::abs(own[i] - n * f) < 5 * std::sqrt(variance));
  }
  CHECK(tested >= 5);
}

TEST_CASE("octree build: no ions", "[octree]") {
  const BuildOutput out = run_build({}, options_with(8));
  REQUIRE(out.result.ok());
  CHECK(out.result->nodes.empty());
  CHECK(out.result->row_count == 0);
  CHECK(out.result->skipped_non_finite == 0);
  CHECK(out.result->notes.empty());
  CHECK(out.write_calls == 0);
}

TEST_CASE("octree build: one ion", "[octree]") {
  const std::vector<Ion> ions{Ion{1.5f, -2.0f, 3.25f, 27.0f}};
  const BuildOutput out = run_build(ions, options_with(8));
  REQUIRE(out.result.ok());
  REQUIRE(out.result->nodes.size() == 1);
  const hs::OctreeNode& root = out.result->nodes[0];
  CHECK(root.row_start == 0);
  CHECK(root.row_count == 1);
  CHECK(root.subtree_row_count == 1);
  CHECK(root.first_child == hs::kNoOctreeNode);
  CHECK(root.min_nm == std::array<double, 3>{1.5, -2.0, 3.25});
  CHECK(root.max_nm == std::array<double, 3>{1.5, -2.0, 3.25});
  CHECK(out.result->cube.edge_nm == 0);
  CHECK(out.rows == ions);
  CHECK(out.indices == std::vector<std::uint64_t>{0});
}

TEST_CASE("octree build: ions at one point fill a chain of nodes down to the maximum depth", "[octree]") {
  // Every mid-plane of a zero-size cube is the point itself, so each ion is on the upper side:
  // child 7 at every level. Levels 0..4 keep 8 ions each, level 5 the remaining 60.
  const std::vector<Ion> ions(100, Ion{3, 4, 5, 12});
  const OctreeBuildOptions options = options_with(8, 5);
  const BuildOutput out = run_build(ions, options);
  REQUIRE(out.result.ok());
  const std::vector<hs::OctreeNode>& nodes = out.result->nodes;
  REQUIRE(nodes.size() == 6);
  std::uint64_t path = 0;
  for (std::size_t level = 0; level < nodes.size(); ++level) {
    INFO("level " << level);
    CHECK(nodes[level].level == level);
    CHECK(nodes[level].path == path);
    CHECK(nodes[level].row_count == (level < 5 ? 8 : 60));
    CHECK(nodes[level].child_mask == (level < 5 ? 0x80 : 0));
    path = path * 8 + 7;
  }
  CHECK(out.result->overfull_node_count == 1);
  REQUIRE(out.result->notes.size() == 1);
  CHECK_THAT(out.result->notes[0], Catch::Contains("maximum depth 5") && Catch::Contains("the largest 60"));
  hs::test::check_node_table(*out.result, out.rows, out.indices, options);
  hs::test::check_matches_reference(out, hs::test::reference_octree(ions, 8, 5, 0));

  SECTION("the deepest level allowed") {
    const BuildOutput deepest = run_build(ions, options_with(1, hs::kMaxOctreeDepth));
    REQUIRE(deepest.result.ok());
    REQUIRE(deepest.result->nodes.size() == 22);
    CHECK(deepest.result->nodes.back().path == (std::uint64_t{1} << 63) - 1);  // 21 times child 7
    CHECK(deepest.result->nodes.back().row_count == 100 - 21);
  }
}

TEST_CASE("octree build: NaN and infinite ions are skipped and reported", "[octree]") {
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<Ion> ions = hs::test::uniform_ions(50, {2, 2, 2}, 12);
  ions[3].x_nm = nan;
  ions[10].y_nm = -inf;
  ions[20].mass_da = nan;
  ions.push_back(Ion{1e30f, 1, 1, 1});  // finite, far away: it stays and widens the cube
  const OctreeBuildOptions options = options_with(4);
  const BuildOutput out = run_build(ions, options);
  REQUIRE(out.result.ok());
  CHECK(out.result->skipped_non_finite == 3);
  CHECK(out.result->row_count == 48);
  REQUIRE(out.result->notes.size() == 1);
  CHECK_THAT(out.result->notes[0], Catch::Contains("test.pos: 3 of 51 ions skipped"));
  for (std::uint64_t skipped : {3, 10, 20})
    CHECK(std::count(out.indices.begin(), out.indices.end(), skipped) == 0);
  hs::test::check_matches_reference(out, hs::test::reference_octree(ions, 4, 20, 0));
  hs::test::check_node_table(*out.result, out.rows, out.indices, options);

  SECTION("only non-finite ions: nothing to place") {
    const BuildOutput none = run_build(std::vector<Ion>(5, Ion{nan, 0, 0, 1}), options);
    REQUIRE(none.result.ok());
    CHECK(none.result->nodes.empty());
    CHECK(none.result->skipped_non_finite == 5);
    CHECK(none.write_calls == 0);
  }
}

TEST_CASE("octree build: cancelling returns an error", "[octree]") {
  const std::vector<Ion> ions = hs::test::uniform_ions(100000, {10, 10, 10}, 13);
  std::atomic<bool> cancel{false};
  OctreeBuildOptions options = options_with(1000);
  options.source_name = "cancel.pos";
  options.cancel = &cancel;
  double cancelled_at = -1;
  options.progress = [&](double fraction) {
    if (fraction >= 0.5 && !cancel) {
      cancelled_at = fraction;
      cancel = true;
    }
  };
  const BuildOutput out = run_build(ions, options);
  REQUIRE_FALSE(out.result.ok());
  CHECK(cancelled_at >= 0.5);
  CHECK(out.result.error().code == hs::ErrorCode::io);
  CHECK(out.result.error().message == "cancel.pos: octree build cancelled");
  CHECK(out.rows.size() < ions.size());
}

TEST_CASE("octree build: reader and writer errors come back unchanged", "[octree]") {
  const std::vector<Ion> ions = hs::test::uniform_ions(40000, {1, 1, 1}, 14);
  SECTION("reader") {
    const hs::IonReadFn failing = [&](std::uint64_t first, std::uint64_t count,
                                      std::span<Ion> out) -> hs::Status {
      if (first > 0)
        return hs::make_error(hs::ErrorCode::parse, "bad.pos: truncated at ion " + std::to_string(first));
      return hs::test::vector_reader(ions)(first, count, out);
    };
    const BuildOutput out = run_build(ions, options_with(100), failing);
    REQUIRE_FALSE(out.result.ok());
    CHECK(out.result.error().code == hs::ErrorCode::parse);
    CHECK(out.result.error().message == "bad.pos: truncated at ion 16384");
  }
  SECTION("writer") {
    int calls = 0;
    const hs::IonWriteFn failing = [&](std::span<const Ion>) -> hs::Status {
      return ++calls == 2 ? hs::Status{hs::make_error(hs::ErrorCode::io, "out.zarr: disk full")}
                          : hs::Status{};
    };
    const auto result =
        hs::build_octree(ions.size(), hs::test::vector_reader(ions), failing, options_with(100));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message == "out.zarr: disk full");
    CHECK(calls == 2);
  }
}

TEST_CASE("octree build: invalid options are rejected", "[octree]") {
  const std::vector<Ion> ions = hs::test::uniform_ions(10, {1, 1, 1}, 15);
  for (const OctreeBuildOptions& options : {options_with(0), options_with(8, -1), options_with(8, 22)}) {
    const BuildOutput out = run_build(ions, options);
    REQUIRE_FALSE(out.result.ok());
    CHECK(out.result.error().code == hs::ErrorCode::invalid_argument);
    CHECK_THAT(out.result.error().message, Catch::StartsWith("test.pos: "));
    CHECK(out.write_calls == 0);
  }
}

TEST_CASE("octree build: progress rises to 1 and rows arrive in batches", "[octree]") {
  const std::vector<Ion> ions = hs::test::uniform_ions(50000, {1, 1, 1}, 16);
  OctreeBuildOptions options = options_with(500);
  std::vector<double> reports;
  options.progress = [&](double fraction) { reports.push_back(fraction); };
  const BuildOutput out = run_build(ions, options);
  REQUIRE(out.result.ok());
  REQUIRE(reports.size() >= 10);
  CHECK(reports.front() == 0.0);
  CHECK(reports.back() == 1.0);
  CHECK(std::is_sorted(reports.begin(), reports.end()));
  CHECK(out.write_calls == 4);  // 16384-row batches: 3 full ones and the rest
}
