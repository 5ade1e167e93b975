// zstd codec: frames built by hand from RFC 8878 (raw and RLE blocks), with and without a declared
// content size; round trips with a checksum; bombs, truncation and corruption.
#include <catch2/catch.hpp>

#include <memory>
#include <variant>

#include "../store_test_util.h"
#include "store/codecs/zstd.h"

namespace hs {
namespace {

const ChunkRepr kRepr{{1}, DataType::uint8, {0}};

std::unique_ptr<BytesToBytesCodec> make_zstd(std::string_view configuration) {
  const json::Value config = test::parse_json(configuration);
  Result<AnyCodec> codec = make_zstd_codec(CodecArgs{&config, kRepr, "a/zarr.json: codec 'zstd'"});
  REQUIRE(codec.ok());
  return std::move(std::get<std::unique_ptr<BytesToBytesCodec>>(*codec));
}

const Bytes kMagic = {0x28, 0xB5, 0x2F, 0xFD};

// Single-segment frame, 1-byte Frame_Content_Size, one last raw block holding `payload` (< 256 B).
Bytes raw_frame_with_size(const Bytes& payload) {
  Bytes frame = kMagic;
  frame.push_back(0x20);  // descriptor: Single_Segment_flag, FCS field 1 byte
  frame.push_back(static_cast<std::uint8_t>(payload.size()));
  test::put_le(frame, 1u | (0u << 1) | (payload.size() << 3), 3);  // last block, raw
  frame.insert(frame.end(), payload.begin(), payload.end());
  return frame;
}

// Frame without a content size (window descriptor 0x00: 1 KiB window), one last raw block.
Bytes raw_frame_without_size(const Bytes& payload) {
  Bytes frame = kMagic;
  frame.push_back(0x00);
  frame.push_back(0x00);
  test::put_le(frame, 1u | (payload.size() << 3), 3);
  frame.insert(frame.end(), payload.begin(), payload.end());
  return frame;
}

// Single-segment frame declaring `size` (256..65791, 2-byte FCS) made of one RLE block of `byte`.
Bytes rle_frame(std::uint8_t byte, std::uint32_t size) {
  Bytes frame = kMagic;
  frame.push_back(0x60);  // FCS flag 1 (2 bytes, value - 256), Single_Segment_flag
  test::put_le(frame, size - 256, 2);
  test::put_le(frame, 1u | (1u << 1) | (size << 3), 3);  // last block, RLE
  frame.push_back(byte);
  return frame;
}

}  // namespace

TEST_CASE("zstd decodes hand-built frames with and without a content size", "[store][zstd]") {
  const auto codec = make_zstd(R"({"level": 3, "checksum": false})");
  DecodeContext context;
  const Bytes payload = test::text_bytes("Heteroscope brick bytes");
  Result<Bytes> sized = codec->decode(raw_frame_with_size(payload), 1000, "k", context);
  REQUIRE(sized.ok());
  CHECK(*sized == payload);
  Result<Bytes> unsized = codec->decode(raw_frame_without_size(payload), 1000, "k", context);
  REQUIRE(unsized.ok());
  CHECK(*unsized == payload);
  Result<Bytes> rle = codec->decode(rle_frame(0xAB, 3000), 3000, "k", context);
  REQUIRE(rle.ok());
  CHECK(*rle == Bytes(3000, 0xAB));
  // Two frames back to back decode to the concatenation.
  Bytes two = raw_frame_with_size(test::text_bytes("ab"));
  const Bytes second = raw_frame_with_size(test::text_bytes("cd"));
  two.insert(two.end(), second.begin(), second.end());
  Result<Bytes> both = codec->decode(two, 1000, "k", context);
  REQUIRE(both.ok());
  CHECK(test::bytes_text(*both) == "abcd");
}

TEST_CASE("zstd round-trips with the configured checksum flag", "[store][zstd]") {
  DecodeContext context;
  Bytes data(100000);
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<std::uint8_t>((i * i) >> 7);
  for (const bool checksum : {false, true}) {
    const auto codec = make_zstd(checksum ? R"({"level": 5, "checksum": true})" : R"({"level": -1})");
    Result<Bytes> encoded = codec->encode(data);
    REQUIRE(encoded.ok());
    REQUIRE(encoded->size() > 6);
    CHECK(Bytes(encoded->begin(), encoded->begin() + 4) == kMagic);
    CHECK(((*encoded)[4] & 0x04) == (checksum ? 0x04 : 0));  // Content_Checksum_flag
    CHECK(encoded->size() <= codec->max_encoded_bytes(data.size()));
    Result<Bytes> decoded = codec->decode(*encoded, data.size(), "k", context);
    REQUIRE(decoded.ok());
    CHECK(*decoded == data);
    if (checksum) {  // flip a bit of the stored checksum
      Bytes corrupt = *encoded;
      corrupt.back() ^= 1;
      CHECK_FALSE(codec->decode(corrupt, data.size(), "k", context).ok());
    }
  }
}

TEST_CASE("zstd stops at the expected size, whatever the frame declares", "[store][zstd]") {
  const auto codec = make_zstd(R"({"level": 3})");
  DecodeContext context;
  Result<Bytes> declared = codec->decode(rle_frame(1, 60000), 4096, "mem/a/c/0", context);
  REQUIRE_FALSE(declared.ok());
  CHECK(declared.error().code == ErrorCode::limit);
  CHECK_THAT(declared.error().message, Catch::Contains("mem/a/c/0"));
  // Without a declared size the streaming decoder stops at the limit too.
  Bytes unsized = kMagic;
  unsized.push_back(0x00);
  unsized.push_back(0x30);  // window 2^(10+6) = 64 KiB
  test::put_le(unsized, 1u | (1u << 1) | (60000u << 3), 3);
  unsized.push_back(7);
  Result<Bytes> streamed = codec->decode(unsized, 4096, "mem/a/c/1", context);
  REQUIRE_FALSE(streamed.ok());
  CHECK(streamed.error().code == ErrorCode::limit);
}

TEST_CASE("zstd rejects truncated and corrupt frames, naming the source", "[store][zstd]") {
  const auto codec = make_zstd(R"({"level": 3})");
  DecodeContext context;
  const Bytes frame = raw_frame_with_size(test::text_bytes("0123456789"));
  for (std::size_t keep : {std::size_t{0}, std::size_t{3}, std::size_t{7}, frame.size() - 1}) {
    Result<Bytes> cut = codec->decode(Bytes(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(keep)),
                                      100, "mem/a/c/2", context);
    INFO(keep);
    REQUIRE_FALSE(cut.ok());
    CHECK(cut.error().code == ErrorCode::parse);
    CHECK_THAT(cut.error().message, Catch::Contains("mem/a/c/2"));
  }
  Bytes reserved_block = frame;
  reserved_block[6] |= 0x06;  // Block_Type 3 is reserved
  CHECK_FALSE(codec->decode(reserved_block, 100, "k", context).ok());
  Bytes bad_magic = frame;
  bad_magic[0] = 0x29;
  CHECK_FALSE(codec->decode(bad_magic, 100, "k", context).ok());
}

TEST_CASE("zstd configuration is checked", "[store][zstd]") {
  for (const char* config : {R"({})", R"({"level": 1000})", R"({"level": 2.5})",
                             R"({"level": 3, "checksum": 1})", R"({"level": 3, "dict": "x"})"}) {
    const json::Value value = test::parse_json(config);
    Result<AnyCodec> codec = make_zstd_codec(CodecArgs{&value, kRepr, "a/zarr.json: codec 'zstd'"});
    INFO(config);
    REQUIRE_FALSE(codec.ok());
    CHECK_THAT(codec.error().message, Catch::Contains("a/zarr.json: codec 'zstd'"));
  }
  Result<AnyCodec> none = make_zstd_codec(CodecArgs{nullptr, kRepr, "z"});
  CHECK_FALSE(none.ok());
}

}  // namespace hs
