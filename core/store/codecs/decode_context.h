// Reusable decoder state of one worker thread (the zstd decompression context), so decoding many
// bricks allocates it once. Not thread-safe: one DecodeContext per thread.
#pragma once

#include <memory>

struct ZSTD_DCtx_s;

namespace hs {

class DecodeContext {
 public:
  DecodeContext();
  ~DecodeContext();
  DecodeContext(const DecodeContext&) = delete;
  DecodeContext& operator=(const DecodeContext&) = delete;

  // The zstd context, created on first use; nullptr if zstd cannot allocate it. Owned here.
  ZSTD_DCtx_s* zstd();

 private:
  struct ZstdDeleter {
    void operator()(ZSTD_DCtx_s* ctx) const;
  };
  std::unique_ptr<ZSTD_DCtx_s, ZstdDeleter> zstd_;
};

}  // namespace hs
