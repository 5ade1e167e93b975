// One-shot zstd compression and streaming, size-bounded decompression of whole frames.
#include "util/zstd_frame.h"

#include <zstd.h>
#include <zstd_errors.h>

#include <memory>
#include <string>

namespace hs {
namespace {

// Window sizes (log2 bytes) the decoder accepts. Every zstd level up to 19 (all but the "ultra"
// levels) streams with at most an 8 MiB window, so that much is always allowed; larger windows
// only as far as the output limit needs, up to zstd's default maximum.
constexpr int kAlwaysAllowedWindowLog = 23;
constexpr int kMaxWindowLog = 27;

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* ctx) const { ZSTD_freeCCtx(ctx); }
};
struct DCtxDeleter {
  void operator()(ZSTD_DCtx* ctx) const { ZSTD_freeDCtx(ctx); }
};

// Smallest window log whose window holds `max_output_bytes`, within the bounds above.
int window_log_for(std::size_t max_output_bytes) {
  int log = kAlwaysAllowedWindowLog;
  while (log < kMaxWindowLog && (std::size_t{1} << log) < max_output_bytes) ++log;
  return log;
}

Error limit_error(std::string_view source, std::size_t max_output_bytes) {
  return make_error(ErrorCode::limit, std::string(source) + ": zstd data decompresses to more than " +
                                          std::to_string(max_output_bytes) + " bytes");
}

Error zstd_error(std::string_view source, std::size_t code, std::size_t max_output_bytes) {
  if (ZSTD_getErrorCode(code) == ZSTD_error_frameParameter_windowTooLarge) {
    return limit_error(source, max_output_bytes);
  }
  return make_error(ErrorCode::parse,
                    std::string(source) + ": corrupt zstd data (" + ZSTD_getErrorName(code) + ")");
}

}  // namespace

std::vector<std::uint8_t> zstd_compress_frame(std::span<const std::uint8_t> bytes, int level) {
  const std::unique_ptr<ZSTD_CCtx, CCtxDeleter> ctx(ZSTD_createCCtx());
  if (!ctx) return {};
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_compressionLevel, level);
  ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_contentSizeFlag, 1);
  std::vector<std::uint8_t> out(ZSTD_compressBound(bytes.size()));
  const std::size_t written = ZSTD_compress2(ctx.get(), out.data(), out.size(), bytes.data(), bytes.size());
  if (ZSTD_isError(written)) return {};
  out.resize(written);
  return out;
}

Result<std::vector<std::uint8_t>> zstd_decompress_bounded(std::span<const std::uint8_t> bytes,
                                                          std::size_t max_output_bytes,
                                                          std::string_view source) {
  if (bytes.empty()) return make_error(ErrorCode::parse, std::string(source) + ": empty zstd data");
  const std::unique_ptr<ZSTD_DCtx, DCtxDeleter> ctx(ZSTD_createDCtx());
  if (!ctx) return make_error(ErrorCode::limit, std::string(source) + ": out of memory for zstd");
  ZSTD_DCtx_setParameter(ctx.get(), ZSTD_d_windowLogMax, window_log_for(max_output_bytes));

  const std::size_t chunk_bytes = ZSTD_DStreamOutSize();
  ZSTD_inBuffer input{bytes.data(), bytes.size(), 0};
  std::vector<std::uint8_t> out;
  for (;;) {
    // Offer at most one byte beyond the limit: producing it proves the output is too large.
    const std::size_t room_left = max_output_bytes - out.size();
    const std::size_t offer = room_left < chunk_bytes ? room_left + 1 : chunk_bytes;
    const std::size_t old_size = out.size();
    out.resize(old_size + offer);
    ZSTD_outBuffer output{out.data() + old_size, offer, 0};
    const std::size_t status = ZSTD_decompressStream(ctx.get(), &output, &input);
    out.resize(old_size + output.pos);
    if (ZSTD_isError(status)) return zstd_error(source, status, max_output_bytes);
    if (out.size() > max_output_bytes) return limit_error(source, max_output_bytes);
    const bool input_done = input.pos == input.size;
    if (status == 0 && input_done) return out;
    if (input_done && output.pos < output.size) {
      return make_error(ErrorCode::parse, std::string(source) + ": truncated zstd data");
    }
  }
}

}  // namespace hs
