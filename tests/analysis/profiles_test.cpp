// Depth, normalised-depth and radial profiles on hand-built particles whose distances are known in
// closed form (boxes: the distance to the outside is the distance to the nearest face), plus the
// CSV layout and the errors.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "analysis/profiles.h"

namespace hs {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Fills box [lo, hi) of `grid` with `label`.
void fill_box(LabelGrid& grid, std::array<std::int64_t, 3> lo, std::array<std::int64_t, 3> hi, std::uint32_t label) {
  for (std::int64_t z = lo[0]; z < hi[0]; ++z) {
    for (std::int64_t y = lo[1]; y < hi[1]; ++y) {
      for (std::int64_t x = lo[2]; x < hi[2]; ++x) grid.at(z, y, x) = label;
    }
  }
}

// Depth of voxel p in box [lo, hi) surrounded by outside: the nearest outside voxel centre lies
// straight across the nearest face, (1 + voxels to that face) × voxel edge along that axis.
double box_depth(std::array<std::int64_t, 3> p, std::array<std::int64_t, 3> lo, std::array<std::int64_t, 3> hi,
                 const std::array<double, 3>& size) {
  double best = std::numeric_limits<double>::infinity();
  for (std::size_t a = 0; a < 3; ++a) {
    const auto steps = static_cast<double>(1 + std::min(p[a] - lo[a], hi[a] - 1 - p[a]));
    best = std::min(best, steps * size[a]);
  }
  return best;
}

const ProfileRow& row_of(const ProfileTable& table, std::uint32_t label, std::size_t input, std::uint32_t shell) {
  for (const ProfileRow& row : table.rows) {
    if (row.label == label && row.input == input && row.shell == shell) return row;
  }
  FAIL("no row for label " << label << " input " << input << " shell " << shell);
  return table.rows.front();
}

std::size_t rows_of(const ProfileTable& table, std::uint32_t label) {
  std::size_t n = 0;
  for (const ProfileRow& row : table.rows) n += row.label == label;
  return n;
}

}  // namespace

TEST_CASE("profiles: depth shells of a cube count its onion layers", "[profiles]") {
  LabelGrid labels = make_grid(GridShape{7, 7, 7}, std::uint32_t{0});
  fill_box(labels, {1, 1, 1}, {6, 6, 6}, 1);
  // Value of a voxel: 10 × its layer (1 at the surface, 3 at the centre), computed by hand.
  FloatGrid values = make_grid(GridShape{7, 7, 7}, 0.0f);
  for (std::int64_t z = 1; z < 6; ++z) {
    for (std::int64_t y = 1; y < 6; ++y) {
      for (std::int64_t x = 1; x < 6; ++x) values.at(z, y, x) = static_cast<float>(10 * box_depth({z, y, x}, {1, 1, 1}, {6, 6, 6}, {1, 1, 1}));
    }
  }
  ProfileOptions options;
  options.shell_width = 1.0;
  auto table = compute_profiles(labels, {ProfileInput{0, 0, "", "v", "", &values, {}}}, options);
  REQUIRE(table.ok());
  REQUIRE(table->rows.size() == 4);  // shells [0,1) (empty), [1,2), [2,3), [3,4)
  CHECK(row_of(*table, 1, 0, 0).voxels == 0);
  CHECK(std::isnan(row_of(*table, 1, 0, 0).stats.mean));
  CHECK(row_of(*table, 1, 0, 1).voxels == 125 - 27);
  CHECK(row_of(*table, 1, 0, 2).voxels == 27 - 1);
  CHECK(row_of(*table, 1, 0, 3).voxels == 1);
  for (std::uint32_t k = 1; k <= 3; ++k) {
    const ProfileRow& row = row_of(*table, 1, 0, k);
    CHECK(row.stats.mean == Approx(10.0 * k));
    CHECK(row.stats.median == Approx(10.0 * k));
    CHECK(row.stats.std == Approx(0.0).margin(1e-12));
    CHECK(row.shell_start == Approx(k));
    CHECK(row.shell_end == Approx(k + 1));
  }
}

TEST_CASE("profiles: normalised depth puts the core in the last shell", "[profiles]") {
  LabelGrid labels = make_grid(GridShape{7, 7, 7}, std::uint32_t{0});
  fill_box(labels, {1, 1, 1}, {6, 6, 6}, 1);
  FloatGrid values = make_grid(GridShape{7, 7, 7}, 1.0f);
  ProfileOptions options;
  options.by = ProfileBy::normalized_depth;
  options.shell_count = 3;  // d / d_max = 1/3, 2/3, 1 -> shells 1, 2, 2 (1 is clamped to the last)
  auto table = compute_profiles(labels, {ProfileInput{0, 0, "", "", "", &values, {}}}, options);
  REQUIRE(table.ok());
  REQUIRE(table->rows.size() == 3);
  CHECK(row_of(*table, 1, 0, 0).voxels == 0);
  CHECK(row_of(*table, 1, 0, 1).voxels == 98);
  CHECK(row_of(*table, 1, 0, 2).voxels == 27);
  CHECK(row_of(*table, 1, 0, 2).shell_end == 1.0);
  CHECK(row_of(*table, 1, 0, 1).shell_start == Approx(1.0 / 3));
}

