// apt-nmc811 (small): the stored ions against the recorded truth (bulk and coating composition,
// coating thickness, inclusions, O2+ share, spectrum peaks and ranges, species counts, EPOS
// fields), the exports read back by our readers, and same seed -> same bytes.
//
// Tolerances: a composition ratio p measured from N atoms is binomial, σ = sqrt(p (1 - p) / N);
// each check allows 3σ plus a bound on the known biases of ranging, derived from the truth:
// background ions that fall into ranges, and minor isotopologues left unranged.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "io/epos.h"
#include "io/pos.h"
#include "io/rrng.h"
#include "points/point_store.h"
#include "samples/apt_nmc811.h"
#include "sample_test_support.h"

namespace {

using hs::test::at;
using hs::test::ListedStore;
using hs::test::number_at;

constexpr std::uint64_t kSeed = 7;

struct Sample {
  ListedStore store;
  std::map<std::string, hs::Bytes> exports;
  hs::json::Value truth;
  hs::PointStoreAttributes attributes;
  std::vector<float> position, mass;
};

// Writes the small sample of `seed` into s; with exports, the store is converted from the EPOS
// export (as the CLI does), without them from the generator.
void generate(Sample& s, std::uint64_t seed, bool with_exports = true) {
  hs::SampleOptions options;
  options.size = hs::SampleSize::small;
  options.seed = seed;
  if (with_exports) {
    options.append_export = [&s](std::string_view extension, hs::ByteView bytes) {
      hs::Bytes& file = s.exports[std::string(extension)];
      file.insert(file.end(), bytes.begin(), bytes.end());
      return hs::Status{};
    };
    options.open_export = [&s](std::string_view extension) -> hs::Result<std::unique_ptr<hs::ByteSource>> {
      return hs::memory_source(s.exports.at(std::string(extension)), "sample" + std::string(extension));
    };
  }
  auto report = hs::write_apt_nmc811(s.store, options);
  REQUIRE(report.ok());
}

// The small sample of kSeed, generated once for all tests.
Sample& sample() {
  static Sample s = [] {
    Sample made;
    generate(made, kSeed);
    const hs::json::Value heteroscope = hs::test::heteroscope_attributes(made.store);
    made.truth = at(heteroscope, {"truth"});
    auto attributes = hs::parse_point_store_attributes(heteroscope, "sample");
    REQUIRE(attributes.ok());
    made.attributes = std::move(*attributes);
    made.position = hs::test::read_array<float>(made.store, "position");
    made.mass = hs::test::read_array<float>(made.store, "mass");
    return made;
  }();
  return s;
}

// The needle's geometry and regions from the truth.
struct Geometry {
  double tip_radius_nm, tan_shank, length_nm, coating_nm, jitter_lateral_nm;
  struct Sphere {
    double x, y, z, r;
  };
  std::vector<Sphere> inclusions;

  explicit Geometry(const hs::json::Value& truth) {
    tip_radius_nm = number_at(truth, {"geometry", "tip_radius_nm"});
    tan_shank = number_at(truth, {"geometry", "tan_shank_half_angle"});
    length_nm = number_at(truth, {"geometry", "length_nm"});
    jitter_lateral_nm = number_at(truth, {"geometry", "jitter_lateral_nm"});
    coating_nm = number_at(truth, {"coating", "thickness_nm"});
    for (const hs::json::Value& s : at(truth, {"inclusions", "spheres"}).as_array()) {
      const auto& c = at(s, {"centre_nm"}).as_array();
      inclusions.push_back({c[0].as_number(), c[1].as_number(), c[2].as_number(), number_at(s, {"radius_nm"})});
    }
  }
  double radius_at(double z) const { return tip_radius_nm + z * tan_shank; }
  // Bulk, at least `margin` nm from the coating, the needle's end and every inclusion.
  bool in_bulk(double x, double y, double z, double margin) const {
    if (z < coating_nm + margin || z > length_nm - margin) return false;
    return std::none_of(inclusions.begin(), inclusions.end(), [&](const Sphere& s) {
      const double d = std::sqrt((x - s.x) * (x - s.x) + (y - s.y) * (y - s.y) + (z - s.z) * (z - s.z));
      return d < s.r + margin;
    });
  }
};

// Atoms per element of the ranged ions among `rows`, molecular ions decomposed.
std::map<std::string, double> atoms_of(const hs::RangeTable& ranges, const std::vector<float>& mass,
                                       const std::vector<std::size_t>& rows) {
  std::map<std::string, double> atoms;
  for (std::size_t row : rows) {
    const auto ion = hs::find_ion(ranges, mass[row]);
    if (!ion) continue;
    for (const hs::ElementCount& e : ranges.ions[*ion].composition) atoms[e.element] += e.count;
  }
  return atoms;
}

// Rows whose position passes `keep`.
template <typename Keep>
std::vector<std::size_t> rows_where(const Sample& s, Keep keep) {
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < s.mass.size(); ++i) {
    if (keep(s.position[3 * i], s.position[3 * i + 1], s.position[3 * i + 2])) rows.push_back(i);
  }
  return rows;
}

