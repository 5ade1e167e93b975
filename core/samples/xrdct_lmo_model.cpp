// The LiMn2O4 electrode: its numbers, particle placement, and the lattice parameter of a voxel.
#include "samples/xrdct_lmo_model.h"

#include <algorithm>
#include <cmath>

#include "samples/sample_geometry.h"
#include "samples/sample_random.h"

namespace hs {
namespace {

// [Grids] Voxels (z, y, x), voxel size, and the largest particle diameter. The small grid is a
// reduced medium one, its largest particle 24 µm so that it fits the 24 µm depth.
struct GridPlan {
  std::array<std::uint64_t, 3> shape_zyx;
  double voxel_um;
  double max_diameter_um;
};
GridPlan grid_plan(XrdctGrid grid) {
  switch (grid) {
    case XrdctGrid::small: return {{12, 64, 64}, 2.0, 24};
    case XrdctGrid::medium: return {{40, 202, 202}, 2.0, 40};
    case XrdctGrid::large: return {{256, 1024, 1024}, 0.5, 40};
    case XrdctGrid::slice: return {{1, 301, 301}, 1.0, 40};
  }
  return {{12, 64, 64}, 2.0, 24};
}

// [Electrode] Particles of 5 µm up to the largest diameter (the 5–40 µm) filling 25% of
// the placement volume (the active material of a composite electrode; carbon, binder and pores
// give no diffraction): the reconstruction's circular field of view (XRD-CT refines nothing
// outside it) times a slab around the imaged depth, at least 40 µm thick (a thin grid images one
// plane of a thicker electrode). Particle 1 is the largest, at the centre; the others reach at
// most 90% of its diameter, d uniform in 5 µm .. 0.9 d_max, with semi-axes d/2 × (1, e1, e2),
// e in [0.85, 1] (rounded grains: a flatter ellipsoid's distance map has a broad ridge whose
// voxels hold several equal maxima, which a distance-map watershed takes for several grains),
// randomly oriented. At most 4000 particles (the truth's table stays < 1 MB).
constexpr double kMinDiameterUm = 5;
constexpr double kOthersMaxShare = 0.9;
constexpr double kFillFraction = 0.25;
constexpr std::size_t kMaxParticles = 4000;
constexpr double kMinPlacementDepthUm = 40;
constexpr double kMinAspect = 0.85;
// Particle 1's semi-axes as shares of half its diameter (x, y, z), axis-aligned.
constexpr std::array<double, 3> kParticle1Shape = {1.0, 0.9, 0.85};
// Touching particles: sintered grains meet at a neck, not by interpenetrating. A particle whose
// smallest semi-axis is at least 6 µm (3 voxels of the small and medium grids' 2 µm, so that a
// distance-map watershed sees a maximum in each grain) is placed, with probability 1/2, against an
// existing particle of that size, both lying whole in the imaged volume (so no contact is cut
// off by its edge): along a random direction n from the other's centre, at the sum
// of their extents along n less 5% of the smaller extent, so they overlap in a thin lens (for spheres
// of radii r <= R a neck of radius sqrt(0.1 r² R / (r + R)), 0.22 r to 0.32 r) and segmentation must split them
// by watershed. Every other placement keeps the bounding spheres 1.5 voxel edges apart, so that
// particles which do not touch never share a voxel face (binder and carbon lie between them). A
// particle gets 100 tries at a position; placement stops at the fill fraction, or when 50
// particles in a row found none.
constexpr double kClearanceVoxels = 1.5;
constexpr double kTouchingMinSemiAxisUm = 6;
constexpr double kTouchingShare = 0.5;
constexpr double kContactOverlap = 0.05;
constexpr int kPositionAttempts = 100;
constexpr int kMaxFailures = 50;
// Pores: 30% of the particles of 15 µm and more (not particle 1) that lie whole in the imaged
// volume hold 1 or 2 spherical pores (no data inside), of radius 0.15–0.3 × the smallest
// semi-axis, centred within ρ ≤ 0.4, so they are closed (a pore cut open by the edge of the
// volume would leave a dent that a distance-map segmentation cannot tell from a neck).
constexpr double kPoreMinDiameterUm = 15;
constexpr double kPoreProbability = 0.3;
constexpr double kPoreMinShare = 0.15, kPoreMaxShare = 0.3;
constexpr double kPoreCentreRho = 0.4;

// [Lattice law] Li(1+x)Mn(2-x)O4 at state of charge δ (Li removed per formula unit):
//   a = a_ref - k_x (x - x_ref) - k_δ δ.
// k_x = 0.3318 Å: Vegard's law between LiMn2O4 (x = 0, a = 8.2476 Å, ICDD 35-0782) and
// Li4Mn5O12 = Li(1.333)Mn(1.667)O4 (x = 1/3, a = 8.137 Å): (8.2476 - 8.137) × 3.
// k_δ = 0.21 Å: LiMn2O4 (8.247 Å) to λ-MnO2 (about 8.04 Å) on full delithiation (Ohzuku, Kitagawa
// and Hirai, J. Electrochem. Soc. 137 (1990) 769).
// a_ref = 8.132 Å at x_ref = 0.05, δ = 0: the level is set (a modelling choice) so that every
// state lies inside the published characteristic range 8.076–8.145 Å with room for the noise;
// only differences of a carry meaning here.
constexpr double kLatticeRefAngstrom = 8.132;
constexpr double kXRef = 0.05;
constexpr double kSlopeXAngstrom = 0.3318;
constexpr double kSlopeDeltaAngstrom = 0.21;
constexpr std::array<double, 2> kCharacteristicRange = {8.076, 8.145};
// Radial laws, ρ the ellipsoidal radius (0 at the centre, 1 at the surface):
//   x(ρ) = x_core + (x_surface - x_core) ρ²        (composition, the same at every state)
//   δ(ρ, t) = δ_t + γ_t (ρ² - 3/5)                  (3/5: the mean of ρ² over the ellipsoid)
// Particle 1 is core-high: x 0.05 at the core (Li1.05Mn1.95O4), 0.10 at the surface
// (Li1.10Mn1.90O4), so a falls by 0.0166 Å from core to surface. Other particles draw x_core and
// x_surface in 0.05–0.10 (aged: 0.04–0.11), so their gradients have either sign.
constexpr double kParticle1XCore = 0.05, kParticle1XSurface = 0.10;
constexpr std::array<double, 2> kFreshXRange = {0.05, 0.10}, kAgedXRange = {0.04, 0.11};
constexpr double kMeanRho2 = 0.6;
// States: mean δ and its radial spread γ. Charging empties the surface first (γ > 0 makes the
// surface smaller, strengthening particle 1's core-high gradient), discharging refills it first
// (γ < 0 weakens it): the gradient's strength differs between states.
struct State {
  const char* label;
  double delta;
  double gamma;
};
constexpr std::array<State, XrdctModel::kTimePoints> kStates = {{
    {"pristine", 0.0, 0.0},
    {"partially charged", 0.065, 0.03},
    {"charged", 0.13, 0.015},
    {"partially discharged", 0.065, -0.02},
    {"discharged", 0.015, -0.005},
}};
// Refinement noise: the sum of three uniforms on [-σ, σ] (standard deviation σ, never beyond
// 3σ, so a characteristic voxel never leaves the range): σ 0.0012 Å fresh, 0.0018 Å aged.
constexpr double kFreshSigma = 0.0012, kAgedSigma = 0.0018;

// [Non-characteristic voxels] Four regions by depth, surface to core: ρ in [0.75, 1], [0.5,
// 0.75), [0.25, 0.5), [0, 0.25). A voxel is non-characteristic (over-lithiated or another phase)
// with a probability per region, higher at the surface; aged (150 cycles) more so. Such a voxel
// stays so at every state with one value: above the range (8.150–8.200 Å) with probability 0.6,
// else below it (8.030–8.070 Å).
constexpr std::array<double, 4> kRegionInnerRho = {0.75, 0.5, 0.25, 0.0};
constexpr std::array<const char*, 4> kRegionNames = {"surface", "subsurface", "inner", "core"};
constexpr std::array<double, 4> kFreshOutOfRange = {0.06, 0.03, 0.015, 0.01};
constexpr std::array<double, 4> kAgedOutOfRange = {0.15, 0.09, 0.06, 0.05};
constexpr std::array<double, 2> kAboveRange = {8.150, 8.200}, kBelowRange = {8.030, 8.070};
constexpr double kAboveShare = 0.6;

// Particle lookup cells, µm.
constexpr double kCellUm = 10;

constexpr double kPi = 3.14159265358979323846;

// x^n by multiplication (libm's pow may differ in the last bit between platforms).
double power(double x, int n) {
  double result = 1;
  for (int i = 0; i < n; ++i) result *= x;
  return result;
}

double dot(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

// Rows: the particle's axes in the volume frame (the columns of its rotation matrix).
std::array<double, 9> axes_of(const std::array<double, 4>& q) {
  const std::array<double, 9> r = rotation_matrix(q);
  return {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]};
}

// ρ² of point p for particle `p`: the squared length of its particle-frame coordinates over the semi-axes.
double rho2_of(const XrdctParticle& p, const std::array<double, 3>& point) {
  const std::array<double, 3> d = {point[0] - p.centre_um[0], point[1] - p.centre_um[1], point[2] - p.centre_um[2]};
  double rho2 = 0;
  for (int i = 0; i < 3; ++i) {
    const double local = p.axes[3 * i] * d[0] + p.axes[3 * i + 1] * d[1] + p.axes[3 * i + 2] * d[2];
    rho2 += (local / p.semi_axes_um[i]) * (local / p.semi_axes_um[i]);
  }
  return rho2;
}

// Distance from a particle's centre to its surface along unit direction n.
double extent_along(const XrdctParticle& p, const std::array<double, 3>& n) {
  double sum = 0;
  for (int i = 0; i < 3; ++i) {
    const double local = p.axes[3 * i] * n[0] + p.axes[3 * i + 1] * n[1] + p.axes[3 * i + 2] * n[2];
    sum += (local / p.semi_axes_um[i]) * (local / p.semi_axes_um[i]);
  }
  return 1 / std::sqrt(sum);
}

double bounding_radius(const XrdctParticle& p) {
  return std::max({p.semi_axes_um[0], p.semi_axes_um[1], p.semi_axes_um[2]});
}

std::array<double, 3> random_direction(SampleRng& rng) {
  for (;;) {
    const std::array<double, 3> v = {rng.normal(), rng.normal(), rng.normal()};
    const double n = std::sqrt(dot(v, v));
    if (n > 1e-6) return {v[0] / n, v[1] / n, v[2] / n};
  }
}

}  // namespace

XrdctModel::XrdctModel(XrdctGrid grid, bool aged, std::uint64_t seed) : aged_(aged), seed_(seed) {
  const GridPlan plan = grid_plan(grid);
  shape_zyx_ = plan.shape_zyx;
  voxel_um_ = plan.voxel_um;
  fov_radius_um_ = static_cast<double>(std::min(shape_zyx_[1], shape_zyx_[2])) * voxel_um_ / 2;
  place_particles(seed, grid);
  build_lookup();
}

const std::vector<std::string>& XrdctModel::time_labels() {
  static const std::vector<std::string> labels = [] {
    std::vector<std::string> l;
    for (const State& s : kStates) l.emplace_back(s.label);
    return l;
  }();
  return labels;
}

std::array<double, 2> XrdctModel::characteristic_range_angstrom() { return kCharacteristicRange; }

void XrdctModel::place_particles(std::uint64_t seed, XrdctGrid grid) {
  const GridPlan plan = grid_plan(grid);
  SampleRng rng(seed, SampleStream::layout, 0);
  const double cx = static_cast<double>(shape_zyx_[2]) * voxel_um_ / 2;
  const double cy = static_cast<double>(shape_zyx_[1]) * voxel_um_ / 2;
  const double depth = static_cast<double>(shape_zyx_[0]) * voxel_um_;
  const double slab = std::max(depth, kMinPlacementDepthUm);
  const double z_low = depth / 2 - slab / 2;
  const double target_um3 = kFillFraction * kPi * fov_radius_um_ * fov_radius_um_ * slab;
  const auto [x_low, x_high] = aged_ ? kAgedXRange : kFreshXRange;

  XrdctParticle first;
  first.label = 1;
  first.centre_um = {cx, cy, round_to(depth / 2, 1000)};
  for (int i = 0; i < 3; ++i) first.semi_axes_um[i] = plan.max_diameter_um / 2 * kParticle1Shape[i];
  first.quaternion = {1, 0, 0, 0};
  first.axes = axes_of(first.quaternion);
  first.x_core = kParticle1XCore;
  first.x_surface = kParticle1XSurface;
  particles_.push_back(first);
  // Whether a particle's bounding sphere lies in the imaged volume: the field of view's circle and,
  // unless the grid is one plane (a section), the grid's depth.
  const bool section = shape_zyx_[0] == 1;
  const auto imaged_whole = [&](const XrdctParticle& p) {
    const double r = bounding_radius(p);
    return std::sqrt((p.centre_um[0] - cx) * (p.centre_um[0] - cx) + (p.centre_um[1] - cy) * (p.centre_um[1] - cy)) + r <=
               fov_radius_um_ &&
           (section || (p.centre_um[2] - r >= 0 && p.centre_um[2] + r <= depth));
  };
  // Whether others may be placed against a particle (see kTouchingMinSemiAxisUm), and their indices.
  const auto can_touch = [&](const XrdctParticle& p) {
    return std::min({p.semi_axes_um[0], p.semi_axes_um[1], p.semi_axes_um[2]}) >= kTouchingMinSemiAxisUm && imaged_whole(p);
  };
  std::vector<std::size_t> touchable;
  if (can_touch(first)) touchable.push_back(0);
  double filled_um3 = 4.0 / 3 * kPi * first.semi_axes_um[0] * first.semi_axes_um[1] * first.semi_axes_um[2];

  const auto clear_of_others = [&](const XrdctParticle& p, int except) {
    const double r = bounding_radius(p);
    for (const XrdctParticle& q : particles_) {
      if (q.label == except) continue;
      const std::array<double, 3> d = {p.centre_um[0] - q.centre_um[0], p.centre_um[1] - q.centre_um[1],
                                       p.centre_um[2] - q.centre_um[2]};
      const double gap = r + bounding_radius(q) + kClearanceVoxels * voxel_um_;
      if (dot(d, d) < gap * gap) return false;
    }
    return true;
  };
  const auto in_placement = [&](const std::array<double, 3>& c) {
    return (c[0] - cx) * (c[0] - cx) + (c[1] - cy) * (c[1] - cy) <= fov_radius_um_ * fov_radius_um_ &&
           c[2] >= z_low && c[2] <= z_low + slab;
  };

  for (int failures = 0; filled_um3 < target_um3 && failures < kMaxFailures && particles_.size() < kMaxParticles;) {
    XrdctParticle p;
    p.label = static_cast<int>(particles_.size()) + 1;
    const double u = rng.uniform();
    const double d = kMinDiameterUm + (kOthersMaxShare * plan.max_diameter_um - kMinDiameterUm) * u;
    p.semi_axes_um = {round_to(d / 2, 1000), round_to(d / 2 * rng.uniform(kMinAspect, 1), 1000),
                      round_to(d / 2 * rng.uniform(kMinAspect, 1), 1000)};
    p.quaternion = random_quaternion(rng);
    p.axes = axes_of(p.quaternion);
    p.x_core = round_to(rng.uniform(x_low, x_high), 1e4);
    p.x_surface = round_to(rng.uniform(x_low, x_high), 1e4);
    // Up to kPositionAttempts positions for this particle (redrawing its size instead would
    // favour small particles, which fit more often).
    int partner = 0;
    bool placed = false;
    for (int attempt = 0; attempt < kPositionAttempts && !placed; ++attempt) {
      partner = 0;
      if (!touchable.empty() && std::min({p.semi_axes_um[0], p.semi_axes_um[1], p.semi_axes_um[2]}) >= kTouchingMinSemiAxisUm &&
          rng.uniform() < kTouchingShare) {
        const XrdctParticle& other =
            particles_[touchable[static_cast<std::size_t>(rng.uniform() * static_cast<double>(touchable.size()))]];
        const std::array<double, 3> n = random_direction(rng);
        const double extent_other = extent_along(other, n), extent_p = extent_along(p, n);
        const double distance = extent_other + extent_p - kContactOverlap * std::min(extent_other, extent_p);
        for (std::size_t k = 0; k < 3; ++k) p.centre_um[k] = round_to(other.centre_um[k] + distance * n[k], 1000);
        partner = other.label;
      } else {
        double x = 0, y = 0;
        do {
          x = 2 * rng.uniform() - 1;
          y = 2 * rng.uniform() - 1;
        } while (x * x + y * y > 1);
        p.centre_um = {round_to(cx + fov_radius_um_ * x, 1000), round_to(cy + fov_radius_um_ * y, 1000),
                       round_to(z_low + slab * rng.uniform(), 1000)};
      }
      placed = in_placement(p.centre_um) && clear_of_others(p, partner) && (partner == 0 || imaged_whole(p));
    }
    if (!placed) {
      ++failures;
      continue;
    }
    failures = 0;
    if (partner != 0) touching_.push_back({partner, p.label});
    if (can_touch(p)) touchable.push_back(particles_.size());
    if (d >= kPoreMinDiameterUm && imaged_whole(p) && rng.uniform() < kPoreProbability) {
      const int count = rng.uniform() < 0.5 ? 1 : 2;
      const double smallest = std::min({p.semi_axes_um[0], p.semi_axes_um[1], p.semi_axes_um[2]});
      for (int k = 0; k < count; ++k) {
        double a = 0, b = 0, c = 0;
        do {
          a = 2 * rng.uniform() - 1, b = 2 * rng.uniform() - 1, c = 2 * rng.uniform() - 1;
        } while (a * a + b * b + c * c > 1);
        // A point at ρ <= 0.4 in the particle frame, mapped to the volume frame.
        const std::array<double, 3> local = {a * kPoreCentreRho * p.semi_axes_um[0], b * kPoreCentreRho * p.semi_axes_um[1],
                                             c * kPoreCentreRho * p.semi_axes_um[2]};
        XrdctPore pore;
        pore.label = p.label;
        for (std::size_t j = 0; j < 3; ++j) {
          pore.centre_um[j] = round_to(p.centre_um[j] + p.axes[j] * local[0] + p.axes[3 + j] * local[1] + p.axes[6 + j] * local[2], 1000);
        }
        pore.radius_um = round_to(smallest * rng.uniform(kPoreMinShare, kPoreMaxShare), 1000);
        pores_.push_back(pore);
      }
    }
    filled_um3 += 4.0 / 3 * kPi * p.semi_axes_um[0] * p.semi_axes_um[1] * p.semi_axes_um[2];
    particles_.push_back(p);
  }
}

void XrdctModel::build_lookup() {
  for (int i = 0; i < 3; ++i) {
    cells_[static_cast<std::size_t>(i)] = static_cast<std::size_t>(
        std::ceil(static_cast<double>(shape_zyx_[static_cast<std::size_t>(2 - i)]) * voxel_um_ / kCellUm));
  }
  cell_particles_.assign(cells_[0] * cells_[1] * cells_[2], {});
  for (std::size_t n = 0; n < particles_.size(); ++n) {
    const XrdctParticle& p = particles_[n];
    const double r = bounding_radius(p);
    std::array<std::size_t, 3> lo{}, hi{};
    bool inside = true;
    for (std::size_t i = 0; i < 3; ++i) {
      const double a = std::floor((p.centre_um[i] - r) / kCellUm), b = std::floor((p.centre_um[i] + r) / kCellUm);
      if (b < 0 || a >= static_cast<double>(cells_[i])) inside = false;
      lo[i] = static_cast<std::size_t>(std::max(a, 0.0));
      hi[i] = static_cast<std::size_t>(std::min(b, static_cast<double>(cells_[i]) - 1));
    }
    if (!inside) continue;
    for (std::size_t z = lo[2]; z <= hi[2]; ++z) {
      for (std::size_t y = lo[1]; y <= hi[1]; ++y) {
        for (std::size_t x = lo[0]; x <= hi[0]; ++x) cell_particles_[(z * cells_[1] + y) * cells_[0] + x].push_back(static_cast<int>(n));
      }
    }
  }
}

int XrdctModel::particle_at(const std::array<double, 3>& point, double& rho2) const {
  std::array<std::size_t, 3> cell{};
  for (std::size_t i = 0; i < 3; ++i) {
    cell[i] = std::min(static_cast<std::size_t>(std::max(point[i] / kCellUm, 0.0)), cells_[i] - 1);
  }
  int best = -1;
  rho2 = 1;
  for (int n : cell_particles_[(cell[2] * cells_[1] + cell[1]) * cells_[0] + cell[0]]) {
    const double r2 = rho2_of(particles_[static_cast<std::size_t>(n)], point);
    if (r2 < rho2) rho2 = r2, best = n;
  }
  return best;
}

double XrdctModel::lattice(const XrdctParticle& p, double rho2, std::size_t t) const {
  const double x = p.x_core + (p.x_surface - p.x_core) * rho2;
  const double delta = kStates[t].delta + kStates[t].gamma * (rho2 - kMeanRho2);
  return kLatticeRefAngstrom - kSlopeXAngstrom * (x - kXRef) - kSlopeDeltaAngstrom * delta;
}

void XrdctModel::fill_block(std::size_t t, std::uint64_t z0, std::uint64_t nz, std::uint64_t y0, std::uint64_t ny,
                            float* out) const {
  const std::uint64_t nx = shape_zyx_[2];
  const std::uint64_t voxels = shape_zyx_[0] * shape_zyx_[1] * nx;
  const double cx = static_cast<double>(nx) * voxel_um_ / 2;
  const double cy = static_cast<double>(shape_zyx_[1]) * voxel_um_ / 2;
  const double sigma = aged_ ? kAgedSigma : kFreshSigma;
  const auto& out_of_range = aged_ ? kAgedOutOfRange : kFreshOutOfRange;
  for (std::uint64_t z = z0; z < z0 + nz; ++z) {
    for (std::uint64_t y = y0; y < y0 + ny; ++y) {
      for (std::uint64_t x = 0; x < nx; ++x, ++out) {
        *out = 0;
        const std::array<double, 3> p = {(static_cast<double>(x) + 0.5) * voxel_um_, (static_cast<double>(y) + 0.5) * voxel_um_,
                                         (static_cast<double>(z) + 0.5) * voxel_um_};
        if ((p[0] - cx) * (p[0] - cx) + (p[1] - cy) * (p[1] - cy) > fov_radius_um_ * fov_radius_um_) continue;
        double rho2 = 0;
        const int n = particle_at(p, rho2);
        if (n < 0) continue;
        const XrdctParticle& particle = particles_[static_cast<std::size_t>(n)];
        const bool in_pore = std::any_of(pores_.begin(), pores_.end(), [&](const XrdctPore& pore) {
          const std::array<double, 3> d = {p[0] - pore.centre_um[0], p[1] - pore.centre_um[1], p[2] - pore.centre_um[2]};
          return pore.label == particle.label && dot(d, d) < pore.radius_um * pore.radius_um;
        });
        if (in_pore) continue;
        const std::uint64_t voxel = (z * shape_zyx_[1] + y) * nx + x;
        std::size_t region = 0;
        while (rho2 < kRegionInnerRho[region] * kRegionInnerRho[region]) ++region;
        SampleRng phase(seed_, SampleStream::voxel_phase, voxel);
        if (phase.uniform() < out_of_range[region]) {
          const bool above = phase.uniform() < kAboveShare;
          const auto& window = above ? kAboveRange : kBelowRange;
          *out = static_cast<float>(phase.uniform(window[0], window[1]));
          continue;
        }
        // Three 21-bit uniforms on [-1, 1) from one hash of (t, voxel).
        const std::uint64_t h = sample_hash(seed_, SampleStream::voxel, t * voxels + voxel);
        double noise = 0;
        for (int k = 0; k < 3; ++k) noise += static_cast<double>((h >> (21 * k)) & 0x1FFFFF) * 0x1.0p-20 - 1;
        *out = static_cast<float>(lattice(particle, rho2, t) + sigma * noise);
      }
    }
  }
}

json::Value XrdctModel::truth(std::string_view sample_name, std::string_view size_name) const {
  const double sigma = aged_ ? kAgedSigma : kFreshSigma;
  const auto& out_of_range = aged_ ? kAgedOutOfRange : kFreshOutOfRange;
  json::Array states, regions, particles, pores, touching, a_core, a_surface, region_means;
  for (const State& s : kStates) {
    states.emplace_back(json::Object{{"label", s.label}, {"delta", s.delta}, {"gamma", s.gamma}});
  }
  double expected_out = 0;
  for (std::size_t r = 0; r < 4; ++r) {
    const double inner = kRegionInnerRho[r], outer = r == 0 ? 1.0 : kRegionInnerRho[r - 1];
    const double share = outer * outer * outer - inner * inner * inner;  // of an ellipsoid's volume
    expected_out += share * out_of_range[r];
    regions.emplace_back(json::Object{{"name", kRegionNames[r]},
                                      {"rho", json_numbers({inner, outer})},
                                      {"volume_share", share},
                                      {"out_of_range_probability", out_of_range[r]}});
  }
  json::Array columns = {"label", "centre_x_um", "centre_y_um", "centre_z_um", "semi_axis_0_um", "semi_axis_1_um",
                         "semi_axis_2_um", "q_w", "q_x", "q_y", "q_z", "x_core", "x_surface"};
  for (const State& s : kStates) columns.emplace_back(std::string("a_core_angstrom ") + s.label);
  for (const State& s : kStates) columns.emplace_back(std::string("a_surface_angstrom ") + s.label);
  for (const XrdctParticle& p : particles_) {
    json::Array row = {static_cast<double>(p.label), p.centre_um[0], p.centre_um[1], p.centre_um[2],
                       p.semi_axes_um[0], p.semi_axes_um[1], p.semi_axes_um[2], p.quaternion[0],
                       p.quaternion[1], p.quaternion[2], p.quaternion[3], p.x_core, p.x_surface};
    for (std::size_t t = 0; t < kTimePoints; ++t) row.emplace_back(lattice(p, 0, t));
    for (std::size_t t = 0; t < kTimePoints; ++t) row.emplace_back(lattice(p, 1, t));
    particles.emplace_back(std::move(row));
  }
  for (const XrdctPore& p : pores_) {
    pores.emplace_back(json_numbers({static_cast<double>(p.label), p.centre_um[0], p.centre_um[1], p.centre_um[2], p.radius_um}));
  }
  for (const auto& pair : touching_) touching.emplace_back(json_numbers({static_cast<double>(pair[0]), static_cast<double>(pair[1])}));
  const XrdctParticle& first = particles_.front();
  for (std::size_t t = 0; t < kTimePoints; ++t) {
    a_core.emplace_back(lattice(first, 0, t));
    a_surface.emplace_back(lattice(first, 1, t));
    json::Array means;
    for (std::size_t r = 0; r < 4; ++r) {
      // The law is linear in ρ², whose mean over the shell [ρ1, ρ2] of an ellipsoid is
      // (3/5) (ρ2^5 - ρ1^5) / (ρ2^3 - ρ1^3).
      const double inner = kRegionInnerRho[r], outer = r == 0 ? 1.0 : kRegionInnerRho[r - 1];
      const double mean_rho2 = 0.6 * (power(outer, 5) - power(inner, 5)) / (power(outer, 3) - power(inner, 3));
      means.emplace_back(lattice(first, mean_rho2, t));
    }
    region_means.emplace_back(std::move(means));
  }
  return json::Object{
      {"sample", std::string(sample_name)},
      {"size", std::string(size_name)},
      {"seed", static_cast<double>(seed_)},
      {"aged", aged_},
      {"cycles", aged_ ? 150 : 0},
      {"shape_zyx", json_numbers({static_cast<double>(shape_zyx_[0]), static_cast<double>(shape_zyx_[1]),
                             static_cast<double>(shape_zyx_[2])})},
      {"voxel_size_um", voxel_um_},
      {"frame", "x, y, z in µm from the volume's corner; voxel (z, y, x) is centred at ((x + 1/2) v, (y + 1/2) v, (z + 1/2) v)"},
      {"field_of_view", json::Object{{"centre_xy_um", json_numbers({static_cast<double>(shape_zyx_[2]) * voxel_um_ / 2,
                                                               static_cast<double>(shape_zyx_[1]) * voxel_um_ / 2})},
                                     {"radius_um", fov_radius_um_},
                                     {"rule", "no data outside the circle (the reconstruction's field of view)"}}},
      {"no_data_value", 0},
      {"characteristic_range_angstrom", json_numbers({kCharacteristicRange[0], kCharacteristicRange[1]})},
      {"lattice_law",
       json::Object{{"formula", "a = a_ref - k_x (x - x_ref) - k_delta delta"},
                    {"a_ref_angstrom", kLatticeRefAngstrom},
                    {"x_ref", kXRef},
                    {"k_x_angstrom", kSlopeXAngstrom},
                    {"k_delta_angstrom", kSlopeDeltaAngstrom},
                    {"x_law", "x(rho) = x_core + (x_surface - x_core) rho^2"},
                    {"delta_law", "delta(rho, t) = delta_t + gamma_t (rho^2 - 0.6)"},
                    {"rho", "rho^2 = sum_i ((axis_i . (p - centre)) / semi_axis_i)^2, axes from the quaternion"}}},
      {"states", states},
      {"noise", json::Object{{"sigma_angstrom", sigma},
                             {"kind", "sum of three uniforms on [-sigma, sigma]: never beyond 3 sigma"}}},
      {"regions", regions},
      {"out_of_range", json::Object{{"above_angstrom", json_numbers({kAboveRange[0], kAboveRange[1]})},
                                    {"below_angstrom", json_numbers({kBelowRange[0], kBelowRange[1]})},
                                    {"above_share", kAboveShare},
                                    {"rule", "a particle voxel is out of range with its region's probability, at "
                                             "every time point with one value, uniform in one window"},
                                    {"expected_fraction", expected_out}}},
      {"particles",
       json::Object{{"columns", columns},
                    {"rows", particles},
                    {"assignment", "a voxel centre inside several ellipsoids belongs to the one of smallest rho"},
                    {"law", "a(rho, t) = a_core_t + (a_surface_t - a_core_t) rho^2 (the lattice_law is linear in rho^2)"}}},
      {"pores", json::Object{{"columns", json::Array{"label", "centre_x_um", "centre_y_um", "centre_z_um", "radius_um"}},
                             {"rows", pores},
                             {"rule", "no data inside a pore of the voxel's particle; only particles whose bounding sphere "
                                      "lies inside the imaged volume hold pores, so every pore is closed"}}},
      {"touching_pairs", touching},
      {"contact", json::Object{{"min_semi_axis_um", kTouchingMinSemiAxisUm},
                               {"overlap_share", kContactOverlap},
                               {"rule", "a touching pair's centres lie the sum of their extents along the line between "
                                        "them apart, less overlap_share times the smaller extent: they meet at a neck; "
                                        "both have every semi-axis >= min_semi_axis_um and their bounding spheres "
                                        "inside the imaged volume (field of view and, unless one plane, the grid's "
                                        "depth); other particles keep their bounding spheres clearance_um apart"},
                               {"clearance_um", kClearanceVoxels * voxel_um_}}},
      {"particle_1", json::Object{{"label", 1},
                                  {"gradient", "core-high"},
                                  {"a_core_angstrom", a_core},
                                  {"a_surface_angstrom", a_surface},
                                  {"region_mean_angstrom", region_means}}},
  };
}

}  // namespace hs
