// Concentration grids: cloud-in-cell weights and Gaussian taps by hand, conservation of atoms,
// the nominal concentration of a random solid solution, and rejected parameters.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "analysis/apt/concentration_grid.h"

namespace {

// Our own LCG (Knuth's MMIX constants); uniform() in [0, 1) from the top 53 bits.
struct Lcg {
  std::uint64_t state;
  std::uint64_t next() { return state = state * 6364136223846793005ULL + 1442695040888963407ULL; }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

struct Ions {
  std::vector<float> xyz;
  std::vector<std::uint32_t> atoms;
  std::size_t elements = 0;
  hs::IonAtomsView view() const { return {xyz, atoms, elements}; }
  void add(double x, double y, double z, std::vector<std::uint32_t> a) {
    xyz.insert(xyz.end(), {static_cast<float>(x), static_cast<float>(y), static_cast<float>(z)});
    atoms.insert(atoms.end(), a.begin(), a.end());
  }
};

double grid_sum(const hs::FloatGrid& g) {
  double s = 0;
  for (float v : g.values) s += v;
  return s;
}

}  // namespace

TEST_CASE("concentration grid: cloud-in-cell weights by hand", "[apt_surface][concentration_grid]") {
  hs::ConcentrationGridParams params;
  params.sigma_nm = {0, 0, 0};
  // Box [0, 4]^3, no kernel: margin 1 voxel, so the origin is -1 nm and point (x, y, z) is at
  // index (x + 1, y + 1, z + 1).
  auto grids = hs::make_atom_grids({0, 0, 0}, {4, 4, 4}, 2, params);
  REQUIRE(grids.ok());
  CHECK(grids->origin_nm[0] == -1.0);
  Ions ions;
  ions.elements = 2;
  ions.add(1.25, 2.5, 0.75, {2, 1});  // index (2.25, 3.5, 1.75)
  hs::deposit_ions(*grids, ions.view());
  const hs::FloatGrid& a = grids->element_atoms[0];
  const hs::FloatGrid& b = grids->element_atoms[1];
  // at(z, y, x); weights (1 - fx or fx)(1 - fy or fy)(1 - fz or fz) with f = (.25, .5, .75).
  CHECK(a.at(1, 3, 2) == Approx(2 * 0.75 * 0.5 * 0.25));
  CHECK(a.at(2, 4, 3) == Approx(2 * 0.25 * 0.5 * 0.75));
  CHECK(b.at(2, 3, 2) == Approx(0.75 * 0.5 * 0.75));
  CHECK(b.at(1, 4, 3) == Approx(0.25 * 0.5 * 0.25));
  CHECK(grid_sum(a) == Approx(2.0));
  CHECK(grid_sum(b) == Approx(1.0));
  CHECK(grids->ions_outside == 0);
}

TEST_CASE("concentration grid: Gaussian taps follow exp of minus d squared over two sigma squared", "[apt_surface][concentration_grid]") {
  hs::ConcentrationGridParams params;
  params.voxel_nm = 0.5;
  params.sigma_nm = {1.0, 0.5, 0.25};
  auto grids = hs::make_atom_grids({0, 0, 0}, {2, 2, 2}, 1, params);
  REQUIRE(grids.ok());
  Ions ions;
  ions.elements = 1;
  // Exactly on a grid point: the origin is a whole number of voxels below 0.
  ions.add(1.0, 1.0, 1.0, {1});
  hs::deposit_ions(*grids, ions.view());
  hs::delocalize(*grids, params);
  const hs::FloatGrid& g = grids->element_atoms[0];
  const auto i = static_cast<std::int64_t>(std::lround((1.0 - grids->origin_nm[0]) / 0.5));
  const auto j = static_cast<std::int64_t>(std::lround((1.0 - grids->origin_nm[1]) / 0.5));
  const auto k = static_cast<std::int64_t>(std::lround((1.0 - grids->origin_nm[2]) / 0.5));
  const double centre = g.at(k, j, i);
  // One voxel (0.5 nm) along x: exp(-0.5 (0.5/1)^2); along y: exp(-0.5 (0.5/0.5)^2); along z the
  // kernel keeps ceil(3 σ / voxel) = 2 voxels (1 nm = 4 σ: exp(-8)) and nothing at 3.
  CHECK(g.at(k, j, i + 1) / centre == Approx(std::exp(-0.125)).epsilon(1e-5));
  CHECK(g.at(k, j + 1, i) / centre == Approx(std::exp(-0.5)).epsilon(1e-5));
  CHECK(g.at(k + 1, j, i) / centre == Approx(std::exp(-2.0)).epsilon(1e-5));
  CHECK(g.at(k + 2, j, i) / centre == Approx(std::exp(-8.0)).epsilon(1e-4));
  CHECK(g.at(k + 3, j, i) == 0.0f);
  CHECK(grid_sum(g) == Approx(1.0).epsilon(1e-5));
}

TEST_CASE("concentration grid: delocalisation conserves every element's atoms", "[apt_surface][concentration_grid]") {
  Lcg rng{7};
  Ions ions;
  ions.elements = 3;
  std::vector<double> expected(3, 0.0);
  for (int n = 0; n < 20000; ++n) {
    const std::uint32_t kind = static_cast<std::uint32_t>(rng.next() >> 62);  // 0..3
    std::vector<std::uint32_t> a = kind == 0 ? std::vector<std::uint32_t>{1, 0, 0}
                                   : kind == 1 ? std::vector<std::uint32_t>{0, 1, 1}
                                   : kind == 2 ? std::vector<std::uint32_t>{0, 0, 2}
                                               : std::vector<std::uint32_t>{0, 0, 0};  // unranged
    for (int e = 0; e < 3; ++e) expected[static_cast<std::size_t>(e)] += a[static_cast<std::size_t>(e)];
    ions.add(20 * rng.uniform(), 15 * rng.uniform() - 5, 10 * rng.uniform(), a);
  }
  hs::ConcentrationGridParams params;
  params.voxel_nm = 0.7;
  params.sigma_nm = {1.0, 1.5, 0.5};
  auto grids = hs::build_atom_grids(ions.view(), params);
  REQUIRE(grids.ok());
  CHECK(grids->ions_outside == 0);
  for (std::size_t e = 0; e < 3; ++e) CHECK(grid_sum(grids->element_atoms[e]) == Approx(expected[e]).epsilon(1e-5));
  CHECK(grid_sum(hs::total_atoms(*grids)) == Approx(expected[0] + expected[1] + expected[2]).epsilon(1e-5));
}

TEST_CASE("concentration grid: a random solid solution gives its nominal concentration", "[apt_surface][concentration_grid]") {
  // 200,000 single-atom ions in a 30 nm cube, each solute with probability 0.1: 7.4 ions per nm^3.
  Lcg rng{42};
  Ions ions;
  ions.elements = 2;
  double solute = 0;
  for (int n = 0; n < 200000; ++n) {
    const bool s = rng.uniform() < 0.1;
    solute += s;
    ions.add(30 * rng.uniform(), 30 * rng.uniform(), 30 * rng.uniform(), {s ? 1u : 0u, s ? 0u : 1u});
  }
  hs::ConcentrationGridParams params;  // 1 nm voxels, σ 1 nm
  params.min_total_atoms = 5;
  auto grids = hs::build_atom_grids(ions.view(), params);
  REQUIRE(grids.ok());
  const hs::FloatGrid c = hs::concentration_at_percent(*grids, 0, params.min_total_atoms);
  const hs::FloatGrid total = hs::total_atoms(*grids);
  // Interior voxels (8 nm inside the box, where the kernel sees only ions): the mean is the
  // nominal 10% within 0.3 at.% (the sample's own fraction has σ 0.07%), and each voxel is within
  // [0, 100]; the voxels' spread matches binomial noise of their effective atom count.
  double sum = 0, sum2 = 0;
  std::size_t count = 0, nan = 0;
  for (std::int64_t z = 0; z < c.shape.nz; ++z) {
    for (std::int64_t y = 0; y < c.shape.ny; ++y) {
      for (std::int64_t x = 0; x < c.shape.nx; ++x) {
        const float v = c.at(z, y, x);
        if (std::isnan(v)) {
          ++nan;
          CHECK(total.at(z, y, x) < 5.0f);
          continue;
        }
        CHECK(v >= 0.0f);
        CHECK(v <= 100.0f);
        const double px = grids->origin_nm[0] + static_cast<double>(x), py = grids->origin_nm[1] + static_cast<double>(y),
                     pz = grids->origin_nm[2] + static_cast<double>(z);
        if (px < 8 || py < 8 || pz < 8 || px > 22 || py > 22 || pz > 22) continue;
        sum += v;
        sum2 += static_cast<double>(v) * v;
        ++count;
      }
    }
  }
  REQUIRE(count > 2000);
  CHECK(nan > 0);  // the padded border has no atoms
  const double mean = sum / static_cast<double>(count);
  CHECK(mean == Approx(100 * solute / 200000).margin(0.3));
  CHECK(mean == Approx(10.0).margin(0.3));
  // Effective atoms under a Gaussian of σ = 1 nm: density × (2 √π σ)^3 = 7.4 × 44.5 ≈ 330, so the
  // binomial σ is 100 √(0.09 / 330) ≈ 1.65 at.% (trilinear deposition smooths a little more).
  const double sd = std::sqrt(sum2 / static_cast<double>(count) - mean * mean);
  CHECK(sd > 1.0);
  CHECK(sd < 2.0);
}

TEST_CASE("concentration grid: bad parameters, huge grids and bad ions are refused or skipped", "[apt_surface][concentration_grid]") {
  hs::ConcentrationGridParams p;
  p.voxel_nm = 0;
  CHECK(hs::make_atom_grids({0, 0, 0}, {1, 1, 1}, 1, p).error().code == hs::ErrorCode::invalid_argument);
  p = {};
  p.sigma_nm[1] = -1;
  CHECK(!hs::make_atom_grids({0, 0, 0}, {1, 1, 1}, 1, p).ok());
  p = {};
  p.sigma_nm[2] = std::numeric_limits<double>::quiet_NaN();
  CHECK(!hs::make_atom_grids({0, 0, 0}, {1, 1, 1}, 1, p).ok());
  p = {};
  CHECK(!hs::make_atom_grids({0, 0, 0}, {1, 1, 1}, 0, p).ok());
  CHECK(!hs::make_atom_grids({0, 0, 0}, {-1, 1, 1}, 1, p).ok());
  CHECK(!hs::make_atom_grids({0, 0, 0}, {std::numeric_limits<double>::infinity(), 1, 1}, 1, p).ok());
  auto huge = hs::make_atom_grids({0, 0, 0}, {1e4, 1e4, 1e4}, 1, p);
  REQUIRE(!huge.ok());
  CHECK(huge.error().code == hs::ErrorCode::limit);
  CHECK(!hs::make_atom_grids({0, 0, 0}, {1e300, 1, 1}, 1, p).ok());

  auto grids = hs::make_atom_grids({0, 0, 0}, {2, 2, 2}, 1, p);
  REQUIRE(grids.ok());
  Ions ions;
  ions.elements = 1;
  ions.add(std::numeric_limits<double>::quiet_NaN(), 0, 0, {1});
  ions.add(1, 1, 1e9, {1});
  ions.add(-100, 1, 1, {1});
  ions.add(1, 1, 1, {1});
  hs::deposit_ions(*grids, ions.view());
  CHECK(grids->ions_outside == 3);
  CHECK(grid_sum(grids->element_atoms[0]) == Approx(1.0));
  // Below the minimum, concentration is NaN; everywhere else finite.
  const hs::FloatGrid c = hs::concentration_at_percent(*grids, 0, 0.5);
  std::size_t finite = 0;
  for (float v : c.values) finite += std::isfinite(v) ? 1 : 0;
  CHECK(finite == 1);  // only the grid point holding the whole ion
  Ions none;
  none.elements = 1;
  CHECK(!hs::build_atom_grids(none.view(), p).ok());
}
