// Binary morphology: structuring elements, erosion, dilation, opening, closing, hole filling and
// removal of small objects (see morphology.h).
#include "analysis/morphology.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace hs {

namespace {

constexpr int kMaxHalf = 1000;

// 1D erosion or dilation with the segment [-half, half] along one axis, by a sliding count of
// foreground voxels in the window (outside the grid: background).
void segment_pass(const std::vector<std::uint8_t>& in, std::vector<std::uint8_t>& out, const AxisLayout& layout,
                  std::size_t half, bool erosion) {
  const std::size_t full = 2 * half + 1;
  std::vector<std::uint32_t> count(layout.inner);
  for (std::size_t o = 0; o < layout.outer; ++o) {
    const std::uint8_t* block = in.data() + o * layout.length * layout.inner;
    std::uint8_t* target = out.data() + o * layout.length * layout.inner;
    std::fill(count.begin(), count.end(), 0u);
    for (std::size_t i = 0; i < std::min(half, layout.length); ++i)  // window of position 0, minus its last
      for (std::size_t j = 0; j < layout.inner; ++j) count[j] += block[i * layout.inner + j];
    for (std::size_t i = 0; i < layout.length; ++i) {
      if (i + half < layout.length)
        for (std::size_t j = 0; j < layout.inner; ++j) count[j] += block[(i + half) * layout.inner + j];
      if (i > half)
        for (std::size_t j = 0; j < layout.inner; ++j) count[j] -= block[(i - half - 1) * layout.inner + j];
      std::uint8_t* row = target + i * layout.inner;
      if (erosion) {
        const bool inside = i >= half && i + half < layout.length;
        for (std::size_t j = 0; j < layout.inner; ++j) row[j] = inside && count[j] == full ? 1 : 0;
      } else {
        for (std::size_t j = 0; j < layout.inner; ++j) row[j] = count[j] != 0 ? 1 : 0;
      }
    }
  }
}

std::vector<std::uint8_t> normalised(const MaskGrid& mask) {
  std::vector<std::uint8_t> values(mask.values.size());
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = mask.values[i] != 0 ? 1 : 0;
  return values;
}

Result<MaskGrid> box_morphology(const MaskGrid& mask, const std::array<int, 3>& half, bool erosion,
                                const AnalysisControl* control) {
  MaskGrid result{mask.shape, mask.voxel, normalised(mask)};
  std::vector<std::uint8_t> scratch(result.values.size());
  StepProgress progress(control, 3);
  for (int axis = 0; axis < 3; ++axis) {
    const int h = half[static_cast<std::size_t>(axis)];
    if (h == 0) continue;
    segment_pass(result.values, scratch, axis_layout(mask.shape, axis), static_cast<std::size_t>(h), erosion);
    result.values.swap(scratch);
    if (!progress.update(static_cast<std::uint64_t>(axis + 1))) return cancelled_error(erosion ? "erode" : "dilate");
  }
  return result;
}

// Distance along x from every voxel to the nearest voxel of `target` value in its row (dilation:
// foreground; erosion: background, with the grid's x ends counting as background), saturated.
std::vector<std::uint32_t> row_distances(const MaskGrid& mask, bool to_background) {
  const GridShape& s = mask.shape;
  const auto nx = static_cast<std::size_t>(s.nx);
  constexpr std::uint32_t kFar = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> distance(mask.values.size());
  for (std::size_t start = 0; start < mask.values.size(); start += nx) {
    const std::uint8_t* in = mask.values.data() + start;
    std::uint32_t* d = distance.data() + start;
    auto is_target = [&](std::size_t x) { return (in[x] != 0) != to_background; };
    std::uint32_t run = to_background ? 0 : kFar;  // distance to the target on the left (x = -1 is background)
    for (std::size_t x = 0; x < nx; ++x) {
      run = is_target(x) ? 0 : (run == kFar ? kFar : run + 1);
      d[x] = run;
    }
    run = to_background ? 0 : kFar;  // from the right (x = nx is background)
    for (std::size_t x = nx; x-- > 0;) {
      run = is_target(x) ? 0 : (run == kFar ? kFar : run + 1);
      d[x] = std::min(d[x], run);
    }
  }
  return distance;
}

Result<MaskGrid> run_morphology(const MaskGrid& mask, const StructuringElement& element, bool erosion,
                                const AnalysisControl* control) {
  const GridShape& s = mask.shape;
  const std::vector<std::uint32_t> distance = row_distances(mask, erosion);
  MaskGrid result{s, mask.voxel, std::vector<std::uint8_t>(mask.values.size(), erosion ? 1 : 0)};
  const auto nx = static_cast<std::size_t>(s.nx);
  StepProgress progress(control, static_cast<std::uint64_t>(s.nz * s.ny));
  for (std::int64_t z = 0; z < s.nz; ++z) {
    for (std::int64_t y = 0; y < s.ny; ++y) {
      std::uint8_t* out = result.values.data() + s.index(z, y, 0);
      for (const StructuringElement::Run& run : element.runs) {
        const std::int64_t rz = z + run.dz, ry = y + run.dy;
        const auto half = static_cast<std::uint32_t>(run.half_x);
        if (!s.contains(rz, ry, 0)) {
          if (erosion) std::fill(out, out + nx, std::uint8_t{0});  // outside rows are background
          continue;
        }
        const std::uint32_t* d = distance.data() + s.index(rz, ry, 0);
        if (erosion) {
          for (std::size_t x = 0; x < nx; ++x) out[x] &= d[x] > half ? 1 : 0;
        } else {
          for (std::size_t x = 0; x < nx; ++x) out[x] |= d[x] <= half ? 1 : 0;
        }
      }
      if (!progress.update(static_cast<std::uint64_t>(z * s.ny + y + 1))) return cancelled_error(erosion ? "erode" : "dilate");
    }
  }
  return result;
}

Result<MaskGrid> morphology(const MaskGrid& mask, const StructuringElement& element, bool erosion,
                            const AnalysisControl* control) {
  if (element.is_box) return box_morphology(mask, element.box_half_zyx, erosion, control);
  return run_morphology(mask, element, erosion, control);
}

}  // namespace

