// Profiles against a brute-force numpy/scipy computation (tests/reference/profiles_check.py) on a
// synthetic labelled volume with touching ellipsoids, anisotropic voxels and no-data voxels: every
// shell's voxel and value counts exact, mean/std/median/fraction within 1e-6.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <tuple>

#include "analysis/profiles.h"
#include "support/python_reference.h"

namespace hs {
namespace {

// A small deterministic generator (64-bit LCG, top 53 bits) for test volumes.
struct Lcg {
  std::uint64_t state;
  double uniform() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  }
};

struct Volume {
  LabelGrid labels;
  std::vector<FloatGrid> inputs;
};

// Ellipsoids (some overlapping: the nearest centre in ellipsoid distance wins) in a 20×26×30 grid
// with voxels 1.0 × 0.8 × 1.2; two inputs: a radial law with noise, and noise with 3% NaN.
Volume make_volume() {
  const VoxelSize voxel{{1.0, 0.8, 1.2}, "micrometer"};
  const GridShape shape{20, 26, 30};
  Volume v{make_grid(shape, std::uint32_t{0}, voxel), {}};
  v.inputs.assign(2, make_grid(shape, 0.0f, voxel));
  struct Ellipsoid {
    std::array<double, 3> centre, semi;
  };
  const std::vector<Ellipsoid> particles = {{{10, 10, 10}, {6, 7, 6}},  {{9, 12, 22}, {5, 6, 5}},
                                            {{12, 20, 14}, {4, 4.5, 4}}, {{4, 4, 28}, {3, 3, 3}},
                                            {{16, 3, 3}, {3.5, 2.5, 3}}};
  Lcg rng{42};
  for (std::int64_t z = 0; z < shape.nz; ++z) {
    for (std::int64_t y = 0; y < shape.ny; ++y) {
      for (std::int64_t x = 0; x < shape.nx; ++x) {
        const std::array<double, 3> p{z * voxel.zyx[0], y * voxel.zyx[1], x * voxel.zyx[2]};
        double best = 1.0;
        std::uint32_t label = 0;
        for (std::size_t n = 0; n < particles.size(); ++n) {
          double rho2 = 0;
          for (std::size_t a = 0; a < 3; ++a) {
            const double d = (p[a] - particles[n].centre[a]) / particles[n].semi[a];
            rho2 += d * d;
          }
          if (rho2 < best) best = rho2, label = static_cast<std::uint32_t>(n + 1);
        }
        v.labels.at(z, y, x) = label;
        v.inputs[0].at(z, y, x) = static_cast<float>(8.1 + 0.05 * best + 0.01 * rng.uniform());
        const double r = rng.uniform();
        v.inputs[1].at(z, y, x) = r < 0.03 ? std::numeric_limits<float>::quiet_NaN() : static_cast<float>(100 * r);
      }
    }
  }
  return v;
}

template <class T>
void write_raw(const std::string& path, const std::vector<T>& values) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(values.data()), static_cast<std::streamsize>(values.size() * sizeof(T)));
}

void compare_with_reference(const Volume& v, const ProfileOptions& options) {
  const std::vector<std::optional<std::pair<double, double>>> ranges = {std::pair{8.11, 8.14}, std::nullopt};
  std::vector<ProfileInput> inputs;
  for (std::size_t i = 0; i < v.inputs.size(); ++i) inputs.push_back({i, 0, "", "", "", &v.inputs[i], ranges[i]});
  auto table = compute_profiles(v.labels, inputs, options);
  REQUIRE(table.ok());

  test::ScratchFolder folder;
  write_raw(folder.path + "/labels.u32", v.labels.values);
  for (std::size_t i = 0; i < v.inputs.size(); ++i) write_raw(folder.path + "/input" + std::to_string(i) + ".f32", v.inputs[i].values);
  std::ofstream(folder.path + "/params.json")
      << "{\"shape\": [20, 26, 30], \"voxel\": [1.0, 0.8, 1.2], \"by\": \"" << profile_by_name(options.by)
      << "\", \"width\": " << options.shell_width << ", \"count\": " << options.shell_count
      << ", \"inputs\": 2, \"ranges\": [[8.11, 8.14], null]}";
  const std::string output = test::run_python_reference("tests/reference/profiles_check.py", "'" + folder.path + "'");

  std::istringstream lines(output);
  std::size_t reference_rows = 0;
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream in(line);
    std::uint32_t label = 0, shell = 0;
    std::size_t input = 0;
    std::uint64_t voxels = 0, count = 0;
    std::string fields[4];
    in >> label >> input >> shell >> voxels >> count >> fields[0] >> fields[1] >> fields[2] >> fields[3];
    REQUIRE(in);
    ++reference_rows;
    const ProfileRow* row = nullptr;
    for (const ProfileRow& r : table->rows) {
      if (r.label == label && r.input == input && r.shell == shell) row = &r;
    }
    INFO("label " << label << " input " << input << " shell " << shell);
    REQUIRE(row != nullptr);
    CHECK(row->voxels == voxels);
    CHECK(row->stats.count == count);
    const double ours[4] = {row->stats.mean, row->stats.std, row->stats.median, row->stats.fraction_out_of_range};
    for (int k = 0; k < 4; ++k) {
      const double expected = std::strtod(fields[k].c_str(), nullptr);
      if (std::isnan(expected)) {
        CHECK(std::isnan(ours[k]));
      } else {
        CHECK(ours[k] == Approx(expected).margin(1e-6).epsilon(0));
      }
    }
  }
  CHECK(reference_rows == table->rows.size());
  CHECK(reference_rows > 20);
}

}  // namespace

TEST_CASE("profiles reference: depth, normalised depth and radius equal numpy and scipy", "[profiles][reference]") {
  const Volume v = make_volume();
  ProfileOptions options;
  SECTION("depth") {
    options.by = ProfileBy::depth;
    options.shell_width = 0.9;
    compare_with_reference(v, options);
  }
  SECTION("normalised depth") {
    options.by = ProfileBy::normalized_depth;
    options.shell_count = 5;
    compare_with_reference(v, options);
  }
  SECTION("radius") {
    options.by = ProfileBy::radius;
    options.shell_width = 1.3;
    compare_with_reference(v, options);
  }
}

}  // namespace hs
