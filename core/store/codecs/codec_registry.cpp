// The table of codecs this build understands. gzip needs zlib, which only native builds link: the
// browser build registers a factory that explains that instead.
#include "store/codecs/codec_registry.h"

#include <array>
#include <string>

#include "store/codecs/bytes.h"
#include "store/codecs/crc32c.h"
#include "store/codecs/gzip.h"
#include "store/codecs/sharding.h"
#include "store/codecs/transpose.h"
#include "store/codecs/zstd.h"

namespace hs {
namespace {

#ifdef __EMSCRIPTEN__
Result<AnyCodec> gzip_unavailable(const CodecArgs& args) {
  return make_error(ErrorCode::unsupported, std::string(args.where) +
                                                ": gzip codec not available in the browser (convert the "
                                                "data with zstd, e.g. `heteroscope convert`)");
}
constexpr CodecFactory kGzipFactory = gzip_unavailable;
#else
constexpr CodecFactory kGzipFactory = make_gzip_codec;
#endif

struct Entry {
  std::string_view name;
  CodecFactory factory;
};

constexpr std::array<Entry, 6> kCodecs = {{
    {"bytes", make_bytes_codec},
    {"crc32c", make_crc32c_codec},
    {"gzip", kGzipFactory},
    {"sharding_indexed", make_sharding_codec},
    {"transpose", make_transpose_codec},
    {"zstd", make_zstd_codec},
}};

}  // namespace

CodecFactory find_codec_factory(std::string_view name) {
  for (const Entry& entry : kCodecs) {
    if (entry.name == name) return entry.factory;
  }
  return nullptr;
}

}  // namespace hs
