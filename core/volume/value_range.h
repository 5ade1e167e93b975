// Running minimum and maximum of voxel values (NaN and the no-data value left out), for the
// window of a converted channel.
#pragma once

#include <limits>
#include <optional>

#include "util/bytes.h"
#include "util/data_type.h"

namespace hs {

struct ValueRange {
  double min = std::numeric_limits<double>::infinity();
  double max = -std::numeric_limits<double>::infinity();

  // False until a value has been seen.
  bool seen() const { return min <= max; }
  // Takes in a range of values that come after those already seen. On ties the value seen first
  // stays (0.0 and -0.0 compare equal), so merging the ranges of consecutive pieces in order gives
  // exactly the range of one pass over them all.
  void merge(const ValueRange& later);
};

// Extends `range` by the elements of `data` (native endian, whole elements of `type`), in order,
// skipping NaN and elements equal to `no_data` (compared as double).
void extend_value_range(DataType type, ByteView data, std::optional<double> no_data, ValueRange& range);

}  // namespace hs