// Background ions expected in the ranges of the ions that `select` accepts, among `ion_count`
// ions: the truth's background is flat over its mass span.
template <typename Select>
double background_in_ranges(const Sample& s, std::uint64_t ion_count, Select select) {
  const auto& spectrum = at(s.truth, {"spectrum"});
  const auto& span = at(spectrum, {"background_mass_range_da"}).as_array();
  double width = 0;
  for (const hs::MassRange& r : s.attributes.ranges.ranges) {
    if (select(s.attributes.ranges.ions[r.ion_index])) width += r.high_da - r.low_da;
  }
  return static_cast<double>(ion_count) * number_at(spectrum, {"background_fraction"}) * width /
         (span[1].as_number() - span[0].as_number());
}

// Bound on the shift of a ratio of element counts caused by ranging, from the truth: background
// ions falling into any range (expected number + 3σ, over `denominator` atoms) plus the largest
// unranged isotopologue share of any species.
double ranging_bias(const Sample& s, std::uint64_t ion_count, double denominator) {
  const double in_ranges = background_in_ranges(s, ion_count, [](const hs::IonSpecies&) { return true; });
  std::map<std::string, double> unranged;
  for (const hs::json::Value& p : at(s.truth, {"peaks"}).as_array()) {
    if (!at(p, {"ranged"}).as_bool()) unranged[at(p, {"ion"}).as_string()] += number_at(p, {"abundance"});
  }
  double worst = 0;
  for (const auto& [ion, share] : unranged) worst = std::max(worst, share);
  return (in_ranges + 3 * std::sqrt(in_ranges)) / denominator + worst;
}

double binomial_sigma(double p, double n) { return std::sqrt(p * (1 - p) / n); }

TEST_CASE("apt-nmc811: bulk Ni/(Ni+Co+Mn) and Li/(Li+TM) match the truth", "[samples][apt-nmc811]") {
  Sample& s = sample();
  const Geometry g(s.truth);
  const auto rows = rows_where(s, [&](double x, double y, double z) { return g.in_bulk(x, y, z, 2.0); });
  REQUIRE(rows.size() > 50000);
  auto atoms = atoms_of(s.attributes.ranges, s.mass, rows);
  const double tm = atoms["Ni"] + atoms["Co"] + atoms["Mn"];
  const double ni = atoms["Ni"] / tm, li = atoms["Li"] / (atoms["Li"] + tm);
  const double ni_truth = number_at(s.truth, {"bulk", "ni_fraction_of_ni_co_mn"});
  const double li_truth = number_at(s.truth, {"bulk", "li_fraction_of_li_ni_co_mn"});
  CHECK(ni_truth == Approx(0.8));
  CHECK(li_truth == Approx(0.5));
  // No Cr in the bulk: only background ions in the Cr ranges (expected count + 3σ).
  const double cr_background =
      background_in_ranges(s, rows.size(), [](const hs::IonSpecies& ion) { return ion.name.starts_with("Cr"); });
  CHECK(atoms["Cr"] <= cr_background + 3 * std::sqrt(cr_background));
  const double ni_tolerance = 3 * binomial_sigma(ni_truth, tm) + ranging_bias(s, rows.size(), tm);
  const double li_tolerance =
      3 * binomial_sigma(li_truth, atoms["Li"] + tm) + ranging_bias(s, rows.size(), atoms["Li"] + tm);
  INFO("Ni/(Ni+Co+Mn) = " << ni << " ± " << ni_tolerance << ", Li/(Li+TM) = " << li << " ± " << li_tolerance);
  CHECK(std::abs(ni - ni_truth) <= ni_tolerance);
  CHECK(std::abs(li - li_truth) <= li_tolerance);
  CHECK(ni_tolerance < 0.03);  // the check means something
}

