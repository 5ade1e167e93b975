// TIFF stacks written byte by byte from the TIFF 6.0 and BigTIFF specifications (little- and
// big-endian, strips and tiles, ImageJ metadata) read back voxel for voxel; compressed pages, IFD
// loops, hostile counts and offsets stop with clear errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "io/tiff.h"
#include "volume_fixtures.h"

namespace {

using namespace hs::io_test;

std::uint16_t u16_value(int z, int y, int x) {
  return static_cast<std::uint16_t>(1000 * z + 50 * y + 3 * x + 1);
}
float float_value(int z, int y, int x) {
  return 100.0f * z + 10.0f * y + x + 0.5f;
}

// The 3-page little-endian uint16 stack of the first test: 5 x 4 pixels, strips of 3 rows, a
// thumbnail page between pages 1 and 2, and ImageJ calibration.
hs::Bytes three_page_stack() {
  TiffBuilder b(false, false);
  for (int z = 0; z < 3; ++z) {
    std::array<hs::Bytes, 2> strips;
    for (int y = 0; y < 4; ++y) {
      ByteWriter row(false);
      for (int x = 0; x < 5; ++x) row.u16(u16_value(z, y, x));
      hs::Bytes& strip = strips[y < 3 ? 0 : 1];
      strip.insert(strip.end(), row.bytes().begin(), row.bytes().end());
    }
    // Page 0 stores its second strip first: offsets need not increase.
    const std::uint64_t second = z == 0 ? b.blob(strips[1]) : 0;
    const std::uint64_t first = b.blob(strips[0]);
    const std::uint64_t last = z == 0 ? second : b.blob(strips[1]);
    std::vector<Field> fields = strip_page(b, 5, 4, 16, 1, 3, {first, last}, {30, 10});
    if (z == 0) {
      fields.push_back(
          b.ascii(270, "ImageJ=1.53t\nimages=3\nslices=3\nunit=micron\nspacing=0.5\nloop=false\n"));
      fields.push_back(b.rational(282, 4, 1));  // 4 pixels per micron: 250 nm
      fields.push_back(b.rational(283, 2, 1));  // 500 nm
      fields.push_back(b.uints(296, kShort, {1}));
    }
    b.ifd(fields);
    if (z == 1) {
      const std::uint64_t thumb = b.blob(hs::Bytes(4, 9));
      std::vector<Field> thumbnail = strip_page(b, 2, 2, 8, 1, 2, {thumb}, {4});
      thumbnail.push_back(b.uints(254, kLong, {1}));  // NewSubfileType: reduced resolution
      b.ifd(thumbnail);
    }
  }
  return b.finish();
}

hs::Error open_error(hs::Bytes bytes) {
  auto reader = hs::open_tiff(hs::memory_source(std::move(bytes), "bad.tif"));
  REQUIRE_FALSE(reader.ok());
  CHECK(reader.error().message.rfind("bad.tif: ", 0) == 0);
  return reader.error();
}

hs::Error slab_error(hs::Bytes bytes) {
  auto reader = hs::open_tiff(hs::memory_source(std::move(bytes), "bad.tif"));
  REQUIRE(reader.ok());
  std::vector<std::uint8_t> slice((*reader)->slice_bytes());
  const hs::Status status = (*reader)->read_slab(0, 1, slice);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().message.rfind("bad.tif: ", 0) == 0);
  return status.error();
}

}  // namespace

TEST_CASE("tiff: 3-page little-endian uint16 stack in strips with ImageJ voxel size", "[tiff]") {
  auto reader = hs::open_tiff(hs::memory_source(three_page_stack(), "stack.tif"));
  REQUIRE(reader.ok());
  require_blocks_match_slab(**reader);
  const hs::VolumeInfo& info = (*reader)->info();
  CHECK(info.shape_zyx == std::array<std::uint64_t, 3>{3, 4, 5});
  CHECK(info.dtype == hs::DataType::uint16);
  CHECK(info.format == "tiff");
  REQUIRE(info.voxel_size_nm_zyx);
  CHECK((*info.voxel_size_nm_zyx)[0] == Approx(500.0));
  CHECK((*info.voxel_size_nm_zyx)[1] == Approx(500.0));
  CHECK((*info.voxel_size_nm_zyx)[2] == Approx(250.0));
  CHECK(has_note(info, "1 reduced-resolution pages skipped"));
  for (const std::vector<std::uint64_t>& split : {std::vector<std::uint64_t>{3}, {1, 2}, {2, 1}}) {
    const std::vector<std::uint8_t> all = read_in_slabs(**reader, split);
    for (int z = 0; z < 3; ++z) {
      for (int y = 0; y < 4; ++y) {
        for (int x = 0; x < 5; ++x)
          REQUIRE(element<std::uint16_t>(all, (z * 4 + y) * 5 + x) == u16_value(z, y, x));
      }
    }
  }
}

