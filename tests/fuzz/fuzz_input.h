// Shared helpers of the libFuzzer targets: the input as text or bytes, and a bounded read-through
// of what a parser opened (so the fuzzer reaches the data paths, not only the headers).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "util/bytes.h"

namespace hs::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

inline Bytes as_bytes(const std::uint8_t* data, std::size_t size) { return Bytes(data, data + size); }

// Most elements a target decodes from one input (keeps each run fast and memory bounded).
inline constexpr std::uint64_t kMaxElements = std::uint64_t{1} << 20;

}  // namespace hs::fuzz
