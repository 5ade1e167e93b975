// Array reads: chunk and brick addressing, partial shard reads with range coalescing, region
// assembly with fill values.
#include "store/zarr_array.h"

#include <algorithm>
#include <limits>

#include "store/detail/nd_box.h"
#include "store/node.h"

namespace hs {
namespace {

std::string extents_text(std::span<const std::uint64_t> extents) {
  std::string text = "[";
  for (std::size_t i = 0; i < extents.size(); ++i) text += (i ? ", " : "") + std::to_string(extents[i]);
  return text + "]";
}

// One inner chunk to fetch: which requested brick, and where its bytes lie in the shard.
struct Wanted {
  std::size_t request = 0;
  std::uint64_t linear = 0;  // C-order position in the shard
  ShardIndexEntry entry;
  std::size_t range = 0;  // coalesced range holding it
};

}  // namespace

Result<ZarrArray> ZarrArray::open(ReadableStore& store, std::string_view path) {
  Result<NodeDocument> node = read_node_document(store, path);
  if (!node) return node.error();
  Result<ArrayMetadata> metadata = parse_array_metadata(node->document, node->source);
  if (!metadata) return metadata.error();
  return from_metadata(store, path, std::move(*metadata));
}

Result<ZarrArray> ZarrArray::from_metadata(ReadableStore& store, std::string_view path,
                                           ArrayMetadata metadata) {
  if (Status s = validate_node_path(path); !s) return s.error();
  ZarrArray array;
  array.store_ = &store;
  array.path_ = std::string(path);
  array.metadata_ = std::move(metadata);
  const ChunkRepr repr{array.metadata_.chunk_shape, array.metadata_.data_type, array.metadata_.fill_value};
  Result<std::unique_ptr<CodecChain>> chain =
      CodecChain::build(array.metadata_.codecs, repr, store.describe(node_key(path, "zarr.json")));
  if (!chain) return chain.error();
  array.chain_ = std::move(*chain);
  array.brick_shape_ = array.metadata_.chunk_shape;
  if (array.chain_->has_only_array_to_bytes()) {
    array.sharding_ = dynamic_cast<const ShardingCodec*>(&array.chain_->array_to_bytes());
  }
  if (array.sharding_ != nullptr) {
    array.brick_shape_ = array.sharding_->inner_chunk_shape();
    array.index_cache_ = std::make_unique<ShardIndexCache>(kShardIndexCacheBytes);
  }
  std::uint64_t brick_elements = 1;
  for (std::size_t d = 0; d < array.brick_shape_.size(); ++d) {
    array.bricks_per_chunk_.push_back(array.metadata_.chunk_shape[d] / array.brick_shape_[d]);
    brick_elements *= array.brick_shape_[d];
  }
  if (brick_elements * array.element_bytes() > kMaxDecodedChunkBytes) {
    return make_error(ErrorCode::limit,
                      store.describe(node_key(path, "zarr.json")) + ": bricks of " +
                          std::to_string(brick_elements * array.element_bytes()) +
                          " bytes (whole chunks, as the codecs allow no partial reads) exceed "
                          "the " +
                          std::to_string(kMaxDecodedChunkBytes) + "-byte decode limit");
  }
  return array;
}

std::string ZarrArray::chunk_key(std::span<const std::uint64_t> chunk_coords) const {
  return node_key(path_, encode_chunk_key(metadata_.chunk_key_encoding, chunk_coords));
}

std::vector<std::uint64_t> ZarrArray::brick_grid_shape() const {
  std::vector<std::uint64_t> grid(brick_shape_.size());
  for (std::size_t d = 0; d < grid.size(); ++d) {
    grid[d] = metadata_.shape[d] / brick_shape_[d] + (metadata_.shape[d] % brick_shape_[d] != 0);
  }
  return grid;
}

void ZarrArray::forget_shard_index(std::string_view key) const {
  if (index_cache_) index_cache_->erase(key);
}

Result<std::pair<std::shared_ptr<const ShardIndex>, std::uint64_t>> ZarrArray::shard_index(
    const std::string& key, DecodeContext& context) const {
  using Found = std::pair<std::shared_ptr<const ShardIndex>, std::uint64_t>;
  if (Found cached = index_cache_->find(key); cached.first) return cached;
  const std::string source = store_->describe(key);
  Result<std::optional<std::uint64_t>> shard_bytes = store_->size(key);
  if (!shard_bytes) return shard_bytes.error();
  if (!*shard_bytes) return Found{nullptr, 0};
  Result<ByteRange> range = sharding_->index_range(**shard_bytes, source);
  if (!range) return range.error();
  Result<std::optional<std::vector<Bytes>>> fetched = store_->get_ranges(key, std::span(&*range, 1));
  if (!fetched) return fetched.error();
  if (!*fetched) return Found{nullptr, 0};  // removed since size()
  if ((*fetched)->size() != 1 || (**fetched)[0].size() != range->length) {
    return make_error(ErrorCode::io, source + ": the store returned a wrong-sized shard index");
  }
  Result<ShardIndex> index = sharding_->decode_index((**fetched)[0], **shard_bytes, source, context);
  if (!index) return index.error();
  auto shared = std::make_shared<const ShardIndex>(std::move(*index));
  index_cache_->insert(key, shared, **shard_bytes);
  return Found{std::move(shared), **shard_bytes};
}

Result<std::vector<std::optional<Bytes>>> ZarrArray::read_inner_chunks(
    const std::string& key, std::span<const std::vector<std::uint64_t>> bricks,
    DecodeContext& context) const {
  std::vector<std::optional<Bytes>> out(bricks.size());
  Result<std::pair<std::shared_ptr<const ShardIndex>, std::uint64_t>> found = shard_index(key, context);
  if (!found) return found.error();
  const std::shared_ptr<const ShardIndex>& index = found->first;
  if (!index) return out;

  // Inner chunks that hold data, in the order of their bytes in the shard.
  std::vector<Wanted> wanted;
  for (std::size_t i = 0; i < bricks.size(); ++i) {
    std::uint64_t linear = 0;
    for (std::size_t d = 0; d < bricks[i].size(); ++d) {
      linear = linear * bricks_per_chunk_[d] + bricks[i][d] % bricks_per_chunk_[d];
    }
    const ShardIndexEntry& entry = (*index)[static_cast<std::size_t>(linear)];
    if (!entry.empty()) wanted.push_back(Wanted{i, linear, entry, 0});
  }
  std::sort(wanted.begin(), wanted.end(), [](const Wanted& a, const Wanted& b) {
    return a.entry.offset != b.entry.offset ? a.entry.offset < b.entry.offset : a.linear < b.linear;
  });
  // Coalesce touching or overlapping byte ranges.
  std::vector<ByteRange> ranges;
  for (Wanted& w : wanted) {
    const std::uint64_t end = w.entry.offset + w.entry.nbytes;  // validated: no overflow
    if (!ranges.empty() && w.entry.offset <= ranges.back().offset + ranges.back().length) {
      ranges.back().length =
          std::max(ranges.back().offset + ranges.back().length, end) - ranges.back().offset;
    } else {
      ranges.push_back(ByteRange{w.entry.offset, w.entry.nbytes});
    }
    w.range = ranges.size() - 1;
  }
  if (ranges.empty()) return out;

  const std::string source = store_->describe(key);
  Result<std::optional<std::vector<Bytes>>> fetched = store_->get_ranges(key, ranges);
  if (!fetched) return fetched.error();
  if (!*fetched) {  // the shard was removed after its index was read
    forget_shard_index(key);
    return out;
  }
  const std::vector<Bytes>& parts = **fetched;
  bool sizes_ok = parts.size() == ranges.size();
  for (std::size_t r = 0; sizes_ok && r < ranges.size(); ++r) sizes_ok = parts[r].size() == ranges[r].length;
  if (!sizes_ok) return make_error(ErrorCode::io, source + ": the store returned wrong-sized byte ranges");

  for (const Wanted& w : wanted) {
    const ByteView part(parts[w.range]);
    const ByteView bytes = part.subspan(static_cast<std::size_t>(w.entry.offset - ranges[w.range].offset),
                                        static_cast<std::size_t>(w.entry.nbytes));
    std::vector<std::uint64_t> inner(bricks[w.request].size());
    for (std::size_t d = 0; d < inner.size(); ++d) inner[d] = bricks[w.request][d] % bricks_per_chunk_[d];
    Result<Bytes> decoded =
        sharding_->inner_codecs().decode(bytes, inner_chunk_source(source, inner), context);
    if (!decoded) return decoded.error();
    out[w.request] = std::move(*decoded);
  }
  return out;
}

Result<std::vector<std::optional<Bytes>>> ZarrArray::read_bricks_of_chunk(
    std::span<const std::uint64_t> chunk_coords, std::span<const std::vector<std::uint64_t>> bricks,
    DecodeContext& context) const {
  const std::string key = chunk_key(chunk_coords);
  if (sharding_ != nullptr) return read_inner_chunks(key, bricks, context);
  std::vector<std::optional<Bytes>> out(bricks.size());
  Result<std::optional<Bytes>> stored = store_->get(key);
  if (!stored) return stored.error();
  if (!*stored) return out;
  Result<Bytes> decoded = chain_->decode(**stored, store_->describe(key), context);
  if (!decoded) return decoded.error();
  for (std::optional<Bytes>& brick : out) brick = *decoded;
  return out;
}

Result<Bytes> ZarrArray::read_brick(std::span<const std::uint64_t> brick_coords,
                                    DecodeContext& context) const {
  const std::vector<std::uint64_t> grid = brick_grid_shape();
  bool inside = brick_coords.size() == grid.size();
  for (std::size_t d = 0; inside && d < grid.size(); ++d) inside = brick_coords[d] < grid[d];
  if (!inside) {
    return make_error(ErrorCode::invalid_argument, store_->describe(node_key(path_, "zarr.json")) +
                                                       ": brick " + extents_text(brick_coords) +
                                                       " is outside the brick grid " + extents_text(grid));
  }
  std::vector<std::uint64_t> chunk(brick_coords.size());
  for (std::size_t d = 0; d < chunk.size(); ++d) chunk[d] = brick_coords[d] / bricks_per_chunk_[d];
  const std::vector<std::uint64_t> brick(brick_coords.begin(), brick_coords.end());
  Result<std::vector<std::optional<Bytes>>> bricks =
      read_bricks_of_chunk(chunk, std::span(&brick, 1), context);
  if (!bricks) return bricks.error();
  if ((*bricks)[0]) return std::move(*(*bricks)[0]);
  std::uint64_t elements = 1;
  for (const std::uint64_t e : brick_shape_) elements *= e;
  return detail::repeat_element(metadata_.fill_value, elements);
}

Status ZarrArray::read_region(std::span<const std::uint64_t> start, std::span<const std::uint64_t> shape,
                              std::span<std::uint8_t> out, DecodeContext& context,
                              const ReadOptions& options) const {
  const std::string array_name = store_->describe(node_key(path_, "zarr.json"));
  const std::size_t rank = metadata_.shape.size();
  bool inside = start.size() == rank && shape.size() == rank;
  for (std::size_t d = 0; inside && d < rank; ++d) {
    inside = start[d] <= metadata_.shape[d] && shape[d] <= metadata_.shape[d] - start[d];
  }
  if (!inside) {
    return make_error(ErrorCode::invalid_argument,
                      array_name + ": region at " + extents_text(start) + " of shape " + extents_text(shape) +
                          " is outside the array shape " + extents_text(metadata_.shape));
  }
  std::uint64_t elements = 1;
  for (const std::uint64_t e : shape) elements *= e;  // within the array: no overflow
  if (out.size() != elements * element_bytes()) {
    return make_error(ErrorCode::invalid_argument,
                      array_name + ": region needs " + std::to_string(elements * element_bytes()) +
                          " bytes, the buffer has " + std::to_string(out.size()));
  }
  if (elements == 0) return {};

  std::vector<std::uint64_t> brick_begin(rank), brick_end(rank), chunk_begin(rank), chunk_end(rank);
  for (std::size_t d = 0; d < rank; ++d) {
    brick_begin[d] = start[d] / brick_shape_[d];
    brick_end[d] = (start[d] + shape[d] - 1) / brick_shape_[d] + 1;
    chunk_begin[d] = brick_begin[d] / bricks_per_chunk_[d];
    chunk_end[d] = (brick_end[d] - 1) / bricks_per_chunk_[d] + 1;
  }
  std::vector<std::uint64_t> chunk = chunk_begin;
  do {
    if (options.cancel != nullptr && options.cancel->load()) {
      return make_error(ErrorCode::io, array_name + ": read cancelled");
    }
    // The bricks of this chunk inside the region.
    std::vector<std::uint64_t> first(rank), last(rank);
    for (std::size_t d = 0; d < rank; ++d) {
      first[d] = std::max(brick_begin[d], chunk[d] * bricks_per_chunk_[d]);
      last[d] = std::min(brick_end[d], (chunk[d] + 1) * bricks_per_chunk_[d]);
    }
    std::vector<std::vector<std::uint64_t>> bricks;
    std::vector<std::uint64_t> brick = first;
    do bricks.push_back(brick);
    while (detail::next_index(brick, first, last));

    Result<std::vector<std::optional<Bytes>>> data = read_bricks_of_chunk(chunk, bricks, context);
    if (!data) return data.error();
    for (std::size_t i = 0; i < bricks.size(); ++i) {
      std::vector<std::uint64_t> src_start(rank), dst_start(rank), extent(rank);
      for (std::size_t d = 0; d < rank; ++d) {
        const std::uint64_t brick_origin = bricks[i][d] * brick_shape_[d];
        const std::uint64_t lo = std::max(brick_origin, start[d]);
        const std::uint64_t hi = std::min(brick_origin + brick_shape_[d], start[d] + shape[d]);
        src_start[d] = lo - brick_origin;
        dst_start[d] = lo - start[d];
        extent[d] = hi - lo;
      }
      if ((*data)[i]) {
        detail::copy_box(*(*data)[i], brick_shape_, src_start, out, shape, dst_start, extent,
                         element_bytes());
      } else {
        detail::fill_box(out, shape, dst_start, extent, metadata_.fill_value);
      }
    }
  } while (detail::next_index(chunk, chunk_begin, chunk_end));
  return {};
}

}  // namespace hs
