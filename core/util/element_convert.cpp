// Element conversion: one typed loop per data type.
#include "util/element_convert.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace hs {
namespace {

template <typename T>
void convert_typed(const std::uint8_t* data, std::size_t count, const FloatWindow& window, float* out) {
  const double scale = window.end != window.start ? 1.0 / (window.end - window.start) : 0.0;
  const bool has_no_data = window.no_data.has_value();
  const double no_data = window.no_data.value_or(0.0);
  for (std::size_t i = 0; i < count; ++i) {
    T value;
    std::memcpy(&value, data + i * sizeof(T), sizeof(T));
    const double v = static_cast<double>(value);
    out[i] = has_no_data && v == no_data ? std::numeric_limits<float>::quiet_NaN()
                                         : static_cast<float>((v - window.start) * scale);
  }
}

}  // namespace

void elements_to_float(DataType type, ByteView data, const FloatWindow& window, std::span<float> out) {
  const std::size_t count = std::min(out.size(), data.size() / data_type_size(type));
  switch (type) {
    case DataType::boolean: convert_typed<bool>(data.data(), count, window, out.data()); break;
    case DataType::int8: convert_typed<std::int8_t>(data.data(), count, window, out.data()); break;
    case DataType::int16: convert_typed<std::int16_t>(data.data(), count, window, out.data()); break;
    case DataType::int32: convert_typed<std::int32_t>(data.data(), count, window, out.data()); break;
    case DataType::int64: convert_typed<std::int64_t>(data.data(), count, window, out.data()); break;
    case DataType::uint8: convert_typed<std::uint8_t>(data.data(), count, window, out.data()); break;
    case DataType::uint16: convert_typed<std::uint16_t>(data.data(), count, window, out.data()); break;
    case DataType::uint32: convert_typed<std::uint32_t>(data.data(), count, window, out.data()); break;
    case DataType::uint64: convert_typed<std::uint64_t>(data.data(), count, window, out.data()); break;
    case DataType::float32: convert_typed<float>(data.data(), count, window, out.data()); break;
    case DataType::float64: convert_typed<double>(data.data(), count, window, out.data()); break;
  }
}

}  // namespace hs
