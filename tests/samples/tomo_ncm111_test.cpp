// tomo-ncm111 (small): the six channels against the truth's depth laws. The test computes every
// voxel's signed distance from the truth's facets and spheres, then checks the masks, the uniform
// bulk composition, the near-surface segregation and valence reduction shell by shell (sums of
// Poisson counts within 3σ of the laws' expectation), and same seed -> same bytes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "samples/tomo_ncm111.h"
#include "sample_test_support.h"
#include "store/ome_multiscales.h"

namespace {

using hs::test::at;
using hs::test::ListedStore;
using hs::test::number_at;

constexpr std::size_t kChannels = 6;
enum Channel : std::size_t { kAdf, kNi, kCo, kMn, kO, kEels };

struct Tomogram {
  ListedStore store;
  hs::json::Value truth;
  std::uint64_t edge = 0;
  double voxel_nm = 0;
  std::vector<float> data;  // c, z, y, x
  std::vector<double> s;    // signed distance per voxel, nm

  std::uint64_t voxels() const { return edge * edge * edge; }
  float value(std::size_t c, std::uint64_t v) const { return data[c * voxels() + v]; }
};

void write(ListedStore& store, std::uint64_t seed) {
  hs::SampleOptions options;
  options.size = hs::SampleSize::small;
  options.seed = seed;
  REQUIRE(hs::write_tomo_ncm111(store, options).ok());
}

Tomogram& tomogram() {
  static Tomogram t = [] {
    Tomogram m;
    write(m.store, 5);
    m.truth = at(hs::test::heteroscope_attributes(m.store), {"truth"});
    m.edge = static_cast<std::uint64_t>(at(m.truth, {"shape_zyx"}).as_array()[0].as_number());
    m.voxel_nm = number_at(m.truth, {"voxel_size_nm"});
    m.data = hs::test::read_array<float>(m.store, "0");
    REQUIRE(m.data.size() == kChannels * m.voxels());
    const auto& centre_json = at(m.truth, {"primary", "centre_nm"}).as_array();
    const std::array<double, 3> centre = {centre_json[0].as_number(), centre_json[1].as_number(), centre_json[2].as_number()};
    std::vector<std::array<double, 4>> facets;  // normal, distance
    for (const hs::json::Value& f : at(m.truth, {"primary", "facets"}).as_array()) {
      const auto& n = at(f, {"normal"}).as_array();
      facets.push_back({n[0].as_number(), n[1].as_number(), n[2].as_number(), number_at(f, {"distance_nm"})});
    }
    std::vector<std::array<double, 4>> spheres;  // centre, radius
    for (const hs::json::Value& sphere : at(m.truth, {"secondaries", "spheres"}).as_array()) {
      const auto& c = at(sphere, {"centre_nm"}).as_array();
      spheres.push_back({c[0].as_number(), c[1].as_number(), c[2].as_number(), number_at(sphere, {"radius_nm"})});
    }
    m.s.resize(m.voxels());
    for (std::uint64_t z = 0, i = 0; z < m.edge; ++z) {
      for (std::uint64_t y = 0; y < m.edge; ++y) {
        for (std::uint64_t x = 0; x < m.edge; ++x, ++i) {
          const double p[3] = {(x + 0.5) * m.voxel_nm, (y + 0.5) * m.voxel_nm, (z + 0.5) * m.voxel_nm};
          double s = -1e300;
          for (const auto& f : facets) {
            s = std::max(s, f[0] * (p[0] - centre[0]) + f[1] * (p[1] - centre[1]) + f[2] * (p[2] - centre[2]) - f[3]);
          }
          for (const auto& c : spheres) {
            const double d2 = (p[0] - c[0]) * (p[0] - c[0]) + (p[1] - c[1]) * (p[1] - c[1]) + (p[2] - c[2]) * (p[2] - c[2]);
            s = std::min(s, std::sqrt(d2) - c[3]);
          }
          m.s[i] = s;
        }
      }
    }
    return m;
  }();
  return t;
}

// The truth's laws, read once.
struct Laws {
  double blur_nm, tm_counts, o_counts, background, adf_particle, adf_vacuum;
  double segregation_width_nm;
  std::array<double, 3> surface_excess;  // Ni, Co, Mn
  double valence_bulk, valence_drop, valence_width_nm, ratio_at_bulk, ratio_per_reduction;