TEST_CASE("apt-nmc811: the coating's thickness from a Cr profile along the axis, and its composition", "[samples][apt-nmc811]") {
  Sample& s = sample();
  const Geometry g(s.truth);
  const double coat_cr = number_at(s.truth, {"coating", "composition", "cation_fraction", "Cr"});
  CHECK(g.coating_nm >= 10);
  CHECK(g.coating_nm <= 20);
  // Cations in a cylinder of radius 20 nm around the axis, down to 10 nm below the interface.
  struct Cation {
    double z;
    bool cr;
  };
  std::vector<Cation> cations;
  for (std::size_t i = 0; i < s.mass.size(); ++i) {
    const double x = s.position[3 * i], y = s.position[3 * i + 1], z = s.position[3 * i + 2];
    if (x * x + y * y > 400 || z > g.coating_nm + 10) continue;
    const auto ion = hs::find_ion(s.attributes.ranges, s.mass[i]);
    if (!ion) continue;
    for (const hs::ElementCount& e : s.attributes.ranges.ions[*ion].composition) {
      if (e.element != "O") cations.push_back({z, e.element == "Cr"});
    }
  }
  std::sort(cations.begin(), cations.end(), [](const Cation& a, const Cation& b) { return a.z < b.z; });
  // Least-squares step: Cr share coat_cr above the interface, 0 below; sweep the interface.
  double cost = 0;
  for (const Cation& c : cations) cost += c.cr ? 1 : 0;  // interface at the top: all below
  double best_cost = cost, best_z = cations.front().z;
  for (const Cation& c : cations) {
    const double b = c.cr ? 1 : 0;
    cost += (b - coat_cr) * (b - coat_cr) - b * b;  // this cation moves above the interface
    if (cost < best_cost) best_cost = cost, best_z = c.z;
  }
  INFO("interface from the profile at " << best_z << " nm, truth " << g.coating_nm << " nm");
  CHECK(std::abs(best_z - g.coating_nm) <= 1.0);

  const auto rows = rows_where(s, [&](double, double, double z) { return z > 1 && z < g.coating_nm - 1.5; });
  auto atoms = atoms_of(s.attributes.ranges, s.mass, rows);
  const double n = atoms["Li"] + atoms["Ni"] + atoms["Co"] + atoms["Mn"] + atoms["Cr"];
  const double cr = atoms["Cr"] / n;
  const double tolerance = 3 * binomial_sigma(coat_cr, n) + ranging_bias(s, rows.size(), n);
  INFO("coating Cr share of cations " << cr << " ± " << tolerance);
  CHECK(std::abs(cr - coat_cr) <= tolerance);
}

TEST_CASE("apt-nmc811: each inclusion is Mn-enriched as its truth says", "[samples][apt-nmc811]") {
  Sample& s = sample();
  const Geometry g(s.truth);
  REQUIRE(g.inclusions.size() == 3);
  const double inclusion_mn = number_at(s.truth, {"inclusions", "composition", "mn_fraction_of_ni_co_mn"});
  const double bulk_mn = number_at(s.truth, {"bulk", "mn_fraction_of_ni_co_mn"});
  CHECK(inclusion_mn > 0.85);
  for (const Geometry::Sphere& inc : g.inclusions) {
    CHECK(inc.r >= 2.5);
    CHECK(inc.r <= 7.5);
    CHECK(inc.z - inc.r > g.coating_nm);
    CHECK(std::hypot(inc.x, inc.y) + inc.r < g.radius_at(inc.z));
    // Ions well inside the sphere (jitter moves few across 0.5 nm = 1.4σ lateral).
    const double r = inc.r - 0.5;
    const auto rows = rows_where(s, [&](double x, double y, double z) {
      return (x - inc.x) * (x - inc.x) + (y - inc.y) * (y - inc.y) + (z - inc.z) * (z - inc.z) < r * r;
    });
    auto atoms = atoms_of(s.attributes.ranges, s.mass, rows);
    const double tm = atoms["Ni"] + atoms["Co"] + atoms["Mn"];
    REQUIRE(tm >= 3);
    const double mn = atoms["Mn"] / tm;
    INFO("inclusion at z " << inc.z << " r " << inc.r << ": Mn/(TM) = " << mn << " of " << tm << " TM atoms");
    CHECK(mn > bulk_mn + 3 * binomial_sigma(bulk_mn, tm));
    CHECK(std::abs(mn - inclusion_mn) <= 3 * binomial_sigma(inclusion_mn, tm) + 0.05);
  }
}

