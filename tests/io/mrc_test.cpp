// MRC2014 files built byte by byte from the specification (little- and big-endian, every supported
// mode) read back voxel for voxel; truncated, hostile and corrupt headers stop with clear errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "io/mrc.h"
#include "volume_fixtures.h"

namespace {

using namespace hs::io_test;

float float_value(int z, int y, int x) {
  return 100.0f * z + 10.0f * y + x + 0.25f;
}
std::int16_t int16_value(int z, int y, int x) {
  return static_cast<std::int16_t>(-1000 * z + 37 * y - x);
}

hs::Error open_error(hs::Bytes bytes) {
  auto reader = hs::open_mrc(hs::memory_source(std::move(bytes), "bad.mrc"));
  REQUIRE_FALSE(reader.ok());
  CHECK(reader.error().message.rfind("bad.mrc: ", 0) == 0);
  return reader.error();
}

}  // namespace

TEST_CASE("mrc: little-endian float32 with extended header, voxel size and origin", "[mrc]") {
  MrcHeader h;
  h.nx = 5, h.ny = 4, h.nz = 6, h.mode = 2;
  h.grid = {5, 4, 6};
  h.cell_angstrom = {5 * 2.5f, 4 * 3.0f, 6 * 4.0f};  // 2.5, 3 and 4 Å voxels
  h.extended_bytes = 80;
  h.origin = {1.5f, -2.0f, 3.0f};
  ByteWriter w = mrc_header(h);
  for (int z = 0; z < 6; ++z) {
    for (int y = 0; y < 4; ++y) {
      for (int x = 0; x < 5; ++x) w.f32(float_value(z, y, x));
    }
  }
  auto reader = hs::open_mrc(hs::memory_source(w.take(), "tomo.mrc"));
  REQUIRE(reader.ok());
  require_blocks_match_slab(**reader);
  const hs::VolumeInfo& info = (*reader)->info();
  CHECK(info.shape_zyx == std::array<std::uint64_t, 3>{6, 4, 5});
  CHECK(info.dtype == hs::DataType::float32);
  CHECK(info.format == "mrc");
  CHECK(info.source == "tomo.mrc");
  REQUIRE(info.voxel_size_nm_zyx);
  CHECK((*info.voxel_size_nm_zyx)[0] == Approx(0.4));
  CHECK((*info.voxel_size_nm_zyx)[1] == Approx(0.3));
  CHECK((*info.voxel_size_nm_zyx)[2] == Approx(0.25));
  CHECK(has_note(info, "ORIGIN x,y,z = 1.5, -2, 3"));
  CHECK(has_note(info, "extended header of 80 bytes"));

  for (const std::vector<std::uint64_t>& split : {std::vector<std::uint64_t>{6}, {1, 3, 2}, {5, 1}}) {
    const std::vector<std::uint8_t> all = read_in_slabs(**reader, split);
    for (int z = 0; z < 6; ++z) {
      for (int y = 0; y < 4; ++y) {
        for (int x = 0; x < 5; ++x) REQUIRE(element<float>(all, (z * 4 + y) * 5 + x) == float_value(z, y, x));
      }
    }
  }
}

TEST_CASE("mrc: big-endian int16 (MACHST 0x11 0x11) and uint16", "[mrc]") {
  MrcHeader h;
  h.big_endian = true;
  h.nx = 3, h.ny = 2, h.nz = 5, h.mode = 1;
  ByteWriter w = mrc_header(h);
  for (int z = 0; z < 5; ++z) {
    for (int y = 0; y < 2; ++y) {
      for (int x = 0; x < 3; ++x) w.i16(int16_value(z, y, x));
    }
  }
  auto reader = hs::open_mrc(hs::memory_source(w.take(), "big.mrc"));
  REQUIRE(reader.ok());
  require_blocks_match_slab(**reader);
  CHECK((*reader)->info().dtype == hs::DataType::int16);
  CHECK_FALSE((*reader)->info().voxel_size_nm_zyx);  // CELLA and MX.. are zero
  CHECK(has_note((*reader)->info(), "no voxel size"));
  const std::vector<std::uint8_t> all = read_in_slabs(**reader, {2, 2, 1});
  for (int z = 0; z < 5; ++z) {
    for (int y = 0; y < 2; ++y) {
      for (int x = 0; x < 3; ++x)
        REQUIRE(element<std::int16_t>(all, (z * 2 + y) * 3 + x) == int16_value(z, y, x));
    }
  }

  h.mode = 6;
  h.nz = 1;
  ByteWriter u = mrc_header(h);
  for (std::uint16_t v : {0, 1, 40000, 65535, 258, 7}) u.u16(v);
  auto unsigned_reader = hs::open_mrc(hs::memory_source(u.take(), "u16.mrc"));
  REQUIRE(unsigned_reader.ok());
  require_blocks_match_slab(**unsigned_reader);
  CHECK((*unsigned_reader)->info().dtype == hs::DataType::uint16);
  const std::vector<std::uint8_t> values = read_in_slabs(**unsigned_reader, {1});
  CHECK(element<std::uint16_t>(values, 2) == 40000);
  CHECK(element<std::uint16_t>(values, 3) == 65535);
  CHECK(element<std::uint16_t>(values, 4) == 258);
}

