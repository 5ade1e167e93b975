// The "zstd" bytes->bytes codec (Zstandard frames).
#pragma once

#include "store/codecs/codec.h"

namespace hs {

// Configuration {"level": int, "checksum": bool}; "level" within zstd's range (negative levels
// are the fast modes), "checksum" (frame checksum, default false).
Result<AnyCodec> make_zstd_codec(const CodecArgs& args);

}  // namespace hs
