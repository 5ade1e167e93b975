// Codec chains: stage order and count rules, unknown and optional codecs, the decoded-length check,
// and gzip's availability per build.
#include <catch2/catch.hpp>

#include "../store_test_util.h"
#include "store/codecs/codec_chain.h"

namespace hs {
namespace {

const ChunkRepr kU16x4{{2, 2}, DataType::uint16, {0, 0}};

void check_rejected(std::string_view codecs, std::string_view expected_text,
                    ErrorCode code = ErrorCode::parse) {
  auto chain = test::build_chain(codecs, kU16x4, "mem/arr/zarr.json");
  INFO(codecs);
  REQUIRE_FALSE(chain.ok());
  CHECK(chain.error().code == code);
  CHECK_THAT(chain.error().message,
             Catch::Contains("mem/arr/zarr.json") && Catch::Contains(std::string(expected_text)));
}

}  // namespace

TEST_CASE("codec chains need exactly one array->bytes codec, in order", "[store][codec_chain]") {
  check_rejected(R"([])", "no array->bytes codec");
  check_rejected(R"(["crc32c"])", "bytes->bytes codec before the array->bytes codec");
  check_rejected(R"([{"name":"bytes","configuration":{"endian":"little"}},
                     {"name":"bytes","configuration":{"endian":"big"}}])",
                 "a second array->bytes codec");
  check_rejected(R"([{"name":"bytes","configuration":{"endian":"little"}},
                     {"name":"transpose","configuration":{"order":[1,0]}}])",
                 "array->array codec after the array->bytes codec");
  check_rejected(R"({"name":"bytes"})", "\"codecs\" must be an array");
  check_rejected(R"([42])", "codecs[0]");
  check_rejected(R"([{"configuration":{}}])", "\"name\"");
}

TEST_CASE("unknown codecs are errors unless marked must_understand false", "[store][codec_chain]") {
  check_rejected(
      R"([{"name":"bytes","configuration":{"endian":"little"}},{"name":"blosc","configuration":{}}])",
      "codec 'blosc': unsupported codec", ErrorCode::unsupported);
  auto optional = test::build_chain(R"([{"name":"bytes","configuration":{"endian":"little"}},
                                        {"name":"x-hint","must_understand":false}])",
                                    kU16x4);
  REQUIRE(optional.ok());
  CHECK((*optional)->has_only_array_to_bytes());
}

TEST_CASE("chains run stages forwards to encode and backwards to decode", "[store][codec_chain]") {
  DecodeContext context;
  auto chain = test::build_chain(R"([{"name":"transpose","configuration":{"order":[1,0]}},
                                     {"name":"bytes","configuration":{"endian":"big"}}, "crc32c"])",
                                 kU16x4);
  REQUIRE(chain.ok());
  CHECK((*chain)->fixed_encoded_bytes() == std::optional<std::uint64_t>(12));
  // [[1,2],[3,4]] -> transposed [[1,3],[2,4]] -> big-endian bytes -> + CRC-32C.
  const Bytes expected = test::with_crc32c(Bytes{0, 1, 0, 3, 0, 2, 0, 4});
  Result<Bytes> encoded = (*chain)->encode(test::u16_le({1, 2, 3, 4}));
  REQUIRE(encoded.ok());
  CHECK(*encoded == expected);
  Result<Bytes> decoded = (*chain)->decode(expected, "k", context);
  REQUIRE(decoded.ok());
  CHECK(*decoded == test::u16_le({1, 2, 3, 4}));
}

TEST_CASE("chains check the decoded length against the chunk size", "[store][codec_chain]") {
  DecodeContext context;
  auto chain =
      test::build_chain(R"([{"name":"bytes","configuration":{"endian":"little"}}, "crc32c"])", kU16x4);
  REQUIRE(chain.ok());
  // A valid checksum over too few bytes: the bytes stage still sees a short chunk.
  Result<Bytes> short_chunk = (*chain)->decode(test::with_crc32c(Bytes(6, 1)), "mem/arr/c/0/0", context);
  REQUIRE_FALSE(short_chunk.ok());
  CHECK_THAT(short_chunk.error().message, Catch::Contains("mem/arr/c/0/0") && Catch::Contains("expected 8"));
  // Too many bytes stop at the bound before the checksum is even computed.
  Result<Bytes> long_chunk = (*chain)->decode(test::with_crc32c(Bytes(100, 1)), "mem/arr/c/0/1", context);
  REQUIRE_FALSE(long_chunk.ok());
  CHECK_THAT(long_chunk.error().message, Catch::Contains("mem/arr/c/0/1"));
}

TEST_CASE("gzip is available natively and explained in the browser", "[store][codec_chain]") {
  auto chain = test::build_chain(R"([{"name":"bytes","configuration":{"endian":"little"}},
                                     {"name":"gzip","configuration":{"level":5}}])",
                                 kU16x4, "mem/arr/zarr.json");
#ifdef __EMSCRIPTEN__
  REQUIRE_FALSE(chain.ok());
  CHECK(chain.error().code == ErrorCode::unsupported);
  CHECK_THAT(chain.error().message, Catch::Contains("mem/arr/zarr.json") &&
                                        Catch::Contains("gzip codec not available in the browser"));
#else
  CHECK(chain.ok());
#endif
}

}  // namespace hs
