// Reference check: the particle table against brute-force scipy.ndimage / numpy per label
// (tests/reference/particles_check.py): counts, centroids, boxes and channel statistics.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "analysis/labeling.h"
#include "analysis/particle_fixtures.h"
#include "analysis/particles.h"
#include "analysis/watershed.h"
#include "support/python_reference.h"

namespace hs {
namespace {

template <class T>
void write_raw(const std::string& path, const std::vector<T>& values) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(T)));
}

// Equal within 1e-9 relative, or both NaN.
bool close(double ours, double expected) {
  if (std::isnan(expected)) return std::isnan(ours);
  return std::abs(ours - expected) <= 1e-9 * std::max(1.0, std::abs(expected));
}

void compare_with_numpy(const LabelGrid& labels, std::uint64_t seed) {
  constexpr double kLo = 8.05, kHi = 8.15;
  std::vector<FloatGrid> grids;
  test::Lcg lcg{seed};
  for (int k = 0; k < 2; ++k) {
    FloatGrid grid = make_grid<float>(labels.shape, 0.0f, labels.voxel);
    for (float& v : grid.values) v = lcg.uniform() < 0.1 ? std::nanf("") : static_cast<float>(8.0 + 0.2 * lcg.uniform());
    grids.push_back(std::move(grid));
  }
  const std::array<double, 3> origin{-3.0, 1.5, 100.0};
  const std::vector<ParticleChannel> channels{{"a (Å)", 0, &grids[0], {{kLo, kHi}}}, {"a (Å)", 1, &grids[1], {{kLo, kHi}}}};
  const Result<ParticleTable> table = particle_table(labels, channels, ParticleParams{origin});
  REQUIRE(table.ok());

  test::ScratchFolder folder;
  write_raw(folder.path + "/labels.u32", labels.values);
  for (int k = 0; k < 2; ++k) write_raw(folder.path + "/channel" + std::to_string(k) + ".f32", grids[k].values);
  const auto& s = labels.shape;
  const std::string printed =
      test::run_python_reference("tests/reference/particles_check.py", "'" + folder.path + "' " + std::to_string(s.nz) + " " +
                                                                           std::to_string(s.ny) + " " + std::to_string(s.nx) +
                                                                           " 2 8.05 8.15");
  INFO("scipy: " << printed);
  constexpr std::size_t kColumns = 11 + 2 * 5;
  std::vector<double> expected(table->particles.size() * kColumns);
  std::ifstream file(folder.path + "/table.f64", std::ios::binary);
  file.read(reinterpret_cast<char*>(expected.data()), static_cast<std::streamsize>(expected.size() * sizeof(double)));
  REQUIRE(file.gcount() == static_cast<std::streamsize>(expected.size() * sizeof(double)));
  REQUIRE(file.peek() == std::char_traits<char>::eof());  // same number of particles

  for (std::size_t r = 0; r < table->particles.size(); ++r) {
    const Particle& p = table->particles[r];
    const double* row = expected.data() + r * kColumns;
    INFO("label " << p.label);
    REQUIRE(p.label == row[0]);
    CHECK(p.voxel_count == row[1]);
    for (int k = 0; k < 3; ++k) {
      CHECK(close(p.centroid_zyx[k], row[2 + k] * labels.voxel.zyx[k] + origin[k]));
      CHECK(p.box_begin_zyx[k] == row[5 + k]);
      CHECK(p.box_end_zyx[k] == row[8 + k]);
    }
    for (std::size_t c = 0; c < 2; ++c) {
      const double* stats = row + 11 + 5 * c;
      const ValueStats& ours = p.channels[c];
      CHECK(ours.count == stats[0]);
      CHECK(close(ours.mean, stats[1]));
      CHECK(close(ours.std, stats[2]));
      CHECK(close(ours.median, stats[3]));
      CHECK(close(ours.fraction_out_of_range, stats[4]));
    }
  }
}

TEST_CASE("particle_table matches scipy and numpy per label", "[particles][reference]") {
  SECTION("random mask components") {
    const MaskGrid mask = test::random_mask({20, 24, 28}, 0.3, 17, VoxelSize{{2.0, 0.5, 1.0}, "nanometer"});
    compare_with_numpy(label_components(mask, Connectivity::corners26).grid, 4);
  }
  SECTION("split touching balls") {
    MaskGrid mask = make_grid<std::uint8_t>({30, 40, 50}, 0, VoxelSize{{1.0, 0.75, 1.0}, "micrometer"});
    test::Lcg lcg{8};
    for (int k = 0; k < 8; ++k) {
      const std::array<double, 3> centre{6 + 18 * lcg.uniform(), 6 + 18 * lcg.uniform(), 6 + 38 * lcg.uniform()};
      test::paint_ball(mask, centre, 4 + 4 * lcg.uniform(), std::uint8_t{1});
    }
    const Result<Labels> split = split_particles(mask, SplitParams{1.0});
    REQUIRE(split.ok());
    compare_with_numpy(split->grid, 5);
  }
}

}  // namespace
}  // namespace hs
