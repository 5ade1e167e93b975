// Per-worker decoder state: a lazily created zstd decompression context.
#include "store/codecs/decode_context.h"

#include <zstd.h>

namespace hs {

DecodeContext::DecodeContext() = default;
DecodeContext::~DecodeContext() = default;

void DecodeContext::ZstdDeleter::operator()(ZSTD_DCtx_s* ctx) const {
  ZSTD_freeDCtx(ctx);
}

ZSTD_DCtx_s* DecodeContext::zstd() {
  if (!zstd_) zstd_.reset(ZSTD_createDCtx());
  return zstd_.get();
}

}  // namespace hs
