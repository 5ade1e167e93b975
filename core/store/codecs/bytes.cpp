// The "bytes" codec: a copy of the chunk, byte-swapped per element when stored big-endian.
#include "store/codecs/bytes.h"

#include <algorithm>
#include <bit>
#include <string>

#include "store/detail/metadata_json.h"

namespace hs {
namespace {

static_assert(std::endian::native == std::endian::little, "decoded chunks are little-endian in memory");

void swap_elements(Bytes& bytes, std::size_t element_bytes) {
  for (std::size_t i = 0; i < bytes.size(); i += element_bytes) {
    std::reverse(bytes.begin() + static_cast<std::ptrdiff_t>(i),
                 bytes.begin() + static_cast<std::ptrdiff_t>(i + element_bytes));
  }
}

class BytesCodec final : public ArrayToBytesCodec {
 public:
  BytesCodec(const ChunkRepr& repr, bool big_endian) : repr_(repr), big_endian_(big_endian) {}

  Result<Bytes> encode(ByteView decoded) const override {
    Bytes out(decoded.begin(), decoded.end());
    if (big_endian_) swap_elements(out, data_type_size(repr_.data_type));
    return out;
  }

  Result<Bytes> decode(ByteView encoded, std::string_view source, DecodeContext&) const override {
    if (encoded.size() != repr_.byte_count()) {
      return make_error(ErrorCode::parse, std::string(source) + ": " + std::to_string(encoded.size()) +
                                              " bytes, expected " + std::to_string(repr_.byte_count()) +
                                              " for one chunk of " + std::to_string(repr_.element_count()) +
                                              " " + std::string(data_type_name(repr_.data_type)));
    }
    Bytes out(encoded.begin(), encoded.end());
    if (big_endian_) swap_elements(out, data_type_size(repr_.data_type));
    return out;
  }

  std::uint64_t max_encoded_bytes() const override { return repr_.byte_count(); }
  std::optional<std::uint64_t> fixed_encoded_bytes() const override { return repr_.byte_count(); }

 private:
  ChunkRepr repr_;
  bool big_endian_;
};

}  // namespace

Result<AnyCodec> make_bytes_codec(const CodecArgs& args) {
  if (args.repr.byte_count() > kMaxDecodedChunkBytes) {
    return make_error(ErrorCode::limit, std::string(args.where) + ": a chunk of " +
                                            std::to_string(args.repr.byte_count()) + " bytes exceeds the " +
                                            std::to_string(kMaxDecodedChunkBytes) + "-byte decode limit");
  }
  const json::Value* endian = args.configuration ? args.configuration->find("endian") : nullptr;
  if (args.configuration) {
    if (Status s = detail::check_members(args.configuration->as_object(), {"endian"}, args.where); !s) {
      return s.error();
    }
  }
  bool big_endian = false;
  if (endian == nullptr) {
    if (data_type_size(args.repr.data_type) > 1) {
      return detail::metadata_error(
          args.where, "\"endian\" is required for " + std::string(data_type_name(args.repr.data_type)));
    }
  } else if (endian->is_string() && (endian->as_string() == "little" || endian->as_string() == "big")) {
    big_endian = endian->as_string() == "big";
  } else {
    return detail::metadata_error(args.where, "\"endian\" must be \"little\" or \"big\"");
  }
  return AnyCodec(std::make_unique<BytesCodec>(args.repr, big_endian));
}

}  // namespace hs
