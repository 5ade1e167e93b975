// The "bytes" array->bytes codec: elements stored uncompressed in little- or big-endian order.
#pragma once

#include "store/codecs/codec.h"

namespace hs {

// Configuration {"endian": "little" | "big"}; "endian" may be omitted only for 1-byte types.
// Refuses chunks larger than kMaxDecodedChunkBytes (ErrorCode::limit).
Result<AnyCodec> make_bytes_codec(const CodecArgs& args);

}  // namespace hs
