// bytes codec: little- and big-endian layouts built by hand, size checks, configuration rules.
#include <catch2/catch.hpp>

#include "../store_test_util.h"
#include "store/codecs/codec_chain.h"

namespace hs {
namespace {

const ChunkRepr kU16x3{{3}, DataType::uint16, {0, 0}};

}  // namespace

TEST_CASE("bytes codec stores little- and big-endian elements", "[store][bytes]") {
  DecodeContext context;
  const Bytes native = test::u16_le({0x0102, 0x0304, 0xA0B0});
  auto little = test::build_chain(R"([{"name":"bytes","configuration":{"endian":"little"}}])", kU16x3);
  REQUIRE(little.ok());
  CHECK(*(*little)->encode(native) == native);
  auto big = test::build_chain(R"([{"name":"bytes","configuration":{"endian":"big"}}])", kU16x3);
  REQUIRE(big.ok());
  const Bytes big_endian = {0x01, 0x02, 0x03, 0x04, 0xA0, 0xB0};
  CHECK(*(*big)->encode(native) == big_endian);
  Result<Bytes> decoded = (*big)->decode(big_endian, "k", context);
  REQUIRE(decoded.ok());
  CHECK(*decoded == native);

  // float64 big-endian: 1.5 is 0x3FF8000000000000.
  const ChunkRepr f64{{1}, DataType::float64, Bytes(8, 0)};
  auto big64 = test::build_chain(R"([{"name":"bytes","configuration":{"endian":"big"}}])", f64);
  REQUIRE(big64.ok());
  Result<Bytes> one_and_half = (*big64)->decode(Bytes{0x3F, 0xF8, 0, 0, 0, 0, 0, 0}, "k", context);
  REQUIRE(one_and_half.ok());
  CHECK(load_f64_le(one_and_half->data()) == 1.5);
}

TEST_CASE("bytes codec rejects a chunk of the wrong size, naming the key", "[store][bytes]") {
  DecodeContext context;
  auto chain = test::build_chain(R"([{"name":"bytes","configuration":{"endian":"little"}}])", kU16x3);
  REQUIRE(chain.ok());
  for (const Bytes& wrong : {Bytes(5, 0), Bytes(7, 0), Bytes{}}) {
    Result<Bytes> decoded = (*chain)->decode(wrong, "mem/a/c/0", context);
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error().code == ErrorCode::parse);
    CHECK_THAT(decoded.error().message, Catch::Contains("mem/a/c/0") && Catch::Contains("expected 6"));
  }
}

TEST_CASE("bytes codec configuration: endian required only for multi-byte types", "[store][bytes]") {
  const ChunkRepr u8{{4}, DataType::uint8, {0}};
  CHECK(test::build_chain(R"(["bytes"])", u8).ok());
  CHECK(test::build_chain(R"([{"name":"bytes"}])", u8).ok());
  auto missing = test::build_chain(R"([{"name":"bytes"}])", kU16x3);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message,
             Catch::Contains("t/zarr.json") && Catch::Contains("\"endian\" is required"));
  auto wrong = test::build_chain(R"([{"name":"bytes","configuration":{"endian":"middle"}}])", kU16x3);
  REQUIRE_FALSE(wrong.ok());
  CHECK_THAT(wrong.error().message, Catch::Contains("\"little\" or \"big\""));
  auto extra = test::build_chain(R"([{"name":"bytes","configuration":{"endian":"little","x":1}}])", kU16x3);
  REQUIRE_FALSE(extra.ok());
  CHECK(extra.error().code == ErrorCode::unsupported);
}

TEST_CASE("bytes codec refuses chunks beyond the decode limit", "[store][bytes]") {
  const ChunkRepr huge{{1u << 20, 1u << 10}, DataType::uint16, {0, 0}};  // 2 GiB
  auto chain = test::build_chain(R"([{"name":"bytes","configuration":{"endian":"little"}}])", huge);
  REQUIRE_FALSE(chain.ok());
  CHECK(chain.error().code == ErrorCode::limit);
}

}  // namespace hs