TEST_CASE("tiff: 2-page big-endian float32 stack in tiles with padded edge tiles", "[tiff]") {
  TiffBuilder b(true, false);
  const std::uint32_t width = 5, height = 3, tile_width = 4, tile_height = 2;
  for (int z = 0; z < 2; ++z) {
    std::vector<std::uint64_t> offsets;
    for (std::uint32_t ty = 0; ty < 2; ++ty) {
      for (std::uint32_t tx = 0; tx < 2; ++tx) {
        ByteWriter tile(true);
        for (std::uint32_t r = 0; r < tile_height; ++r) {
          for (std::uint32_t c = 0; c < tile_width; ++c) {
            const std::uint32_t y = ty * tile_height + r, x = tx * tile_width + c;
            tile.f32(y < height && x < width ? float_value(z, static_cast<int>(y), static_cast<int>(x))
                                             : -999.0f);
          }
        }
        offsets.push_back(b.blob(tile.bytes()));
      }
    }
    b.ifd({b.uints(256, kLong, {width}), b.uints(257, kLong, {height}), b.uints(258, kShort, {32}),
           b.uints(259, kShort, {1}), b.uints(262, kShort, {1}), b.uints(274, kShort, {4}),
           b.uints(277, kShort, {1}), b.rational(282, 10000, 1), b.rational(283, 10000, 1),
           b.uints(296, kShort, {3}),  // per cm: 1 µm
           b.uints(322, kShort, {tile_width}), b.uints(323, kShort, {tile_height}),
           b.uints(324, kLong, offsets), b.uints(325, kLong, {32, 32, 32, 32}), b.uints(339, kShort, {3})});
  }
  auto reader = hs::open_tiff(hs::memory_source(b.finish(), "tiles.tif"));
  REQUIRE(reader.ok());
  require_blocks_match_slab(**reader);
  const hs::VolumeInfo& info = (*reader)->info();
  CHECK(info.shape_zyx == std::array<std::uint64_t, 3>{2, 3, 5});
  CHECK(info.dtype == hs::DataType::float32);
  CHECK_FALSE(info.voxel_size_nm_zyx);
  CHECK(has_note(info, "XResolution gives a pixel size of 1000 x 1000 nm"));
  CHECK(has_note(info, "Orientation 4 is ignored"));
  const std::vector<std::uint8_t> all = read_in_slabs(**reader, {1, 1});
  for (int z = 0; z < 2; ++z) {
    for (int y = 0; y < 3; ++y) {
      for (int x = 0; x < 5; ++x) REQUIRE(element<float>(all, (z * 3 + y) * 5 + x) == float_value(z, y, x));
    }
  }
}

TEST_CASE("tiff: BigTIFF int16 with LONG8 offsets, and big-endian float16 pages", "[tiff]") {
  TiffBuilder b(false, true);
  for (int z = 0; z < 2; ++z) {
    ByteWriter strip(false);
    for (int y = 0; y < 2; ++y) {
      for (int x = 0; x < 3; ++x) strip.i16(static_cast<std::int16_t>(-300 * z + 20 * y - x));
    }
    const std::uint64_t offset = b.blob(strip.bytes());
    b.ifd(strip_page(b, 3, 2, 16, 2, 2, {offset}, {12}, kLong8));
  }
  auto reader = hs::open_tiff(hs::memory_source(b.finish(), "big.btf"));
  REQUIRE(reader.ok());
  require_blocks_match_slab(**reader);
  CHECK((*reader)->info().dtype == hs::DataType::int16);
  const std::vector<std::uint8_t> all = read_in_slabs(**reader, {2});
  for (int z = 0; z < 2; ++z) {
    for (int y = 0; y < 2; ++y) {
      for (int x = 0; x < 3; ++x)
        REQUIRE(element<std::int16_t>(all, (z * 2 + y) * 3 + x) == -300 * z + 20 * y - x);
    }
  }

  TiffBuilder h(true, false);
  ByteWriter halves(true);
  for (std::uint16_t bits : {0x3c00, 0xc000, 0x7bff, 0x0001}) halves.u16(bits);
  const std::uint64_t offset = h.blob(halves.bytes());
  h.ifd(strip_page(h, 2, 2, 16, 3, 8, {offset}, {8}));
  auto half_reader = hs::open_tiff(hs::memory_source(h.finish(), "half.tif"));
  REQUIRE(half_reader.ok());
  require_blocks_match_slab(**half_reader);
  CHECK((*half_reader)->info().dtype == hs::DataType::float32);
  const std::vector<std::uint8_t> floats = read_in_slabs(**half_reader, {1});
  CHECK(element<float>(floats, 0) == 1.0f);
  CHECK(element<float>(floats, 1) == -2.0f);
  CHECK(element<float>(floats, 2) == 65504.0f);
  CHECK(element<float>(floats, 3) == std::ldexp(1.0f, -24));
}

