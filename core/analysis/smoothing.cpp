// Gaussian and 3x3x3 median smoothing that respect NaN voxels (see smoothing.h).
#include "analysis/smoothing.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace hs {

namespace {

constexpr double kMaxSigmaVoxels = 1000.0;

// e^y for y <= 0 from correctly rounded IEEE operations only (no libm exp, whose last bits differ
// between glibc and Emscripten's musl), so native and wasm kernels are bit-identical.
double portable_exp(double y) {
  if (y < -740.0) return 0.0;
  constexpr double kLn2 = 0.6931471805599453;
  const double n = std::nearbyint(y / kLn2);
  const double r = y - n * kLn2;  // |r| <= 0.35: the Taylor series converges to 1e-17 in 20 terms
  double term = 1.0, sum = 1.0;
  for (int k = 1; k <= 20; ++k) {
    term *= r / k;
    sum += term;
  }
  return std::ldexp(sum, static_cast<int>(n));
}

// Half of a symmetric 1D kernel: weights[0] is the centre, weights[k] applies at offsets +-k.
std::vector<double> gaussian_half_kernel(double sigma_voxels) {
  const auto radius = static_cast<std::size_t>(4.0 * sigma_voxels + 0.5);
  std::vector<double> full(2 * radius + 1);
  double sum = 0.0;
  for (std::size_t i = 0; i < full.size(); ++i) {
    const double x = static_cast<double>(i) - static_cast<double>(radius);
    full[i] = portable_exp(-0.5 / (sigma_voxels * sigma_voxels) * x * x);
    sum += full[i];
  }
  std::vector<double> half(radius + 1);
  for (std::size_t k = 0; k <= radius; ++k) half[k] = full[radius + k] / sum;
  return half;
}

// Convolves `src` with the symmetric kernel along one axis into `dst` (nearest-edge boundary),
// accumulating in double like scipy's correlate1d. Returns false when cancelled.
bool convolve_axis(const float* src, float* dst, const AxisLayout& layout, const std::vector<double>& half,
                   StepProgress& progress, std::uint64_t& done) {
  const std::size_t radius = half.size() - 1;
  const auto n = static_cast<std::ptrdiff_t>(layout.length);
  auto clamp = [n](std::ptrdiff_t i) { return static_cast<std::size_t>(std::clamp<std::ptrdiff_t>(i, 0, n - 1)); };
  if (layout.inner == 1) {  // contiguous lines: pad one line, then slide
    std::vector<double> line(layout.length + 2 * radius);
    for (std::size_t o = 0; o < layout.outer; ++o) {
      const float* in = src + o * layout.length;
      float* out = dst + o * layout.length;
      for (std::size_t i = 0; i < line.size(); ++i)
        line[i] = in[clamp(static_cast<std::ptrdiff_t>(i) - static_cast<std::ptrdiff_t>(radius))];
      for (std::size_t i = 0; i < layout.length; ++i) {
        const double* centre = line.data() + i + radius;
        double sum = centre[0] * half[0];
        for (std::size_t k = 1; k <= radius; ++k) sum += (centre[-static_cast<std::ptrdiff_t>(k)] + centre[k]) * half[k];
        out[i] = static_cast<float>(sum);
      }
      if (!progress.update(++done)) return false;
    }
    return true;
  }
  std::vector<double> sum(layout.inner);
  for (std::size_t o = 0; o < layout.outer; ++o) {
    const float* block = src + o * layout.length * layout.inner;
    for (std::ptrdiff_t i = 0; i < n; ++i) {
      const float* centre = block + static_cast<std::size_t>(i) * layout.inner;
      for (std::size_t j = 0; j < layout.inner; ++j) sum[j] = centre[j] * half[0];
      for (std::size_t k = 1; k <= radius; ++k) {
        const auto dk = static_cast<std::ptrdiff_t>(k);
        const float* below = block + clamp(i - dk) * layout.inner;
        const float* above = block + clamp(i + dk) * layout.inner;
        for (std::size_t j = 0; j < layout.inner; ++j) sum[j] += (double{below[j]} + double{above[j]}) * half[k];
      }
      float* out = dst + (o * layout.length + static_cast<std::size_t>(i)) * layout.inner;
      for (std::size_t j = 0; j < layout.inner; ++j) out[j] = static_cast<float>(sum[j]);
      if (!progress.update(++done)) return false;
    }
  }
  return true;
}

}  // namespace