TEST_CASE("apt-nmc811: the O2+ share of oxygen falls along the needle as the truth's law", "[samples][apt-nmc811]") {
  Sample& s = sample();
  const Geometry g(s.truth);
  const double apex = number_at(s.truth, {"ion_forms", "o2_share_apex"});
  const double end = number_at(s.truth, {"ion_forms", "o2_share_end"});
  const auto& ions = s.attributes.ranges.ions;
  const auto index_of = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find_if(ions.begin(), ions.end(), [&](const hs::IonSpecies& i) { return i.name == name; }) - ions.begin());
  };
  const std::size_t o1 = index_of("O+"), o2 = index_of("O2+");
  REQUIRE(o2 < ions.size());
  const double top = g.coating_nm + 2, bottom = g.length_nm - 1;
  std::vector<double> shares;
  for (int slab = 0; slab < 4; ++slab) {
    const double z0 = top + (bottom - top) * slab / 4, z1 = top + (bottom - top) * (slab + 1) / 4;
    const auto rows = rows_where(s, [&](double x, double y, double z) { return z >= z0 && z < z1 && g.in_bulk(x, y, z, 2.0); });
    double n1 = 0, n2 = 0, z_sum = 0;
    for (std::size_t row : rows) {
      z_sum += s.position[3 * row + 2];
      const auto ion = hs::find_ion(s.attributes.ranges, s.mass[row]);
      if (ion == o1) ++n1;
      if (ion == o2) ++n2;
    }
    // The share is linear in depth, so its expectation over the slab is its value at the mean depth.
    const double expected = apex + (end - apex) * (z_sum / static_cast<double>(rows.size())) / g.length_nm;
    const double share = 2 * n2 / (2 * n2 + n1);
    // Atoms of an O2+ come in pairs: twice the binomial variance; 64Ni2+ sits in the O2+ range.
    const double tolerance = 3 * std::sqrt(2 * expected * (1 - expected) / (2 * n2 + n1)) + 0.01;
    INFO("slab " << slab << ": O2+ share " << share << ", expected " << expected << " ± " << tolerance);
    CHECK(std::abs(share - expected) <= tolerance);
    shares.push_back(share);
  }
  CHECK(shares.front() > shares.back());
}

TEST_CASE("apt-nmc811: every ranged peak lies in a range of its ion, ranges do not overlap", "[samples][apt-nmc811]") {
  Sample& s = sample();
  const hs::RangeTable& table = s.attributes.ranges;
  CHECK(hs::find_overlaps(table).empty());
  std::vector<int> peaks_in_range(table.ranges.size(), 0);
  int ranged = 0;
  for (const hs::json::Value& p : at(s.truth, {"peaks"}).as_array()) {
    if (!at(p, {"ranged"}).as_bool()) continue;
    ++ranged;
    const double m = number_at(p, {"mass_to_charge_da"});
    const std::string& ion = at(p, {"ion"}).as_string();
    const auto found = hs::find_ion(table, m);
    INFO("peak " << at(p, {"isotopes"}).as_string() << " of " << ion << " at " << m << " Da");
    REQUIRE(found.has_value());
    CHECK(table.ions[*found].name == ion);
    for (std::size_t r = 0; r < table.ranges.size(); ++r) {
      if (table.ranges[r].low_da <= m && m < table.ranges[r].high_da) ++peaks_in_range[r];
    }
  }
  CHECK(ranged >= 30);
  for (int n : peaks_in_range) CHECK(n >= 1);  // no range without a peak
  // Hand-checked positions (AME2016 masses): 58Ni16O+ = 57.93534241 + 15.99491462 = 73.93025703,
  // 52Cr2+ = 51.94050623 / 2 = 25.970253115.
  CHECK(table.ions[*hs::find_ion(table, 73.93025703)].name == "NiO+");
  CHECK(table.ions[*hs::find_ion(table, 25.970253115)].name == "Cr++");
}

