// One pyramid step: halves a z,y,x block on every axis (odd sizes round up: an edge cell reduces
// the voxels it has). Mean for intensities, no-data-aware mean for refined maps (XRD-CT writes 0
// where no fit was made), mode for labels.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

#include "util/data_type.h"
#include "util/result.h"

namespace hs {

enum class DownsampleMethod {
  mean,          // arithmetic mean; integers round to nearest, ties to even
  mean_no_data,  // mean of the voxels != no_data; a cell with none of them becomes no_data;
                 // without a no-data value (a channel that has none), the plain mean
  mode,          // most frequent value; ties go to the smallest value (deterministic)
};

using ShapeZyx = std::array<std::uint64_t, 3>;

// Output shape of one step: ceil(n / 2) on each axis.
ShapeZyx downsampled_shape(const ShapeZyx& shape);

// Reduces `in` (C order z,y,x, native endian, elements of `type`) of shape `shape` into `out`
// (downsampled_shape(shape)). invalid_argument on wrong buffer sizes. Booleans always take the
// mode (any non-zero byte is true).
Status downsample_2x(DataType type, const ShapeZyx& shape, std::span<const std::uint8_t> in,
                     std::span<std::uint8_t> out, DownsampleMethod method,
                     std::optional<double> no_data = std::nullopt);

// The same, written into the box of downsampled_shape(shape) at `out_origin` of a larger C-order
// array `out` of `out_shape` (the rest of `out` is left alone), so blocks of a volume can be
// reduced one by one into the next level. Each output cell depends only on its 2×2×2 input cell,
// so reducing a volume in blocks that start at even coordinates gives exactly the cells of
// reducing it whole. invalid_argument also when the box does not fit in `out_shape`.
Status downsample_2x_into(DataType type, const ShapeZyx& shape, std::span<const std::uint8_t> in,
                          const ShapeZyx& out_shape, const ShapeZyx& out_origin, std::span<std::uint8_t> out,
                          DownsampleMethod method, std::optional<double> no_data = std::nullopt);

}  // namespace hs
