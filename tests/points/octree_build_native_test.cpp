// Octree builder through temporary files (native only: needs a file system): the same bytes as in
// memory and as the brute-force octree, selection passes at the maximum depth, and clean-up of the
// temporary files after success, errors and cancellation.
#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "octree_test_support.h"
#include "points/octree_build.h"

namespace {

namespace fs = std::filesystem;
using hs::Ion;
using hs::OctreeBuildOptions;
using hs::test::BuildOutput;
using hs::test::run_build;

// A fresh directory under the system's temporary directory, removed at the end.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name)
      : path_(fs::temp_directory_path() / ("hs-octree-test-" + name)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string path() const { return path_.string(); }
  // Files anywhere below the directory.
  std::size_t file_count() const {
    std::size_t n = 0;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(path_))
      n += entry.is_regular_file() ? 1 : 0;
    return n;
  }
  bool empty() const { return fs::is_empty(path_); }

 private:
  fs::path path_;
};

OctreeBuildOptions spill_options(std::uint64_t capacity, std::uint64_t budget_ions, const ScratchDir& dir,
                                 int max_depth = 20) {
  OctreeBuildOptions options;
  options.node_capacity = capacity;
  options.max_depth = max_depth;
  options.memory_budget_bytes = budget_ions * hs::kOctreeBytesPerIon;
  options.temp_dir = dir.path();
  options.source_name = "spill.pos";
  return options;
}

// Builds in memory and through temporary files; both must give the reference's bytes.
void check_spill_matches_memory(const std::vector<Ion>& ions, const OctreeBuildOptions& spilling) {
  OctreeBuildOptions in_memory = spilling;
  in_memory.memory_budget_bytes = std::uint64_t{1} << 30;
  const BuildOutput memory = run_build(ions, in_memory);
  const BuildOutput spilled = run_build(ions, spilling);
  REQUIRE(memory.result.ok());
  REQUIRE(spilled.result.ok());
  CHECK_FALSE(memory.result->spilled);
  CHECK(spilled.result->spilled);
  CHECK(hs::test::same_bytes(memory.rows, spilled.rows));
  CHECK(memory.indices == spilled.indices);
  CHECK(memory.result->nodes == spilled.result->nodes);
  CHECK(memory.result->cube == spilled.result->cube);
  CHECK(memory.result->notes == spilled.result->notes);
  hs::test::check_matches_reference(
      spilled, hs::test::reference_octree(ions, spilling.node_capacity, spilling.max_depth, spilling.seed));
  hs::test::check_node_table(*spilled.result, spilled.rows, spilled.indices, spilling);
}

