// Zarr v3 array metadata (an array's zarr.json): shape, data type, regular chunk grid, chunk key
// encoding, fill value, codecs, dimension names and attributes, read strictly and written back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"
#include "store/chunk_key_encoding.h"
#include "util/bytes.h"
#include "util/data_type.h"
#include "util/result.h"

namespace hs {

struct ArrayMetadata {
  std::vector<std::uint64_t> shape;  // elements per dimension (0 allowed); empty for 0-d
  DataType data_type = DataType::uint8;
  std::vector<std::uint64_t> chunk_shape;  // regular grid: elements per chunk, all > 0
  ChunkKeyEncoding chunk_key_encoding;
  Bytes fill_value;    // one element, native (little) endian
  json::Value codecs;  // the "codecs" array; validated by CodecChain::build
  std::optional<std::vector<std::optional<std::string>>> dimension_names;  // null names allowed
  json::Object attributes;
};

// Reads the document of an array's zarr.json. Rejects: zarr_format other than 3, node_type other
// than "array", unknown members (unless {"must_understand": false}), non-"regular" chunk grids,
// non-empty storage_transformers, data types we do not know, extents that are not integers, rank
// mismatches, and sizes whose element count or byte size overflows 64 bits. Messages start with
// `source` (the zarr.json's location, which names the array).
Result<ArrayMetadata> parse_array_metadata(const json::Value& document, std::string_view source);

// The zarr.json document of an array (members in the order the spec lists them).
json::Value array_metadata_to_json(const ArrayMetadata& metadata);

// Number of chunks along each dimension: ceil(shape / chunk_shape).
std::vector<std::uint64_t> chunk_grid_shape(const ArrayMetadata& metadata);

}  // namespace hs
