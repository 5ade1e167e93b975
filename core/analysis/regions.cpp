// Region classes by thresholds: class of each value by binary search over the thresholds, and
// class counts turned into volume fractions.
#include "analysis/regions.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace hs {
namespace {

constexpr std::size_t kMaxThresholds = 254;
constexpr std::uint32_t kMaxLabel = std::uint32_t{1} << 20;

Status check_thresholds(std::span<const double> thresholds, const char* step) {
  if (thresholds.size() > kMaxThresholds) {
    return make_error(ErrorCode::invalid_argument, std::string(step) + ": " + std::to_string(thresholds.size()) +
                                                       " thresholds exceed the limit of 254");
  }
  for (std::size_t i = 0; i < thresholds.size(); ++i) {
    if (!std::isfinite(thresholds[i]) || (i > 0 && !(thresholds[i - 1] < thresholds[i]))) {
      return make_error(ErrorCode::invalid_argument, std::string(step) + ": threshold " + std::to_string(i) + " (" +
                                                         std::to_string(thresholds[i]) +
                                                         ") is not finite or not above the previous one");
    }
  }
  return {};
}

// Number of thresholds <= v (v not NaN).
std::size_t class_of(float v, std::span<const double> thresholds) {
  return static_cast<std::size_t>(std::upper_bound(thresholds.begin(), thresholds.end(), static_cast<double>(v)) -
                                  thresholds.begin());
}

RegionFractions empty_fractions(std::size_t classes) {
  RegionFractions f;
  f.counts.assign(classes, 0);
  return f;
}

// Fills fractions and volumes from counts.
void finish(RegionFractions& f, const VoxelSize& voxel) {
  const double voxel_volume = voxel.zyx[0] * voxel.zyx[1] * voxel.zyx[2];
  f.valid_count = 0;
  for (const std::uint64_t c : f.counts) f.valid_count += c;
  f.fractions.clear();
  f.volumes.clear();
  for (const std::uint64_t c : f.counts) {
    f.fractions.push_back(f.valid_count == 0 ? std::numeric_limits<double>::quiet_NaN()
                                             : static_cast<double>(c) / static_cast<double>(f.valid_count));
    f.volumes.push_back(static_cast<double>(c) * voxel_volume);
  }
}

}  // namespace

Result<Grid3<std::uint8_t>> classify_regions(const FloatGrid& grid, std::span<const double> thresholds) {
  if (Status st = check_thresholds(thresholds, "classify_regions"); !st) return st.error();
  Grid3<std::uint8_t> classes{grid.shape, grid.voxel, std::vector<std::uint8_t>(grid.values.size(), 0)};
  for (std::size_t i = 0; i < grid.values.size(); ++i) {
    const float v = grid.values[i];
    if (!std::isnan(v)) classes.values[i] = static_cast<std::uint8_t>(1 + class_of(v, thresholds));
  }
  return classes;
}

Result<RegionFractions> region_fractions(const FloatGrid& grid, std::span<const double> thresholds, const MaskGrid* within) {
  if (Status st = check_thresholds(thresholds, "region_fractions"); !st) return st.error();
  if (within != nullptr && !(within->shape == grid.shape)) {
    return make_error(ErrorCode::invalid_argument, "region_fractions: the mask differs in shape from the grid");
  }
  RegionFractions f = empty_fractions(thresholds.size() + 1);
  for (std::size_t i = 0; i < grid.values.size(); ++i) {
    const float v = grid.values[i];
    if (std::isnan(v) || (within != nullptr && within->values[i] == 0)) continue;
    ++f.counts[class_of(v, thresholds)];
  }
  finish(f, grid.voxel);
  return f;
}

Result<std::vector<RegionFractions>> region_fractions(std::span<const FloatGrid> time_points, std::span<const double> thresholds,
                                                      const MaskGrid* within) {
  std::vector<RegionFractions> result;
  for (const FloatGrid& grid : time_points) {
    Result<RegionFractions> f = region_fractions(grid, thresholds, within);
    if (!f) return f.error();
    result.push_back(std::move(*f));
  }
  return result;
}

Result<std::vector<LabelRegionFractions>> region_fractions_by_label(const FloatGrid& grid, std::span<const double> thresholds,
                                                                    const LabelGrid& labels) {
  if (Status st = check_thresholds(thresholds, "region_fractions_by_label"); !st) return st.error();
  if (!(labels.shape == grid.shape)) {
    return make_error(ErrorCode::invalid_argument, "region_fractions_by_label: the labels differ in shape from the grid");
  }
  const std::uint32_t max_label = labels.values.empty() ? 0 : *std::max_element(labels.values.begin(), labels.values.end());
  if (max_label > kMaxLabel) {
    return make_error(ErrorCode::limit, "region_fractions_by_label: label " + std::to_string(max_label) +
                                            " exceeds the limit of " + std::to_string(kMaxLabel) + " (renumber the labels 1..N)");
  }
  const std::size_t classes = thresholds.size() + 1;
  std::vector<std::uint8_t> present(std::size_t{max_label} + 1, 0);
  std::vector<std::uint64_t> counts((std::size_t{max_label} + 1) * classes, 0);
  for (std::size_t i = 0; i < grid.values.size(); ++i) {
    const std::uint32_t label = labels.values[i];
    if (label == 0) continue;
    present[label] = 1;
    const float v = grid.values[i];
    if (!std::isnan(v)) ++counts[label * classes + class_of(v, thresholds)];
  }
  std::vector<LabelRegionFractions> result;
  for (std::uint32_t label = 1; label <= max_label; ++label) {
    if (present[label] == 0) continue;
    RegionFractions f = empty_fractions(classes);
    std::copy_n(counts.begin() + static_cast<std::ptrdiff_t>(label * classes), classes, f.counts.begin());
    finish(f, grid.voxel);
    result.push_back({label, std::move(f)});
  }
  return result;
}

}  // namespace hs
