// The "gzip" bytes->bytes codec (RFC 1952 gzip streams via zlib). Native builds only: the browser
// build has no zlib, and its registry answers with a clear "not available" error instead.
#pragma once

#include "store/codecs/codec.h"

namespace hs {

// Configuration {"level": 0..9}. Defined in gzip_native.cpp.
Result<AnyCodec> make_gzip_codec(const CodecArgs& args);

}  // namespace hs
