// The "sharding_indexed" codec: configuration, index location and validation, whole-shard
// encoding (fill-valued inner chunks left out) and decoding.
#include "store/codecs/sharding.h"

#include <string>

#include "store/detail/metadata_json.h"
#include "store/detail/nd_box.h"

namespace hs {
namespace {

constexpr std::uint64_t kIndexEntryBytes = 16;  // offset and nbytes, uint64 each

std::string extents_text(std::span<const std::uint64_t> extents) {
  std::string text = "[";
  for (std::size_t i = 0; i < extents.size(); ++i) text += (i ? ", " : "") + std::to_string(extents[i]);
  return text + "]";
}

// The C-order coordinates of inner chunk `linear` in a grid of `grid` chunks.
std::vector<std::uint64_t> unravel(std::uint64_t linear, const std::vector<std::uint64_t>& grid) {
  std::vector<std::uint64_t> coords(grid.size());
  for (std::size_t d = grid.size(); d-- > 0;) {
    coords[d] = linear % grid[d];
    linear /= grid[d];
  }
  return coords;
}

}  // namespace

std::string inner_chunk_source(std::string_view source, std::span<const std::uint64_t> inner_coords) {
  return std::string(source) + ", inner chunk " + extents_text(inner_coords);
}

Result<std::unique_ptr<ShardingCodec>> ShardingCodec::create(const CodecArgs& args) {
  const std::string where(args.where);
  if (args.configuration == nullptr) return detail::metadata_error(where, "missing configuration");
  const json::Value& config = *args.configuration;
  if (Status s = detail::check_members(config.as_object(),
                                       {"chunk_shape", "codecs", "index_codecs", "index_location"}, where);
      !s) {
    return s.error();
  }
  const json::Value* shape_json = config.find("chunk_shape");
  const json::Value* codecs_json = config.find("codecs");
  const json::Value* index_codecs_json = config.find("index_codecs");
  if (shape_json == nullptr || codecs_json == nullptr || index_codecs_json == nullptr) {
    return detail::metadata_error(where, "\"chunk_shape\", \"codecs\" and \"index_codecs\" are required");
  }
  std::unique_ptr<ShardingCodec> codec(new ShardingCodec());
  codec->repr_ = args.repr;
  Result<std::vector<std::uint64_t>> inner_shape =
      detail::read_extents(*shape_json, where + ": \"chunk_shape\"", args.repr.shape.empty(), false);
  if (!inner_shape) return inner_shape.error();
  codec->inner_chunk_shape_ = std::move(*inner_shape);
  const std::vector<std::uint64_t>& shard_shape = args.repr.shape;
  if (codec->inner_chunk_shape_.size() != shard_shape.size()) {
    return detail::metadata_error(where, "\"chunk_shape\" " + extents_text(codec->inner_chunk_shape_) +
                                             " has " + std::to_string(codec->inner_chunk_shape_.size()) +
                                             " dimensions, the shard " + extents_text(shard_shape) + " has " +
                                             std::to_string(shard_shape.size()));
  }
  codec->inner_chunk_count_ = 1;
  for (std::size_t d = 0; d < shard_shape.size(); ++d) {
    if (shard_shape[d] % codec->inner_chunk_shape_[d] != 0) {
      return detail::metadata_error(where,
                                    "inner \"chunk_shape\" " + extents_text(codec->inner_chunk_shape_) +
                                        " does not divide the shard shape " + extents_text(shard_shape));
    }
    codec->chunks_per_shard_.push_back(shard_shape[d] / codec->inner_chunk_shape_[d]);
    codec->inner_chunk_count_ *= codec->chunks_per_shard_.back();  // <= shard elements: no overflow
  }
  if (codec->inner_chunk_count_ > kMaxInnerChunksPerShard) {
    return make_error(ErrorCode::limit, where + ": " + std::to_string(codec->inner_chunk_count_) +
                                            " inner chunks per shard (at most " +
                                            std::to_string(kMaxInnerChunksPerShard) + ")");
  }
  if (const json::Value* location = config.find("index_location")) {
    if (!location->is_string() || (location->as_string() != "start" && location->as_string() != "end")) {
      return detail::metadata_error(where, "\"index_location\" must be \"start\" or \"end\"");
    }
    codec->index_at_end_ = location->as_string() == "end";
  }

  const ChunkRepr inner_repr{codec->inner_chunk_shape_, args.repr.data_type, args.repr.fill_value};
  Result<std::unique_ptr<CodecChain>> inner = CodecChain::build(*codecs_json, inner_repr, where + " codecs");
  if (!inner) return inner.error();
  codec->inner_ = std::move(*inner);

  ChunkRepr index_repr{codec->chunks_per_shard_, DataType::uint64, Bytes(8, 0xFF)};
  index_repr.shape.push_back(2);
  Result<std::unique_ptr<CodecChain>> index =
      CodecChain::build(*index_codecs_json, index_repr, where + " index_codecs");
  if (!index) return index.error();
  codec->index_ = std::move(*index);
  const std::optional<std::uint64_t> index_bytes = codec->index_->fixed_encoded_bytes();
  if (!index_bytes) {
    return make_error(ErrorCode::unsupported, where +
                                                  ": \"index_codecs\" must have a fixed encoded size "
                                                  "(e.g. bytes and crc32c, no compression)");
  }
  codec->index_encoded_bytes_ = *index_bytes;
  return codec;
}

Result<AnyCodec> make_sharding_codec(const CodecArgs& args) {
  Result<std::unique_ptr<ShardingCodec>> codec = ShardingCodec::create(args);
  if (!codec) return codec.error();
  return AnyCodec(std::unique_ptr<ArrayToBytesCodec>(std::move(*codec)));
}

Result<ByteRange> ShardingCodec::index_range(std::uint64_t shard_bytes, std::string_view source) const {
  if (shard_bytes < index_encoded_bytes_) {
    return make_error(ErrorCode::parse,
                      std::string(source) + ": truncated shard: " + std::to_string(shard_bytes) +
                          " bytes cannot hold its " + std::to_string(index_encoded_bytes_) + "-byte index");
  }
  const std::uint64_t offset = index_at_end_ ? shard_bytes - index_encoded_bytes_ : 0;
  return ByteRange{offset, index_encoded_bytes_};
}

Result<ShardIndex> ShardingCodec::decode_index(ByteView encoded_index, std::uint64_t shard_bytes,
                                               std::string_view source, DecodeContext& context) const {
  const std::string index_source = std::string(source) + " (shard index)";
  Result<Bytes> decoded = index_->decode(encoded_index, index_source, context);
  if (!decoded) return decoded.error();
  ShardIndex index(static_cast<std::size_t>(inner_chunk_count_));
  for (std::size_t i = 0; i < index.size(); ++i) {
    ShardIndexEntry& entry = index[i];
    entry.offset = load_le<std::uint64_t>(decoded->data() + i * kIndexEntryBytes);
    entry.nbytes = load_le<std::uint64_t>(decoded->data() + i * kIndexEntryBytes + 8);
    if (entry.empty()) continue;
    if (entry.offset > shard_bytes || entry.nbytes > shard_bytes - entry.offset) {
      return make_error(ErrorCode::parse, index_source + ": inner chunk " +
                                              extents_text(unravel(i, chunks_per_shard_)) + " at offset " +
                                              std::to_string(entry.offset) + " with " +
                                              std::to_string(entry.nbytes) + " bytes lies outside the " +
                                              std::to_string(shard_bytes) + "-byte shard");
    }
  }
  return index;
}

Result<Bytes> ShardingCodec::encode(ByteView decoded) const {
  const std::size_t element_bytes = data_type_size(repr_.data_type);
  Bytes inner(static_cast<std::size_t>(inner_->repr().byte_count()));
  Bytes body;
  body.reserve(decoded.size() + index_encoded_bytes_);  // at most about this much: no regrowth copies
  Bytes index_bytes(static_cast<std::size_t>(inner_chunk_count_ * kIndexEntryBytes), 0xFF);
  const std::uint64_t body_offset = index_at_end_ ? 0 : index_encoded_bytes_;
  for (std::uint64_t i = 0; i < inner_chunk_count_; ++i) {
    std::vector<std::uint64_t> start = unravel(i, chunks_per_shard_);
    for (std::size_t d = 0; d < start.size(); ++d) start[d] *= inner_chunk_shape_[d];
    const std::vector<std::uint64_t> origin(start.size(), 0);
    detail::copy_box(decoded, repr_.shape, start, inner, inner_chunk_shape_, origin, inner_chunk_shape_,
                     element_bytes);
    if (detail::all_elements_equal(inner, repr_.fill_value)) continue;
    Result<Bytes> encoded = inner_->encode(inner);
    if (!encoded) return encoded.error();
    store_le<std::uint64_t>(index_bytes.data() + i * kIndexEntryBytes, body_offset + body.size());
    store_le<std::uint64_t>(index_bytes.data() + i * kIndexEntryBytes + 8, encoded->size());
    body.insert(body.end(), encoded->begin(), encoded->end());
  }
  Result<Bytes> index = index_->encode(index_bytes);
  if (!index) return index.error();
  if (index_at_end_) {
    body.insert(body.end(), index->begin(), index->end());
    return body;
  }
  index->insert(index->end(), body.begin(), body.end());
  return index;
}

Result<Bytes> ShardingCodec::decode(ByteView encoded, std::string_view source, DecodeContext& context) const {
  if (repr_.byte_count() > kMaxDecodedChunkBytes) {
    return make_error(ErrorCode::limit, std::string(source) + ": a shard of " +
                                            std::to_string(repr_.byte_count()) +
                                            " bytes is too large to decode whole (limit " +
                                            std::to_string(kMaxDecodedChunkBytes) + ")");
  }
  Result<ByteRange> range = index_range(encoded.size(), source);
  if (!range) return range.error();
  Result<ShardIndex> index = decode_index(
      encoded.subspan(static_cast<std::size_t>(range->offset), static_cast<std::size_t>(range->length)),
      encoded.size(), source, context);
  if (!index) return index.error();
  const std::size_t element_bytes = data_type_size(repr_.data_type);
  Bytes out = detail::repeat_element(repr_.fill_value, repr_.element_count());
  for (std::size_t i = 0; i < index->size(); ++i) {
    const ShardIndexEntry& entry = (*index)[i];
    if (entry.empty()) continue;
    const std::vector<std::uint64_t> coords = unravel(i, chunks_per_shard_);
    Result<Bytes> inner = inner_->decode(
        encoded.subspan(static_cast<std::size_t>(entry.offset), static_cast<std::size_t>(entry.nbytes)),
        inner_chunk_source(source, coords), context);
    if (!inner) return inner.error();
    std::vector<std::uint64_t> start = coords;
    for (std::size_t d = 0; d < start.size(); ++d) start[d] *= inner_chunk_shape_[d];
    const std::vector<std::uint64_t> origin(start.size(), 0);
    detail::copy_box(*inner, inner_chunk_shape_, origin, out, repr_.shape, start, inner_chunk_shape_,
                     element_bytes);
  }
  return out;
}

std::uint64_t ShardingCodec::max_encoded_bytes() const {
  return saturating_add(index_encoded_bytes_,
                        saturating_mul(inner_chunk_count_, inner_->max_encoded_bytes()));
}

}  // namespace hs
