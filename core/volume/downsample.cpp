// 2×2×2 reduction for pyramid levels, one output row at a time from up to four input rows.
#include "volume/downsample.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "io/volume_layout.h"

namespace hs {
namespace {

template <typename T>
T load(const std::uint8_t* base, std::uint64_t index) {
  if constexpr (std::is_same_v<T, bool>) {
    return base[index] != 0;  // any non-zero byte is true (no invalid bool loads)
  } else {
    T value;
    std::memcpy(&value, base + index * sizeof(T), sizeof(T));
    return value;
  }
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

// Reduces the (up to) 8 values of one cell with mean_no_data or mode.
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
    if (values[i] == no_data) continue;
    sum += static_cast<double>(values[i]);
    ++used;
  }
  return used == 0 ? no_data : from_mean<T>(sum / used);
}

// The input rows (z, y) of one output row, in z-then-y order: 1, 2 or 4 of them.
struct CellRows {
  const std::uint8_t* rows[4];
  int count = 0;
};

// Plain mean of one output row. Values are summed in z, y, x order starting from 0.0, so every
// cell comes out bit for bit the same whichever block it is reduced in.
template <typename T>
void mean_row(const CellRows& cell, std::uint64_t nx, std::uint8_t* out) {
  const std::uint64_t pairs = nx / 2;
  const double full = 2.0 * cell.count;
  for (std::uint64_t ox = 0; ox < pairs; ++ox) {
    double sum = 0.0;
    for (int r = 0; r < cell.count; ++r) {
      sum += static_cast<double>(load<T>(cell.rows[r], 2 * ox));
      sum += static_cast<double>(load<T>(cell.rows[r], 2 * ox + 1));
    }
    store<T>(out, ox, from_mean<T>(sum / full));
  }
  if (nx % 2 != 0) {
    double sum = 0.0;
    for (int r = 0; r < cell.count; ++r) sum += static_cast<double>(load<T>(cell.rows[r], nx - 1));
    store<T>(out, pairs, from_mean<T>(sum / cell.count));
  }
}

// mean_no_data or mode of one output row.
template <typename T>
void cell_row(const CellRows& cell, std::uint64_t nx, std::uint8_t* out, DownsampleMethod method, T no_data) {
  T values[8] = {};  // initialised: g++ cannot see that every cell has a value
  for (std::uint64_t ox = 0; 2 * ox < nx; ++ox) {
    int count = 0;
    for (int r = 0; r < cell.count; ++r) {
      values[count++] = load<T>(cell.rows[r], 2 * ox);
      if (2 * ox + 1 < nx) values[count++] = load<T>(cell.rows[r], 2 * ox + 1);
    }
    store<T>(out, ox, reduce_cell(values, count, method, no_data));
  }
}

template <typename T>
void downsample_typed(const ShapeZyx& shape, const std::uint8_t* in, const ShapeZyx& out_shape,
                      const ShapeZyx& origin, std::uint8_t* out, DownsampleMethod method, T no_data) {
  const ShapeZyx cells = downsampled_shape(shape);
  const std::uint64_t in_row_bytes = shape[2] * sizeof(T);
  for (std::uint64_t oz = 0; oz < cells[0]; ++oz) {
    for (std::uint64_t oy = 0; oy < cells[1]; ++oy) {
      CellRows cell;
      for (std::uint64_t z = 2 * oz; z < std::min(2 * oz + 2, shape[0]); ++z) {
        for (std::uint64_t y = 2 * oy; y < std::min(2 * oy + 2, shape[1]); ++y) {
          cell.rows[cell.count++] = in + (z * shape[1] + y) * in_row_bytes;
        }
      }
      std::uint8_t* row =
          out + (((origin[0] + oz) * out_shape[1] + origin[1] + oy) * out_shape[2] + origin[2]) * sizeof(T);
      if (method == DownsampleMethod::mean) {
        mean_row<T>(cell, shape[2], row);
      } else {
        cell_row<T>(cell, shape[2], row, method, no_data);
      }
    }
  }
}

template <typename T>
void run(const ShapeZyx& shape, const std::uint8_t* in, const ShapeZyx& out_shape, const ShapeZyx& origin,
         std::uint8_t* out, DownsampleMethod method, std::optional<double> no_data) {
  const T no_data_value = no_data ? static_cast<T>(*no_data) : T{};
  // Booleans are masks: mode is the only meaningful reduction.
  const DownsampleMethod used = std::is_same_v<T, bool> ? DownsampleMethod::mode : method;
  downsample_typed<T>(shape, in, out_shape, origin, out, used, no_data_value);
}

}  // namespace

ShapeZyx downsampled_shape(const ShapeZyx& shape) {
  return {(shape[0] + 1) / 2, (shape[1] + 1) / 2, (shape[2] + 1) / 2};
}

Status downsample_2x(DataType type, const ShapeZyx& shape, std::span<const std::uint8_t> in,
                     std::span<std::uint8_t> out, DownsampleMethod method, std::optional<double> no_data) {
  return downsample_2x_into(type, shape, in, downsampled_shape(shape), {0, 0, 0}, out, method, no_data);
}

Status downsample_2x_into(DataType type, const ShapeZyx& shape, std::span<const std::uint8_t> in,
                          const ShapeZyx& out_shape, const ShapeZyx& out_origin, std::span<std::uint8_t> out,
                          DownsampleMethod method, std::optional<double> no_data) {
  const std::uint64_t element = data_type_size(type);
  const ShapeZyx cells = downsampled_shape(shape);
  if (checked_volume_bytes(shape, element) != in.size() ||
      checked_volume_bytes(out_shape, element) != out.size()) {
    return make_error(ErrorCode::invalid_argument, "downsample: buffer sizes do not match the shape");
  }
  for (int a = 0; a < 3; ++a) {
    if (out_origin[a] > out_shape[a] || cells[a] > out_shape[a] - out_origin[a]) {
      return make_error(ErrorCode::invalid_argument,
                        "downsample: the reduced block does not fit in the output");
    }
  }
  if (method == DownsampleMethod::mean_no_data && !no_data) method = DownsampleMethod::mean;  // nothing to leave out
  if (in.empty()) return {};
  const std::uint8_t* i = in.data();
  std::uint8_t* o = out.data();
  switch (type) {
    case DataType::boolean:
      run<bool>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
    case DataType::int8:
      run<std::int8_t>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
    case DataType::int16:
      run<std::int16_t>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
    case DataType::int32:
      run<std::int32_t>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
    case DataType::int64:
      run<std::int64_t>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
    case DataType::uint8:
      run<std::uint8_t>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
    case DataType::uint16:
      run<std::uint16_t>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
    case DataType::uint32:
      run<std::uint32_t>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
    case DataType::uint64:
      run<std::uint64_t>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
    case DataType::float32:
      run<float>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
    case DataType::float64:
      run<double>(shape, i, out_shape, out_origin, o, method, no_data);
      break;
  }
  return {};
}

}  // namespace hs