TEST_CASE("mrc: mode 12 half floats become float32, mode 101 nibbles become uint8", "[mrc]") {
  MrcHeader h;
  h.nx = 3, h.ny = 1, h.nz = 2, h.mode = 12;
  ByteWriter w = mrc_header(h);
  // binary16 patterns: 1, -2, 1/3 (rounded), 65504, 2^-24, -0.
  for (std::uint16_t bits : {0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0x8000}) w.u16(bits);
  auto reader = hs::open_mrc(hs::memory_source(w.take(), "half.mrc"));
  REQUIRE(reader.ok());
  require_blocks_match_slab(**reader);
  CHECK((*reader)->info().dtype == hs::DataType::float32);
  const std::vector<std::uint8_t> halves = read_in_slabs(**reader, {1, 1});
  CHECK(element<float>(halves, 0) == 1.0f);
  CHECK(element<float>(halves, 1) == -2.0f);
  CHECK(element<float>(halves, 2) == 0.333251953125f);
  CHECK(element<float>(halves, 3) == 65504.0f);
  CHECK(element<float>(halves, 4) == std::ldexp(1.0f, -24));
  CHECK(std::signbit(element<float>(halves, 5)));

  // 4-bit: NX = 3 is odd, so each row is 2 bytes, the last high nibble padding; first voxel low.
  h.mode = 101;
  h.nx = 3, h.ny = 2, h.nz = 2;
  ByteWriter n = mrc_header(h);
  const std::vector<std::uint8_t> packed = {0x21, 0xf3, 0x54, 0x06, 0x87, 0x09, 0xcb, 0x0d};
  for (std::uint8_t b : packed) n.u8(b);
  auto nibble_reader = hs::open_mrc(hs::memory_source(n.take(), "nibbles.mrc"));
  REQUIRE(nibble_reader.ok());
  require_blocks_match_slab(**nibble_reader);
  CHECK((*nibble_reader)->info().dtype == hs::DataType::uint8);
  const std::vector<std::uint8_t> voxels = read_in_slabs(**nibble_reader, {2});
  CHECK(voxels == std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13});
  std::vector<std::uint8_t> second(6);
  REQUIRE((*nibble_reader)->read_slab(1, 1, second).ok());
  CHECK(second == std::vector<std::uint8_t>{7, 8, 9, 11, 12, 13});
}

TEST_CASE("mrc: mode 0 is int8, IMOD's unsigned flag, a missing MAP id and an unknown stamp are notes",
          "[mrc]") {
  MrcHeader h;
  h.nx = 4, h.ny = 1, h.nz = 1, h.mode = 0;
  h.map_id = false;
  h.machine_stamp = {0x20, 0x20, 0x20, 0x20};
  h.imod_stamp = 1146047817;  // IMOD, flags bit 0 clear: IMOD would read unsigned bytes
  ByteWriter w = mrc_header(h);
  for (std::uint8_t b : {0x00, 0x7f, 0x80, 0xff}) w.u8(b);
  w.zeros(3);  // trailing bytes
  auto reader = hs::open_mrc(hs::memory_source(w.take(), "old.map"));
  REQUIRE(reader.ok());
  const hs::VolumeInfo& info = (*reader)->info();
  CHECK(info.dtype == hs::DataType::int8);
  CHECK(has_note(info, "no \"MAP \" id"));
  CHECK(has_note(
      info, "MACHST 0x20 0x20 0x20 0x20 is not a known stamp; byte order taken from MODE: little-endian"));
  CHECK(has_note(info, "IMOD flags say the bytes are unsigned"));
  CHECK(has_note(info, "3 bytes after the voxels"));
  const std::vector<std::uint8_t> bytes = read_in_slabs(**reader, {1});
  CHECK(static_cast<std::int8_t>(bytes[1]) == 127);
  CHECK(static_cast<std::int8_t>(bytes[2]) == -128);
  CHECK(static_cast<std::int8_t>(bytes[3]) == -1);

  // A stamp that contradicts MODE: the byte order that gives a valid mode wins, with a note.
  h.big_endian = true;
  h.machine_stamp = {0x44, 0x44, 0, 0};
  h.mode = 2;
  ByteWriter lying = mrc_header(h);
  lying.f32(1.5f), lying.f32(-2.5f), lying.f32(3.0f), lying.f32(4.0f);
  auto fixed = hs::open_mrc(hs::memory_source(lying.take(), "stamp.mrc"));
  REQUIRE(fixed.ok());
  CHECK(has_note((*fixed)->info(), "MACHST says little-endian but MODE is valid only big-endian"));
  const std::vector<std::uint8_t> floats = read_in_slabs(**fixed, {1});
  CHECK(element<float>(floats, 1) == -2.5f);
}

