// The "zstd" codec: one-shot decoding into an exactly sized buffer when the frame declares its
// size (the usual case), bounded streaming otherwise; encoding with a level and optional checksum.
#include "store/codecs/zstd.h"

#include <zstd.h>

#include <algorithm>
#include <cstddef>
#include <limits>
#include <memory>
#include <string>

#include "store/detail/metadata_json.h"
#include "util/zstd_frame.h"

namespace hs {
namespace {

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* ctx) const { ZSTD_freeCCtx(ctx); }
};

class ZstdCodec final : public BytesToBytesCodec {
 public:
  ZstdCodec(int level, bool checksum) : level_(level), checksum_(checksum) {}

  Result<Bytes> encode(ByteView decoded) const override {
    const std::unique_ptr<ZSTD_CCtx, CCtxDeleter> ctx(ZSTD_createCCtx());
    if (!ctx) return make_error(ErrorCode::limit, "zstd: out of memory for a compression context");
    ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_compressionLevel, level_);
    ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_checksumFlag, checksum_ ? 1 : 0);
    ZSTD_CCtx_setParameter(ctx.get(), ZSTD_c_contentSizeFlag, 1);
    Bytes out(ZSTD_compressBound(decoded.size()));
    const std::size_t written =
        ZSTD_compress2(ctx.get(), out.data(), out.size(), decoded.data(), decoded.size());
    if (ZSTD_isError(written)) {
      return make_error(ErrorCode::limit,
                        std::string("zstd: compression failed (") + ZSTD_getErrorName(written) + ")");
    }
    out.resize(written);
    return out;
  }

  Result<Bytes> decode(ByteView encoded, std::uint64_t max_decoded_bytes, std::string_view source,
                       DecodeContext& context) const override {
    const std::size_t max_bytes = static_cast<std::size_t>(
        std::min<std::uint64_t>(max_decoded_bytes, std::numeric_limits<std::size_t>::max() - 1));
    const unsigned long long declared = ZSTD_getFrameContentSize(encoded.data(), encoded.size());
    const std::size_t frame_bytes = ZSTD_findFrameCompressedSize(encoded.data(), encoded.size());
    const bool one_sized_frame = declared != ZSTD_CONTENTSIZE_UNKNOWN && declared != ZSTD_CONTENTSIZE_ERROR &&
                                 !ZSTD_isError(frame_bytes) && frame_bytes == encoded.size();
    // Unknown size, several frames or a damaged header: the bounded streaming decoder sorts it out.
    if (!one_sized_frame) return zstd_decompress_bounded(encoded, max_bytes, source);
    if (declared > max_bytes) {
      return make_error(ErrorCode::limit, std::string(source) + ": zstd frame declares " +
                                              std::to_string(declared) + " bytes, more than the " +
                                              std::to_string(max_bytes) + " expected");
    }
    ZSTD_DCtx* ctx = context.zstd();
    if (ctx == nullptr) return make_error(ErrorCode::limit, std::string(source) + ": out of memory for zstd");
    Bytes out(static_cast<std::size_t>(declared));
    const std::size_t written =
        ZSTD_decompressDCtx(ctx, out.data(), out.size(), encoded.data(), encoded.size());
    if (ZSTD_isError(written) || written != out.size()) {
      return make_error(ErrorCode::parse, std::string(source) + ": corrupt zstd data (" +
                                              (ZSTD_isError(written) ? ZSTD_getErrorName(written)
                                                                     : "size differs from the frame header") +
                                              ")");
    }
    return out;
  }

  // ZSTD_COMPRESSBOUND of zstd 1.5, computed in 64 bits (size_t is 32 bits in wasm).
  std::uint64_t max_encoded_bytes(std::uint64_t n) const override {
    constexpr std::uint64_t k128KiB = std::uint64_t{128} << 10;
    const std::uint64_t margin = n < k128KiB ? (k128KiB - n) >> 11 : 0;
    return saturating_add(saturating_add(n, n >> 8), margin);
  }
  std::optional<std::uint64_t> fixed_encoded_bytes(std::uint64_t) const override { return std::nullopt; }

 private:
  int level_;
  bool checksum_;
};

}  // namespace

Result<AnyCodec> make_zstd_codec(const CodecArgs& args) {
  if (args.configuration == nullptr)
    return detail::metadata_error(args.where, "missing configuration (\"level\")");
  if (Status s = detail::check_members(args.configuration->as_object(), {"level", "checksum"}, args.where);
      !s) {
    return s.error();
  }
  const json::Value* level_json = args.configuration->find("level");
  if (level_json == nullptr) return detail::metadata_error(args.where, "missing \"level\"");
  Result<std::int64_t> level = detail::read_int(*level_json, std::string(args.where) + ": \"level\"");
  if (!level) return level.error();
  if (*level < ZSTD_minCLevel() || *level > ZSTD_maxCLevel()) {
    return detail::metadata_error(args.where, "\"level\" " + std::to_string(*level) + " is outside [" +
                                                  std::to_string(ZSTD_minCLevel()) + ", " +
                                                  std::to_string(ZSTD_maxCLevel()) + "]");
  }
  bool checksum = false;
  if (const json::Value* checksum_json = args.configuration->find("checksum")) {
    if (!checksum_json->is_bool())
      return detail::metadata_error(args.where, "\"checksum\" must be true or false");
    checksum = checksum_json->as_bool();
  }
  return AnyCodec(std::make_unique<ZstdCodec>(static_cast<int>(*level), checksum));
}

}  // namespace hs
