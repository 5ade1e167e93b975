// .npy files with hand-written headers (format 1.0, 2.0, 3.0; C and Fortran order; both byte
// orders) read back voxel for voxel; headers that are not the plain dict literal numpy writes are
// refused without evaluating anything; truncated and overflowing arrays are errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "io/byte_source.h"
#include "io/npy.h"
#include "volume_fixtures.h"

namespace {

using namespace hs::io_test;

hs::Error open_error(hs::Bytes bytes) {
  auto reader = hs::open_npy(hs::memory_source(std::move(bytes), "bad.npy"));
  REQUIRE_FALSE(reader.ok());
  CHECK(reader.error().message.rfind("bad.npy: ", 0) == 0);
  return reader.error();
}

float float_value(int z, int y, int x) {
  return 100.0f * z + 10.0f * y + x - 0.5f;
}

}  // namespace

TEST_CASE("npy: version 1.0, C order, little-endian float32", "[npy]") {
  ByteWriter data(false);
  for (int z = 0; z < 5; ++z) {
    for (int y = 0; y < 3; ++y) {
      for (int x = 0; x < 4; ++x) data.f32(float_value(z, y, x));
    }
  }
  auto reader = hs::open_npy(hs::memory_source(
      npy_file(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (5, 3, 4), }", data.bytes()), "a.npy"));
  REQUIRE(reader.ok());
  require_blocks_match_slab(**reader);
  const hs::VolumeInfo& info = (*reader)->info();
  CHECK(info.shape_zyx == std::array<std::uint64_t, 3>{5, 3, 4});
  CHECK(info.dtype == hs::DataType::float32);
  CHECK(info.format == "npy");
  CHECK_FALSE(info.voxel_size_nm_zyx);
  for (const std::vector<std::uint64_t>& split : {std::vector<std::uint64_t>{5}, {2, 3}, {1, 1, 3}}) {
    const std::vector<std::uint8_t> all = read_in_slabs(**reader, split);
    for (int z = 0; z < 5; ++z) {
      for (int y = 0; y < 3; ++y) {
        for (int x = 0; x < 4; ++x) REQUIRE(element<float>(all, (z * 3 + y) * 4 + x) == float_value(z, y, x));
      }
    }
  }
}

TEST_CASE("npy: version 2.0, Fortran order, big-endian uint16", "[npy]") {
  const auto value = [](int i, int j, int k) { return static_cast<std::uint16_t>(1000 * i + 100 * j + k); };
  ByteWriter data(true);
  for (int k = 0; k < 5; ++k) {  // Fortran order: the first index varies fastest
    for (int j = 0; j < 3; ++j) {
      for (int i = 0; i < 4; ++i) data.u16(value(i, j, k));
    }
  }
  // Double quotes and no trailing comma are valid Python too.
  auto reader = hs::open_npy(hs::memory_source(
      npy_file(2, "{\"descr\": \">u2\", \"fortran_order\": True, \"shape\": (4, 3, 5)}", data.bytes()),
      "f.npy"));
  REQUIRE(reader.ok());
  require_blocks_match_slab(**reader);
  CHECK((*reader)->info().shape_zyx == std::array<std::uint64_t, 3>{4, 3, 5});
  CHECK((*reader)->info().dtype == hs::DataType::uint16);
  for (const std::vector<std::uint64_t>& split : {std::vector<std::uint64_t>{4}, {1, 2, 1}, {3, 1}}) {
    const std::vector<std::uint8_t> all = read_in_slabs(**reader, split);
    for (int z = 0; z < 4; ++z) {
      for (int y = 0; y < 3; ++y) {
        for (int x = 0; x < 5; ++x)
          REQUIRE(element<std::uint16_t>(all, (z * 3 + y) * 5 + x) == value(z, y, x));
      }
    }
  }
}

TEST_CASE("npy: version 3.0, Fortran order int64, and a 2-D array as one slice", "[npy]") {
  const auto value = [](std::int64_t i, std::int64_t j, std::int64_t k) {
    return i * 1000000000000LL - j * 1000003 + k * 7 - 5;
  };
  ByteWriter data(false);
  for (int k = 0; k < 2; ++k) {
    for (int j = 0; j < 4; ++j) {
      for (int i = 0; i < 3; ++i) data.i64(value(i, j, k));
    }
  }
  auto reader = hs::open_npy(hs::memory_source(
      npy_file(3, "{'descr': '<i8', 'fortran_order': True, 'shape': (3, 4, 2), }", data.bytes()), "v3.npy"));
  REQUIRE(reader.ok());
  require_blocks_match_slab(**reader);
  CHECK((*reader)->info().dtype == hs::DataType::int64);
  const std::vector<std::uint8_t> all = read_in_slabs(**reader, {2, 1});
  for (int z = 0; z < 3; ++z) {
    for (int y = 0; y < 4; ++y) {
      for (int x = 0; x < 2; ++x) REQUIRE(element<std::int64_t>(all, (z * 4 + y) * 2 + x) == value(z, y, x));
    }
  }

  hs::Bytes image;
  for (std::uint8_t v = 0; v < 12; ++v) image.push_back(static_cast<std::uint8_t>(v * 20));
  auto slice = hs::open_npy(hs::memory_source(
      npy_file(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (3, 4), }", image), "slice.npy"));
  REQUIRE(slice.ok());
  require_blocks_match_slab(**slice);
  CHECK((*slice)->info().shape_zyx == std::array<std::uint64_t, 3>{1, 3, 4});
  CHECK(read_in_slabs(**slice, {1}) == std::vector<std::uint8_t>(image.begin(), image.end()));
}

TEST_CASE("npy: float16 (C and Fortran order) widens to float32, bool is bool", "[npy]") {
  ByteWriter c_order(false);
  for (std::uint16_t bits : {0x3c00, 0xc000, 0x7bff, 0x0001}) c_order.u16(bits);
  auto halves = hs::open_npy(hs::memory_source(
      npy_file(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (1, 2, 2), }", c_order.bytes()),
      "h.npy"));
  REQUIRE(halves.ok());
  require_blocks_match_slab(**halves);
  CHECK((*halves)->info().dtype == hs::DataType::float32);
  const std::vector<std::uint8_t> c_values = read_in_slabs(**halves, {1});
  CHECK(element<float>(c_values, 0) == 1.0f);
  CHECK(element<float>(c_values, 1) == -2.0f);
  CHECK(element<float>(c_values, 2) == 65504.0f);
  CHECK(element<float>(c_values, 3) == std::ldexp(1.0f, -24));

  // Shape (2, 1, 2) in Fortran order: file order (0,0,0), (1,0,0), (0,0,1), (1,0,1).
  ByteWriter f_order(true);
  for (std::uint16_t bits : {0x3c00, 0x4000, 0x4200, 0x4400}) f_order.u16(bits);  // 1, 2, 3, 4
  auto fortran = hs::open_npy(hs::memory_source(
      npy_file(1, "{'descr': '>f2', 'fortran_order': True, 'shape': (2, 1, 2), }", f_order.bytes()),
      "hf.npy"));
  REQUIRE(fortran.ok());
  require_blocks_match_slab(**fortran);
  const std::vector<std::uint8_t> f_values = read_in_slabs(**fortran, {1, 1});
  CHECK(element<float>(f_values, 0) == 1.0f);  // (0,0,0)
  CHECK(element<float>(f_values, 1) == 3.0f);  // (0,0,1)
  CHECK(element<float>(f_values, 2) == 2.0f);  // (1,0,0)
  CHECK(element<float>(f_values, 3) == 4.0f);  // (1,0,1)

  auto flags = hs::open_npy(hs::memory_source(
      npy_file(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (1, 1, 3), }", {1, 0, 1}), "b.npy"));
  REQUIRE(flags.ok());
  require_blocks_match_slab(**flags);
  CHECK((*flags)->info().dtype == hs::DataType::boolean);
}

TEST_CASE("npy: headers that are not numpy's plain dict literal are refused", "[npy]") {
  const hs::Bytes data(2 * 3 * 4 * 4, 0);
  struct Case {
    std::string dict;
    hs::ErrorCode code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"__import__('os').system('rm -rf /')", hs::ErrorCode::parse, "expected '{'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4), 'x': 1}", hs::ErrorCode::parse,
       "unknown key 'x'"},
      {"{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4)}", hs::ErrorCode::parse,
       "duplicate key 'descr'"},
      {"{'descr': '<f4', 'fortran_order': False}", hs::ErrorCode::parse, "missing key 'shape'"},
      {"{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3, 4)}", hs::ErrorCode::parse,
       "expected True or False"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3, 4)}", hs::ErrorCode::parse,
       "expected a non-negative integer"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (24)}", hs::ErrorCode::parse, "trailing comma"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 03, 4)}", hs::ErrorCode::parse, "leading zero"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999, 3, 4)}",
       hs::ErrorCode::parse, "does not fit in 64 bits"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3, 4)} + 1", hs::ErrorCode::parse,
       "unexpected text after the dict"},
      {"{'descr': '<f\\x34', 'fortran_order': False, 'shape': (2, 3, 4)}", hs::ErrorCode::parse,
       "unsupported character"},
      {"{'descr': '<f4, 'fortran_order': False, 'shape': (2, 3, 4)}", hs::ErrorCode::parse, "expected ','"},
      {"{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2, 3, 4)}", hs::ErrorCode::unsupported,
       "structured dtype"},
      {"{'descr': '<c8', 'fortran_order': False, 'shape': (2, 3, 4)}", hs::ErrorCode::unsupported,
       "numpy type '<c8' is not supported"},
      {"{'descr': '|f4', 'fortran_order': False, 'shape': (2, 3, 4)}", hs::ErrorCode::parse,
       "is not a numpy type string"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3, 4)}", hs::ErrorCode::unsupported,
       "has 4 dimensions"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (24,)}", hs::ErrorCode::unsupported,
       "has 1 dimensions"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': ()}", hs::ErrorCode::unsupported,
       "has 0 dimensions"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3, 4)}", hs::ErrorCode::parse, "is empty"},
  };
  for (const Case& c : cases) {
    INFO(c.dict);
    const hs::Error error = open_error(npy_file(1, c.dict, data));
    CHECK(error.code == c.code);
    CHECK(error.message.find(c.message) != std::string::npos);
  }
  // Non-ASCII bytes inside a string.
  CHECK(open_error(npy_file(1, "{'descr': '<f\xc3\xa4', 'fortran_order': False, 'shape': (2, 3, 4)}", data))
            .message.find("unsupported character") != std::string::npos);
}

