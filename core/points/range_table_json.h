// A range table as JSON, the form a point store's attributes ("ranges") and the view state (ranges
// edited in the viewer) hold it in:
//   {"ions": [{"name", "composition": {"Ni": 1, "O": 1}, "charge", "color": "RRGGBB"}],
//    "ranges": [{"low_da", "high_da", "ion": index into ions, "volume_nm3"?}]}
#pragma once

#include <string_view>

#include "json/json.h"
#include "points/range_table.h"
#include "util/result.h"

namespace hs {

// Every ion and range in table order; volume_nm3 only where it is not 0.
json::Value range_table_to_json(const RangeTable& table);

// Reads a table strictly: an object with both arrays, every ion and range member present with the
// right type (volume_nm3 optional), element symbols and counts valid, colours "RRGGBB", charges
// whole numbers within ±1000, and the result passing validate_range_table. `source` names the
// table in errors, e.g. "run.pos/zarr.json: attributes.heteroscope.ranges" gives
// "run.pos/zarr.json: attributes.heteroscope.ranges.ions[].color must be six hex digits RRGGBB".
Result<RangeTable> range_table_from_json(const json::Value& value, std::string_view source);

}  // namespace hs
