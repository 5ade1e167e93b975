// The "crc32c" bytes->bytes codec: appends the CRC-32C (Castagnoli) of the data, little-endian,
// and checks it when decoding.
#pragma once

#include <cstdint>

#include "store/codecs/codec.h"

namespace hs {

// CRC-32C (reflected polynomial 0x82F63B78, initial and final XOR 0xFFFFFFFF) of `bytes`.
// crc32c("123456789") == 0xE3069283.
std::uint32_t crc32c(ByteView bytes);

// Takes no configuration (absent or {}).
Result<AnyCodec> make_crc32c_codec(const CodecArgs& args);

}  // namespace hs