TEST_CASE("npy: bad magic, versions, header lengths, truncation and overflowing shapes", "[npy]") {
  const std::string dict = "{'descr': '<u2', 'fortran_order': False, 'shape': (2, 3, 4), }";
  const hs::Bytes data(2 * 3 * 4 * 2, 7);
  hs::Bytes bytes = npy_file(1, dict, data);

  hs::Bytes bad_magic = bytes;
  bad_magic[1] = 'n';
  CHECK(open_error(bad_magic).message.find("not an .npy file") != std::string::npos);
  hs::Bytes version4 = bytes;
  version4[6] = 4;
  CHECK(open_error(version4).code == hs::ErrorCode::unsupported);
  CHECK(open_error(hs::Bytes(bytes.begin(), bytes.begin() + 9)).message.find("truncated") !=
        std::string::npos);

  hs::Bytes long_header = bytes;
  long_header[8] = 0xff;  // header length 0x??ff: beyond the file
  long_header[9] = 0x7f;
  CHECK(open_error(long_header).message.find("does not fit") != std::string::npos);
  ByteWriter huge(false);
  huge.u8(0x93), huge.text("NUMPY"), huge.u8(2), huge.u8(0), huge.u32(0x7fffffff);
  const hs::Error limit = open_error(huge.take());
  CHECK(limit.code == hs::ErrorCode::limit);

  hs::Bytes short_data = bytes;
  short_data.pop_back();
  const hs::Error truncated = open_error(short_data);
  CHECK(truncated.message.find("truncated: shape (2, 3, 4) of '<u2' needs 48 bytes of data but 47 follow") !=
        std::string::npos);
  // 2^32 * 2^32 * 2 elements: the byte count overflows 64 bits.
  CHECK(open_error(
            npy_file(1, "{'descr': '<u2', 'fortran_order': False, 'shape': (4294967296, 4294967296, 2), }",
                     data))
            .message.find("more than 2^64") != std::string::npos);
}