Result<FloatGrid> gaussian_smooth(const FloatGrid& grid, const std::array<double, 3>& sigma_zyx,
                                  const AnalysisControl* control) {
  std::array<std::vector<double>, 3> kernels;
  std::uint64_t total_units = 0;
  for (int axis = 0; axis < 3; ++axis) {
    const double sigma = sigma_zyx[static_cast<std::size_t>(axis)];
    const double voxel = grid.voxel.zyx[static_cast<std::size_t>(axis)];
    if (!std::isfinite(sigma) || sigma < 0.0)
      return make_error(ErrorCode::invalid_argument, "gaussian: sigma must be finite and >= 0, got " + std::to_string(sigma));
    if (!(voxel > 0.0) || !std::isfinite(voxel))
      return make_error(ErrorCode::invalid_argument, "gaussian: voxel size must be positive, got " + std::to_string(voxel));
    const double sigma_voxels = sigma / voxel;
    if (sigma_voxels <= 1e-15) continue;  // as scipy
    if (sigma_voxels > kMaxSigmaVoxels)
      return make_error(ErrorCode::limit, "gaussian: sigma " + std::to_string(sigma) + " is more than " +
                                              std::to_string(kMaxSigmaVoxels) + " voxels");
    kernels[static_cast<std::size_t>(axis)] = gaussian_half_kernel(sigma_voxels);
    const AxisLayout layout = axis_layout(grid.shape, axis);
    total_units += layout.outer * (layout.inner == 1 ? 1 : layout.length);
  }

  if (grid.values.empty()) return grid;
  // Values with NaN as 0, and (only when NaN occurs) the weights 1/0, convolved alike.
  const bool has_nan = std::any_of(grid.values.begin(), grid.values.end(), [](float v) { return std::isnan(v); });
  FloatGrid values = grid;
  std::vector<float> weights;
  if (has_nan) {
    weights.resize(grid.values.size());
    for (std::size_t i = 0; i < values.values.size(); ++i) {
      weights[i] = std::isnan(values.values[i]) ? 0.0f : 1.0f;
      if (std::isnan(values.values[i])) values.values[i] = 0.0f;
    }
    total_units *= 2;
  }
  StepProgress progress(control, total_units);
  std::uint64_t done = 0;
  std::vector<float> scratch(grid.values.size());
  for (int axis = 0; axis < 3; ++axis) {
    const auto& half = kernels[static_cast<std::size_t>(axis)];
    if (half.empty()) continue;
    const AxisLayout layout = axis_layout(grid.shape, axis);
    for (std::vector<float>* channel : {&values.values, &weights}) {
      if (channel == &weights && !has_nan) continue;
      if (!convolve_axis(channel->data(), scratch.data(), layout, half, progress, done))
        return cancelled_error("gaussian");
      channel->swap(scratch);
    }
  }
  if (has_nan) {
    for (std::size_t i = 0; i < values.values.size(); ++i)
      values.values[i] = std::isnan(grid.values[i]) ? grid.values[i] : values.values[i] / weights[i];
  }
  return values;
}

