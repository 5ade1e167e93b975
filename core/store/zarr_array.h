// Reading Zarr v3 arrays from a ReadableStore: a region into the caller's buffer, or one brick.
// Sharded arrays are read partially: the shard index (one byte range, cached) and only the inner
// chunks needed, adjacent ones fetched as one range, one get_ranges call per shard.
//
// Terms: a chunk is one stored value (for a sharded array, a shard); a brick is the unit that is
// fetched and decoded: the inner chunk when the array's codecs are just [sharding_indexed],
// otherwise the chunk itself. Buffers are C order, native (little) endian.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "store/array_metadata.h"
#include "store/codecs/codec_chain.h"
#include "store/codecs/sharding.h"
#include "store/shard_index_cache.h"
#include "store/store.h"

namespace hs {

// Controls for a long read. Room for a progress callback later.
struct ReadOptions {
  // When non-null and true, the read stops before its next chunk with an error saying so.
  const std::atomic<bool>* cancel = nullptr;
};

class ZarrArray {
 public:
  // Bytes of shard indexes each array keeps cached.
  static constexpr std::uint64_t kShardIndexCacheBytes = std::uint64_t{4} << 20;

  // Opens the array at node `path` ("" for the root): reads and validates its zarr.json and codec
  // chain. `store` is not owned and must outlive the array. Errors name the zarr.json.
  static Result<ZarrArray> open(ReadableStore& store, std::string_view path);
  // The same from metadata already at hand (e.g. just created); validates the codec chain.
  static Result<ZarrArray> from_metadata(ReadableStore& store, std::string_view path, ArrayMetadata metadata);

  const ArrayMetadata& metadata() const { return metadata_; }
  const std::string& path() const { return path_; }
  std::size_t element_bytes() const { return data_type_size(metadata_.data_type); }
  // The codecs of one chunk (for a sharded array: of one shard).
  const CodecChain& codecs() const { return *chain_; }
  // Store key of the chunk at chunk-grid coordinates, e.g. "raw/c/0/1/2".
  std::string chunk_key(std::span<const std::uint64_t> chunk_coords) const;

  // Elements per brick along each dimension.
  const std::vector<std::uint64_t>& brick_shape() const { return brick_shape_; }
  // Bricks along each dimension: ceil(shape / brick_shape).
  std::vector<std::uint64_t> brick_grid_shape() const;
  // True when bricks are inner chunks read out of shards by byte range.
  bool reads_partial_shards() const { return sharding_ != nullptr; }

  // One whole brick (brick_shape() elements, also where it extends past the array's edge); the
  // fill value where nothing is stored. Errors name the chunk's key (and the inner chunk).
  Result<Bytes> read_brick(std::span<const std::uint64_t> brick_coords, DecodeContext& context) const;

  // Reads the box [start, start + shape) into `out`, which must hold exactly product(shape) x
  // element_bytes() bytes (ErrorCode::invalid_argument otherwise, or for a box outside the array).
  // Missing chunks and inner chunks read as the fill value. On error `out` is partly written.
  Status read_region(std::span<const std::uint64_t> start, std::span<const std::uint64_t> shape,
                     std::span<std::uint8_t> out, DecodeContext& context,
                     const ReadOptions& options = {}) const;

  // Forgets the cached index of the shard under `key` (after that shard was rewritten).
  void forget_shard_index(std::string_view key) const;

 private:
  ZarrArray() = default;

  // Bricks of the chunk at `chunk_coords` (each brick inside it); nullopt where nothing is stored.
  Result<std::vector<std::optional<Bytes>>> read_bricks_of_chunk(
      std::span<const std::uint64_t> chunk_coords, std::span<const std::vector<std::uint64_t>> bricks,
      DecodeContext& context) const;
  Result<std::vector<std::optional<Bytes>>> read_inner_chunks(
      const std::string& key, std::span<const std::vector<std::uint64_t>> bricks,
      DecodeContext& context) const;
  // The validated index of the shard under `key` and the shard's size; nullptr if there is no shard.
  Result<std::pair<std::shared_ptr<const ShardIndex>, std::uint64_t>> shard_index(
      const std::string& key, DecodeContext& context) const;

  ReadableStore* store_ = nullptr;
  std::string path_;
  ArrayMetadata metadata_;
  std::unique_ptr<CodecChain> chain_;
  const ShardingCodec* sharding_ = nullptr;  // inside chain_, when bricks are inner chunks
  std::vector<std::uint64_t> brick_shape_;
  std::vector<std::uint64_t> bricks_per_chunk_;
  std::unique_ptr<ShardIndexCache> index_cache_;
};

}  // namespace hs
