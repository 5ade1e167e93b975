// Interop: Zarr v3 arrays written by hand from the specification by an independent Python script
// (tests/interop/write_reference_store.py, NumPy + the zstd tool) read back through FilesystemStore
// and ZarrArray: sharded with the index at the end and at the start, empty inner chunks and
// missing shards, transpose + zstd with "v2" keys, big-endian bytes + crc32c, missing chunks.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "store/codecs/decode_context.h"
#include "store/filesystem_store.h"
#include "store/zarr_array.h"

#ifndef HS_SOURCE_DIR
#error "HS_SOURCE_DIR (the source tree) must be defined for hs_core_tests"
#endif

namespace hs {
namespace {

// A fresh folder under /tmp filled by the Python writer, removed at scope exit.
class ReferenceStore {
 public:
  ReferenceStore() {
    std::string pattern = "/tmp/hs_reference_store_XXXXXX";
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path = pattern;
    const std::string command =
        "/usr/bin/python3 '" HS_SOURCE_DIR "/tests/interop/write_reference_store.py' '" + path + "'";
    INFO(command << "   (needs Debian's python3-numpy and zstd)");
    REQUIRE(std::system(command.c_str()) == 0);
  }
  ~ReferenceStore() { (void)std::system(("rm -rf '" + path + "'").c_str()); }
  ReferenceStore(const ReferenceStore&) = delete;
  ReferenceStore& operator=(const ReferenceStore&) = delete;

  Bytes expected(const std::string& name) const {
    std::ifstream in(path + "/expected/" + name + ".raw", std::ios::binary);
    REQUIRE(in.good());
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  std::string path;
};

struct Case {
  const char* name;
  std::vector<std::uint64_t> shape;
  DataType type;
  bool sharded;
};

TEST_CASE("reference_store arrays written by an independent Python writer read back exactly", "[reference_store]") {
  const ReferenceStore reference;
  FilesystemStore store(reference.path + "/reference.zarr");
  DecodeContext context;
  for (const Case& c : {Case{"sharded_f32", {5, 7, 9}, DataType::float32, true},
                        Case{"plain_i32", {6, 5}, DataType::int32, false},
                        Case{"index_start_u8", {10, 10}, DataType::uint8, true},
                        Case{"big_endian_u16", {5, 3}, DataType::uint16, false}}) {
    INFO(c.name);
    Result<ZarrArray> array = ZarrArray::open(store, c.name);
    REQUIRE(array.ok());
    CHECK(array->metadata().shape == c.shape);
    CHECK(array->metadata().data_type == c.type);
    CHECK(array->reads_partial_shards() == c.sharded);
    const Bytes expected = reference.expected(c.name);
    Bytes values(expected.size());
    const std::vector<std::uint64_t> start(c.shape.size(), 0);
    const Status read = array->read_region(start, c.shape, values, context);
    REQUIRE(read.ok());
    CHECK(values == expected);

    // One element-sized corner region as well (partial bricks, other offsets).
    std::vector<std::uint64_t> corner = c.shape;
    for (std::uint64_t& n : corner) n -= 1;
    const std::vector<std::uint64_t> one(c.shape.size(), 1);
    Bytes last(array->element_bytes());
    REQUIRE(array->read_region(corner, one, last, context).ok());
    CHECK(Bytes(expected.end() - static_cast<std::ptrdiff_t>(last.size()), expected.end()) == last);
  }
}

}  // namespace
}  // namespace hs