TEST_CASE("apt-nmc811: the stored spectrum's peaks are at the truth's masses and all ranged", "[samples][apt-nmc811]") {
  Sample& s = sample();
  const std::vector<std::uint64_t> bins = hs::test::read_array<std::uint64_t>(s.store, "spectrum");
  const double bin_da = hs::kSpectrumBinWidthDa;
  // A detected peak: a bin of at least 30 ions that is the largest within ±0.3 Da.
  const auto window = static_cast<std::ptrdiff_t>(std::lround(0.3 / bin_da));
  int detected = 0;
  for (std::ptrdiff_t b = 0; b < static_cast<std::ptrdiff_t>(bins.size()); ++b) {
    if (bins[static_cast<std::size_t>(b)] < 30) continue;
    bool top = true;
    for (std::ptrdiff_t k = std::max<std::ptrdiff_t>(0, b - window);
         k <= std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(bins.size()) - 1, b + window); ++k) {
      top = top && bins[static_cast<std::size_t>(k)] <= bins[static_cast<std::size_t>(b)];
    }
    if (!top) continue;
    ++detected;
    const double centre = (static_cast<double>(b) + 0.5) * bin_da;
    INFO("spectrum peak at " << centre << " Da");
    CHECK(hs::find_ion(s.attributes.ranges, centre).has_value());
  }
  CHECK(detected >= 20);
  // Every strong truth peak is where the spectrum is highest near it.
  const auto& counts = at(s.truth, {"species_counts"}).as_array();
  const double sigma = number_at(s.truth, {"spectrum", "relative_sigma"});
  for (const hs::json::Value& p : at(s.truth, {"peaks"}).as_array()) {
    const auto& ions = s.attributes.ranges.ions;
    const auto ion = std::find_if(ions.begin(), ions.end(), [&](const hs::IonSpecies& i) { return i.name == at(p, {"ion"}).as_string(); });
    const double expected = counts[static_cast<std::size_t>(ion - ions.begin())].as_number() * number_at(p, {"abundance"});
    if (expected < 300) continue;
    const double m = number_at(p, {"mass_to_charge_da"});
    const auto lo = static_cast<std::size_t>((m - 0.1) / bin_da), hi = static_cast<std::size_t>((m + 0.1) / bin_da);
    const std::size_t best = static_cast<std::size_t>(std::max_element(bins.begin() + static_cast<std::ptrdiff_t>(lo), bins.begin() + static_cast<std::ptrdiff_t>(hi) + 1) - bins.begin());
    const double centre = (static_cast<double>(best) + 0.5) * bin_da;
    INFO(at(p, {"isotopes"}).as_string() << ": spectrum maximum at " << centre << " Da, peak at " << m << " Da");
    CHECK(std::abs(centre - m) <= std::max(0.02, 2 * sigma * m));
  }
}

