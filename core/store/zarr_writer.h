// Writing Zarr v3 hierarchies into a WritableStore: group and array zarr.json, and whole chunks
// (for sharded arrays, whole shards). The write path: the browser viewer does not link it.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "store/array_metadata.h"
#include "store/group_metadata.h"
#include "store/store.h"
#include "store/zarr_array.h"

namespace hs {

// Writes (or replaces) the zarr.json of the group at node `path` ("" for the root).
Status write_group(WritableStore& store, std::string_view path, const GroupMetadata& metadata);

// Validates `metadata` (it must read back identically from JSON, and its codec chain must build)
// and writes the array's zarr.json. Returns the array opened on `store` for write_chunk and reads.
Result<ZarrArray> create_array(WritableStore& store, std::string_view path, const ArrayMetadata& metadata);

// Encodes one whole chunk and stores it under array.chunk_key(chunk_coords). `chunk` holds the
// chunk's chunk_shape elements, C order, native endian (parts past the array's edge included).
// `store` is the store the array was opened on. A chunk whose elements all equal the fill value
// is not written, and an older value under its key is erased. For a sharded array the chunk is a
// shard: inner chunks are encoded one by one, those equal to the fill value are left out (empty
// index entries), and the index goes to its configured location. ErrorCode::invalid_argument
// for coordinates outside the chunk grid or a buffer of the wrong size.
Status write_chunk(WritableStore& store, const ZarrArray& array, std::span<const std::uint64_t> chunk_coords,
                   ByteView chunk);

}  // namespace hs
