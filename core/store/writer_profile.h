// The codecs of DESIGN.md's writer profile as Zarr v3 JSON: one sharding_indexed codec with inner
// chunks [bytes(little), zstd(level, checksum: false)] and an index [bytes(little), crc32c] at the
// end. Shared by the volume and point-cloud converters.
#pragma once

#include <cstdint>
#include <span>

#include "json/json.h"
#include "util/data_type.h"

namespace hs {

// The "codecs" array of a sharded array of `type` whose inner chunks (bricks) have
// `inner_chunk_shape` elements; the array's chunk shape is the shard shape.
json::Value sharded_codecs_json(DataType type, std::span<const std::uint64_t> inner_chunk_shape, int zstd_level);

}  // namespace hs
