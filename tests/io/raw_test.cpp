// Raw volumes: the caller's layout (shape, type, byte order, header) is read back exactly, in slabs
// and in blocks, and a file whose size does not match the layout is refused.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "byte_writer.h"
#include "io/byte_source.h"
#include "io/raw.h"
#include "volume_fixtures.h"

namespace {

std::int32_t value(int z, int y, int x) {
  return -100000 * z + 1000 * y + x;
}

hs::Bytes raw_file(bool big_endian, std::size_t header_bytes) {
  hs::test::ByteWriter w(big_endian);
  w.zeros(header_bytes);
  for (int z = 0; z < 4; ++z) {
    for (int y = 0; y < 3; ++y) {
      for (int x = 0; x < 2; ++x) w.i32(value(z, y, x));
    }
  }
  return w.take();
}

}  // namespace

TEST_CASE("raw: little- and big-endian int32 behind a header, read in any slabs", "[raw]") {
  for (bool big_endian : {false, true}) {
    hs::RawLayout layout;
    layout.shape_zyx = {4, 3, 2};
    layout.dtype = hs::DataType::int32;
    layout.big_endian = big_endian;
    layout.header_bytes = 17;
    auto reader = hs::open_raw(hs::memory_source(raw_file(big_endian, 17), "v.raw"), layout);
    REQUIRE(reader.ok());
    CHECK((*reader)->info().shape_zyx == std::array<std::uint64_t, 3>{4, 3, 2});
    CHECK((*reader)->info().format == "raw");
    CHECK((*reader)->slice_bytes() == 24);
    hs::io_test::require_blocks_match_slab(**reader);
    std::vector<std::uint8_t> slab(2 * 24);
    REQUIRE((*reader)->read_slab(1, 2, slab).ok());
    for (int z = 1; z < 3; ++z) {
      for (int y = 0; y < 3; ++y) {
        for (int x = 0; x < 2; ++x) {
          std::int32_t v = 0;
          std::memcpy(&v, slab.data() + 4 * (((z - 1) * 3 + y) * 2 + x), 4);
          REQUIRE(v == value(z, y, x));
        }
      }
    }
  }
}

TEST_CASE("raw: the file size must match the layout exactly", "[raw]") {
  hs::RawLayout layout;
  layout.shape_zyx = {4, 3, 2};
  layout.dtype = hs::DataType::int32;
  layout.header_bytes = 8;
  const auto error = [&](hs::Bytes bytes, const hs::RawLayout& l) {
    auto reader = hs::open_raw(hs::memory_source(std::move(bytes), "v.raw"), l);
    REQUIRE_FALSE(reader.ok());
    return reader.error();
  };
  hs::Bytes bytes = raw_file(false, 8);
  bytes.pop_back();
  CHECK(error(bytes, layout).message ==
        "v.raw: the file has 103 bytes but a 8-byte header and 4 x 3 x 2 voxels of int32 need 104 bytes");
  CHECK(error(raw_file(false, 9), layout).message.find("the file has 105 bytes") != std::string::npos);
  hs::RawLayout overflow = layout;
  overflow.shape_zyx = {std::uint64_t{1} << 32, std::uint64_t{1} << 32, 1};
  CHECK(error(raw_file(false, 8), overflow).message.find("more than 2^64") != std::string::npos);
  hs::RawLayout header_overflow = layout;
  header_overflow.header_bytes = ~std::uint64_t{0};
  CHECK(error(raw_file(false, 8), header_overflow).message.find("more than 2^64") != std::string::npos);
  hs::RawLayout empty = layout;
  empty.shape_zyx = {4, 0, 2};
  CHECK(error(raw_file(false, 8), empty).message.find("empty dimension") != std::string::npos);
}
