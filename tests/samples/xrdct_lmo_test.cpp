// xrdct-lmo (small, fresh and aged; the slice): the stored lattice parameters against the truth.
// The test recomputes each voxel's particle from the truth's particle table with its own
// geometry code (quaternion rotation by the Hamilton product), then checks the data mask, the
// radial law within the noise bound, the out-of-range fractions per region, particle 1's
// core-high gradient and region means, the metadata, and same seed -> same bytes.
#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "samples/sample_catalog.h"
#include "samples/xrdct_lmo.h"
#include "sample_test_support.h"
#include "store/ome_multiscales.h"

namespace {

using hs::test::at;
using hs::test::ListedStore;
using hs::test::number_at;

constexpr std::uint64_t kSeed = 3;
constexpr std::size_t kTimes = 5;

struct Particle {
  int label;
  std::array<double, 3> centre, semi_axes;
  std::array<std::array<double, 3>, 3> axes;  // the particle's axes in the volume frame
  double x_core, x_surface;
};

// Rotates v by the unit quaternion q: q v q*, with Hamilton products written out.
std::array<double, 3> rotate(const std::array<double, 4>& q, const std::array<double, 3>& v) {
  const double w = q[0], x = q[1], y = q[2], z = q[3];
  // t = q v (v a pure quaternion), then t q*.
  const double tw = -x * v[0] - y * v[1] - z * v[2];
  const double tx = w * v[0] + y * v[2] - z * v[1];
  const double ty = w * v[1] + z * v[0] - x * v[2];
  const double tz = w * v[2] + x * v[1] - y * v[0];
  return {-tw * x + tx * w - ty * z + tz * y, -tw * y + ty * w - tz * x + tx * z, -tw * z + tz * w - tx * y + ty * x};
}

struct Volume {
  ListedStore store;
  hs::json::Value truth;
  std::array<std::uint64_t, 3> shape{};  // z, y, x
  double voxel_um = 0;
  std::vector<float> data;  // t, z, y, x
  std::vector<Particle> particles;
  // Per voxel: index into particles (-1 none), whether in a pore of it, its ρ², and whether the
  // assignment is too close to call (a surface or a tie within rounding).
  std::vector<int> owner;
  std::vector<bool> in_pore, unclear;
  std::vector<double> rho2;

