// The Cr-coated NMC811 needle: its numbers, its species and ranges, and per-ion generation.
#include "samples/apt_nmc811_model.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <string>

#include "samples/portable_math.h"
#include "samples/sample_geometry.h"
#include "samples/sample_random.h"

namespace hs {
namespace {

// [Specimen size] The issue asks for 1e5 / 5e6 / 2e8 ions in a needle ~250 nm long. The small
// needle is shorter (100 nm) so its ~1e5 ions still resolve the coating and the inclusions.
struct SizePlan {
  std::uint64_t ion_count;
  double length_nm;
  std::size_t inclusion_count;
};
SizePlan size_plan(SampleSize size) {
  switch (size) {
    case SampleSize::small: return {100'000, 100, 3};
    case SampleSize::medium: return {5'000'000, 250, 8};
    case SampleSize::large: return {200'000'000, 250, 8};
  }
  return {100'000, 100, 3};
}

// [Geometry] A truncated cone: radius 30 nm at the apex (the issue's ~30 nm tip), widening with a
// shank half-angle of 10° (tan 10° = 0.17632698070846498), typical of FIB-sharpened needles.
constexpr double kTipRadiusNm = 30;
constexpr double kTanShank = 0.17632698070846498;
// Reconstruction blur: Gaussian jitter, lateral 0.35 nm and depth 0.15 nm (atom probe resolves
// depth better than lateral position; both "a few Å", Gault et al., Atom Probe Microscopy,
// Springer 2012, ch. 7).
constexpr double kJitterLateralNm = 0.35;
constexpr double kJitterDepthNm = 0.15;
// Fewer ions near the detector edge: an ion at relative radius q = ρ/r is kept with probability
// 1 - 0.35 q^6 (35% fewer at the very rim, 4% at q = 0.7).
constexpr double kEdgeLoss = 0.35;
// Coating: a Cr-rich layer at the apex, its interface the plane z = thickness, thickness drawn
// uniformly in 10–20 nm (the range) per seed.
constexpr double kCoatingMinNm = 10, kCoatingMaxNm = 20;
// Inclusions: LiMn2O4-like spheres of 7–15 nm diameter (the 5–15 nm without the smallest,
// which would hold too few ions in the small needle to see), at least 3 nm below the coating and
// from the needle's end, 2 nm inside its surface and 2 nm apart.
constexpr double kInclusionMinRadiusNm = 3.5, kInclusionMaxRadiusNm = 7.5;
constexpr double kInclusionDepthMarginNm = 3, kInclusionSurfaceMarginNm = 2, kInclusionGapNm = 2;
constexpr int kLayoutAttempts = 10000;

// [Composition] Cation fractions (Li, Ni, Co, Mn, Cr) and O atoms per cation, as measured.
// Bulk LiNi0.8Co0.1Mn0.1O2: Ni/(Ni+Co+Mn) = 0.8 and one Li per TM, so Li/(Li+TM) = 0.5 (the
// issue's measured value); O per cation 0.9 instead of 1: oxides lose O as undetected neutral O2,
// so atom probe reports them O-deficient.
constexpr AptComposition kBulk = {{0.5, 0.4, 0.05, 0.05, 0.0}, 0.9};
// Coating: a Cr-rich (Li,Cr) oxide (Cr 60% of cations, some Li and TM mixed in from the substrate),
// between LiCrO2 (1 O per cation) and Cr2O3 (1.5).
constexpr AptComposition kCoating = {{0.25, 0.12, 0.015, 0.015, 0.6}, 1.25};
// Inclusions: LiMn2O4-like (Li 1/3 of cations, Mn/(TM) = 0.6/0.67 ≈ 0.9 with a little Ni and Co),
// O per cation 4/3 × 0.9 = 1.2 (the same O deficit as the bulk).
constexpr AptComposition kInclusion = {{0.33, 0.05, 0.02, 0.60, 0.0}, 1.2};
constexpr std::array<const char*, kCationCount> kCationSymbols = {"Li", "Ni", "Co", "Mn", "Cr"};

// [Ion forms] Laser-pulsed atom probe of layered oxides detects transition metals as M+, M2+ and
// the oxide MO+, Li as Li+ and LiO+ (Li2+ is never seen: its second ionisation energy is 75.6 eV),
// oxygen as O+ and O2+. Fraction of each cation's atoms leaving as MO+, and of the others the
// fraction doubly charged (modelling choices of the usual size):
constexpr std::array<double, kCationCount> kOxideFraction = {0.05, 0.15, 0.15, 0.15, 0.25};
constexpr std::array<double, kCationCount> kDoubleChargeFraction = {0.0, 0.55, 0.55, 0.60, 0.65};
// Oxygen atoms not in MO+ leave as O+ or O2+; the fraction in O2+ falls linearly from 0.7 at the
// apex to 0.4 at the needle's end as the field drops with the widening radius (the issue's
// "O2+/O+ ratio varying along the needle").
constexpr double kO2ShareApex = 0.7, kO2ShareEnd = 0.4;
// Species forms.
enum Form { kSingle, kDouble, kOxide, kOxygen, kDioxygen };
// Room for the species: three per cation and two of oxygen.
constexpr std::size_t kMaxSpecies = 3 * kCationCount + 2;

// [Spectrum] Peak shape: relative Gaussian width σ/m = 3.86e-4 (mass resolving power m/Δm at
// FWHM = 1/(2.3548 × 3.86e-4) ≈ 1100, typical of a reflectron instrument in laser mode), and a
// thermal tail: 40% of ions arrive late, by an exponential with relative mean 2e-3.
constexpr double kRelativeSigma = 3.86e-4;
constexpr double kTailProbability = 0.4;
constexpr double kTailRelativeMean = 2e-3;
// Flat background: 1% of ions, uniform over 1–100 Da.
constexpr double kBackgroundFraction = 0.01;
constexpr double kBackgroundLowDa = 1, kBackgroundHighDa = 100;
// Ranges: every isotopologue of at least 1% of its species, from m (1 - 6 σ/m) to
// m (1 + 5 × tail mean), bounds rounded outwards to 0.001 Da; a species' overlapping ranges merge.
// Such ranges keep all but 0.4 e^-5 = 0.27% of a peak's ions and do not overlap for these ions.
constexpr double kRangedAbundance = 0.01;
constexpr double kRangeSigmasBelow = 6, kRangeTailMeansAbove = 5;

// [EPOS fields] Standing voltage V = F k r for evaporation field F = 30 V/nm and field factor
// k = 3.3 (Gault et al. 2012, ch. 3): about 3 kV at the apex, 7.4 kV at 250 nm. Laser pulsing:
// pulse voltage 0. Time of flight t = L √((m/n) u / (2 e V)) over a 100 mm flight path, with
// u = 1.66053906660e-27 kg and e = 1.602176634e-19 C (CODATA 2018). Detector hits on a 40 mm
// radius detector at the ion's relative lateral position. Pulses between events: geometric with a
// detection rate of 0.5% per pulse. Every event holds one ion (multiplicity 1).
constexpr double kVoltsPerNm = 30 * 3.3;
constexpr double kFlightPathM = 0.1;
constexpr double kKgPerDa = 1.66053906660e-27;
constexpr double kCoulombPerCharge = 1.602176634e-19;
constexpr double kDetectorRadiusMm = 40;
constexpr double kDetectionPerPulse = 0.005;

RgbColor rgb(int r, int g, int b) {
  return {static_cast<float>(r) / 255.0f, static_cast<float>(g) / 255.0f, static_cast<float>(b) / 255.0f};
}

// Colours per cation for M+, M2+, MO+ (whole 8-bit values, so RRNG keeps them exactly).
const std::array<std::array<RgbColor, 3>, kCationCount>& cation_colors() {
  static const std::array<std::array<RgbColor, 3>, kCationCount> colors = {{
      {rgb(204, 0, 204), rgb(204, 0, 204), rgb(153, 51, 204)},
      {rgb(0, 170, 0), rgb(0, 204, 102), rgb(102, 204, 0)},
      {rgb(0, 0, 255), rgb(51, 102, 255), rgb(0, 153, 204)},
      {rgb(255, 153, 0), rgb(255, 204, 0), rgb(204, 102, 0)},
      {rgb(0, 204, 204), rgb(0, 153, 153), rgb(102, 153, 153)},
  }};
  return colors;
}

// x, y in the unit disk, uniform, by rejection from the square.
void unit_disk(SampleRng& rng, double& x, double& y) {
  do {
    x = 2 * rng.uniform() - 1;
    y = 2 * rng.uniform() - 1;
  } while (x * x + y * y > 1);
}

// The truth's description of a region's composition.
json::Value composition_json(const AptComposition& composition) {
  // Atomic percent of each element: cations X_c / (1 + O per cation), oxygen the rest.
  json::Object at_percent, cations;
  const double atoms = 1 + composition.oxygen_per_cation;
  for (std::size_t c = 0; c < kCationCount; ++c) {
    at_percent.emplace_back(kCationSymbols[c], 100 * composition.cation_fraction[c] / atoms);
    cations.emplace_back(kCationSymbols[c], composition.cation_fraction[c]);
  }
  at_percent.emplace_back("O", 100 * composition.oxygen_per_cation / atoms);
  const auto& x = composition.cation_fraction;
  const double tm = x[kNi] + x[kCo] + x[kMn];
  return json::Object{{"atomic_percent", at_percent},
                      {"cation_fraction", cations},
                      {"oxygen_per_cation", composition.oxygen_per_cation},
                      {"ni_fraction_of_ni_co_mn", x[kNi] / tm},
                      {"mn_fraction_of_ni_co_mn", x[kMn] / tm},
                      {"li_fraction_of_li_ni_co_mn", x[kLi] / (x[kLi] + tm)}};
}

}  // namespace

AptNeedleModel::AptNeedleModel(SampleSize size, std::uint64_t seed)
    : size_(size), seed_(seed), log_no_detection_(portable_log(1 - kDetectionPerPulse)) {
  const SizePlan plan = size_plan(size);
  ion_count_ = plan.ion_count;
  length_nm_ = plan.length_nm;

  // Species: per cation M+, M2+ (if any), MO+; then O+ and O2+.
  const auto add = [&](const std::string& name, int cation, int form, RgbColor color) {
    Species s;
    s.ion = ion_from_name(name);
    s.ion.color = color;
    s.cation = cation;
    s.form = form;
    s.peaks = isotope_peaks(s.ion.composition, s.ion.charge);
    double sum = 0;
    for (const IsotopePeak& p : s.peaks) s.cumulative.push_back(sum += p.abundance);
    species_.push_back(std::move(s));
  };
  for (std::size_t c = 0; c < kCationCount; ++c) {
    const std::string symbol = kCationSymbols[c];
    const auto cation = static_cast<int>(c);
    add(symbol + "+", cation, kSingle, cation_colors()[c][0]);
    if (kDoubleChargeFraction[c] > 0) add(symbol + "++", cation, kDouble, cation_colors()[c][1]);
    add(symbol + "O+", cation, kOxide, cation_colors()[c][2]);
  }
  add("O+", -1, kOxygen, rgb(255, 0, 0));
  add("O2+", -1, kDioxygen, rgb(255, 102, 102));

  // Ranges from the peaks.
  for (std::size_t i = 0; i < species_.size(); ++i) {
    ranges_.ions.push_back(species_[i].ion);
    std::vector<MassRange> own;
    for (const IsotopePeak& p : species_[i].peaks) {
      if (p.abundance < kRangedAbundance) continue;
      const double m = p.mass_to_charge_da;
      own.push_back({std::floor(m * (1 - kRangeSigmasBelow * kRelativeSigma) * 1000) / 1000,
                     std::ceil(m * (1 + kRangeTailMeansAbove * kTailRelativeMean) * 1000) / 1000, i, 0});
    }
    for (const MassRange& r : own) {  // peaks are sorted by mass: merge into the previous range
      if (!ranges_.ranges.empty() && ranges_.ranges.back().ion_index == i && r.low_da <= ranges_.ranges.back().high_da) {
        ranges_.ranges.back().high_da = std::max(ranges_.ranges.back().high_da, r.high_da);
      } else {
        ranges_.ranges.push_back(r);
      }
    }
  }

  // Layout: coating thickness, then the inclusions, in one stream.
  SampleRng rng(seed, SampleStream::layout, 0);
  coating_thickness_nm_ = round_to(rng.uniform(kCoatingMinNm, kCoatingMaxNm), 100);
  for (int attempt = 0; attempt < kLayoutAttempts && inclusions_.size() < plan.inclusion_count; ++attempt) {
    AptInclusion inc;
    inc.radius_nm = round_to(rng.uniform(kInclusionMinRadiusNm, kInclusionMaxRadiusNm), 100);
    const double z = rng.uniform(coating_thickness_nm_ + inc.radius_nm + kInclusionDepthMarginNm,
                                 length_nm_ - inc.radius_nm - kInclusionDepthMarginNm);
    const double lateral = radius_at(z) - inc.radius_nm - kInclusionSurfaceMarginNm;
    double u = 0, v = 0;
    unit_disk(rng, u, v);
    inc.centre_nm = {round_to(lateral * u, 100), round_to(lateral * v, 100), round_to(z, 100)};
    const bool apart = std::all_of(inclusions_.begin(), inclusions_.end(), [&](const AptInclusion& other) {
      double d2 = 0;
      for (int k = 0; k < 3; ++k) d2 += (inc.centre_nm[k] - other.centre_nm[k]) * (inc.centre_nm[k] - other.centre_nm[k]);
      const double gap = inc.radius_nm + other.radius_nm + kInclusionGapNm;
      return d2 >= gap * gap;
    });
    if (apart) inclusions_.push_back(inc);
  }
}

double AptNeedleModel::radius_at(double depth_nm) const { return kTipRadiusNm + depth_nm * kTanShank; }

// The frustum's volume above depth z is ∝ (r0 + z t)^3 - r0^3: solve for z.
double AptNeedleModel::depth_at_volume_fraction(double fraction) const {
  const double r0_cubed = kTipRadiusNm * kTipRadiusNm * kTipRadiusNm;
  const double r1 = radius_at(length_nm_);
  const double cubed = r0_cubed + fraction * (r1 * r1 * r1 - r0_cubed);
  return std::clamp((portable_cbrt(cubed) - kTipRadiusNm) / kTanShank, 0.0, length_nm_);
}

const AptComposition& AptNeedleModel::composition_at(double x_nm, double y_nm, double z_nm) const {
  if (z_nm < coating_thickness_nm_) return kCoating;
  for (const AptInclusion& inc : inclusions_) {
    const double dx = x_nm - inc.centre_nm[0], dy = y_nm - inc.centre_nm[1], dz = z_nm - inc.centre_nm[2];
    if (dx * dx + dy * dy + dz * dz < inc.radius_nm * inc.radius_nm) return kInclusion;
  }
  return kBulk;
}

// Ions per cation atom of each species, then one draw: u in [0, 1) picks along the cumulative sum.
int AptNeedleModel::draw_species(const AptComposition& composition, double depth_nm, double u) const {
  const double o2_share = kO2ShareApex + (kO2ShareEnd - kO2ShareApex) * depth_nm / length_nm_;
  double free_oxygen = composition.oxygen_per_cation;
  for (std::size_t c = 0; c < kCationCount; ++c) free_oxygen -= composition.cation_fraction[c] * kOxideFraction[c];
  std::array<double, kMaxSpecies> weights{};
  assert(species_.size() <= kMaxSpecies);
  double total = 0;
  for (std::size_t i = 0; i < species_.size(); ++i) {
    const Species& s = species_[i];
    double w = 0;
    if (s.cation >= 0) {
      const auto c = static_cast<std::size_t>(s.cation);
      const double x = composition.cation_fraction[c];
      const double atomic = 1 - kOxideFraction[c];
      w = s.form == kOxide    ? x * kOxideFraction[c]
          : s.form == kDouble ? x * atomic * kDoubleChargeFraction[c]
                              : x * atomic * (1 - kDoubleChargeFraction[c]);
    } else {
      w = s.form == kOxygen ? free_oxygen * (1 - o2_share) : free_oxygen * o2_share / 2;
    }
    weights[i] = w;
    total += w;
  }
  double target = u * total;
  for (std::size_t i = 0; i < species_.size(); ++i) {
    if (target < weights[i]) return static_cast<int>(i);
    target -= weights[i];
  }
  // Rounding left a sliver past the last species: the last one with weight takes it.
  for (std::size_t i = species_.size(); i-- > 0;) {
    if (weights[i] > 0) return static_cast<int>(i);
  }
  return 0;
}

int AptNeedleModel::generate(std::uint64_t index, IonBatch& out, std::size_t at) const {
  SampleRng rng(seed_, SampleStream::ion, index);
  // Ions leave the apex layer by layer: ion i lies at the depth where a fraction (i + u)/N of the
  // needle's volume is above it.
  const double depth = depth_at_volume_fraction((static_cast<double>(index) + rng.uniform()) /
                                                static_cast<double>(ion_count_));
  const double radius = radius_at(depth);
  double u = 0, v = 0;
  do {
    unit_disk(rng, u, v);
  } while (rng.uniform() < kEdgeLoss * (u * u + v * v) * (u * u + v * v) * (u * u + v * v));
  const double x = radius * u, y = radius * v;

  int species = -1;
  double mass_da = 0;
  if (rng.uniform() < kBackgroundFraction) {
    mass_da = rng.uniform(kBackgroundLowDa, kBackgroundHighDa);
  } else {
    species = draw_species(composition_at(x, y, depth), depth, rng.uniform());
    const Species& s = species_[static_cast<std::size_t>(species)];
    const auto peak = std::min<std::size_t>(
        static_cast<std::size_t>(std::upper_bound(s.cumulative.begin(), s.cumulative.end(), rng.uniform()) -
                                 s.cumulative.begin()),
        s.peaks.size() - 1);
    const double m = s.peaks[peak].mass_to_charge_da;
    mass_da = m * (1 + kRelativeSigma * rng.normal());
    if (rng.uniform() < kTailProbability) mass_da += m * kTailRelativeMean * rng.exponential();
  }

  out.x_nm[at] = static_cast<float>(x + kJitterLateralNm * rng.normal());
  out.y_nm[at] = static_cast<float>(y + kJitterLateralNm * rng.normal());
  out.z_nm[at] = static_cast<float>(depth + kJitterDepthNm * rng.normal());
  out.mass_da[at] = static_cast<float>(mass_da);
  const double volts = kVoltsPerNm * radius;
  out.vdc_v[at] = static_cast<float>(volts);
  out.vpulse_v[at] = 0;
  out.tof_ns[at] = static_cast<float>(1e9 * kFlightPathM * std::sqrt(mass_da * kKgPerDa / (2 * kCoulombPerCharge * volts)));
  out.det_x_mm[at] = static_cast<float>(kDetectorRadiusMm * u);
  out.det_y_mm[at] = static_cast<float>(kDetectorRadiusMm * v);
  out.delta_pulse[at] = 1 + static_cast<std::int32_t>(std::floor(portable_log(rng.uniform_positive()) / log_no_detection_));
  out.multiplicity[at] = 1;
  return species;
}

json::Value AptNeedleModel::truth(std::span<const std::uint64_t> species_counts, std::uint64_t background_count) const {
  json::Array inclusions;
  for (const AptInclusion& inc : inclusions_) {
    inclusions.emplace_back(json::Object{{"centre_nm", json_numbers(inc.centre_nm)}, {"radius_nm", inc.radius_nm}});
  }
  json::Object oxide, doubly;
  for (std::size_t c = 0; c < kCationCount; ++c) {
    oxide.emplace_back(kCationSymbols[c], kOxideFraction[c]);
    doubly.emplace_back(kCationSymbols[c], kDoubleChargeFraction[c]);
  }
  json::Array peaks, counts;
  for (const Species& s : species_) {
    for (const IsotopePeak& p : s.peaks) {
      peaks.emplace_back(json::Object{{"ion", s.ion.name},
                                      {"isotopes", p.label},
                                      {"mass_to_charge_da", p.mass_to_charge_da},
                                      {"abundance", p.abundance},
                                      {"ranged", p.abundance >= kRangedAbundance}});
    }
  }
  for (std::uint64_t n : species_counts) counts.emplace_back(static_cast<double>(n));
  const std::array<double, 2> background_range = {kBackgroundLowDa, kBackgroundHighDa};
  return json::Object{
      {"sample", "apt-nmc811"},
      {"size", std::string(sample_size_name(size_))},
      {"seed", static_cast<double>(seed_)},
      {"ion_count", static_cast<double>(ion_count_)},
      {"geometry",
       json::Object{{"frame", "z: depth below the apex along the needle axis (evaporation order); axis at x = y = 0"},
                    {"tip_radius_nm", kTipRadiusNm},
                    {"tan_shank_half_angle", kTanShank},
                    {"length_nm", length_nm_},
                    {"radius_law", "r(z) = tip_radius_nm + z tan_shank_half_angle"},
                    {"jitter_lateral_nm", kJitterLateralNm},
                    {"jitter_depth_nm", kJitterDepthNm},
                    {"edge_loss", kEdgeLoss},
                    {"edge_law", "an ion at relative radius q is kept with probability 1 - edge_loss q^6"}}},
      {"bulk", composition_json(kBulk)},
      {"coating", json::Object{{"thickness_nm", coating_thickness_nm_},
                               {"interface", "the plane z = thickness_nm; the coating is above it (z < thickness_nm)"},
                               {"composition", composition_json(kCoating)}}},
      {"inclusions", json::Object{{"spheres", inclusions}, {"composition", composition_json(kInclusion)}}},
      {"ion_forms", json::Object{{"oxide_fraction", oxide},
                                 {"double_charge_fraction", doubly},
                                 {"o2_share_apex", kO2ShareApex},
                                 {"o2_share_end", kO2ShareEnd},
                                 {"o2_law", "fraction of the O atoms not in MO+ that leave as O2+, linear in z from "
                                            "apex to end; the rest leave as O+"}}},
      {"spectrum", json::Object{{"relative_sigma", kRelativeSigma},
                                {"tail_probability", kTailProbability},
                                {"tail_relative_mean", kTailRelativeMean},
                                {"background_fraction", kBackgroundFraction},
                                {"background_mass_range_da", json_numbers(background_range)},
                                {"ranged_abundance", kRangedAbundance},
                                {"range_rule", "[m (1 - 6 relative_sigma), m (1 + 5 tail_relative_mean)], rounded "
                                               "outwards to 0.001 Da, for peaks of at least ranged_abundance"}}},
      {"epos", json::Object{{"volts_per_nm_of_radius", kVoltsPerNm},
                            {"voltage_law", "V_dc = volts_per_nm_of_radius r(z) at the ion's true depth; V_pulse = 0"},
                            {"flight_path_m", kFlightPathM},
                            {"tof_law", "t = flight_path_m sqrt(m u / (2 e V_dc)), u = 1.66053906660e-27 kg, "
                                        "e = 1.602176634e-19 C"},
                            {"detector_radius_mm", kDetectorRadiusMm},
                            {"detection_per_pulse", kDetectionPerPulse},
                            {"multiplicity", 1}}},
      {"peaks", peaks},
      {"species_counts", counts},
      {"background_count", static_cast<double>(background_count)},
  };
}

}  // namespace hs
