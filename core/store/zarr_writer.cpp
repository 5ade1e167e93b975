// Creating groups and arrays and writing encoded chunks or shards.
#include "store/zarr_writer.h"

#include <string>

#include "store/detail/nd_box.h"
#include "store/node.h"

namespace hs {
namespace {

Status write_document(WritableStore& store, std::string_view path, const json::Value& document) {
  if (Status s = validate_node_path(path); !s) return s;
  const std::string text = json::write_pretty(document) + "\n";
  return store.set(node_key(path, "zarr.json"),
                   ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
}

}  // namespace

Status write_group(WritableStore& store, std::string_view path, const GroupMetadata& metadata) {
  return write_document(store, path, group_metadata_to_json(metadata));
}

Result<ZarrArray> create_array(WritableStore& store, std::string_view path, const ArrayMetadata& metadata) {
  if (Status s = validate_node_path(path); !s) return s.error();
  const std::string source = store.describe(node_key(path, "zarr.json"));
  const json::Value document = array_metadata_to_json(metadata);
  Result<json::Value> reparsed = json::parse(json::write(document), source);
  if (!reparsed) return reparsed.error();
  Result<ArrayMetadata> read_back = parse_array_metadata(*reparsed, source);
  if (!read_back) return read_back.error();
  if (read_back->fill_value != metadata.fill_value) {
    return make_error(ErrorCode::invalid_argument,
                      source + ": the fill value cannot be written exactly in JSON (integers beyond 2^53)");
  }
  Result<ZarrArray> array = ZarrArray::from_metadata(store, path, std::move(*read_back));
  if (!array) return array.error();
  if (Status s = write_document(store, path, document); !s) return s.error();
  return array;
}

Status write_chunk(WritableStore& store, const ZarrArray& array, std::span<const std::uint64_t> chunk_coords,
                   ByteView chunk) {
  const ArrayMetadata& metadata = array.metadata();
  const std::string key = array.chunk_key(chunk_coords);
  const std::vector<std::uint64_t> grid = chunk_grid_shape(metadata);
  bool inside = chunk_coords.size() == grid.size();
  for (std::size_t d = 0; inside && d < grid.size(); ++d) inside = chunk_coords[d] < grid[d];
  if (!inside) {
    return make_error(ErrorCode::invalid_argument, store.describe(key) + ": chunk outside the chunk grid");
  }
  if (chunk.size() != array.codecs().repr().byte_count()) {
    return make_error(ErrorCode::invalid_argument, store.describe(key) + ": a chunk holds " +
                                                       std::to_string(array.codecs().repr().byte_count()) +
                                                       " bytes, got " + std::to_string(chunk.size()));
  }
  array.forget_shard_index(key);
  if (detail::all_elements_equal(chunk, metadata.fill_value)) return store.erase(key);
  Result<Bytes> encoded = array.codecs().encode(chunk);
  if (!encoded) return encoded.error();
  return store.set(key, *encoded);
}

}  // namespace hs