TEST_CASE("tiff: compressed, inconsistent and unsupported pages are refused at open", "[tiff]") {
  const auto one_page = [](auto change) {
    TiffBuilder b(false, false);
    const std::uint64_t offset = b.blob(hs::Bytes(4 * 3 * 2, 1));
    std::vector<Field> fields = strip_page(b, 4, 3, 16, 1, 3, {offset}, {24});
    change(b, fields);
    b.ifd(fields);
    return b.finish();
  };
  const auto set = [](const Field& field) {
    return [field](const TiffBuilder&, std::vector<Field>& fields) {
      for (Field& f : fields) {
        if (f.tag == field.tag) f = field;
      }
      if (std::none_of(fields.begin(), fields.end(), [&](const Field& f) { return f.tag == field.tag; })) {
        fields.push_back(field);
      }
    };
  };
  const TiffBuilder le(false, false);
  const hs::Error lzw = open_error(one_page(set(le.uints(259, kShort, {5}))));
  CHECK(lzw.code == hs::ErrorCode::unsupported);
  CHECK(lzw.message.find("unsupported compression 5") != std::string::npos);
  const hs::Error rgb = open_error(one_page(set(le.uints(277, kShort, {3}))));
  CHECK(rgb.code == hs::ErrorCode::unsupported);
  CHECK(rgb.message.find("3 samples per pixel") != std::string::npos);
  CHECK(open_error(one_page(set(le.uints(258, kShort, {12}))))
            .message.find("BitsPerSample 12 with SampleFormat 1") != std::string::npos);
  CHECK(open_error(one_page(set(le.uints(273, kLong, {8, 40, 80}))))
            .message.find("tag 273 has 3 values but the page has 1 strips") != std::string::npos);
  // 65535 x 65535 pixels of 16 bits: more than the file holds.
  const hs::Error huge = open_error(one_page([&](const TiffBuilder&, std::vector<Field>& fields) {
    set(le.uints(256, kShort, {65535}))(le, fields);
    set(le.uints(257, kShort, {65535}))(le, fields);
  }));
  CHECK(huge.message.find("truncated: page 0: 65535 x 65535 pixels") != std::string::npos);
  CHECK(open_error(one_page(set(Field{256, 99, 1, {4, 0, 0, 0}})))
            .message.find("tag 256 has field type 99, not an unsigned integer") != std::string::npos);
  const hs::Error channels = open_error(
      one_page(set(le.ascii(270, "ImageJ=1.53t\nimages=2\nchannels=2\nslices=1\nhyperstack=true\n"))));
  CHECK(channels.code == hs::ErrorCode::unsupported);
  CHECK(channels.message.find("2 channels") != std::string::npos);
  CHECK(open_error(one_page(set(le.ascii(270, "ImageJ=1.53t\nimages=10\nslices=10\n"))))
            .message.find("images=10 but the file has 1 pages") != std::string::npos);

  TiffBuilder mixed(false, false);
  const std::uint64_t a = mixed.blob(hs::Bytes(24, 1));
  mixed.ifd(strip_page(mixed, 4, 3, 16, 1, 3, {a}, {24}));
  const std::uint64_t c = mixed.blob(hs::Bytes(24, 1));
  mixed.ifd(strip_page(mixed, 3, 4, 16, 1, 4, {c}, {24}));
  const hs::Error mismatch = open_error(mixed.finish());
  CHECK(mismatch.code == hs::ErrorCode::unsupported);
  CHECK(mismatch.message.find("page 1 is 3 x 4 uint16 but page 0 is 4 x 3 uint16") != std::string::npos);
}