  explicit Laws(const hs::json::Value& truth) {
    const auto& signals = at(truth, {"signals"});
    const auto& laws = at(truth, {"depth_laws"});
    blur_nm = number_at(truth, {"blur", "width_nm"});
    tm_counts = number_at(signals, {"eds_tm_counts"});
    o_counts = number_at(signals, {"eds_o_counts"});
    background = number_at(signals, {"eds_background_counts"});
    adf_particle = number_at(signals, {"adf_particle"});
    adf_vacuum = number_at(signals, {"adf_vacuum"});
    segregation_width_nm = number_at(laws, {"tm_share", "width_nm"});
    surface_excess = {number_at(laws, {"tm_share", "surface_excess", "Ni"}), number_at(laws, {"tm_share", "surface_excess", "Co"}),
                      number_at(laws, {"tm_share", "surface_excess", "Mn"})};
    valence_bulk = number_at(laws, {"mn_valence", "bulk"});
    valence_drop = number_at(laws, {"mn_valence", "surface_drop"});
    valence_width_nm = number_at(laws, {"mn_valence", "width_nm"});
    ratio_at_bulk = number_at(laws, {"mn_l3_l2", "at_bulk"});
    ratio_per_reduction = number_at(laws, {"mn_l3_l2", "per_reduction"});
  }
  static double weight(double depth, double width) { return depth < width ? (1 - depth / width) * (1 - depth / width) : 0; }
  double fraction(double s) const {
    const double u = std::clamp((blur_nm - s) / (2 * blur_nm), 0.0, 1.0);
    return u * u * (3 - 2 * u);
  }
  double expected_counts(std::size_t channel, double s) const {
    const double depth = std::max(0.0, -s), f = fraction(s);
    if (channel == kAdf) return adf_vacuum + f * (adf_particle - adf_vacuum);
    if (channel == kO) return background + f * o_counts;
    return background + f * tm_counts * (1.0 / 3 + surface_excess[channel - kNi] * weight(depth, segregation_width_nm));
  }
  double ratio(double depth) const {
    const double valence = valence_bulk - valence_drop * weight(depth, valence_width_nm);
    return ratio_at_bulk + ratio_per_reduction * (valence_bulk - valence);
  }
};

// Depth shells (nm below the surface) for the profiles.
constexpr std::array<std::array<double, 2>, 6> kShells = {{{0, 1}, {1, 2}, {2, 3}, {3, 5}, {5, 8}, {8, 1e9}}};

TEST_CASE("tomo-ncm111: channels, units and the specimen's masks", "[samples][tomo-ncm111]") {
  Tomogram& t = tomogram();
  CHECK(t.edge == 128);
  CHECK(t.voxel_nm == 1.0);
  auto group = hs::read_group_metadata(t.store, "");
  REQUIRE(group.ok());
  std::vector<std::string> warnings;
  auto m = hs::read_volume_metadata(hs::json::Value(group->attributes), "sample", warnings);
  REQUIRE(m.ok());
  CHECK(warnings.empty());
  REQUIRE(m->channels.size() == kChannels);
  CHECK(m->channels[kEels].label == "EELS Mn L3/L2");
  CHECK(m->channels[kNi].label == "EDS Ni");
  CHECK(m->semantics[kEels].no_data_value == 0.0);
  CHECK(m->semantics[kAdf].unit == "counts");
  CHECK(m->axes[4].unit == "nanometer");
  // EELS data exactly where the blurred particle fraction reaches 1/2, i.e. s <= 0.
  int mismatched = 0;
  double inside = 0;
  for (std::uint64_t i = 0; i < t.voxels(); ++i) {
    if (std::abs(t.s[i]) < 1e-9) continue;
    if ((t.value(kEels, i) != 0) != (t.s[i] < 0)) ++mismatched;
    inside += t.s[i] < 0 ? 1 : 0;
  }
  CHECK(mismatched == 0);
  CHECK(inside > 0.05 * static_cast<double>(t.voxels()));
  // Secondary particles sit on the primary: their centres outside it, their spheres overlapping it.
  const auto& spheres = at(t.truth, {"secondaries", "spheres"}).as_array();
  CHECK(spheres.size() >= 2);
  const auto& centre = at(t.truth, {"primary", "centre_nm"}).as_array();
  for (const hs::json::Value& sphere : spheres) {
    const auto& c = at(sphere, {"centre_nm"}).as_array();
    double s = -1e300;
    for (const hs::json::Value& f : at(t.truth, {"primary", "facets"}).as_array()) {
      const auto& n = at(f, {"normal"}).as_array();
      double dot = 0;
      for (std::size_t k = 0; k < 3; ++k) dot += n[k].as_number() * (c[k].as_number() - centre[k].as_number());
      s = std::max(s, dot - number_at(f, {"distance_nm"}));
    }
    CHECK(s > 0);
    CHECK(s < number_at(sphere, {"radius_nm"}));
  }
}

TEST_CASE("tomo-ncm111: Ni:Co:Mn is 1:1:1 in the bulk", "[samples][tomo-ncm111]") {
  Tomogram& t = tomogram();
  double ni = 0, co = 0, mn = 0;
  for (std::uint64_t i = 0; i < t.voxels(); ++i) {
    if (t.s[i] > -8) continue;
    ni += t.value(kNi, i), co += t.value(kCo, i), mn += t.value(kMn, i);
  }
  const double n = ni + co + mn;
  REQUIRE(n > 1e5);
  const double sigma = std::sqrt((1.0 / 3) * (2.0 / 3) / n);  // multinomial share of N counts
  INFO("bulk shares Ni " << ni / n << ", Co " << co / n << ", Mn " << mn / n << " ± " << 3 * sigma);
  for (double share : {ni / n, co / n, mn / n}) CHECK(std::abs(share - 1.0 / 3) <= 3 * sigma);
}

TEST_CASE("tomo-ncm111: EDS counts, ADF and the EELS ratio follow the depth laws shell by shell", "[samples][tomo-ncm111]") {
  Tomogram& t = tomogram();
  const Laws laws(t.truth);
  const double noise = number_at(t.truth, {"signals", "eels_noise_sigma"});
  std::array<double, kShells.size()> ni_share{};
  std::array<double, kShells.size()> ratio{};
  for (std::size_t k = 0; k < kShells.size(); ++k) {
    std::array<double, kChannels> observed{}, expected{};
    double ratio_sum = 0, ratio_law_sum = 0, n = 0;
    for (std::uint64_t i = 0; i < t.voxels(); ++i) {
      const double depth = -t.s[i];
      if (depth < kShells[k][0] || depth >= kShells[k][1]) continue;
      ++n;
      for (std::size_t c = 0; c < kEels; ++c) observed[c] += t.value(c, i), expected[c] += laws.expected_counts(c, t.s[i]);
      ratio_sum += t.value(kEels, i);
      ratio_law_sum += laws.ratio(depth);
    }
    REQUIRE(n > 100);
    for (std::size_t c = 0; c < kEels; ++c) {
      INFO("shell " << kShells[k][0] << "-" << kShells[k][1] << " nm, channel " << c << ": " << observed[c] << " counts, expected "
                    << expected[c]);
      CHECK(std::abs(observed[c] - expected[c]) <= 3 * std::sqrt(expected[c]) + 1);
    }
    INFO("shell " << kShells[k][0] << " nm: L3/L2 " << ratio_sum / n << ", law " << ratio_law_sum / n);
    CHECK(std::abs(ratio_sum - ratio_law_sum) / n <= 3 * noise / std::sqrt(n));
    ni_share[k] = observed[kNi] / (observed[kNi] + observed[kCo] + observed[kMn]);
    ratio[k] = ratio_sum / n;
  }
  // The findings: Ni enriched and Mn reduced (higher L3/L2) at the surface, uniform deep inside.
  CHECK(ni_share[0] > ni_share[5] + 0.05);
  CHECK(ratio[0] > ratio[5] + 0.3);
  CHECK(std::abs(ratio[4] - ratio[5]) < 0.05);
}

TEST_CASE("tomo-ncm111: the same seed gives the same bytes, another seed other bytes", "[samples][tomo-ncm111]") {
  ListedStore again, other;
  write(again, 5);
  write(other, 6);
  CHECK(again.values == tomogram().store.values);
  CHECK(other.values.at("0/c/0/0/0/0/0") != again.values.at("0/c/0/0/0/0/0"));
  CHECK(other.values.at("zarr.json") != again.values.at("zarr.json"));
}

}  // namespace
