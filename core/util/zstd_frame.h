// One-shot zstd compression and size-bounded decompression of whole frames (URL states, small
// documents). Brick codecs live in store/codecs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace hs {

// Compresses `bytes` into one zstd frame with the content size recorded. Empty only if zstd cannot
// allocate its context.
std::vector<std::uint8_t> zstd_compress_frame(std::span<const std::uint8_t> bytes, int level = 19);

// Decompresses one or more concatenated frames. Stops with ErrorCode::limit as soon as the output
// would exceed `max_output_bytes`, whatever size the frame header claims (it is untrusted), and
// with ErrorCode::parse on corrupt or truncated input. A frame whose declared window is larger than
// both 8 MiB (the most any level up to 19 uses) and max_output_bytes rounded up to a power of two
// also stops with ErrorCode::limit, so the decoder's memory stays bounded too. Messages name
// `source`.
Result<std::vector<std::uint8_t>> zstd_decompress_bounded(std::span<const std::uint8_t> bytes,
                                                          std::size_t max_output_bytes,
                                                          std::string_view source);

}  // namespace hs
