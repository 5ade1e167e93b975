// transpose codec: permuted layouts checked against index formulas, round trips, bad orders.
#include <catch2/catch.hpp>

#include "../store_test_util.h"
#include "store/codecs/codec_chain.h"

namespace hs {

TEST_CASE("transpose stores a 2x3 matrix column by column", "[store][transpose]") {
  DecodeContext context;
  const ChunkRepr repr{{2, 3}, DataType::uint16, {0, 0}};
  auto chain = test::build_chain(
      R"([{"name":"transpose","configuration":{"order":[1,0]}},{"name":"bytes","configuration":{"endian":"little"}}])",
      repr);
  REQUIRE(chain.ok());
  // [[1,2,3],[4,5,6]] transposed is [[1,4],[2,5],[3,6]].
  const Bytes decoded = test::u16_le({1, 2, 3, 4, 5, 6});
  const Bytes encoded = test::u16_le({1, 4, 2, 5, 3, 6});
  CHECK(*(*chain)->encode(decoded) == encoded);
  Result<Bytes> back = (*chain)->decode(encoded, "k", context);
  REQUIRE(back.ok());
  CHECK(*back == decoded);
}

TEST_CASE("transpose of a 3-D chunk follows encoded(i)(j)(k) = decoded at order", "[store][transpose]") {
  DecodeContext context;
  const std::uint64_t s0 = 2, s1 = 3, s2 = 4;  // decoded shape
  const ChunkRepr repr{{s0, s1, s2}, DataType::uint16, {0, 0}};
  auto chain = test::build_chain(
      R"([{"name":"transpose","configuration":{"order":[2,0,1]}},{"name":"bytes","configuration":{"endian":"little"}}])",
      repr);
  REQUIRE(chain.ok());
  Bytes decoded;
  for (std::uint64_t a = 0; a < s0; ++a)
    for (std::uint64_t b = 0; b < s1; ++b)
      for (std::uint64_t c = 0; c < s2; ++c) test::put_le(decoded, 100 * a + 10 * b + c, 2);
  // Encoded shape is (s2, s0, s1): encoded[c][a][b] = decoded[a][b][c].
  Bytes expected;
  for (std::uint64_t c = 0; c < s2; ++c)
    for (std::uint64_t a = 0; a < s0; ++a)
      for (std::uint64_t b = 0; b < s1; ++b) test::put_le(expected, 100 * a + 10 * b + c, 2);
  Result<Bytes> encoded = (*chain)->encode(decoded);
  REQUIRE(encoded.ok());
  CHECK(*encoded == expected);
  Result<Bytes> back = (*chain)->decode(expected, "k", context);
  REQUIRE(back.ok());
  CHECK(*back == decoded);
}

TEST_CASE("transpose rejects orders that are not permutations", "[store][transpose]") {
  const ChunkRepr repr{{2, 3}, DataType::uint8, {0}};
  for (const char* order : {"[0]", "[0,0]", "[0,2]", "[1,-1]", "[0.5,1]", "\"C\""}) {
    const std::string codecs =
        std::string(R"([{"name":"transpose","configuration":{"order":)") + order + R"(}},"bytes"])";
    auto chain = test::build_chain(codecs, repr);
    INFO(order);
    REQUIRE_FALSE(chain.ok());
    CHECK_THAT(chain.error().message, Catch::Contains("codec 'transpose'"));
  }
  auto missing = test::build_chain(R"([{"name":"transpose"},"bytes"])", repr);
  REQUIRE_FALSE(missing.ok());
  CHECK_THAT(missing.error().message, Catch::Contains("\"order\""));
}

}  // namespace hs
