// The view state in a URL fragment: "#!<percent-encoded JSON>" while short, otherwise
// "#z=<base64url of a zstd frame of the JSON>". Decoding is total and bounded.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.h"

namespace hs {

inline constexpr std::size_t kMaxUrlHashBytes = 512u << 10;    // accepted fragment length
inline constexpr std::size_t kMaxStateJsonBytes = 4u << 20;    // decompressed JSON
inline constexpr std::size_t kPlainHashMaxBytes = 2000;        // longer states are compressed

enum class HashForm { automatic, plain, compressed };

// Builds the fragment (with the leading '#') for a JSON document. `automatic` picks the plain form
// when the whole plain fragment, "#!" included, is at most kPlainHashMaxBytes long.
std::string encode_state_hash(std::string_view json_text, HashForm form = HashForm::automatic);

// Extracts the JSON text from a fragment ('#' optional). Returns nullopt for an empty fragment
// (no state in the URL). Errors name "URL hash" and say what is wrong: unknown prefix, bad
// percent escape, bad base64url, corrupt zstd, beyond the size limits, invalid UTF-8.
Result<std::optional<std::string>> decode_state_hash(std::string_view hash);

}  // namespace hs
