// Chunk key encodings: keys for both encodings and separators, 0-d arrays, defaults, errors.
#include <catch2/catch.hpp>

#include "store/chunk_key_encoding.h"
#include "store_test_util.h"

namespace hs {
namespace {

ChunkKeyEncoding parse(std::string_view text) {
  Result<ChunkKeyEncoding> encoding = parse_chunk_key_encoding(test::parse_json(text), "k");
  INFO(text);
  REQUIRE(encoding.ok());
  return *encoding;
}

}  // namespace

TEST_CASE("chunk keys of the default and v2 encodings", "[store][chunk_key_encoding]") {
  const std::vector<std::uint64_t> coords = {1, 0, 23};
  CHECK(encode_chunk_key(parse(R"({"name":"default"})"), coords) == "c/1/0/23");
  CHECK(encode_chunk_key(parse(R"({"name":"default","configuration":{"separator":"."}})"), coords) ==
        "c.1.0.23");
  CHECK(encode_chunk_key(parse(R"({"name":"v2"})"), coords) == "1.0.23");
  CHECK(encode_chunk_key(parse(R"({"name":"v2","configuration":{"separator":"/"}})"), coords) == "1/0/23");
  CHECK(encode_chunk_key(parse(R"("default")"), std::vector<std::uint64_t>{}) == "c");
  CHECK(encode_chunk_key(parse(R"("v2")"), std::vector<std::uint64_t>{}) == "0");
  const ChunkKeyEncoding dotted{ChunkKeyEncoding::Kind::standard, '.'};
  CHECK(parse(json::write(chunk_key_encoding_to_json(dotted))) == dotted);
}

TEST_CASE("unknown chunk key encodings and separators are rejected", "[store][chunk_key_encoding]") {
  for (const char* text : {R"({"name":"v3"})", R"({"name":"default","configuration":{"separator":"-"}})",
                           R"({"name":"default","configuration":{"separator":"/","x":1}})", R"(7)",
                           R"({"name":"default","configuration":{"separator":1}})"}) {
    INFO(text);
    CHECK_FALSE(parse_chunk_key_encoding(test::parse_json(text), "k").ok());
  }
}

}  // namespace hs
