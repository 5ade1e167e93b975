// Building a codec chain from metadata (kinds in order, one array->bytes stage) and running it.
#include "store/codecs/codec_chain.h"

#include <algorithm>
#include <cassert>
#include <string>

#include "store/codecs/codec_registry.h"
#include "store/detail/metadata_json.h"

namespace hs {

Result<std::unique_ptr<CodecChain>> CodecChain::build(const json::Value& codecs, const ChunkRepr& repr,
                                                      std::string_view where) {
  if (!codecs.is_array()) return detail::metadata_error(where, "\"codecs\" must be an array");
  std::unique_ptr<CodecChain> chain(new CodecChain());
  chain->repr_ = repr;
  ChunkRepr stage_repr = repr;  // what the next array stage decodes to
  std::string array_to_bytes_name;
  const json::Array& items = codecs.as_array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    Result<detail::NamedConfig> named =
        detail::read_named_config(items[i], std::string(where) + ": codecs[" + std::to_string(i) + "]");
    if (!named) return named.error();
    const std::string codec_where = std::string(where) + ": codec '" + named->name + "'";
    const CodecFactory factory = find_codec_factory(named->name);
    if (factory == nullptr) {
      if (!named->must_understand) continue;
      return make_error(ErrorCode::unsupported, codec_where + ": unsupported codec");
    }
    Result<AnyCodec> codec = factory(CodecArgs{named->configuration, stage_repr, codec_where});
    if (!codec) return codec.error();
    if (auto* a2a = std::get_if<std::unique_ptr<ArrayToArrayCodec>>(&*codec)) {
      if (chain->array_to_bytes_) {
        return detail::metadata_error(
            codec_where, "array->array codec after the array->bytes codec '" + array_to_bytes_name + "'");
      }
      stage_repr = (*a2a)->encoded_repr();
      chain->array_to_array_.push_back(std::move(*a2a));
    } else if (auto* a2b = std::get_if<std::unique_ptr<ArrayToBytesCodec>>(&*codec)) {
      if (chain->array_to_bytes_) {
        return detail::metadata_error(codec_where, "a second array->bytes codec (after '" +
                                                       array_to_bytes_name + "'): exactly one is allowed");
      }
      chain->array_to_bytes_ = std::move(*a2b);
      array_to_bytes_name = named->name;
    } else {
      if (!chain->array_to_bytes_) {
        return detail::metadata_error(codec_where, "bytes->bytes codec before the array->bytes codec");
      }
      const std::uint64_t input_bytes =
          chain->bytes_to_bytes_.empty()
              ? chain->array_to_bytes_->max_encoded_bytes()
              : chain->bytes_to_bytes_.back()->max_encoded_bytes(chain->max_input_bytes_.back());
      chain->max_input_bytes_.push_back(input_bytes);
      chain->bytes_to_bytes_.push_back(std::move(std::get<std::unique_ptr<BytesToBytesCodec>>(*codec)));
    }
  }
  if (!chain->array_to_bytes_) {
    return detail::metadata_error(where,
                                  "no array->bytes codec in \"codecs\" (exactly one, e.g. \"bytes\", is "
                                  "required)");
  }
  return chain;
}

Result<Bytes> CodecChain::encode(ByteView decoded) const {
  assert(decoded.size() == repr_.byte_count());
  // Only array -> array codecs (transpose) need the elements copied; the writer profile has none.
  Bytes array;
  ByteView current = decoded;
  for (const auto& stage : array_to_array_) {
    array = stage->encode(current);
    current = array;
  }
  Result<Bytes> bytes = array_to_bytes_->encode(current);
  for (const auto& stage : bytes_to_bytes_) {
    if (!bytes) break;
    bytes = stage->encode(*bytes);
  }
  return bytes;
}

Result<Bytes> CodecChain::decode(ByteView encoded, std::string_view source, DecodeContext& context) const {
  Bytes owned;
  ByteView bytes = encoded;
  for (std::size_t i = bytes_to_bytes_.size(); i-- > 0;) {
    const std::uint64_t bound = std::min(max_input_bytes_[i], kMaxDecodedChunkBytes);
    Result<Bytes> decoded = bytes_to_bytes_[i]->decode(bytes, bound, source, context);
    if (!decoded) return decoded.error();
    owned = std::move(*decoded);
    bytes = owned;
  }
  Result<Bytes> array = array_to_bytes_->decode(bytes, source, context);
  if (!array) return array.error();
  const ChunkRepr& array_repr = array_to_array_.empty() ? repr_ : array_to_array_.back()->encoded_repr();
  if (array->size() != array_repr.byte_count()) {
    return make_error(ErrorCode::parse, std::string(source) + ": decoded to " +
                                            std::to_string(array->size()) + " bytes, expected " +
                                            std::to_string(array_repr.byte_count()));
  }
  Bytes out = std::move(*array);
  for (std::size_t i = array_to_array_.size(); i-- > 0;) out = array_to_array_[i]->decode(out);
  return out;
}

std::uint64_t CodecChain::max_encoded_bytes() const {
  if (bytes_to_bytes_.empty()) return array_to_bytes_->max_encoded_bytes();
  return bytes_to_bytes_.back()->max_encoded_bytes(max_input_bytes_.back());
}

std::optional<std::uint64_t> CodecChain::fixed_encoded_bytes() const {
  std::optional<std::uint64_t> size = array_to_bytes_->fixed_encoded_bytes();
  for (const auto& stage : bytes_to_bytes_) {
    if (!size) break;
    size = stage->fixed_encoded_bytes(*size);
  }
  return size;
}

}  // namespace hs
