// Particle table: one raster pass accumulating counts, coordinate sums, bounding boxes and
// boundary crossings per label, then per-label channel statistics over voxels grouped by label.
//
// Surface area (Crofton formula): for lines of direction u, the number of times they cross a
// surface per unit cross-section equals the integral of |n . u| over the surface, whose mean over
// all directions is A / 2. On the voxel lattice take the 13 directions d_i (up to sign) between a
// voxel and its 26 neighbours: lines along d_i are spaced one per V_voxel / |d_i| of cross-section,
// and a crossing is a neighbour pair (p, p + d_i) with exactly one voxel in the particle. So
//   A ~= 2 * sum_i w_i * crossings_i * V_voxel / |d_i|,
// with w_i the fraction of the sphere of directions closer to +-d_i than to any other lattice
// direction (physical, so anisotropic voxels are handled), integrated numerically over the sphere.
#include "analysis/particles.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <numbers>

#include "samples/portable_math.h"  // cube root with the same bits natively and in wasm

namespace hs {
namespace {

constexpr int kDirections = 13;
using Direction = std::array<int, 3>;

// The 13 lattice directions (dz, dy, dx) whose first non-zero component is positive.
std::array<Direction, kDirections> lattice_directions() {
  std::array<Direction, kDirections> directions{};
  int k = 0;
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy)
      for (int dx = -1; dx <= 1; ++dx) {
        const int first = dz != 0 ? dz : dy != 0 ? dy : dx;
        if (first > 0) directions[static_cast<std::size_t>(k++)] = {dz, dy, dx};
      }
  assert(k == kDirections);
  return directions;
}

// Surface area per crossing along each direction: 2 * w_i * V_voxel / |d_i|.
std::array<double, kDirections> area_per_crossing(const VoxelSize& voxel) {
  const auto directions = lattice_directions();
  std::array<std::array<double, 3>, kDirections> unit{};
  std::array<double, kDirections> length{};
  for (int i = 0; i < kDirections; ++i) {
    double squared = 0.0;
    for (int a = 0; a < 3; ++a) {
      unit[i][a] = directions[i][a] * voxel.zyx[a];
      squared += unit[i][a] * unit[i][a];
    }
    length[i] = std::sqrt(squared);
    for (int a = 0; a < 3; ++a) unit[i][a] /= length[i];
  }
  // Directions sampled on the three faces z = 1, y = 1, x = 1 of a cube (with their antipodes,
  // which give the same |cos|, this covers the sphere), each cell weighted by its solid angle
  // du dv / (1 + u^2 + v^2)^(3/2) and assigned to the closest direction up to sign (largest |cos|,
  // first one on ties). Only +, *, / and sqrt: the same bits on every platform.
  constexpr int kCells = 128;  // per face side
  std::array<double, kDirections> solid_angle{};
  double total = 0.0;
  for (int face = 0; face < 3; ++face) {
    for (int a = 0; a < kCells; ++a) {
      for (int b = 0; b < kCells; ++b) {
        const double u = -1.0 + (2.0 * a + 1.0) / kCells, v = -1.0 + (2.0 * b + 1.0) / kCells;
        const double r = std::sqrt(1.0 + u * u + v * v);
        std::array<double, 3> point{};
        point[static_cast<std::size_t>(face)] = 1.0 / r;
        point[static_cast<std::size_t>((face + 1) % 3)] = u / r;
        point[static_cast<std::size_t>((face + 2) % 3)] = v / r;
        int best = 0;
        double best_cos = -1.0;
        for (int i = 0; i < kDirections; ++i) {
          const double c = std::abs(point[0] * unit[i][0] + point[1] * unit[i][1] + point[2] * unit[i][2]);
          if (c > best_cos) best_cos = c, best = i;
        }
        const double weight = 1.0 / (r * r * r);
        solid_angle[static_cast<std::size_t>(best)] += weight;
        total += weight;
      }
    }
  }
  const double voxel_volume = voxel.zyx[0] * voxel.zyx[1] * voxel.zyx[2];
  std::array<double, kDirections> area{};
  for (int i = 0; i < kDirections; ++i) {
    area[i] = 2.0 * (solid_angle[i] / total) * voxel_volume / length[i];
  }
  return area;
}

// Per-label sums of the raster pass.
struct Accumulator {
  std::uint64_t count = 0;
  std::array<std::uint64_t, 3> index_sum{};
  std::array<std::int64_t, 3> lo{}, hi{};  // inclusive
  std::array<std::uint64_t, kDirections> crossings{};
};

}  // namespace

