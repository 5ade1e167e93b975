// The NCM111 particle: its shape, its depth laws, and the six channels of a voxel.
#include "samples/tomo_ncm111_model.h"

#include <algorithm>
#include <cmath>

#include "samples/sample_geometry.h"
#include "samples/sample_random.h"

namespace hs {
namespace {

// [Grids] 128³ and 256³ voxels of 1 nm, 768³ of 0.5 nm (the sizes and ~0.5–1 nm voxels).
struct GridPlan {
  std::uint64_t edge;
  double voxel_nm;
};
GridPlan grid_plan(SampleSize size) {
  switch (size) {
    case SampleSize::small: return {128, 1.0};
    case SampleSize::medium: return {256, 1.0};
    case SampleSize::large: return {768, 0.5};
  }
  return {128, 1.0};
}

// [Shape] The primary particle: a cube of {100} facets at R = 0.28 L from its centre (L the
// field of view), its corners cut by {111} facets at 1.2 R (a truncated cube, the habit of
// layered-oxide primary particles seen along a zone axis), randomly oriented, at the centre.
// Three spherical secondary particles of radius 0.07–0.12 L sit on its surface, their centres
// 0.6 r outside it, so each overlaps the primary by 0.4 r (touching, merged in the mask).
constexpr double kFacetShare = 0.28;
constexpr double kCornerFacetFactor = 1.2;
constexpr int kSecondaryCount = 3;
constexpr double kSecondaryMinShare = 0.07, kSecondaryMaxShare = 0.12;
constexpr double kSecondaryOutside = 0.6;
constexpr int kPlacementAttempts = 100;

// [Blur] Reconstruction-like blur of the mask: the particle fraction of a voxel falls from 1 to 0
// over ±1 nm of signed distance s, as the cubic smoothstep of u = (1 nm - s) / 2 nm. Depth laws
// are evaluated at the voxel's own depth d = max(0, -s).
constexpr double kBlurNm = 1.0;

// [Depth laws] g(u) = (1 - u)² for u < 1, else 0 (1 at the surface, 0 from the law's width in).
// Composition: Ni:Co:Mn = 1:1:1 in the bulk; in the outer 2.5 nm the transition metals segregate,
// Ni enriched by up to 0.12 of the TM share at the surface, Co and Mn depleted by 0.02 and 0.10
// (the sum stays 1): shares 1/3 + a_X g(d / 2.5 nm).
constexpr double kSegregationWidthNm = 2.5;
constexpr std::array<double, 3> kSegregation = {0.12, -0.02, -0.10};  // Ni, Co, Mn
// Valence: Mn4+ in the bulk, reduced towards Mn3+ in the outer 5 nm: v = 4 - g(d / 5 nm). The
// EELS Mn L3/L2 white-line ratio rises as Mn is reduced: 2.0 at Mn4+, +0.6 per unit of reduction
// (a linear model of the known trend, about 2 for MnO2 and higher for Mn2O3 and MnO).
constexpr double kValenceWidthNm = 5.0;
constexpr double kBulkValence = 4.0, kSurfaceValenceDrop = 1.0;
constexpr double kRatioAtBulk = 2.0, kRatioPerReduction = 0.6;

// [Signals] Mean counts per voxel: EDS 60 TM X-ray counts (shared by the TM shares) and 80 O
// counts inside the particle, 0.3 per channel outside (stray and bremsstrahlung background); ADF
// 1000 in the particle and 50 on the vacuum/support; all Poisson. EELS: the ratio plus Gaussian
// noise of 0.08 where the particle fraction is at least 1/2, else 0 (no data).
constexpr double kTmCounts = 60, kOxygenCounts = 80, kBackgroundCounts = 0.3;
constexpr double kAdfParticle = 1000, kAdfVacuum = 50;
constexpr double kRatioNoise = 0.08;

enum Channel : std::size_t { kAdf, kNi, kCo, kMn, kO, kEels };

double depth_weight(double depth_nm, double width_nm) {
  const double u = depth_nm / width_nm;
  return u < 1 ? (1 - u) * (1 - u) : 0;
}

double particle_fraction(double s_nm) {
  const double u = std::clamp((kBlurNm - s_nm) / (2 * kBlurNm), 0.0, 1.0);
  return u * u * (3 - 2 * u);
}

// R v for the rotation R of quaternion q.
std::array<double, 3> rotate(const std::array<double, 4>& q, const std::array<double, 3>& v) {
  const std::array<double, 9> r = rotation_matrix(q);
  return {r[0] * v[0] + r[1] * v[1] + r[2] * v[2], r[3] * v[0] + r[4] * v[1] + r[5] * v[2],
          r[6] * v[0] + r[7] * v[1] + r[8] * v[2]};
}

}  // namespace

TomoModel::TomoModel(SampleSize size, std::uint64_t seed) : seed_(seed) {
  const GridPlan plan = grid_plan(size);
  shape_zyx_ = {plan.edge, plan.edge, plan.edge};
  voxel_nm_ = plan.voxel_nm;
  const double field = static_cast<double>(plan.edge) * voxel_nm_;
  centre_nm_ = {field / 2, field / 2, field / 2};
  SampleRng rng(seed, SampleStream::layout, 0);
  quaternion_ = random_quaternion(rng);
  const double facet = kFacetShare * field;
  for (int axis = 0; axis < 3; ++axis) {
    for (double sign : {-1.0, 1.0}) {
      std::array<double, 3> n{};
      n[static_cast<std::size_t>(axis)] = sign;
      normals_.push_back(rotate(quaternion_, n));
      facet_distance_nm_.push_back(facet);
    }
  }
  const double third = 1 / std::sqrt(3.0);
  for (double sx : {-1.0, 1.0}) {
    for (double sy : {-1.0, 1.0}) {
      for (double sz : {-1.0, 1.0}) {
        normals_.push_back(rotate(quaternion_, {sx * third, sy * third, sz * third}));
        facet_distance_nm_.push_back(kCornerFacetFactor * facet);
      }
    }
  }
  for (int k = 0; k < kSecondaryCount; ++k) {
    for (int attempt = 0; attempt < kPlacementAttempts; ++attempt) {
      std::array<double, 3> dir = {rng.normal(), rng.normal(), rng.normal()};
      const double norm = std::sqrt(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
      if (norm < 1e-6) continue;
      for (double& d : dir) d /= norm;
      // Where the ray from the centre along dir leaves the primary: the nearest facet crossing.
      double exit = facet * 10;
      for (std::size_t i = 0; i < normals_.size(); ++i) {
        const double along = normals_[i][0] * dir[0] + normals_[i][1] * dir[1] + normals_[i][2] * dir[2];
        if (along > 0) exit = std::min(exit, facet_distance_nm_[i] / along);
      }
      Sphere s;
      s.radius_nm = round_to(rng.uniform(kSecondaryMinShare, kSecondaryMaxShare) * field, 1000);
      for (std::size_t j = 0; j < 3; ++j) {
        s.centre_nm[j] = round_to(centre_nm_[j] + dir[j] * (exit + kSecondaryOutside * s.radius_nm), 1000);
      }
      const bool inside = std::all_of(s.centre_nm.begin(), s.centre_nm.end(), [&](double c) {
        return c - s.radius_nm > 2 * voxel_nm_ && c + s.radius_nm < field - 2 * voxel_nm_;
      });
      const bool apart = std::all_of(secondaries_.begin(), secondaries_.end(), [&](const Sphere& o) {
        const double dx = o.centre_nm[0] - s.centre_nm[0], dy = o.centre_nm[1] - s.centre_nm[1],
                     dz = o.centre_nm[2] - s.centre_nm[2];
        return std::sqrt(dx * dx + dy * dy + dz * dz) > o.radius_nm + s.radius_nm;
      });
      if (inside && apart) {
        secondaries_.push_back(s);
        break;
      }
    }
  }
}

const std::vector<std::string>& TomoModel::channel_labels() {
  static const std::vector<std::string> labels = {"ADF", "EDS Ni", "EDS Co", "EDS Mn", "EDS O", "EELS Mn L3/L2"};
  return labels;
}

double TomoModel::signed_distance_nm(const std::array<double, 3>& p) const {
  const std::array<double, 3> d = {p[0] - centre_nm_[0], p[1] - centre_nm_[1], p[2] - centre_nm_[2]};
  double s = -1e300;
  for (std::size_t i = 0; i < normals_.size(); ++i) {
    s = std::max(s, normals_[i][0] * d[0] + normals_[i][1] * d[1] + normals_[i][2] * d[2] - facet_distance_nm_[i]);
  }
  for (const Sphere& sphere : secondaries_) {
    const double dx = p[0] - sphere.centre_nm[0], dy = p[1] - sphere.centre_nm[1], dz = p[2] - sphere.centre_nm[2];
    s = std::min(s, std::sqrt(dx * dx + dy * dy + dz * dz) - sphere.radius_nm);
  }
  return s;
}

void TomoModel::fill_block(std::size_t channel, std::uint64_t z0, std::uint64_t nz, std::uint64_t y0, std::uint64_t ny,
                           float* out) const {
  const std::uint64_t nx = shape_zyx_[2];
  for (std::uint64_t z = z0; z < z0 + nz; ++z) {
    for (std::uint64_t y = y0; y < y0 + ny; ++y) {
      for (std::uint64_t x = 0; x < nx; ++x, ++out) {
        const std::array<double, 3> p = {(static_cast<double>(x) + 0.5) * voxel_nm_, (static_cast<double>(y) + 0.5) * voxel_nm_,
                                         (static_cast<double>(z) + 0.5) * voxel_nm_};
        const double s = signed_distance_nm(p);
        const double fraction = particle_fraction(s);
        const double depth = std::max(0.0, -s);
        const std::uint64_t voxel = (z * shape_zyx_[1] + y) * nx + x;
        SampleRng rng(seed_, SampleStream::voxel, voxel * kChannels + channel);
        const double segregation = depth_weight(depth, kSegregationWidthNm);
        double mean = 0;
        switch (channel) {
          case kAdf: mean = kAdfVacuum + fraction * (kAdfParticle - kAdfVacuum); break;
          case kNi:
          case kCo:
          case kMn:
            mean = kBackgroundCounts + fraction * kTmCounts * (1.0 / 3 + kSegregation[channel - kNi] * segregation);
            break;
          case kO: mean = kBackgroundCounts + fraction * kOxygenCounts; break;
          default: {
            if (fraction < 0.5) {
              *out = 0;
              continue;
            }
            const double valence = kBulkValence - kSurfaceValenceDrop * depth_weight(depth, kValenceWidthNm);
            *out = static_cast<float>(kRatioAtBulk + kRatioPerReduction * (kBulkValence - valence) + kRatioNoise * rng.normal());
            continue;
          }
        }
        *out = static_cast<float>(rng.poisson(mean));
      }
    }
  }
}

json::Value TomoModel::truth(std::string_view size_name) const {
  json::Array facets, secondaries;
  for (std::size_t i = 0; i < normals_.size(); ++i) {
    facets.emplace_back(json::Object{{"normal", json_numbers({normals_[i][0], normals_[i][1], normals_[i][2]})},
                                     {"distance_nm", facet_distance_nm_[i]}});
  }
  for (const Sphere& s : secondaries_) {
    secondaries.emplace_back(json::Object{{"centre_nm", json_numbers({s.centre_nm[0], s.centre_nm[1], s.centre_nm[2]})},
                                          {"radius_nm", s.radius_nm}});
  }
  const auto weight = "g(u) = (1 - u)^2 for u < 1, else 0; u = depth / width_nm";
  return json::Object{
      {"sample", "tomo-ncm111"},
      {"size", std::string(size_name)},
      {"seed", static_cast<double>(seed_)},
      {"shape_zyx", json_numbers({static_cast<double>(shape_zyx_[0]), static_cast<double>(shape_zyx_[1]),
                             static_cast<double>(shape_zyx_[2])})},
      {"voxel_size_nm", voxel_nm_},
      {"frame", "x, y, z in nm from the volume's corner; voxel (z, y, x) is centred at ((x + 1/2) v, (y + 1/2) v, (z + 1/2) v)"},
      {"primary", json::Object{{"centre_nm", json_numbers({centre_nm_[0], centre_nm_[1], centre_nm_[2]})},
                               {"quaternion", json_numbers({quaternion_[0], quaternion_[1], quaternion_[2], quaternion_[3]})},
                               {"facets", facets},
                               {"signed_distance", "max over facets of (normal . (p - centre) - distance_nm)"}}},
      {"secondaries", json::Object{{"spheres", secondaries}, {"signed_distance", "|p - centre_nm| - radius_nm"}}},
      {"masks", "label 1: the primary (its signed distance < 0); label 1 + i: secondary i; the specimen is "
                "their union, signed distance s = the minimum of theirs, depth d = max(0, -s)"},
      {"blur", json::Object{{"width_nm", kBlurNm},
                            {"particle_fraction", "smoothstep(u) = u^2 (3 - 2u), u = clamp((width_nm - s) / (2 width_nm), 0, 1)"}}},
      {"depth_laws",
       json::Object{{"weight", weight},
                    {"tm_share", json::Object{{"law", "1/3 + surface_excess g(d / width_nm), for Ni, Co, Mn"},
                                              {"width_nm", kSegregationWidthNm},
                                              {"surface_excess", json::Object{{"Ni", kSegregation[0]},
                                                                              {"Co", kSegregation[1]},
                                                                              {"Mn", kSegregation[2]}}}}},
                    {"mn_valence", json::Object{{"law", "bulk - surface_drop g(d / width_nm)"},
                                                {"bulk", kBulkValence},
                                                {"surface_drop", kSurfaceValenceDrop},
                                                {"width_nm", kValenceWidthNm}}},
                    {"mn_l3_l2", json::Object{{"law", "at_bulk + per_reduction (bulk valence - valence)"},
                                              {"at_bulk", kRatioAtBulk},
                                              {"per_reduction", kRatioPerReduction}}}}},
      {"signals",
       json::Object{{"eds_tm_counts", kTmCounts},
                    {"eds_o_counts", kOxygenCounts},
                    {"eds_background_counts", kBackgroundCounts},
                    {"eds_law", "background + fraction x counts x share, Poisson"},
                    {"adf_particle", kAdfParticle},
                    {"adf_vacuum", kAdfVacuum},
                    {"adf_law", "vacuum + fraction (particle - vacuum), Poisson"},
                    {"eels_noise_sigma", kRatioNoise},
                    {"eels_law", "ratio(d) + Gaussian noise where fraction >= 1/2, else 0 (no data)"}}},
  };
}

}  // namespace hs
