// crc32c: the published check value, the codec's layout (data + CRC little-endian), truncated
// and corrupted input.
#include <catch2/catch.hpp>

#include <memory>
#include <variant>

#include "../store_test_util.h"
#include "store/codecs/crc32c.h"

namespace hs {
namespace {

std::unique_ptr<BytesToBytesCodec> make_crc_codec(const json::Value* configuration = nullptr) {
  const ChunkRepr repr{{4}, DataType::uint8, {0}};
  Result<AnyCodec> codec = make_crc32c_codec(CodecArgs{configuration, repr, "test crc32c"});
  REQUIRE(codec.ok());
  return std::move(std::get<std::unique_ptr<BytesToBytesCodec>>(*codec));
}

}  // namespace

TEST_CASE("crc32c matches the published check value and the bitwise definition", "[store][crc32c]") {
  // CRC catalogue, CRC-32/ISCSI: check = 0xE3069283 for "123456789".
  CHECK(crc32c(test::text_bytes("123456789")) == 0xE3069283u);
  CHECK(test::reference_crc32c(test::text_bytes("123456789")) == 0xE3069283u);
  CHECK(crc32c(Bytes{}) == 0u);
  // 32 zero bytes: RFC 3720 (iSCSI) B.4 test vector 0x8A9136AA (stored little-endian as aa 36 91 8a).
  CHECK(crc32c(Bytes(32, 0)) == 0x8A9136AAu);
  // 32 bytes of 0xFF: RFC 3720 B.4 gives 0x62A8AB43.
  CHECK(crc32c(Bytes(32, 0xFF)) == 0x62A8AB43u);
  Bytes ramp(1000);
  for (std::size_t i = 0; i < ramp.size(); ++i) ramp[i] = static_cast<std::uint8_t>(i * 7 + 3);
  CHECK(crc32c(ramp) == test::reference_crc32c(ramp));
}

TEST_CASE("crc32c codec appends the checksum little-endian and strips it after checking", "[store][crc32c]") {
  const auto codec = make_crc_codec();
  DecodeContext context;
  const Bytes data = test::text_bytes("123456789");
  Result<Bytes> encoded = codec->encode(data);
  REQUIRE(encoded.ok());
  const Bytes expected = {'1', '2', '3', '4', '5', '6', '7', '8', '9', 0x83, 0x92, 0x06, 0xE3};
  CHECK(*encoded == expected);
  Result<Bytes> decoded = codec->decode(expected, 100, "k", context);
  REQUIRE(decoded.ok());
  CHECK(*decoded == data);
  CHECK(codec->fixed_encoded_bytes(9) == std::optional<std::uint64_t>(13));
}

TEST_CASE("crc32c codec rejects truncated and corrupted data, naming the source", "[store][crc32c]") {
  const auto codec = make_crc_codec();
  DecodeContext context;
  Result<Bytes> truncated = codec->decode(Bytes{1, 2, 3}, 100, "arr/c/0", context);
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().code == ErrorCode::parse);
  CHECK_THAT(truncated.error().message, Catch::Contains("arr/c/0") && Catch::Contains("truncated"));

  Bytes corrupt = test::with_crc32c(test::text_bytes("payload"));
  corrupt[2] ^= 0x10;
  Result<Bytes> bad = codec->decode(corrupt, 100, "arr/c/1", context);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("arr/c/1") && Catch::Contains("crc32c checksum mismatch"));

  // More data than the stage below can ever produce.
  Result<Bytes> too_long = codec->decode(test::with_crc32c(Bytes(64, 1)), 16, "arr/c/2", context);
  REQUIRE_FALSE(too_long.ok());
  CHECK(too_long.error().code == ErrorCode::limit);
}

TEST_CASE("crc32c codec takes no configuration", "[store][crc32c]") {
  const json::Value empty{json::Object{}};
  make_crc_codec(&empty);
  const json::Value extra{json::Object{{"seed", json::Value(1)}}};
  const ChunkRepr repr{{4}, DataType::uint8, {0}};
  Result<AnyCodec> codec = make_crc32c_codec(CodecArgs{&extra, repr, "a/zarr.json: codec 'crc32c'"});
  REQUIRE_FALSE(codec.ok());
  CHECK(codec.error().code == ErrorCode::unsupported);
  CHECK_THAT(codec.error().message, Catch::Contains("'seed'"));
}

}  // namespace hs