Result<ParticleTable> particle_table(const LabelGrid& labels, std::span<const ParticleChannel> channels,
                                     const ParticleParams& params, const AnalysisControl* control) {
  assert(labels.values.size() == labels.shape.voxel_count());
  for (const ParticleChannel& channel : channels) {
    if (channel.grid == nullptr || !(channel.grid->shape == labels.shape)) {
      return make_error(ErrorCode::invalid_argument, "particle_table: channel \"" + channel.name + "\" (time " +
                                                         std::to_string(channel.time) +
                                                         ") is missing or differs in shape from the labels");
    }
  }
  for (const double length : labels.voxel.zyx) {
    if (!std::isfinite(length) || length <= 0.0) {
      return make_error(ErrorCode::invalid_argument,
                        "particle_table: voxel size " + std::to_string(length) + " is not a positive length");
    }
  }
  const std::uint64_t voxels = static_cast<std::uint64_t>(labels.shape.nz) * static_cast<std::uint64_t>(labels.shape.ny) *
                               static_cast<std::uint64_t>(labels.shape.nx);
  if (voxels >= (std::uint64_t{1} << 32)) {
    return make_error(ErrorCode::limit, "particle_table: " + std::to_string(voxels) +
                                            " voxels exceed the limit of 2^32 - 1");
  }
  std::uint32_t max_label = 0;
  for (const std::uint32_t label : labels.values) max_label = std::max(max_label, label);
  if (max_label > kMaxParticleLabel) {
    return make_error(ErrorCode::limit, "particle_table: label " + std::to_string(max_label) + " exceeds the limit of " +
                                            std::to_string(kMaxParticleLabel) + " (renumber the labels 1..N)");
  }

  const GridShape& s = labels.shape;
  const auto directions = lattice_directions();
  std::array<std::int64_t, kDirections> linear{};
  for (int i = 0; i < kDirections; ++i) linear[i] = (directions[i][0] * s.ny + directions[i][1]) * s.nx + directions[i][2];
  std::vector<Accumulator> sums(std::size_t{max_label} + 1);
  StepProgress progress(control, static_cast<std::uint64_t>(s.nz * s.ny) * 2);
  const std::uint32_t* L = labels.values.data();
  for (std::int64_t z = 0; z < s.nz; ++z) {
    for (std::int64_t y = 0; y < s.ny; ++y) {
      for (std::int64_t x = 0; x < s.nx; ++x) {
        const std::int64_t p = (z * s.ny + y) * s.nx + x;
        const std::uint32_t label = L[p];
        if (label == 0) continue;
        Accumulator& a = sums[label];
        const std::array<std::int64_t, 3> at{z, y, x};
        if (a.count == 0) a.lo = a.hi = at;
        ++a.count;
        for (int k = 0; k < 3; ++k) {
          a.index_sum[k] += static_cast<std::uint64_t>(at[k]);
          a.lo[k] = std::min(a.lo[k], at[k]);
          a.hi[k] = std::max(a.hi[k], at[k]);
        }
        const bool interior = z > 0 && y > 0 && x > 0 && z + 1 < s.nz && y + 1 < s.ny && x + 1 < s.nx;
        for (int i = 0; i < kDirections; ++i) {
          for (const int sign : {1, -1}) {
            const Direction& d = directions[i];
            const bool inside = interior || s.contains(z + sign * d[0], y + sign * d[1], x + sign * d[2]);
            if (!inside || L[p + sign * linear[i]] != label) ++a.crossings[i];
          }
        }
      }
      if (!progress.update(static_cast<std::uint64_t>(z * s.ny + y))) return cancelled_error("particle_table");
    }
  }

  // Voxel indices grouped by label (counting sort), for the channel statistics.
  std::vector<std::uint64_t> first(std::size_t{max_label} + 2, 0);
  for (std::uint32_t label = 1; label <= max_label; ++label) first[label + 1] = first[label] + sums[label].count;
  std::vector<std::uint32_t> order(channels.empty() ? 0 : first[std::size_t{max_label} + 1]);
  if (!channels.empty()) {
    std::vector<std::uint64_t> next(first.begin(), first.end() - 1);
    for (std::size_t p = 0; p < labels.values.size(); ++p) {
      if (L[p] != 0) order[next[L[p]]++] = static_cast<std::uint32_t>(p);
    }
  }

  ParticleTable table;
  table.unit = labels.voxel.unit;
  table.channels.assign(channels.begin(), channels.end());
  const auto area = area_per_crossing(labels.voxel);
  const double voxel_volume = labels.voxel.zyx[0] * labels.voxel.zyx[1] * labels.voxel.zyx[2];
  const double rows = static_cast<double>(s.nz * s.ny);
  std::vector<float> values;
  for (std::uint32_t label = 1; label <= max_label; ++label) {
    const Accumulator& a = sums[label];
    if (a.count == 0) continue;
    Particle particle;
    particle.label = label;
    particle.voxel_count = a.count;
    particle.volume = static_cast<double>(a.count) * voxel_volume;
    particle.equivalent_diameter = portable_cbrt(6.0 * particle.volume / std::numbers::pi);
    for (int k = 0; k < 3; ++k) {
      particle.centroid_zyx[k] =
          static_cast<double>(a.index_sum[k]) / static_cast<double>(a.count) * labels.voxel.zyx[k] + params.origin_zyx[k];
      particle.box_begin_zyx[k] = a.lo[k];
      particle.box_end_zyx[k] = a.hi[k] + 1;
    }
    const std::array<std::int64_t, 3> extent{s.nz, s.ny, s.nx};
    for (int k = 0; k < 3; ++k) particle.touches_border |= a.lo[k] == 0 || a.hi[k] + 1 == extent[k];
    for (int i = 0; i < kDirections; ++i) particle.surface_area += static_cast<double>(a.crossings[i]) * area[i];
    const double six_v = 6.0 * particle.volume;
    particle.sphericity = portable_cbrt(std::numbers::pi * six_v * six_v) / particle.surface_area;
    for (const ParticleChannel& channel : channels) {
      values.clear();
      for (std::uint64_t j = first[label]; j < first[label + 1]; ++j) values.push_back(channel.grid->values[order[j]]);
      particle.channels.push_back(value_stats(values, channel.characteristic_range));
    }
    table.particles.push_back(std::move(particle));
    if (!progress.update(static_cast<std::uint64_t>(rows * (1.0 + static_cast<double>(label) / max_label)))) {
      return cancelled_error("particle_table");
    }
  }
  (void)progress.update(static_cast<std::uint64_t>(rows) * 2);
  return table;
}

}  // namespace hs
