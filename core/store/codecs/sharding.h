// The "sharding_indexed" array->bytes codec (Zarr v3 sharding, ZEP 2):
// https://zarr-specs.readthedocs.io/en/latest/v3/codecs/sharding-indexed/v1.0.html
// A shard (one stored chunk) holds inner chunks, each encoded with its own chain, and an index of
// (offset, nbytes) uint64 pairs, one per inner chunk in C order, encoded with fixed-size index
// codecs at the start or end of the shard; 2^64-1 twice marks an empty (fill-value) inner chunk.
//
//   {"name": "sharding_indexed", "configuration": {
//      "chunk_shape": [64, 64, 64],
//      "codecs": [{"name": "bytes", "configuration": {"endian": "little"}},
//                 {"name": "zstd", "configuration": {"level": 3, "checksum": false}}],
//      "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}],
//      "index_location": "end"}}
//
// Decoding through the ArrayToBytesCodec interface reads a whole shard; readers that want a few
// inner chunks use index_range / decode_index / inner_codecs (see zarr_array.h).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/codecs/codec.h"
#include "store/codecs/codec_chain.h"
#include "store/store.h"

namespace hs {

struct ShardIndexEntry {
  static constexpr std::uint64_t kEmpty = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t offset = kEmpty;  // bytes from the start of the shard
  std::uint64_t nbytes = kEmpty;
  bool empty() const { return offset == kEmpty && nbytes == kEmpty; }
};

// One entry per inner chunk, C order over chunks_per_shard(); every non-empty entry lies inside
// the shard it was validated against.
using ShardIndex = std::vector<ShardIndexEntry>;

class ShardingCodec final : public ArrayToBytesCodec {
 public:
  // From the codec's configuration and the shard's representation (args.repr). Errors name
  // args.where: inner chunk shape not dividing the shard, index codecs without a fixed size, more
  // than kMaxInnerChunksPerShard inner chunks, bad inner chains.
  static Result<std::unique_ptr<ShardingCodec>> create(const CodecArgs& args);

  const std::vector<std::uint64_t>& inner_chunk_shape() const { return inner_chunk_shape_; }
  const std::vector<std::uint64_t>& chunks_per_shard() const { return chunks_per_shard_; }
  std::uint64_t inner_chunk_count() const { return inner_chunk_count_; }
  bool index_at_end() const { return index_at_end_; }
  std::uint64_t index_encoded_bytes() const { return index_encoded_bytes_; }
  const CodecChain& inner_codecs() const { return *inner_; }

  // Where the index lies in a shard of `shard_bytes` bytes; an error naming `source` when the
  // shard is too short to hold it (truncated).
  Result<ByteRange> index_range(std::uint64_t shard_bytes, std::string_view source) const;
  // Decodes the index bytes (checking its crc32c if the index codecs have one) and validates every
  // entry against `shard_bytes`: empty, or offset + nbytes within the shard without overflow.
  Result<ShardIndex> decode_index(ByteView encoded_index, std::uint64_t shard_bytes, std::string_view source,
                                  DecodeContext& context) const;

  // Whole shards. Encoding leaves inner chunks equal to the fill value out (empty entries).
  Result<Bytes> encode(ByteView decoded) const override;
  Result<Bytes> decode(ByteView encoded, std::string_view source, DecodeContext& context) const override;
  std::uint64_t max_encoded_bytes() const override;
  std::optional<std::uint64_t> fixed_encoded_bytes() const override { return std::nullopt; }

 private:
  ShardingCodec() = default;

  ChunkRepr repr_;
  std::vector<std::uint64_t> inner_chunk_shape_;
  std::vector<std::uint64_t> chunks_per_shard_;
  std::uint64_t inner_chunk_count_ = 0;
  bool index_at_end_ = true;
  std::uint64_t index_encoded_bytes_ = 0;
  std::unique_ptr<CodecChain> inner_;
  std::unique_ptr<CodecChain> index_;
};

// Registry entry for "sharding_indexed".
Result<AnyCodec> make_sharding_codec(const CodecArgs& args);

// "<source>, inner chunk [i, j, k]": names one inner chunk of a shard in messages.
std::string inner_chunk_source(std::string_view source, std::span<const std::uint64_t> inner_coords);

}  // namespace hs
