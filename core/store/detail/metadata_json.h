// Private helpers for strict reading of Zarr v3 metadata JSON: allowed members, optional
// extensions ("must_understand": false), integers, shapes and named configurations.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.h"
#include "util/result.h"

namespace hs::detail {

// Most dimensions an array may have.
inline constexpr std::size_t kMaxRank = 32;

// Fails if `object` has a member not in `known`, unless that member is an object with
// "must_understand": false (an extension the reader may ignore). ErrorCode::unsupported, the
// message names `where` and the member.
Status check_members(const json::Object& object, std::initializer_list<std::string_view> known,
                     std::string_view where);

// A JSON integer in [0, 2^53] (larger ones cannot be read exactly from a double). `where` names
// the field in messages.
Result<std::uint64_t> read_uint(const json::Value& value, std::string_view where);
// A JSON integer in [-2^53, 2^53].
Result<std::int64_t> read_int(const json::Value& value, std::string_view where);

// An array of 1 to kMaxRank integers (0 to kMaxRank when allow_scalar), each > 0 unless
// allow_zero_extent.
Result<std::vector<std::uint64_t>> read_extents(const json::Value& value, std::string_view where,
                                                bool allow_scalar, bool allow_zero_extent);

// An extension point: "name" or {"name": ..., "configuration": {...}, "must_understand": bool}.
struct NamedConfig {
  std::string name;
  const json::Value* configuration = nullptr;  // points into the parsed value; nullptr if absent
  bool must_understand = true;
};
Result<NamedConfig> read_named_config(const json::Value& value, std::string_view where);

// "where: message" as a parse error.
Error metadata_error(std::string_view where, std::string_view message);

}  // namespace hs::detail