TEST_CASE("npy: mutated files never crash the reader", "[npy]") {
  ByteWriter data(false);
  for (int i = 0; i < 2 * 3 * 4; ++i) data.f32(static_cast<float>(i));
  const hs::Bytes fortran =
      npy_file(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3, 4), }", data.bytes());
  const hs::Bytes c_order =
      npy_file(3, "{'descr': '>f2', 'fortran_order': False, 'shape': (4, 3, 2), }", data.bytes());
  hs::test::Lcg lcg(77);
  int opened = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    hs::Bytes bytes = iteration % 2 == 0 ? fortran : c_order;
    const std::uint32_t mutations = 1 + lcg.below(3);
    for (std::uint32_t m = 0; m < mutations && !bytes.empty(); ++m) {
      const std::uint32_t pick = lcg.below(8);
      const auto at = lcg.below(
          static_cast<std::uint32_t>(pick < 6 ? std::min<std::size_t>(bytes.size(), 80) : bytes.size()));
      if (pick == 7) {
        bytes.resize(at);
      } else {
        // Header bytes mostly become characters the parser cares about.
        static constexpr char kInteresting[] = "{}()[],:'\" 0123456789TrueFals<>|fiub";
        bytes[at] = pick < 5 ? static_cast<std::uint8_t>(kInteresting[lcg.below(sizeof kInteresting - 1)])
                             : static_cast<std::uint8_t>(lcg.next());
      }
    }
    auto reader = hs::open_npy(hs::memory_source(std::move(bytes), "fuzz.npy"));
    if (!reader.ok()) continue;
    ++opened;
    std::vector<std::uint8_t> slice((*reader)->slice_bytes());
    for (std::uint64_t z = 0; z < (*reader)->info().shape_zyx[0]; ++z) {
      CHECK((*reader)->read_slab(z, 1, slice).ok());
    }
  }
  CHECK(opened > 0);
}