TEST_CASE("tiff: IFD loops, counts beyond the file and truncated strips are errors", "[tiff]") {
  TiffBuilder loop(false, false);
  const std::uint64_t a = loop.blob(hs::Bytes(24, 1));
  const std::uint64_t first = loop.ifd(strip_page(loop, 4, 3, 16, 1, 3, {a}, {24}));
  loop.ifd(strip_page(loop, 4, 3, 16, 1, 3, {a}, {24}));
  loop.set_last_next(first);
  CHECK(open_error(loop.finish()).message.find("the IFD chain loops back to offset") != std::string::npos);

  ByteWriter claims(false);  // header, then an IFD claiming 65535 entries at the end of the file
  claims.text("II"), claims.u16(42), claims.u32(8), claims.u16(0xffff), claims.zeros(12);
  CHECK(open_error(claims.take()).message.find("truncated: the IFD at offset 8 with 65535 entries") !=
        std::string::npos);
  ByteWriter outside(true);
  outside.text("MM"), outside.u16(42), outside.u32(0x7fffffff);
  CHECK(open_error(outside.take()).message.find("IFD offset 2147483647 lies outside the 8-byte file") !=
        std::string::npos);
  CHECK(open_error(hs::Bytes{'I', 'I', 42, 0}).message.find("truncated") != std::string::npos);
  ByteWriter no_pages(false);
  no_pages.text("II"), no_pages.u16(42), no_pages.u32(0);
  CHECK(open_error(no_pages.take()).message.find("no pages") != std::string::npos);

  // Opens (offsets are only checked when a page is read), then fails on the strip past the end.
  TiffBuilder past_end(false, false);
  past_end.ifd(strip_page(past_end, 4, 3, 16, 1, 2, {8, 100000}, {16, 8}));
  CHECK(slab_error(past_end.finish())
            .message.find("truncated: page 0: strip 1 at offset 100000 runs past the end") !=
        std::string::npos);
  TiffBuilder short_count(false, false);
  const std::uint64_t s = short_count.blob(hs::Bytes(24, 1));
  short_count.ifd(strip_page(short_count, 4, 3, 16, 1, 3, {s}, {10}));
  CHECK(slab_error(short_count.finish()).message.find("strip 0 holds 10 bytes but 24 are needed") !=
        std::string::npos);
  // The StripOffsets array itself points past the end of the file.
  TiffBuilder bad_array(false, false);
  bad_array.ifd({bad_array.uints(256, kShort, {4}), bad_array.uints(257, kShort, {3}),
                 bad_array.uints(258, kShort, {8}), bad_array.uints(278, kShort, {1}),
                 Field{273, kLong, 3, [] {
                         ByteWriter w(false);
                         w.u32(5000), w.u32(0), w.u32(0);  // 12 bytes: out of line at offset 5000
                         return w.take();
                       }()}});
  hs::Bytes bytes = bad_array.finish();
  // Find the StripOffsets entry (tag 273 = 0x0111, type LONG) and point its array past the end.
  for (std::size_t i = 0; i + 12 <= bytes.size(); i += 2) {
    if (bytes[i] == 0x11 && bytes[i + 1] == 0x01 && bytes[i + 2] == kLong) {
      bytes[i + 8] = 0x88, bytes[i + 9] = 0x13, bytes[i + 10] = 0, bytes[i + 11] = 0;  // 5000
      break;
    }
  }
  CHECK(slab_error(std::move(bytes)).message.find("lie outside the") != std::string::npos);
}

TEST_CASE("tiff: mutated files never crash the reader", "[tiff]") {
  const hs::Bytes valid = three_page_stack();
  hs::test::Lcg lcg(4242);
  int opened = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    hs::Bytes bytes = valid;
    const std::uint32_t mutations = 1 + lcg.below(4);
    for (std::uint32_t m = 0; m < mutations && !bytes.empty(); ++m) {
      const std::uint32_t size = static_cast<std::uint32_t>(bytes.size());
      const std::uint32_t pick = lcg.below(10);
      if (pick == 0) {
        bytes.resize(lcg.below(size));
      } else if (pick < 4) {
        bytes[lcg.below(std::min<std::uint32_t>(size, 16))] = static_cast<std::uint8_t>(lcg.next());
      } else {
        // The IFDs and their arrays are in the second half of the file.
        bytes[size / 2 + lcg.below(size - size / 2)] =
            static_cast<std::uint8_t>(lcg.below(3) == 0 ? lcg.next() : lcg.below(8));
      }
    }
    auto reader = hs::open_tiff(hs::memory_source(std::move(bytes), "fuzz.tif"));
    if (!reader.ok()) continue;
    ++opened;
    std::vector<std::uint8_t> slice((*reader)->slice_bytes());
    for (std::uint64_t z = 0; z < (*reader)->info().shape_zyx[0]; ++z) {
      const hs::Status status = (*reader)->read_slab(z, 1, slice);
      if (!status.ok()) CHECK(status.error().message.rfind("fuzz.tif: ", 0) == 0);
    }
  }
  CHECK(opened > 0);
}
