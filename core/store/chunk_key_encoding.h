// Zarr v3 chunk key encodings: chunk grid coordinates -> store key below the array, "default"
// ("c/1/2", or "c.1.2") and "v2" ("1.2", or "1/2").
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "json/json.h"
#include "util/result.h"

namespace hs {

struct ChunkKeyEncoding {
  enum class Kind { standard, v2 };  // "default" and "v2"
  Kind kind = Kind::standard;
  char separator = '/';  // '/' or '.'
  friend bool operator==(const ChunkKeyEncoding&, const ChunkKeyEncoding&) = default;
};

// Parses {"name": "default" | "v2", "configuration": {"separator": "/" | "."}}; the separator
// defaults to "/" for "default" and "." for "v2". Errors name `where`.
Result<ChunkKeyEncoding> parse_chunk_key_encoding(const json::Value& value, std::string_view where);
json::Value chunk_key_encoding_to_json(const ChunkKeyEncoding& encoding);

// The key of a chunk relative to its array: "c/0/3" (default), "0.3" (v2); a 0-d array's only
// chunk is "c" (default) or "0" (v2).
std::string encode_chunk_key(const ChunkKeyEncoding& encoding, std::span<const std::uint64_t> chunk_coords);

}  // namespace hs
