// The "transpose" array->array codec: stores a chunk with its dimensions permuted.
#pragma once

#include "store/codecs/codec.h"

namespace hs {

// Configuration {"order": [p0, p1, ...]}, a permutation of the dimensions: encoded dimension i is
// decoded dimension order[i]. Refuses chunks larger than kMaxDecodedChunkBytes.
Result<AnyCodec> make_transpose_codec(const CodecArgs& args);

}  // namespace hs