namespace {

// Sorts 9 floats with a 25-comparator sorting network (branch-free compare-exchanges).
void sort9(float* v) {
  auto exchange = [v](int a, int b) {
    const float lo = std::min(v[a], v[b]), hi = std::max(v[a], v[b]);
    v[a] = lo;
    v[b] = hi;
  };
  static constexpr int kPairs[25][2] = {{0, 3}, {1, 7}, {2, 5}, {4, 8}, {0, 7}, {2, 4}, {3, 8}, {5, 6}, {0, 2},
                                        {1, 3}, {4, 5}, {7, 8}, {1, 4}, {3, 6}, {5, 7}, {0, 1}, {2, 4}, {3, 5},
                                        {6, 8}, {2, 3}, {4, 5}, {6, 7}, {1, 2}, {3, 4}, {5, 6}};
  for (const auto& pair : kPairs) exchange(pair[0], pair[1]);
}

// The valid (non-NaN) values of one column of the 3x3x3 window (9 voxels at one x), sorted.
struct Column {
  std::array<float, 9> values;
  int count = 0;
};

void load_column(const float* data, const std::array<std::size_t, 9>& rows, std::size_t x, Column& column) {
  column.count = 0;
  for (std::size_t row : rows) {
    const float v = data[row + x];
    if (!std::isnan(v)) column.values[static_cast<std::size_t>(column.count++)] = v;
  }
  if (column.count == 9) sort9(column.values.data());
  else std::sort(column.values.begin(), column.values.begin() + column.count);
}

// Median of the union of three sorted columns: merge up to the middle rank.
float median_of(const Column& a, const Column& b, const Column& c) {
  constexpr float kEnd = std::numeric_limits<float>::infinity();
  const int n = a.count + b.count + c.count;
  int i = 0, j = 0, k = 0;
  float previous = 0.0f, current = 0.0f;
  for (int rank = 0; rank <= n / 2; ++rank) {
    previous = current;
    const float va = i < a.count ? a.values[static_cast<std::size_t>(i)] : kEnd;
    const float vb = j < b.count ? b.values[static_cast<std::size_t>(j)] : kEnd;
    const float vc = k < c.count ? c.values[static_cast<std::size_t>(k)] : kEnd;
    // A column is exhausted only when another still has a value at this rank, so c is the last resort.
    if (i < a.count && va <= vb && va <= vc) {
      current = va;
      ++i;
    } else if (j < b.count && vb <= vc) {
      current = vb;
      ++j;
    } else {
      current = vc;
      ++k;
    }
  }
  if (n % 2 == 0) return static_cast<float>((double{previous} + double{current}) / 2.0);
  return current;
}

}  // namespace

Result<FloatGrid> median_filter3(const FloatGrid& grid, const AnalysisControl* control) {
  const GridShape& s = grid.shape;
  FloatGrid result{s, grid.voxel, std::vector<float>(grid.values.size())};
  StepProgress progress(control, static_cast<std::uint64_t>(s.nz * s.ny));
  auto clamped = [](std::int64_t i, std::int64_t n) { return std::clamp<std::int64_t>(i, 0, n - 1); };
  const auto nx = static_cast<std::size_t>(s.nx);
  std::array<Column, 3> columns;  // x - 1, x, x + 1, rotating
  for (std::int64_t z = 0; z < s.nz; ++z) {
    for (std::int64_t y = 0; y < s.ny; ++y) {
      std::array<std::size_t, 9> rows;  // offsets of the 9 neighbouring rows
      for (int dz = -1, r = 0; dz <= 1; ++dz)
        for (int dy = -1; dy <= 1; ++dy, ++r)
          rows[static_cast<std::size_t>(r)] = s.index(clamped(z + dz, s.nz), clamped(y + dy, s.ny), 0);
      const std::size_t row_start = s.index(z, y, 0);
      if (nx > 0) {
        load_column(grid.values.data(), rows, 0, columns[0]);  // x = -1 repeats x = 0
        columns[1] = columns[0];
      }
      for (std::size_t x = 0; x < nx; ++x) {
        Column& next = columns[(x + 2) % 3];
        if (x + 1 < nx) load_column(grid.values.data(), rows, x + 1, next);
        else next = columns[(x + 1) % 3];  // x = nx repeats x = nx - 1
        const float here = grid.values[row_start + x];
        result.values[row_start + x] =
            std::isnan(here) ? here : median_of(columns[x % 3], columns[(x + 1) % 3], next);
      }
      if (!progress.update(static_cast<std::uint64_t>(z * s.ny + y + 1))) return cancelled_error("median");
    }
  }
  return result;
}

}  // namespace hs
