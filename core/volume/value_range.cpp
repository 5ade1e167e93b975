// Min/max of voxel values by element type.
#include "volume/value_range.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

namespace hs {
namespace {

constexpr std::size_t kLanes = 16;  // independent running minima and maxima: vectorisable

// Element i as a double.
template <typename T>
double value_at(const std::uint8_t* data, std::size_t i) {
  if constexpr (std::is_same_v<T, bool>) {
    return data[i] != 0 ? 1.0 : 0.0;  // any non-zero byte is true (no invalid bool loads)
  } else {
    T value;
    std::memcpy(&value, data + i * sizeof(T), sizeof(T));
    return static_cast<double>(value);
  }
}

// Types whose values are all exact as doubles, so comparing them as T is comparing them as double.
template <typename T>
constexpr bool kExactInDouble = std::is_floating_point_v<T> ||
                                (std::is_integral_v<T> && sizeof(T) <= 4 && !std::is_same_v<T, bool>);

// The T equal to `value`, if there is one.
template <typename T>
std::optional<T> exactly(double value) {
  if (std::isnan(value)) return std::nullopt;
  if constexpr (std::is_floating_point_v<T>) {
    if (std::fabs(value) > static_cast<double>(std::numeric_limits<T>::max()) && !std::isinf(value)) {
      return std::nullopt;
    }
  } else if (value < static_cast<double>(std::numeric_limits<T>::lowest()) ||
             value > static_cast<double>(std::numeric_limits<T>::max())) {
    return std::nullopt;
  }
  const T t = static_cast<T>(value);
  return static_cast<double>(t) == value ? std::optional<T>(t) : std::nullopt;
}

// Running minima and maxima in T over kLanes lanes; NaN compares false, so it is never taken.
// Lanes keep the loop from waiting on one comparison after another and let it vectorise.
template <typename T, bool kSkipNoData>
void extend_lanes(const std::uint8_t* data, std::size_t count, T no_data, ValueRange& range) {
  using Limits = std::numeric_limits<T>;
  T lo[kLanes], hi[kLanes], v[kLanes];
  std::uint32_t taken[kLanes];  // values taken per lane (saturation is harmless: only != 0 matters)
  for (std::size_t k = 0; k < kLanes; ++k) {
    lo[k] = Limits::has_infinity ? Limits::infinity() : Limits::max();
    hi[k] = Limits::has_infinity ? -Limits::infinity() : Limits::lowest();
    taken[k] = 0;
  }
  std::size_t i = 0;
  for (; i + kLanes <= count; i += kLanes) {
    std::memcpy(v, data + i * sizeof(T), sizeof v);
    for (std::size_t k = 0; k < kLanes; ++k) {
      const bool skip = kSkipNoData && v[k] == no_data;
      lo[k] = !skip && v[k] < lo[k] ? v[k] : lo[k];
      hi[k] = !skip && v[k] > hi[k] ? v[k] : hi[k];
      taken[k] |= !skip && v[k] == v[k];
    }
  }
  for (; i < count; ++i) {
    std::memcpy(v, data + i * sizeof(T), sizeof(T));
    const bool skip = kSkipNoData && v[0] == no_data;
    lo[0] = !skip && v[0] < lo[0] ? v[0] : lo[0];
    hi[0] = !skip && v[0] > hi[0] ? v[0] : hi[0];
    taken[0] |= !skip && v[0] == v[0];
  }
  for (std::size_t k = 0; k < kLanes; ++k) {
    if (taken[k] == 0) continue;
    range.min = std::min(range.min, static_cast<double>(lo[k]));
    range.max = std::max(range.max, static_cast<double>(hi[k]));
  }
}

template <typename T>
void extend_typed(const std::uint8_t* data, std::size_t count, double no_data, ValueRange& range) {
  if constexpr (kExactInDouble<T>) {
    if (const std::optional<T> skip = exactly<T>(no_data)) {
      extend_lanes<T, true>(data, count, *skip, range);
    } else {
      extend_lanes<T, false>(data, count, T{}, range);
    }
  } else {  // bool, 64-bit integers: compare as double, as the no-data value is given
    for (std::size_t i = 0; i < count; ++i) {
      const double v = value_at<T>(data, i);
      if (v == no_data) continue;
      range.min = std::min(range.min, v);
      range.max = std::max(range.max, v);
    }
  }
  // -0.0 and 0.0 compare equal: which one a comparison keeps depends on the order, so keep 0.0.
  range.min += 0.0;
  range.max += 0.0;
}

}  // namespace

void ValueRange::merge(const ValueRange& later) {
  min = std::min(min, later.min);
  max = std::max(max, later.max);
}

void extend_value_range(DataType type, ByteView data, std::optional<double> no_data, ValueRange& range) {
  const std::size_t n = data.size() / data_type_size(type);
  const double nd = no_data.value_or(std::numeric_limits<double>::quiet_NaN());
  const std::uint8_t* p = data.data();
  switch (type) {
    case DataType::boolean:
      return extend_typed<bool>(p, n, nd, range);
    case DataType::int8:
      return extend_typed<std::int8_t>(p, n, nd, range);
    case DataType::int16:
      return extend_typed<std::int16_t>(p, n, nd, range);
    case DataType::int32:
      return extend_typed<std::int32_t>(p, n, nd, range);
    case DataType::int64:
      return extend_typed<std::int64_t>(p, n, nd, range);
    case DataType::uint8:
      return extend_typed<std::uint8_t>(p, n, nd, range);
    case DataType::uint16:
      return extend_typed<std::uint16_t>(p, n, nd, range);
    case DataType::uint32:
      return extend_typed<std::uint32_t>(p, n, nd, range);
    case DataType::uint64:
      return extend_typed<std::uint64_t>(p, n, nd, range);
    case DataType::float32:
      return extend_typed<float>(p, n, nd, range);
    case DataType::float64:
      return extend_typed<double>(p, n, nd, range);
  }
}

}  // namespace hs
