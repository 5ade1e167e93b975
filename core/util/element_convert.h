// Array elements of any Zarr data type to float, for display and statistics: a brick's bytes
// (native byte order, as decoded) become floats, optionally windowed to [0, 1] and with a no-data
// value mapped to NaN.
#pragma once

#include <optional>
#include <span>

#include "util/bytes.h"
#include "util/data_type.h"

namespace hs {

struct FloatWindow {
  double start = 0.0;  // maps to 0
  double end = 1.0;    // maps to 1 (values outside are not clamped)
  std::optional<double> no_data;  // becomes NaN
};

// out[i] = (element i - start) / (end - start), or NaN for the no-data value. `out` must hold
// data.size() / data_type_size(type) floats. A window with start == end maps everything to 0.
void elements_to_float(DataType type, ByteView data, const FloatWindow& window, std::span<float> out);

}  // namespace hs
