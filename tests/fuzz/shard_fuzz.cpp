// Fuzz target: the bytes of one shard of a fixed sharded uint16 array in the converter's profile
// (t,c,z,y,x = 1×1×4×4×4, inner chunks 1×1×2×2×2, zstd, crc32c index at the end), read whole,
// brick by brick and by region.
#include <array>
#include <vector>

#include "fuzz_input.h"
#include "json/json.h"
#include "store/array_metadata.h"
#include "store/memory_store.h"
#include "store/zarr_array.h"

namespace {

constexpr const char* kArray = R"({"zarr_format": 3, "node_type": "array", "shape": [1, 1, 4, 4, 4],
  "data_type": "uint16", "chunk_grid": {"name": "regular", "configuration": {"chunk_shape": [1, 1, 4, 4, 4]}},
  "chunk_key_encoding": {"name": "default"}, "fill_value": 0,
  "codecs": [{"name": "sharding_indexed", "configuration": {"chunk_shape": [1, 1, 2, 2, 2],
    "codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "zstd", "configuration": {"level": 3, "checksum": false}}],
    "index_codecs": [{"name": "bytes", "configuration": {"endian": "little"}}, {"name": "crc32c"}],
    "index_location": "end"}}]})";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  hs::MemoryStore store("fuzz");
  const std::string_view json_text(kArray);
  (void)store.set("zarr.json", hs::ByteView(reinterpret_cast<const std::uint8_t*>(json_text.data()), json_text.size()));
  (void)store.set("c/0/0/0/0/0", hs::ByteView(data, size));
  auto array = hs::ZarrArray::open(store, "");
  if (!array.ok()) __builtin_trap();  // the fixed metadata above is valid
  hs::DecodeContext context;
  std::vector<std::uint8_t> out(4 * 4 * 4 * 2);
  const std::array<std::uint64_t, 5> start = {0, 0, 0, 0, 0}, shape = {1, 1, 4, 4, 4};
  (void)array->read_region(start, shape, out, context);
  for (std::uint64_t i = 0; i < 8; ++i) {
    const std::array<std::uint64_t, 5> brick = {0, 0, i >> 2, (i >> 1) & 1, i & 1};
    (void)array->read_brick(brick, context);
  }
  return 0;
}