std::uint64_t StructuringElement::voxel_count() const {
  std::uint64_t n = 0;
  for (const Run& run : runs) n += 2 * static_cast<std::uint64_t>(run.half_x) + 1;
  return n;
}

Result<StructuringElement> box_element(int half_z, int half_y, int half_x) {
  for (int h : {half_z, half_y, half_x})
    if (h < 0 || h > kMaxHalf)
      return make_error(ErrorCode::invalid_argument,
                        "box element: half-sizes must be in 0.." + std::to_string(kMaxHalf) + ", got " + std::to_string(h));
  StructuringElement element;
  element.is_box = true;
  element.box_half_zyx = {half_z, half_y, half_x};
  for (int dz = -half_z; dz <= half_z; ++dz)
    for (int dy = -half_y; dy <= half_y; ++dy) element.runs.push_back({dz, dy, half_x});
  return element;
}

Result<StructuringElement> ball_element(double radius, const VoxelSize& voxel) {
  if (!std::isfinite(radius) || radius < 0.0)
    return make_error(ErrorCode::invalid_argument, "ball element: radius must be finite and >= 0, got " + std::to_string(radius));
  for (double v : voxel.zyx)
    if (!std::isfinite(v) || !(v > 0.0))
      return make_error(ErrorCode::invalid_argument, "ball element: voxel size must be positive, got " + std::to_string(v));
  std::array<int, 3> extent{};
  for (std::size_t a = 0; a < 3; ++a) {
    const double half = std::floor(radius / voxel.zyx[a]);
    if (half > kMaxHalf)
      return make_error(ErrorCode::limit, "ball element: radius " + std::to_string(radius) + " spans more than " +
                                              std::to_string(kMaxHalf) + " voxels");
    extent[a] = static_cast<int>(half) + 1;  // one more, checked exactly below
  }
  const double r2 = radius * radius;
  auto square = [](double v) { return v * v; };
  StructuringElement element;
  for (int dz = -extent[0]; dz <= extent[0]; ++dz)
    for (int dy = -extent[1]; dy <= extent[1]; ++dy) {
      if (square(dz * voxel.zyx[0]) + square(dy * voxel.zyx[1]) > r2) continue;
      int half = 0;  // largest dx with the whole sum within r^2
      while (half < extent[2] &&
             square(dz * voxel.zyx[0]) + square(dy * voxel.zyx[1]) + square((half + 1) * voxel.zyx[2]) <= r2)
        ++half;
      element.runs.push_back({dz, dy, half});
    }
  return element;
}