  std::uint64_t voxels() const { return shape[0] * shape[1] * shape[2]; }
  float value(std::size_t t, std::uint64_t v) const { return data[t * voxels() + v]; }
};

void write(Volume& v, hs::SampleWriteFn writer, hs::SampleSize size, std::uint64_t seed) {
  hs::SampleOptions options;
  options.size = size;
  options.seed = seed;
  auto report = writer(v.store, options);
  REQUIRE(report.ok());
}

// Writes and reads back a sample, and assigns every voxel from the truth.
Volume load(hs::SampleWriteFn writer, hs::SampleSize size) {
  Volume v;
  write(v, writer, size, kSeed);
  v.truth = at(hs::test::heteroscope_attributes(v.store), {"truth"});
  const auto& shape = at(v.truth, {"shape_zyx"}).as_array();
  for (int i = 0; i < 3; ++i) v.shape[static_cast<std::size_t>(i)] = static_cast<std::uint64_t>(shape[static_cast<std::size_t>(i)].as_number());
  v.voxel_um = number_at(v.truth, {"voxel_size_um"});
  v.data = hs::test::read_array<float>(v.store, "0");
  REQUIRE(v.data.size() == kTimes * v.voxels());
  for (const hs::json::Value& row : at(v.truth, {"particles", "rows"}).as_array()) {
    const auto& r = row.as_array();
    Particle p;
    p.label = static_cast<int>(r[0].as_number());
    for (std::size_t i = 0; i < 3; ++i) p.centre[i] = r[1 + i].as_number(), p.semi_axes[i] = r[4 + i].as_number();
    std::array<double, 4> q = {r[7].as_number(), r[8].as_number(), r[9].as_number(), r[10].as_number()};
    const double norm = std::sqrt(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    for (double& c : q) c /= norm;
    p.axes = {rotate(q, {1, 0, 0}), rotate(q, {0, 1, 0}), rotate(q, {0, 0, 1})};
    p.x_core = r[11].as_number();
    p.x_surface = r[12].as_number();
    REQUIRE(r.size() == 13 + 2 * kTimes);
    v.particles.push_back(p);
  }
  struct Pore {
    int label;
    std::array<double, 3> centre;
    double radius;
  };
  std::vector<Pore> pores;
  for (const hs::json::Value& row : at(v.truth, {"pores", "rows"}).as_array()) {
    const auto& r = row.as_array();
    pores.push_back({static_cast<int>(r[0].as_number()), {r[1].as_number(), r[2].as_number(), r[3].as_number()}, r[4].as_number()});
  }
  const auto& fov = at(v.truth, {"field_of_view"});
  const double cx = at(fov, {"centre_xy_um"}).as_array()[0].as_number(), cy = at(fov, {"centre_xy_um"}).as_array()[1].as_number();
  const double fov_r = number_at(fov, {"radius_um"});
  v.owner.assign(v.voxels(), -1);
  v.in_pore.assign(v.voxels(), false);
  v.unclear.assign(v.voxels(), false);
  v.rho2.assign(v.voxels(), 0);
  for (std::uint64_t z = 0, i = 0; z < v.shape[0]; ++z) {
    for (std::uint64_t y = 0; y < v.shape[1]; ++y) {
      for (std::uint64_t x = 0; x < v.shape[2]; ++x, ++i) {
        const std::array<double, 3> p = {(x + 0.5) * v.voxel_um, (y + 0.5) * v.voxel_um, (z + 0.5) * v.voxel_um};
        const double fov_d2 = (p[0] - cx) * (p[0] - cx) + (p[1] - cy) * (p[1] - cy);
        if (std::abs(fov_d2 - fov_r * fov_r) < 1e-6) v.unclear[i] = true;
        if (fov_d2 > fov_r * fov_r) continue;
        double best = 1, second = 2;
        for (std::size_t n = 0; n < v.particles.size(); ++n) {
          const Particle& q = v.particles[n];
          double r2 = 0;
          for (std::size_t a = 0; a < 3; ++a) {
            const double local = q.axes[a][0] * (p[0] - q.centre[0]) + q.axes[a][1] * (p[1] - q.centre[1]) + q.axes[a][2] * (p[2] - q.centre[2]);
            r2 += local * local / (q.semi_axes[a] * q.semi_axes[a]);
          }
          if (std::abs(r2 - 1) < 1e-9) v.unclear[i] = true;
          if (r2 < best) second = best, best = r2, v.owner[i] = static_cast<int>(n);
          else if (r2 < second) second = r2;
        }
        if (v.owner[i] < 0) continue;
        if (second - best < 1e-9) v.unclear[i] = true;
        v.rho2[i] = best;
        for (const Pore& pore : pores) {
          if (pore.label != v.particles[static_cast<std::size_t>(v.owner[i])].label) continue;
          const double d2 = (p[0] - pore.centre[0]) * (p[0] - pore.centre[0]) + (p[1] - pore.centre[1]) * (p[1] - pore.centre[1]) +
                            (p[2] - pore.centre[2]) * (p[2] - pore.centre[2]);
          if (std::abs(d2 - pore.radius * pore.radius) < 1e-9) v.unclear[i] = true;
          if (d2 < pore.radius * pore.radius) v.in_pore[i] = true;
        }
      }
    }
  }
  return v;
}

Volume& fresh() {
  static Volume v = load(hs::write_xrdct_lmo, hs::SampleSize::small);
  return v;
}
Volume& aged() {
  static Volume v = load(hs::write_xrdct_lmo_aged, hs::SampleSize::small);
  return v;
}

// The truth's lattice law for particle p at ρ² and state t.
double law(const Volume& v, const Particle& p, double rho2, std::size_t t) {
  const auto& l = at(v.truth, {"lattice_law"});
  const auto& state = at(v.truth, {"states"}).as_array()[t];
  const double x = p.x_core + (p.x_surface - p.x_core) * rho2;
  const double delta = number_at(state, {"delta"}) + number_at(state, {"gamma"}) * (rho2 - 0.6);
  return number_at(l, {"a_ref_angstrom"}) - number_at(l, {"k_x_angstrom"}) * (x - number_at(l, {"x_ref"})) -
         number_at(l, {"k_delta_angstrom"}) * delta;
}

// Region index (0 = surface ... 3 = core) of ρ² by the truth's bounds.
std::size_t region_of(const Volume& v, double rho2) {
  const auto& regions = at(v.truth, {"regions"}).as_array();
  for (std::size_t r = 0; r < regions.size(); ++r) {
    const double inner = at(regions[r], {"rho"}).as_array()[0].as_number();
    if (rho2 >= inner * inner) return r;
  }
  return regions.size() - 1;
}

// Members: in a particle, not in its pore, clearly so.
bool member(const Volume& v, std::uint64_t i) { return v.owner[i] >= 0 && !v.in_pore[i]; }

// What check_values measured.
struct ValueStats {
  double out_fraction = 0;
  double residual_sigma = 0;
};

// Every data voxel follows the radial law within 3σ (+ float32 rounding), or is out of range with
// one value at every time point; out-of-range fractions per region match the probabilities.
ValueStats check_values(const Volume& v) {
  const double sigma = number_at(v.truth, {"noise", "sigma_angstrom"});
  const double bound = 3 * sigma + 1e-5;
  const auto& range = at(v.truth, {"characteristic_range_angstrom"}).as_array();
  const double lo = range[0].as_number(), hi = range[1].as_number();
  const auto& above = at(v.truth, {"out_of_range", "above_angstrom"}).as_array();
  const auto& below = at(v.truth, {"out_of_range", "below_angstrom"}).as_array();
  const auto& regions = at(v.truth, {"regions"}).as_array();
  std::array<double, 4> members{}, outs{};
  double above_count = 0, residual_sum = 0, residual_sq = 0, residual_n = 0;
  int bad = 0;
  for (std::uint64_t i = 0; i < v.voxels(); ++i) {
    if (!member(v, i) || v.unclear[i]) continue;
    const Particle& p = v.particles[static_cast<std::size_t>(v.owner[i])];
    const std::size_t region = region_of(v, v.rho2[i]);
    ++members[region];
    const float first = v.value(0, i);
    if (std::abs(first - law(v, p, v.rho2[i], 0)) > bound) {
      ++outs[region];
      const bool is_above = first >= above[0].as_number() && first <= above[1].as_number();
      const bool is_below = first >= below[0].as_number() && first <= below[1].as_number();
      if (!is_above && !is_below) ++bad;
      if (is_above) ++above_count;
      for (std::size_t t = 1; t < kTimes; ++t) {
        if (v.value(t, i) != first) ++bad;
      }
      continue;
    }
    for (std::size_t t = 0; t < kTimes; ++t) {
      const double residual = v.value(t, i) - law(v, p, v.rho2[i], t);
      if (std::abs(residual) > bound || v.value(t, i) <= lo || v.value(t, i) >= hi) ++bad;
      residual_sum += residual, residual_sq += residual * residual, ++residual_n;
    }
  }
  CHECK(bad == 0);
  double all = 0, out = 0, expected = 0, variance = 0;
  for (std::size_t r = 0; r < 4; ++r) {
    const double prob = number_at(regions[r], {"out_of_range_probability"});
    const double n = members[r];
    INFO("region " << at(regions[r], {"name"}).as_string() << ": " << outs[r] << " of " << n << " voxels out of range, p = " << prob);
    if (n > 0) CHECK(std::abs(outs[r] / n - prob) <= 3 * std::sqrt(prob * (1 - prob) / n) + 1 / n);
    all += n, out += outs[r], expected += n * prob, variance += n * prob * (1 - prob);
  }
  INFO("out of range: " << out << " of " << all << ", expected " << expected);
  CHECK(std::abs(out - expected) <= 3 * std::sqrt(variance) + 1);
  // Against the truth's expectation from continuous region shares: within 3σ plus 20% of it for
  // the voxel grid's coarse shells.
  const double truth_fraction = number_at(v.truth, {"out_of_range", "expected_fraction"});
  CHECK(std::abs(out / all - truth_fraction) <= 3 * std::sqrt(variance) / all + 0.2 * truth_fraction);
  const double above_share = number_at(v.truth, {"out_of_range", "above_share"});
  CHECK(std::abs(above_count / out - above_share) <= 3 * std::sqrt(above_share * (1 - above_share) / out));
  // The noise: mean 0, standard deviation σ (standard error of the estimate under 1%).
  CHECK(residual_sum / residual_n == Approx(0).margin(3 * sigma / std::sqrt(residual_n)));
  const double measured_sigma = std::sqrt(residual_sq / residual_n);
  CHECK(measured_sigma == Approx(sigma).epsilon(0.02));
  return {out / all, measured_sigma};
}

TEST_CASE("xrdct-lmo: metadata gives shape, voxel size, states, channel semantics", "[samples][xrdct-lmo]") {
  Volume& v = fresh();
  CHECK(v.shape == std::array<std::uint64_t, 3>{12, 64, 64});
  CHECK(v.voxel_um == 2.0);
  auto group = hs::read_group_metadata(v.store, "");
  REQUIRE(group.ok());
  std::vector<std::string> warnings;
  auto m = hs::read_volume_metadata(hs::json::Value(group->attributes), "sample", warnings);
  REQUIRE(m.ok());
  CHECK(warnings.empty());
  CHECK(m->time_labels == std::vector<std::string>{"pristine", "partially charged", "charged", "partially discharged", "discharged"});
  REQUIRE(m->levels.size() >= 1);
  CHECK(m->levels[0].scale == std::vector<double>{1, 1, 2, 2, 2});
  CHECK(m->axes[2].unit == "micrometer");
  REQUIRE(m->semantics.size() == 1);
  CHECK(m->semantics[0].quantity == "lattice parameter");
  CHECK(m->semantics[0].unit == "Å");
  CHECK(m->semantics[0].no_data_value == 0.0);
  CHECK(m->semantics[0].characteristic_range == std::make_pair(8.076, 8.145));
  CHECK(number_at(v.truth, {"cycles"}) == 0);
  CHECK(number_at(aged().truth, {"cycles"}) == 150);
}

TEST_CASE("xrdct-lmo: data voxels are the particle voxels of the truth, particles touch", "[samples][xrdct-lmo]") {
  for (Volume* v : {&fresh(), &aged()}) {
    int mismatched = 0, present_voxels = 0;
    std::set<int> present;
    for (std::uint64_t i = 0; i < v->voxels(); ++i) {
      if (v->unclear[i]) continue;
      for (std::size_t t = 0; t < kTimes; ++t) {
        if ((v->value(t, i) != 0) != member(*v, i)) ++mismatched;
      }
      if (member(*v, i)) present.insert(v->owner[i]), ++present_voxels;
    }
    CHECK(mismatched == 0);
    CHECK(present.count(0) == 1);  // particle 1
    // Every particle whose bounding sphere lies inside the grid and the field of view shows.
    const auto& fov = at(v->truth, {"field_of_view"});
    const auto& fov_centre = at(fov, {"centre_xy_um"}).as_array();
    int inside = 0;
    for (std::size_t n = 0; n < v->particles.size(); ++n) {
      const Particle& p = v->particles[n];
      const double r = std::max({p.semi_axes[0], p.semi_axes[1], p.semi_axes[2]});
      if (std::hypot(p.centre[0] - fov_centre[0].as_number(), p.centre[1] - fov_centre[1].as_number()) + r >
              number_at(fov, {"radius_um"}) ||
          p.centre[2] - r < 0 || p.centre[2] + r > static_cast<double>(v->shape[0]) * v->voxel_um) {
        continue;
      }
      ++inside;
      CHECK(present.count(static_cast<int>(n)) == 1);
    }
    CHECK(inside >= 10);
    // Particle 1 is the largest; its voxels match its ellipsoid's volume.
    const Particle& first = v->particles[0];
    CHECK(first.label == 1);
    for (const Particle& p : v->particles) {
      CHECK(std::max({p.semi_axes[0], p.semi_axes[1], p.semi_axes[2]}) <= first.semi_axes[0]);
      CHECK(std::min({p.semi_axes[0], p.semi_axes[1], p.semi_axes[2]}) >= 2.5 * 0.85 - 1e-9);
    }
    double own = 0;
    for (std::uint64_t i = 0; i < v->voxels(); ++i) own += v->owner[i] == 0 ? 1 : 0;
    const double analytic = 4.0 / 3 * 3.141592653589793 * first.semi_axes[0] * first.semi_axes[1] * first.semi_axes[2] /
                            (v->voxel_um * v->voxel_um * v->voxel_um);
    CHECK(own == Approx(analytic).epsilon(0.12));  // less where neighbours overlap it
    // Touching particles merge: fewer 6-connected components of data than particles present.
    const auto& pairs = at(v->truth, {"touching_pairs"}).as_array();
    CHECK(pairs.size() >= 3);
    std::vector<int> component(v->voxels(), -1);
    int components = 0;
    const std::uint64_t nx = v->shape[2], ny = v->shape[1];
    for (std::uint64_t start = 0; start < v->voxels(); ++start) {
      if (v->value(0, start) == 0 || component[start] >= 0) continue;
      std::vector<std::uint64_t> stack = {start};
      component[start] = components;
      while (!stack.empty()) {
        const std::uint64_t i = stack.back();
        stack.pop_back();
        const std::uint64_t x = i % nx, y = i / nx % ny, z = i / nx / ny;
        const std::array<std::pair<bool, std::uint64_t>, 6> next = {{{x > 0, i - 1}, {x + 1 < nx, i + 1}, {y > 0, i - nx},
                                                                      {y + 1 < ny, i + nx}, {z > 0, i - nx * ny},
                                                                      {z + 1 < v->shape[0], i + nx * ny}}};
        for (const auto& [ok, j] : next) {
          if (ok && v->value(0, j) != 0 && component[j] < 0) component[j] = components, stack.push_back(j);
        }
      }
      ++components;
    }
    INFO(present.size() << " particles in the volume, " << components << " connected components");
    CHECK(components < static_cast<int>(present.size()));
  }
}

TEST_CASE("xrdct-lmo: values follow the radial law, out-of-range fractions per region match", "[samples][xrdct-lmo]") {
  // The truth's per-particle core and surface values are the lattice law at ρ = 0 and 1.
  const Volume& v = fresh();
  const auto& rows = at(v.truth, {"particles", "rows"}).as_array();
  for (std::size_t n = 0; n < v.particles.size(); ++n) {
    for (std::size_t t = 0; t < kTimes; ++t) {
      CHECK(rows[n].as_array()[13 + t].as_number() == Approx(law(v, v.particles[n], 0, t)).epsilon(1e-12));
      CHECK(rows[n].as_array()[13 + kTimes + t].as_number() == Approx(law(v, v.particles[n], 1, t)).epsilon(1e-12));
    }
  }
  const ValueStats stats = check_values(fresh());
  CHECK(stats.out_fraction > 0.01);
}

TEST_CASE("xrdct-lmo-aged: broader and more often out of range than the fresh electrode", "[samples][xrdct-lmo]") {
  const ValueStats fresh_stats = check_values(fresh());
  const ValueStats aged_stats = check_values(aged());
  CHECK(aged_stats.out_fraction > 2 * fresh_stats.out_fraction);
  CHECK(aged_stats.residual_sigma > 1.3 * fresh_stats.residual_sigma);
  // Broader particle-to-particle spread of the Li excess.
  const auto spread = [](const Volume& v) {
    double low = 1, high = 0;
    for (const Particle& p : v.particles) low = std::min({low, p.x_core, p.x_surface}), high = std::max({high, p.x_core, p.x_surface});
    return high - low;
  };
  CHECK(spread(aged()) > spread(fresh()));
}

TEST_CASE("xrdct-lmo: particle 1 is core-high, its gradient changes with state, region means match", "[samples][xrdct-lmo]") {
  for (Volume* v : {&fresh(), &aged()}) {
    const Particle& first = v->particles[0];
    // Li1.05Mn1.95O4 core, Li1.10Mn1.90O4 surface; the law's slope gives a core-surface step of
    // k_x × 0.05 at the pristine state.
    CHECK(first.x_core == 0.05);
    CHECK(first.x_surface == 0.10);
    const auto& p1 = at(v->truth, {"particle_1"});
    const auto& a_core = at(p1, {"a_core_angstrom"}).as_array();
    const auto& a_surface = at(p1, {"a_surface_angstrom"}).as_array();
    CHECK(a_core[0].as_number() - a_surface[0].as_number() == Approx(0.3318 * 0.05));
    const double sigma = number_at(v->truth, {"noise", "sigma_angstrom"});
    const auto& region_means = at(p1, {"region_mean_angstrom"}).as_array();
    std::array<double, kTimes> slope{};
    for (std::size_t t = 0; t < kTimes; ++t) {
      std::array<double, 4> sum{}, n{};
      // Least squares of value against ρ²: the law is linear in ρ², so the fitted slope estimates
      // a_surface - a_core without bias, standard error σ / sqrt(Σ (ρ² - mean)²).
      double s1 = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (std::uint64_t i = 0; i < v->voxels(); ++i) {
        if (v->owner[i] != 0 || v->in_pore[i] || v->unclear[i]) continue;
        const double value = v->value(t, i);
        if (std::abs(value - law(*v, first, v->rho2[i], t)) > 3 * sigma + 1e-5) continue;  // out of range
        const std::size_t r = region_of(*v, v->rho2[i]);
        sum[r] += value, ++n[r];
        s1 += 1, sx += v->rho2[i], sy += value, sxx += v->rho2[i] * v->rho2[i], sxy += v->rho2[i] * value;
      }
      for (std::size_t r = 0; r < 4; ++r) {
        REQUIRE(n[r] > 0);
        const double truth = region_means[t].as_array()[r].as_number();
        // 3 standard errors, plus what coarse voxel shells shift the mean of a law linear in ρ².
        const double shift = std::abs(a_surface[t].as_number() - a_core[t].as_number()) * 0.1;
        INFO("state " << t << " region " << r << ": mean " << sum[r] / n[r] << " of " << n[r] << ", truth " << truth);
        CHECK(std::abs(sum[r] / n[r] - truth) <= 3 * sigma / std::sqrt(n[r]) + shift);
      }
      const double spread = sxx - sx * sx / s1;
      slope[t] = (sxy - sx * sy / s1) / spread;
      const double truth_slope = a_surface[t].as_number() - a_core[t].as_number();
      INFO("state " << t << ": slope " << slope[t] << ", truth " << truth_slope);
      CHECK(std::abs(slope[t] - truth_slope) <= 3 * sigma / std::sqrt(spread));
      CHECK(slope[t] < 0);  // core-high at every state
    }
    // Charging empties the surface first (stronger gradient), discharging refills it first.
    CHECK(slope[1] < slope[0] - 0.002);
    CHECK(slope[3] > slope[0] + 0.002);
  }
}

TEST_CASE("xrdct-lmo: the same seed gives the same bytes, another seed other bytes", "[samples][xrdct-lmo]") {
  Volume again, other;
  write(again, hs::write_xrdct_lmo, hs::SampleSize::small, kSeed);
  write(other, hs::write_xrdct_lmo, hs::SampleSize::small, kSeed + 1);
  CHECK(again.store.values == fresh().store.values);
  REQUIRE(other.store.values.size() == again.store.values.size());
  CHECK(other.store.values.at("0/c/0/0/0/0/0") != again.store.values.at("0/c/0/0/0/0/0"));
  CHECK(other.store.values.at("zarr.json") != again.store.values.at("zarr.json"));
}

TEST_CASE("xrdct-lmo-slice: one 301×301 slice at 1 µm", "[samples][xrdct-lmo]") {
  Volume v = load(hs::write_xrdct_lmo_slice, hs::SampleSize::medium);
  CHECK(v.shape == std::array<std::uint64_t, 3>{1, 301, 301});
  CHECK(v.voxel_um == 1.0);
  int mismatched = 0;
  double members = 0;
  for (std::uint64_t i = 0; i < v.voxels(); ++i) {
    if (!v.unclear[i] && (v.value(0, i) != 0) != member(v, i)) ++mismatched;
    members += member(v, i) ? 1 : 0;
  }
  CHECK(mismatched == 0);
  // Particles fill 25% of the placement volume; a plane through it cuts about that share of the
  // field of view (π/4 of the square), with the spread of a few hundred particles.
  CHECK(members / static_cast<double>(v.voxels()) == Approx(0.25 * 3.141592653589793 / 4).margin(0.06));
  ListedStore store;
  hs::SampleOptions options;
  options.size = hs::SampleSize::small;
  CHECK_FALSE(hs::write_xrdct_lmo_slice(store, options).ok());
}

}  // namespace