TEST_CASE("profiles: radial shells of a cube count lattice points by distance", "[profiles]") {
  LabelGrid labels = make_grid(GridShape{9, 9, 9}, std::uint32_t{0});
  fill_box(labels, {2, 2, 2}, {7, 7, 7}, 4);
  FloatGrid values = make_grid(GridShape{9, 9, 9}, 2.0f);
  ProfileOptions options;
  options.by = ProfileBy::radius;
  options.shell_width = 1.0;
  auto table = compute_profiles(labels, {ProfileInput{0, 0, "", "", "", &values, {}}}, options);
  REQUIRE(table.ok());
  // Offsets in {-2..2}^3 by squared length: 0:1, 1:6, 2:12, 3:8 | 4:6, 5:24, 6:24, 8:12 | 9:24, 12:8.
  REQUIRE(table->rows.size() == 4);
  CHECK(row_of(*table, 4, 0, 0).voxels == 1);
  CHECK(row_of(*table, 4, 0, 1).voxels == 26);
  CHECK(row_of(*table, 4, 0, 2).voxels == 66);
  CHECK(row_of(*table, 4, 0, 3).voxels == 32);
}

TEST_CASE("profiles: anisotropic voxels measure depth in length units", "[profiles]") {
  const std::array<double, 3> size{2.0, 0.5, 1.0};
  LabelGrid labels = make_grid(GridShape{7, 12, 9}, std::uint32_t{0}, VoxelSize{size, "micrometer"});
  const std::array<std::int64_t, 3> lo{1, 1, 1}, hi{6, 11, 8};
  fill_box(labels, lo, hi, 1);
  FloatGrid values = make_grid(GridShape{7, 12, 9}, 0.0f, VoxelSize{size, "micrometer"});
  const double width = 0.75;
  std::vector<std::uint64_t> expected;
  for (std::int64_t z = lo[0]; z < hi[0]; ++z) {
    for (std::int64_t y = lo[1]; y < hi[1]; ++y) {
      for (std::int64_t x = lo[2]; x < hi[2]; ++x) {
        const double d = box_depth({z, y, x}, lo, hi, size);
        const auto k = static_cast<std::size_t>(std::floor(d / width));
        if (expected.size() <= k) expected.resize(k + 1, 0);
        ++expected[k];
        values.at(z, y, x) = static_cast<float>(d);
      }
    }
  }
  ProfileOptions options;
  options.shell_width = width;
  auto table = compute_profiles(labels, {ProfileInput{0, 0, "", "", "", &values, {}}}, options);
  REQUIRE(table.ok());
  REQUIRE(table->rows.size() == expected.size());
  for (std::size_t k = 0; k < expected.size(); ++k) {
    const ProfileRow& row = row_of(*table, 1, 0, static_cast<std::uint32_t>(k));
    CHECK(row.voxels == expected[k]);
    if (row.voxels > 0) {
      CHECK(row.stats.min >= row.shell_start - 1e-6);
      CHECK(row.stats.max < row.shell_end + 1e-6);
    }
  }
}

TEST_CASE("profiles: a touching particle counts as outside", "[profiles]") {
  LabelGrid labels = make_grid(GridShape{5, 5, 8}, std::uint32_t{0});
  fill_box(labels, {1, 1, 1}, {4, 4, 4}, 1);
  fill_box(labels, {1, 1, 4}, {4, 4, 7}, 2);
  FloatGrid values = make_grid(GridShape{5, 5, 8}, 1.0f);
  ProfileOptions options;
  auto table = compute_profiles(labels, {ProfileInput{0, 0, "", "", "", &values, {}}}, options);
  REQUIRE(table.ok());
  for (std::uint32_t label : {1u, 2u}) {
    REQUIRE(rows_of(*table, label) == 3);
    CHECK(row_of(*table, label, 0, 1).voxels == 26);  // were particle 2 inside, its face would be deeper
    CHECK(row_of(*table, label, 0, 2).voxels == 1);
  }
}

TEST_CASE("profiles: no-data voxels, the characteristic range, several inputs and a label subset", "[profiles]") {
  LabelGrid labels = make_grid(GridShape{5, 5, 12}, std::uint32_t{0});
  fill_box(labels, {1, 1, 1}, {4, 4, 4}, 1);
  fill_box(labels, {1, 1, 6}, {4, 4, 9}, 3);
  FloatGrid a = make_grid(GridShape{5, 5, 12}, 5.0f), b = make_grid(GridShape{5, 5, 12}, 8.0f);
  a.at(1, 1, 6) = kNaN;     // a surface voxel of particle 3 without data
  a.at(1, 2, 6) = 100.0f;   // and one outside [0, 10]
  a.at(1, 3, 6) = 7.0f;
  ProfileOptions options;
  options.labels = {3};
  std::vector<ProfileInput> inputs = {{0, 0, "t0", "a", "Å", &a, std::pair{0.0, 10.0}}, {1, 0, "t1", "a", "Å", &b, {}}};
  auto table = compute_profiles(labels, inputs, options);
  REQUIRE(table.ok());
  CHECK(rows_of(*table, 1) == 0);
  REQUIRE(rows_of(*table, 3) == 6);
  const ProfileRow& surface = row_of(*table, 3, 0, 1);
  CHECK(surface.voxels == 26);
  CHECK(surface.stats.count == 25);
  CHECK(surface.stats.mean == Approx((23 * 5.0 + 100.0 + 7.0) / 25));
  CHECK(surface.stats.median == 5.0);
  CHECK(surface.stats.fraction_out_of_range == Approx(1.0 / 25));
  CHECK(row_of(*table, 3, 1, 1).stats.mean == 8.0);
  CHECK(row_of(*table, 3, 1, 1).stats.count == 26);
  CHECK(row_of(*table, 3, 1, 1).stats.fraction_out_of_range == 0.0);
}