std::vector<Ion> concat(std::vector<Ion> a, const std::vector<Ion>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("octree build: the spill path writes the same bytes as the in-memory path", "[octree]") {
  ScratchDir dir("same-bytes");
  SECTION("uniform ions, two levels streamed") {
    check_spill_matches_memory(hs::test::uniform_ions(3000, {10, 7, 5}, 21), spill_options(7, 64, dir));
  }
  SECTION("a cluster in a background, streamed down to the cluster") {
    const auto ions = concat(hs::test::uniform_ions(2000, {50, 50, 50}, 22),
                             hs::test::ball_ions(3000, {12, 40, 33}, 1, 23));
    OctreeBuildOptions options = spill_options(16, 200, dir);
    options.seed = 77;
    check_spill_matches_memory(ions, options);
  }
  SECTION("ions at one point: selection passes at the maximum depth") {
    // Levels 0..2 keep 4 each; the level-3 node holds 388 ions, sorted in 8 passes of 50.
    std::vector<Ion> ions(400, Ion{1, 1, 1, 5});
    check_spill_matches_memory(ions, spill_options(4, 50, dir, 3));
  }
  SECTION("the root at maximum depth 0 is sorted by selection passes over the input") {
    check_spill_matches_memory(hs::test::uniform_ions(500, {1, 1, 1}, 24), spill_options(10, 64, dir, 0));
  }
  SECTION("non-finite ions are skipped on both passes") {
    std::vector<Ion> ions = hs::test::uniform_ions(1000, {3, 3, 3}, 25);
    for (std::size_t i = 0; i < ions.size(); i += 7) ions[i].z_nm = std::numeric_limits<float>::quiet_NaN();
    check_spill_matches_memory(ions, spill_options(5, 40, dir));
  }
  SECTION("a larger cloud, budget smaller than one input batch") {
    const auto ions = concat(hs::test::uniform_ions(25000, {80, 80, 80}, 26),
                             hs::test::ball_ions(5000, {20, 60, 20}, 3, 27));
    check_spill_matches_memory(ions, spill_options(32, 2000, dir));
  }
  CHECK(dir.empty());
}

TEST_CASE("octree build: skipped ions can make spilling unnecessary", "[octree]") {
  // 1000 ions do not fit a budget of 100, but only 50 are finite: no temporary files, no temp_dir.
  std::vector<Ion> ions = hs::test::uniform_ions(1000, {1, 1, 1}, 28);
  for (std::size_t i = 0; i < ions.size(); ++i) {
    if (i % 20 != 0) ions[i].x_nm = std::numeric_limits<float>::infinity();
  }
  OctreeBuildOptions options;
  options.node_capacity = 4;
  options.memory_budget_bytes = 100 * hs::kOctreeBytesPerIon;
  const BuildOutput out = run_build(ions, options);
  REQUIRE(out.result.ok());
  CHECK_FALSE(out.result->spilled);
  CHECK(out.result->skipped_non_finite == 950);
  hs::test::check_matches_reference(out, hs::test::reference_octree(ions, 4, 20, 0));
}

TEST_CASE("octree build: spilling needs a temporary directory and room for one node", "[octree]") {
  ScratchDir dir("needs");
  const std::vector<Ion> ions = hs::test::uniform_ions(1000, {1, 1, 1}, 29);
  SECTION("no directory") {
    OctreeBuildOptions options = spill_options(8, 100, dir);
    options.temp_dir.clear();
    const BuildOutput out = run_build(ions, options);
    REQUIRE_FALSE(out.result.ok());
    CHECK(out.result.error().code == hs::ErrorCode::invalid_argument);
    CHECK(out.result.error().message ==
          "spill.pos: 1000 ions do not fit the memory budget: no directory for temporary files was given");
  }
  SECTION("a directory that does not exist") {
    OctreeBuildOptions options = spill_options(8, 100, dir);
    options.temp_dir = dir.path() + "/missing/deeper";
    const BuildOutput out = run_build(ions, options);
    REQUIRE_FALSE(out.result.ok());
    CHECK(out.result.error().code == hs::ErrorCode::io);
    CHECK_THAT(out.result.error().message,
               Catch::Contains("missing/deeper") && Catch::Contains("temporary directory"));
  }
  SECTION("a budget smaller than one node") {
    const BuildOutput out = run_build(ions, spill_options(200, 100, dir));
    REQUIRE_FALSE(out.result.ok());
    CHECK(out.result.error().code == hs::ErrorCode::invalid_argument);
    CHECK_THAT(out.result.error().message, Catch::Contains("room for one node (200 ions, 4800 bytes)"));
  }
  CHECK(dir.empty());
  CHECK(fs::exists(dir.path()));
}

TEST_CASE("octree build: cancelling a spilled build removes its temporary files", "[octree]") {
  ScratchDir dir("cancel");
  const std::vector<Ion> ions = hs::test::uniform_ions(20000, {5, 5, 5}, 30);
  std::atomic<bool> cancel{false};
  OctreeBuildOptions options = spill_options(16, 500, dir);
  options.cancel = &cancel;

  SECTION("while writing the output") {
    std::size_t files_seen = 0;
    const hs::IonWriteFn write = [&](std::span<const Ion>) -> hs::Status {
      files_seen = dir.file_count();
      cancel = true;
      return {};
    };
    const auto result = hs::build_octree(ions.size(), hs::test::vector_reader(ions), write, options);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message == "spill.pos: octree build cancelled");
    CHECK(files_seen > 0);
  }
  SECTION("during the first streaming pass over the input") {
    int reads = 0;
    const hs::IonReadFn read = [&](std::uint64_t first, std::uint64_t count,
                                   std::span<Ion> out) -> hs::Status {
      if (++reads == 3) cancel = true;  // pass 1 takes 2 reads of 16384 ions
      return hs::test::vector_reader(ions)(first, count, out);
    };
    const BuildOutput out = run_build(ions, options, read);
    REQUIRE_FALSE(out.result.ok());
    CHECK(out.result.error().message == "spill.pos: octree build cancelled");
    CHECK(out.write_calls == 0);
  }
  CHECK(dir.empty());
}

TEST_CASE("octree build: errors during a spilled build remove its temporary files", "[octree]") {
  ScratchDir dir("errors");
  const std::vector<Ion> ions = hs::test::uniform_ions(5000, {5, 5, 5}, 31);
  const OctreeBuildOptions options = spill_options(16, 500, dir);
  SECTION("the writer fails") {
    const hs::IonWriteFn write = [](std::span<const Ion>) -> hs::Status {
      return hs::make_error(hs::ErrorCode::io, "out.zarr: disk full");
    };
    const auto result = hs::build_octree(ions.size(), hs::test::vector_reader(ions), write, options);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message == "out.zarr: disk full");
  }
  SECTION("an ion moves outside the first pass's bounds") {
    int reads = 0;
    const hs::IonReadFn read = [&](std::uint64_t first, std::uint64_t count,
                                   std::span<Ion> out) -> hs::Status {
      hs::Status status = hs::test::vector_reader(ions)(first, count, out);
      if (++reads == 2) out[7].x_nm = 100;
      return status;
    };
    const BuildOutput out = run_build(ions, options, read);
    REQUIRE_FALSE(out.result.ok());
    CHECK(out.result.error().code == hs::ErrorCode::io);
    CHECK(out.result.error().message == "spill.pos: the input changed between two reads: ion 7 moved");
  }
  SECTION("an ion turns non-finite in the second pass") {
    int reads = 0;
    const hs::IonReadFn read = [&](std::uint64_t first, std::uint64_t count,
                                   std::span<Ion> out) -> hs::Status {
      hs::Status status = hs::test::vector_reader(ions)(first, count, out);
      if (++reads == 2) out[7].mass_da = std::numeric_limits<float>::quiet_NaN();
      return status;
    };
    const BuildOutput out = run_build(ions, options, read);
    REQUIRE_FALSE(out.result.ok());
    CHECK(out.result.error().message ==
          "spill.pos: the input changed between two reads: it held 5000 finite ions, then 4999");
  }
  CHECK(dir.empty());
}
