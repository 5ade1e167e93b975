// The volume format registry picks readers by content, then by extension, or as told; read_slab
// and read_block refuse ranges outside the volume and buffers of the wrong size.
#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "io/volume_reader.h"
#include "volume_fixtures.h"

namespace {

using namespace hs::io_test;

hs::Bytes small_npy() {
  return npy_file(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2, 2, 3), }",
                  {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
}

hs::Bytes small_mrc(bool map_id) {
  MrcHeader h;
  h.nx = 3, h.ny = 2, h.nz = 2, h.mode = 0;
  h.map_id = map_id;
  ByteWriter w = mrc_header(h);
  for (std::uint8_t v = 1; v <= 12; ++v) w.u8(v);
  return w.take();
}

hs::Bytes small_tiff() {
  TiffBuilder b(false, false);
  const std::uint64_t offset = b.blob({1, 2, 3, 4, 5, 6});
  b.ifd(strip_page(b, 3, 2, 8, 1, 2, {offset}, {6}));
  return b.finish();
}

hs::Result<std::unique_ptr<hs::VolumeReader>> open(hs::Bytes bytes, const std::string& name,
                                                   const hs::VolumeOpenOptions& options = {}) {
  return hs::open_volume(hs::memory_source(std::move(bytes), name), options);
}

std::string format_of(hs::Bytes bytes, const std::string& name, const hs::VolumeOpenOptions& options = {}) {
  auto reader = open(std::move(bytes), name, options);
  INFO((reader.ok() ? std::string() : reader.error().message));
  REQUIRE(reader.ok());
  return (*reader)->info().format;
}

}  // namespace

TEST_CASE("volume registry: content decides before the extension, the extension when content cannot",
          "[volume_reader]") {
  CHECK(format_of(small_npy(), "array.npy") == "npy");
  CHECK(format_of(small_npy(), "misnamed.tif") == "npy");
  CHECK(format_of(small_tiff(), "stack.mrc") == "tiff");
  CHECK(format_of(small_mrc(true), "no_extension") == "mrc");
  CHECK(format_of(small_mrc(false), "OLD.MAP") == "mrc");  // no "MAP " id: found by extension
  const auto unknown = open(small_mrc(false), "volume.xyz");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == hs::ErrorCode::unsupported);
  CHECK(unknown.error().message ==
        "volume.xyz: not a volume file this program knows (npy, tiff, hdf5, mrc, raw; a raw file needs its "
        "layout "
        "given)");
  CHECK(hs::volume_format_names() == std::vector<std::string_view>{"npy", "tiff", "hdf5", "mrc", "raw"});
}

TEST_CASE("volume registry: options name the format or give a raw layout", "[volume_reader]") {
  hs::VolumeOpenOptions raw;
  raw.raw = hs::RawLayout{{2, 3, 4}, hs::DataType::uint8, false, 0};
  CHECK(format_of(hs::Bytes(24, 5), "cube.npy", raw) == "raw");  // the layout wins over the extension

  const auto no_layout = open(hs::Bytes(24, 5), "cube.raw");
  REQUIRE_FALSE(no_layout.ok());
  CHECK(no_layout.error().code == hs::ErrorCode::invalid_argument);
  CHECK(no_layout.error().message.find("needs its shape, data type and byte order") != std::string::npos);

  hs::VolumeOpenOptions as_npy;
  as_npy.format = "npy";
  const auto wrong = open(small_mrc(true), "x.mrc", as_npy);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message.find("not an .npy file") != std::string::npos);

  hs::VolumeOpenOptions bogus;
  bogus.format = "vtk";
  const auto unknown = open(small_npy(), "x.npy", bogus);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == hs::ErrorCode::invalid_argument);
  CHECK(unknown.error().message.find("unknown volume format \"vtk\"") != std::string::npos);

  const auto empty = open({}, "empty.mrc");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message.find("truncated") != std::string::npos);
}

TEST_CASE("volume reader: read_slab checks the range and the buffer size", "[volume_reader]") {
  auto reader = open(small_npy(), "a.npy");
  REQUIRE(reader.ok());
  hs::VolumeReader& r = **reader;
  CHECK(r.slice_bytes() == 6);
  std::vector<std::uint8_t> one(6), two(12);
  REQUIRE(r.read_slab(1, 1, one).ok());
  CHECK(one == std::vector<std::uint8_t>{7, 8, 9, 10, 11, 12});
  CHECK(r.read_slab(0, 0, {}).ok());
  CHECK(r.read_slab(2, 0, {}).ok());

  const hs::Status past = r.read_slab(1, 2, two);
  REQUIRE_FALSE(past.ok());
  CHECK(past.error().code == hs::ErrorCode::invalid_argument);
  CHECK(past.error().message == "a.npy: slices 1 + 2 are outside the volume's 2 slices");
  CHECK_FALSE(r.read_slab(3, 0, {}).ok());
  CHECK_FALSE(r.read_slab(~std::uint64_t{0}, 2, two).ok());  // z0 + nz wraps around
  const hs::Status size = r.read_slab(0, 2, one);
  REQUIRE_FALSE(size.ok());
  CHECK(size.error().message == "a.npy: a slab of 2 slices needs 12 bytes but the buffer has 6");
}

TEST_CASE("volume reader: read_block checks slices, rows and the buffer size", "[volume_reader]") {
  auto reader = open(small_npy(), "a.npy");  // 2 slices of 2 rows of 3
  REQUIRE(reader.ok());
  hs::VolumeReader& r = **reader;
  std::vector<std::uint8_t> band(3), two_bands(6);
  REQUIRE(r.read_block({1, 1, 1, 1}, band).ok());
  CHECK(band == std::vector<std::uint8_t>{10, 11, 12});
  REQUIRE(r.read_block({0, 2, 1, 1}, two_bands).ok());
  CHECK(two_bands == std::vector<std::uint8_t>{4, 5, 6, 10, 11, 12});
  CHECK(r.read_block({2, 0, 0, 2}, {}).ok());  // empty blocks at the edge are fine
  CHECK(r.read_block({0, 1, 2, 0}, {}).ok());

  const hs::Status rows = r.read_block({0, 1, 1, 2}, two_bands);
  REQUIRE_FALSE(rows.ok());
  CHECK(rows.error().code == hs::ErrorCode::invalid_argument);
  CHECK(rows.error().message ==
        "a.npy: slices 0 + 1, rows 1 + 2 are outside the volume's 2 slices of 2 rows");
  CHECK_FALSE(r.read_block({1, 2, 0, 1}, two_bands).ok());
  CHECK_FALSE(r.read_block({0, 1, ~std::uint64_t{0}, 2}, two_bands).ok());  // y0 + ny wraps around
  CHECK_FALSE(r.read_block({0, 1, 3, 0}, {}).ok());
  const hs::Status size = r.read_block({0, 2, 0, 1}, band);
  REQUIRE_FALSE(size.ok());
  CHECK(size.error().message == "a.npy: a block of 2 slices of 1 rows needs 6 bytes but the buffer has 3");
}
