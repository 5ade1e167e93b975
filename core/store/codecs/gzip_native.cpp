// The "gzip" codec with zlib: deflate into a gzip wrapper, bounded inflate of one gzip member.
#include <zlib.h>

#include <algorithm>
#include <limits>
#include <string>

#include "store/codecs/gzip.h"
#include "store/detail/metadata_json.h"

namespace hs {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip header and trailer only
constexpr std::size_t kMinOutputStep = 64 << 10;

// zlib's counters are `uInt` (32 bits): feed it at most this much per call.
constexpr std::size_t kMaxZlibStep = std::numeric_limits<uInt>::max();

class GzipCodec final : public BytesToBytesCodec {
 public:
  explicit GzipCodec(int level) : level_(level) {}

  Result<Bytes> encode(ByteView decoded) const override {
    z_stream stream{};
    if (deflateInit2(&stream, level_, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
      return make_error(ErrorCode::limit, "gzip: out of memory for a compression stream");
    }
    Bytes out(static_cast<std::size_t>(max_encoded_bytes(decoded.size())));
    stream.next_in = const_cast<Bytef*>(decoded.data());  // zlib's API is not const-correct
    stream.next_out = out.data();
    std::size_t in_left = decoded.size();
    std::size_t out_left = out.size();
    int status = Z_OK;
    for (;;) {
      stream.avail_in = static_cast<uInt>(std::min(in_left, kMaxZlibStep));
      stream.avail_out = static_cast<uInt>(std::min(out_left, kMaxZlibStep));
      const uInt offered_in = stream.avail_in;
      const uInt offered_out = stream.avail_out;
      status = deflate(&stream, offered_in == in_left ? Z_FINISH : Z_NO_FLUSH);
      in_left -= offered_in - stream.avail_in;
      out_left -= offered_out - stream.avail_out;
      if (status == Z_STREAM_END || (status != Z_OK && status != Z_BUF_ERROR) || out_left == 0) break;
    }
    deflateEnd(&stream);
    if (status != Z_STREAM_END) return make_error(ErrorCode::limit, "gzip: compression failed");
    out.resize(out.size() - out_left);
    return out;
  }

  Result<Bytes> decode(ByteView encoded, std::uint64_t max_decoded_bytes, std::string_view source,
                       DecodeContext&) const override {
    const std::size_t max_bytes = static_cast<std::size_t>(
        std::min<std::uint64_t>(max_decoded_bytes, std::numeric_limits<std::size_t>::max() - 1));
    z_stream stream{};
    if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) {
      return make_error(ErrorCode::limit, std::string(source) + ": out of memory for gzip");
    }
    Bytes out;
    stream.next_in = const_cast<Bytef*>(encoded.data());
    std::size_t in_left = encoded.size();
    int status = Z_OK;
    bool truncated = false;
    while (out.size() <= max_bytes) {
      // Offer at most one byte beyond the limit: producing it proves the output is too large.
      const std::size_t room = max_bytes + 1 - out.size();
      const std::size_t step = std::min({room, std::max(kMinOutputStep, out.size()), kMaxZlibStep});
      const std::size_t old_size = out.size();
      out.resize(old_size + step);
      stream.next_out = out.data() + old_size;
      stream.avail_out = static_cast<uInt>(step);
      stream.avail_in = static_cast<uInt>(std::min(in_left, kMaxZlibStep));
      const uInt offered_in = stream.avail_in;
      status = inflate(&stream, Z_NO_FLUSH);
      in_left -= offered_in - stream.avail_in;
      out.resize(old_size + (step - stream.avail_out));
      if (status == Z_STREAM_END) break;
      if (status == Z_BUF_ERROR && in_left == 0 && stream.avail_out > 0) truncated = true;
      if (truncated || (status != Z_OK && status != Z_BUF_ERROR)) break;
    }
    inflateEnd(&stream);
    if (out.size() > max_bytes) {
      return make_error(ErrorCode::limit, std::string(source) + ": gzip data decompresses to more than " +
                                              std::to_string(max_bytes) + " bytes");
    }
    if (status != Z_STREAM_END) {
      return make_error(ErrorCode::parse,
                        std::string(source) + (truncated ? ": truncated gzip data" : ": corrupt gzip data"));
    }
    if (in_left != 0) {
      return make_error(ErrorCode::parse, std::string(source) + ": " + std::to_string(in_left) +
                                              " unexpected bytes after the gzip stream");
    }
    return out;
  }

  // Stored (incompressible) deflate blocks plus wrappers, with room for other encoders' headers.
  std::uint64_t max_encoded_bytes(std::uint64_t n) const override {
    return saturating_add(saturating_add(n, n >> 5), 1024);
  }
  std::optional<std::uint64_t> fixed_encoded_bytes(std::uint64_t) const override { return std::nullopt; }

 private:
  int level_;
};

}  // namespace

Result<AnyCodec> make_gzip_codec(const CodecArgs& args) {
  if (args.configuration == nullptr)
    return detail::metadata_error(args.where, "missing configuration (\"level\")");
  if (Status s = detail::check_members(args.configuration->as_object(), {"level"}, args.where); !s)
    return s.error();
  const json::Value* level_json = args.configuration->find("level");
  if (level_json == nullptr) return detail::metadata_error(args.where, "missing \"level\"");
  Result<std::int64_t> level = detail::read_int(*level_json, std::string(args.where) + ": \"level\"");
  if (!level) return level.error();
  if (*level < 0 || *level > 9) return detail::metadata_error(args.where, "\"level\" must be within [0, 9]");
  return AnyCodec(std::make_unique<GzipCodec>(static_cast<int>(*level)));
}

}  // namespace hs
