// 2×2×2 reduction for pyramid levels.
#include "volume/downsample.h"

#include <algorithm>
#include <utility>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

namespace hs {
namespace {

template <typename T>
T load(const std::uint8_t* base, std::uint64_t index) {
  T value;
  std::memcpy(&value, base + index * sizeof(T), sizeof(T));
  return value;
}

template <typename T>
void store(std::uint8_t* base, std::uint64_t index, T value) {
  std::memcpy(base + index * sizeof(T), &value, sizeof(T));
}

// Mean as T: rounded to nearest for integers, clamped to T's range.
template <typename T>
T from_mean(double mean) {
  if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(mean);
  } else {
    const double rounded = std::nearbyint(mean);
    const double lo = static_cast<double>(std::numeric_limits<T>::lowest());
    const double hi = static_cast<double>(std::numeric_limits<T>::max());
    return static_cast<T>(std::clamp(rounded, lo, hi));
  }
}

// Reduces the (up to) 8 values of one cell.
template <typename T>
T reduce_cell(T* values, int count, DownsampleMethod method, T no_data) {
  if (method == DownsampleMethod::mode) {
    // Insertion sort of at most 8 values (std::sort here trips a false -Warray-bounds in g++ 12).
    for (int i = 1; i < count; ++i) {
      for (int j = i; j > 0 && values[j] < values[j - 1]; --j) std::swap(values[j], values[j - 1]);
    }
    T best = values[0];
    int best_run = 0;
    for (int i = 0; i < count;) {
      int j = i;
      while (j < count && values[j] == values[i]) ++j;
      if (j - i > best_run) {  // strictly greater: the first (smallest) value wins ties
        best_run = j - i;
        best = values[i];
      }
      i = j;
    }
    return best;
  }
  double sum = 0.0;
  int used = 0;
  for (int i = 0; i < count; ++i) {
    if (method == DownsampleMethod::mean_no_data && values[i] == no_data) continue;
    sum += static_cast<double>(values[i]);
    ++used;
  }
  return used == 0 ? no_data : from_mean<T>(sum / used);
}

template <typename T>
void downsample_typed(const ShapeZyx& shape, const std::uint8_t* in, std::uint8_t* out, DownsampleMethod method,
                      T no_data) {
  const ShapeZyx out_shape = downsampled_shape(shape);
  T cell[8];
  std::uint64_t out_index = 0;
  for (std::uint64_t oz = 0; oz < out_shape[0]; ++oz) {
    for (std::uint64_t oy = 0; oy < out_shape[1]; ++oy) {
      for (std::uint64_t ox = 0; ox < out_shape[2]; ++ox) {
        int count = 0;
        for (std::uint64_t z = 2 * oz; z < std::min(2 * oz + 2, shape[0]); ++z) {
          for (std::uint64_t y = 2 * oy; y < std::min(2 * oy + 2, shape[1]); ++y) {
            for (std::uint64_t x = 2 * ox; x < std::min(2 * ox + 2, shape[2]); ++x) {
              cell[count++] = load<T>(in, (z * shape[1] + y) * shape[2] + x);
            }
          }
        }
        store<T>(out, out_index++, reduce_cell(cell, count, method, no_data));
      }
    }
  }
}

template <typename T>
Status run(const ShapeZyx& shape, std::span<const std::uint8_t> in, std::span<std::uint8_t> out,
           DownsampleMethod method, std::optional<double> no_data) {
  const T no_data_value = no_data ? static_cast<T>(*no_data) : T{};
  if constexpr (std::is_same_v<T, bool>) {
    // Booleans are masks: mode is the only meaningful reduction.
    downsample_typed<bool>(shape, in.data(), out.data(), DownsampleMethod::mode, no_data_value);
  } else {
    downsample_typed<T>(shape, in.data(), out.data(), method, no_data_value);
  }
  return {};
}

}  // namespace

ShapeZyx downsampled_shape(const ShapeZyx& shape) {
  return {(shape[0] + 1) / 2, (shape[1] + 1) / 2, (shape[2] + 1) / 2};
}

Status downsample_2x(DataType type, const ShapeZyx& shape, std::span<const std::uint8_t> in,
                     std::span<std::uint8_t> out, DownsampleMethod method, std::optional<double> no_data) {
  const std::uint64_t element = data_type_size(type);
  const ShapeZyx out_shape = downsampled_shape(shape);
  if (in.size() != shape[0] * shape[1] * shape[2] * element ||
      out.size() != out_shape[0] * out_shape[1] * out_shape[2] * element) {
    return make_error(ErrorCode::invalid_argument, "downsample: buffer sizes do not match the shape");
  }
  if (method == DownsampleMethod::mean_no_data && !no_data) {
    return make_error(ErrorCode::invalid_argument, "downsample: mean_no_data needs a no-data value");
  }
  switch (type) {
    case DataType::boolean: return run<bool>(shape, in, out, method, no_data);
    case DataType::int8: return run<std::int8_t>(shape, in, out, method, no_data);
    case DataType::int16: return run<std::int16_t>(shape, in, out, method, no_data);
    case DataType::int32: return run<std::int32_t>(shape, in, out, method, no_data);
    case DataType::int64: return run<std::int64_t>(shape, in, out, method, no_data);
    case DataType::uint8: return run<std::uint8_t>(shape, in, out, method, no_data);
    case DataType::uint16: return run<std::uint16_t>(shape, in, out, method, no_data);
    case DataType::uint32: return run<std::uint32_t>(shape, in, out, method, no_data);
    case DataType::uint64: return run<std::uint64_t>(shape, in, out, method, no_data);
    case DataType::float32: return run<float>(shape, in, out, method, no_data);
    case DataType::float64: return run<double>(shape, in, out, method, no_data);
  }
  return make_error(ErrorCode::invalid_argument, "downsample: unknown data type");
}

}  // namespace hs
