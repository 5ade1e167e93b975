// Zarr v3 "fill_value" <-> one element in memory (native endian): numbers, true/false, and for
// floats "NaN", "Infinity", "-Infinity" or the bits as hex ("0x7fc00000").
#pragma once

#include <string_view>

#include "json/json.h"
#include "util/bytes.h"
#include "util/data_type.h"
#include "util/result.h"

namespace hs {

// One element of `type`, native (little) endian. Integers must be exact and in range (at most
// 2^53 in magnitude, as JSON numbers are read as doubles); hex strings must have exactly two
// digits per byte of the float type. Errors name `where`.
Result<Bytes> parse_fill_value(const json::Value& value, DataType type, std::string_view where);

// The JSON form of one element: the canonical NaN as "NaN", other NaNs as hex, infinities as
// strings, everything else as a number or boolean.
json::Value fill_value_to_json(ByteView element, DataType type);

}  // namespace hs
