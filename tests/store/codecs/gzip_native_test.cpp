// gzip codec (native builds): a stored-block gzip member built by hand from RFC 1951/1952, round
// trips at several levels, bombs, truncation, corruption and trailing garbage.
#include <catch2/catch.hpp>

#include <memory>
#include <variant>

#include "../store_test_util.h"
#include "store/codecs/codec_chain.h"
#include "store/codecs/gzip.h"

namespace hs {
namespace {

const ChunkRepr kRepr{{1}, DataType::uint8, {0}};

std::unique_ptr<BytesToBytesCodec> make_gzip(int level) {
  const json::Value config(json::Object{{"level", json::Value(level)}});
  Result<AnyCodec> codec = make_gzip_codec(CodecArgs{&config, kRepr, "a/zarr.json: codec 'gzip'"});
  REQUIRE(codec.ok());
  return std::move(std::get<std::unique_ptr<BytesToBytesCodec>>(*codec));
}

// CRC-32 (IEEE 802.3, reflected 0xEDB88320) bit by bit, as the gzip trailer uses.
std::uint32_t reference_crc32(const Bytes& bytes) {
  std::uint32_t crc = 0xFFFFFFFFu;
  for (const std::uint8_t byte : bytes) {
    crc ^= byte;
    for (int bit = 0; bit < 8; ++bit) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
  }
  return ~crc;
}

// One gzip member whose deflate stream is a single final stored block.
Bytes stored_gzip(const Bytes& payload) {
  Bytes out = {0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF};  // ID1 ID2 CM FLG MTIME XFL OS
  out.push_back(0x01);                                           // BFINAL=1, BTYPE=00 (stored)
  test::put_le(out, payload.size(), 2);
  test::put_le(out, ~payload.size() & 0xFFFFu, 2);
  out.insert(out.end(), payload.begin(), payload.end());
  test::put_le(out, reference_crc32(payload), 4);
  test::put_le(out, payload.size(), 4);
  return out;
}

}  // namespace

TEST_CASE("gzip decodes a hand-built stored member", "[store][gzip]") {
  CHECK(reference_crc32(test::text_bytes("123456789")) == 0xCBF43926u);  // CRC-32 check value
  const auto codec = make_gzip(5);
  DecodeContext context;
  const Bytes payload = test::text_bytes("lattice parameter 8.0812 A");
  Result<Bytes> decoded = codec->decode(stored_gzip(payload), 1000, "k", context);
  REQUIRE(decoded.ok());
  CHECK(*decoded == payload);
}

TEST_CASE("gzip round-trips at every level and writes a gzip header", "[store][gzip]") {
  DecodeContext context;
  Bytes data(200000);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>((i / 3) ^ (i >> 9));
  for (const int level : {0, 1, 6, 9}) {
    const auto codec = make_gzip(level);
    Result<Bytes> encoded = codec->encode(data);
    REQUIRE(encoded.ok());
    CHECK((*encoded)[0] == 0x1F);
    CHECK((*encoded)[1] == 0x8B);
    CHECK(encoded->size() <= codec->max_encoded_bytes(data.size()));
    Result<Bytes> decoded = codec->decode(*encoded, data.size(), "k", context);
    REQUIRE(decoded.ok());
    CHECK(*decoded == data);
  }
}

TEST_CASE("gzip rejects bombs, truncation, corruption and trailing bytes", "[store][gzip]") {
  const auto codec = make_gzip(6);
  DecodeContext context;
  Result<Bytes> zeros = codec->encode(Bytes(1 << 20, 0));
  REQUIRE(zeros.ok());
  Result<Bytes> bomb = codec->decode(*zeros, 4096, "mem/a/c/0", context);
  REQUIRE_FALSE(bomb.ok());
  CHECK(bomb.error().code == ErrorCode::limit);
  CHECK_THAT(bomb.error().message, Catch::Contains("mem/a/c/0"));

  const Bytes member = stored_gzip(test::text_bytes("0123456789"));
  Result<Bytes> cut = codec->decode(Bytes(member.begin(), member.end() - 3), 100, "mem/a/c/1", context);
  REQUIRE_FALSE(cut.ok());
  CHECK_THAT(cut.error().message, Catch::Contains("mem/a/c/1") && Catch::Contains("truncated"));

  Bytes bad_crc = member;
  bad_crc[bad_crc.size() - 6] ^= 0xFF;
  CHECK_FALSE(codec->decode(bad_crc, 100, "k", context).ok());
  Bytes bad_magic = member;
  bad_magic[1] = 0x8C;
  CHECK_FALSE(codec->decode(bad_magic, 100, "k", context).ok());
  Bytes trailing = member;
  trailing.push_back(0);
  Result<Bytes> extra = codec->decode(trailing, 100, "k", context);
  REQUIRE_FALSE(extra.ok());
  CHECK_THAT(extra.error().message, Catch::Contains("after the gzip stream"));
}

TEST_CASE("gzip is registered in native builds, with its level checked", "[store][gzip]") {
  const ChunkRepr repr{{8}, DataType::uint8, {0}};
  CHECK(test::build_chain(R"(["bytes", {"name":"gzip","configuration":{"level":1}}])", repr).ok());
  auto bad = test::build_chain(R"(["bytes", {"name":"gzip","configuration":{"level":10}}])", repr);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("codec 'gzip'"));
}

}  // namespace hs