StructuringElement neighbourhood_element(Connectivity connectivity) {
  if (connectivity == Connectivity::corners26) return box_element(1, 1, 1).value();
  StructuringElement element;
  for (int dz = -1; dz <= 1; ++dz)
    for (int dy = -1; dy <= 1; ++dy) {
      const int nonzero = (dz != 0) + (dy != 0);
      if (nonzero == 0) element.runs.push_back({dz, dy, 1});
      else if (nonzero == 1 || (nonzero == 2 && connectivity == Connectivity::edges18))
        element.runs.push_back({dz, dy, connectivity == Connectivity::edges18 && nonzero == 1 ? 1 : 0});
    }
  return element;
}

Result<MaskGrid> erode(const MaskGrid& mask, const StructuringElement& element, const AnalysisControl* control) {
  return morphology(mask, element, true, control);
}

Result<MaskGrid> dilate(const MaskGrid& mask, const StructuringElement& element, const AnalysisControl* control) {
  return morphology(mask, element, false, control);
}

Result<MaskGrid> open(const MaskGrid& mask, const StructuringElement& element, const AnalysisControl* control) {
  Result<MaskGrid> eroded = erode(mask, element, control);
  if (!eroded) return eroded;
  return dilate(*eroded, element, control);
}

Result<MaskGrid> close(const MaskGrid& mask, const StructuringElement& element, const AnalysisControl* control) {
  Result<MaskGrid> dilated = dilate(mask, element, control);
  if (!dilated) return dilated;
  return erode(*dilated, element, control);
}

Result<MaskGrid> fill_holes(const MaskGrid& mask, Connectivity background_connectivity, const AnalysisControl* control) {
  MaskGrid background{mask.shape, mask.voxel, normalised(mask)};
  for (auto& v : background.values) v ^= 1;
  Result<Labels> labels = label_components(background, background_connectivity, control);
  if (!labels) return labels.error();
  const GridShape& s = mask.shape;
  std::vector<std::uint8_t> open_to_border(labels->count + std::size_t{1}, 0);
  const LabelGrid& grid = labels->grid;
  for (std::int64_t z = 0; z < s.nz; ++z)
    for (std::int64_t y = 0; y < s.ny; ++y) {
      const bool border_row = z == 0 || y == 0 || z == s.nz - 1 || y == s.ny - 1;
      for (std::int64_t x = 0; x < s.nx; x += (border_row || x == s.nx - 1) ? 1 : s.nx - 1)
        open_to_border[grid.at(z, y, x)] = 1;
    }
  MaskGrid result{s, mask.voxel, std::vector<std::uint8_t>(mask.values.size())};
  for (std::size_t i = 0; i < result.values.size(); ++i)
    result.values[i] = open_to_border[grid.values[i]] && grid.values[i] != 0 ? 0 : 1;
  return result;
}

Result<MaskGrid> remove_small_objects(const MaskGrid& mask, std::uint64_t min_voxels, Connectivity connectivity,
                                      const AnalysisControl* control) {
  Result<Labels> labels = label_components(mask, connectivity, control);
  if (!labels) return labels.error();
  std::vector<std::uint64_t> sizes(labels->count + std::size_t{1}, 0);
  for (std::uint32_t l : labels->grid.values) ++sizes[l];
  MaskGrid result{mask.shape, mask.voxel, std::vector<std::uint8_t>(mask.values.size())};
  for (std::size_t i = 0; i < result.values.size(); ++i) {
    const std::uint32_t l = labels->grid.values[i];
    result.values[i] = l != 0 && sizes[l] >= min_voxels ? 1 : 0;
  }
  return result;
}

}  // namespace hs