TEST_CASE("apt-nmc811: ranged counts per species match the generated counts", "[samples][apt-nmc811]") {
  Sample& s = sample();
  const auto& truth_counts = at(s.truth, {"species_counts"}).as_array();
  const double background = number_at(s.truth, {"background_count"});
  const auto& spectrum = at(s.truth, {"spectrum"});
  const auto& span = at(spectrum, {"background_mass_range_da"}).as_array();
  const double background_per_da = background / (span[1].as_number() - span[0].as_number());
  // Lost from a ranged peak: its tail beyond 5 tail means, tail_probability e^-5.
  const double tail_loss = number_at(spectrum, {"tail_probability"}) * std::exp(-5.0);
  REQUIRE(truth_counts.size() == s.attributes.species_counts.size());
  const auto& ions = s.attributes.ranges.ions;
  const auto generated_of = [&](const std::string& name) {
    const auto it = std::find_if(ions.begin(), ions.end(), [&](const hs::IonSpecies& i) { return i.name == name; });
    return truth_counts[static_cast<std::size_t>(it - ions.begin())].as_number();
  };
  double total = background;
  for (std::size_t i = 0; i < truth_counts.size(); ++i) {
    const std::string& name = ions[i].name;
    // Ions of this species in its ranges, those of unranged peaks of other species that fall
    // in them (64Ni2+ in the O2+ range), and the background there.
    double own = 0, foreign = 0, width = 0;
    for (const hs::json::Value& p : at(s.truth, {"peaks"}).as_array()) {
      const std::string& ion = at(p, {"ion"}).as_string();
      const double share = number_at(p, {"abundance"}) * (1 - tail_loss);
      if (ion == name && at(p, {"ranged"}).as_bool()) own += share;
      const auto in = hs::find_ion(s.attributes.ranges, number_at(p, {"mass_to_charge_da"}));
      if (ion != name && !at(p, {"ranged"}).as_bool() && in == i) foreign += share * generated_of(ion);
    }
    for (const hs::MassRange& r : s.attributes.ranges.ranges) {
      if (r.ion_index == i) width += r.high_da - r.low_da;
    }
    const double generated = truth_counts[i].as_number();
    total += generated;
    const double in_background = background_per_da * width;
    const double expected = generated * own + foreign + in_background;
    // Binomial spread of the ions kept, Poisson of the rest, plus 0.2% for tails of neighbours.
    const double sigma = std::sqrt(generated * own * (1 - own) + foreign + in_background);
    const double tolerance = 3 * sigma + 0.002 * generated + 3;
    const auto measured = static_cast<double>(s.attributes.species_counts[i]);
    INFO(name << ": ranged " << measured << ", generated " << generated << ", expected " << expected << " ± " << tolerance);
    CHECK(std::abs(measured - expected) <= tolerance);
  }
  CHECK(total == static_cast<double>(s.attributes.ion_count));
  CHECK(s.attributes.ion_count == 100000);
  CHECK(background == Approx(1000).margin(3 * std::sqrt(1000.0)));
}

TEST_CASE("apt-nmc811: positions lie in the needle and the EPOS fields follow the truth's laws", "[samples][apt-nmc811]") {
  Sample& s = sample();
  const Geometry g(s.truth);
  const hs::json::Value& epos = at(s.truth, {"epos"});
  const double volts_per_nm = number_at(epos, {"volts_per_nm_of_radius"});
  const double flight_m = number_at(epos, {"flight_path_m"});
  const double detector_mm = number_at(epos, {"detector_radius_mm"});
  const double depth_jitter = number_at(s.truth, {"geometry", "jitter_depth_nm"});
  const std::vector<float> tof = hs::test::read_array<float>(s.store, "tof_ns");
  const std::vector<float> vdc = hs::test::read_array<float>(s.store, "vdc_v");
  const std::vector<float> det_x = hs::test::read_array<float>(s.store, "det_x_mm");
  const std::vector<float> det_y = hs::test::read_array<float>(s.store, "det_y_mm");
  const std::vector<std::int32_t> delta = hs::test::read_array<std::int32_t>(s.store, "delta_pulse");
  const std::vector<std::int32_t> multiplicity = hs::test::read_array<std::int32_t>(s.store, "multiplicity");
  const double kg_per_da = 1.66053906660e-27, coulomb = 1.602176634e-19;
  int bad_radius = 0, bad_depth = 0, bad_tof = 0, bad_detector = 0;
  double rim = 0, middle = 0;
  double delta_sum = 0;
  for (std::size_t i = 0; i < s.mass.size(); ++i) {
    const double x = s.position[3 * i], y = s.position[3 * i + 1], z = s.position[3 * i + 2];
    const double true_depth = (vdc[i] / volts_per_nm - g.tip_radius_nm) / g.tan_shank;
    const double r = g.radius_at(true_depth);
    if (std::hypot(x, y) > r + 6 * g.jitter_lateral_nm) ++bad_radius;
    if (std::abs(z - true_depth) > 6 * depth_jitter + 1e-3) ++bad_depth;
    // m = 2 e V t^2 / (L^2 u)
    const double t = tof[i] * 1e-9;
    const double m = 2 * coulomb * vdc[i] * t * t / (flight_m * flight_m * kg_per_da);
    if (std::abs(m - s.mass[i]) > 1e-5 * s.mass[i]) ++bad_tof;
    // The detector hit is the ion's lateral position scaled from the needle radius to the detector's.
    if (std::hypot(det_x[i] / detector_mm * r - x, det_y[i] / detector_mm * r - y) > 6 * g.jitter_lateral_nm) ++bad_detector;
    const double q = std::hypot(det_x[i], det_y[i]) / detector_mm;
    if (q > 0.95) ++rim;
    if (q < std::sqrt(1 - 0.95 * 0.95)) ++middle;  // the same area as q > 0.95
    delta_sum += delta[i];
    CHECK(multiplicity[i] == 1);
  }
  CHECK(bad_radius == 0);
  CHECK(bad_depth == 0);
  CHECK(bad_tof == 0);
  CHECK(bad_detector == 0);
  // Edge thinning: at q ≈ 0.975 an ion is kept with probability 1 - 0.35 q^6 ≈ 0.70, in the
  // middle disk of equal area with ≥ 0.9999.
  INFO("ions at the rim " << rim << ", in the middle " << middle);
  CHECK(rim / middle == Approx(0.70).margin(0.05));
  // Pulses between events: geometric with mean 1 / detection_per_pulse = 200.
  CHECK(delta_sum / static_cast<double>(s.mass.size()) == Approx(1 / number_at(epos, {"detection_per_pulse"})).epsilon(0.02));
}