TEST_CASE("profiles: CSV header names units and empty statistics stay empty", "[profiles]") {
  LabelGrid labels = make_grid(GridShape{3, 3, 3}, std::uint32_t{0}, VoxelSize{{2, 2, 2}, "micrometer"});
  labels.at(1, 1, 1) = 7;
  FloatGrid values = make_grid(GridShape{3, 3, 3}, 8.25f, VoxelSize{{2, 2, 2}, "micrometer"});
  ProfileOptions options;
  options.shell_width = 1.5;  // depth 2 µm -> shell 1; shell 0 is empty
  auto table = compute_profiles(labels, {ProfileInput{2, 1, "charged", "a, refined", "Å", &values, std::pair{8.0, 8.2}}},
                                options);
  REQUIRE(table.ok());
  CHECK(profiles_csv(*table) ==
        "label,time,time_label,channel,channel_label,profile,shell,shell_start_um,shell_end_um,voxels,count,mean,std,"
        "median,fraction_out_of_range,value_unit\n"
        "7,2,charged,1,\"a, refined\",depth,0,0,1.5,0,0,,,,,Å\n"
        "7,2,charged,1,\"a, refined\",depth,1,1.5,3,1,1,8.25,0,8.25,1,Å\n");
  options.by = ProfileBy::normalized_depth;
  options.shell_count = 2;
  auto relative = compute_profiles(labels, {ProfileInput{0, 0, "", "", "", &values, {}}}, options);
  REQUIRE(relative.ok());
  const std::string csv = profiles_csv(*relative);
  CHECK(csv.find(",shell_start_relative,shell_end_relative,") != std::string::npos);
  CHECK(csv.find("7,0,,0,,normalized-depth,1,0.5,1,1,1,8.25,0,8.25,,\n") != std::string::npos);  // no range given
}

TEST_CASE("profiles: bad requests are errors that say what is wrong", "[profiles]") {
  LabelGrid labels = make_grid(GridShape{3, 3, 3}, std::uint32_t{0});
  labels.at(1, 1, 1) = 1;
  FloatGrid values = make_grid(GridShape{3, 3, 3}, 1.0f);
  FloatGrid other = make_grid(GridShape{3, 3, 4}, 1.0f);
  ProfileOptions options;
  options.labels = {2};
  auto absent = compute_profiles(labels, {ProfileInput{0, 0, "", "", "", &values, {}}}, options);
  REQUIRE(!absent.ok());
  CHECK(absent.error().message == "profiles: label 2 is not in the labels image");
  options.labels.clear();
  auto shape = compute_profiles(labels, {ProfileInput{0, 3, "", "", "", &other, {}}}, options);
  REQUIRE(!shape.ok());
  CHECK(shape.error().message.find("channel 3") != std::string::npos);
  options.shell_width = 0;
  CHECK(!compute_profiles(labels, {}, options).ok());
  options.shell_width = std::numeric_limits<double>::quiet_NaN();
  CHECK(!compute_profiles(labels, {}, options).ok());
  options.by = ProfileBy::normalized_depth;
  options.shell_count = 0;
  CHECK(!compute_profiles(labels, {}, options).ok());
  LabelGrid full = make_grid(GridShape{2, 2, 2}, std::uint32_t{1});
  options = {};
  auto filled = compute_profiles(full, {}, options);
  REQUIRE(!filled.ok());
  CHECK(filled.error().message.find("no surface") != std::string::npos);
  // A huge label value takes the sorted path, not a table of 4 billion entries.
  labels.at(0, 0, 0) = 4000000000u;
  options.by = ProfileBy::radius;
  auto huge = compute_profiles(labels, {ProfileInput{0, 0, "", "", "", &values, {}}}, options);
  REQUIRE(huge.ok());
  CHECK(rows_of(*huge, 4000000000u) == 1);
  CHECK(rows_of(*huge, 1) == 1);
}

TEST_CASE("profiles: names of the profile kinds read back", "[profiles]") {
  for (ProfileBy by : {ProfileBy::depth, ProfileBy::normalized_depth, ProfileBy::radius}) {
    CHECK(parse_profile_by(profile_by_name(by)) == by);
  }
  CHECK(!parse_profile_by("Depth").has_value());
}

}  // namespace hs