TEST_CASE("mrc: truncated files are errors", "[mrc]") {
  CHECK(open_error(hs::Bytes(1000)).message.find("shorter than the 1024-byte MRC header") !=
        std::string::npos);

  MrcHeader h;
  h.nx = 4, h.ny = 3, h.nz = 2, h.mode = 2;
  ByteWriter w = mrc_header(h);
  w.zeros(4 * 3 * 2 * 4 - 1);  // one byte short
  const hs::Error short_data = open_error(w.take());
  CHECK(short_data.code == hs::ErrorCode::parse);
  CHECK(short_data.message.find("truncated") != std::string::npos);
  CHECK(short_data.message.find("need 1120 bytes but the file has 1119") != std::string::npos);

  h.extended_bytes = 1 << 20;  // extended header larger than the file
  ByteWriter ext = mrc_header(h);
  hs::Bytes bytes = ext.take();
  bytes.resize(2048);
  CHECK(open_error(std::move(bytes)).message.find("truncated") != std::string::npos);
}

TEST_CASE("mrc: hostile and corrupt headers are errors", "[mrc]") {
  const auto with = [](auto change) {
    MrcHeader h;
    h.nx = 2, h.ny = 2, h.nz = 2, h.mode = 2;
    change(h);
    ByteWriter w = mrc_header(h);
    w.zeros(64);
    return w.take();
  };
  // NX * NY * NZ * 4 is about 2^95: must not wrap around to a small number.
  const hs::Error overflow = open_error(with([](MrcHeader& h) { h.nx = h.ny = h.nz = 0x7fffffff; }));
  CHECK(overflow.message.find("more than 2^64") != std::string::npos);
  // Fits in 64 bits but not in the file.
  CHECK(open_error(with([](MrcHeader& h) { h.nx = 100000, h.ny = 100000; })).message.find("truncated") !=
        std::string::npos);
  CHECK(open_error(with([](MrcHeader& h) { h.nx = -2; })).message.find("at least 1") != std::string::npos);
  CHECK(open_error(with([](MrcHeader& h) { h.nz = 0; })).message.find("at least 1") != std::string::npos);
  CHECK(open_error(with([](MrcHeader& h) { h.mode = 7; })).message.find("MODE 7 is not an MRC mode") !=
        std::string::npos);
  const hs::Error complex = open_error(with([](MrcHeader& h) { h.mode = 4; }));
  CHECK(complex.code == hs::ErrorCode::unsupported);
  CHECK(complex.message.find("complex") != std::string::npos);
  const hs::Error axes = open_error(with([](MrcHeader& h) { h.axes = {2, 1, 3}; }));
  CHECK(axes.code == hs::ErrorCode::unsupported);
  CHECK(axes.message.find("MAPC,MAPR,MAPS = 2,1,3 is not supported") != std::string::npos);
  const hs::Error bad_axes = open_error(with([](MrcHeader& h) { h.axes = {0, 0, 0}; }));
  CHECK(bad_axes.code == hs::ErrorCode::parse);
  CHECK(open_error(with([](MrcHeader& h) { h.extended_bytes = -4; })).message.find("NSYMBT = -4") !=
        std::string::npos);
}

TEST_CASE("mrc: mutated headers never crash the reader", "[mrc]") {
  MrcHeader h;
  h.nx = 3, h.ny = 2, h.nz = 3, h.mode = 2;
  h.grid = {3, 2, 3};
  h.cell_angstrom = {3, 2, 3};
  ByteWriter w = mrc_header(h);
  for (int i = 0; i < 18; ++i) w.f32(static_cast<float>(i));
  const hs::Bytes valid = w.take();
  hs::test::Lcg lcg(20240611);
  int opened = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    hs::Bytes bytes = valid;
    const std::uint32_t mutations = 1 + lcg.below(4);
    for (std::uint32_t m = 0; m < mutations && !bytes.empty(); ++m) {
      // Mostly the fields before the labels, sometimes anywhere; sometimes cut the file.
      const std::uint32_t pick = lcg.below(10);
      if (pick == 0) {
        bytes.resize(lcg.below(static_cast<std::uint32_t>(bytes.size())));
      } else {
        const std::uint32_t range = pick < 8 ? 224 : static_cast<std::uint32_t>(bytes.size());
        bytes[lcg.below(std::min<std::uint32_t>(range, static_cast<std::uint32_t>(bytes.size())))] =
            static_cast<std::uint8_t>(lcg.next());
      }
    }
    auto reader = hs::open_mrc(hs::memory_source(std::move(bytes), "fuzz.mrc"));
    if (!reader.ok()) continue;
    ++opened;
    const hs::VolumeInfo& info = (*reader)->info();
    std::vector<std::uint8_t> slice((*reader)->slice_bytes());
    for (std::uint64_t z = 0; z < info.shape_zyx[0]; ++z) CHECK((*reader)->read_slab(z, 1, slice).ok());
  }
  CHECK(opened > 0);
}