TEST_CASE("apt-nmc811: POS, EPOS and RRNG exports read back and match the store", "[samples][apt-nmc811]") {
  Sample& s = sample();
  REQUIRE(s.exports.size() == 3);
  auto rrng = hs::parse_rrng(std::string(s.exports[".rrng"].begin(), s.exports[".rrng"].end()), "sample.rrng");
  REQUIRE(rrng.ok());
  CHECK(rrng->table == s.attributes.ranges);
  auto key = s.store.get("ranges.rrng");
  REQUIRE(key.ok());
  REQUIRE(key->has_value());
  CHECK(**key == s.exports[".rrng"]);

  auto pos = hs::open_pos(hs::memory_source(s.exports[".pos"], "sample.pos"));
  auto epos = hs::open_epos(hs::memory_source(s.exports[".epos"], "sample.epos"));
  REQUIRE(pos.ok());
  REQUIRE(epos.ok());
  const std::uint64_t n = s.attributes.ion_count;
  REQUIRE((*pos)->info().ion_count == n);
  REQUIRE((*epos)->info().ion_count == n);
  hs::IonBatch from_pos, from_epos;
  REQUIRE((*pos)->read(0, n, from_pos).ok());
  REQUIRE((*epos)->read(0, n, from_epos).ok());
  CHECK(from_pos.x_nm == from_epos.x_nm);
  CHECK(from_pos.mass_da == from_epos.mass_da);
  // The same ions as the store, which holds them in octree order: compare sorted.
  std::vector<std::array<float, 4>> exported, stored;
  for (std::uint64_t i = 0; i < n; ++i) {
    exported.push_back({from_pos.x_nm[i], from_pos.y_nm[i], from_pos.z_nm[i], from_pos.mass_da[i]});
    stored.push_back({s.position[3 * i], s.position[3 * i + 1], s.position[3 * i + 2], s.mass[i]});
  }
  std::sort(exported.begin(), exported.end());
  std::sort(stored.begin(), stored.end());
  CHECK(exported == stored);

  // Without exports the store comes straight from the generator: the same arrays.
  Sample direct;
  generate(direct, kSeed, /*with_exports=*/false);
  CHECK(direct.exports.empty());
  CHECK(direct.store.values.size() == s.store.values.size());
  for (const auto& [k, value] : s.store.values) {
    if (k == "zarr.json") continue;  // the group names its source
    INFO(k);
    REQUIRE(direct.store.values.count(k) == 1);
    CHECK(direct.store.values[k] == value);
  }
  const hs::json::Value direct_truth = at(hs::test::heteroscope_attributes(direct.store), {"truth"});
  CHECK(direct_truth == s.truth);
}

TEST_CASE("apt-nmc811: the same seed gives the same bytes, another seed other bytes", "[samples][apt-nmc811]") {
  Sample again, other;
  generate(again, kSeed);
  generate(other, kSeed + 1);
  CHECK(again.store.values == sample().store.values);
  CHECK(again.exports == sample().exports);
  REQUIRE(other.store.values.size() > 10);
  CHECK(other.store.values.at("position/c/0/0") != again.store.values.at("position/c/0/0"));
  CHECK(other.exports.at(".pos") != again.exports.at(".pos"));
  CHECK(other.store.values.at("zarr.json") != again.store.values.at("zarr.json"));
}

}  // namespace
