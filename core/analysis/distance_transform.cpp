// Exact anisotropic Euclidean distance transform: three separable passes (x, y, z) of the
// Felzenszwalb–Huttenlocher lower envelope of parabolas over squared distances.
#include "analysis/distance_transform.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hs {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// Scratch of one 1-D transform of a line of n samples.
struct LineScratch {
  std::vector<double> f;          // squared distances in, per line
  std::vector<double> d;          // squared distances out
  std::vector<std::int64_t> v;    // sites (indices) of the parabolas of the lower envelope
  std::vector<double> z;          // boundaries between the envelope's parabolas

  explicit LineScratch(std::size_t n) : f(n), d(n), v(n), z(n + 1) {}
};

// d[q] = min over p of (spacing_sq * (q - p)^2 + f[p]) for q in [0, n); +infinity where every f is
// +infinity. Sites with f = +infinity are left out of the envelope.
void transform_line(LineScratch& s, std::int64_t n, double spacing_sq) {
  const double* f = s.f.data();
  std::int64_t* v = s.v.data();
  double* z = s.z.data();
  std::int64_t k = -1;
  for (std::int64_t q = 0; q < n; ++q) {
    if (f[q] == kInfinity) continue;
    const double fq = f[q] + spacing_sq * static_cast<double>(q) * static_cast<double>(q);
    double boundary = -kInfinity;
    while (k >= 0) {
      const double p = static_cast<double>(v[k]);
      const double fp = f[v[k]] + spacing_sq * p * p;
      boundary = (fq - fp) / (2.0 * spacing_sq * (static_cast<double>(q) - p));
      if (boundary > z[k]) break;
      --k;
      boundary = -kInfinity;
    }
    ++k;
    v[k] = q;
    z[k] = boundary;
    z[k + 1] = kInfinity;
  }
  double* d = s.d.data();
  if (k < 0) {
    for (std::int64_t q = 0; q < n; ++q) d[q] = kInfinity;
    return;
  }
  std::int64_t j = 0;
  for (std::int64_t q = 0; q < n; ++q) {
    while (z[j + 1] < static_cast<double>(q)) ++j;
    const double offset = static_cast<double>(q - v[j]);
    d[q] = spacing_sq * offset * offset + f[v[j]];
  }
}

// One pass along an axis of the grid seen as [outer][n][inner] (inner contiguous). Lines are taken
// in blocks of consecutive inner positions so that gathering a block reads whole cache lines.
// Returns false when cancelled.
bool transform_axis(std::vector<float>& grid, std::int64_t outer, std::int64_t n, std::int64_t inner, double spacing,
                    StepProgress& progress, std::uint64_t& done_lines) {
  constexpr std::int64_t kBlock = 16;
  const double spacing_sq = spacing * spacing;
  std::vector<LineScratch> lines;
  lines.reserve(kBlock);
  for (std::int64_t b = 0; b < kBlock; ++b) lines.emplace_back(static_cast<std::size_t>(n));
  for (std::int64_t o = 0; o < outer; ++o) {
    float* base = grid.data() + static_cast<std::size_t>(o * n * inner);
    for (std::int64_t i0 = 0; i0 < inner; i0 += kBlock) {
      const std::int64_t block = std::min(kBlock, inner - i0);
      for (std::int64_t q = 0; q < n; ++q) {
        const float* row = base + q * inner + i0;
        for (std::int64_t b = 0; b < block; ++b) lines[static_cast<std::size_t>(b)].f[static_cast<std::size_t>(q)] = row[b];
      }
      for (std::int64_t b = 0; b < block; ++b) transform_line(lines[static_cast<std::size_t>(b)], n, spacing_sq);
      for (std::int64_t q = 0; q < n; ++q) {
        float* row = base + q * inner + i0;
        for (std::int64_t b = 0; b < block; ++b) {
          row[b] = static_cast<float>(lines[static_cast<std::size_t>(b)].d[static_cast<std::size_t>(q)]);
        }
      }
      done_lines += static_cast<std::uint64_t>(block);
      if (!progress.update(done_lines)) return false;
    }
  }
  return true;
}

}  // namespace

Result<FloatGrid> distance_transform(const MaskGrid& mask, DistanceTo to, const AnalysisControl* control) {
  assert(mask.values.size() == mask.shape.voxel_count());
  for (const double length : mask.voxel.zyx) {
    if (!std::isfinite(length) || length <= 0.0) {
      return make_error(ErrorCode::invalid_argument,
                        "distance_transform: voxel size " + std::to_string(length) + " is not a positive length");
    }
  }
  const GridShape& shape = mask.shape;
  FloatGrid out{shape, mask.voxel, std::vector<float>(mask.values.size())};
  const bool target_is_foreground = to == DistanceTo::foreground;
  const float far = std::numeric_limits<float>::infinity();
  for (std::size_t i = 0; i < mask.values.size(); ++i) {
    const bool is_target = (mask.values[i] != 0) == target_is_foreground;
    out.values[i] = is_target ? 0.0f : far;
  }
  if (mask.values.empty()) return out;

  const auto lines = static_cast<std::uint64_t>(shape.nz * shape.ny + shape.nz * shape.nx + shape.ny * shape.nx);
  StepProgress progress(control, lines);
  std::uint64_t done = 0;
  const bool finished = transform_axis(out.values, shape.nz * shape.ny, shape.nx, 1, mask.voxel.zyx[2], progress, done) &&
                        transform_axis(out.values, shape.nz, shape.ny, shape.nx, mask.voxel.zyx[1], progress, done) &&
                        transform_axis(out.values, 1, shape.nz, shape.ny * shape.nx, mask.voxel.zyx[0], progress, done);
  if (!finished) return cancelled_error("distance_transform");
  for (float& value : out.values) value = std::sqrt(value);
  return out;
}

}  // namespace hs
